//! Session tokens: HS256 JWTs carried in an HttpOnly cookie. Each token names a row of
//! `sessions`, so signing out or deactivating a user ends the session on the server even
//! while the token itself has not expired.

use crate::error::AppError;
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use http::header::COOKIE;
use http::HeaderMap;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// The session cookie's name over plain HTTP on loopback (development).
pub const COOKIE_NAME: &str = "linkway_session";
/// Its name wherever the cookie is `Secure` (production): the `__Host-` prefix makes the
/// browser refuse it unless it is Secure, for this host only and for every path, so no
/// other site or subdomain can plant or shadow a session.
pub const SECURE_COOKIE_NAME: &str = "__Host-linkway_session";
/// How long a session lasts: a working day.
pub const SESSION_HOURS: i64 = 8;
/// A session unused for this long ends (NHS guidance for shared and unattended machines).
pub const IDLE_MINUTES: i64 = 30;
/// A session's last use is written at most this often, so reading a page is not a write.
pub const SEEN_EVERY_SECONDS: i64 = 60;
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
    /// Signs the form errors Linkway puts in an address (see [`SessionKeys::sign_form_error`]).
    form_error_key: std::sync::Arc<[u8]>,
    /// Derives a grant application's private link from its form's one-time token.
    link_key: std::sync::Arc<[u8]>,
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
        let mut form_error_key = b"linkway form errors:".to_vec();
        form_error_key.extend_from_slice(secret);
        let mut link_key = b"linkway application links:".to_vec();
        link_key.extend_from_slice(secret);
        Self {
            link_key: link_key.into(),
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            form_error_key: form_error_key.into(),
            secure_cookie,
        }
    }

    /// The session cookie's name: `__Host-` prefixed wherever it is Secure.
    pub fn cookie_name(&self) -> &'static str {
        if self.secure_cookie {
            SECURE_COOKIE_NAME
        } else {
            COOKIE_NAME
        }
    }

    /// The session token in the request's `Cookie` header, if any.
    pub fn token_from(&self, headers: &HeaderMap) -> Option<String> {
        cookie_value(headers, self.cookie_name())
    }

    /// The private link of the application a public form with one-time `token` sends:
    /// 128 bits of HMAC-SHA256 under the server's secret, as 32 hex digits. The same form
    /// sent again gets the same link; nobody without the secret can work one out.
    pub fn application_link(&self, token: &str) -> Option<String> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.link_key).ok()?;
        mac.update(token.as_bytes());
        let bytes = mac.finalize().into_bytes();
        bytes.get(..16).map(super::digest::hex)
    }

    /// HMAC-SHA256 over the path and the error (HMAC takes a key of any length, so this
    /// is `None` never in practice).
    fn form_error_mac(&self, path: &str, error: &str) -> Option<Hmac<Sha256>> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.form_error_key).ok()?;
        mac.update(path.as_bytes());
        mac.update(&[0]);
        mac.update(error.as_bytes());
        Some(mac)
    }

    /// A signature for a form error that a form without JavaScript carries back in the
    /// address (`__path`, `__err`): pages show an error from an address only when it is
    /// signed, so a crafted link cannot put words of its own in Linkway's error summary.
    pub fn sign_form_error(&self, path: &str, error: &str) -> String {
        self.form_error_mac(path, error)
            .map(|mac| super::digest::hex(&mac.finalize().into_bytes()))
            .unwrap_or_default()
    }

    /// Whether `signature` is [`SessionKeys::sign_form_error`]'s for this path and error.
    pub fn form_error_signed(&self, path: &str, error: &str, signature: &str) -> bool {
        let bytes: Option<Vec<u8>> = (0..signature.len())
            .step_by(2)
            .map(|at| {
                signature
                    .get(at..at + 2)
                    .and_then(|pair| u8::from_str_radix(pair, 16).ok())
            })
            .collect();
        match (bytes, self.form_error_mac(path, error)) {
            (Some(bytes), Some(mac)) => mac.verify_slice(&bytes).is_ok(),
            _ => false,
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
            "{}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{}",
            self.cookie_name(),
            SESSION_HOURS * 3600,
            if self.secure_cookie { "; Secure" } else { "" }
        )
    }

    /// `Set-Cookie` value that removes the session cookie.
    pub fn clear_cookie(&self) -> String {
        format!(
            "{}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0{}",
            self.cookie_name(),
            if self.secure_cookie { "; Secure" } else { "" }
        )
    }
}

/// The value of the cookie `name` in the request's `Cookie` header, if any (empty counts as none).
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(cookie, _)| *cookie == name)
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
        assert!(cookie.starts_with("__Host-linkway_session=abc; HttpOnly; SameSite=Strict; Path=/"));
        assert!(cookie.ends_with("; Secure"));
        let relaxed = SessionKeys::new(SECRET, false).cookie("abc");
        assert!(relaxed.starts_with("linkway_session=abc;") && !relaxed.contains("Secure"));
    }

    #[test]
    fn a_secure_deployment_reads_only_the_host_prefixed_cookie() {
        let keys = SessionKeys::new(SECRET, true);
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, HeaderValue::from_static("linkway_session=planted"));
        assert_eq!(keys.token_from(&headers), None);
        headers.insert(
            COOKIE,
            HeaderValue::from_static("__Host-linkway_session=real"),
        );
        assert_eq!(keys.token_from(&headers).as_deref(), Some("real"));
    }

    #[test]
    fn form_errors_verify_only_with_their_own_signature() {
        let keys = SessionKeys::new(SECRET, true);
        let signature = keys.sign_form_error("/api/sign_in", "eyJlcnIiOjF9");
        assert_eq!(signature.len(), 64);
        assert!(keys.form_error_signed("/api/sign_in", "eyJlcnIiOjF9", &signature));
        assert!(!keys.form_error_signed("/api/sign_in", "eyJlcnIiOjJ9", &signature));
        assert!(!keys.form_error_signed("/api/other", "eyJlcnIiOjF9", &signature));
        assert!(!keys.form_error_signed("/api/sign_in", "eyJlcnIiOjF9", "zz"));
        let other = SessionKeys::new(b"another-secret-of-thirty-two-bytes!!", true);
        assert!(!other.form_error_signed("/api/sign_in", "eyJlcnIiOjF9", &signature));
    }

    #[test]
    fn the_token_is_found_among_other_cookies() {
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_static("a=1; linkway_session=tok; b=2"),
        );
        assert_eq!(cookie_value(&headers, COOKIE_NAME).as_deref(), Some("tok"));
        headers.insert(COOKIE, HeaderValue::from_static("linkway_session="));
        assert_eq!(cookie_value(&headers, COOKIE_NAME), None);
    }
}
