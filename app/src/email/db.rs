//! SQL for the outbox and people's email choices.

use super::letter::Recipient;
use super::{Delivery, MessageKind, MessageStatus, OutboxLine};
use crate::on_conn;
use crate::plumbing::db::Raw;
use crate::plumbing::{Conn, Tx};
use chrono::{DateTime, Utc};

/// A message ready to write: the letter's parts, its status and its one-of-a-kind key.
pub struct NewMessage<'a> {
    pub kind: MessageKind,
    pub to: &'a Recipient,
    pub copy_to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub link: &'a str,
    pub once_key: &'a str,
    pub status: MessageStatus,
}

/// Writes the message unless one with its key is there; answers its id when written.
pub async fn insert_message(
    tx: &mut Tx,
    message: &NewMessage<'_>,
    now: DateTime<Utc>,
) -> Result<Option<i64>, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO email_messages (kind, user_id, recipient, copy_to, subject, body, link, \
             once_key, status, attempts, next_attempt_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $10) \
             ON CONFLICT (once_key) DO NOTHING RETURNING id",
        )
        .bind(message.kind.code())
        .bind(message.to.id)
        .bind(&message.to.email)
        .bind(message.copy_to)
        .bind(message.subject)
        .bind(message.body)
        .bind(message.link)
        .bind(message.once_key)
        .bind(message.status.code())
        .bind(now)
        .fetch_optional(c)
        .await
    })
}

/// How `user` wants messages of `kind` (straight away unless they chose otherwise).
pub async fn delivery(
    conn: &mut Conn,
    user: i64,
    kind: MessageKind,
) -> Result<Delivery, sqlx::Error> {
    let chosen = on_conn!(conn, c => {
        sqlx::query_scalar::<_, Delivery>(
            "SELECT delivery FROM email_choices WHERE user_id = $1 AND kind = $2",
        )
        .bind(user)
        .bind(kind.code())
        .fetch_optional(c)
        .await
    })?;
    Ok(chosen.unwrap_or_default())
}

/// Every choice `user` has made.
pub async fn choices(
    conn: &mut Conn,
    user: i64,
) -> Result<Vec<(MessageKind, Delivery)>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, (MessageKind, Delivery)>(
            "SELECT kind, delivery FROM email_choices WHERE user_id = $1",
        )
        .bind(user)
        .fetch_all(c)
        .await
    })
}

pub async fn set_choice(
    tx: &mut Tx,
    user: i64,
    kind: MessageKind,
    delivery: Delivery,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query(
            "INSERT INTO email_choices (user_id, kind, delivery, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (user_id, kind) DO UPDATE SET delivery = excluded.delivery, \
             updated_at = excluded.updated_at",
        )
        .bind(user)
        .bind(kind.code())
        .bind(delivery.code())
        .bind(now)
        .execute(c)
        .await
        .map(|_| ())
    })
}

/// Active accounts holding `role` (for `borough`, when given), by name.
pub async fn people_with_role(
    conn: &mut Conn,
    role: crate::auth::Role,
    borough: Option<&str>,
) -> Result<Vec<Recipient>, sqlx::Error> {
    let rows = on_conn!(conn, c => {
        sqlx::query_as::<_, (i64, String, String)>(
            "SELECT DISTINCT u.id, u.name, u.email FROM users u \
             JOIN user_roles r ON r.user_id = u.id \
             LEFT JOIN boroughs b ON b.id = r.borough_id \
             WHERE u.active = TRUE AND r.role = $1 AND ($2 IS NULL OR b.code = $2) \
             ORDER BY u.name, u.id",
        )
        .bind(role.code())
        .bind(borough)
        .fetch_all(c)
        .await
    })?;
    Ok(recipients(rows))
}

fn recipients(rows: Vec<(i64, String, String)>) -> Vec<Recipient> {
    rows.into_iter()
        .map(|(id, name, email)| Recipient { id, name, email })
        .collect()
}

/// The active ICB leads of each ICB in which `user_id` holds a borough role.
pub async fn icb_leads_over(conn: &mut Conn, user_id: i64) -> Result<Vec<Recipient>, sqlx::Error> {
    let rows = on_conn!(conn, c => {
        sqlx::query_as::<_, (i64, String, String)>(
            "SELECT DISTINCT u.id, u.name, u.email FROM users u \
             JOIN user_roles r ON r.user_id = u.id \
             WHERE u.active = TRUE AND r.role = 'icb_lead' AND r.icb_id IN \
             (SELECT b.icb_id FROM user_roles own JOIN boroughs b ON b.id = own.borough_id \
              WHERE own.user_id = $1) \
             ORDER BY u.name, u.id",
        )
        .bind(user_id)
        .fetch_all(c)
        .await
    })?;
    Ok(recipients(rows))
}

