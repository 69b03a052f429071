//! The returns overview and one period's dashboard: which boroughs have returned, which
//! are late or missing, and how many uploads each had refused.

use crate::auth::CurrentUser;
use crate::boroughs::Borough;
use crate::error::AppError;
use crate::returns::db;
use crate::returns::model::{
    Attempt, BoroughReturn, Period, PeriodDashboard, PeriodWindow, ReturnState, ReturnsOverview,
    Submission,
};
use crate::returns::service::{self, can_upload};
use crate::server::Db;
use chrono::NaiveDate;

/// Where a borough's return stands, from its versions for the period.
pub(super) fn state_of(versions: &[&Submission]) -> ReturnState {
    if versions.iter().any(|s| s.signed_off_at.is_some()) {
        ReturnState::SignedOff
    } else if versions.is_empty() {
        ReturnState::Missing
    } else {
        ReturnState::AwaitingSignOff
    }
}

/// One period's dashboard: every borough is expected to return.
pub fn dashboard(
    period: &Period,
    boroughs: &[Borough],
    submissions: &[Submission],
    attempts: &[Attempt],
    user: &CurrentUser,
    today: NaiveDate,
) -> PeriodDashboard {
    let window = period.window(today);
    let uploads_open = matches!(window, PeriodWindow::Open | PeriodWindow::Overdue);
    let rows: Vec<BoroughReturn> = boroughs
        .iter()
        .map(|borough| {
            let versions: Vec<&Submission> = submissions
                .iter()
                .filter(|s| s.borough_code == borough.code)
                .collect();
            let state = state_of(&versions);
            let first_received_at = versions.iter().map(|s| s.uploaded_at).min();
            let late = !period.baseline
                && match first_received_at {
                    Some(at) => at.date_naive() > period.due_on,
                    None => today > period.due_on,
                };
            BoroughReturn {
                borough_code: borough.code.clone(),
                borough_name: borough.name.clone(),
                state,
                late,
                first_received_at,
                latest_version: versions.iter().map(|s| s.version).max(),
                failed_attempts: attempts
                    .iter()
                    .filter(|a| a.borough_code == borough.code && a.submission_id.is_none())
                    .count() as i64,
                can_upload: uploads_open && can_upload(user, &borough.code),
            }
        })
        .collect();
    PeriodDashboard {
        period: period.clone(),
        can_chase: service::can_manage(user),
        window,
        received: rows
            .iter()
            .filter(|r| r.state != ReturnState::Missing)
            .count(),
        signed_off: rows
            .iter()
            .filter(|r| r.state == ReturnState::SignedOff)
            .count(),
        late: rows.iter().filter(|r| r.late).count(),
        missing: rows
            .iter()
            .filter(|r| r.state == ReturnState::Missing)
            .count(),
        boroughs: rows,
    }
}

pub async fn period_dashboard(
    db: &Db,
    user: &CurrentUser,
    period: &Period,
    today: NaiveDate,
) -> Result<PeriodDashboard, AppError> {
    let boroughs = crate::boroughs::db::list_boroughs(db).await?;
    let submissions = db::submissions_for_period(db, period.id).await?;
    let attempts = db::attempts(db, period.id, None).await?;
    Ok(dashboard(
        period,
        &boroughs,
        &submissions,
        &attempts,
        user,
        today,
    ))
}

pub async fn overview(
    db: &Db,
    user: &CurrentUser,
    today: NaiveDate,
) -> Result<ReturnsOverview, AppError> {
    let periods = db::periods(db).await?;
    let mut dashboards = Vec::new();
    for period in &periods {
        dashboards.push(period_dashboard(db, user, period, today).await?);
    }
    let next_quarter = periods
        .first()
        .map(|p| {
            if p.quarter == 4 {
                (p.financial_year + 1, 1)
            } else {
                (p.financial_year, p.quarter + 1)
            }
        })
        .unwrap_or_else(|| crate::returns::model::quarter_of(today));
    Ok(ReturnsOverview {
        periods: dashboards,
        can_manage: service::can_manage(user),
        today,
        next_quarter,
    })
}

pub async fn period_page(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    today: NaiveDate,
) -> Result<PeriodDashboard, AppError> {
    let period = service::period_of(db, id).await?;
    period_dashboard(db, user, &period, today).await
}
