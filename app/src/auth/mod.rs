//! Sign-in, sessions, roles and permissions. The server is the only authority: every
//! server function that reads or changes data begins with [`guard::guard`], and every such
//! handler takes the signed-in [`CurrentUser`] as its first argument.

mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod guard;
mod model;
pub mod pages;
mod picker;
pub mod return_to;
#[cfg(feature = "ssr")]
pub mod service;

pub use api::{
    current_user, sign_in, sign_out, sign_out_everywhere, CurrentUserFn, SignIn, SignOut,
    SignOutEverywhere,
};
pub use model::{CurrentUser, Grant, Grants, Held, Permission, Person, Role, Scope};
pub use picker::PeopleOptions;
