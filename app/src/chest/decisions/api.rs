//! Server functions for a round's decisions. Each first requires a signed-in user with a
//! role; that they run the fund is decided in [`super::service`].

use super::model::{DecisionPack, DecisionView};
#[cfg(feature = "ssr")]
use crate::auth::guard::{guard, Guard};
#[cfg(feature = "ssr")]
use crate::auth::{Permission, Scope};
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[server]
pub async fn load_decision_pack(round: i64) -> Result<DecisionPack, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::service::pack(&db, &user, round, chrono::Utc::now().date_naive()).await
}

/// Records a meeting of `round`'s panel: the day, `present[user id]` for each member there,
/// `quorate` (`yes` or `no`) and any notes.
#[server]
pub async fn record_meeting(
    round: i64,
    #[server(default)] held_on: String,
    #[server(default)] present: BTreeMap<String, String>,
    #[server(default)] quorate: String,
    #[server(default)] notes: String,
) -> Result<(), AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    let input = super::service::MeetingInput {
        held_on: &held_on,
        present: &present,
        quorate: &quorate,
        notes: &notes,
    };
    super::service::record_meeting(&db, &user, round, input, chrono::Utc::now()).await
}

#[server]
pub async fn load_decision(application: i64) -> Result<DecisionView, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::service::decision_view(&db, &user, application).await
}

/// Decides `application`: `outcome` (`award`, `decline` or `defer`), for an award its
/// `amount` in pounds and any `conditions`, for a decline the `feedback` the applicant reads.
#[server]
pub async fn decide_application(
    application: i64,
    #[server(default)] version: i64,
    #[server(default)] application_version: i64,
    #[server(default)] outcome: String,
    #[server(default)] amount: String,
    #[server(default)] conditions: String,
    #[server(default)] feedback: String,
) -> Result<(), AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    let input = super::service::DecisionInput {
        application_version,
        outcome: &outcome,
        amount: &amount,
        conditions: &conditions,
        feedback: &feedback,
    };
    super::service::decide(&db, &user, application, version, input, chrono::Utc::now()).await
}
