//! SQL for accounts, roles, sessions and failed sign-ins (the counts that limit sign-in are
//! `plumbing::attempts`).

use super::model::{CurrentUser, Grant, Grants, Held, Person, Role, Scope};
use crate::on_conn;
use crate::plumbing::session::{IDLE_MINUTES, SEEN_EVERY_SECONDS};
use crate::plumbing::{Conn, Tx};
use chrono::{DateTime, Duration, Utc};

/// Active accounts that hold a programme role in `icb` (an ICB code: an ICB role held for
/// it, or a borough role in one of its boroughs), by name: the people who can be named as
/// owners or participants of its records. Viewers and panel members read, and region roles
/// (administrators, regional leads) edit no ICB's programme, so they are not offered.
pub async fn people(conn: &mut Conn, icb: &str) -> Result<Vec<Person>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, Person>(
            "SELECT u.id, u.name, u.organisation FROM users u WHERE u.active = TRUE \
             AND EXISTS (SELECT 1 FROM user_roles r LEFT JOIN boroughs b ON b.id = r.borough_id \
             WHERE r.user_id = u.id \
             AND r.role NOT IN ('viewer', 'panel_member', 'admin', 'regional_lead') \
             AND COALESCE(r.icb_id, b.icb_id) = (SELECT id FROM icbs WHERE code = $1)) \
             ORDER BY u.name, u.id",
        )
        .bind(icb)
        .fetch_all(c)
        .await
    })
}

/// [`people`] of the ICB `borough` (a borough code) belongs to.
pub async fn people_around(conn: &mut Conn, borough: &str) -> Result<Vec<Person>, sqlx::Error> {
    let icb = crate::boroughs::db::icb_of_borough(conn, borough)
        .await?
        .unwrap_or_default();
    people(conn, &icb).await
}

/// Every account, active or not, by name: whoever may appear in the audit trail.
pub async fn accounts(conn: &mut Conn) -> Result<Vec<Person>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, Person>("SELECT id, name, organisation FROM users ORDER BY name, id")
            .fetch_all(c)
            .await
    })
}

/// What sign-in needs to know about an account.
#[derive(sqlx::FromRow)]
pub struct Credentials {
    pub id: i64,
    pub active: bool,
    pub must_change_password: bool,
    pub password_hash: String,
}

/// A new account, its password already hashed.
pub struct NewUser<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub organisation: &'a str,
    pub password_hash: &'a str,
    pub must_change_password: bool,
    pub is_demo: bool,
}

pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

pub async fn find_credentials(
    conn: &mut Conn,
    email: &str,
) -> Result<Option<Credentials>, sqlx::Error> {
    let key = email_key(email);
    on_conn!(conn, c => {
        sqlx::query_as::<_, Credentials>(
            "SELECT id, active, must_change_password, password_hash FROM users WHERE email_key = $1",
        )
        .bind(&key)
        .fetch_optional(c)
        .await
    })
}

pub async fn insert_user(
    tx: &mut Tx,
    user: &NewUser<'_>,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    let key = email_key(user.email);
    on_conn!(tx, c => {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO users (name, email, email_key, organisation, active, password_hash, \
             must_change_password, is_demo, created_at) \
             VALUES ($1, $2, $3, $4, TRUE, $5, $6, $7, $8) RETURNING id",
        )
        .bind(user.name)
        .bind(user.email.trim())
        .bind(&key)
        .bind(user.organisation)
        .bind(user.password_hash)
        .bind(user.must_change_password)
        .bind(user.is_demo)
        .bind(now)
        .fetch_one(c)
        .await
    })
}

