//! Changes to borough plan actions: the borough's lead, an ICB lead or the action's owner
//! may set owner, status, due and done dates and the linked recommendations. Validated,
//! then read, authorised and version-checked inside the transaction that changes it and
//! writes its audit row.

use super::BoroughAction;
use crate::audit::{conflict, Entry};
use crate::auth::{CurrentUser, Permission, Scope};
use crate::error::AppError;
use crate::forms::Checks;
use crate::plumbing::Db;
use crate::recommendations::Status;
use chrono::{DateTime, Utc};

pub fn can_edit(user: &CurrentUser, action: &BoroughAction) -> bool {
    // An ICB lead (who plans the recommendations) edits every action of their ICB's boroughs.
    user.can(
        Permission::UpdateRecommendation,
        &Scope::Borough(action.borough_code.clone()),
    ) || action.owner_id == Some(user.id)
        || user.can(
            Permission::UpdateBoroughAction,
            &Scope::Borough(action.borough_code.clone()),
        )
}

pub struct ActionInput<'a> {
    pub owner_id: &'a str,
    pub status: &'a str,
    pub due_on: &'a str,
    pub done_on: &'a str,
    /// Recommendation numbers, separated by commas or spaces: "2, 4".
    pub recommendations: &'a str,
}

/// "2, 4 21" → [2, 4, 21]; anything that is not a recommendation number is an error.
fn parse_numbers(checks: &mut Checks, text: &str, known: &[i64]) -> Vec<i64> {
    let mut numbers = Vec::new();
    for part in text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|p| !p.is_empty())
    {
        match part.parse::<i64>().ok().filter(|n| known.contains(n)) {
            Some(number) if !numbers.contains(&number) => numbers.push(number),
            Some(_) => {}
            None => {
                checks.add(
                    "recommendations",
                    format!(
                        "{part:?} is not a recommendation number (1 to {})",
                        known.len()
                    ),
                );
                return Vec::new();
            }
        }
    }
    numbers.sort_unstable();
    numbers
}

fn list(numbers: &[i64]) -> Option<String> {
    (!numbers.is_empty()).then(|| {
        numbers
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    })
}

pub async fn update_action(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    version: i64,
    input: ActionInput<'_>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    // The action is locked, and a stranger refused, before their input is checked.
    let mut tx = db.begin().await?;
    let before = super::db::lock_action(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::not_found("That borough plan action"))?;
    if !can_edit(user, &before) {
        return Err(AppError::Forbidden);
    }
    let people = crate::auth::db::people_around(&mut tx, &before.borough_code).await?;
    let icb = crate::boroughs::db::icb_of_borough(&mut tx, &before.borough_code)
        .await?
        .unwrap_or_default();
    let known: Vec<i64> = crate::recommendations::db::list_recommendations(&mut tx, &icb)
        .await?
        .iter()
        .map(|r| r.number)
        .collect();
    let today = now.date_naive();
    let mut checks = Checks::default();
    let owner_id = checks.owner(
        "owner_id",
        input.owner_id,
        people.iter().map(|p| p.id),
        before.owner_id,
    );
    let status: Option<Status> = checks.choice("status", input.status, "Select a status");
    let due_on = checks.date("due_on", "the due date", input.due_on, false);
    let done_on = checks.date("done_on", "the date it was done", input.done_on, false);
    if done_on.is_some_and(|done| done > today) {
        checks.add("done_on", "The date it was done cannot be in the future");
    }
    let recommendations = parse_numbers(&mut checks, input.recommendations, &known);
    let (owner_id, status, due_on, done_on, recommendations) =
        checks.finish(|| Some((owner_id, status?, due_on, done_on, recommendations)))?;
    let entity_id = id.to_string();
    let entity = ("borough_action", entity_id.as_str());
    if before.version != version {
        return Err(conflict(&mut tx, entity, version).await?);
    }
    let after = BoroughAction {
        owner_name: owner_id
            .and_then(|id| people.iter().find(|p| p.id == id).map(|p| p.name.clone())),
        owner_id,
        status,
        due_on,
        done_on,
        recommendations,
        ..before.clone()
    };
    if !super::db::update_action(&mut tx, &after, version).await? {
        return Err(conflict(&mut tx, entity, version).await?);
    }
    let date = |d: Option<chrono::NaiveDate>| d.map(crate::format::date);

    Entry::new(user.id, "update_borough_action", entity)
        .fields(&[
            ("owner", before.owner_name.clone(), after.owner_name.clone()),
            (
                "status",
                Some(before.status.label().to_owned()),
                Some(after.status.label().to_owned()),
            ),
            ("due", date(before.due_on), date(after.due_on)),
            ("done", date(before.done_on), date(after.done_on)),
            (
                "recommendations",
                list(&before.recommendations),
                list(&after.recommendations),
            ),
        ])
        .version(version, version + 1)
        .record(&mut tx, now)
        .await?;
    tx.commit().await?;
    Ok(())
}
