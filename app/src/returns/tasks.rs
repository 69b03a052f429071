//! What the returns owe people: the current return to upload (its submitters and lead,
//! while uploads are open and nothing has arrived) and a version to sign off (its lead).

use super::model::ReturnState;
use super::service::can_sign_off;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::plumbing::Db;
use crate::tasks::{Task, TaskKind};
use chrono::NaiveDate;

pub async fn owed(db: &Db, user: &CurrentUser, today: NaiveDate) -> Result<Vec<Task>, AppError> {
    let overview = super::views::overview(db, user, today).await?;
    let mut tasks = Vec::new();
    for dashboard in overview.periods.iter().filter(|d| !d.period.baseline) {
        let period = &dashboard.period;
        for row in &dashboard.boroughs {
            let page = format!(
                "/returns/periods/{}/boroughs/{}",
                period.id, row.borough_code
            );
            let task = match row.state {
                ReturnState::Missing if row.can_upload => Task::new(
                    TaskKind::UploadReturn,
                    format!("Upload {}'s {} return", row.borough_name, period.code()),
                    Some(period.due_on),
                    row.borough_name.clone(),
                    page,
                    today,
                ),
                ReturnState::AwaitingSignOff if can_sign_off(user, &row.borough_code) => Task::new(
                    TaskKind::SignOffReturn,
                    format!(
                        "Sign off {}'s {} return (version {})",
                        row.borough_name,
                        period.code(),
                        row.latest_version.unwrap_or(1)
                    ),
                    Some(period.due_on),
                    row.borough_name.clone(),
                    page,
                    today,
                ),
                _ => continue,
            };
            tasks.push(task);
        }
    }
    Ok(tasks)
}
