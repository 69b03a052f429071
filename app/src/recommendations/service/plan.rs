//! A recommendation's plan: its owner and lead organisation.

use super::{can_plan, name_of, plan_of, SHORT_TEXT};
use crate::audit::{conflict, Entry};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::forms::Checks;
use crate::plumbing::Db;
use crate::recommendations::db::{self};
use chrono::{DateTime, Utc};

pub struct PlanInput<'a> {
    pub number: i64,
    pub owner_id: &'a str,
    pub lead_organisation: &'a str,
    pub version: i64,
}

/// Sets the owner and lead organisation of recommendation `input.number` of `icb`'s review.
pub async fn update_plan(
    db: &Db,
    user: &CurrentUser,
    icb: &str,
    input: PlanInput<'_>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let before = plan_of(&mut tx, icb, input.number).await?;
    if !can_plan(user, &before.icb_code) {
        return Err(AppError::Forbidden);
    }
    let people = crate::auth::db::people(&mut tx, &before.icb_code).await?;
    let mut checks = Checks::default();
    let owner = checks.owner(
        "owner",
        input.owner_id,
        people.iter().map(|p| p.id),
        before.owner_id,
    );
    let lead = checks.text(
        "lead_organisation",
        "the lead organisation",
        input.lead_organisation,
        false,
        SHORT_TEXT,
    );
    let (owner, lead) = checks.finish(|| Some((owner, lead)))?;
    let entity_id = before.id.to_string();
    let entity = ("recommendation", entity_id.as_str());
    if !db::update_plan(&mut tx, before.id, owner, &lead, input.version).await? {
        return Err(conflict(&mut tx, entity, input.version).await?);
    }

    Entry::new(user.id, "update_plan", entity)
        .fields(&[
            ("owner", before.owner_name.clone(), name_of(&people, owner)),
            (
                "lead_organisation",
                Some(before.lead_organisation.clone()).filter(|s| !s.is_empty()),
                Some(lead).filter(|s| !s.is_empty()),
            ),
        ])
        .version(input.version, input.version + 1)
        .record(&mut tx, now)
        .await?;
    tx.commit().await?;
    Ok(())
}
