//! SQL for user administration.

use super::UserSummary;
use crate::auth::{Held, Role};
use crate::on_conn;
use crate::plumbing::{Conn, Tx};
use chrono::{DateTime, Utc};

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    name: String,
    email: String,
    organisation: String,
    active: bool,
    is_demo: bool,
    must_change_password: bool,
    last_sign_in_at: Option<DateTime<Utc>>,
}

/// Every account with its roles (two queries, joined here).
pub async fn list_users(conn: &mut Conn) -> Result<Vec<UserSummary>, sqlx::Error> {
    let users = on_conn!(conn, c => {
        sqlx::query_as::<_, UserRow>(
            "SELECT id, name, email, organisation, active, is_demo, must_change_password, last_sign_in_at \
             FROM users ORDER BY name",
        )
        .fetch_all(c)
        .await
    })?;
    let grants = crate::auth::db::every_grant(conn).await?;
    Ok(users
        .into_iter()
        .map(|user| UserSummary {
            grants: grants
                .iter()
                .filter(|(holder, _)| *holder == user.id)
                .map(|(_, grant)| grant.clone())
                .collect(),
            id: user.id,
            name: user.name,
            email: user.email,
            organisation: user.organisation,
            active: user.active,
            is_demo: user.is_demo,
            must_change_password: user.must_change_password,
            last_sign_in_at: user.last_sign_in_at,
        })
        .collect())
}

pub async fn find_user(conn: &mut Conn, user_id: i64) -> Result<Option<UserSummary>, sqlx::Error> {
    Ok(list_users(conn)
        .await?
        .into_iter()
        .find(|user| user.id == user_id))
}

/// Activates or deactivates; deactivation also ends every live session at once.
pub async fn set_active(
    tx: &mut Tx,
    user_id: i64,
    active: bool,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query("UPDATE users SET active = $1 WHERE id = $2")
            .bind(active)
            .bind(user_id)
            .execute(c)
            .await
            .map(|_| ())
    })?;
    if !active {
        crate::auth::db::revoke_user_sessions(tx, user_id, None, now).await?;
    }
    Ok(())
}

pub async fn set_password(
    tx: &mut Tx,
    user_id: i64,
    password_hash: &str,
    must_change_password: bool,
) -> Result<(), sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query("UPDATE users SET password_hash = $1, must_change_password = $2 WHERE id = $3")
            .bind(password_hash)
            .bind(must_change_password)
            .bind(user_id)
            .execute(c)
            .await
            .map(|_| ())
    })
}

/// Removes `role` held for `place` (a borough code for borough roles, an ICB code for ICB
/// roles, `None` for region roles).
pub async fn remove_grant(
    tx: &mut Tx,
    user_id: i64,
    role: Role,
    place: Option<&str>,
) -> Result<u64, sqlx::Error> {
    let (borough, icb) = match role.held_for() {
        Held::Borough => (place, None),
        Held::Icb => (None, place),
        Held::Region => (None, None),
    };
    on_conn!(tx, c => {
        sqlx::query(
            "DELETE FROM user_roles WHERE user_id = $1 AND role = $2 AND \
             ((borough_id IS NULL AND $3 IS NULL) OR borough_id = (SELECT id FROM boroughs WHERE code = $3)) AND \
             ((icb_id IS NULL AND $4 IS NULL) OR icb_id = (SELECT id FROM icbs WHERE code = $4))",
        )
        .bind(user_id)
        .bind(role.code())
        .bind(borough)
        .bind(icb)
        .execute(c)
        .await
        .map(|done| done.rows_affected())
    })
}

/// Locks the administrators' account rows (a no-op update, held to commit), so two
/// changes that could each remove the last administrator take turns: on PostgreSQL the
/// second waits and then counts what the first committed; SQLite serialises writers.
pub async fn lock_administrators(tx: &mut Tx) -> Result<(), sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query(
            "UPDATE users SET active = active \
             WHERE id IN (SELECT user_id FROM user_roles WHERE role = 'admin')",
        )
        .execute(c)
        .await
        .map(|_| ())
    })
}

/// Active accounts that hold the administrator role (inside the transaction that may have
/// just removed one).
pub async fn active_administrators(tx: &mut Tx) -> Result<i64, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query_scalar(
            "SELECT COUNT(DISTINCT u.id) FROM users u JOIN user_roles r ON r.user_id = u.id \
             WHERE r.role = 'admin' AND u.active",
        )
        .fetch_one(c)
        .await
    })
}

pub async fn password_hash(conn: &mut Conn, user_id: i64) -> Result<Option<String>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_scalar::<_, String>("SELECT password_hash FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(c)
            .await
    })
}
