//! Decision rules: only those who run the fund read the pack, record meetings and decide.
//! A decision needs a quorate meeting on record; an award is no more than was asked, and
//! never takes the round's awards beyond its budget or the fund's beyond what it holds
//! (a sentence says by how much). Each change is validated and audited in its transaction,
//! under the fund's lock; a decision carries a version, so two people cannot both change it.

use super::db::{self, NewDecision, NewMeeting};
use super::model::{Decision, DecisionPack, DecisionView, Outcome, PackLine};
use crate::audit::Entry;
use crate::auth::CurrentUser;
use crate::chest::applications::db as application_db;
use crate::chest::applications::service::round_and_fund;
use crate::chest::applications::ApplicationStatus;
use crate::chest::model::Fund;
use crate::chest::panel::db as panel_db;
use crate::chest::panel::scoring::{summarise, Weighting};
use crate::chest::panel::Recommendation;
use crate::chest::rounds::db as round_db;
use crate::chest::rounds::{Criterion, GrantRound, RoundMethod};
use crate::chest::service::can_manage;
use crate::error::AppError;
use crate::format::money;
use crate::forms::Checks;
use crate::plumbing::{Conn, Db};
use chrono::{DateTime, NaiveDate, Utc};
use std::cmp::Ordering;
use std::collections::BTreeMap;

const MAX_NOTES_CHARS: usize = 2_000;
const MAX_DECISION_CHARS: usize = 2_000;

/// The decision on application `id`, if any: whether the applicant, the fund's managers
/// and the panel can still change it depends on it.
pub async fn decision_on(conn: &mut Conn, id: i64) -> Result<Option<Decision>, AppError> {
    Ok(db::find(conn, id).await?)
}

/// Round `id` and its fund, for `user` who runs the fund.
pub(in crate::chest) async fn managed_round(
    conn: &mut Conn,
    user: &CurrentUser,
    id: i64,
) -> Result<(GrantRound, Fund), AppError> {
    let (round, fund) = round_and_fund(conn, id).await?;
    if !can_manage(user, &fund) {
        return Err(AppError::Forbidden);
    }
    Ok((round, fund))
}

/// The round's budget: what its allocations add up to.
pub(in crate::chest) async fn budget_of(
    conn: &mut Conn,
    round: &GrantRound,
) -> Result<i64, AppError> {
    let allocated = round_db::fund_allocations(conn, round.fund_id).await?;
    Ok(crate::chest::model::round_budget(&allocated, round.id))
}

/// The round's eligible applications, ranked: highest score first (unscored last), or for a
/// community vote most votes first, then the smaller ask, then the reference; with what
/// each would take against `budget`.
async fn pack_lines(
    conn: &mut Conn,
    round: &GrantRound,
    criteria: &[Criterion],
    budget: i64,
) -> Result<Vec<PackLine>, AppError> {
    let weighting = Weighting::of(criteria);
    let declarations = panel_db::round_declarations(conn, round.id).await?;
    let reviews = panel_db::round_reviews(conn, round.id).await?;
    let decisions = db::round_decisions(conn, round.id).await?;
    let wards = db::wards(conn, round.id).await?;
    let priorities = db::priorities(conn, round.id).await?;
    let tally = if round.method == RoundMethod::Vote {
        Some(crate::chest::votes::db::projects(conn, round.id).await?)
    } else {
        None
    };
    let mut lines: Vec<PackLine> = application_db::lines(conn, round.id)
        .await?
        .into_iter()
        .filter(|a| a.status == ApplicationStatus::Eligible)
        .map(|application| {
            let id = application.id;
            let theirs: Vec<_> = reviews.iter().filter(|r| r.application_id == id).collect();
            let marks: Vec<_> = theirs.iter().map(|r| r.marks()).collect();
            let count = |wanted: Recommendation| {
                theirs.iter().filter(|r| r.recommendation == wanted).count()
            };
            PackLine {
                rank: 0,
                votes: tally
                    .as_ref()
                    .map(|projects| projects.iter().find(|p| p.id == id).map_or(0, |p| p.votes)),
                wards: wards
                    .iter()
                    .find(|(a, _)| *a == id)
                    .map(|(_, w)| w.clone())
                    .unwrap_or_default(),
                priorities: priorities
                    .iter()
                    .filter(|(a, _)| *a == id)
                    .map(|(_, p)| p.clone())
                    .collect(),
                summary: (!marks.is_empty()).then(|| summarise(&weighting, &marks)),
                recommendations: [
                    count(Recommendation::Yes),
                    count(Recommendation::Maybe),
                    count(Recommendation::No),
                ],
                running_total_pence: 0,
                beyond_budget: false,
                declarations: declarations
                    .iter()
                    .filter(|d| d.application_id == id)
                    .cloned()
                    .collect(),
                decision: decisions.iter().find(|d| d.application_id == id).cloned(),
                application,
            }
        })
        .collect();
    let score = |line: &PackLine| line.summary.as_ref().and_then(|s| s.score);
    lines.sort_by(|a, b| {
        b.votes
            .cmp(&a.votes)
            .then_with(|| match (score(a), score(b)) {
                (Some(x), Some(y)) => y.partial_cmp(&x).unwrap_or(Ordering::Equal),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            })
            .then_with(|| a.application.amount_pence.cmp(&b.application.amount_pence))
            .then_with(|| a.application.reference.cmp(&b.application.reference))
    });
    let mut running = 0_i64;
    for (rank, line) in lines.iter_mut().enumerate() {
        let takes = match &line.decision {
            Some(d) if d.outcome == Outcome::Award => d.amount_pence,
            Some(d) if d.outcome == Outcome::Decline => 0,
            _ => line.application.amount_pence,
        };
        running = running.saturating_add(takes);
        line.rank = rank + 1;
        line.running_total_pence = running;
        line.beyond_budget = running > budget;
    }
    Ok(lines)
}

