//! Server functions for awards: sending an offer needs a signed-in user with a role (that
//! they run the fund is decided in [`super::service`]); accepting one needs only the
//! group's private link.

#[cfg(feature = "ssr")]
use crate::auth::guard::{guard, Guard};
#[cfg(feature = "ssr")]
use crate::auth::{Permission, Scope};
use crate::error::AppError;
use leptos::prelude::*;

/// Sends the offer of the award decided on `application`, whose decision is at `version`.
#[server]
pub async fn send_offer(
    application: i64,
    #[server(default)] version: i64,
) -> Result<i64, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::service::send_offer(&db, &user, application, version, chrono::Utc::now()).await
}

/// Accepts the offer through the group's private `link`: `name`, who accepts for the
/// group, and `accept` ticked. No account needed.
#[server]
pub async fn accept_offer(
    link: String,
    #[server(default)] version: i64,
    #[server(default)] name: String,
    #[server(default)] accept: String,
) -> Result<(), AppError> {
    let db = crate::plumbing::use_db()?;
    super::service::accept_offer(&db, &link, version, &name, &accept, chrono::Utc::now()).await
}
