//! SQL for the audit trail. Rows are only ever inserted.

use super::{AuditEvent, FieldChange};
use crate::server::{Db, Tx};
use crate::{on_db, on_tx};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// Who did what to which entity, and how each field changed.
pub struct NewAuditEvent<'a> {
    pub user_id: Option<i64>,
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: &'a str,
    pub changes: BTreeMap<String, FieldChange>,
}

/// Writes one audit row inside the transaction that makes the change.
pub async fn record(
    tx: &mut Tx,
    event: NewAuditEvent<'_>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let changes = serde_json::to_string(&event.changes)
        .map_err(|error| sqlx::Error::Encode(Box::new(error)))?;
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO audit_events (at, user_id, action, entity_type, entity_id, changes) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(now)
        .bind(event.user_id)
        .bind(event.action)
        .bind(event.entity_type)
        .bind(event.entity_id)
        .bind(changes)
        .execute(conn)
        .await
        .map(|_| ())
    })
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    id: i64,
    at: DateTime<Utc>,
    user_id: Option<i64>,
    user_name: Option<String>,
    action: String,
    entity_type: String,
    entity_id: String,
    changes: String,
}

/// The events of one entity, oldest first.
pub async fn entity_history(
    db: &Db,
    entity_type: &str,
    entity_id: &str,
) -> Result<Vec<AuditEvent>, sqlx::Error> {
    let rows = on_db!(db, pool => {
        sqlx::query_as::<_, AuditRow>(
            "SELECT e.id, e.at, e.user_id, u.name AS user_name, e.action, e.entity_type, e.entity_id, e.changes \
             FROM audit_events e LEFT JOIN users u ON u.id = e.user_id \
             WHERE e.entity_type = $1 AND e.entity_id = $2 ORDER BY e.id",
        )
        .bind(entity_type)
        .bind(entity_id)
        .fetch_all(pool)
        .await
    })?;
    Ok(rows
        .into_iter()
        .map(|row| AuditEvent {
            id: row.id,
            at: row.at,
            user_id: row.user_id,
            user_name: row.user_name,
            action: row.action,
            entity_type: row.entity_type,
            entity_id: row.entity_id,
            changes: serde_json::from_str(&row.changes).unwrap_or_default(),
        })
        .collect())
}
