//! Community vote rules. Those who run the fund keep a vote round's list of voters (a name
//! a line, with where they live or whom they speak for; one person listed once) and hand
//! each their ballot link, a random token that casts that voter's vote and nothing else.
//! A vote round has a closing day: voting opens the day after it and ends when the first
//! decision is recorded; a voter picks eligible projects whose asks fit the round's budget,
//! once. Every change is
//! validated and audited in its transaction.

use super::db::{self, NewVoter};
use super::model::{rank, BallotState, BallotView, Project, Voter, VotersView};
use crate::audit::Entry;
use crate::auth::CurrentUser;
use crate::chest::applications::service::round_and_fund;
use crate::chest::decisions::service::{budget_of, managed_round};
use crate::chest::rounds::{GrantRound, RoundMethod};
use crate::error::AppError;
use crate::format::money;
use crate::forms::Checks;
use crate::plumbing::{Conn, Db};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;

/// The most voters added at once.
pub const MAX_VOTERS_AT_ONCE: usize = 500;
/// The longest name, or area, of a voter.
pub const MAX_VOTER_CHARS: usize = 100;
/// How many problems with the list are told at once.
const MAX_LINE_MESSAGES: usize = 5;

/// Whether `round`'s ballot takes votes on `today`, `decided` once a decision is recorded.
pub fn ballot_state(round: &GrantRound, today: NaiveDate, decided: bool) -> BallotState {
    if round.method != RoundMethod::Vote {
        BallotState::NotAVote
    } else if decided {
        BallotState::Closed
    } else if round.closes_on.is_none_or(|closes| today <= closes) {
        BallotState::NotYet
    } else {
        BallotState::Open
    }
}

async fn state_of(
    conn: &mut Conn,
    round: &GrantRound,
    today: NaiveDate,
) -> Result<BallotState, AppError> {
    let decided = !crate::chest::decisions::db::round_decisions(conn, round.id)
        .await?
        .is_empty();
    Ok(ballot_state(round, today, decided))
}

