//! A recommendation's borough lines: each borough's owner, status and note.

use super::{can_edit_line, can_plan, name_of, plan_of, LONG_TEXT};
use crate::audit::{conflict, Entry};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::forms::Checks;
use crate::plumbing::Db;
use crate::recommendations::db::{self};
use crate::recommendations::model::{BoroughLine, Status};
use chrono::{DateTime, Utc};

/// Adds `borough`'s line to recommendation `number` of `icb`'s review.
pub async fn add_borough_line(
    db: &Db,
    user: &CurrentUser,
    (icb, number): (&str, i64),
    borough: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let plan = plan_of(&mut tx, icb, number).await?;
    if !can_plan(user, &plan.icb_code) {
        return Err(AppError::Forbidden);
    }
    let boroughs = crate::boroughs::db::list_boroughs(&mut tx).await?;
    let Some(borough) = boroughs
        .iter()
        .find(|b| b.code == borough && b.icb_code == plan.icb_code)
    else {
        return Err(AppError::field("borough", "Select a borough"));
    };
    let Some(id) = db::insert_borough_line(&mut tx, plan.id, &borough.code).await? else {
        return Err(AppError::field(
            "borough",
            format!("{} already has a line on this recommendation", borough.name),
        ));
    };

    Entry::new(
        user.id,
        "add_borough_line",
        ("borough_line", &id.to_string()),
    )
    .fields(&[
        ("recommendation", None, Some(number.to_string())),
        ("borough", None, Some(borough.name.clone())),
    ])
    .version(0, 1)
    .record(&mut tx, now)
    .await?;
    tx.commit().await?;
    Ok(())
}

pub struct LineInput<'a> {
    pub owner_id: &'a str,
    pub status: &'a str,
    pub note: &'a str,
}

pub async fn update_borough_line(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    version: i64,
    input: LineInput<'_>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    // The line is locked, and a stranger refused, before their input is checked.
    let mut tx = db.begin().await?;
    let before = db::lock_borough_line(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::not_found("That borough line"))?;
    if !can_edit_line(user, &before) {
        return Err(AppError::Forbidden);
    }
    let people = crate::auth::db::people(&mut tx, &before.icb_code).await?;
    let mut checks = Checks::default();
    let owner_id = checks.owner(
        "owner_id",
        input.owner_id,
        people.iter().map(|p| p.id),
        before.owner_id,
    );
    let status: Option<Status> = checks.choice("status", input.status, "Select a status");
    let note = checks.text("note", "the note", input.note, false, LONG_TEXT);
    let (owner_id, status, note) = checks.finish(|| Some((owner_id, status?, note)))?;
    let entity_id = id.to_string();
    let entity = ("borough_line", entity_id.as_str());
    if before.version != version {
        return Err(conflict(&mut tx, entity, version).await?);
    }
    let after = BoroughLine {
        owner_id,
        status,
        note,
        ..before.clone()
    };
    if !db::update_borough_line(&mut tx, &after, version).await? {
        return Err(conflict(&mut tx, entity, version).await?);
    }

    Entry::new(user.id, "update_borough_line", entity)
        .fields(&[
            (
                "owner",
                before.owner_name.clone(),
                name_of(&people, after.owner_id),
            ),
            (
                "status",
                Some(before.status.label().to_owned()),
                Some(after.status.label().to_owned()),
            ),
            (
                "note",
                Some(before.note.clone()).filter(|n| !n.is_empty()),
                Some(after.note.clone()).filter(|n| !n.is_empty()),
            ),
        ])
        .version(version, version + 1)
        .record(&mut tx, now)
        .await?;
    tx.commit().await?;
    Ok(())
}
