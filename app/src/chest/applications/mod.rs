//! Applications to grant rounds: the public form (no account), the applicant's private
//! link, and screening by the fund's managers.

mod api;
#[cfg(feature = "ssr")]
pub mod db;
mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

pub use api::*;
pub use model::*;
