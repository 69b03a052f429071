//! Forms posted the ordinary way, with or without JavaScript. Every page form posts to its
//! own page's address and names its server function in a hidden field
//! ([`crate::components::Form`]). This middleware runs that function. On success it sends
//! the browser back to the page (post, redirect, get) with the success banner's sentence in
//! a short-lived cookie, and, for a page that shows what the function answered, the answer
//! held once (`plumbing::answers`). On a refusal it renders the same page again at the same
//! clean address, with the error summary, every typed value, and the refusal's own 4xx
//! status — or, when the function asks for the change to be confirmed first
//! (`AppError::NeedsConfirmation`), as an ordinary 200 page that shows what was sent.
//! A form sent in place by the island (`components::InPlaceForms`) gets the same answers,
//! except that a save is a 204 naming the next page, which the island shows itself.

use crate::app::shell;
use crate::components::{
    local_address, PostedAnswer, PostedForm, SavedSentence, ACTION_FIELD, IN_PLACE_HEADER,
    MAX_SAVED_CHARS, NEXT_PAGE_HEADER, SAVED_FIELD, SHOWS_ANSWER_FIELD,
};
use crate::error::AppError;
use crate::plumbing::answers::KEEP_FOR;
use crate::plumbing::session::cookie_value;
use crate::plumbing::AppState;
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::header::{ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, LOCATION, REFERER, SET_COOKIE};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use leptos::prelude::provide_context;
use leptos::server::ServerActionError;
use server_fn::error::SERVER_FN_ERROR_HEADER;
use std::time::Instant;

/// A page form's fields, however long its text areas; anything longer is refused.
pub const MAX_FORM_BYTES: usize = 256 * 1024;
/// An error, or an answer a page shows, is a few hundred bytes; anything longer is not
/// one Linkway wrote.
const MAX_ANSWER_BYTES: usize = 64 * 1024;
/// The banner's sentence when a form names none.
const SAVED_BY_DEFAULT: &str = "Your changes have been saved";
/// The short-lived cookie that carries the banner's sentence to the page the browser
/// returns to after a save.
pub const SAVED_COOKIE: &str = "linkway_saved";
/// Its name where cookies are `Secure`: `__Host-`, so no other site can plant one.
pub const SECURE_SAVED_COOKIE: &str = "__Host-linkway_saved";

/// The short-lived cookie that names the answer held for the page (`plumbing::answers`).
pub const ANSWER_COOKIE: &str = "linkway_answer";
/// Its name where cookies are `Secure`.
pub const SECURE_ANSWER_COOKIE: &str = "__Host-linkway_answer";

/// A cookie that lives until the page after a save: `name` as the deployment calls it,
/// set to `value` (or cleared), with the session cookie's attributes.
fn after_save_cookie(
    cookie: (&'static str, &'static str),
    value: Option<&str>,
    secure: bool,
) -> Option<HeaderValue> {
    let name = cookie_name(cookie, secure);
    let (value, age) = value.map_or(("", 0), |value| (value, KEEP_FOR.as_secs()));
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; HttpOnly; SameSite=Strict; Path=/; Max-Age={age}{secure}"
    ))
    .ok()
}

const SAVED: (&str, &str) = (SAVED_COOKIE, SECURE_SAVED_COOKIE);
const ANSWER: (&str, &str) = (ANSWER_COOKIE, SECURE_ANSWER_COOKIE);

/// A cookie's name as the deployment calls it.
fn cookie_name((plain, secure_name): (&'static str, &'static str), secure: bool) -> &'static str {
    if secure {
        secure_name
    } else {
        plain
    }
}

/// More fields than any page form has; a post with more is refused before it is read.
const MAX_FORM_FIELDS: usize = 1_000;
/// Where server functions live: a form may only name one of these.
const SERVER_FN_PREFIX: &str = "/api/";

/// The middleware (`axum::middleware::from_fn_with_state`, inside the security layer so
/// that the cross-origin check and the session apply first).
pub async fn page_posts(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    if is_page_form_post(&request) {
        return run_page_form(state, request).await;
    }
    let secure = state.session_keys.secure_cookie;
    let is_get = request.method() == Method::GET;
    let headers = request.headers();
    let read = |cookie| {
        is_get
            .then(|| cookie_value(headers, cookie_name(cookie, secure)))
            .flatten()
    };
    let (saved, answer) = (read(SAVED), read(ANSWER));
    let shown: Vec<_> = [(SAVED, saved.is_some()), (ANSWER, answer.is_some())]
        .into_iter()
        .filter_map(|(cookie, present)| present.then_some(cookie))
        .collect();
    if let Some(sentence) = saved.as_deref().and_then(decoded_sentence) {
        // The page shows it in its success banner.
        request.extensions_mut().insert(SavedSentence(sentence));
    }
    let page = local_address(request.uri());
    if let Some(posted) = answer.and_then(|name| state.answers.take(&name, &page, Instant::now())) {
        request.extensions_mut().insert(posted);
    }
    let mut response = next.run(request).await;
    if is_html(&response) {
        // The banner and the answer have been shown once; a reload shows neither.
        for cookie in shown {
            if let Some(cleared) = after_save_cookie(cookie, None, secure) {
                response.headers_mut().append(SET_COOKIE, cleared);
            }
        }
    }
    response
}

