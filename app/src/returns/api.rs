//! Server functions for quarterly returns. Each first requires a signed-in user with a role
//! (`SignedInWithRole`: coverage and unmet need are one picture for the ICB); which borough's
//! returns they may see or change is decided in [`super::service`]. Uploads and downloads
//! are axum routes ([`super::upload`], [`super::export`]).

use super::model::{
    Attempt, BoroughReturnPage, Coverage, PeriodDashboard, ReturnSettings, ReturnsOverview,
    SubmissionView, UnmetNeedRollup,
};
#[cfg(feature = "ssr")]
use crate::auth::guard::{guard, Guard};
#[cfg(feature = "ssr")]
use crate::auth::{Permission, Scope};
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[cfg(feature = "ssr")]
fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// The ICB whose returns a page shows: the one the user works in (region-wide users: the
/// first whose programme Linkway holds).
#[cfg(feature = "ssr")]
async fn icb_in_view(
    db: &crate::plumbing::Db,
    user: &crate::auth::CurrentUser,
) -> Result<String, AppError> {
    crate::boroughs::service::icb_in_view(&mut db.conn().await?, user, "").await
}

#[server]
pub async fn load_returns() -> Result<ReturnsOverview, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    let icb = icb_in_view(&db, &user).await?;
    let overview = super::views::overview(&db, &user, Some(&icb), today()).await?;
    Ok(ReturnsOverview {
        by_icb: super::views::by_icb(&db, &user, today()).await?,
        ..overview
    })
}

#[server]
pub async fn load_period(id: i64) -> Result<PeriodDashboard, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::views::period_page(&db, &user, id, today()).await
}

#[server]
pub async fn load_borough_return(
    period: i64,
    borough: String,
) -> Result<BoroughReturnPage, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::views::borough_return(&db, &user, period, &borough, today()).await
}

#[server]
pub async fn load_attempt(id: i64) -> Result<Attempt, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::views::attempt(&db, &user, id).await
}

#[server]
pub async fn load_submission(id: i64) -> Result<SubmissionView, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::views::submission(&db, &user, id).await
}

/// Workforce coverage of `area` (`london`, an ICB code or a borough code; empty: the
/// viewer's own).
#[server]
pub async fn load_coverage(#[server(default)] area: String) -> Result<Coverage, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::views::coverage_view(&db, &user, &area).await
}

/// Unmet need for the quarter with period id `quarter` (empty: the newest).
#[server]
pub async fn load_unmet_need(
    quarter: String,
    #[server(default)] area: String,
) -> Result<UnmetNeedRollup, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    let quarter = quarter.trim().parse::<i64>().ok();
    // On the page the ICB team sees every count; what is published is the export's.
    super::views::unmet_view(&db, &user, &area, quarter, true).await
}

#[server]
pub async fn load_return_settings() -> Result<ReturnSettings, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::views::settings(&db, &user).await
}

/// Opens a return period; answers its id.
#[server]
pub async fn create_return_period(
    financial_year: String,
    quarter: String,
    opens_on: String,
    due_on: String,
    closes_on: String,
) -> Result<i64, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    let input = super::service::PeriodInput {
        financial_year: &financial_year,
        quarter: &quarter,
        opens_on: &opens_on,
        due_on: &due_on,
        closes_on: &closes_on,
    };
    let icb = icb_in_view(&db, &user).await?;
    let id = super::service::create_period(&db, &user, &icb, &input, chrono::Utc::now()).await?;
    // The new period's page, with or without JavaScript.
    leptos_axum::redirect(&format!("/returns/periods/{id}"));
    Ok(id)
}

/// Signs a version off; `declaration` = `yes` is the lead's tick of the declaration
/// ([`super::DECLARATION`]), without which nothing is signed.
#[server]
pub async fn sign_off_return(submission: i64, declaration: Option<String>) -> Result<(), AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    let declared = declaration.as_deref() == Some(crate::components::CONFIRMED);
    super::service::sign_off(&db, &user, submission, declared, chrono::Utc::now()).await
}

/// `versions` names the version of each population line the form was loaded with
/// (`versions[camden_2024-04-01]=1`); a line it does not name is taken to be new.
#[server]
pub async fn record_population(
    borough: String,
    effective_from: String,
    population: String,
    source: String,
    #[server(default)] versions: BTreeMap<String, i64>,
) -> Result<(), AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    let input = super::service::PopulationInput {
        borough: &borough,
        effective_from: &effective_from,
        population: &population,
        source: &source,
        versions: &versions,
    };
    super::service::record_population(&db, &user, &input, chrono::Utc::now()).await
}

#[server]
pub async fn add_need_theme(name: String) -> Result<i64, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::service::add_theme(&db, &user, &name, chrono::Utc::now()).await
}

/// `version` is the threshold setting's version the form was loaded with (0: never set).
#[server]
pub async fn set_suppression_threshold(threshold: String, version: i64) -> Result<(), AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::service::set_threshold(&db, &user, &threshold, version, chrono::Utc::now()).await
}

/// Sets a role's coverage target (WTE per 10,000); an empty `per_10k` removes it.
/// `versions` names the version of each role's target the form was loaded with
/// (`versions[splw]=2`); a role it does not name is taken never to have had one.
#[server]
pub async fn set_workforce_target(
    role: String,
    per_10k: String,
    source: String,
    #[server(default)] versions: BTreeMap<String, i64>,
) -> Result<(), AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    let input = super::service::TargetInput {
        role: &role,
        per_10k: &per_10k,
        source: &source,
        versions: &versions,
    };
    super::service::set_target(&db, &user, &input, chrono::Utc::now()).await
}

/// Emails the chasers for period `period` to everyone who still owes its return (ICB
/// team); answers how many messages were written to the outbox.
#[server]
pub async fn send_chasers(period: i64) -> Result<usize, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::messages::send_chasers(&db, &user, period, chrono::Utc::now()).await
}

/// Records a borough's deprivation measure (administrators). `versions` names the version
/// of each borough's measure the form was loaded with (`versions[camden]=1`).
#[server]
pub async fn record_deprivation(
    borough: String,
    score: String,
    year: String,
    source: String,
    #[server(default)] versions: BTreeMap<String, i64>,
) -> Result<(), AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    let input = super::service::DeprivationInput {
        borough: &borough,
        score: &score,
        year: &year,
        source: &source,
        versions: &versions,
    };
    super::service::record_deprivation(&db, &user, &input, chrono::Utc::now()).await
}
