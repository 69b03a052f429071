//! The browser policy, whole, in one place: headers on every response that stop sniffing,
//! framing and referrer leaks; a strict default Content-Security-Policy, and each page's own
//! with this response's nonce (Leptos puts it on its inline hydration and data scripts);
//! HSTS where Linkway is served over HTTPS; `no-store` on everything but static files (pages
//! and downloads hold programme data); refusal of requests that would change data from
//! another origin; and form errors in an address shown only when Linkway signed them.

use super::session::SessionKeys;
use super::AppState;
use axum::extract::{Request, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, HOST, LOCATION, ORIGIN, REFERRER_POLICY,
    STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::nonce::use_nonce;
use leptos::prelude::use_context;

/// The policy for a page whose inline scripts carry `nonce`.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Sets the page's CSP header. Called while the shell renders.
pub fn set_page_policy() {
    let (Some(nonce), Some(response)) =
        (use_nonce(), use_context::<leptos_axum::ResponseOptions>())
    else {
        return;
    };
    match http::HeaderValue::from_str(&page_policy(&nonce.to_string())) {
        Ok(value) => response.insert_header(http::header::CONTENT_SECURITY_POLICY, value),
        Err(error) => tracing::error!(%error, "could not build the CSP header"),
    }
}

const DEFAULT_POLICY: &str =
    "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

/// Two years, as the HSTS preload list asks.
const HSTS: &str = "max-age=63072000; includeSubDomains";

pub async fn security_layer(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    if changes_data(request.method()) && is_cross_origin(request.headers()) {
        tracing::warn!(method = %request.method(), path = request.uri().path(), "cross-origin request refused");
        return (
            StatusCode::FORBIDDEN,
            "Requests from other websites cannot change data in Linkway.",
        )
            .into_response();
    }
    let keys = &state.session_keys;
    if let Some(clean) = without_unsigned_form_error(request.uri(), keys) {
        // Sent on to the clean address, so neither the page nor the browser's copy of the
        // address (read again once the page hydrates) carries the crafted error.
        if matches!(*request.method(), Method::GET | Method::HEAD) {
            return axum::response::Redirect::to(&clean).into_response();
        }
        match clean.parse() {
            Ok(uri) => *request.uri_mut() = uri,
            Err(_) => return StatusCode::BAD_REQUEST.into_response(),
        }
    }
    let mut response = next.run(request).await;
    sign_form_error(response.headers_mut(), keys);
    let headers = response.headers_mut();
    if keys.secure_cookie {
        headers.insert(STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
    }
    if !headers.contains_key(CACHE_CONTROL) && !is_static_file(headers) {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !headers.contains_key(CONTENT_SECURITY_POLICY) {
        headers.insert(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(DEFAULT_POLICY),
        );
    }
    response
}

/// Styles, scripts, wasm, images and fonts: the same for everyone, so caches may keep them.
fn is_static_file(headers: &HeaderMap) -> bool {
    let kind = headers
        .get(CONTENT_TYPE)
        .and_then(|kind| kind.to_str().ok())
        .unwrap_or("");
    [
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/wasm",
        "image/",
        "font/",
    ]
    .iter()
    .any(|prefix| kind.starts_with(prefix))
}

/// The query parameters a form error travels in (`__sig` is Linkway's own).
const FORM_ERROR_KEYS: [&str; 3] = ["__err", "__path", "__sig"];

fn decoded_pairs(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect()
}

fn is_form_error_key(key: &str) -> bool {
    FORM_ERROR_KEYS.contains(&key)
}

/// The clean address (path and query, always one leading `/`) for a request whose address
/// carries form-error parameters that are not exactly one `__err`, `__path` and `__sig`
/// with a valid signature; `None` when the address can stay as it is. Keys are compared
/// decoded, as the page reads them.
fn without_unsigned_form_error(uri: &Uri, keys: &SessionKeys) -> Option<String> {
    let pairs = decoded_pairs(uri.query()?);
    if !pairs.iter().any(|(key, _)| is_form_error_key(key)) {
        return None;
    }
    let values = |wanted: &str| -> Vec<&str> {
        pairs
            .iter()
            .filter(|(key, _)| key == wanted)
            .map(|(_, value)| value.as_str())
            .collect()
    };
    if let ([error], [path], [signature]) = (
        values("__err").as_slice(),
        values("__path").as_slice(),
        values("__sig").as_slice(),
    ) {
        if keys.form_error_signed(path, error, signature) {
            return None;
        }
    }
    tracing::info!("unsigned form error in an address ignored");
    let kept = pairs.iter().filter(|(key, _)| !is_form_error_key(key));
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(kept)
        .finish();
    // One leading slash, so the clean address can never name another host (`//evil`).
    let path = format!("/{}", uri.path().trim_start_matches(['/', '\\']));
    Some(if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    })
}

/// Signs the form error a server function put in its redirect back to a form without
/// JavaScript, so the page it lands on shows it. The server function appends its error
/// after whatever the referring address held, so the last `__path` and `__err` are its
/// own: those are kept and signed, and any earlier ones dropped.
fn sign_form_error(headers: &mut HeaderMap, keys: &SessionKeys) {
    let Some(location) = headers.get(LOCATION).and_then(|value| value.to_str().ok()) else {
        return;
    };
    let Some((base, query)) = location.split_once('?') else {
        return;
    };
    let pairs = decoded_pairs(query);
    let last = |wanted: &str| {
        pairs
            .iter()
            .rev()
            .find(|(key, _)| key == wanted)
            .map(|(_, value)| value.clone())
    };
    let (Some(error), Some(path)) = (last("__err"), last("__path")) else {
        return;
    };
    let signature = keys.sign_form_error(&path, &error);
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs.iter().filter(|(key, _)| !is_form_error_key(key)))
        .append_pair("__path", &path)
        .append_pair("__err", &error)
        .append_pair("__sig", &signature)
        .finish();
    if let Ok(value) = HeaderValue::from_str(&format!("{base}?{query}")) {
        headers.insert(LOCATION, value);
    }
}

fn changes_data(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// A browser request from another site: `Sec-Fetch-Site: cross-site`, or an `Origin`
/// whose host is not this request's `Host`. Requests without either (non-browser
/// clients) are judged by their session as usual.
fn is_cross_origin(headers: &HeaderMap) -> bool {
    if headers
        .get("sec-fetch-site")
        .is_some_and(|site| site == "cross-site")
    {
        return true;
    }
    let Some(origin) = headers.get(ORIGIN).and_then(|origin| origin.to_str().ok()) else {
        return false;
    };
    let origin_host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .unwrap_or("");
    let host = headers
        .get(HOST)
        .and_then(|host| host.to_str().ok())
        .unwrap_or("");
    origin_host.is_empty() || !origin_host.eq_ignore_ascii_case(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn signed_location(location: &'static str) -> String {
        let keys = SessionKeys::new(KEY, false);
        let mut headers = HeaderMap::new();
        headers.insert(LOCATION, HeaderValue::from_static(location));
        sign_form_error(&mut headers, &keys);
        headers[LOCATION].to_str().unwrap().to_owned()
    }

    fn cleaned(address: &str) -> Option<String> {
        let keys = SessionKeys::new(KEY, false);
        without_unsigned_form_error(&address.parse().unwrap(), &keys)
    }

    #[test]
    fn a_form_error_survives_only_with_its_signature() {
        let signed = signed_location(
            "http://127.0.0.1:3000/sign-in?next=%2F&__path=%2Fapi%2Fsign_in&__err=eyJ9",
        );
        assert!(signed.contains("&__sig="), "{signed}");
        let path_and_query = signed.trim_start_matches("http://127.0.0.1:3000");
        assert_eq!(cleaned(path_and_query), None);
        assert_eq!(
            cleaned("/sign-in?next=%2F&__path=%2Fapi%2Fsign_in&__err=ZXZpbA").as_deref(),
            Some("/sign-in?next=%2F")
        );
        assert_eq!(cleaned("/recommendations?borough=camden"), None);
    }

    #[test]
    fn only_the_error_linkway_appended_is_signed() {
        // An attacker's error in the referring address comes first; the server
        // function's own comes last, and only that one is kept and signed.
        let signed = signed_location(
            "http://h/sign-in?__path=%2Fapi%2Fsign_in&__err=RVZJTA&__path=%2Fapi%2Fsign_in&__err=T0s",
        );
        assert!(!signed.contains("RVZJTA"), "{signed}");
        assert_eq!(signed.matches("__err=").count(), 1);
        assert_eq!(cleaned(signed.trim_start_matches("http://h")), None);
    }

    #[test]
    fn repeated_encoded_or_forged_form_errors_are_stripped() {
        let signed = signed_location("http://h/sign-in?__path=%2Fp&__err=T0s");
        let genuine = signed.trim_start_matches("http://h");
        // A second error after a genuine signed one: Leptos would show the last.
        assert_eq!(
            cleaned(&format!("{genuine}&__err=RVZJTA")).as_deref(),
            Some("/sign-in")
        );
        // Percent-encoded keys are the same keys once decoded.
        assert_eq!(
            cleaned("/sign-in?%5F%5Fpath=%2Fp&%5F%5Ferr=RVZJTA").as_deref(),
            Some("/sign-in")
        );
        // A signature for another error.
        let sig = genuine.rsplit("__sig=").next().unwrap();
        assert_eq!(
            cleaned(&format!("/sign-in?__path=%2Fp&__err=RVZJTA&__sig={sig}")).as_deref(),
            Some("/sign-in")
        );
    }

    #[test]
    fn the_clean_address_never_leaves_linkway() {
        assert_eq!(
            cleaned("//evil.example/?__err=x").as_deref(),
            Some("/evil.example/")
        );
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn same_origin_and_originless_requests_pass() {
        assert!(!is_cross_origin(&headers(&[
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000")
        ])));
        assert!(!is_cross_origin(&headers(&[("host", "127.0.0.1:3000")])));
    }

    #[test]
    fn foreign_null_and_cross_site_requests_are_refused() {
        assert!(is_cross_origin(&headers(&[
            ("origin", "https://evil.example"),
            ("host", "127.0.0.1:3000")
        ])));
        assert!(is_cross_origin(&headers(&[
            ("origin", "null"),
            ("host", "127.0.0.1:3000")
        ])));
        assert!(is_cross_origin(&headers(&[
            ("sec-fetch-site", "cross-site"),
            ("host", "127.0.0.1:3000")
        ])));
    }
}
