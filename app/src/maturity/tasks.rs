//! What assessment rounds owe people: ratings from a participant while scoring is open,
//! and, from a lead of the round's own borough, moving the round on (open scoring, close
//! it, moderate, publish). ICB leads may run any borough's round but are not chased for
//! them: the borough's own lead is. Opening scoring tells the participants by email.

use super::db;
use super::model::{Round, RoundStatus};
use super::service::can_manage;
use crate::auth::{CurrentUser, Permission, Scope};
use crate::error::AppError;
use crate::plumbing::Conn;
use crate::tasks::{Task, TaskKind};
use chrono::NaiveDate;

/// Rating `round`, for one of its participants.
pub fn rate(round: &Round, today: NaiveDate) -> Task {
    Task::new(
        TaskKind::RateRound,
        format!("Rate {}'s round \"{}\"", round.borough_name, round.title),
        Some(round.held_on),
        round.borough_name.clone(),
        format!("/maturity/rounds/{}", round.id),
        today,
    )
}

/// Scoring has opened for `round`: tells each participant their ratings are owed, in the
/// transaction that opened it.
pub async fn scoring_opened(
    tx: &mut crate::plumbing::Tx,
    round: &Round,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, AppError> {
    let today = now.date_naive();
    let task = rate(round, today);
    let mut letters = Vec::new();
    for participant in db::participants(tx, round.id).await? {
        if let Some(person) = crate::email::db::person(tx, participant.user_id).await? {
            letters.extend(crate::email::letter::reminder(&task, &person, today));
        }
    }
    crate::email::outbox::post_all(tx, letters, now).await
}

pub async fn owed(
    conn: &mut Conn,
    user: &CurrentUser,
    today: NaiveDate,
) -> Result<Vec<Task>, AppError> {
    let mine = db::rounds_of_participant(conn, user.id).await?;
    // An ICB lead may run every round of their ICB: they are not sent each as a task.
    let icb_of: std::collections::BTreeMap<String, String> =
        crate::boroughs::db::list_boroughs(conn)
            .await?
            .into_iter()
            .map(|b| (b.code, b.icb_code))
            .collect();
    let mut tasks = Vec::new();
    for round in db::rounds(conn).await? {
        let icb_wide = icb_of
            .get(&round.borough_code)
            .is_some_and(|icb| user.can(Permission::ManageAssessment, &Scope::Icb(icb.clone())));
        let page = format!("/maturity/rounds/{}", round.id);
        let task = |kind, title: String, href: String| {
            Task::new(
                kind,
                title,
                Some(round.held_on),
                round.borough_name.clone(),
                href,
                today,
            )
        };
        let runs_it = !icb_wide && can_manage(user, &round.borough_code);
        let rates_in = mine.contains(&round.id);
        let scoring = round.status == RoundStatus::Scoring;
        // Read once, and only for a round in scoring this person rates in or runs.
        let participants = if scoring && (runs_it || rates_in) {
            db::participants(conn, round.id).await?
        } else {
            Vec::new()
        };
        if participants
            .iter()
            .any(|p| p.user_id == user.id && !p.submitted)
        {
            tasks.push(rate(&round, today));
        }
        if !runs_it {
            continue;
        }
        let (title, href) = match round.status {
            RoundStatus::Draft => (format!("Open scoring for \"{}\"", round.title), page),
            RoundStatus::Scoring => {
                let done = participants.iter().filter(|p| p.submitted).count();
                (
                    format!(
                        "Close scoring for \"{}\" ({done} of {} rated)",
                        round.title,
                        participants.len()
                    ),
                    page,
                )
            }
            RoundStatus::Moderation => (
                format!("Moderate \"{}\"", round.title),
                format!("{page}/moderation"),
            ),
            RoundStatus::Agreed => (format!("Publish \"{}\"", round.title), page),
            RoundStatus::Published => continue,
        };
        tasks.push(task(TaskKind::RunRound, title, href));
    }
    Ok(tasks)
}
