//! Quarterly returns from the boroughs: the periods they return for, the Excel template
//! Linkway issues, the upload checked cell by cell, the borough lead's sign-off, and the
//! two rollups the review found missing — workforce coverage against target and unmet need.

mod api;
#[cfg(feature = "ssr")]
pub mod check;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod messages;
mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod tasks;
#[cfg(feature = "ssr")]
pub mod template;
#[cfg(feature = "ssr")]
pub mod upload;
#[cfg(feature = "ssr")]
pub mod views;

pub use api::*;
pub use model::*;
