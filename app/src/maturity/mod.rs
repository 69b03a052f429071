//! The six-domain maturity framework the review assesses every borough on, and (in later
//! releases) assessment rounds, moderation and comparisons.

mod api;
#[cfg(feature = "ssr")]
pub mod db;
mod model;
pub mod pages;

pub use api::{list_domains, ListDomains};
pub use model::MaturityDomain;
