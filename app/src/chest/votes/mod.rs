//! A round run as a community vote (Haringey's plan) instead of a scored panel: the fund
//! manager keeps the list of voters, each voter picks projects within the round's budget
//! through a private ballot link, once, and the tally ranks the projects for the decision
//! pack.

mod api;
#[cfg(feature = "ssr")]
pub mod db;
mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

pub use api::*;
pub use model::*;
