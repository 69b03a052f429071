//! SQL for a round's voters and their votes.

use super::model::Project;
use crate::on_conn;
use crate::plumbing::{Conn, Tx};
use chrono::{DateTime, Utc};

/// A voter as stored: (id, name, area, name key, ballot token, voted at), by name.
pub type VoterRow = (i64, String, String, String, String, Option<DateTime<Utc>>);

pub async fn voters(conn: &mut Conn, round: i64) -> Result<Vec<VoterRow>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, VoterRow>(
            "SELECT id, name, area, name_key, ballot_token, voted_at FROM round_voters \
             WHERE round_id = $1 \
             ORDER BY name, area, id",
        )
        .bind(round)
        .fetch_all(c)
        .await
    })
}

/// A voter found by their ballot token: (voter id, round id, name, voted at).
pub async fn by_token(
    conn: &mut Conn,
    token: &str,
) -> Result<Option<(i64, i64, String, Option<DateTime<Utc>>)>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, (i64, i64, String, Option<DateTime<Utc>>)>(
            "SELECT id, round_id, name, voted_at FROM round_voters WHERE ballot_token = $1",
        )
        .bind(token)
        .fetch_optional(c)
        .await
    })
}

/// A voter to add: (name, area, name key, ballot token).
pub type NewVoter = (String, String, String, String);

pub async fn insert_voters(
    tx: &mut Tx,
    round: i64,
    voters: &[NewVoter],
    by: i64,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    for (name, area, key, token) in voters {
        on_conn!(tx, c => {
            sqlx::query(
                "INSERT INTO round_voters (round_id, name, area, name_key, ballot_token, added_by, \
                 added_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(round)
            .bind(name)
            .bind(area)
            .bind(key)
            .bind(token)
            .bind(by)
            .bind(now)
            .execute(c)
            .await
            .map(|_| ())
        })?;
    }
    Ok(())
}

/// The eligible applications to `round` with their votes, in the order they applied.
pub async fn projects(conn: &mut Conn, round: i64) -> Result<Vec<Project>, sqlx::Error> {
    let rows = on_conn!(conn, c => {
        sqlx::query_as::<_, (i64, String, String, String, String, String, i64, i64)>(
            "SELECT a.id, a.reference, a.org_name, a.project_title, a.summary, a.wards, \
             a.amount_pence, (SELECT COUNT(*) FROM round_votes v WHERE v.application_id = a.id) \
             FROM grant_applications a WHERE a.round_id = $1 AND a.status = 'eligible' \
             ORDER BY a.submitted_at, a.id",
        )
        .bind(round)
        .fetch_all(c)
        .await
    })?;
    Ok(rows
        .into_iter()
        .map(
            |(id, reference, org_name, project_title, summary, wards, amount_pence, votes)| {
                Project {
                    id,
                    reference,
                    org_name,
                    project_title,
                    summary,
                    wards,
                    amount_pence,
                    votes,
                }
            },
        )
        .collect())
}

/// What `voter` picked.
pub async fn picked(conn: &mut Conn, voter: i64) -> Result<Vec<i64>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_scalar::<_, i64>(
            "SELECT application_id FROM round_votes WHERE voter_id = $1 ORDER BY application_id",
        )
        .bind(voter)
        .fetch_all(c)
        .await
    })
}

/// Records `voter`'s picks, if they have not voted yet; answers whether they had not.
pub async fn cast(
    tx: &mut Tx,
    voter: i64,
    picks: &[i64],
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let first = on_conn!(tx, c => {
        sqlx::query("UPDATE round_voters SET voted_at = $2 WHERE id = $1 AND voted_at IS NULL")
            .bind(voter)
            .bind(now)
            .execute(c)
            .await
            .map(|done| done.rows_affected() == 1)
    })?;
    if !first {
        return Ok(false);
    }
    for application in picks {
        on_conn!(tx, c => {
            sqlx::query("INSERT INTO round_votes (voter_id, application_id) VALUES ($1, $2)")
                .bind(voter)
                .bind(application)
                .execute(c)
                .await
                .map(|_| ())
        })?;
    }
    Ok(true)
}