/// A form posted to a page's address (not a server function's, nor an upload's).
fn is_page_form_post(request: &Request) -> bool {
    request.method() == Method::POST
        && !request.uri().path().starts_with(SERVER_FN_PREFIX)
        && request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|kind| kind.to_str().ok())
            .is_some_and(|kind| kind.starts_with("application/x-www-form-urlencoded"))
}

fn is_html(response: &Response) -> bool {
    response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|kind| kind.to_str().ok())
        .is_some_and(|kind| kind.starts_with("text/html"))
}

async fn run_page_form(state: AppState, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            "This form holds more text than Linkway accepts. Go back and shorten it.",
        )
            .into_response();
    };
    if form_urlencoded::parse(&bytes)
        .nth(MAX_FORM_FIELDS)
        .is_some()
    {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            "This form has more fields than Linkway accepts.",
        )
            .into_response();
    }
    let mut fields: Vec<(String, String)> = form_urlencoded::parse(&bytes).into_owned().collect();
    let action = take_only(&mut fields, ACTION_FIELD).filter(|action| is_server_fn(action));
    let saved = take_only(&mut fields, SAVED_FIELD).and_then(saved_sentence);
    let shows_answer = take_only(&mut fields, SHOWS_ANSWER_FIELD).is_some();
    let Some(action) = action else {
        return (
            StatusCode::BAD_REQUEST,
            "This form could not be sent. Go back, reload the page and try again.",
        )
            .into_response();
    };
    let page_address = local_address(&parts.uri);
    let secure = state.session_keys.secure_cookie;
    let in_place = parts.headers.contains_key(IN_PLACE_HEADER);

    // The server function, called as a script would call it: no redirect to the referrer.
    let mut call = parts.clone();
    let Ok(uri) = action.parse() else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    call.uri = uri;
    call.headers
        .insert(ACCEPT, HeaderValue::from_static("application/json"));
    call.headers.remove(REFERER);
    let encoded = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&fields)
        .finish();
    call.headers
        .insert(CONTENT_LENGTH, HeaderValue::from(encoded.len()));
    let function_state = state.clone();
    let answer = leptos_axum::handle_server_fns_with_context(
        move || provide_context(function_state.clone()),
        Request::from_parts(call, Body::from(encoded)),
    )
    .await
    .into_response();

    let succeeded =
        !answer.headers().contains_key(SERVER_FN_ERROR_HEADER) && answer.status().is_success();
    let (answer_parts, answer_body) = answer.into_parts();
    let Ok(body) = to_bytes(answer_body, MAX_ANSWER_BYTES).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if succeeded {
        // The page shows the answer (a temporary password, say) when the browser is back
        // on it, unless the function sent the browser elsewhere.
        let held = (shows_answer && !answer_parts.headers.contains_key(LOCATION))
            .then(|| hold_answer(&state, &page_address, action, &body))
            .flatten();
        let mut next = after_success(
            Response::from_parts(answer_parts, Body::empty()),
            &page_address,
            saved,
            secure,
        );
        if let Some(cookie) = held.and_then(|name| after_save_cookie(ANSWER, Some(&name), secure)) {
            next.headers_mut().append(SET_COOKIE, cookie);
        }
        return if in_place { sent_in_place(next) } else { next };
    }
    let status = serde_json::from_slice::<AppError>(&body)
        .map_or(StatusCode::BAD_REQUEST, |error| error.page_status());
    let encoded_error = base64::engine::general_purpose::URL_SAFE.encode(&body);
    let posted = PostedForm::new(action.clone(), fields);
    let mut response = render_page(state, parts, move || {
        provide_context(ServerActionError::new(&action, &encoded_error));
        provide_context(posted.clone());
    })
    .await;
    if response.status().is_success() {
        *response.status_mut() = status;
    }
    response
}

