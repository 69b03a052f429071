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

/// `/chest/awards/{id}`: an award and its payments, for those who run the fund.
#[server]
pub async fn load_award(id: i64) -> Result<super::AwardView, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::service::award_view(&db, &user, id, chrono::Utc::now().date_naive()).await
}

/// Records a payment of `award`, which is at `version`: the day it was paid, the amount in
/// pounds, its reference, the `outcome` (`paid`, `failed` or `stopped`) and any note.
#[server]
pub async fn record_payment(
    award: i64,
    #[server(default)] version: i64,
    #[server(default)] paid_on: String,
    #[server(default)] amount: String,
    #[server(default)] reference: String,
    #[server(default)] outcome: String,
    #[server(default)] note: String,
) -> Result<i64, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    let input = super::service::PaymentInput {
        paid_on: &paid_on,
        amount: &amount,
        reference: &reference,
        outcome: &outcome,
        note: &note,
    };
    super::service::record_payment(&db, &user, award, version, input, chrono::Utc::now()).await
}
