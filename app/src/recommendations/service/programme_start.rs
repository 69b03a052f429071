//! Setting the programme start, the date the review's timelines count from.

use super::can_plan;
use crate::audit::{conflict_at, Entry};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::forms::Checks;
use crate::plumbing::Db;
use crate::recommendations::db::{self};
use chrono::{DateTime, Utc};

/// Sets the programme start, if the setting is still at `version` (the one the form was
/// loaded with; 0: never set).
pub async fn set_programme_start(
    db: &Db,
    user: &CurrentUser,
    icb: &str,
    start: &str,
    version: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if !can_plan(user, icb) {
        return Err(AppError::Forbidden);
    }
    let mut checks = Checks::default();
    let start = checks.date("programme_start", "the programme start date", start, true);
    let start = checks.finish(|| start)?;
    let mut tx = db.begin().await?;
    let before = db::programme_start(&mut tx, icb).await?;
    if before == Some(start) {
        return Ok(());
    }
    let key = format!("programme_start:{icb}");
    let entity = ("setting", key.as_str());
    if !db::set_programme_start(&mut tx, icb, start, version).await? {
        let current = db::programme_start_version(&mut tx, icb).await?;
        return Err(conflict_at(&mut tx, entity, version, current).await?);
    }
    Entry::new(user.id, "set_programme_start", entity)
        .fields(&[(
            "programme_start",
            before.map(crate::format::date),
            Some(crate::format::date(start)),
        )])
        .version(version, version + 1)
        .record(&mut tx, now)
        .await?;
    tx.commit().await?;
    Ok(())
}
