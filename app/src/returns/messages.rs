//! What the returns say by email, in the transaction of what causes it: a period opening
//! tells each borough's submitters and lead; a clean upload tells the borough lead a
//! version waits for their sign-off; and the ICB team's chasers, sent from the period
//! page to everyone who still owes that period's return. Reminders as the dates pass are
//! the sweep's ([`crate::email::reminders`]), worded from the same tasks.

use super::model::{Period, PeriodWindow, ReturnState};
use super::service::can_manage;
use crate::audit::{Entry, FieldChange};
use crate::auth::{CurrentUser, Role};
use crate::email::letter::{chaser, reminder, Letter};
use crate::email::outbox::{borough_team, post_all};
use crate::error::AppError;
use crate::plumbing::{Db, Tx};
use chrono::{DateTime, Utc};

/// Once `period` is open for uploads: tells every borough's submitters and lead.
pub async fn period_opened(
    tx: &mut Tx,
    period: &Period,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let today = now.date_naive();
    if !matches!(
        period.window(today),
        PeriodWindow::Open | PeriodWindow::Overdue
    ) {
        return Ok(0);
    }
    let mut letters = Vec::new();
    for borough in crate::boroughs::db::list_boroughs(tx).await? {
        if borough.icb_code != period.icb_code {
            continue;
        }
        let task = super::tasks::upload(period, (&borough.code, &borough.name), today);
        for person in borough_team(tx, &borough.code).await? {
            letters.extend(reminder(&task, &person, today));
        }
    }
    post_all(tx, letters, now).await
}

/// Version `version` of `borough`'s return waits for sign-off: tells the borough's leads.
pub async fn version_uploaded(
    tx: &mut Tx,
    period: &Period,
    borough: (&str, &str),
    version: i64,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let today = now.date_naive();
    let task = super::tasks::sign_off(period, borough, version, today);
    let leads = crate::email::db::people_with_role(tx, Role::BoroughLead, Some(borough.0)).await?;
    let letters: Vec<Letter> = leads
        .iter()
        .filter_map(|lead| reminder(&task, lead, today))
        .collect();
    post_all(tx, letters, now).await
}

/// The ICB team's chasers for period `id`: to the submitters and lead of each borough
/// with no return, and the lead of each awaiting sign-off (one a day each). Answers how
/// many were written.
pub async fn send_chasers(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let today = now.date_naive();
    let dashboard = super::views::period_page(db, user, id, today).await?;
    let period = &dashboard.period;
    if !can_manage(user, &period.icb_code) {
        return Err(AppError::Forbidden);
    }
    if !matches!(dashboard.window, PeriodWindow::Open | PeriodWindow::Overdue) {
        return Err(AppError::BadRequest {
            message: format!(
                "{} is not open for uploads, so there is nothing to chase.",
                period.code()
            ),
        });
    }
    let mut tx = db.begin().await?;
    let mut letters = Vec::new();
    let mut boroughs = Vec::new();
    for row in &dashboard.boroughs {
        let borough = (row.borough_code.as_str(), row.borough_name.as_str());
        let (task, people) = match row.state {
            ReturnState::Missing => (
                super::tasks::upload(period, borough, today),
                borough_team(&mut tx, borough.0).await?,
            ),
            ReturnState::AwaitingSignOff => (
                super::tasks::sign_off(period, borough, row.latest_version.unwrap_or(1), today),
                crate::email::db::people_with_role(&mut tx, Role::BoroughLead, Some(borough.0))
                    .await?,
            ),
            ReturnState::SignedOff => continue,
        };
        boroughs.push(row.borough_name.clone());
        letters.extend(
            people
                .iter()
                .map(|person| chaser(&task, person, today, &user.name)),
        );
    }
    if boroughs.is_empty() {
        return Err(AppError::BadRequest {
            message: format!(
                "Every borough's {} return is signed off: there is no one to chase.",
                period.code()
            ),
        });
    }
    let written = post_all(&mut tx, letters, now).await?;
    let entity_id = id.to_string();
    Entry::new(
        user.id,
        "send_chasers",
        ("return_period", entity_id.as_str()),
    )
    .change("boroughs", FieldChange::created(boroughs.join(", ")))
    .change("messages", FieldChange::created(written))
    .record(&mut tx, now)
    .await?;
    tx.commit().await?;
    Ok(written)
}