/// `/chest/rounds/{id}/decisions` for `user`, who runs the fund.
pub async fn pack(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    today: NaiveDate,
) -> Result<DecisionPack, AppError> {
    let mut conn = db.conn().await?;
    let (round, fund) = managed_round(&mut conn, user, id).await?;
    let criteria = round_db::criteria(&mut conn, id).await?;
    let budget_pence = budget_of(&mut conn, &round).await?;
    let awarded_pence = db::awarded_by_round(&mut conn, fund.id)
        .await?
        .iter()
        .filter(|(r, _)| *r == id)
        .map(|(_, pence)| *pence)
        .sum();
    Ok(DecisionPack {
        lines: pack_lines(&mut conn, &round, &criteria, budget_pence).await?,
        members: panel_db::members(&mut conn, id).await?,
        meetings: db::meetings(&mut conn, id).await?,
        fund_name: fund.name,
        illustrative: fund.illustrative,
        round,
        criteria,
        budget_pence,
        awarded_pence,
        today,
    })
}

/// What the fund manager typed to record a meeting: its day, `present[user id]` ticked
/// for each member there, `yes` or `no` for quorate, and any notes.
pub struct MeetingInput<'a> {
    pub held_on: &'a str,
    pub present: &'a BTreeMap<String, String>,
    pub quorate: &'a str,
    pub notes: &'a str,
}

/// Records a meeting of round `id`'s panel, for `user` who runs the fund.
pub async fn record_meeting(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    input: MeetingInput<'_>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let (round, _) = managed_round(&mut tx, user, id).await?;
    let members = panel_db::members(&mut tx, id).await?;
    let mut checks = Checks::default();
    let held_on = checks.date("held_on", "the day it was held", input.held_on, true);
    let today = now.date_naive();
    match held_on {
        Some(day) if day > today => checks.add(
            "held_on",
            "Record a meeting once it has been held: the day cannot be in the future",
        ),
        Some(day) if day < round.opens_on => checks.add(
            "held_on",
            format!(
                "The meeting must be on or after the day the round opened, {}",
                crate::format::date(round.opens_on)
            ),
        ),
        _ => {}
    }
    let mut present = Vec::new();
    for (key, ticked) in input.present {
        if ticked.trim().is_empty() {
            continue;
        }
        match members
            .iter()
            .find(|(member, _)| member.to_string() == *key)
        {
            Some((member, name)) => present.push((*member, name.clone())),
            None if !checks.has("present") => {
                checks.add("present", "Tick members of the round's panel only")
            }
            None => {}
        }
    }
    let quorate = match input.quorate.trim() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => {
            checks.add("quorate", "Say whether the meeting was quorate");
            None
        }
    };
    // A panel decides at a meeting its members attend; a community vote's tally is decided
    // on by those who run the fund, with or without the panel.
    if round.method == RoundMethod::Panel
        && quorate == Some(true)
        && present.is_empty()
        && !checks.has("present")
    {
        checks.add(
            "present",
            "Tick the members who were present: a meeting with nobody there is not quorate",
        );
    }
    let notes = checks.text("notes", "the notes", input.notes, false, MAX_NOTES_CHARS);
    let (held_on, quorate) = checks.finish(|| held_on.zip(quorate))?;
    let ids: Vec<i64> = present.iter().map(|(id, _)| *id).collect();
    let meeting = db::insert_meeting(
        &mut tx,
        &NewMeeting {
            round: id,
            held_on,
            quorate,
            notes: &notes,
            present: &ids,
            by: user.id,
        },
        now,
    )
    .await?;
    let names: Vec<String> = present.into_iter().map(|(_, name)| name).collect();
    let entity_id = id.to_string();
    Entry::new(
        user.id,
        "record_meeting",
        ("grant_round", entity_id.as_str()),
    )
    .fields(&[
        ("round", None, Some(round.code.clone())),
        ("meeting", None, Some(meeting.to_string())),
        ("held_on", None, Some(held_on.to_string())),
        (
            "present",
            None,
            Some(format!(
                "{} of {}: {}",
                names.len(),
                members.len(),
                names.join(", ")
            )),
        ),
        (
            "quorate",
            None,
            Some(if quorate { "yes" } else { "no" }.to_owned()),
        ),
        ("notes", None, Some(notes).filter(|n| !n.is_empty())),
    ])
    .record(&mut tx, now)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// `/chest/applications/{id}/decision` for `user`, who runs the fund: the application must
