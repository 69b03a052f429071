//! A recommendation's milestones: added, edited, done.

use super::{can_update, name_of, plan_to_update, SHORT_TEXT};
use crate::audit::{conflict, Entry, FieldChange};
use crate::auth::{CurrentUser, Person};
use crate::error::AppError;
use crate::forms::Checks;
use crate::plumbing::Db;
use crate::recommendations::db::{self};
use crate::recommendations::model::Milestone;
use chrono::{DateTime, NaiveDate, Utc};

pub struct MilestoneInput<'a> {
    pub title: &'a str,
    pub due_on: &'a str,
    pub done_on: &'a str,
    pub owner_id: &'a str,
}

struct CheckedMilestone {
    title: String,
    due_on: NaiveDate,
    done_on: Option<NaiveDate>,
    owner_id: Option<i64>,
}

fn check_milestone(
    input: &MilestoneInput<'_>,
    (people, current_owner): (&[Person], Option<i64>),
    today: NaiveDate,
) -> Result<CheckedMilestone, AppError> {
    let mut checks = Checks::default();
    let title = checks.text("title", "the milestone", input.title, true, SHORT_TEXT);
    let due_on = checks.date("due_on", "the due date", input.due_on, true);
    let done_on = checks.date("done_on", "the date it was done", input.done_on, false);
    if done_on.is_some_and(|done| done > today) {
        checks.add("done_on", "The date it was done cannot be in the future");
    }
    let owner_id = checks.owner(
        "owner_id",
        input.owner_id,
        people.iter().map(|p| p.id),
        current_owner,
    );
    checks.finish(|| {
        Some(CheckedMilestone {
            title,
            due_on: due_on?,
            done_on,
            owner_id,
        })
    })
}

fn milestone_fields(
    m: &Milestone,
    people: &[Person],
) -> [(&'static str, Option<String>, Option<String>); 4] {
    [
        ("title", None, Some(m.title.clone())),
        ("due", None, Some(crate::format::date(m.due_on))),
        ("done", None, m.done_on.map(crate::format::date)),
        ("owner", None, name_of(people, m.owner_id)),
    ]
}

/// Adds a milestone to recommendation `number` of `icb`'s review.
pub async fn add_milestone(
    db: &Db,
    user: &CurrentUser,
    (icb, number): (&str, i64),
    input: MilestoneInput<'_>,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let plan = plan_to_update(&mut tx, user, (icb, number)).await?;
    let people = crate::auth::db::people(&mut tx, &plan.icb_code).await?;
    let checked = check_milestone(&input, (&people, None), now.date_naive())?;
    let id = db::insert_milestone(&mut tx, plan.id, now).await?;
    let milestone = Milestone {
        id,
        recommendation_number: number,
        version: 1,
        title: checked.title,
        due_on: checked.due_on,
        done_on: checked.done_on,
        owner_id: checked.owner_id,
        owner_name: None,
        recorded_at: now,
    };
    if !db::insert_milestone_revision(&mut tx, &milestone, user.id).await? {
        return Err(AppError::Internal);
    }
    Entry::new(user.id, "add_milestone", ("milestone", &id.to_string()))
        .fields(&milestone_fields(&milestone, &people))
        .version(0, 1)
        .change("recommendation", FieldChange::created(number))
        .record(&mut tx, now)
        .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update_milestone(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    version: i64,
    input: MilestoneInput<'_>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let current = db::current_milestone(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::not_found("That milestone"))?;
    let plan = db::plan_of_milestone(&mut tx, id)
        .await?
        .ok_or(AppError::Internal)?;
    if !(can_update(user, &plan) || current.owner_id == Some(user.id)) {
        return Err(AppError::Forbidden);
    }
    let entity_id = id.to_string();
    let entity = ("milestone", entity_id.as_str());
    if current.version != version {
        return Err(conflict(&mut tx, entity, version).await?);
    }
    let people = crate::auth::db::people(&mut tx, &plan.icb_code).await?;
    let checked = check_milestone(&input, (&people, current.owner_id), now.date_naive())?;
    let next = Milestone {
        version: version + 1,
        title: checked.title,
        due_on: checked.due_on,
        done_on: checked.done_on,
        owner_id: checked.owner_id,
        recorded_at: now,
        ..current.clone()
    };
    let before = milestone_fields(&current, &people);
    let after = milestone_fields(&next, &people);
    let fields: Vec<_> = before
        .into_iter()
        .zip(after)
        .map(|((field, _, old), (_, _, new))| (field, old, new))
        .collect();
    if !db::insert_milestone_revision(&mut tx, &next, user.id).await? {
        return Err(conflict(&mut tx, entity, version).await?);
    }
    Entry::new(user.id, "update_milestone", entity)
        .fields(&fields)
        .version(version, version + 1)
        .record(&mut tx, now)
        .await?;
    tx.commit().await?;
    Ok(())
}
