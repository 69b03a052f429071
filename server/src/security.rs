//! Browser security for every response: headers that stop sniffing, framing and referrer
//! leaks, a strict default CSP (pages set their own, with a nonce), HSTS where Linkway is
//! served over HTTPS, `no-store` on everything but static files (pages and downloads hold
//! programme data), refusal of requests that would change data from another origin, and
//! form errors in an address shown only when Linkway signed them.

use app::auth::session::SessionKeys;
use app::server::AppState;
use axum::extract::{Request, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, HOST, LOCATION, ORIGIN, REFERRER_POLICY,
    STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

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
    if let Some(uri) = without_unsigned_form_error(request.uri(), keys) {
        // Sent on to the clean address, so neither the page nor the browser's copy of the
        // address (read again once the page hydrates) carries the crafted error.
        if matches!(*request.method(), Method::GET | Method::HEAD) {
            let clean = uri.path_and_query().map_or("/", |clean| clean.as_str());
            return axum::response::Redirect::to(clean).into_response();
        }
        *request.uri_mut() = uri;
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

/// The raw value of `key` in a query string.
fn query_value<'a>(query: &'a str, key: &str) -> Option<&'a str> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(name, _)| *name == key)
        .map(|(_, value)| value)
}

/// The address without `__err`, `__path` and `__sig` when it carries a form error Linkway
/// did not sign (a crafted link); `None` when it can stay as it is.
fn without_unsigned_form_error(uri: &Uri, keys: &SessionKeys) -> Option<Uri> {
    let query = uri.query()?;
    let error = query_value(query, "__err")?;
    let path = query_value(query, "__path").unwrap_or("");
    let signed = query_value(query, "__sig")
        .is_some_and(|signature| keys.form_error_signed(path, error, signature));
    if signed {
        return None;
    }
    tracing::info!("unsigned form error in an address ignored");
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            let name = pair.split_once('=').map_or(*pair, |(name, _)| name);
            !matches!(name, "__err" | "__path" | "__sig")
        })
        .collect();
    let path_and_query = if kept.is_empty() {
        uri.path().to_owned()
    } else {
        format!("{}?{}", uri.path(), kept.join("&"))
    };
    let mut parts = uri.clone().into_parts();
    parts.path_and_query = path_and_query.parse().ok();
    Uri::from_parts(parts).ok()
}

/// Signs the form error a server function put in its redirect back to a form without
/// JavaScript, so the page it lands on shows it.
fn sign_form_error(headers: &mut HeaderMap, keys: &SessionKeys) {
    let Some(location) = headers.get(LOCATION).and_then(|value| value.to_str().ok()) else {
        return;
    };
    let Some((_, query)) = location.split_once('?') else {
        return;
    };
    let Some(error) = query_value(query, "__err") else {
        return;
    };
    let path = query_value(query, "__path").unwrap_or("");
    let signed = format!("{location}&__sig={}", keys.sign_form_error(path, error));
    if let Ok(value) = HeaderValue::from_str(&signed) {
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

    #[test]
    fn a_form_error_survives_only_with_its_signature() {
        let keys = SessionKeys::new(b"0123456789abcdef0123456789abcdef", false);
        let mut headers = HeaderMap::new();
        headers.insert(
            LOCATION,
            HeaderValue::from_static(
                "http://127.0.0.1:3000/sign-in?next=%2F&__path=%2Fapi%2Fsign_in&__err=eyJ9",
            ),
        );
        sign_form_error(&mut headers, &keys);
        let signed: Uri = headers[LOCATION].to_str().unwrap().parse().unwrap();
        assert!(signed.query().unwrap().contains("&__sig="));
        assert_eq!(without_unsigned_form_error(&signed, &keys), None);
        let crafted: Uri = "/sign-in?next=%2F&__path=%2Fapi%2Fsign_in&__err=ZXZpbA"
            .parse()
            .unwrap();
        let cleaned = without_unsigned_form_error(&crafted, &keys).unwrap();
        assert_eq!(cleaned.to_string(), "/sign-in?next=%2F");
        let forged = format!(
            "/sign-in?__path=%2Fapi%2Fsign_in&__err=ZXZpbA&__sig={}",
            keys.sign_form_error("%2Fapi%2Fsign_in", "eyJ9")
        );
        let forged: Uri = forged.parse().unwrap();
        assert_eq!(
            without_unsigned_form_error(&forged, &keys)
                .unwrap()
                .to_string(),
            "/sign-in"
        );
        let plain: Uri = "/recommendations?borough=camden".parse().unwrap();
        assert_eq!(without_unsigned_form_error(&plain, &keys), None);
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
