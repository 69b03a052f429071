//! What the returns owe people: the current return to upload (its submitters and lead,
//! while uploads are open and nothing has arrived) and a version to sign off (its lead),
//! a correction uploaded after sign-off included.
//! The same tasks are what reminders and chasers are about ([`crate::email`]).

use super::model::{Period, ReturnState};
use super::service::can_sign_off;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::plumbing::Db;
use crate::tasks::{Task, TaskKind};
use chrono::NaiveDate;

/// The page where a borough's return for `period` is uploaded and signed off.
pub fn page(period: &Period, borough_code: &str) -> String {
    format!("/returns/periods/{}/boroughs/{borough_code}", period.id)
}

/// Uploading `borough_name`'s return for `period`.
pub fn upload(period: &Period, (code, name): (&str, &str), today: NaiveDate) -> Task {
    Task::new(
        TaskKind::UploadReturn,
        format!("Upload {name}'s {} return", period.code()),
        Some(period.due_on),
        name.to_owned(),
        page(period, code),
        today,
    )
}

/// Signing off `version` of `borough_name`'s return for `period`.
pub fn sign_off(
    period: &Period,
    (code, name): (&str, &str),
    version: i64,
    today: NaiveDate,
) -> Task {
    Task::new(
        TaskKind::SignOffReturn,
        format!(
            "Sign off {name}'s {} return (version {version})",
            period.code()
        ),
        Some(period.due_on),
        name.to_owned(),
        page(period, code),
        today,
    )
}

pub async fn owed(db: &Db, user: &CurrentUser, today: NaiveDate) -> Result<Vec<Task>, AppError> {
    let overview = super::views::overview(db, user, None, today).await?;
    let mut tasks = Vec::new();
    for dashboard in overview.periods.iter().filter(|d| !d.period.baseline) {
        let period = &dashboard.period;
        for row in &dashboard.boroughs {
            let borough = (row.borough_code.as_str(), row.borough_name.as_str());
            let task = match row.state {
                ReturnState::Missing if row.can_upload => upload(period, borough, today),
                ReturnState::AwaitingSignOff if can_sign_off(user, &row.borough_code) => {
                    sign_off(period, borough, row.latest_version.unwrap_or(1), today)
                }
                // A corrected version uploaded after sign-off waits for sign-off too.
                ReturnState::SignedOff
                    if row.correction_waiting && can_sign_off(user, &row.borough_code) =>
                {
                    sign_off(period, borough, row.latest_version.unwrap_or(1), today)
                }
                _ => continue,
            };
            tasks.push(task);
        }
    }
    Ok(tasks)
}
