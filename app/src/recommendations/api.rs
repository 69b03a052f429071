//! Server functions for recommendations and the tracker. Reading an ICB's tracker needs
//! `ViewTracker` for that ICB (any role held in it, or across the region); changes are
//! checked further, against the recommendation's ICB, in [`super::service`].
// The browser's copy of a server function keeps its arguments but not its attributes.
#![cfg_attr(feature = "hydrate", allow(clippy::too_many_arguments))]

use super::model::{
    MyActions, Overview, RecommendationDetail, RecommendationImport, TrackerFilter, TrackerView,
};
#[cfg(feature = "ssr")]
use crate::auth::guard::{authorize, guard, Guard};
#[cfg(feature = "ssr")]
use crate::auth::{Permission, Scope};

/// The signed-in user, the database and the ICB whose tracker they see (`asked`, an ICB
/// code; empty: the one they work in), once they may read it.
#[cfg(feature = "ssr")]
async fn tracker_guard(asked: &str) -> Result<(Guard, String), AppError> {
    let guard = guard(Permission::SignedInWithRole, Scope::Region).await?;
    let icb =
        crate::boroughs::service::icb_in_view(&mut guard.db.conn().await?, &guard.user, asked)
            .await?;
    authorize(
        &guard.user,
        Permission::ViewTracker,
        Scope::Icb(icb.clone()),
    )?;
    Ok((guard, icb))
}
use crate::error::AppError;
use leptos::prelude::*;

/// The tracker list of the area in view: an ICB's filtered and sorted rows as at a date,
/// with counts over all rows; across London, each ICB's derived RAG counts.
#[server]
pub async fn load_tracker(filter: TrackerFilter) -> Result<TrackerView, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::views::tracker_view(&db, &user, &filter, chrono::Utc::now().date_naive()).await
}

/// A recommendation of `icb`'s review (empty: the ICB the user works in).
#[server]
pub async fn load_recommendation(
    number: i64,
    #[server(default)] icb: String,
) -> Result<RecommendationDetail, AppError> {
    let (Guard { user, db }, icb) = tracker_guard(&icb).await?;
    super::views::detail(&db, &user, &icb, number, chrono::Utc::now().date_naive()).await
}

/// What the signed-in user owns: recommendations, milestones and borough lines.
#[server]
pub async fn load_my_actions() -> Result<MyActions, AppError> {
    let (Guard { user, db }, icb) = tracker_guard("").await?;
    super::views::my_actions(&db, &user, &icb, chrono::Utc::now().date_naive()).await
}

/// The ICB overview: overdue, due in 30 days, and the derived RAG at each quarter end.
#[server]
pub async fn load_overview() -> Result<Overview, AppError> {
    let (Guard { user, db }, icb) = tracker_guard("").await?;
    super::views::overview(&db, &user, &icb, chrono::Utc::now().date_naive()).await
}

#[server]
pub async fn set_programme_start(programme_start: String, version: i64) -> Result<(), AppError> {
    let (Guard { user, db }, icb) = tracker_guard("").await?;
    super::service::set_programme_start(
        &db,
        &user,
        &icb,
        &programme_start,
        version,
        chrono::Utc::now(),
    )
    .await
}

#[server]
pub async fn update_plan(
    number: i64,
    owner: String,
    lead_organisation: String,
    version: i64,
    #[server(default)] icb: String,
) -> Result<(), AppError> {
    let (Guard { user, db }, icb) = tracker_guard(&icb).await?;
    let input = super::service::PlanInput {
        number,
        owner_id: &owner,
        lead_organisation: &lead_organisation,
        version,
    };
    super::service::update_plan(&db, &user, &icb, input, chrono::Utc::now()).await
}

#[server]
pub async fn add_milestone(
    number: i64,
    title: String,
    due_on: String,
    owner_id: String,
    #[server(default)] icb: String,
) -> Result<i64, AppError> {
    let (Guard { user, db }, icb) = tracker_guard(&icb).await?;
    let input = super::service::MilestoneInput {
        title: &title,
        due_on: &due_on,
        done_on: "",
        owner_id: &owner_id,
    };
    super::service::add_milestone(&db, &user, (&icb, number), input, chrono::Utc::now()).await
}

#[server]
pub async fn update_milestone(
    id: i64,
    version: i64,
    title: String,
    due_on: String,
    done_on: String,
    owner_id: String,
) -> Result<(), AppError> {
    let (Guard { user, db }, _) = tracker_guard("").await?;
    let input = super::service::MilestoneInput {
        title: &title,
        due_on: &due_on,
        done_on: &done_on,
        owner_id: &owner_id,
    };
    super::service::update_milestone(&db, &user, id, version, input, chrono::Utc::now()).await
}

/// One argument per field of the progress form, as the form posts them.
#[server]
#[allow(clippy::too_many_arguments)]
pub async fn add_progress_update(
    number: i64,
    status: String,
    commentary: String,
    percent_complete: String,
    evidence: String,
    reported_on: String,
    #[server(default)] token: Option<String>,
    #[server(default)] icb: String,
) -> Result<i64, AppError> {
    let (Guard { user, db }, icb) = tracker_guard(&icb).await?;
    let input = super::service::ProgressInput {
        token: token.as_deref(),
        status: &status,
        commentary: &commentary,
        percent_complete: &percent_complete,
        evidence: &evidence,
        reported_on: &reported_on,
    };
    super::service::add_progress(&db, &user, (&icb, number), input, chrono::Utc::now()).await
}

#[server]
pub async fn add_borough_line(
    number: i64,
    borough: String,
    #[server(default)] icb: String,
) -> Result<(), AppError> {
    let (Guard { user, db }, icb) = tracker_guard(&icb).await?;
    super::service::add_borough_line(&db, &user, (&icb, number), &borough, chrono::Utc::now()).await
}

#[server]
pub async fn update_borough_line(
    id: i64,
    version: i64,
    owner_id: String,
    status: String,
    note: String,
) -> Result<(), AppError> {
    let (Guard { user, db }, _) = tracker_guard("").await?;
    let input = super::service::LineInput {
        owner_id: &owner_id,
        status: &status,
        note: &note,
    };
    super::service::update_borough_line(&db, &user, id, version, input, chrono::Utc::now()).await
}

/// What a load of recommendations from a spreadsheet did: for those who may plan the
/// recommendations of the ICB it loaded into.
#[server]
pub async fn load_recommendation_import(id: i64) -> Result<RecommendationImport, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    // Another ICB's load is not found, like one never made.
    super::db::find_import(&mut db.conn().await?, id)
        .await?
        .filter(|import| super::service::can_plan(&user, &import.icb_code))
        .ok_or_else(|| AppError::not_found("That load"))
}
