//! Panel rules: fund managers appoint panel members (people holding the panel member role
//! for the fund's place) to a round; a member declares on every eligible application before
//! scoring it; a conflicted member neither scores it nor reads its scores; scores stay
//! hidden from a member until they submit their own. Every change is checked, validated
//! and audited in its transaction; a declaration and a review are made once.

use super::db;
use super::model::{Interest, PanelLine, PanelView, Recommendation, ReviewView};
use super::scoring::{summarise, Weighting};
use crate::audit::Entry;
use crate::auth::{CurrentUser, Permission, Scope};
use crate::chest::applications::db as application_db;
use crate::chest::applications::service::round_and_fund;
use crate::chest::applications::{Application, ApplicationStatus};
use crate::chest::model::Fund;
use crate::chest::rounds::db as round_db;
use crate::chest::rounds::GrantRound;
use crate::chest::service::can_manage;
use crate::error::AppError;
use crate::forms::Checks;
use crate::plumbing::Conn;
use crate::plumbing::Db;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

const MAX_NOTE_CHARS: usize = 1_000;
const MAX_COMMENT_CHARS: usize = 2_000;

/// Whether `user` holds the panel member role for `fund`'s place: for an ICB's or a
/// borough's fund, that ICB's; for a regional fund, any ICB's (as [`candidates`] offers).
pub(in crate::chest) fn may_score(user: &CurrentUser, fund: &Fund) -> bool {
    match fund.scope() {
        Scope::Region => user
            .grants
            .0
            .iter()
            .any(|grant| grant.role.permits(Permission::ScoreApplications)),
        scope => user.can(Permission::ScoreApplications, &scope),
    }
}

/// Whether `user` sits on `round`'s panel: appointed to it, and still a panel member for
/// the fund's place.
pub async fn sits_on(
    conn: &mut Conn,
    user: &CurrentUser,
    fund: &Fund,
    round: i64,
) -> Result<bool, AppError> {
    Ok(may_score(user, fund)
        && db::members(conn, round)
            .await?
            .iter()
            .any(|(id, _)| *id == user.id))
}

/// Whom `fund`'s managers may appoint: people holding the panel member role for its ICB
/// (for a regional fund, any ICB), not yet on `members`.
async fn candidates(
    conn: &mut Conn,
    fund: &Fund,
    members: &[(i64, String)],
) -> Result<Vec<(i64, String)>, AppError> {
    let icb = match fund.place_level.as_str() {
        "icb" => Some(fund.place.clone()),
        "borough" => crate::boroughs::db::icb_of_borough(conn, &fund.place).await?,
        _ => None,
    };
    Ok(db::panel_people(conn, icb.as_deref())
        .await?
        .into_iter()
        .filter(|(id, _)| !members.iter().any(|(member, _)| member == id))
        .collect())
}

/// `/chest/rounds/{id}/panel` for `user`: its members and those who run the fund.
pub async fn panel_view(db: &Db, user: &CurrentUser, id: i64) -> Result<PanelView, AppError> {
    let mut conn = db.conn().await?;
    let (round, fund) = round_and_fund(&mut conn, id).await?;
    let manages = can_manage(user, &fund);
    let is_member = sits_on(&mut conn, user, &fund, id).await?;
    if !manages && !is_member {
        return Err(AppError::Forbidden);
    }
    let members = db::members(&mut conn, id).await?;
    let declarations = db::round_declarations(&mut conn, id).await?;
    let reviews = db::round_reviews(&mut conn, id).await?;
    let applications = application_db::lines(&mut conn, id)
        .await?
        .into_iter()
        .filter(|a| a.status == ApplicationStatus::Eligible)
        .map(|application| PanelLine {
            declared: declarations
                .iter()
                .find(|d| d.application_id == application.id && d.user_id == user.id)
                .map(|d| d.interest),
            reviewed: reviews
                .iter()
                .any(|r| r.application_id == application.id && r.user_id == user.id),
            reviews: reviews
                .iter()
                .filter(|r| r.application_id == application.id)
                .count(),
            application,
        })
        .collect();
    Ok(PanelView {
        candidates: if manages {
            candidates(&mut conn, &fund, &members).await?
        } else {
            Vec::new()
        },
        fund_name: fund.name,
        round,
        members,
        is_member,
        can_manage: manages,
        applications,
    })
}

