//! What the recommendations owe their owners: each open milestone they own, by its due
//! date, and a progress update on each recommendation they own, due
//! [`STALE_AFTER_DAYS`] after the last one (or the programme start) — the day the derived
//! RAG would turn amber for want of one.

use super::db;
use super::rag::STALE_AFTER_DAYS;
use super::tracker::{end_of, milestones_as_at, rows_as_at};
use super::Status;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::plumbing::Conn;
use crate::tasks::{Task, TaskKind};
use chrono::{Duration, NaiveDate};

/// What the user owes across every ICB whose programme Linkway holds.
pub async fn owed(
    conn: &mut Conn,
    user: &CurrentUser,
    today: NaiveDate,
) -> Result<Vec<Task>, AppError> {
    let mut tasks = Vec::new();
    for icb in crate::boroughs::db::icbs(conn).await? {
        if icb.programme {
            tasks.extend(owed_in(conn, user, &icb, today).await?);
        }
    }
    Ok(tasks)
}

/// What the user owes on `icb`'s recommendations, each task placed with the ICB's name.
async fn owed_in(
    conn: &mut Conn,
    user: &CurrentUser,
    icb: &crate::boroughs::AreaIcb,
    today: NaiveDate,
) -> Result<Vec<Task>, AppError> {
    let data = db::tracker_data(conn, &icb.code).await?;
    let rows = rows_as_at(&data, today);
    // The page of the ICB's own recommendation: a number repeats across ICBs' reviews.
    let page = |number: i64| {
        format!(
            "/recommendations/{number}?icb={}",
            crate::format::query_value(&icb.code)
        )
    };
    let mut tasks: Vec<Task> = milestones_as_at(&data.milestone_revisions, end_of(today))
        .into_iter()
        .filter(|m| m.owner_id == Some(user.id) && m.done_on.is_none())
        .map(|m| {
            Task::new(
                TaskKind::Milestone,
                format!(
                    "Milestone \"{}\" (recommendation {})",
                    m.title, m.recommendation_number
                ),
                Some(m.due_on),
                icb.name.clone(),
                page(m.recommendation_number),
                today,
            )
        })
        .collect();
    let programme_start = data.programme_start.unwrap_or(today);
    for row in rows.iter().filter(|r| r.plan.owner_id == Some(user.id)) {
        if row
            .latest
            .as_ref()
            .is_some_and(|u| u.status == Status::Complete)
        {
            continue;
        }
        let last = row
            .latest
            .as_ref()
            .map_or(programme_start, |update| update.reported_on);
        let number = row.recommendation.number;
        tasks.push(Task::new(
            TaskKind::ProgressUpdate,
            format!("Post a progress update on recommendation {number}"),
            Some(last + Duration::days(STALE_AFTER_DAYS)),
            icb.name.clone(),
            page(number),
            today,
        ));
    }
    Ok(tasks)
}
