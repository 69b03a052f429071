//! The community chest: pooled funds for a borough, an ICB or the region, and what each
//! contributor has put in, as a ledger by contributor; and each fund's grant rounds
//! ([`rounds`]) and the applications to them ([`applications`]). The panel and awards
//! build on these.

mod api;
pub mod applications;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod export;
mod model;
pub mod pages;
pub mod rounds;
#[cfg(feature = "ssr")]
pub mod service;

pub use api::*;
pub use model::*;
