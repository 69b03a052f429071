//! Sign-in, sessions and the refusal of every kind of bad token; sign-in under pressure
//! (parallel guesses, a reverse proxy, over-long input); ending sessions.

use app::auth::service::{MAX_FAILURES_PER_ADDRESS, MAX_FAILURES_PER_EMAIL};
use app::error::AppError;
use app::plumbing::session::{Claims, COOKIE_NAME};
use app::plumbing::Db;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{Duration, Utc};
use tests::{both_databases, count, form, TestApp};

const SIGN_IN: &str = <app::auth::SignIn as server_fn::ServerFn>::PATH;
const SIGN_OUT: &str = <app::auth::SignOut as server_fn::ServerFn>::PATH;
const SIGN_OUT_EVERYWHERE: &str = <app::auth::SignOutEverywhere as server_fn::ServerFn>::PATH;
const CHANGE_PASSWORD: &str = <app::admin::ChangePassword as server_fn::ServerFn>::PATH;
const VIEWER: &str = "viewer@demo.linkway.test";
const ADMIN: &str = "admin@demo.linkway.test";
const LOCKED: &str = "too many failed attempts";
const WRONG: &str = "Enter a correct email address and password";

async fn audit_count(db: &Db, action: &str) -> i64 {
    app::on_conn!(&mut db.conn().await.unwrap(), pool => {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM audit_events WHERE action = $1")
            .bind(action)
            .fetch_one(pool)
            .await
    })
    .unwrap()
}

async fn failed_sign_in(app: &TestApp, email: &str, password: &str) -> String {
    let response = app
        .post_form(
            SIGN_IN,
            &form(&[("email", email), ("password", password)]),
            None,
        )
        .await;
    assert!(
        response.headers().get("set-cookie").is_none(),
        "no session for a failed sign-in"
    );
    response.text().await.unwrap()
}

async fn demo_user_signs_in_with_a_strict_http_only_cookie_and_one_audit_row(app: TestApp) {
    app.seed_demo().await;
    let response = app
        .post_form(
            SIGN_IN,
            &form(&[("email", VIEWER), ("password", app::demo::DEMO_PASSWORD)]),
            None,
        )
        .await;
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with(&format!("{COOKIE_NAME}=")));
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=28800"] {
        assert!(cookie.contains(attribute), "{attribute} in {cookie}");
    }
    let pair = cookie.split(';').next().unwrap();
    let user = app.current_user(pair).await.expect("signed in");
    assert_eq!(user.email, VIEWER);
    assert_eq!(audit_count(&app.db, "sign_in").await, 1);
}

async fn a_wrong_password_and_an_unknown_email_get_the_same_answer(app: TestApp) {
    app.seed_demo().await;
    let wrong_password = failed_sign_in(&app, VIEWER, "not-the-password").await;
    let unknown_email = failed_sign_in(&app, "nobody@demo.linkway.test", "not-the-password").await;
    assert_eq!(wrong_password, unknown_email);
    assert!(wrong_password.contains("Enter a correct email address and password"));
    assert_eq!(audit_count(&app.db, "sign_in_failed").await, 2);
}

async fn repeated_failures_lock_the_email_even_for_the_right_password(app: TestApp) {
    app.seed_demo().await;
    for _ in 0..app::auth::service::MAX_FAILURES_PER_EMAIL {
        failed_sign_in(&app, VIEWER, "not-the-password").await;
    }
    let answer = failed_sign_in(&app, VIEWER, app::demo::DEMO_PASSWORD).await;
    assert!(answer.contains("too many failed attempts"), "{answer}");
}

async fn sign_out_ends_the_session_on_the_server(app: TestApp) {
    app.seed_demo().await;
    let cookie = app.sign_in(VIEWER).await;
    let response = app.post_form(SIGN_OUT, "", Some(&cookie)).await;
    assert!(response.status().is_redirection() || response.status().is_success());
    // The token is still well signed and unexpired, but its session is over.
    assert_eq!(app.current_user(&cookie).await, None);
    assert_eq!(audit_count(&app.db, "sign_out").await, 1);
}

