//! The community chest: pooled funds for a borough, an ICB or the region, and what each
//! contributor has put in, as a ledger by contributor. Grant rounds, applications, the
//! panel and awards build on these funds.

mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod export;
mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

pub use api::*;
pub use model::*;