/// One person once: their name and area in lower case, with spaces tidied.
fn name_key(name: &str, area: &str) -> String {
    let tidy = |text: &str| {
        text.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    format!("{}\u{1f}{}", tidy(name), tidy(area))
}

/// `/chest/rounds/{id}/voters` for `user`, who runs the fund.
pub async fn voters_view(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    today: NaiveDate,
) -> Result<VotersView, AppError> {
    let mut conn = db.conn().await?;
    let (round, fund) = managed_round(&mut conn, user, id).await?;
    let voters = db::voters(&mut conn, id)
        .await?
        .into_iter()
        .map(|(voter, name, area, _, token, voted_at)| Voter {
            id: voter,
            ballot: format!("/vote/{token}"),
            name,
            area,
            voted_at,
        })
        .collect();
    let mut tally = db::projects(&mut conn, id).await?;
    rank(&mut tally);
    Ok(VotersView {
        fund_name: fund.name,
        budget_pence: budget_of(&mut conn, &round).await?,
        state: state_of(&mut conn, &round, today).await?,
        round,
        voters,
        tally,
    })
}

/// Adds the voters in `text` (a line each: a name, then a comma and where they live or
/// whom they speak for) to round `id`'s list, for `user` who runs the fund: all or none.
pub async fn add_voters(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    text: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let (round, fund) = managed_round(&mut tx, user, id).await?;
    // Two lists sent at once cannot both add the same person.
    crate::chest::db::lock_fund(&mut tx, fund.id).await?;
    if round.method != RoundMethod::Vote {
        return Err(AppError::BadRequest {
            message: "This round is decided by a scored panel: it has no voters.".to_owned(),
        });
    }
    let listed: Vec<String> = db::voters(&mut tx, id)
        .await?
        .into_iter()
        .map(|(_, _, _, key, ..)| key)
        .collect();
    let mut checks = Checks::default();
    let mut messages = Vec::new();
    let mut adding: Vec<NewVoter> = Vec::new();
    // Lines keep their numbers as typed, blank ones counted.
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| (n + 1, l))
        .collect();
    if lines.len() > MAX_VOTERS_AT_ONCE {
        messages.push(format!(
            "Add at most {MAX_VOTERS_AT_ONCE} voters at a time: this list has {}",
            lines.len()
        ));
    }
    for &(number, line) in lines.iter().take(MAX_VOTERS_AT_ONCE) {
        let (name, area) = line.split_once(',').unwrap_or((line, ""));
        let (name, area) = (name.trim(), area.trim());
        let key = name_key(name, area);
        if name.is_empty() {
            messages.push(format!("Line {number} has no name before its comma"));
        } else if name.chars().count() > MAX_VOTER_CHARS || area.chars().count() > MAX_VOTER_CHARS {
            messages.push(format!(
                "Line {number} is too long: a name and an area of at most {MAX_VOTER_CHARS} characters each"
            ));
        } else if listed.contains(&key) {
            messages.push(format!("Line {number}, {name}, is on the list already"));
        } else if adding.iter().any(|(_, _, k, _)| *k == key) {
            messages.push(format!("Line {number}, {name}, is in this list twice"));
        } else {
            let token = crate::plumbing::random::token()?;
            adding.push((name.to_owned(), area.to_owned(), key, token));
        }
    }
    if lines.is_empty() {
        messages.push("Enter at least one voter: a name a line".to_owned());
    }
    let more = messages.len().saturating_sub(MAX_LINE_MESSAGES);
    for message in messages.iter().take(MAX_LINE_MESSAGES) {
        checks.add("voters", message.clone());
    }
    if more > 0 {
        checks.add("voters", format!("and {more} more lines like these"));
    }
    checks.finish(|| Some(()))?;
    db::insert_voters(&mut tx, id, &adding, user.id, now).await?;
    let names: Vec<&str> = adding.iter().map(|(name, ..)| name.as_str()).collect();
    let entity_id = id.to_string();
    Entry::new(user.id, "add_voters", ("grant_round", entity_id.as_str()))
        .fields(&[
            ("round", None, Some(round.code.clone())),
            ("voters", None, Some(names.len().to_string())),
            ("names", None, Some(names.join(", "))),
        ])
        .record(&mut tx, now)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The voter whose ballot link is `link`: (voter id, round id, name, voted at).
async fn by_link(
    conn: &mut Conn,
    link: &str,
) -> Result<(i64, i64, String, Option<DateTime<Utc>>), AppError> {
    let found = if crate::plumbing::random::is_token(link) {
        db::by_token(conn, link).await?
    } else {
        None
    };
    found.ok_or_else(|| AppError::not_found("That ballot"))
}

/// `/vote/{link}`: the ballot of whoever holds its link. The projects show without their
/// votes.
pub async fn ballot_view(db: &Db, link: &str, today: NaiveDate) -> Result<BallotView, AppError> {
    let mut conn = db.conn().await?;
    let (voter, round_id, voter_name, voted_at) = by_link(&mut conn, link).await?;
    let (round, fund) = round_and_fund(&mut conn, round_id).await?;
    let projects = db::projects(&mut conn, round_id)
        .await?
        .into_iter()
        .map(|p| Project { votes: 0, ..p })
        .collect();
    Ok(BallotView {
        fund_name: fund.name,
        round_title: round.title.clone(),
        closes_on: round.closes_on,
        budget_pence: budget_of(&mut conn, &round).await?,
        state: state_of(&mut conn, &round, today).await?,
        picked: db::picked(&mut conn, voter).await?,
        voter_name,
        projects,
        voted_at,
    })
}

/// The vote of whoever holds ballot link `link`: `picks` ticks projects by application id
/// (`pick[12]`). Once, while voting is open, within the round's budget.
pub async fn cast(
    db: &Db,
    link: &str,
    picks: &BTreeMap<String, String>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let (voter, round_id, _, voted_at) = by_link(&mut tx, link).await?;
    let (round, fund) = round_and_fund(&mut tx, round_id).await?;
    // Under the fund's lock, as decisions are: no vote lands after the first decision.
    crate::chest::db::lock_fund(&mut tx, fund.id).await?;
    let state = state_of(&mut tx, &round, now.date_naive()).await?;
    if state != BallotState::Open {
        return Err(AppError::BadRequest {
            message: format!("{}.", state.label()),
        });
    }
    if voted_at.is_some() {
        return Err(AppError::BadRequest {
            message: "You have voted already: each voter votes once.".to_owned(),
        });
    }
    let projects = db::projects(&mut tx, round_id).await?;
    let mut checks = Checks::default();
    let mut chosen: Vec<&Project> = Vec::new();
    for (key, ticked) in picks {
        if ticked.trim().is_empty() {
            continue;
        }
        match projects.iter().find(|p| p.id.to_string() == *key) {
            Some(project) => chosen.push(project),
            None if !checks.has("pick") => {
                checks.add("pick", "Pick from the projects on this ballot only")
            }
            None => {}
        }
    }
    let budget = budget_of(&mut tx, &round).await?;
    let total: i64 = chosen.iter().map(|p| p.amount_pence).sum();
    if chosen.is_empty() && !checks.has("pick") {
        checks.add("pick", "Pick at least one project to fund");
    } else if total > budget {
        checks.add(
            "pick",
            format!(
                "Your picks ask for {} and the round has {} to give: untick projects asking for at least {}",
                money(total),
                money(budget),
                money(total - budget)
            ),
        );
    }
    checks.finish(|| Some(()))?;
    let ids: Vec<i64> = chosen.iter().map(|p| p.id).collect();
    if !db::cast(&mut tx, voter, &ids, now).await? {
        return Err(AppError::BadRequest {
            message: "You have voted already: each voter votes once.".to_owned(),
        });
    }
    let references: Vec<&str> = chosen.iter().map(|p| p.reference.as_str()).collect();
    let entity_id = round_id.to_string();
    Entry::new(None, "cast_vote", ("grant_round", entity_id.as_str()))
        .fields(&[
            ("projects", None, Some(references.join(", "))),
            ("asked", None, Some(money(total))),
        ])
        .record(&mut tx, now)
        .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chest::rounds::RoundMethod;

    fn round(method: RoundMethod, closes: Option<&str>) -> GrantRound {
        GrantRound {
            id: 1,
            fund_id: 1,
            code: "ELF-V".into(),
            title: "Vote".into(),
            opens_on: "2027-01-01".parse().unwrap(),
            closes_on: closes.map(|c| c.parse().unwrap()),
            method,
            min_award_pence: 100,
            max_award_pence: 100_000,
        }
    }

    #[test]
    fn voting_opens_when_applications_close_and_ends_at_the_first_decision() {
        let day = |d: &str| d.parse::<NaiveDate>().unwrap();
        let vote = round(RoundMethod::Vote, Some("2027-01-31"));
        assert_eq!(
            ballot_state(&vote, day("2027-01-31"), false),
            BallotState::NotYet
        );
        assert_eq!(
            ballot_state(&vote, day("2027-02-01"), false),
            BallotState::Open
        );
        assert_eq!(
            ballot_state(&vote, day("2027-02-01"), true),
            BallotState::Closed
        );
        // A vote needs its closing day (setting one up refuses a rolling vote).
        let rolling = round(RoundMethod::Vote, None);
        assert_eq!(
            ballot_state(&rolling, day("2027-06-01"), false),
            BallotState::NotYet
        );
        let panel = round(RoundMethod::Panel, Some("2027-01-31"));
        assert_eq!(
            ballot_state(&panel, day("2027-02-01"), false),
            BallotState::NotAVote
        );
    }

    #[test]
    fn one_person_is_one_key_however_it_is_typed() {
        assert_eq!(
            name_key(" Ada  Lovelace", "Edmonton Green "),
            name_key("ada lovelace", "EDMONTON  GREEN")
        );
        assert_ne!(name_key("Ada", "Edmonton"), name_key("Ada", "Enfield"));
    }
}
