//! Changes to assessment rounds and the framework: who may make them, what is valid, and the
//! audit row written in the same transaction.
//!
//! Who may do what: a borough's lead (and ICB leads, for every borough: `ManageAssessment`)
//! creates rounds, chooses participants, moves a round on and moderates it; a participant
//! rates while scoring is open, once; administrators (`EditReferenceData`) reword the
//! framework, which makes a new framework version.
//!
//! Saves carry the version they started from and are refused, with the tracker's
//! "someone else saved this first", if it moved on: an agreed level and a gap action's
//! answer have their own versions, a rewording names the framework version it edited. A
//! decision checks, inside its transaction and with the round held, that the round is still
//! where decisions are made.

use super::db::{self, Decision, GapDecision, NewRound, NewVersion};
use super::model::{
    Framework, GapStatus, Level, LevelInput, Participant, Rating, RatingInput, Round, RoundStatus,
};
use crate::audit::{stale, Entry};
use crate::auth::{CurrentUser, Permission, Scope};
use crate::components::CONFIRMED;
use crate::error::AppError;
use crate::forms::Checks;
use crate::plumbing::{Conn, Db, Tx};
use chrono::{DateTime, Utc};

const SHORT_TEXT: usize = 200;
const LONG_TEXT: usize = 4000;

/// Whether the user runs assessment rounds for `borough` (its lead, or an ICB lead).
pub fn can_manage(user: &CurrentUser, borough: &str) -> bool {
    user.can(
        Permission::ManageAssessment,
        &Scope::Borough(borough.to_owned()),
    )
}

/// Whether the user may reword the framework.
pub fn can_edit_framework(user: &CurrentUser) -> bool {
    user.can(Permission::EditReferenceData, &Scope::Region)
}

/// Published rounds are for everyone who reads the borough's ICB; before that, the
/// borough's managers and the round's participants.
pub fn can_see(user: &CurrentUser, round: &Round, participants: &[Participant]) -> bool {
    (round.status == RoundStatus::Published && user.reaches_borough(&round.borough_code))
        || can_manage(user, &round.borough_code)
        || participants.iter().any(|p| p.user_id == user.id)
}

pub async fn round_of(conn: &mut Conn, id: i64) -> Result<Round, AppError> {
    db::find_round(conn, id)
        .await?
        .ok_or_else(|| AppError::not_found("That assessment round"))
}

pub async fn framework_of(conn: &mut Conn, round: &Round) -> Result<Framework, AppError> {
    db::framework(conn, round.framework_version)
        .await?
        .ok_or(AppError::Internal)
}

fn round_entity(id: i64) -> String {
    id.to_string()
}

