//! The returns overview and one period's dashboard: which boroughs have returned, which
//! are late or missing, and how many uploads each had refused.

use crate::auth::{CurrentUser, Permission, Scope};
use crate::boroughs::Borough;
use crate::error::AppError;
use crate::plumbing::{Conn, Db};
use crate::returns::db::{self, FailedAttempts};
use crate::returns::model::{
    BoroughReturn, IcbReturns, Period, PeriodDashboard, PeriodWindow, ReturnState, ReturnsOverview,
    Submission,
};
use crate::returns::service::{self, can_upload};
use chrono::NaiveDate;
use std::collections::BTreeMap;

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

/// One period's dashboard: every borough is expected to return. `submissions` and
/// `failed_attempts` are the period's own.
pub fn dashboard(
    period: &Period,
    boroughs: &[Borough],
    submissions: &[Submission],
    failed_attempts: &[FailedAttempts],
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
                correction_waiting: state == ReturnState::SignedOff
                    && versions
                        .iter()
                        .max_by_key(|s| s.version)
                        .is_some_and(|latest| latest.signed_off_at.is_none()),
                failed_attempts: failed_attempts
                    .iter()
                    .filter(|f| f.borough_code == borough.code)
                    .map(|f| f.failed)
                    .sum(),
                can_upload: uploads_open && can_upload(user, &borough.code),
                can_view: service::can_view(user, &borough.code),
            }
        })
        .collect();
    PeriodDashboard {
        period: period.clone(),
        can_chase: service::can_manage(user, &period.icb_code),
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
    conn: &mut Conn,
    user: &CurrentUser,
    period: &Period,
    today: NaiveDate,
) -> Result<PeriodDashboard, AppError> {
    let boroughs = crate::boroughs::db::list_boroughs(conn).await?;
    let boroughs = asked_by(period, &boroughs);
    let submissions = db::submissions_for_period(conn, period.id).await?;
    let failed_attempts = db::failed_attempts(conn, Some(period.id)).await?;
    Ok(dashboard(
        period,
        &boroughs,
        &submissions,
        &failed_attempts,
        user,
        today,
    ))
}

/// The boroughs `period` asks for a return: those of its ICB.
fn asked_by(period: &Period, boroughs: &[Borough]) -> Vec<Borough> {
    boroughs
        .iter()
        .filter(|b| b.icb_code == period.icb_code)
        .cloned()
        .collect()
}

/// Rows grouped by the period they belong to.
fn by_period<T>(rows: Vec<T>, period_of: impl Fn(&T) -> i64) -> BTreeMap<i64, Vec<T>> {
    let mut grouped: BTreeMap<i64, Vec<T>> = BTreeMap::new();
    for row in rows {
        grouped.entry(period_of(&row)).or_default().push(row);
    }
    grouped
}

/// Every period's dashboard, newest first, in four queries however many periods there are:
/// the periods, the boroughs, every submission, and the failed attempts counted per period
/// and borough — then each period's [`dashboard`] from its own rows.
/// `icb`'s periods (an ICB code), or with `None` every ICB's.
pub async fn overview(
    db: &Db,
    user: &CurrentUser,
    icb: Option<&str>,
    today: NaiveDate,
) -> Result<ReturnsOverview, AppError> {
    let mut conn = db.conn().await?;
    let periods: Vec<Period> = db::periods(&mut conn)
        .await?
        .into_iter()
        .filter(|p| icb.is_none_or(|icb| p.icb_code == icb))
        .collect();
    let boroughs = crate::boroughs::db::list_boroughs(&mut conn).await?;
    let submissions = by_period(db::submissions_for_every_period(&mut conn).await?, |s| {
        s.period.id
    });
    let failed_attempts = by_period(db::failed_attempts(&mut conn, None).await?, |f| f.period_id);
    let dashboards = periods
        .iter()
        .map(|period| {
            dashboard(
                period,
                &asked_by(period, &boroughs),
                submissions
                    .get(&period.id)
                    .map(Vec::as_slice)
                    .unwrap_or_default(),
                failed_attempts
                    .get(&period.id)
                    .map(Vec::as_slice)
                    .unwrap_or_default(),
                user,
                today,
            )
        })
        .collect();
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
        can_manage: icb.is_some_and(|icb| service::can_manage(user, icb)),
        today,
        next_quarter,
        by_icb: Vec::new(),
    })
}

/// Each ICB's newest period, received against expected, for the regional team (who read
/// every ICB); empty for everyone else.
pub async fn by_icb(
    db: &Db,
    user: &CurrentUser,
    today: NaiveDate,
) -> Result<Vec<IcbReturns>, AppError> {
    if !user.can(Permission::ViewTracker, &Scope::Region) {
        return Ok(Vec::new());
    }
    let every = overview(db, user, None, today).await?;
    let mut conn = db.conn().await?;
    let boroughs = crate::boroughs::db::list_boroughs(&mut conn).await?;
    Ok(crate::boroughs::db::icbs(&mut conn)
        .await?
        .into_iter()
        .filter(|icb| icb.programme)
        .map(|icb| {
            // Periods come newest first; the baseline is the review's, not a return.
            let newest = every
                .periods
                .iter()
                .find(|d| d.period.icb_code == icb.code && !d.period.baseline);
            IcbReturns {
                expected: boroughs.iter().filter(|b| b.icb_code == icb.code).count(),
                icb_name: icb.name,
                period: newest.map(|d| d.period.clone()),
                received: newest.map_or(0, |d| d.received),
                signed_off: newest.map_or(0, |d| d.signed_off),
                late: newest.map_or(0, |d| d.late),
            }
        })
        .collect())
}

pub async fn period_page(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    today: NaiveDate,
) -> Result<PeriodDashboard, AppError> {
    let mut conn = db.conn().await?;
    let period = service::period_of(&mut conn, id).await?;
    if !user.reaches_icb(&period.icb_code) {
        return Err(AppError::Forbidden);
    }
    period_dashboard(&mut conn, user, &period, today).await
}