async fn a_deactivated_users_token_is_refused(app: TestApp) {
    app.seed_demo().await;
    let cookie = app.sign_in(VIEWER).await;
    app::on_conn!(&mut app.db.conn().await.unwrap(), pool => {
        sqlx::query("UPDATE users SET active = FALSE WHERE email_key = $1").bind(VIEWER).execute(pool).await.map(|_| ())
    })
    .unwrap();
    assert_eq!(app.current_user(&cookie).await, None);
}

/// The claims of a real session, to forge variants of.
async fn real_claims(app: &TestApp) -> (String, Claims) {
    let cookie = app.sign_in(VIEWER).await;
    let token = cookie
        .trim_start_matches(&format!("{COOKIE_NAME}="))
        .to_owned();
    let claims = app.session_keys.verify(&token).expect("own token verifies");
    (token, claims)
}

fn cookie(token: &str) -> String {
    format!("{COOKIE_NAME}={token}")
}

async fn tampered_expired_unsigned_and_foreign_tokens_are_refused(app: TestApp) {
    app.seed_demo().await;
    let (token, claims) = real_claims(&app).await;
    assert!(
        app.current_user(&cookie(&token)).await.is_some(),
        "the real token works"
    );

    // Tampered: the payload claims another user, the signature is the original's.
    let parts: Vec<&str> = token.split('.').collect();
    let payload =
        serde_json::json!({ "sub": "1", "sid": claims.sid, "iat": claims.iat, "exp": claims.exp });
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(payload.to_string()),
        parts[2]
    );
    assert_eq!(app.current_user(&cookie(&tampered)).await, None, "tampered");

    // alg: none, no signature.
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
    let unsigned = format!("{header}.{}.", parts[1]);
    assert_eq!(app.current_user(&cookie(&unsigned)).await, None, "alg none");

    // Signed with another key.
    let other =
        app::plumbing::session::SessionKeys::new(b"another-key-another-key-another-k", false);
    let foreign = other
        .issue(claims.sub.parse().unwrap(), &claims.sid, Utc::now())
        .unwrap();
    assert_eq!(app.current_user(&cookie(&foreign)).await, None, "other key");

    // Our key, our session, but expired.
    let expired = app
        .session_keys
        .issue(
            claims.sub.parse().unwrap(),
            &claims.sid,
            Utc::now() - Duration::hours(9),
        )
        .unwrap();
    assert_eq!(app.current_user(&cookie(&expired)).await, None, "expired");
}

