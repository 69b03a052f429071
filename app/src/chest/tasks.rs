//! What the community chest owes people, one task a round: applications waiting to be
//! screened, scored applications waiting for a decision once the round has closed, and
//! awards whose offer is not sent yet, for those who run the fund; eligible applications a panel member has yet to declare on or
//! score, for each member of the round's panel. Due by the round's next panel date, or its
//! closing day.

use super::applications::{db as application_db, ApplicationLine, ApplicationStatus};
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

/// How many of `round`'s `undecided` applications (eligible, with no final decision) wait
/// for one: scored by at least one member (in a community vote, voted for, once every voter
/// has voted), once the round has closed (a rolling round's, once they are scored).
async fn to_decide(
    conn: &mut Conn,
    round: &GrantRound,
    undecided: &[&ApplicationLine],
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
    Ok(undecided.iter().filter(|a| weighed.contains(&a.id)).count())
}

/// "Screen 2 applications to {round}", linking to `href`, for the fund's place; None when
/// there are none.
fn round_task(
    (kind, verb): (TaskKind, &str),
    count: usize,
    round: &GrantRound,
    place: &str,
    href: String,
    (due, today): (Option<NaiveDate>, NaiveDate),
) -> Option<Task> {
    (count > 0).then(|| {
        Task::new(
            kind,
            format!(
                "{verb} {} to {}",
                plural(i64::try_from(count).unwrap_or(i64::MAX), "application"),
                round.title
            ),
            due,
            place.to_owned(),
            href,
            today,
        )
    })
}

pub async fn owed(
    conn: &mut Conn,
    user: &CurrentUser,
    today: NaiveDate,
) -> Result<Vec<Task>, AppError> {
    let mut tasks = Vec::new();
    for fund in super::db::funds(conn).await? {
        let manages = can_manage(user, &fund);
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
            // Eligible and not yet finally decided: what the panel and the decision still
            // owe.
            let decided = super::decisions::db::round_decisions(conn, round.id).await?;
            let undecided: Vec<&ApplicationLine> = applications
                .iter()
                .filter(|a| a.status == ApplicationStatus::Eligible)
                .filter(|a| {
                    !decided
                        .iter()
                        .any(|d| d.application_id == a.id && d.outcome.is_final())
                })
                .collect();
            let place = fund.place_name.as_str();
            let when = (due, today);
            if manages {
                tasks.extend(round_task(
                    (TaskKind::ScreenApplications, "Screen"),
                    waiting,
                    &round,
                    place,
                    format!("/chest/rounds/{}", round.id),
                    when,
                ));
                if round.status(today) != super::rounds::RoundStatus::Upcoming {
                    tasks.extend(round_task(
                        (TaskKind::DecideApplications, "Decide"),
                        to_decide(conn, &round, &undecided, today).await?,
                        &round,
                        place,
                        format!("/chest/rounds/{}/decisions", round.id),
                        when,
                    ));
                }
                // Awards decided whose offer is not sent yet.
                let offered = super::awards::db::round_awards(conn, round.id).await?;
                let to_offer = decided
                    .iter()
                    .filter(|d| d.outcome == super::decisions::Outcome::Award)
                    .filter(|d| !offered.iter().any(|(a, _)| *a == d.application_id))
                    .filter(|d| {
                        applications.iter().any(|a| {
                            a.id == d.application_id && a.status == ApplicationStatus::Eligible
                        })
                    })
                    .count();
                tasks.extend(round_task(
                    (TaskKind::SendOffers, "Send the offers on"),
                    to_offer,
                    &round,
                    place,
                    format!("/chest/rounds/{}/decisions", round.id),
                    when,
                ));
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
            let to_score = undecided
                .iter()
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
            tasks.extend(round_task(
                (TaskKind::ScoreApplications, "Score"),
                to_score,
                &round,
                place,
                format!("/chest/rounds/{}/panel", round.id),
                when,
            ));
        }
    }
    Ok(tasks)
}
