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

/// A filter checked: who, which record, which action, which days.
#[derive(Debug, Default)]
pub struct Search {
    pub user_id: Option<i64>,
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub action: Option<String>,
    /// Actions left out (sign-ins, unless asked for).
    pub hidden_actions: Vec<String>,
    pub from: Option<DateTime<Utc>>,
    /// Exclusive upper bound (the day after the last day asked for).
    pub until: Option<DateTime<Utc>>,
}

/// The `WHERE` clause for `search` and its parameters, in order: texts, then times, then
/// the user's id; placeholders numbered from `$1`.
struct Filter {
    clause: String,
    texts: Vec<String>,
    times: Vec<DateTime<Utc>>,
    user_id: Option<i64>,
}

impl Filter {
    fn of(search: &Search) -> Self {
        let mut conditions = Vec::new();
        let mut texts: Vec<String> = Vec::new();
        for (column, value) in [
            ("e.entity_type", &search.entity_type),
            ("e.entity_id", &search.entity_id),
            ("e.action", &search.action),
        ] {
            if let Some(value) = value {
                texts.push(value.clone());
                conditions.push(format!("{column} = ${}", texts.len()));
            }
        }
        if !search.hidden_actions.is_empty() {
            let mut hidden = Vec::new();
            for action in &search.hidden_actions {
                texts.push(action.clone());
                hidden.push(format!("${}", texts.len()));
            }
            conditions.push(format!("e.action NOT IN ({})", hidden.join(", ")));
        }
        let mut times = Vec::new();
        for (operator, value) in [(">=", search.from), ("<", search.until)] {
            if let Some(value) = value {
                times.push(value);
                conditions.push(format!("e.at {operator} ${}", texts.len() + times.len()));
            }
        }
        if search.user_id.is_some() {
            conditions.push(format!("e.user_id = ${}", texts.len() + times.len() + 1));
        }
        let clause = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        Self {
            clause,
            texts,
            times,
            user_id: search.user_id,
        }
    }

    /// How many parameters the clause takes.
    fn len(&self) -> usize {
        self.texts.len() + self.times.len() + usize::from(self.user_id.is_some())
    }
}

/// Binds a [`Filter`]'s parameters to `$query`, in the clause's order.
macro_rules! bind_filter {
    ($query:expr, $filter:expr) => {{
        let mut query = $query;
        for text in &$filter.texts {
            query = query.bind(text);
        }
        for time in &$filter.times {
            query = query.bind(time);
        }
        if let Some(user_id) = $filter.user_id {
            query = query.bind(user_id);
        }
        query
    }};
}

/// Events matching `search`, newest first: at most `limit`, after skipping `offset`.
pub async fn search(
    conn: &mut Conn,
    search: &Search,
    limit: i64,
    offset: i64,
) -> Result<Vec<AuditEvent>, sqlx::Error> {
    let filter = Filter::of(search);
    let sql = format!(
        "SELECT e.id, e.at, e.user_id, u.name AS user_name, e.action, e.entity_type, e.entity_id, e.changes \
         FROM audit_events e LEFT JOIN users u ON u.id = e.user_id {} \
         ORDER BY e.id DESC LIMIT ${} OFFSET ${}",
        filter.clause,
        filter.len() + 1,
        filter.len() + 2,
    );
    let rows = on_conn!(conn, c => {
        bind_filter!(sqlx::query_as::<_, AuditRow>(&sql), filter)
            .bind(limit)
            .bind(offset)
            .fetch_all(c)
            .await
    })?;
    rows.into_iter().map(into_event).collect()
}

/// How many events match `search`.
pub async fn count(conn: &mut Conn, search: &Search) -> Result<i64, sqlx::Error> {
    let filter = Filter::of(search);
    let sql = format!("SELECT COUNT(*) FROM audit_events e {}", filter.clause);
    on_conn!(conn, c => {
        bind_filter!(sqlx::query_scalar::<_, i64>(&sql), filter)
            .fetch_one(c)
            .await
    })
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