async fn a_cross_origin_post_is_refused_and_changes_nothing(app: TestApp) {
    app.seed_demo().await;
    let response = app
        .http
        .post(app.url(SIGN_IN))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", "https://evil.example")
        .body(form(&[
            ("email", VIEWER),
            ("password", app::demo::DEMO_PASSWORD),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);
    assert!(response.headers().get("set-cookie").is_none());
    assert_eq!(audit_count(&app.db, "sign_in").await, 0);
}

/// Sends every sign-in at once, each `(email, password, X-Forwarded-For)`; answers
/// each response's status and body.
async fn sign_in_at_once(
    app: &TestApp,
    attempts: Vec<(String, String, Option<String>)>,
) -> Vec<(u16, String)> {
    let mut tasks = tokio::task::JoinSet::new();
    for (email, password, forwarded_for) in attempts {
        let mut request = app
            .http
            .post(app.url(SIGN_IN))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form(&[("email", &email), ("password", &password)]));
        if let Some(forwarded_for) = forwarded_for {
            request = request.header("x-forwarded-for", forwarded_for);
        }
        tasks.spawn(async move {
            let response = request.send().await.unwrap();
            assert!(response.headers().get("set-cookie").is_none(), "signed in");
            (response.status().as_u16(), response.text().await.unwrap())
        });
    }
    tasks.join_all().await
}

/// Signs in as `email` with the demo password from `forwarded_for`; the cookie, or the
/// answer when no session was opened.
async fn sign_in_from(app: &TestApp, email: &str, forwarded_for: &str) -> Result<String, String> {
    let response = app
        .http
        .post(app.url(SIGN_IN))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-forwarded-for", forwarded_for)
        .body(form(&[
            ("email", email),
            ("password", app::demo::DEMO_PASSWORD),
        ]))
        .send()
        .await
        .unwrap();
    match response.headers().get("set-cookie") {
        Some(cookie) => Ok(cookie
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned()),
        None => Err(response.text().await.unwrap()),
    }
}

async fn fifty_parallel_bad_sign_ins_check_exactly_five_passwords(app: TestApp) {
    app.seed_demo().await;
    let attempts = (0..50)
        .map(|_| (VIEWER.to_owned(), "not-the-password".to_owned(), None))
        .collect();
    let answers = sign_in_at_once(&app, attempts).await;

    let wrong = answers
        .iter()
        .filter(|(_, body)| body.contains(WRONG))
        .count();
    let locked = answers
        .iter()
        .filter(|(_, body)| body.contains(LOCKED))
        .count();
    assert_eq!((wrong, locked), (5, 45), "{answers:?}");
    // Only the five let through were hashed: every other attempt was refused first.
    assert_eq!(app.passwords.checks(), 5);
    assert_eq!(audit_count(&app.db, "sign_in_failed").await, 5);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM sign_in_failures").await,
        5
    );
    // And the right password is refused too, unchecked, until the window passes.
    let answer = failed_sign_in(&app, VIEWER, app::demo::DEMO_PASSWORD).await;
    assert!(answer.contains(LOCKED), "{answer}");
    assert_eq!(app.passwords.checks(), 5);
}

/// As many failures from one client behind the proxy as an address is allowed, spread over
/// emails so that no email goes over its own limit.
fn failures_from(client: &str) -> Vec<(String, String, Option<String>)> {
    let emails = MAX_FAILURES_PER_ADDRESS / MAX_FAILURES_PER_EMAIL;
    (0..MAX_FAILURES_PER_ADDRESS)
        .map(|n| {
            (
                format!("guess.{}@demo.linkway.test", n % emails),
                "not-the-password".to_owned(),
                // A client may write its own X-Forwarded-For; the proxy appends the real one.
                Some(format!("198.51.100.{n}, {client}")),
            )
        })
        .collect()
}

async fn behind_a_trusted_proxy_one_clients_failures_do_not_lock_another_out(app: TestApp) {
    app.seed_demo().await;
    let answers = sign_in_at_once(&app, failures_from("203.0.113.7")).await;
    assert!(
        answers.iter().all(|(_, body)| body.contains(WRONG)),
        "{answers:?}"
    );
    // That client is now locked out, even with a real account's password…
    let locked = sign_in_from(&app, ADMIN, "203.0.113.7").await;
    assert!(locked.is_err_and(|answer| answer.contains(LOCKED)));
    // …and another client behind the same proxy is not.
    let cookie = sign_in_from(&app, VIEWER, "192.0.2.44")
        .await
        .expect("signed in");
    assert_eq!(app.current_user(&cookie).await.unwrap().email, VIEWER);
    let addresses = count(
        &app,
        "SELECT COUNT(*) FROM sign_in_failures WHERE address = '203.0.113.7'",
    )
    .await;
    assert_eq!(addresses, MAX_FAILURES_PER_ADDRESS);
}

