//! The six-domain maturity framework the review assessed every borough on: versioned level
//! descriptors, assessment rounds (scoring, moderation, agreement, publication), gap
//! actions, and comparisons across boroughs and over time.

mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod export;
mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod tasks;
#[cfg(feature = "ssr")]
pub mod views;

pub use api::*;
pub use model::*;
