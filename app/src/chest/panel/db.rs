//! SQL for a round's panel: appointments, declarations, reviews and their scores.

use super::model::{Declaration, Interest, Mark, Recommendation, Review};
use crate::on_conn;
use crate::plumbing::{Conn, Tx};
use chrono::{DateTime, Utc};

/// The members of `round`'s panel (user id, name), by name.
pub async fn members(conn: &mut Conn, round: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, (i64, String)>(
            "SELECT u.id, u.name FROM round_panel_members m JOIN users u ON u.id = m.user_id \
             WHERE m.round_id = $1 ORDER BY u.name, u.id",
        )
        .bind(round)
        .fetch_all(c)
        .await
    })
}

/// Active accounts holding the panel member role for `icb` (every ICB when None), by
/// name: whom a fund's managers may appoint to its rounds' panels.
pub async fn panel_people(
    conn: &mut Conn,
    icb: Option<&str>,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, (i64, String)>(
            "SELECT DISTINCT u.id, u.name FROM users u JOIN user_roles r ON r.user_id = u.id \
             LEFT JOIN icbs i ON i.id = r.icb_id \
             WHERE u.active = TRUE AND r.role = 'panel_member' AND ($1 IS NULL OR i.code = $1) \
             ORDER BY u.name, u.id",
        )
        .bind(icb)
        .fetch_all(c)
        .await
    })
}

/// Appoints `user` to `round`'s panel (once).
pub async fn appoint(
    tx: &mut Tx,
    round: i64,
    user: i64,
    by: i64,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query(
            "INSERT INTO round_panel_members (round_id, user_id, appointed_by, appointed_at) \
             SELECT $1, $2, $3, $4 WHERE NOT EXISTS \
             (SELECT 1 FROM round_panel_members WHERE round_id = $1 AND user_id = $2)",
        )
        .bind(round)
        .bind(user)
        .bind(by)
        .bind(now)
        .execute(c)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

const DECLARATION_SELECT: &str = "SELECT d.application_id, d.user_id, u.name AS member_name, \
     d.interest, d.note, d.declared_at FROM panel_declarations d JOIN users u ON u.id = d.user_id";

/// Every declaration on the applications of `round`, by application and member.
pub async fn round_declarations(
    conn: &mut Conn,
    round: i64,
) -> Result<Vec<Declaration>, sqlx::Error> {
    let sql = format!(
        "{DECLARATION_SELECT} JOIN grant_applications a ON a.id = d.application_id \
         WHERE a.round_id = $1 ORDER BY d.application_id, u.name"
    );
    on_conn!(conn, c => sqlx::query_as::<_, Declaration>(&sql).bind(round).fetch_all(c).await)
}

/// Records `user`'s declaration on `application`; false if they had made one.
pub async fn declare(
    tx: &mut Tx,
    application: i64,
    user: i64,
    (interest, note): (Interest, &str),
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query(
            "INSERT INTO panel_declarations (application_id, user_id, interest, note, declared_at) \
             SELECT $1, $2, $3, $4, $5 WHERE NOT EXISTS \
             (SELECT 1 FROM panel_declarations WHERE application_id = $1 AND user_id = $2)",
        )
        .bind(application)
        .bind(user)
        .bind(interest.code())
        .bind(note)
        .bind(now)
        .execute(c)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

#[derive(sqlx::FromRow)]
struct ReviewRow {
    id: i64,
    application_id: i64,
    user_id: i64,
    member_name: String,
    recommendation: Recommendation,
    submitted_at: DateTime<Utc>,
}

/// Every review of the applications of `round`, with its marks.
pub async fn round_reviews(conn: &mut Conn, round: i64) -> Result<Vec<Review>, sqlx::Error> {
    let rows = on_conn!(conn, c => {
        sqlx::query_as::<_, ReviewRow>(
            "SELECT v.id, v.application_id, v.user_id, u.name AS member_name, v.recommendation, \
             v.submitted_at FROM panel_reviews v JOIN users u ON u.id = v.user_id \
             JOIN grant_applications a ON a.id = v.application_id WHERE a.round_id = $1 \
             ORDER BY v.application_id, u.name",
        )
        .bind(round)
        .fetch_all(c)
        .await
    })?;
    let marks = on_conn!(conn, c => {
        sqlx::query_as::<_, Mark>(
            "SELECT s.review_id, s.criterion_id, s.score, s.comment FROM panel_scores s \
             JOIN panel_reviews v ON v.id = s.review_id \
             JOIN grant_applications a ON a.id = v.application_id WHERE a.round_id = $1",
        )
        .bind(round)
        .fetch_all(c)
        .await
    })?;
    Ok(rows
        .into_iter()
        .map(|row| Review {
            marks: marks
                .iter()
                .filter(|m| m.review_id == row.id)
                .cloned()
                .collect(),
            id: row.id,
            application_id: row.application_id,
            user_id: row.user_id,
            member_name: row.member_name,
            recommendation: row.recommendation,
            submitted_at: row.submitted_at,
        })
        .collect())
}

/// Stores `user`'s review of `application` with its marks (criterion, score, comment);
/// None if they had submitted one.
pub async fn insert_review(
    tx: &mut Tx,
    application: i64,
    user: i64,
    recommendation: Recommendation,
    marks: &[(i64, Option<i64>, String)],
    now: DateTime<Utc>,
) -> Result<Option<i64>, sqlx::Error> {
    let id = on_conn!(tx, c => {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO panel_reviews (application_id, user_id, recommendation, submitted_at) \
             SELECT $1, $2, $3, $4 WHERE NOT EXISTS \
             (SELECT 1 FROM panel_reviews WHERE application_id = $1 AND user_id = $2) RETURNING id",
        )
        .bind(application)
        .bind(user)
        .bind(recommendation.code())
        .bind(now)
        .fetch_optional(c)
        .await
    })?;
    let Some(id) = id else {
        return Ok(None);
    };
    for (criterion, score, comment) in marks {
        on_conn!(tx, c => {
            sqlx::query(
                "INSERT INTO panel_scores (review_id, criterion_id, score, comment) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(criterion)
            .bind(score)
            .bind(comment)
            .execute(c)
            .await
            .map(|_| ())
        })?;
    }
    Ok(Some(id))
}
