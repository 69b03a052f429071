//! User administration for admins: accounts, roles and borough scopes, deactivation and
//! password resets — each change audited.

mod api;
#[cfg(feature = "ssr")]
pub mod db;
mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

pub use api::*;
pub use model::{NewUserInput, RoleInput, UserSummary};