/// be eligible.
pub async fn decision_view(db: &Db, user: &CurrentUser, id: i64) -> Result<DecisionView, AppError> {
    let mut conn = db.conn().await?;
    let application = application_db::find(&mut conn, id)
        .await?
        .ok_or_else(|| AppError::not_found("That application"))?;
    let (round, fund) = managed_round(&mut conn, user, application.round_id).await?;
    if application.status != ApplicationStatus::Eligible {
        return Err(AppError::BadRequest {
            message: "Only an eligible application can be decided.".to_owned(),
        });
    }
    let criteria = round_db::criteria(&mut conn, round.id).await?;
    let budget_pence = budget_of(&mut conn, &round).await?;
    let line = pack_lines(&mut conn, &round, &criteria, budget_pence)
        .await?
        .into_iter()
        .find(|line| line.application.id == id)
        .ok_or_else(|| AppError::not_found("That application"))?;
    let awarded: i64 = db::round_decisions(&mut conn, round.id)
        .await?
        .iter()
        .filter(|d| d.outcome == Outcome::Award && d.application_id != id)
        .map(|d| d.amount_pence)
        .sum();
    let meeting = db::meetings(&mut conn, round.id)
        .await?
        .into_iter()
        .find(|m| m.quorate);
    Ok(DecisionView {
        award: crate::chest::awards::db::for_application(&mut conn, id).await?,
        application_version: application.version,
        fund_name: fund.name,
        version: line.decision.as_ref().map_or(0, |d| d.version),
        round,
        line,
        criteria,
        budget_pence,
        awarded_elsewhere_pence: awarded,
        meeting,
    })
}

/// What the fund manager typed to decide: the outcome, and for an award its amount and any
/// conditions, for a decline the feedback the applicant reads.
pub struct DecisionInput<'a> {
    /// The application's version when the form was opened: refused if it has changed.
    pub application_version: i64,
    pub outcome: &'a str,
    pub amount: &'a str,
    pub conditions: &'a str,
    pub feedback: &'a str,
}

