//! Server functions for a round's panel. Each first requires a signed-in user with a role;
//! who sits on a panel and what they may read or score is decided in [`super::service`].

use super::model::{PanelView, ReviewView};
#[cfg(feature = "ssr")]
use crate::auth::guard::{guard, Guard};
#[cfg(feature = "ssr")]
use crate::auth::{Permission, Scope};
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[server]
pub async fn load_panel(round: i64) -> Result<PanelView, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::service::panel_view(&db, &user, round).await
}

/// Appoints `member` (a user id) to `round`'s panel.
#[server]
pub async fn appoint_panel_member(
    round: i64,
    #[server(default)] member: String,
) -> Result<(), AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::service::appoint(&db, &user, round, &member, chrono::Utc::now()).await
}

#[server]
pub async fn load_review(application: i64) -> Result<ReviewView, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::service::review_view(&db, &user, application).await
}

/// The signed-in member's declaration on `application`: `none`, `interest` or `conflict`.
#[server]
pub async fn declare_interest(
    application: i64,
    #[server(default)] interest: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::service::declare(
        &db,
        &user,
        application,
        &interest,
        &note,
        chrono::Utc::now(),
    )
    .await
}

/// The signed-in member's review of `application`: `score[criterion]` (`0` to `5` or `na`)
/// and `comment[criterion]` for each criterion, and their recommendation.
#[server]
pub async fn score_application(
    application: i64,
    #[server(default)] score: BTreeMap<String, String>,
    #[server(default)] comment: BTreeMap<String, String>,
    #[server(default)] recommendation: String,
) -> Result<(), AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    let input = super::service::ReviewInput {
        scores: &score,
        comments: &comment,
        recommendation: &recommendation,
    };
    super::service::review(&db, &user, application, input, chrono::Utc::now()).await
}