/// Grants `role` to `user_id` for `place`: a borough code for borough roles, an ICB code
/// for ICB roles, `None` for region roles (the database refuses any other pairing).
pub async fn insert_grant(
    tx: &mut Tx,
    user_id: i64,
    role: Role,
    place: Option<&str>,
) -> Result<(), sqlx::Error> {
    let (borough, icb) = match role.held_for() {
        Held::Borough => (place, None),
        Held::Icb => (None, place),
        Held::Region => (None, None),
    };
    on_conn!(tx, c => {
        sqlx::query(
            "INSERT INTO user_roles (user_id, role, borough_id, icb_id) \
             VALUES ($1, $2, (SELECT id FROM boroughs WHERE code = $3), \
                     (SELECT id FROM icbs WHERE code = $4))",
        )
        .bind(user_id)
        .bind(role.code())
        .bind(borough)
        .bind(icb)
        .execute(c)
        .await
        .map(|_| ())
    })
}

pub async fn insert_session(
    tx: &mut Tx,
    session_id: &str,
    user_id: i64,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query(
            "INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(session_id)
        .bind(user_id)
        .bind(now)
        .bind(expires_at)
        .execute(c)
        .await
        .map(|_| ())
    })?;
    on_conn!(tx, c => {
        sqlx::query("UPDATE users SET last_sign_in_at = $1 WHERE id = $2")
            .bind(now)
            .bind(user_id)
            .execute(c)
            .await
            .map(|_| ())
    })
}

/// Ends a session (sign-out). Returns whether it was live.
pub async fn revoke_session(
    tx: &mut Tx,
    session_id: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = on_conn!(tx, c => {
        sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(session_id)
            .execute(c)
            .await
            .map(|done| done.rows_affected())
    })?;
    Ok(done > 0)
}

