//! SQL for one-time form tokens (`form_submissions`).

use crate::on_conn;
use crate::plumbing::Tx;
use chrono::{DateTime, Utc};

/// Claims (token, action) for `user`; answers false, writing nothing, when it is claimed.
pub async fn insert_claim(
    tx: &mut Tx,
    (token, action): (&str, &str),
    user: i64,
    fingerprint: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let inserted = on_conn!(tx, c => {
        sqlx::query(
            "INSERT INTO form_submissions (token, action, user_id, fingerprint, submitted_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (token, action) DO NOTHING",
        )
        .bind(token)
        .bind(action)
        .bind(user)
        .bind(fingerprint)
        .bind(now)
        .execute(c)
        .await
        .map(|done| done.rows_affected())
    })?;
    Ok(inserted == 1)
}

/// Who claimed (token, action), what their form said (its fingerprint), and what their
/// post made.
pub async fn claimed(
    tx: &mut Tx,
    token: &str,
    action: &str,
) -> Result<Option<(i64, String, Option<String>)>, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query_as(
            "SELECT user_id, fingerprint, entity_id FROM form_submissions \
             WHERE token = $1 AND action = $2",
        )
        .bind(token)
        .bind(action)
        .fetch_optional(c)
        .await
    })
}

pub async fn record_entity(
    tx: &mut Tx,
    token: &str,
    action: &str,
    entity_id: &str,
) -> Result<(), sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query("UPDATE form_submissions SET entity_id = $3 WHERE token = $1 AND action = $2")
            .bind(token)
            .bind(action)
            .bind(entity_id)
            .execute(c)
            .await
            .map(|_| ())
    })
}

pub async fn forget_claims_before(tx: &mut Tx, cutoff: DateTime<Utc>) -> Result<(), sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query("DELETE FROM form_submissions WHERE submitted_at < $1")
            .bind(cutoff)
            .execute(c)
            .await
            .map(|_| ())
    })
}
