//! SQL for awards.

use super::model::{award_identifier, Award, AwardStatus, Payment, PaymentOutcome};
use crate::on_conn;
use crate::plumbing::{Conn, Tx};
use chrono::{DateTime, NaiveDate, Utc};

const AWARD_SELECT: &str = "SELECT w.id, w.application_id, w.identifier, w.amount_pence, \
     w.conditions, w.status, u.name AS offered_by, w.offered_at, w.accepted_at, \
     w.accepted_name, w.version FROM grant_awards w JOIN users u ON u.id = w.offered_by";

/// The award made on application `id`, if there is one.
pub async fn for_application(conn: &mut Conn, id: i64) -> Result<Option<Award>, sqlx::Error> {
    let sql = format!("{AWARD_SELECT} WHERE w.application_id = $1");
    on_conn!(conn, c => sqlx::query_as::<_, Award>(&sql).bind(id).fetch_optional(c).await)
}

/// The award `id`, if there is one.
pub async fn find(conn: &mut Conn, id: i64) -> Result<Option<Award>, sqlx::Error> {
    let sql = format!("{AWARD_SELECT} WHERE w.id = $1");
    on_conn!(conn, c => sqlx::query_as::<_, Award>(&sql).bind(id).fetch_optional(c).await)
}

/// The payments of award `id`, oldest first.
pub async fn payments(conn: &mut Conn, id: i64) -> Result<Vec<Payment>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, Payment>(
            "SELECT p.id, p.paid_on, p.amount_pence, p.reference, p.outcome, p.note, \
             u.name AS recorded_by, p.recorded_at FROM award_payments p \
             JOIN users u ON u.id = p.recorded_by WHERE p.award_id = $1 \
             ORDER BY p.paid_on, p.id",
        )
        .bind(id)
        .fetch_all(c)
        .await
    })
}

/// A payment as it is recorded.
pub struct NewPayment<'a> {
    pub award: i64,
    pub paid_on: NaiveDate,
    pub amount_pence: i64,
    pub reference: &'a str,
    pub outcome: PaymentOutcome,
    pub note: &'a str,
    pub by: i64,
}

/// Records `payment`; answers its id.
pub async fn insert_payment(
    tx: &mut Tx,
    payment: &NewPayment<'_>,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO award_payments (award_id, paid_on, amount_pence, reference, outcome, \
             note, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(payment.award)
        .bind(payment.paid_on)
        .bind(payment.amount_pence)
        .bind(payment.reference)
        .bind(payment.outcome.code())
        .bind(payment.note)
        .bind(payment.by)
        .bind(now)
        .fetch_one(c)
        .await
    })
}

/// Moves award `id` on to `status` if it is still at `version`; answers whether it was.
pub async fn set_status(
    tx: &mut Tx,
    id: i64,
    version: i64,
    status: AwardStatus,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query(
            "UPDATE grant_awards SET status = $3, version = version + 1, updated_at = $4 \
             WHERE id = $1 AND version = $2",
        )
        .bind(id)
        .bind(version)
        .bind(status.code())
        .bind(now)
        .execute(c)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

/// The applications of `round` with an award made: (application id, award status).
pub async fn round_awards(
    conn: &mut Conn,
    round: i64,
) -> Result<Vec<(i64, AwardStatus)>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, (i64, AwardStatus)>(
            "SELECT w.application_id, w.status FROM grant_awards w \
             JOIN grant_applications a ON a.id = w.application_id \
             WHERE a.round_id = $1 ORDER BY w.application_id",
        )
        .bind(round)
        .fetch_all(c)
        .await
    })
}

/// What an offer is made of.
pub struct NewAward<'a> {
    pub application: i64,
    /// The fund's 360Giving prefix: the award's identifier is it and the award's id.
    pub prefix: &'a str,
    pub amount_pence: i64,
    pub conditions: &'a str,
    pub by: i64,
}

/// Offers `award`, unless application already has one; answers the new award's id.
pub async fn insert(
    tx: &mut Tx,
    award: &NewAward<'_>,
    now: DateTime<Utc>,
) -> Result<Option<i64>, sqlx::Error> {
    // The identifier needs the id: a placeholder unique to the application first.
    let placeholder = format!("pending-{}", award.application);
    let id = on_conn!(tx, c => {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO grant_awards (application_id, identifier, amount_pence, conditions, \
             status, offered_by, offered_at, accepted_name, version, updated_at) \
             SELECT $1, $2, $3, $4, 'offered', $5, $6, '', 1, $6 WHERE NOT EXISTS \
             (SELECT 1 FROM grant_awards WHERE application_id = $1) RETURNING id",
        )
        .bind(award.application)
        .bind(&placeholder)
        .bind(award.amount_pence)
        .bind(award.conditions)
        .bind(award.by)
        .bind(now)
        .fetch_optional(c)
        .await
    })?;
    let Some(id) = id else {
        return Ok(None);
    };
    on_conn!(tx, c => {
        sqlx::query("UPDATE grant_awards SET identifier = $2 WHERE id = $1")
            .bind(id)
            .bind(award_identifier(award.prefix, id))
            .execute(c)
            .await
            .map(|_| ())
    })?;
    Ok(Some(id))
}

/// Records the group's acceptance of offer `id`, if it is still offered at `version`;
/// answers whether it was.
pub async fn accept(
    tx: &mut Tx,
    id: i64,
    version: i64,
    name: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query(
            "UPDATE grant_awards SET status = 'accepted', accepted_at = $3, accepted_name = $4, \
             version = version + 1, updated_at = $3 \
             WHERE id = $1 AND version = $2 AND status = 'offered'",
        )
        .bind(id)
        .bind(version)
        .bind(now)
        .bind(name)
        .execute(c)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}
