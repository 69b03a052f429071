//! What the borough plans owe their owners: each action they own that is not complete,
//! by its due date (undated actions wait at the end of the list).

use super::db;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::plumbing::Conn;
use crate::recommendations::Status;
use crate::tasks::{Task, TaskKind};
use chrono::NaiveDate;

pub async fn owed(
    conn: &mut Conn,
    user: &CurrentUser,
    today: NaiveDate,
) -> Result<Vec<Task>, AppError> {
    Ok(db::all_actions(conn)
        .await?
        .into_iter()
        .filter(|a| {
            a.owner_id == Some(user.id) && a.status != Status::Complete && a.done_on.is_none()
        })
        .map(|a| {
            Task::new(
                TaskKind::PlanAction,
                format!(
                    "{} plan, {}: {}) {}",
                    a.borough_name, a.domain, a.number, a.title
                ),
                a.due_on,
                a.borough_name.clone(),
                format!("/borough-plans/actions/{}", a.id),
                today,
            )
        })
        .collect())
}
