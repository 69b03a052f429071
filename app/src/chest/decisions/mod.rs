//! A round's decisions: the decision pack (eligible applications ranked by the panel's
//! score against the round's budget), the meetings the fund manager records, and each
//! application's award, decline or deferral, never beyond the round's budget or the fund.

mod api;
#[cfg(feature = "ssr")]
pub mod db;
mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

pub use api::*;
pub use model::*;
