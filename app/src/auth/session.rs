//! Session tokens: HS256 JWTs carried in an HttpOnly cookie. Each token names a row of
//! `sessions`, so signing out or deactivating a user ends the session on the server even
//! while the token itself has not expired.

use crate::error::AppError;
use chrono::{DateTime, Duration, Utc};
use http::header::COOKIE;
use http::HeaderMap;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

pub const COOKIE_NAME: &str = "linkway_session";
/// How long a session lasts: a working day.
pub const SESSION_HOURS: i64 = 8;
/// The shortest secret the server accepts (bytes).
pub const MIN_SECRET_BYTES: usize = 32;

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    /// The user's id.
    pub sub: String,
    /// The session's id (`sessions.id`).
    pub sid: String,
    pub iat: i64,
    pub exp: i64,
}

/// The keys that sign and check session tokens, and how the cookie is set.
#[derive(Clone)]
pub struct SessionKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    /// `Secure` on the cookie: relaxed only for development on loopback.
    pub secure_cookie: bool,
}

impl std::fmt::Debug for SessionKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionKeys")
            .field("secure_cookie", &self.secure_cookie)
            .finish_non_exhaustive()
    }
}

impl SessionKeys {
    pub fn new(secret: &[u8], secure_cookie: bool) -> Self {
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            secure_cookie,
        }
    }

    /// A signed token for `session_id`, valid for [`SESSION_HOURS`] from `now`.
    pub fn issue(
        &self,
        user_id: i64,
        session_id: &str,
        now: DateTime<Utc>,
    ) -> Result<String, AppError> {
        let claims = Claims {
            sub: user_id.to_string(),
            sid: session_id.to_owned(),
            iat: now.timestamp(),
            exp: (now + Duration::hours(SESSION_HOURS)).timestamp(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).map_err(
            |error| {
                tracing::error!(%error, "could not sign a session token");
                AppError::Internal
            },
        )
    }

    /// The claims of a token this server signed with HS256 that has not expired; `None`
    /// for anything else (another algorithm or `none`, another key, tampered, expired).
    pub fn verify(&self, token: &str) -> Option<Claims> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "iat", "sub"]);
        match jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation) {
            Ok(data) => Some(data.claims),
            Err(error) => {
                tracing::info!(%error, "session token refused");
                None
            }
        }
    }

    /// `Set-Cookie` value carrying `token`.
    pub fn cookie(&self, token: &str) -> String {
        format!(
            "{COOKIE_NAME}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{}",
            SESSION_HOURS * 3600,
            if self.secure_cookie { "; Secure" } else { "" }
        )
    }

    /// `Set-Cookie` value that removes the session cookie.
    pub fn clear_cookie(&self) -> String {
        format!(
            "{COOKIE_NAME}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0{}",
            if self.secure_cookie { "; Secure" } else { "" }
        )
    }
}

/// The session token in the request's `Cookie` header, if any.
pub fn token_from_headers(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, token)| token.to_owned())
        .filter(|token| !token.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    #[test]
    fn a_token_round_trips() {
        let keys = SessionKeys::new(SECRET, true);
        let token = keys.issue(7, "s-1", Utc::now()).unwrap();
        let claims = keys.verify(&token).unwrap();
        assert_eq!((claims.sub.as_str(), claims.sid.as_str()), ("7", "s-1"));
        assert!(claims.exp - claims.iat <= SESSION_HOURS * 3600);
    }

    #[test]
    fn expired_tampered_and_foreign_tokens_are_refused() {
        let keys = SessionKeys::new(SECRET, true);
        let expired = keys
            .issue(7, "s-1", Utc::now() - Duration::hours(9))
            .unwrap();
        assert_eq!(keys.verify(&expired), None);

        let token = keys.issue(7, "s-1", Utc::now()).unwrap();
        let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        parts[1] = parts[1].chars().rev().collect();
        assert_eq!(keys.verify(&parts.join(".")), None);

        let other = SessionKeys::new(b"another-secret-another-secret-xx", true);
        assert_eq!(
            keys.verify(&other.issue(7, "s-1", Utc::now()).unwrap()),
            None
        );
    }

    #[test]
    fn the_cookie_is_http_only_strict_and_secure_unless_relaxed() {
        let cookie = SessionKeys::new(SECRET, true).cookie("abc");
        assert!(cookie.starts_with("linkway_session=abc; HttpOnly; SameSite=Strict; Path=/"));
        assert!(cookie.ends_with("; Secure"));
        assert!(!SessionKeys::new(SECRET, false)
            .cookie("abc")
            .contains("Secure"));
    }

    #[test]
    fn the_token_is_found_among_other_cookies() {
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_static("a=1; linkway_session=tok; b=2"),
        );
        assert_eq!(token_from_headers(&headers).as_deref(), Some("tok"));
        headers.insert(COOKIE, HeaderValue::from_static("linkway_session="));
        assert_eq!(token_from_headers(&headers), None);
    }
}
