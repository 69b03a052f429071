//! Awards: the panel's award decision offered to the group with its 360Giving identifier,
//! and the group accepting the offer and its conditions through its private link.
//! (Payments in tranches, monitoring and the award's end build on it.)

mod api;
#[cfg(feature = "ssr")]
pub mod db;
mod model;
#[cfg(feature = "ssr")]
pub mod service;

pub use api::*;
pub use model::*;
