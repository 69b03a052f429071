//! The one way a change reaches the audit trail: an [`Entry`] says who did what to which
//! entity and how each field changed, and is recorded inside the transaction that makes
//! the change. Also the "someone else saved this first" refusal, told from the trail.

use super::db::{entity_history, insert_event};
use super::{describe_change, AuditEvent, FieldChange};
use crate::error::AppError;
use crate::plumbing::{Conn, Db, Tx};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// One audit row in the making.
#[derive(Debug)]
pub struct Entry {
    pub(super) actor: Option<i64>,
    pub(super) action: String,
    pub(super) entity_type: String,
    pub(super) entity_id: String,
    pub(super) changes: BTreeMap<String, FieldChange>,
}

impl Entry {
    /// `actor` (a user id, or `None` for someone not signed in) did `action` to `entity`
    /// (its type and id).
    pub fn new(actor: impl Into<Option<i64>>, action: &str, entity: (&str, &str)) -> Self {
        Self {
            actor: actor.into(),
            action: action.to_owned(),
            entity_type: entity.0.to_owned(),
            entity_id: entity.1.to_owned(),
            changes: BTreeMap::new(),
        }
    }

    /// An export of `rows` rows of `what` by `actor`.
    pub fn export(actor: i64, what: &str, rows: usize) -> Self {
        Self::new(actor, "export", (what, "")).change("rows", FieldChange::created(rows))
    }

    /// Each field whose value before differs from its value after.
    pub fn fields(mut self, fields: &[(&str, Option<String>, Option<String>)]) -> Self {
        for (field, before, after) in fields {
            if before != after {
                self.changes.insert(
                    (*field).to_owned(),
                    FieldChange::new(before.clone(), after.clone()),
                );
            }
        }
        self
    }

    /// The version step an edit made (`before` → `after`).
    pub fn version(self, before: i64, after: i64) -> Self {
        self.change("version", FieldChange::new(Some(before), Some(after)))
    }

    /// One field's change, as it is.
    pub fn change(mut self, field: &str, change: FieldChange) -> Self {
        self.changes.insert(field.to_owned(), change);
        self
    }

    /// Writes the row inside `tx`, the transaction that makes the change.
    pub async fn record(self, tx: &mut Tx, now: DateTime<Utc>) -> Result<(), AppError> {
        Ok(insert_event(tx, &self, now).await?)
    }

    /// Writes the row in a transaction of its own: for what changes no data (an export).
    pub async fn record_alone(self, db: &Db, now: DateTime<Utc>) -> Result<(), AppError> {
        let mut tx = db.begin().await?;
        self.record(&mut tx, now).await?;
        Ok(tx.commit().await?)
    }
}

/// The refusal when `entity` moved past `version`: who changed what since, and the
/// version it is at now.
pub async fn conflict(
    conn: &mut Conn,
    entity: (&str, &str),
    version: i64,
) -> Result<AppError, AppError> {
    let history = entity_history(conn, entity.0, entity.1).await?;
    Ok(stale(&history, version, None))
}

/// Like [`conflict`] when the caller has read the version now stored (`current`).
pub async fn conflict_at(
    conn: &mut Conn,
    entity: (&str, &str),
    version: i64,
    current: i64,
) -> Result<AppError, AppError> {
    let history = entity_history(conn, entity.0, entity.1).await?;
    Ok(stale(&history, version, Some(current)))
}

/// The "someone else saved this first" refusal from `history` (the audit events of what
/// was saved, oldest first): each event that took the version past `version`, and the
/// version it is at now — `current` when the caller read it, otherwise the newest the
/// history records.
pub fn stale(history: &[AuditEvent], version: i64, current: Option<i64>) -> AppError {
    let version_after = |event: &AuditEvent| {
        event
            .changes
            .get("version")
            .and_then(|change| change.after.as_deref())
            .and_then(|after| after.parse::<i64>().ok())
    };
    let current = current.or_else(|| history.iter().filter_map(version_after).max());
    let since: Vec<String> = history
        .iter()
        .filter(|event| version_after(event).is_some_and(|after| after > version))
        .map(|event| {
            let what: Vec<String> = event
                .changes
                .iter()
                .filter(|(field, _)| field.as_str() != "version")
                .map(|(field, change)| describe_change(field, change))
                .collect();
            format!(
                "{} at {}: {}",
                event.user_name.as_deref().unwrap_or("Someone"),
                crate::format::date_time(event.at),
                if what.is_empty() {
                    "no visible change".to_owned()
                } else {
                    what.join("; ")
                }
            )
        })
        .collect();
    AppError::Conflict {
        message: format!(
            "Someone else saved this first — {}. Your changes have not been saved and are still in the form: check them and save again.",
            if since.is_empty() { "reload to see their change".to_owned() } else { since.join(". ") }
        ),
        version: current,
    }
}