pub async fn create_round(
    db: &Db,
    user: &CurrentUser,
    borough: &str,
    title: &str,
    held_on: &str,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    if !can_manage(user, borough) {
        return Err(AppError::Forbidden);
    }
    let mut tx = db.begin().await?;
    let boroughs = crate::boroughs::db::list_boroughs(&mut tx).await?;
    let mut checks = Checks::default();
    if !boroughs.iter().any(|b| b.code == borough) {
        checks.add("borough", "Choose a borough");
    }
    let title = checks.text("title", "a title for the round", title, true, SHORT_TEXT);
    let held_on = checks.date("held_on", "the date of the round", held_on, true);
    let (title, held_on) = checks.finish(|| Some((title, held_on?)))?;
    let framework_version = db::current_framework_number(&mut tx).await?;
    let id = db::insert_round(
        &mut tx,
        NewRound {
            borough,
            framework_version,
            title: &title,
            held_on,
            created_by: user.id,
        },
        now,
    )
    .await?;

    let entity_id = round_entity(id);
    Entry::new(
        user.id,
        "create_round",
        ("assessment_round", entity_id.as_str()),
    )
    .fields(&[
        ("borough", None, Some(borough.to_owned())),
        ("title", None, Some(title)),
        ("held_on", None, Some(crate::format::date(held_on))),
        ("status", None, Some(RoundStatus::Draft.label().to_owned())),
        (
            "framework_version",
            None,
            Some(framework_version.to_string()),
        ),
    ])
    .record(&mut tx, now)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The round, if the user manages its borough (otherwise `Forbidden`).
async fn managed_round(conn: &mut Conn, user: &CurrentUser, id: i64) -> Result<Round, AppError> {
    let round = round_of(conn, id).await?;
    if can_manage(user, &round.borough_code) {
        Ok(round)
    } else {
        Err(AppError::Forbidden)
    }
}

fn in_status(round: &Round, allowed: &[RoundStatus], what: &str) -> Result<(), AppError> {
    if allowed.contains(&round.status) {
        Ok(())
    } else {
        Err(AppError::BadRequest {
            message: format!(
                "{what} This round is in {}.",
                round.status.label().to_lowercase()
            ),
        })
    }
}

/// Holds the round for the rest of `tx` and checks, as it now stands, that it is in one of
/// `allowed`: a decision cannot change a round that has moved on since it was loaded.
async fn hold_round(
    tx: &mut Tx,
    round: &Round,
    allowed: &[RoundStatus],
    what: &str,
) -> Result<(), AppError> {
    let status = db::lock_round(tx, round.id)
        .await?
        .ok_or_else(|| AppError::not_found("That assessment round"))?;
    in_status(
        &Round {
            status,
            ..round.clone()
        },
        allowed,
        what,
    )
}

/// The refusal of a stale save of `field` in a round's history (each domain's agreed level
/// and gap action have their own versions in the one round's trail), at `current`.
async fn stale_in_round(
    conn: &mut Conn,
    round_id: i64,
    field: &str,
    version: i64,
    current: i64,
) -> Result<AppError, AppError> {
    let entity_id = round_entity(round_id);
    let history: Vec<_> = crate::audit::db::entity_history(conn, "assessment_round", &entity_id)
        .await?
        .into_iter()
        .filter(|event| event.changes.contains_key(field))
        .collect();
    Ok(stale(&history, version, Some(current)))
}

/// Adds (`add`) or removes a participant while the round is a draft.
pub async fn change_participant(
    db: &Db,
    user: &CurrentUser,
    round_id: i64,
    participant: &str,
    add: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let round = managed_round(&mut tx, user, round_id).await?;
    // Held until the change commits: the round cannot leave draft meanwhile.
    hold_round(
        &mut tx,
        &round,
        &[RoundStatus::Draft],
        "Participants can only change while a round is in draft.",
    )
    .await?;
    let people = crate::auth::db::people_around(&mut tx, &round.borough_code).await?;
    let current = db::participants(&mut tx, round_id).await?;
    let mut checks = Checks::default();
    let chosen = checks.person(
        "participant",
        participant,
        people.iter().map(|p| p.id),
        "a participant",
    );
    if participant.trim().is_empty() {
        checks.add("participant", "Choose a participant");
    }
    let already = chosen.is_some_and(|id| current.iter().any(|p| p.user_id == id));
    if add && already {
        checks.add("participant", "That person is already taking part");
    }
    if !add && chosen.is_some() && !already {
        checks.add("participant", "That person is not taking part");
    }
    let chosen = checks.finish(|| chosen)?;
    let name = people
        .iter()
        .find(|p| p.id == chosen)
        .map(|p| p.name.clone());
    let (action, before, after) = if add {
        db::add_participant(&mut tx, round_id, chosen).await?;
        ("add_participant", None, name)
    } else {
        db::remove_participant(&mut tx, round_id, chosen).await?;
        ("remove_participant", name, None)
    };
    let entity_id = round_entity(round_id);

    Entry::new(user.id, action, ("assessment_round", entity_id.as_str()))
        .fields(&[("participant", before, after)])
        .record(&mut tx, now)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Moves a round one step on, if what that step needs is there.
/// Closing scoring and publishing are made only `confirmed`, once the lead has seen who
/// has not submitted or what will be shared: unconfirmed, a move that would otherwise go
/// ahead answers [`AppError::NeedsConfirmation`] and changes nothing.
pub async fn move_round(
    db: &Db,
    user: &CurrentUser,
    round_id: i64,
    to: &str,
    confirmed: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let round = managed_round(&mut tx, user, round_id).await?;
    let Some(to) = RoundStatus::from_code(to) else {
        return Err(AppError::BadRequest {
            message: format!("{to:?} is not a round status."),
        });
    };
    if round.status.next() != Some(to) {
        return Err(AppError::BadRequest {
            message: format!(
                "A round in {} cannot move to {}: rounds go draft → scoring → moderation → agreed → published, one step at a time.",
                round.status.label().to_lowercase(),
                to.label().to_lowercase()
            ),
        });
    }
    match to {
        RoundStatus::Scoring => {
            if db::participants(&mut tx, round_id).await?.is_empty() {
                return Err(AppError::BadRequest {
                    message: "Add at least one participant before opening scoring.".into(),
                });
            }
        }
        RoundStatus::Moderation => {
            if !db::participants(&mut tx, round_id)
                .await?
                .iter()
                .any(|p| p.submitted)
            {
                return Err(AppError::BadRequest {
                    message: "No one has submitted ratings yet: moderation needs at least one set."
                        .into(),
                });
            }
        }
        RoundStatus::Agreed => {
            let framework = framework_of(&mut tx, &round).await?;
            let agreed = db::agreed(&mut tx, round_id).await?;
            let undecided: Vec<&str> = framework
                .domains
                .iter()
                .filter(|d| !agreed.iter().any(|a| a.domain == d.position))
                .map(|d| d.name.as_str())
                .collect();
            if !undecided.is_empty() {
                return Err(AppError::BadRequest {
                    message: format!(
                        "Every domain needs an agreed level before the round is agreed. Still undecided: {}.",
                        undecided.join(", ")
                    ),
                });
            }
            // A gap left "Proposed" would be stranded once the round is agreed.
            let answered = db::gap_actions(&mut tx, round_id).await?;
            let proposed: Vec<&str> = framework
                .domains
                .iter()
                .filter(|d| {
                    agreed
                        .iter()
                        .any(|a| a.domain == d.position && a.level < a.target_level)
                        && !answered.iter().any(|g| g.domain == d.position)
                })
                .map(|d| d.name.as_str())
                .collect();
            if !proposed.is_empty() {
                return Err(AppError::BadRequest {
                    message: format!(
                        "Accept or dismiss the action for every gap before the round is agreed. Still proposed: {}.",
                        proposed.join(", ")
                    ),
                });
            }
        }
        RoundStatus::Draft | RoundStatus::Published => {}
    }
    if matches!(to, RoundStatus::Moderation | RoundStatus::Published) && !confirmed {
        return Err(AppError::NeedsConfirmation);
    }
    if !db::set_status(&mut tx, round_id, round.status, to, now).await? {
        return Err(AppError::BadRequest {
            message: "Someone else moved this round on first: reload the page.".into(),
        });
    }
    if to == RoundStatus::Scoring {
        super::tasks::scoring_opened(&mut tx, &round, now).await?;
    }
    let entity_id = round_entity(round_id);

    Entry::new(
        user.id,
        "move_round",
        ("assessment_round", entity_id.as_str()),
    )
    .fields(&[(
        "status",
        Some(round.status.label().to_owned()),
        Some(to.label().to_owned()),
    )])
    .record(&mut tx, now)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A participant's ratings of every domain, submitted once while scoring is open.
pub async fn submit_ratings(
    db: &Db,
    user: &CurrentUser,
    round_id: i64,
    inputs: &[RatingInput],
    confirmed: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let round = round_of(&mut tx, round_id).await?;
    let participants = db::participants(&mut tx, round_id).await?;
    let Some(me) = participants.iter().find(|p| p.user_id == user.id) else {
        return Err(AppError::Forbidden);
    };
    // Held until the ratings commit: the round cannot leave scoring meanwhile.
    hold_round(
        &mut tx,
        &round,
        &[RoundStatus::Scoring],
        "Ratings can only be submitted while scoring is open.",
    )
    .await?;
    if me.submitted {
        return Err(AppError::BadRequest {
            message: "You have already submitted your ratings for this round.".into(),
        });
    }
    let framework = framework_of(&mut tx, &round).await?;
    let mut checks = Checks::default();
    let mut ratings = Vec::new();
    for scale in &framework.domains {
        let position = scale.position;
        let input = inputs
            .iter()
            .find(|i| i.domain == position)
            .cloned()
            .unwrap_or_default();
        let level = input
            .level
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|l| scale.levels.iter().any(|s| s.level == *l));
        if level.is_none() {
            checks.add(
                &format!("level_{position}"),
                format!("Choose a level for {}", scale.name),
            );
        }
        let evidence = checks.text(
            &format!("evidence_{position}"),
            &format!("the evidence for {}", scale.name),
            &input.evidence,
            true,
            LONG_TEXT,
        );
        let rationale = checks.text(
            &format!("rationale_{position}"),
            &format!("the rationale for {}", scale.name),
            &input.rationale,
            false,
            LONG_TEXT,
        );
        ratings.push(level.map(|level| Rating {
            user_id: user.id,
            rater: user.name.clone(),
            domain: position,
            level,
            evidence,
            rationale,
        }));
    }
    let ratings: Vec<Rating> = checks.finish(|| ratings.into_iter().collect())?;
    // Checked and complete: the rater sees them once more before they are fixed.
    if !confirmed {
        return Err(AppError::NeedsConfirmation);
    }
    if !db::mark_submitted(&mut tx, round_id, user.id, now).await? {
        return Err(AppError::BadRequest {
            message: "You have already submitted your ratings for this round.".into(),
        });
    }
    for rating in &ratings {
        db::insert_rating(&mut tx, round_id, rating).await?;
    }
    let fields: Vec<(String, Option<String>, Option<String>)> = ratings
        .iter()
        .zip(&framework.domains)
        .map(|(rating, scale)| {
            (
                scale.name.clone(),
                None,
                Some(scale.level_name(rating.level)),
            )
        })
        .collect();
    let fields: Vec<(&str, Option<String>, Option<String>)> = fields
        .iter()
        .map(|(name, before, after)| (name.as_str(), before.clone(), after.clone()))
        .collect();
    let entity_id = round_entity(round_id);
    Entry::new(
        user.id,
        "submit_ratings",
        ("assessment_round", entity_id.as_str()),
    )
    .fields(&fields)
    .record(&mut tx, now)
    .await?;
    tx.commit().await?;
    Ok(())
}

pub struct DecisionInput<'a> {
    pub domain: i64,
    /// The version of the agreed level the form was loaded with (0: none yet).
    pub version: i64,
    pub level: &'a str,
    pub target_level: &'a str,
    pub rationale: &'a str,
}

/// Records the agreed level, rationale and target of one domain in moderation.
pub async fn decide_domain(
    db: &Db,
    user: &CurrentUser,
    round_id: i64,
    input: DecisionInput<'_>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let round = managed_round(&mut tx, user, round_id).await?;
    in_status(
        &round,
        &[RoundStatus::Moderation],
        "Agreed levels are recorded in moderation.",
    )?;
    let framework = framework_of(&mut tx, &round).await?;
    let Some(scale) = framework.domain(input.domain) else {
        return Err(AppError::not_found("That domain"));
    };
    let domain_id = db::domain_id(&mut tx, input.domain)
        .await?
        .ok_or_else(|| AppError::not_found("That domain"))?;
    let mut checks = Checks::default();
    let mut level_of = |field: &str, value: &str, label: &str| {
        let level = value
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|l| scale.levels.iter().any(|s| s.level == *l));
        if level.is_none() {
            checks.add(field, format!("Choose {label}"));
        }
        level
    };
    let level = level_of("level", input.level, "the agreed level");
    let target = level_of("target_level", input.target_level, "a target level");
    if let (Some(level), Some(target)) = (level, target) {
        if target < level {
            checks.add(
                "target_level",
                "The target cannot be below the agreed level",
            );
        }
    }
    let rationale = checks.text(
        "rationale",
        "the rationale",
        input.rationale,
        true,
        LONG_TEXT,
    );
    let (level, target, rationale) = checks.finish(|| Some((level?, target?, rationale)))?;
    let stored = db::agreed(&mut tx, round_id)
        .await?
        .into_iter()
        .find(|a| a.domain == input.domain);
    let current = stored.as_ref().map_or(0, |a| a.version);
    let before =
        stored.map(|a| format!("{} (target {})", scale.level_name(a.level), a.target_level));
    let version = input.version;
    hold_round(
        &mut tx,
        &round,
        &[RoundStatus::Moderation],
        "Agreed levels are recorded in moderation.",
    )
    .await?;
    let saved = current == version
        && db::decide_agreed(
            &mut tx,
            Decision {
                round: round_id,
                domain_id,
                level,
                target_level: target,
                rationale: &rationale,
                by: user.id,
            },
            version,
            now,
        )
        .await?;
    if !saved {
        let current = db::agreed(&mut tx, round_id)
            .await?
            .into_iter()
            .find(|a| a.domain == input.domain)
            .map_or(0, |a| a.version);
        return Err(stale_in_round(&mut tx, round_id, &scale.name, version, current).await?);
    }
    let after = Some(format!("{} (target {target})", scale.level_name(level)));
    let entity_id = round_entity(round_id);
    Entry::new(
        user.id,
        "decide_domain",
        ("assessment_round", entity_id.as_str()),
    )
    .fields(&[(scale.name.as_str(), before, after)])
    .version(version, version + 1)
    .record(&mut tx, now)
    .await?;
    tx.commit().await?;
    Ok(())
}

