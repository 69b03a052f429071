//! SQL for the audit trail. Rows are only ever inserted.

use super::entry::Entry;
use super::AuditEvent;
use crate::on_conn;
use crate::plumbing::{Conn, Tx};
use chrono::{DateTime, Utc};

/// Writes `entry` as one audit row inside the transaction that makes the change.
pub(super) async fn insert_event(
    tx: &mut Tx,
    entry: &Entry,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let changes = serde_json::to_string(&entry.changes)
        .map_err(|error| sqlx::Error::Encode(Box::new(error)))?;
    on_conn!(tx, c => {
        sqlx::query(
            "INSERT INTO audit_events (at, user_id, action, entity_type, entity_id, changes) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(now)
        .bind(entry.actor)
        .bind(&entry.action)
        .bind(&entry.entity_type)
        .bind(&entry.entity_id)
        .bind(changes)
        .execute(c)
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
    conn: &mut Conn,
    entity_type: &str,
    entity_id: &str,
) -> Result<Vec<AuditEvent>, sqlx::Error> {
    let rows = on_conn!(conn, c => {
        sqlx::query_as::<_, AuditRow>(
            "SELECT e.id, e.at, e.user_id, u.name AS user_name, e.action, e.entity_type, e.entity_id, e.changes \
             FROM audit_events e LEFT JOIN users u ON u.id = e.user_id \
             WHERE e.entity_type = $1 AND e.entity_id = $2 ORDER BY e.id",
        )
        .bind(entity_type)
        .bind(entity_id)
        .fetch_all(c)
        .await
    })?;
    rows.into_iter().map(into_event).collect()
}

/// A filter checked: dates parsed, the user's email resolved at query time.
pub struct Search {
    pub user_email: Option<String>,
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub action: Option<String>,
    pub from: Option<DateTime<Utc>>,
    /// Exclusive upper bound (the day after the last day asked for).
    pub until: Option<DateTime<Utc>>,
}

/// Events matching `search`, newest first, at most `limit`.
pub async fn search(
    conn: &mut Conn,
    search: &Search,
    limit: i64,
) -> Result<Vec<AuditEvent>, sqlx::Error> {
    let mut conditions = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    let mut times: Vec<DateTime<Utc>> = Vec::new();
    // Text parameters come first ($1…), then times, then the limit.
    for (column, value) in [
        (
            "u.email_key",
            search
                .user_email
                .as_ref()
                .map(|email| email.trim().to_lowercase()),
        ),
        ("e.entity_type", search.entity_type.clone()),
        ("e.entity_id", search.entity_id.clone()),
        ("e.action", search.action.clone()),
    ] {
        if let Some(value) = value {
            texts.push(value);
            conditions.push(format!("{column} = ${}", texts.len()));
        }
    }
    for (operator, value) in [(">=", search.from), ("<", search.until)] {
        if let Some(value) = value {
            times.push(value);
            conditions.push(format!("e.at {operator} ${}", texts.len() + times.len()));
        }
    }
    let filter = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    let sql = format!(
        "SELECT e.id, e.at, e.user_id, u.name AS user_name, e.action, e.entity_type, e.entity_id, e.changes \
         FROM audit_events e LEFT JOIN users u ON u.id = e.user_id {filter} ORDER BY e.id DESC LIMIT ${}",
        texts.len() + times.len() + 1
    );
    let rows = on_conn!(conn, c => {
        let mut query = sqlx::query_as::<_, AuditRow>(&sql);
        for text in &texts {
            query = query.bind(text);
        }
        for time in &times {
            query = query.bind(time);
        }
        query.bind(limit).fetch_all(c).await
    })?;
    rows.into_iter().map(into_event).collect()
}

/// Fails on changes that are not the JSON map [`record`] writes: a damaged row is
/// reported, never shown as an event that changed nothing.
fn into_event(row: AuditRow) -> Result<AuditEvent, sqlx::Error> {
    let changes =
        serde_json::from_str(&row.changes).map_err(|error| sqlx::Error::ColumnDecode {
            index: "audit_events.changes".to_owned(),
            source: Box::new(error),
        })?;
    Ok(AuditEvent {
        id: row.id,
        at: row.at,
        user_id: row.user_id,
        user_name: row.user_name,
        action: row.action,
        entity_type: row.entity_type,
        entity_id: row.entity_id,
        changes,
    })
}