/// Holds the function's answer for the page the browser returns to; its name, for the
/// cookie. An answer that cannot be held is logged: the save stands, the page shows the
/// banner without it.
fn hold_answer(state: &AppState, page: &str, action: String, body: &[u8]) -> Option<String> {
    let answer = PostedAnswer::new(action, String::from_utf8_lossy(body).into_owned());
    let name = crate::plumbing::random::token().ok()?;
    if state
        .answers
        .keep(name.clone(), page, answer, Instant::now())
    {
        Some(name)
    } else {
        tracing::error!(bytes = body.len(), "an answer too long to show its page");
        None
    }
}

/// The page at the posted address, rendered as for a visit, with `context` added.
async fn render_page(
    state: AppState,
    parts: axum::http::request::Parts,
    context: impl Fn() + Clone + Send + Sync + 'static,
) -> Response {
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(state.clone());
            context();
        },
        move || shell(options.clone()),
    );
    let mut page = parts;
    page.method = Method::GET;
    page.headers.remove(CONTENT_TYPE);
    page.headers.remove(CONTENT_LENGTH);
    render(Request::from_parts(page, Body::empty())).await
}

/// The browser goes back to the page with the banner, or where the function sent it: to a
/// new record's page, with the banner when the form names one, or to sign in or out,
/// without.
fn after_success(
    answer: Response,
    page_address: &str,
    saved: Option<String>,
    secure: bool,
) -> Response {
    let location = answer.headers().get(LOCATION).cloned();
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    for cookie in answer.headers().get_all(SET_COOKIE) {
        headers.append(SET_COOKIE, cookie.clone());
    }
    let sentence = match location {
        Some(location) => {
            headers.insert(LOCATION, location);
            saved
        }
        None => {
            let back = HeaderValue::from_str(page_address)
                .unwrap_or_else(|_| HeaderValue::from_static("/"));
            headers.insert(LOCATION, back);
            Some(saved.unwrap_or_else(|| SAVED_BY_DEFAULT.to_owned()))
        }
    };
    if let Some(sentence) = sentence {
        let value = form_urlencoded::byte_serialize(sentence.as_bytes()).collect::<String>();
        if let Some(cookie) = after_save_cookie(SAVED, Some(&value), secure) {
            headers.append(SET_COOKIE, cookie);
        }
    }
    response
}

/// A save's redirect as the in-place island takes it: 204, the next page named in
/// [`NEXT_PAGE_HEADER`] (the banner's cookie is set all the same).
fn sent_in_place(mut redirect: Response) -> Response {
    *redirect.status_mut() = StatusCode::NO_CONTENT;
    let headers = redirect.headers_mut();
    if let Some(next) = headers.remove(LOCATION) {
        headers.insert(NEXT_PAGE_HEADER, next);
    }
    redirect
}

/// The one value of `key`, removed from `fields`; none when it is missing or repeated.
fn take_only(fields: &mut Vec<(String, String)>, key: &str) -> Option<String> {
    let mut values = fields
        .iter()
        .filter(|(name, _)| name == key)
        .map(|(_, value)| value.clone());
    let first = values.next();
    let repeated = values.next().is_some();
    fields.retain(|(name, _)| name != key);
    first.filter(|_| !repeated)
}

/// Whether `path` names a registered server function taking posts.
fn is_server_fn(path: &str) -> bool {
    path.starts_with(SERVER_FN_PREFIX)
        && server_fn::axum::server_fn_paths()
            .any(|(registered, method)| registered == path && method == Method::POST)
}

/// The sentence in a banner cookie's value, if it is one a form could have named.
fn decoded_sentence(value: &str) -> Option<String> {
    form_urlencoded::parse(format!("sentence={value}").as_bytes())
        .next()
        .and_then(|(_, sentence)| saved_sentence(sentence.into_owned()))
}