/// Whether a message of `kind` about `link` with `subject` went out with copies since
/// `since`: the ICB leads are copied on a late return once, not once per borough person.
pub async fn copied_since(
    conn: &mut Conn,
    (kind, link, subject): (MessageKind, &str, &str),
    since: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let found = on_conn!(conn, c => {
        sqlx::query_scalar::<_, i64>(
            "SELECT id FROM email_messages WHERE kind = $1 AND link = $2 AND subject = $3 \
             AND copy_to <> '' AND created_at >= $4 LIMIT 1",
        )
        .bind(kind.code())
        .bind(link)
        .bind(subject)
        .bind(since)
        .fetch_optional(c)
        .await
    })?;
    Ok(found.is_some())
}

/// Marks messages still waiting that were written before `cutoff` as failed: a reminder
/// weeks old (email was off, or the demo's history) would mislead. Answers how many.
pub async fn expire(conn: &mut Conn, cutoff: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query(
            "UPDATE email_messages SET status = 'failed', leased_until = NULL, \
             last_error = 'Not sent: written more than 14 days ago, so out of date' \
             WHERE status IN ('pending', 'held') AND created_at < $1 \
             AND (leased_until IS NULL OR leased_until < $2)",
        )
        .bind(cutoff)
        .bind(Utc::now())
        .execute(c)
        .await
        .map(|done| done.rows_affected())
    })
}

/// Account `id` as a recipient, while it is active.
pub async fn person(conn: &mut Conn, id: i64) -> Result<Option<Recipient>, sqlx::Error> {
    let row = on_conn!(conn, c => {
        sqlx::query_as::<_, (i64, String, String)>(
            "SELECT id, name, email FROM users WHERE id = $1 AND active = TRUE",
        )
        .bind(id)
        .fetch_optional(c)
        .await
    })?;
    Ok(row.map(|(id, name, email)| Recipient { id, name, email }))
}

/// A message a sender has claimed.
#[derive(sqlx::FromRow, Debug)]
pub struct Claimed {
    pub id: i64,
    pub kind: MessageKind,
    pub user_name: String,
    pub recipient: String,
    pub copy_to: String,
    pub subject: String,
    pub body: String,
    pub link: String,
    pub attempts: i64,
    pub created_at: DateTime<Utc>,
}

