//! The borough plans' numbered actions from the review (by borough and maturity domain),
//! with owners, status and dates like milestones, and links to the recommendations.

mod api;
#[cfg(feature = "ssr")]
pub mod db;
mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod tasks;

pub use api::*;
pub use model::*;
