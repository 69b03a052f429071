//! Awards: the panel's award decision offered to the group with its 360Giving identifier,
//! the group accepting the offer and its conditions through its private link, and the
//! payments those who run the fund make (`/chest/awards/{id}`). (Payment schedules,
//! monitoring and the award's end build on it.)

mod api;
#[cfg(feature = "ssr")]
pub mod db;
mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

pub use api::*;
pub use model::*;
