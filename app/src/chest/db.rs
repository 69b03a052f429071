//! SQL for the community chest's funds, contributions and fund managers.

use super::model::{Contribution, Fund, FundManager};
use crate::on_conn;
use crate::plumbing::{Conn, Tx};
use chrono::{DateTime, NaiveDate, Utc};

const FUND_SELECT: &str = "SELECT f.id, f.name, \
     CASE WHEN b.id IS NOT NULL THEN b.code WHEN i.id IS NOT NULL THEN i.code ELSE 'london' END AS place, \
     COALESCE(b.name, i.name, 'London') AS place_name, \
     CASE WHEN b.id IS NOT NULL THEN 'borough' WHEN i.id IS NOT NULL THEN 'icb' ELSE 'region' END AS place_level, \
     f.holder_name, f.holder_org_id, \
     f.identifier_prefix, f.illustrative \
     FROM funds f LEFT JOIN boroughs b ON b.id = f.borough_id LEFT JOIN icbs i ON i.id = f.icb_id";

/// The appointments that let someone run a fund: made by someone else (not the starter's
/// own first row, nor rows from before appointments were kept).
const APPOINTED: &str = "appointed_by IS NOT NULL AND appointed_by <> user_id";

/// Every fund, by name, each with its appointed managers' ids.
pub async fn funds(conn: &mut Conn) -> Result<Vec<Fund>, sqlx::Error> {
    let sql = format!("{FUND_SELECT} ORDER BY f.name, f.id");
    let mut funds = on_conn!(conn, c => sqlx::query_as::<_, Fund>(&sql).fetch_all(c).await)?;
    let appointed = on_conn!(conn, c => {
        sqlx::query_as::<_, (i64, i64)>(&format!("SELECT fund_id, user_id FROM fund_managers WHERE {APPOINTED} ORDER BY user_id"))
            .fetch_all(c)
            .await
    })?;
    for fund in &mut funds {
        fund.managers = appointed
            .iter()
            .filter(|(id, _)| *id == fund.id)
            .map(|(_, user)| *user)
            .collect();
    }
    Ok(funds)
}

/// The fund `id`, if any, with its appointed managers' ids.
pub async fn find_fund(conn: &mut Conn, id: i64) -> Result<Option<Fund>, sqlx::Error> {
    let sql = format!("{FUND_SELECT} WHERE f.id = $1");
    let found =
        on_conn!(conn, c => sqlx::query_as::<_, Fund>(&sql).bind(id).fetch_optional(c).await)?;
    let Some(mut fund) = found else {
        return Ok(None);
    };
    fund.managers = on_conn!(conn, c => {
        sqlx::query_scalar::<_, i64>(&format!(
            "SELECT user_id FROM fund_managers WHERE fund_id = $1 AND {APPOINTED} ORDER BY user_id"
        ))
        .bind(id)
        .fetch_all(c)
        .await
    })?;
    Ok(Some(fund))
}

/// Whether a fund already uses `prefix`.
pub async fn prefix_taken(conn: &mut Conn, prefix: &str) -> Result<bool, sqlx::Error> {
    let found = on_conn!(conn, c => {
        sqlx::query_scalar::<_, i64>("SELECT id FROM funds WHERE LOWER(identifier_prefix) = LOWER($1)")
            .bind(prefix)
            .fetch_optional(c)
            .await
    })?;
    Ok(found.is_some())
}

/// A fund as it is started.
pub struct NewFund<'a> {
    pub name: &'a str,
    /// `london`, an ICB code or a borough code.
    pub place: &'a str,
    pub holder_name: &'a str,
    pub holder_org_id: &'a str,
    pub identifier_prefix: &'a str,
}

/// A new fund; answers its id.
pub async fn insert_fund(
    tx: &mut Tx,
    fund: &NewFund<'_>,
    user: i64,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO funds (name, icb_id, borough_id, holder_name, holder_org_id, \
             identifier_prefix, created_by, created_at) VALUES ($1, \
             (SELECT id FROM icbs WHERE code = $2), (SELECT id FROM boroughs WHERE code = $2), \
             $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(fund.name)
        .bind(fund.place)
        .bind(fund.holder_name)
        .bind(fund.holder_org_id)
        .bind(fund.identifier_prefix)
        .bind(user)
        .bind(now)
        .fetch_one(c)
        .await
    })
}

/// Appoints `user` a manager of `fund`, by `by` (once): whether they were not already.
pub async fn insert_manager(
    tx: &mut Tx,
    fund: i64,
    user: i64,
    by: i64,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query(
            "INSERT INTO fund_managers (fund_id, user_id, appointed_by, appointed_at) \
             SELECT $1, $2, $3, $4 WHERE NOT EXISTS \
             (SELECT 1 FROM fund_managers WHERE fund_id = $1 AND user_id = $2)",
        )
        .bind(fund)
        .bind(user)
        .bind(by)
        .bind(now)
        .execute(c)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

/// Ends `user`'s appointment to run `fund`: whether they were appointed.
pub async fn delete_manager(tx: &mut Tx, fund: i64, user: i64) -> Result<bool, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query("DELETE FROM fund_managers WHERE fund_id = $1 AND user_id = $2")
            .bind(fund)
            .bind(user)
            .execute(c)
            .await
            .map(|done| done.rows_affected() == 1)
    })
}

