//! Counting attempts in a window, per subject: sign-ins per address and per email, public
//! applications per address. One statement adds an attempt and answers the count.

use crate::on_conn;
use crate::plumbing::{Conn, Tx};
use chrono::{DateTime, Utc};

/// Adds one attempt to `subject`'s count and answers the count, this attempt included. A
/// window that started at or before `cutoff` starts again from this attempt. One
/// statement, so parallel attempts never read the same count: PostgreSQL serialises them
/// on the row's lock, SQLite on its single writer. (On SQLite the times are RFC 3339 text
/// in UTC, which sorts as the times do.) The table is `sign_in_limits`, its first user.
pub async fn count(
    conn: &mut Conn,
    subject: &str,
    now: DateTime<Utc>,
    cutoff: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO sign_in_limits (subject, attempts, window_start) VALUES ($1, 1, $2) \
             ON CONFLICT (subject) DO UPDATE SET \
             attempts = CASE WHEN sign_in_limits.window_start <= $3 THEN 1 \
                        ELSE sign_in_limits.attempts + 1 END, \
             window_start = CASE WHEN sign_in_limits.window_start <= $3 THEN $2 \
                            ELSE sign_in_limits.window_start END \
             RETURNING attempts",
        )
        .bind(subject)
        .bind(now)
        .bind(cutoff)
        .fetch_one(c)
        .await
    })
}

/// Takes back one attempt counted against `subject` (a sign-in that succeeded).
pub async fn uncount(tx: &mut Tx, subject: &str) -> Result<(), sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query(
            "UPDATE sign_in_limits SET attempts = attempts - 1 WHERE subject = $1 AND attempts > 0",
        )
        .bind(subject)
        .execute(c)
        .await
        .map(|_| ())
    })
}

/// Forgets every attempt counted against `subject`.
pub async fn forget(tx: &mut Tx, subject: &str) -> Result<(), sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query("DELETE FROM sign_in_limits WHERE subject = $1")
            .bind(subject)
            .execute(c)
            .await
            .map(|_| ())
    })
}
