//! Grant rounds of a community chest fund: set up with a budget from the fund's
//! contributors, eligibility questions, priorities from the need themes and scoring
//! criteria; each round's page.

mod api;
#[cfg(feature = "ssr")]
pub mod db;
mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

pub use api::*;
pub use model::*;