/// Decides application `id` for `user`, who runs the fund, against the round's latest
/// quorate meeting, if the decision on record is still at `version` (0: none yet).
pub async fn decide(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    version: i64,
    input: DecisionInput<'_>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let application = application_db::find(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::not_found("That application"))?;
    let (round, fund) = managed_round(&mut tx, user, application.round_id).await?;
    crate::chest::db::lock_fund(&mut tx, fund.id).await?;
    let before = db::find(&mut tx, id).await?;
    if crate::chest::awards::db::for_application(&mut tx, id)
        .await?
        .is_some()
    {
        return Err(AppError::BadRequest {
            message: "The offer of this award has been sent: the decision stands.".to_owned(),
        });
    }
    let mut checks = Checks::default();
    let outcome = checks.choice::<Outcome>(
        "outcome",
        input.outcome,
        "Choose whether to award a grant, decline or defer",
    );
    let asked = application.amount_pence;
    let amount = match outcome {
        Some(Outcome::Award) if input.amount.trim().is_empty() => {
            checks.add("amount", "Enter the amount to award");
            None
        }
        Some(Outcome::Award) => checks.money(
            "amount",
            input.amount,
            asked,
            &format!(
                "Enter an amount from £0.01 up to the {} asked, like 1200 or 1,200.50",
                money(asked)
            ),
        ),
        _ => Some(0),
    };
    let conditions = checks.text(
        "conditions",
        "the conditions",
        input.conditions,
        false,
        MAX_DECISION_CHARS,
    );
    let feedback = checks.text(
        "feedback",
        "the feedback",
        input.feedback,
        false,
        MAX_DECISION_CHARS,
    );
    if outcome == Some(Outcome::Decline) && feedback.is_empty() && !checks.has("feedback") {
        checks.add(
            "feedback",
            "Say why it was declined: the applicant will read it",
        );
    }
    // Budget problems belong next to the amount, with everything else found at once.
    if let (Some(Outcome::Award), Some(pence)) = (outcome, amount) {
        let awards = db::awarded_by_round(&mut tx, fund.id).await?;
        let previous = before
            .as_ref()
            .filter(|d| d.outcome == Outcome::Award)
            .map_or(0, |d| d.amount_pence);
        let in_round: i64 = awards
            .iter()
            .filter(|(r, _)| *r == round.id)
            .map(|(_, p)| *p)
            .sum::<i64>()
            - previous;
        let in_fund: i64 = awards.iter().map(|(_, p)| *p).sum::<i64>() - previous;
        let budget = budget_of(&mut tx, &round).await?;
        let pot: i64 = crate::chest::db::contributions(&mut tx, fund.id)
            .await?
            .iter()
            .map(|c| c.amount_pence)
            .sum();
        if in_round + pence > budget {
            checks.add(
                "amount",
                format!(
                    "The round's budget is {} and {} is awarded already: {} is {} more than is left ({})",
                    money(budget),
                    money(in_round),
                    money(pence),
                    money(in_round + pence - budget),
                    money((budget - in_round).max(0))
                ),
            );
        } else if in_fund + pence > pot {
            checks.add(
                "amount",
                format!(
                    "The fund holds {} and {} is awarded already: {} is {} more than is left ({})",
                    money(pot),
                    money(in_fund),
                    money(pence),
                    money(in_fund + pence - pot),
                    money((pot - in_fund).max(0))
                ),
            );
        }
    }
    let (outcome, amount) = checks.finish(|| outcome.zip(amount))?;
    if application.status != ApplicationStatus::Eligible {
        return Err(AppError::BadRequest {
            message: "Only an eligible application can be decided.".to_owned(),
        });
    }
    if round.method == RoundMethod::Vote
        && crate::chest::votes::service::ballot_state(&round, now.date_naive(), false)
            == crate::chest::votes::BallotState::NotYet
    {
        return Err(AppError::BadRequest {
            message: "The community vote has not been held yet: decide once applications have closed and people have voted.".to_owned(),
        });
    }
    if !db::hold_application(&mut tx, id, input.application_version).await? {
        return Err(AppError::Conflict {
            message: "The application has changed since you opened it (screened again or answered): read it again, then decide.".to_owned(),
            version: None,
        });
    }
    let Some(meeting) = db::meetings(&mut tx, round.id)
        .await?
        .into_iter()
        .find(|m| m.quorate)
    else {
        return Err(AppError::BadRequest {
            message: "Record the quorate meeting that decided before you record its decisions."
                .to_owned(),
        });
    };
    // Conditions go with an award, feedback with a decline or a deferral.
    let conditions = if outcome == Outcome::Award {
        conditions
    } else {
        String::new()
    };
    let feedback = if outcome == Outcome::Award {
        String::new()
    } else {
        feedback
    };
    let decided = db::decide(
        &mut tx,
        &NewDecision {
            application: id,
            meeting: meeting.id,
            outcome,
            amount_pence: amount,
            conditions: &conditions,
            feedback: &feedback,
            by: user.id,
        },
        version,
        now,
    )
    .await?;
    if !decided {
        return Err(AppError::Conflict {
            message: "Someone else recorded a decision on this application first: read it, then decide again.".to_owned(),
            version: before.as_ref().map(|d| d.version),
        });
    }
    let entity_id = id.to_string();
    let amount_text = |d: &Decision| (d.outcome == Outcome::Award).then(|| money(d.amount_pence));
    Entry::new(
        user.id,
        "decide_application",
        ("grant_application", entity_id.as_str()),
    )
    .fields(&[
        ("application", None, Some(application.reference.clone())),
        ("meeting", None, Some(meeting.held_on.to_string())),
        (
            "outcome",
            before.as_ref().map(|d| d.outcome.label().to_owned()),
            Some(outcome.label().to_owned()),
        ),
        (
            "amount",
            before.as_ref().and_then(amount_text),
            (outcome == Outcome::Award).then(|| money(amount)),
        ),
        (
            "conditions",
            before
                .as_ref()
                .map(|d| d.conditions.clone())
                .filter(|c| !c.is_empty()),
            Some(conditions).filter(|c| !c.is_empty()),
        ),
        (
            "feedback",
            before
                .as_ref()
                .map(|d| d.feedback.clone())
                .filter(|f| !f.is_empty()),
            Some(feedback).filter(|f| !f.is_empty()),
        ),
    ])
    .version(version, version + 1)
    .record(&mut tx, now)
    .await?;
    tx.commit().await?;
    Ok(())
}
