//! What the community chest owes people, one task a round: applications waiting to be
//! screened, and scored applications waiting for a decision once the round has closed, for
//! those who run the fund; eligible applications a panel member has yet to declare on or
//! score, for each member of the round's panel. Due by the round's next panel date, or its
//! closing day.

use super::applications::{db as application_db, ApplicationStatus};
use super::panel::{db as panel_db, Interest};
use super::rounds::{db as round_db, GrantRound};
use super::service::can_manage;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::format::plural;
use crate::plumbing::Conn;
use crate::tasks::{Task, TaskKind};
use chrono::NaiveDate;

/// When a round's work is due: its next panel date from `today`, else its closing day.
async fn due_on(
    conn: &mut Conn,
    round: &GrantRound,
    today: NaiveDate,
) -> Result<Option<NaiveDate>, AppError> {
    let next_panel = round_db::panel_dates(conn, round.id)
        .await?
        .into_iter()
        .find(|day| *day >= today);
    Ok(next_panel.or(round.closes_on))
}

/// How many of `round`'s eligible applications wait for a decision: scored by at least one
/// member (in a community vote, voted for, once every voter has voted), not decided (or
/// deferred), once the round has closed (a rolling round's, once they are scored).
async fn undecided(
    conn: &mut Conn,
    round: &GrantRound,
    applications: &[crate::chest::applications::ApplicationLine],
    today: NaiveDate,
) -> Result<usize, AppError> {
    let closed = round.closes_on.is_none_or(|closes| today > closes);
    if !closed {
        return Ok(0);
    }
    let weighed: Vec<i64> = if round.method == super::rounds::RoundMethod::Vote {
        // A vote is ready to decide on once everyone on the list has voted.
        let voters = super::votes::db::voters(conn, round.id).await?;
        if voters.is_empty() || voters.iter().any(|(.., voted_at)| voted_at.is_none()) {
            return Ok(0);
        }
        super::votes::db::projects(conn, round.id)
            .await?
            .into_iter()
            .filter(|p| p.votes > 0)
            .map(|p| p.id)
            .collect()
    } else {
        panel_db::round_reviews(conn, round.id)
            .await?
            .into_iter()
            .map(|r| r.application_id)
            .collect()
    };
    let decisions = super::decisions::db::round_decisions(conn, round.id).await?;
    Ok(applications
        .iter()
        .filter(|a| a.status == ApplicationStatus::Eligible)
        .filter(|a| weighed.contains(&a.id))
        .filter(|a| {
            !decisions
                .iter()
                .any(|d| d.application_id == a.id && d.outcome.is_final())
        })
        .count())
}

pub async fn owed(
    conn: &mut Conn,
    user: &CurrentUser,
    today: NaiveDate,
) -> Result<Vec<Task>, AppError> {
    let mut tasks = Vec::new();
    for fund in super::db::funds(conn).await? {
        let scope = fund.scope();
        let manages = can_manage(user, &scope);
        let may_score = super::panel::service::may_score(user, &fund);
        if !manages && !may_score {
            continue;
        }
        for round in round_db::rounds(conn, fund.id).await? {
            let applications = application_db::lines(conn, round.id).await?;
            if applications.is_empty() {
                continue;
            }
            let due = due_on(conn, &round, today).await?;
            let waiting = applications
                .iter()
                .filter(|a| a.status == ApplicationStatus::Submitted)
                .count();
            if manages && waiting > 0 {
                tasks.push(Task::new(
                    TaskKind::ScreenApplications,
                    format!(
                        "Screen {} to {}",
                        plural(i64::try_from(waiting).unwrap_or(i64::MAX), "application"),
                        round.title
                    ),
                    due,
                    fund.place_name.clone(),
                    format!("/chest/rounds/{}", round.id),
                    today,
                ));
            }
            if manages && round.status(today) != super::rounds::RoundStatus::Upcoming {
                let to_decide = undecided(conn, &round, &applications, today).await?;
                if to_decide > 0 {
                    tasks.push(Task::new(
                        TaskKind::DecideApplications,
                        format!(
                            "Decide {} to {}",
                            plural(i64::try_from(to_decide).unwrap_or(i64::MAX), "application"),
                            round.title
                        ),
                        due,
                        fund.place_name.clone(),
                        format!("/chest/rounds/{}/decisions", round.id),
                        today,
                    ));
                }
            }
            let sits = may_score
                && panel_db::members(conn, round.id)
                    .await?
                    .iter()
                    .any(|(member, _)| *member == user.id);
            if !sits {
                continue;
            }
            let declarations = panel_db::round_declarations(conn, round.id).await?;
            let reviews = panel_db::round_reviews(conn, round.id).await?;
            let decided = super::decisions::db::round_decisions(conn, round.id).await?;
            let to_score = applications
                .iter()
                .filter(|a| a.status == ApplicationStatus::Eligible)
                .filter(|a| {
                    !decided
                        .iter()
                        .any(|d| d.application_id == a.id && d.outcome.is_final())
                })
                .filter(|a| {
                    !declarations.iter().any(|d| {
                        d.application_id == a.id
                            && d.user_id == user.id
                            && d.interest == Interest::Conflict
                    })
                })
                .filter(|a| {
                    !reviews
                        .iter()
                        .any(|r| r.application_id == a.id && r.user_id == user.id)
                })
                .count();
            if to_score > 0 {
                tasks.push(Task::new(
                    TaskKind::ScoreApplications,
                    format!(
                        "Score {} to {}",
                        plural(i64::try_from(to_score).unwrap_or(i64::MAX), "application"),
                        round.title
                    ),
                    due,
                    fund.place_name.clone(),
                    format!("/chest/rounds/{}/panel", round.id),
                    today,
                ));
            }
        }
    }
    Ok(tasks)
}