/// Appoints `member` to round `id`'s panel, for `user` who runs its fund.
pub async fn appoint(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    member: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let (round, fund) = round_and_fund(&mut tx, id).await?;
    if !can_manage(user, &fund) {
        return Err(AppError::Forbidden);
    }
    let members = db::members(&mut tx, id).await?;
    let offered = candidates(&mut tx, &fund, &members).await?;
    let mut checks = Checks::default();
    let chosen = checks.offered_person("member", member, &offered, "a panel member");
    let (chosen, name) = checks.finish(|| chosen)?;
    if db::appoint(&mut tx, id, chosen, user.id, now).await? {
        let entity_id = id.to_string();
        Entry::new(
            user.id,
            "appoint_panel_member",
            ("grant_round", entity_id.as_str()),
        )
        .fields(&[
            ("round", None, Some(round.code.clone())),
            ("member", None, Some(name)),
        ])
        .record(&mut tx, now)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The application `id`, its round and fund, for a member of that round's panel: the
/// application must be eligible (with the panel).
async fn for_member(
    conn: &mut Conn,
    user: &CurrentUser,
    id: i64,
) -> Result<(Application, GrantRound, Fund), AppError> {
    let application = application_db::find(conn, id)
        .await?
        .ok_or_else(|| AppError::not_found("That application"))?;
    let (round, fund) = round_and_fund(conn, application.round_id).await?;
    if !sits_on(conn, user, &fund, round.id).await? {
        return Err(AppError::Forbidden);
    }
    if application.status != ApplicationStatus::Eligible {
        return Err(AppError::BadRequest {
            message: "This application is not with the panel.".to_owned(),
        });
    }
    if crate::chest::decisions::service::decision_on(conn, id)
        .await?
        .is_some_and(|d| d.outcome.is_final())
    {
        return Err(AppError::BadRequest {
            message: "The panel has decided on this application.".to_owned(),
        });
    }
    Ok((application, round, fund))
}

/// `user`'s declaration on application `id`: made once, before scoring.
pub async fn declare(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    interest: &str,
    note: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let (application, ..) = for_member(&mut tx, user, id).await?;
    let mut checks = Checks::default();
    let interest = checks.choice::<Interest>(
        "interest",
        interest,
        "Choose no interest, an interest or a conflict",
    );
    let note = checks.text("note", "what the interest is", note, false, MAX_NOTE_CHARS);
    if interest.is_some_and(|i| i != Interest::NoInterest) && note.is_empty() {
        checks.add(
            "note",
            "Say what the interest is: the decision pack lists it",
        );
    }
    let interest = checks.finish(|| interest)?;
    if !db::declare(&mut tx, id, user.id, (interest, &note), now).await? {
        return Err(AppError::BadRequest {
            message: "You have declared on this application already.".to_owned(),
        });
    }
    let entity_id = id.to_string();
    Entry::new(
        user.id,
        "declare_interest",
        ("grant_application", entity_id.as_str()),
    )
    .fields(&[
        ("application", None, Some(application.reference.clone())),
        ("interest", None, Some(interest.label().to_owned())),
        ("note", None, Some(note).filter(|n| !n.is_empty())),
    ])
    .record(&mut tx, now)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What a member typed to score an application: a score (`0` to `5`, or `na`) and a
/// comment for each criterion, by its id, and their recommendation.
pub struct ReviewInput<'a> {
    pub scores: &'a BTreeMap<String, String>,
    pub comments: &'a BTreeMap<String, String>,
    pub recommendation: &'a str,
}

/// `user`'s review of application `id`: after a declaration that is not a conflict, once.
pub async fn review(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    input: ReviewInput<'_>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let (application, round, _) = for_member(&mut tx, user, id).await?;
    let declared = db::round_declarations(&mut tx, round.id)
        .await?
        .into_iter()
        .find(|d| d.application_id == id && d.user_id == user.id);
    match declared.map(|d| d.interest) {
        None => {
            return Err(AppError::BadRequest {
                message: "Declare any interest in this application before you score it.".to_owned(),
            })
        }
        Some(Interest::Conflict) => return Err(AppError::Forbidden),
        Some(_) => {}
    }
    let criteria = round_db::criteria(&mut tx, round.id).await?;
    let mut checks = Checks::default();
    let mut marks = Vec::new();
    for criterion in &criteria {
        let key = criterion.id.to_string();
        let field = format!("score-{}", criterion.id);
        let typed = input.scores.get(&key).map_or("", |s| s.trim());
        let score = match typed {
            "na" if criterion.na_allowed => Some(None),
            "na" => {
                checks.add(
                    &field,
                    format!("{} cannot be N/A: score it from 0 to 5", criterion.label),
                );
                None
            }
            text => match text.parse::<i64>().ok().filter(|s| (0..=5).contains(s)) {
                Some(score) => Some(Some(score)),
                None => {
                    checks.add(&field, format!("Score {} from 0 to 5", criterion.label));
                    None
                }
            },
        };
        let comment = checks.text(
            &format!("comment-{}", criterion.id),
            "the comment",
            input.comments.get(&key).map_or("", String::as_str),
            false,
            MAX_COMMENT_CHARS,
        );
        if let Some(score) = score {
            marks.push((criterion.id, score, comment));
        }
    }
    let recommendation = checks.choice::<Recommendation>(
        "recommendation",
        input.recommendation,
        "Choose what you recommend: fund it, maybe, or do not fund it",
    );
    let recommendation = checks.finish(|| recommendation)?;
    let Some(review) = db::insert_review(&mut tx, id, user.id, recommendation, &marks, now).await?
    else {
        return Err(AppError::BadRequest {
            message: "You have scored this application already.".to_owned(),
        });
    };
    let weighting = Weighting::of(&criteria);
    let own: Vec<(i64, Option<i64>)> = marks.iter().map(|(c, s, _)| (*c, *s)).collect();
    let score = super::scoring::member_score(&weighting, &own).map_or_else(
        || "every criterion N/A".to_owned(),
        |s| crate::format::decimal(s, 2),
    );
    let entity_id = id.to_string();
    Entry::new(
        user.id,
        "score_application",
        ("grant_application", entity_id.as_str()),
    )
    .fields(&[
        ("application", None, Some(application.reference.clone())),
        ("review", None, Some(review.to_string())),
        ("weighted_score", None, Some(score)),
        (
            "recommendation",
            None,
            Some(recommendation.label().to_owned()),
        ),
    ])
    .record(&mut tx, now)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// `/chest/applications/{id}/review` for `user`: a member of its round's panel (the
/// application must be with the panel) or someone who runs the fund. Its contact never
/// shows here. A member reads the reviews once they have submitted theirs, and never when
/// they declared a conflict; those who run the fund read them all.
pub async fn review_view(db: &Db, user: &CurrentUser, id: i64) -> Result<ReviewView, AppError> {
    let mut conn = db.conn().await?;
    let application = application_db::find(&mut conn, id)
        .await?
        .ok_or_else(|| AppError::not_found("That application"))?;
    let (round, fund) = round_and_fund(&mut conn, application.round_id).await?;
    let manages = can_manage(user, &fund);
    let is_member = sits_on(&mut conn, user, &fund, round.id).await?;
    let reads = manages || (is_member && application.status == ApplicationStatus::Eligible);
    if !reads {
        return Err(AppError::Forbidden);
    }
    let declarations: Vec<_> = db::round_declarations(&mut conn, round.id)
        .await?
        .into_iter()
        .filter(|d| d.application_id == id)
        .collect();
    let reviews: Vec<_> = db::round_reviews(&mut conn, round.id)
        .await?
        .into_iter()
        .filter(|r| r.application_id == id)
        .collect();
    let declaration = declarations.iter().find(|d| d.user_id == user.id).cloned();
    let review = reviews.iter().find(|r| r.user_id == user.id).cloned();
    let conflicted = declaration
        .as_ref()
        .is_some_and(|d| d.interest == Interest::Conflict);
    let sees_scores = !conflicted && (review.is_some() || (manages && !is_member));
    let criteria = round_db::criteria(&mut conn, round.id).await?;
    let weighting = Weighting::of(&criteria);
    let marks: Vec<_> = reviews.iter().map(|r| r.marks()).collect();
    Ok(ReviewView {
        fund_name: fund.name,
        summary: sees_scores.then(|| summarise(&weighting, &marks)),
        reviews: if sees_scores { reviews } else { Vec::new() },
        declarations: if manages { declarations } else { Vec::new() },
        criteria,
        budget: application_db::budget(&mut conn, id).await?,
        priorities: application_db::priorities(&mut conn, id).await?,
        answers: application_db::answers(&mut conn, id).await?,
        application,
        round,
        is_member,
        declaration,
        review,
    })
}

#[cfg(test)]
mod tests {
    use super::may_score;
    use crate::auth::{CurrentUser, Grant, Grants, Role, Scope};
    use crate::chest::model::Fund;

    fn fund(place: &str, level: &str) -> Fund {
        Fund {
            id: 1,
            name: "Fund".into(),
            place: place.into(),
            place_name: place.into(),
            place_level: level.into(),
            holder_name: "Holder".into(),
            holder_org_id: "GB-LAE-ENF".into(),
            identifier_prefix: "360G-x".into(),
            illustrative: false,
            managers: Vec::new(),
        }
    }

    #[test]
    fn a_panel_member_scores_for_their_icb_and_for_the_region() {
        let member = CurrentUser {
            id: 1,
            name: "Pat".into(),
            email: "pat@example.org".into(),
            must_change_password: false,
            grants: Grants(vec![Grant {
                role: Role::PanelMember,
                scope: Scope::Icb("NCL".into()),
                icb: Some("NCL".into()),
                icb_boroughs: vec!["enfield".into()],
            }]),
        };
        assert!(may_score(&member, &fund("enfield", "borough")));
        assert!(may_score(&member, &fund("NCL", "icb")));
        assert!(may_score(&member, &fund("london", "region")));
        assert!(!may_score(&member, &fund("NEL", "icb")));
        let viewer = CurrentUser {
            grants: Grants(vec![Grant {
                role: Role::Viewer,
                ..member.grants.0[0].clone()
            }]),
            ..member
        };
        assert!(!may_score(&viewer, &fund("london", "region")));
    }
}
