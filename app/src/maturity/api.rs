//! Server functions for the maturity framework and assessment rounds. Each first requires a
//! signed-in user with a role (`SignedInWithRole`: published results are for the whole ICB);
//! what they may see or change of a round is decided in [`super::service`].

use super::model::{
    BoroughHistory, DomainRanking, FrameworkPage, LevelInput, MaturityDomain, MaturityOverview,
    ModerationView, RatingInput, RoundView,
};
#[cfg(feature = "ssr")]
use crate::auth::guard::{guard, Guard};
#[cfg(feature = "ssr")]
use crate::auth::{Permission, Scope};
use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn list_domains() -> Result<Vec<MaturityDomain>, AppError> {
    let Guard { db, .. } = guard(Permission::ViewReferenceData, Scope::Region).await?;
    Ok(super::db::list_domains(&mut db.conn().await?).await?)
}

#[server]
pub async fn load_maturity(#[server(default)] area: String) -> Result<MaturityOverview, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::views::overview(&db, &user, &area, chrono::Utc::now().date_naive()).await
}

#[server]
pub async fn load_round(id: i64) -> Result<RoundView, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::views::round_view(&db, &user, id).await
}

#[server]
pub async fn load_moderation(id: i64) -> Result<ModerationView, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::views::moderation_view(&db, &user, id).await
}

#[server]
pub async fn load_borough_maturity(borough: String) -> Result<BoroughHistory, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::views::borough_history(&db, &user, &borough).await
}

#[server]
pub async fn load_domain_ranking(position: i64) -> Result<DomainRanking, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::views::domain_ranking(&db, &user, position).await
}

/// The framework as version `version` words it; empty is the current version.
#[server]
pub async fn load_framework(version: String) -> Result<FrameworkPage, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    let number = match version.trim() {
        "" => None,
        text => Some(
            text.parse::<i64>()
                .map_err(|_| AppError::not_found("That framework version"))?,
        ),
    };
    super::views::framework_page(&db, &user, number).await
}

/// Creates a draft round and answers its id.
#[server]
pub async fn create_round(
    borough: String,
    title: String,
    held_on: String,
) -> Result<i64, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    let id =
        super::service::create_round(&db, &user, &borough, &title, &held_on, chrono::Utc::now())
            .await?;
    // The new round's page, with or without JavaScript.
    leptos_axum::redirect(&format!("/maturity/rounds/{id}"));
    Ok(id)
}

#[server]
pub async fn add_participant(round: i64, participant: String) -> Result<(), AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::service::change_participant(&db, &user, round, &participant, true, chrono::Utc::now())
        .await
}

#[server]
pub async fn remove_participant(round: i64, participant: String) -> Result<(), AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::service::change_participant(&db, &user, round, &participant, false, chrono::Utc::now())
        .await
}

/// Moves a round on to status `to` (its next one). Closing scoring and publishing need
/// `confirm` = `yes`; without it they answer `NeedsConfirmation`, changing nothing.
#[server]
pub async fn move_round(round: i64, to: String, confirm: Option<String>) -> Result<(), AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    let confirmed = confirm.as_deref() == Some(crate::components::CONFIRMED);
    super::service::move_round(&db, &user, round, &to, confirmed, chrono::Utc::now()).await
}

/// A participant's ratings, every domain; stored only with `confirm` = `yes`, after the
/// rater has checked them (without it, complete ratings answer `NeedsConfirmation`).
#[server]
pub async fn submit_ratings(
    round: i64,
    ratings: Vec<RatingInput>,
    confirm: Option<String>,
) -> Result<(), AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    let confirmed = confirm.as_deref() == Some(crate::components::CONFIRMED);
    super::service::submit_ratings(&db, &user, round, &ratings, confirmed, chrono::Utc::now()).await
}

/// `version` is the agreed level's version the form was loaded with (0: none yet).
#[server]
pub async fn decide_domain(
    round: i64,
    domain: i64,
    version: i64,
    level: String,
    target_level: String,
    rationale: String,
) -> Result<(), AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    let input = super::service::DecisionInput {
        domain,
        version,
        level: &level,
        target_level: &target_level,
        rationale: &rationale,
    };
    super::service::decide_domain(&db, &user, round, input, chrono::Utc::now()).await
}

/// `decision` is `accept` (with `title`, the action as the lead words it) or `dismiss`;
/// `version` is the answer's version the form was loaded with (0: still proposed).
#[server]
pub async fn decide_gap_action(
    round: i64,
    domain: i64,
    version: i64,
    title: String,
    decision: String,
    /// `yes` to dismiss an action already accepted.
    confirm: Option<String>,
) -> Result<(), AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    let input = super::service::GapInput {
        domain,
        title: &title,
        decision: &decision,
        version,
        confirm: confirm.as_deref().unwrap_or_default(),
    };
    super::service::decide_gap_action(&db, &user, round, input, chrono::Utc::now()).await
}

/// Rewords one domain's levels of framework version `version` (the one the editor
/// loaded); answers the framework version now current.
#[server]
pub async fn update_framework(
    domain: i64,
    version: i64,
    levels: Vec<LevelInput>,
) -> Result<i64, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::service::update_framework(&db, &user, domain, version, &levels, chrono::Utc::now()).await
}