/// `fund`'s appointed managers, by name, each with who appointed them and when.
pub async fn managers(conn: &mut Conn, fund: i64) -> Result<Vec<FundManager>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, FundManager>(
            "SELECT u.id AS user_id, u.name, u.organisation, b.name AS appointed_by, \
             m.appointed_at FROM fund_managers m JOIN users u ON u.id = m.user_id \
             LEFT JOIN users b ON b.id = m.appointed_by \
             WHERE m.fund_id = $1 ORDER BY u.name, u.id",
        )
        .bind(fund)
        .fetch_all(c)
        .await
    })
}

/// Active people who may be appointed to run a fund of `icb` (an ICB code; `None` for a
/// regional fund, any ICB), by name: an ICB lead, borough lead, submitter or viewer there,
/// as `chest::service::may_be_appointed` decides.
pub async fn appointable(
    conn: &mut Conn,
    icb: Option<&str>,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, (i64, String)>(
            "SELECT u.id, u.name FROM users u WHERE u.active = TRUE \
             AND EXISTS (SELECT 1 FROM user_roles r LEFT JOIN boroughs b ON b.id = r.borough_id \
             JOIN icbs i ON i.id = COALESCE(r.icb_id, b.icb_id) \
             WHERE r.user_id = u.id \
             AND r.role IN ('icb_lead', 'borough_lead', 'submitter', 'viewer') \
             AND ($1 IS NULL OR i.code = $1)) \
             ORDER BY u.name, u.id",
        )
        .bind(icb)
        .fetch_all(c)
        .await
    })
}

/// Every contribution to `fund`, newest pledge first.
pub async fn contributions(conn: &mut Conn, fund: i64) -> Result<Vec<Contribution>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, Contribution>(
            "SELECT id, contributor_name, contributor_org_id, amount_pence, pledged_on, \
             received_on, financial_year, restrictions, recorded_at FROM fund_contributions \
             WHERE fund_id = $1 ORDER BY pledged_on DESC, id DESC",
        )
        .bind(fund)
        .fetch_all(c)
        .await
    })
}

/// Each fund's pot: (fund id, pence pledged, pence arrived), for funds with any.
pub async fn pots(conn: &mut Conn) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, (i64, i64, i64)>(
            "SELECT fund_id, CAST(SUM(amount_pence) AS BIGINT), \
             CAST(SUM(CASE WHEN received_on IS NULL THEN 0 ELSE amount_pence END) AS BIGINT) \
             FROM fund_contributions GROUP BY fund_id",
        )
        .fetch_all(c)
        .await
    })
}

/// A contribution as it is recorded.
pub struct NewContribution<'a> {
    pub fund: i64,
    pub contributor_name: &'a str,
    pub contributor_org_id: &'a str,
    pub amount_pence: i64,
    pub pledged_on: NaiveDate,
    pub received_on: Option<NaiveDate>,
    pub financial_year: i64,
    pub restrictions: &'a str,
}

/// Records a contribution by `user`; answers its id.
pub async fn insert_contribution(
    tx: &mut Tx,
    new: &NewContribution<'_>,
    user: i64,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO fund_contributions (fund_id, contributor_name, contributor_org_id, \
             amount_pence, pledged_on, received_on, financial_year, restrictions, recorded_by, \
             recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(new.fund)
        .bind(new.contributor_name)
        .bind(new.contributor_org_id)
        .bind(new.amount_pence)
        .bind(new.pledged_on)
        .bind(new.received_on)
        .bind(new.financial_year)
        .bind(new.restrictions)
        .bind(user)
        .bind(now)
        .fetch_one(c)
        .await
    })
}

/// Marks `fund` as demonstration data.
pub async fn mark_illustrative(tx: &mut Tx, fund: i64) -> Result<(), sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query("UPDATE funds SET illustrative = TRUE WHERE id = $1")
            .bind(fund)
            .execute(c)
            .await
            .map(|_| ())
    })
}

/// Holds `fund` until the transaction ends, so two changes to what is left in it (a
/// round's budget, an award) cannot both read the same balance: a no-op write takes the
/// row lock (PostgreSQL) or the write lock (SQLite) first.
pub async fn lock_fund(tx: &mut Tx, fund: i64) -> Result<(), sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query("UPDATE funds SET name = name WHERE id = $1")
            .bind(fund)
            .execute(c)
            .await
            .map(|_| ())
    })
}