/// A banner sentence as a form asked for it: short, one line, printable.
fn saved_sentence(sentence: String) -> Option<String> {
    let sentence = sentence.trim().to_owned();
    (!sentence.is_empty()
        && sentence.chars().count() <= MAX_SAVED_CHARS
        && !sentence.chars().any(char::is_control))
    .then_some(sentence)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
            .collect()
    }

    #[test]
    fn the_action_is_taken_once_and_never_passed_on() {
        let mut fields = pairs(&[(ACTION_FIELD, "/api/x"), ("commentary", "On track")]);
        assert_eq!(
            take_only(&mut fields, ACTION_FIELD).as_deref(),
            Some("/api/x")
        );
        assert_eq!(fields, pairs(&[("commentary", "On track")]));
    }

    #[test]
    fn a_repeated_action_names_nothing() {
        let mut fields = pairs(&[(ACTION_FIELD, "/api/x"), (ACTION_FIELD, "/api/y")]);
        assert_eq!(take_only(&mut fields, ACTION_FIELD), None);
        assert!(fields.is_empty(), "neither is passed to the function");
    }

    #[test]
    fn the_banner_cookie_carries_the_sentence_and_nothing_else() {
        let response = after_success(
            StatusCode::OK.into_response(),
            "/",
            Some("Saved: 2 rows & more".into()),
            false,
        );
        let cookie = response.headers()[SET_COOKIE].to_str().unwrap();
        let value = cookie
            .strip_prefix("linkway_saved=")
            .and_then(|rest| rest.split(';').next())
            .unwrap();
        assert_eq!(
            decoded_sentence(value).as_deref(),
            Some("Saved: 2 rows & more")
        );
        assert_eq!(decoded_sentence("two%0Alines"), None, "one line only");
    }

    #[test]
    fn a_secure_deployment_names_the_banner_cookie_for_its_own_host() {
        let response = after_success(StatusCode::OK.into_response(), "/", None, true);
        let cookie = response.headers()[SET_COOKIE].to_str().unwrap();
        assert!(cookie.starts_with("__Host-linkway_saved="), "{cookie}");
        assert!(cookie.ends_with("; Secure"), "{cookie}");
    }

    #[test]
    fn a_new_records_page_gets_the_banner_the_form_names() {
        let mut answer = StatusCode::OK.into_response();
        answer
            .headers_mut()
            .insert(LOCATION, HeaderValue::from_static("/maturity/rounds/7"));
        let response = after_success(answer, "/maturity", Some("Round started".into()), false);
        assert_eq!(response.headers()[LOCATION], "/maturity/rounds/7");
        let cookie = response.headers()[SET_COOKIE].to_str().unwrap();
        assert!(
            cookie.starts_with("linkway_saved=Round+started;"),
            "{cookie}"
        );
    }

    #[test]
    fn only_registered_server_functions_can_be_named() {
        use server_fn::ServerFn;
        assert!(is_server_fn(crate::auth::SignIn::PATH));
        assert!(is_server_fn(
            crate::recommendations::AddProgressUpdate::PATH
        ));
        assert!(!is_server_fn("/admin"));
        assert!(!is_server_fn("/api/no_such_function"));
        assert!(!is_server_fn("https://evil.example/api/x"));
    }

    #[test]
    fn banner_sentences_are_short_single_lines() {
        assert_eq!(
            saved_sentence(" Progress update posted ".into()).as_deref(),
            Some("Progress update posted")
        );
        assert_eq!(saved_sentence("two\nlines".into()), None);
        assert_eq!(saved_sentence("x".repeat(MAX_SAVED_CHARS + 1)), None);
        assert_eq!(saved_sentence("   ".into()), None);
    }

    #[test]
    fn success_goes_back_to_the_page_with_the_banner() {
        let answer = StatusCode::OK.into_response();
        let response = after_success(
            answer,
            "/recommendations/2",
            Some("Update posted".into()),
            false,
        );
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(response.headers()[LOCATION], "/recommendations/2");
        let cookie = response.headers()[SET_COOKIE].to_str().unwrap();
        assert!(
            cookie.starts_with("linkway_saved=Update+posted;"),
            "{cookie}"
        );
    }

    #[test]
    fn a_save_sent_in_place_names_the_next_page_instead_of_redirecting() {
        let answer = StatusCode::OK.into_response();
        let response = sent_in_place(after_success(answer, "/recommendations/2", None, false));
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        assert!(response.headers().get(LOCATION).is_none());
        assert_eq!(response.headers()[NEXT_PAGE_HEADER], "/recommendations/2");
        let cookie = response.headers()[SET_COOKIE].to_str().unwrap();
        assert!(cookie.starts_with("linkway_saved="), "{cookie}");
    }

    #[test]
    fn a_function_that_redirects_is_followed_without_a_banner() {
        let mut answer = StatusCode::OK.into_response();
        answer
            .headers_mut()
            .insert(LOCATION, HeaderValue::from_static("/account/password"));
        answer
            .headers_mut()
            .insert(SET_COOKIE, HeaderValue::from_static("linkway_session=abc"));
        let response = after_success(answer, "/sign-in", None, false);
        assert_eq!(response.headers()[LOCATION], "/account/password");
        let cookies: Vec<_> = response.headers().get_all(SET_COOKIE).iter().collect();
        assert_eq!(cookies, ["linkway_session=abc"]);
    }
}