pub struct GapInput<'a> {
    pub domain: i64,
    /// The wording the lead settled on (required to accept).
    pub title: &'a str,
    /// `accept` or `dismiss`.
    pub decision: &'a str,
    /// The version of the answer the form was loaded with (0: still proposed).
    pub version: i64,
    /// [`CONFIRMED`] when the lead has confirmed dismissing an action already accepted.
    pub confirm: &'a str,
}

/// The lead's answer to a proposed gap action: `accept` (with the wording they settled
/// on) or `dismiss`.
pub async fn decide_gap_action(
    db: &Db,
    user: &CurrentUser,
    round_id: i64,
    input: GapInput<'_>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let GapInput {
        domain,
        title,
        decision,
        version,
        confirm,
    } = input;
    let round = managed_round(&mut tx, user, round_id).await?;
    in_status(
        &round,
        &[RoundStatus::Moderation, RoundStatus::Agreed],
        "Gap actions are settled in moderation or once the round is agreed.",
    )?;
    let framework = framework_of(&mut tx, &round).await?;
    let Some(scale) = framework.domain(domain) else {
        return Err(AppError::not_found("That domain"));
    };
    let has_gap = db::agreed(&mut tx, round_id)
        .await?
        .iter()
        .any(|a| a.domain == domain && a.level < a.target_level);
    if !has_gap {
        return Err(AppError::BadRequest {
            message: format!(
                "{} has no gap: its agreed level is not below its target.",
                scale.name
            ),
        });
    }
    let mut checks = Checks::default();
    let accept = match decision {
        "accept" => true,
        "dismiss" => false,
        _ => {
            checks.add("decision", "Choose to accept or dismiss the action");
            false
        }
    };
    let answered = db::gap_actions(&mut tx, round_id)
        .await?
        .into_iter()
        .find(|g| g.domain == domain);
    let unconfirmed_dismissal = answered
        .as_ref()
        .filter(|g| g.status == GapStatus::Accepted && decision == "dismiss")
        .filter(|_| confirm != CONFIRMED);
    if let Some(accepted) = unconfirmed_dismissal {
        checks.add(
            "confirm",
            format!(
                "\"{}\" was accepted: tick \"Yes, dismiss this accepted action\" to confirm (its wording is kept)",
                accepted.title
            ),
        );
    }
    let title = checks.text("title", "the action", title, accept, SHORT_TEXT);
    let (accept, title) = checks.finish(|| Some((accept, title)))?;
    // Dismissing keeps the wording already settled on; it is never lost to an empty field.
    let title = match answered.filter(|g| !accept && !g.title.trim().is_empty()) {
        Some(answered) => answered.title,
        None => title,
    };
    let domain_id = db::domain_id(&mut tx, domain)
        .await?
        .ok_or_else(|| AppError::not_found("That domain"))?;
    let status = if accept {
        GapStatus::Accepted
    } else {
        GapStatus::Dismissed
    }
    .code();
    let label = format!("{} action", scale.name);
    hold_round(
        &mut tx,
        &round,
        &[RoundStatus::Moderation, RoundStatus::Agreed],
        "Gap actions are settled in moderation or once the round is agreed.",
    )
    .await?;
    let answer = GapDecision {
        round: round_id,
        domain_id,
        title: &title,
        status,
        by: user.id,
    };
    if !db::decide_gap_action(&mut tx, answer, version, now).await? {
        let current = db::gap_actions(&mut tx, round_id)
            .await?
            .into_iter()
            .find(|g| g.domain == domain)
            .map_or(0, |g| g.version);
        return Err(stale_in_round(&mut tx, round_id, &label, version, current).await?);
    }
    let entity_id = round_entity(round_id);
    Entry::new(
        user.id,
        if accept {
            "accept_gap_action"
        } else {
            "dismiss_gap_action"
        },
        ("assessment_round", entity_id.as_str()),
    )
    .fields(&[(label.as_str(), None, Some(format!("{status}: {title}")))])
    .version(version, version + 1)
    .record(&mut tx, now)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Rewords one domain's levels, starting from framework version `version` (the one the
