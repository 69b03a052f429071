//! One-time form tokens. Each page load gives its forms a token; the first post of a form
//! with it claims (token, action) inside the transaction that stores what the form made, so
//! a repeated post — a double click, a form sent again after a slow answer — is recognised
//! and answered with what the first post made, never stored twice. A refused post claims
//! nothing (its transaction rolls back), so the corrected form can be sent with the same
//! token.

use super::db;
use crate::error::AppError;
use crate::plumbing::Tx;
use chrono::{DateTime, Duration, Utc};

/// A fresh token for the forms of a page being loaded.
pub fn new_token() -> Result<String, AppError> {
    crate::plumbing::random::token()
}

/// Claims are kept this long: a form older than this is sent as a new one.
const KEPT_DAYS: i64 = 7;

/// What a post with a token is.
#[derive(Debug, PartialEq, Eq)]
pub enum Claim {
    /// The first post of this form with this token: store what it makes, then [`made`].
    First,
    /// A repeat: the first post made the record with this id.
    Repeat(String),
}

/// What a form said, as a claim compares it: a SHA-256 over its fields.
pub fn fingerprint(fields: &[&str]) -> String {
    crate::plumbing::digest::sha256_of_parts(fields)
}

/// Claims `token` for `action` by `user`, whose form said `fingerprint`, inside `tx`, the
/// transaction that will store what the form makes. Malformed tokens are refused, and so is
/// a post with a used token that says something else (a page come back to, or another
/// user's): it is neither stored nor dropped as a repeat, the user is asked to reload.
pub async fn claim(
    tx: &mut Tx,
    (token, action): (&str, &str),
    user: i64,
    fingerprint: &str,
    now: DateTime<Utc>,
) -> Result<Claim, AppError> {
    if !crate::plumbing::random::is_token(token) {
        return Err(AppError::BadRequest {
            message: "This form has expired. Reload the page and send it again.".to_owned(),
        });
    }
    db::forget_claims_before(tx, now - Duration::days(KEPT_DAYS)).await?;
    if db::insert_claim(tx, (token, action), user, fingerprint, now).await? {
        return Ok(Claim::First);
    }
    match db::claimed(tx, token, action).await? {
        Some((by, said, Some(entity_id))) if by == user && said == fingerprint => {
            Ok(Claim::Repeat(entity_id))
        }
        _ => Err(AppError::BadRequest {
            message: "This form was sent already. Reload the page to send another.".to_owned(),
        }),
    }
}

/// Records what the first post of `token` for `action` made.
pub async fn made(tx: &mut Tx, token: &str, action: &str, entity_id: &str) -> Result<(), AppError> {
    Ok(db::record_entity(tx, token, action, entity_id).await?)
}