/// Claims up to `limit` messages due to be sent for `worker` until `lease_until`: messages
/// another sender holds (its lease not yet over, or its claim still being made on
/// PostgreSQL) are skipped, so each is sent by one sender.
pub async fn claim(
    conn: &mut Conn,
    worker: &str,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<Claimed>, sqlx::Error> {
    const CLAIM: &str = "UPDATE email_messages SET leased_by = $1, leased_until = $2 \
        WHERE id IN (SELECT id FROM email_messages WHERE status = 'pending' \
        AND next_attempt_at <= $3 AND (leased_until IS NULL OR leased_until < $3) \
        AND user_id IN (SELECT id FROM users WHERE active = TRUE) \
        ORDER BY id LIMIT $4 {lock}) RETURNING id";
    let ids: Vec<i64> = match conn.raw() {
        // One writer at a time on SQLite: the claim's transaction is the lock.
        Raw::Sqlite(c) => {
            sqlx::query_scalar(&CLAIM.replace(" {lock}", ""))
                .bind(worker)
                .bind(lease_until)
                .bind(now)
                .bind(limit)
                .fetch_all(c)
                .await?
        }
        Raw::Postgres(c) => {
            sqlx::query_scalar(&CLAIM.replace("{lock}", "FOR UPDATE SKIP LOCKED"))
                .bind(worker)
                .bind(lease_until)
                .bind(now)
                .bind(limit)
                .fetch_all(c)
                .await?
        }
    };
    let mut claimed = Vec::with_capacity(ids.len());
    for id in ids {
        let row = on_conn!(conn, c => {
            sqlx::query_as::<_, Claimed>(
                "SELECT m.id, m.kind, u.name AS user_name, m.recipient, m.copy_to, m.subject, \
                 m.body, m.link, m.attempts, m.created_at \
                 FROM email_messages m JOIN users u ON u.id = m.user_id \
                 WHERE m.id = $1",
            )
            .bind(id)
            .fetch_one(c)
            .await
        })?;
        claimed.push(row);
    }
    claimed.sort_by_key(|message| message.id);
    Ok(claimed)
}

/// Extends `worker`'s claim on message `id` to `lease_until`, just before sending it;
/// false if the claim has lapsed (another sender may have it now: leave it to them).
pub async fn renew(
    conn: &mut Conn,
    id: i64,
    worker: &str,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query(
            "UPDATE email_messages SET leased_until = $1 \
             WHERE id = $2 AND leased_by = $3 AND leased_until > $4 AND status = 'pending'",
        )
        .bind(lease_until)
        .bind(id)
        .bind(worker)
        .bind(now)
        .execute(c)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

/// The server refused message `id` for good with its copies on: it is tried again at once
/// without them, so a bad copy address does not cost the person the message.
pub async fn drop_copies(
    tx: &mut Tx,
    id: i64,
    worker: &str,
    error: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query(
            "UPDATE email_messages SET copy_to = '', attempts = attempts + 1, last_error = $1, \
             next_attempt_at = $2, leased_until = NULL \
             WHERE id = $3 AND leased_by = $4 AND status = 'pending'",
        )
        .bind(error)
        .bind(now)
        .bind(id)
        .bind(worker)
        .execute(c)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

/// Records that `worker` sent message `id`; false if its claim had lapsed to another.
pub async fn mark_sent(
    tx: &mut Tx,
    id: i64,
    worker: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query(
            "UPDATE email_messages SET status = 'sent', sent_at = $1, attempts = attempts + 1, \
             leased_until = NULL, last_error = NULL \
             WHERE id = $2 AND leased_by = $3 AND status = 'pending'",
        )
        .bind(now)
        .bind(id)
        .bind(worker)
        .execute(c)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

/// Records a failed try: the message waits until `retry_at`, or (with no retry) has failed.
pub async fn mark_failed(
    tx: &mut Tx,
    id: i64,
    worker: &str,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let status = if retry_at.is_some() {
        MessageStatus::Pending
    } else {
        MessageStatus::Failed
    };
    on_conn!(tx, c => {
        sqlx::query(
            "UPDATE email_messages SET status = $1, attempts = attempts + 1, last_error = $2, \
             next_attempt_at = $3, leased_until = NULL \
             WHERE id = $4 AND leased_by = $5 AND status = 'pending'",
        )
        .bind(status.code())
        .bind(error)
        .bind(retry_at.unwrap_or(now))
        .bind(id)
        .bind(worker)
        .execute(c)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

/// A message held for someone's weekly digest.
#[derive(sqlx::FromRow)]
pub struct Held {
    pub id: i64,
    pub user_id: i64,
    pub user_name: String,
    pub recipient: String,
    pub subject: String,
    pub link: String,
}

/// Every held message, by person and age.
pub async fn held(conn: &mut Conn) -> Result<Vec<Held>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, Held>(
            "SELECT m.id, m.user_id, u.name AS user_name, u.email AS recipient, m.subject, m.link \
             FROM email_messages m JOIN users u ON u.id = m.user_id \
             WHERE m.status = 'held' AND u.active = TRUE ORDER BY m.user_id, m.id",
        )
        .fetch_all(c)
        .await
    })
}

/// Marks held message `id` as gone out in `digest`; false if another digest took it.
pub async fn put_in_digest(tx: &mut Tx, id: i64, digest: i64) -> Result<bool, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query(
            "UPDATE email_messages SET status = 'in_digest', digest_id = $1 \
             WHERE id = $2 AND status = 'held'",
        )
        .bind(digest)
        .bind(id)
        .execute(c)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

#[derive(sqlx::FromRow)]
struct LineRow {
    id: i64,
    kind: MessageKind,
    recipient: String,
    copy_to: String,
    subject: String,
    link: String,
    status: MessageStatus,
    attempts: i64,
    last_error: Option<String>,
    created_at: DateTime<Utc>,
    sent_at: Option<DateTime<Utc>>,
}

/// The newest `limit` messages.
pub async fn outbox(conn: &mut Conn, limit: i64) -> Result<Vec<OutboxLine>, sqlx::Error> {
    let rows = on_conn!(conn, c => {
        sqlx::query_as::<_, LineRow>(
            "SELECT id, kind, recipient, copy_to, subject, link, status, attempts, last_error, \
             created_at, sent_at FROM email_messages ORDER BY id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(c)
        .await
    })?;
    Ok(rows
        .into_iter()
        .map(|row| OutboxLine {
            id: row.id,
            kind: row.kind,
            recipient: row.recipient,
            copy_to: row.copy_to,
            subject: row.subject,
            link: row.link,
            status: row.status,
            attempts: row.attempts,
            last_error: row.last_error,
            created_at: row.created_at,
            sent_at: row.sent_at,
        })
        .collect())
}

/// How many messages are in each status.
pub async fn counts(conn: &mut Conn) -> Result<Vec<(MessageStatus, i64)>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, (MessageStatus, i64)>(
            "SELECT status, COUNT(*) FROM email_messages GROUP BY status ORDER BY status",
        )
        .fetch_all(c)
        .await
    })
}