/// editor loaded). Wording the same as the current version's makes no new version;
/// otherwise, if `version` is still current, a new framework version is written (earlier
/// rounds keep theirs) and its number answered.
pub async fn update_framework(
    db: &Db,
    user: &CurrentUser,
    domain: i64,
    version: i64,
    inputs: &[LevelInput],
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    if !can_edit_framework(user) {
        return Err(AppError::Forbidden);
    }
    let mut tx = db.begin().await?;
    let current_number = db::current_framework_number(&mut tx).await?;
    let current = db::framework(&mut tx, current_number)
        .await?
        .ok_or(AppError::Internal)?;
    let Some(scale) = current.domain(domain) else {
        return Err(AppError::not_found("That domain"));
    };
    let domain_id = db::domain_id(&mut tx, domain)
        .await?
        .ok_or_else(|| AppError::not_found("That domain"))?;
    let mut checks = Checks::default();
    let mut levels = Vec::new();
    for old in &scale.levels {
        let input = inputs
            .iter()
            .find(|i| i.level == old.level)
            .cloned()
            .unwrap_or_default();
        let name = checks.text(
            &format!("name_{}", old.level),
            &format!("a name for level {}", old.level),
            &input.name,
            true,
            60,
        );
        let descriptor = checks.text(
            &format!("descriptor_{}", old.level),
            &format!("a descriptor for level {}", old.level),
            &input.descriptor,
            true,
            LONG_TEXT,
        );
        let unchanged = name == old.name && descriptor == old.descriptor;
        levels.push(Level {
            level: old.level,
            name,
            descriptor,
            is_default: old.is_default && unchanged,
        });
    }
    let levels = checks.finish(|| Some(levels))?;
    let edited: Vec<(String, Option<String>, Option<String>)> = scale
        .levels
        .iter()
        .zip(&levels)
        .filter(|(old, new)| old.name != new.name || old.descriptor != new.descriptor)
        .map(|(old, new)| {
            (
                format!("Level {}", old.level),
                Some(format!("{}: {}", old.name, old.descriptor)),
                Some(format!("{}: {}", new.name, new.descriptor)),
            )
        })
        .collect();
    if edited.is_empty() {
        return Ok(current_number);
    }
    if version != current_number {
        return Err(stale_framework(&mut tx, version, current_number).await?);
    }
    let number = current_number + 1;
    let note = format!("{} reworded by {}", scale.name, user.name);
    let new_version = NewVersion {
        from: current_number,
        number,
        note: &note,
        domain_id,
        levels: &levels,
        by: user.id,
    };
    // Another rewording saved since `current_number` was read took this number first.
    if !db::insert_framework_version(&mut tx, new_version, now).await? {
        let current = db::current_framework_number(&mut tx).await?;
        return Err(stale_framework(&mut tx, version, current).await?);
    }
    let fields: Vec<(&str, Option<String>, Option<String>)> = edited
        .iter()
        .map(|(field, before, after)| (field.as_str(), before.clone(), after.clone()))
        .collect();
    let entity_id = number.to_string();
    Entry::new(
        user.id,
        "update_framework",
        ("framework_version", entity_id.as_str()),
    )
    .fields(&fields)
    .version(current_number, number)
    .record(&mut tx, now)
    .await?;
    tx.commit().await?;
    Ok(number)
}

/// The refusal of a rewording begun on framework version `version` once `current` is the
/// newest: who made each version since (one `update_framework` event each), and what they
/// changed.
async fn stale_framework(
    conn: &mut Conn,
    version: i64,
    current: i64,
) -> Result<AppError, AppError> {
    let since = crate::audit::db::Search {
        entity_type: Some("framework_version".into()),
        action: Some("update_framework".into()),
        ..Default::default()
    };
    let newer = current.saturating_sub(version).max(0);
    let mut history = crate::audit::db::search(conn, &since, newer, 0).await?;
    history.reverse();
    Ok(stale(&history, version, Some(current)))
}