async fn without_a_trusted_proxy_x_forwarded_for_is_ignored(app: TestApp) {
    app.seed_demo().await;
    let answers = sign_in_at_once(&app, failures_from("203.0.113.7")).await;
    assert!(
        answers.iter().all(|(_, body)| body.contains(WRONG)),
        "{answers:?}"
    );
    // Every attempt counted against the peer itself, whatever the header said.
    let locked = sign_in_from(&app, VIEWER, "192.0.2.44").await;
    assert!(locked.is_err_and(|answer| answer.contains(LOCKED)));
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM sign_in_failures WHERE address = '127.0.0.1'"
        )
        .await,
        MAX_FAILURES_PER_ADDRESS
    );
}

async fn a_success_does_not_count_against_the_address(app: TestApp) {
    app.seed_demo().await;
    for _ in 0..MAX_FAILURES_PER_ADDRESS + 5 {
        app.sign_in(VIEWER).await;
    }
    assert_eq!(
        audit_count(&app.db, "sign_in").await,
        MAX_FAILURES_PER_ADDRESS + 5
    );
}

async fn over_long_emails_and_passwords_are_refused_before_any_database_work(app: TestApp) {
    app.seed_demo().await;
    let long_email = format!("{}@demo.linkway.test", "a".repeat(240));
    let long_password = "p".repeat(app::plumbing::password::MAX_PASSWORD_LENGTH + 1);
    for (email, password, field, message) in [
        (
            long_email.as_str(),
            "not-the-password",
            "email",
            "Email address must be 254 characters or fewer",
        ),
        (
            VIEWER,
            long_password.as_str(),
            "password",
            "Password must be 256 characters or fewer",
        ),
    ] {
        let response = app
            .post_form(
                SIGN_IN,
                &form(&[("email", email), ("password", password)]),
                None,
            )
            .await;
        assert!(response.headers().get("set-cookie").is_none());
        let error: AppError = serde_json::from_str(&response.text().await.unwrap()).unwrap();
        let AppError::Validation(fields) = error else {
            panic!("expected a field error, got {error:?}");
        };
        assert_eq!(
            fields.get(field),
            Some(&vec![message.to_owned()]),
            "{fields:?}"
        );
    }
    assert_eq!(app.passwords.checks(), 0);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM sign_in_failures").await,
        0
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM sign_in_limits").await, 0);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE action LIKE 'sign_in%'"
        )
        .await,
        0
    );

    // Changing a password: an over-long current password is not checked either.
    let cookie = app.sign_in(VIEWER).await;
    let checks = app.passwords.checks();
    let change: Result<(), AppError> = tests::call(
        &app,
        CHANGE_PASSWORD,
        &[
            ("current_password", &long_password),
            ("new_password", &long_password),
            ("confirm_password", &long_password),
        ],
        &cookie,
    )
    .await;
    let Err(AppError::Validation(fields)) = change else {
        panic!("expected field errors, got {change:?}");
    };
    for field in ["current_password", "new_password"] {
        assert_eq!(
            fields.get(field),
            Some(&vec!["Password must be 256 characters or fewer".to_owned()]),
            "{field}"
        );
    }
    assert_eq!(app.passwords.checks(), checks);
}