#[derive(sqlx::FromRow)]
struct SessionUserRow {
    id: i64,
    name: String,
    email: String,
    active: bool,
    must_change_password: bool,
    expires_at: DateTime<Utc>,
    revoked_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    last_seen_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct GrantRow {
    user_id: i64,
    role: Role,
    borough: Option<String>,
    /// The ICB role's ICB, or the borough role's borough's ICB.
    icb: Option<String>,
}

#[derive(sqlx::FromRow)]
struct IcbBoroughRow {
    icb: String,
    borough: String,
}

/// The user of a live session: the session exists, belongs to `user_id`, is neither
/// revoked nor expired, and the user is active.
pub async fn session_user(
    conn: &mut Conn,
    session_id: &str,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<CurrentUser>, sqlx::Error> {
    let row = on_conn!(conn, c => {
        sqlx::query_as::<_, SessionUserRow>(
            "SELECT u.id, u.name, u.email, u.active, u.must_change_password, s.expires_at, \
             s.revoked_at, s.created_at, s.last_seen_at \
             FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.id = $1 AND s.user_id = $2",
        )
        .bind(session_id)
        .bind(user_id)
        .fetch_optional(c)
        .await
    })?;
    let Some(row) = row else { return Ok(None) };
    if !row.active || row.revoked_at.is_some() || row.expires_at <= now {
        return Ok(None);
    }
    let seen = row.last_seen_at.unwrap_or(row.created_at);
    if now - seen > Duration::minutes(IDLE_MINUTES) {
        return Ok(None);
    }
    if now - seen > Duration::seconds(SEEN_EVERY_SECONDS) {
        // Best effort: a busy database (a large return being stored) must not turn a read
        // into an error; the next request writes it.
        let touched = on_conn!(conn, c => {
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2")
                .bind(now)
                .bind(session_id)
                .execute(c)
                .await
                .map(|_| ())
        });
        if let Err(error) = touched {
            tracing::warn!(%error, "could not record a session's last use");
        }
    }
    Ok(Some(CurrentUser {
        id: row.id,
        name: row.name,
        email: row.email,
        must_change_password: row.must_change_password,
        grants: grants(conn, row.id).await?,
    }))
}

const GRANT_SELECT: &str = "SELECT r.user_id, r.role, b.code AS borough, \
     COALESCE(i.code, bi.code) AS icb \
     FROM user_roles r \
     LEFT JOIN boroughs b ON b.id = r.borough_id \
     LEFT JOIN icbs bi ON bi.id = b.icb_id \
     LEFT JOIN icbs i ON i.id = r.icb_id";

/// A user's grants, each with where it holds, the ICB it sits in and that ICB's boroughs,
/// so [`Grants::allows`] decides without a lookup.
pub async fn grants(conn: &mut Conn, user_id: i64) -> Result<Grants, sqlx::Error> {
    let sql = format!("{GRANT_SELECT} WHERE r.user_id = $1 ORDER BY r.id");
    let rows = on_conn!(conn, c => {
        sqlx::query_as::<_, GrantRow>(&sql).bind(user_id).fetch_all(c).await
    })?;
    let grants = into_grants(conn, rows).await?;
    Ok(Grants(grants.into_iter().map(|(_, grant)| grant).collect()))
}

/// Every user's grants (user id, grant), in the order they were given.
pub async fn every_grant(conn: &mut Conn) -> Result<Vec<(i64, Grant)>, sqlx::Error> {
    let sql = format!("{GRANT_SELECT} ORDER BY r.id");
    let rows = on_conn!(conn, c => sqlx::query_as::<_, GrantRow>(&sql).fetch_all(c).await)?;
    into_grants(conn, rows).await
}

async fn into_grants(
    conn: &mut Conn,
    rows: Vec<GrantRow>,
) -> Result<Vec<(i64, Grant)>, sqlx::Error> {
    let icb_boroughs = if rows.iter().any(|row| row.role.held_for() != Held::Region) {
        on_conn!(conn, c => {
            sqlx::query_as::<_, IcbBoroughRow>(
                "SELECT i.code AS icb, b.code AS borough \
                 FROM boroughs b JOIN icbs i ON i.id = b.icb_id ORDER BY b.code",
            )
            .fetch_all(c)
            .await
        })?
    } else {
        Vec::new()
    };
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let scope = match (row.role.held_for(), row.borough, &row.icb) {
                (Held::Region, _, _) => Scope::Region,
                (Held::Borough, Some(borough), _) => Scope::Borough(borough),
                (Held::Icb, _, Some(icb)) => Scope::Icb(icb.clone()),
                // The database refuses a grant without its place; read none rather than a
                // wider one.
                _ => return None,
            };
            let (icb, boroughs) = match (&scope, row.icb) {
                (Scope::Region, _) | (_, None) => (None, Vec::new()),
                (_, Some(icb)) => {
                    let boroughs = icb_boroughs
                        .iter()
                        .filter(|pair| pair.icb == icb)
                        .map(|pair| pair.borough.clone())
                        .collect();
                    (Some(icb), boroughs)
                }
            };
            let grant = Grant {
                role: row.role,
                scope,
                icb,
                icb_boroughs: boroughs,
            };
            Some((row.user_id, grant))
        })
        .collect())
}

pub async fn record_failure(
    tx: &mut Tx,
    email: &str,
    address: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let key = email_key(email);
    on_conn!(tx, c => {
        sqlx::query("INSERT INTO sign_in_failures (email_key, address, at) VALUES ($1, $2, $3)")
            .bind(&key)
            .bind(address)
            .bind(now)
            .execute(c)
            .await
            .map(|_| ())
    })
}

pub async fn clear_failures(tx: &mut Tx, email: &str) -> Result<(), sqlx::Error> {
    let key = email_key(email);
    on_conn!(tx, c => {
        sqlx::query("DELETE FROM sign_in_failures WHERE email_key = $1")
            .bind(&key)
            .execute(c)
            .await
            .map(|_| ())
    })
}

/// Ends every live session of `user_id` except `keep`. Answers how many ended.
pub async fn revoke_user_sessions(
    tx: &mut Tx,
    user_id: i64,
    keep: Option<&str>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query(
            "UPDATE sessions SET revoked_at = $1 \
             WHERE user_id = $2 AND revoked_at IS NULL AND expires_at > $1 \
             AND ($3 IS NULL OR id <> $3)",
        )
        .bind(now)
        .bind(user_id)
        .bind(keep)
        .execute(c)
        .await
        .map(|done| done.rows_affected())
    })
}
