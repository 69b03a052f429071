//! SQL for borough plan actions and their links to recommendations.

use super::BoroughAction;
use crate::on_conn;
use crate::plumbing::{Conn, Tx};
use crate::recommendations::Status;
use chrono::NaiveDate;

#[derive(sqlx::FromRow)]
struct ActionRow {
    id: i64,
    borough_code: String,
    borough_name: String,
    domain: String,
    number: i64,
    title: String,
    owner_id: Option<i64>,
    owner_name: Option<String>,
    status: Status,
    due_on: Option<NaiveDate>,
    done_on: Option<NaiveDate>,
    version: i64,
}

#[derive(sqlx::FromRow)]
struct LinkRow {
    action_id: i64,
    number: i64,
}

const ACTION_SELECT: &str =
    "SELECT a.id, b.code AS borough_code, b.name AS borough_name, d.name AS domain, a.number, a.title, \
     a.owner_id, u.name AS owner_name, a.status, a.due_on, a.done_on, a.version \
     FROM borough_actions a JOIN boroughs b ON b.id = a.borough_id \
     JOIN maturity_domains d ON d.id = a.domain_id LEFT JOIN users u ON u.id = a.owner_id \
     WHERE ($1 IS NULL OR b.code = $1) AND ($2 IS NULL OR a.id = $2) \
     ORDER BY b.name, d.position, a.number";

const LINK_SELECT: &str = "SELECT l.action_id, r.number FROM borough_action_recommendations l \
     JOIN recommendations r ON r.id = l.recommendation_id \
     WHERE ($1 IS NULL OR l.action_id = $1) ORDER BY r.number";

/// Actions in plan order, for one borough (`Some(code)`) or one action (`id`).
async fn load(
    conn: &mut Conn,
    borough: Option<&str>,
    id: Option<i64>,
) -> Result<Vec<BoroughAction>, sqlx::Error> {
    let rows = on_conn!(conn, c => {
        sqlx::query_as::<_, ActionRow>(ACTION_SELECT)
            .bind(borough)
            .bind(id)
            .fetch_all(c)
            .await
    })?;
    let links = on_conn!(conn, c => {
        sqlx::query_as::<_, LinkRow>(LINK_SELECT)
            .bind(id)
            .fetch_all(c)
            .await
    })?;
    Ok(rows
        .into_iter()
        .map(|row| into_action(row, &links))
        .collect())
}

/// The action `id` as it stands inside `tx`, held until the transaction ends: a no-op
/// write takes the row lock first (PostgreSQL) or the write lock (SQLite), so no other
/// save can change the action between this read and the caller's update.
pub async fn lock_action(tx: &mut Tx, id: i64) -> Result<Option<BoroughAction>, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query("UPDATE borough_actions SET version = version WHERE id = $1")
            .bind(id)
            .execute(c)
            .await
            .map(|_| ())
    })?;
    let row = on_conn!(tx, c => {
        sqlx::query_as::<_, ActionRow>(ACTION_SELECT)
            .bind(None::<&str>)
            .bind(Some(id))
            .fetch_optional(c)
            .await
    })?;
    let links = on_conn!(tx, c => {
        sqlx::query_as::<_, LinkRow>(LINK_SELECT)
            .bind(Some(id))
            .fetch_all(c)
            .await
    })?;
    Ok(row.map(|row| into_action(row, &links)))
}

fn into_action(row: ActionRow, links: &[LinkRow]) -> BoroughAction {
    BoroughAction {
        recommendations: links
            .iter()
            .filter(|l| l.action_id == row.id)
            .map(|l| l.number)
            .collect(),
        status: row.status,
        id: row.id,
        borough_code: row.borough_code,
        borough_name: row.borough_name,
        domain: row.domain,
        number: row.number,
        title: row.title,
        owner_id: row.owner_id,
        owner_name: row.owner_name,
        due_on: row.due_on,
        done_on: row.done_on,
        version: row.version,
    }
}

pub async fn borough_actions(
    conn: &mut Conn,
    borough: &str,
) -> Result<Vec<BoroughAction>, sqlx::Error> {
    load(conn, Some(borough), None).await
}

pub async fn all_actions(conn: &mut Conn) -> Result<Vec<BoroughAction>, sqlx::Error> {
    load(conn, None, None).await
}

pub async fn find_action(conn: &mut Conn, id: i64) -> Result<Option<BoroughAction>, sqlx::Error> {
    Ok(load(conn, None, Some(id)).await?.into_iter().next())
}

/// Saves owner, status, dates and links if the action is still at `version`.
pub async fn update_action(
    tx: &mut Tx,
    action: &BoroughAction,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let changed = on_conn!(tx, c => {
        sqlx::query(
            "UPDATE borough_actions SET owner_id = $1, status = $2, due_on = $3, done_on = $4, version = version + 1 \
             WHERE id = $5 AND version = $6",
        )
        .bind(action.owner_id)
        .bind(action.status.code())
        .bind(action.due_on)
        .bind(action.done_on)
        .bind(action.id)
        .bind(version)
        .execute(c)
        .await
        .map(|done| done.rows_affected())
    })?;
    if changed != 1 {
        return Ok(false);
    }
    on_conn!(tx, c => {
        sqlx::query("DELETE FROM borough_action_recommendations WHERE action_id = $1")
            .bind(action.id)
            .execute(c)
            .await
            .map(|_| ())
    })?;
    for number in &action.recommendations {
        on_conn!(tx, c => {
            sqlx::query(
                // The recommendation of that number in the action's borough's ICB's review.
                "INSERT INTO borough_action_recommendations (action_id, recommendation_id) \
                 SELECT $1, r.id FROM recommendations r \
                 WHERE r.number = $2 AND r.icb_id = (SELECT b.icb_id FROM borough_actions a \
                 JOIN boroughs b ON b.id = a.borough_id WHERE a.id = $1)",
            )
            .bind(action.id)
            .bind(number)
            .execute(c)
            .await
            .map(|_| ())
        })?;
    }
    Ok(true)
}