async fn changing_ones_password_ends_ones_other_sessions(app: TestApp) {
    app.seed_demo().await;
    let here = app.sign_in(VIEWER).await;
    let elsewhere = app.sign_in(VIEWER).await;
    let someone_else = app.sign_in(ADMIN).await;
    let changed: Result<(), AppError> = tests::call(
        &app,
        CHANGE_PASSWORD,
        &[
            ("current_password", app::demo::DEMO_PASSWORD),
            ("new_password", "a brand new passphrase"),
            ("confirm_password", "a brand new passphrase"),
        ],
        &here,
    )
    .await;
    assert_eq!(changed, Ok(()));
    assert!(
        app.current_user(&here).await.is_some(),
        "this session goes on"
    );
    assert_eq!(
        app.current_user(&elsewhere).await,
        None,
        "the other one ended"
    );
    assert!(app.current_user(&someone_else).await.is_some());
    assert_eq!(audit_count(&app.db, "end_other_sessions").await, 1);
    let ended = app::on_conn!(&mut app.db.conn().await.unwrap(), pool => {
        sqlx::query_scalar::<_, String>("SELECT changes FROM audit_events WHERE action = 'end_other_sessions'")
            .fetch_one(pool)
            .await
    })
    .unwrap();
    assert!(
        ended.contains(r#""sessions_ended":{"before":null,"after":"1"}"#),
        "{ended}"
    );
}

async fn sign_out_everywhere_ends_every_session_and_goes_to_sign_in(app: TestApp) {
    app.seed_demo().await;
    let here = app.sign_in(VIEWER).await;
    let elsewhere = app.sign_in(VIEWER).await;
    let someone_else = app.sign_in(ADMIN).await;
    let response = app
        .http
        .post(app.url(SIGN_OUT_EVERYWHERE))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html")
        .header("cookie", &here)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 302);
    assert_eq!(response.headers()["location"], "/sign-in");
    let cleared = response.headers()["set-cookie"].to_str().unwrap();
    assert!(
        cleared.starts_with(&format!("{COOKIE_NAME}=;")),
        "{cleared}"
    );
    assert_eq!(
        app.current_user(&here).await,
        None,
        "this session ended too"
    );
    assert_eq!(app.current_user(&elsewhere).await, None);
    assert!(app.current_user(&someone_else).await.is_some());
    assert_eq!(audit_count(&app.db, "sign_out_everywhere").await, 1);
    // Signed out, it is refused and changes nothing.
    let again: Result<(), AppError> = tests::call(&app, SIGN_OUT_EVERYWHERE, &[], &here).await;
    assert_eq!(again, Err(AppError::Unauthorized));
    assert_eq!(audit_count(&app.db, "sign_out_everywhere").await, 1);
}

async fn pages_carry_a_nonce_csp_and_the_security_headers(app: TestApp) {
    let response = app.get("/").await;
    let headers = response.headers().clone();
    let csp = headers["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.starts_with("default-src 'self'"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"));
    let html = response.text().await.unwrap();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("nonce in CSP");
    assert!(
        html.contains(&format!(r#"nonce="{nonce}""#)),
        "the hydration script carries the CSP nonce"
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "same-origin");
    let health = app.get("/healthz").await;
    assert!(health.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("default-src 'self'"));
}

async fn demo_accounts_exist_for_every_role(app: TestApp) {
    app.seed_demo().await;
    app.seed_demo().await;
    for (email, _, _, role, place) in app::demo::DEMO_ACCOUNTS {
        let cookie = app.sign_in(email).await;
        let user = app.current_user(&cookie).await.expect("signed in");
        assert_eq!(user.grants.0.len(), 1, "{email}");
        assert_eq!(user.grants.0[0].role, role);
        assert_eq!(user.grants.0[0].place(), place);
    }
}

both_databases!(
    demo_user_signs_in_with_a_strict_http_only_cookie_and_one_audit_row,
    a_wrong_password_and_an_unknown_email_get_the_same_answer,
    repeated_failures_lock_the_email_even_for_the_right_password,
    sign_out_ends_the_session_on_the_server,
    a_deactivated_users_token_is_refused,
    tampered_expired_unsigned_and_foreign_tokens_are_refused,
    a_cross_origin_post_is_refused_and_changes_nothing,
    pages_carry_a_nonce_csp_and_the_security_headers,
    demo_accounts_exist_for_every_role,
    fifty_parallel_bad_sign_ins_check_exactly_five_passwords,
    behind_a_trusted_proxy_one_clients_failures_do_not_lock_another_out
        with [("LINKWAY_TRUSTED_PROXIES", "127.0.0.1")],
    without_a_trusted_proxy_x_forwarded_for_is_ignored,
    a_success_does_not_count_against_the_address,
    over_long_emails_and_passwords_are_refused_before_any_database_work,
    changing_ones_password_ends_ones_other_sessions,
    sign_out_everywhere_ends_every_session_and_goes_to_sign_in,
);
