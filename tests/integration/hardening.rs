//! What Linkway does before it trusts a request: signed-out requests are refused before any
//! record is looked up, so they cannot learn which ids exist.

use server_fn::ServerFn;
use tests::{both_databases, call, count, TestApp};

/// Downloads and uploads by id answer a signed-out caller 401 whether or not the id exists
/// (or is even a number), and a malformed filter comes after authentication too.
async fn signed_out_requests_learn_nothing_about_ids(app: TestApp) {
    app.seed_demo().await;
    let gets = [
        "/returns/submissions/1/file",
        "/returns/submissions/987654/file",
        "/returns/submissions/not-a-number/file",
        "/returns/periods/1/boroughs/camden/template.xlsx",
        "/returns/periods/987654/boroughs/atlantis/template.xlsx",
        "/returns/periods/987654/chase-list.xlsx",
        "/maturity/rounds/987654/export.xlsx",
        "/recommendations.xlsx?as_at=not-a-date&as_at=twice",
        "/recommendations/board-paper.xlsx?borough=atlantis",
        "/unmet-need/export.xlsx?quarter=1&quarter=2",
        "/admin/audit.xlsx?page=-1&page=x",
    ];
    for path in gets {
        let response = app.get(path).await;
        assert_eq!(response.status().as_u16(), 401, "GET {path} signed out");
    }
    for path in [
        "/returns/periods/987654/boroughs/atlantis/upload",
        "/returns/periods/x/boroughs/camden/upload",
    ] {
        let response = app
            .upload_file(path, "return.xlsx", b"PK", "linkway_session=forged")
            .await;
        assert_eq!(response.status().as_u16(), 401, "POST {path} signed out");
    }
}

/// An id in a download's or upload's address that is not a number names no page: a
/// signed-in caller gets the usual "not found" sentence (not axum's own 400 text) before
/// anything is read or written, whatever they may do; signed out, it is still 401.
async fn a_malformed_id_in_a_handler_address_is_not_found(app: TestApp) {
    app.seed_demo().await;
    let lead = app.sign_in("camden.lead@demo.linkway.test").await;
    let not_found = "The page at that address could not be found.";
    let audit = count(&app, "SELECT COUNT(*) FROM audit_events").await;
    let attempts = count(&app, "SELECT COUNT(*) FROM return_attempts").await;
    for id in ["abc", "1.5", "1e3", "99999999999999999999"] {
        for path in [
            format!("/maturity/rounds/{id}/export.xlsx"),
            format!("/returns/periods/{id}/chase-list.xlsx"),
            format!("/returns/periods/{id}/boroughs/camden/template.xlsx"),
            format!("/returns/submissions/{id}/file"),
        ] {
            let response = app.get_as(&path, Some(&lead)).await;
            assert_eq!(response.status().as_u16(), 404, "GET {path}");
            assert_eq!(response.text().await.unwrap(), not_found, "GET {path}");
            let response = app.get(&path).await;
            assert_eq!(response.status().as_u16(), 401, "GET {path} signed out");
        }
        let path = format!("/returns/periods/{id}/boroughs/camden/upload");
        let response = app.upload_file(&path, "return.xlsx", b"PK", &lead).await;
        assert_eq!(response.status().as_u16(), 404, "POST {path}");
        assert_eq!(response.text().await.unwrap(), not_found, "POST {path}");
    }
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM audit_events").await,
        audit
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM return_attempts").await,
        attempts
    );
}

/// Runs a statement the application would never send; answers whether the database took it.
async fn database_takes(app: &TestApp, sql: &str) -> bool {
    app::on_conn!(&mut app.db.conn().await.unwrap(), pool => sqlx::query(sql).execute(pool).await.map(|_| ())).is_ok()
}

/// Role grants are checked by the database itself, the audit trail refuses to change, and
/// the last administrator cannot remove their own role.
async fn the_database_guards_roles_and_the_audit_trail(app: TestApp) {
    app.seed_demo().await;
    let viewer = count(
        &app,
        "SELECT id FROM users WHERE email = 'viewer@demo.linkway.test'",
    )
    .await;
    let camden = count(&app, "SELECT id FROM boroughs WHERE code = 'camden'").await;
    let grants = count(&app, "SELECT COUNT(*) FROM user_roles").await;
    for (what, sql) in [
        ("a borough role without a borough", format!("INSERT INTO user_roles (user_id, role, borough_id) VALUES ({viewer}, 'submitter', NULL)")),
        ("an ICB-wide role with a borough", format!("INSERT INTO user_roles (user_id, role, borough_id) VALUES ({viewer}, 'icb_lead', {camden})")),
        ("the same grant twice", format!("INSERT INTO user_roles (user_id, role, borough_id) VALUES ({viewer}, 'viewer', NULL)")),
    ] {
        assert!(!database_takes(&app, &sql).await, "{what} was stored");
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM user_roles").await, grants);
    let audit = count(&app, "SELECT COUNT(*) FROM audit_events").await;
    assert!(audit > 0);
    assert!(!database_takes(&app, "UPDATE audit_events SET action = 'rewritten'").await);
    assert!(!database_takes(&app, "DELETE FROM audit_events").await);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM audit_events").await,
        audit
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE action = 'rewritten'"
        )
        .await,
        0
    );

    let administrators = "SELECT COUNT(*) FROM user_roles WHERE role = 'admin'";
    assert_eq!(
        count(&app, administrators).await,
        1,
        "the demo has one administrator"
    );
    let admin = app.sign_in("admin@demo.linkway.test").await;
    let id = count(
        &app,
        "SELECT id FROM users WHERE email = 'admin@demo.linkway.test'",
    )
    .await;
    let removed: Result<(), app::error::AppError> = call(
        &app,
        app::admin::RemoveRole::PATH,
        &[
            ("input[user_id]", &id.to_string()),
            ("input[role]", "admin"),
            ("input[borough]", ""),
        ],
        &admin,
    )
    .await;
    let Err(app::error::AppError::Validation(fields)) = removed else {
        panic!("the last administrator removed their own role: {removed:?}");
    };
    assert!(fields.get("role").unwrap()[0].contains("at least one active administrator"));
    assert_eq!(count(&app, administrators).await, 1);
}

/// A form without JavaScript gets its error back through the address, signed; a crafted
/// address cannot put words of its own in the page's error summary.
async fn only_linkway_can_put_an_error_in_a_page_address(app: TestApp) {
    use base64::Engine;
    use server_fn::error::FromServerFnError;
    app.seed_demo().await;
    let sign_in = app::auth::SignIn::PATH;
    let response = app
        .http
        .post(app.url(sign_in))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html")
        .header("referer", app.url("/sign-in"))
        .body(tests::form(&[
            ("email", "viewer@demo.linkway.test"),
            ("password", "wrong"),
        ]))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection(), "{}", response.status());
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.contains("__err=") && location.contains("&__sig="),
        "{location}"
    );
    let page = location.trim_start_matches(&app.address).to_owned();
    let html = app.get_text(&page, 200).await;
    assert!(html.contains("Enter a correct email address and password"));

    // Errors of the caller's own choosing never reach the page: a crafted address, the
    // same with a forged signature, with its keys percent-encoded, or after a genuine one.
    let crafted = app::error::AppError::field(
        app::error::FORM,
        "Your account is locked. Call 0800 000 0000 to unlock it.",
    );
    let encoded = base64::engine::general_purpose::URL_SAFE.encode(crafted.ser());
    let path = app::format::query_value(sign_in);
    for address in [
        format!("/sign-in?__path={path}&__err={encoded}"),
        format!(
            "/sign-in?__path={path}&__err={encoded}&__sig={}",
            "0".repeat(64)
        ),
        format!("/sign-in?%5F%5Fpath={path}&%5F%5Ferr={encoded}"),
        format!("{page}&__err={encoded}"),
        format!("//sign-in?__err={encoded}"),
    ] {
        let response = app.get(&address).await;
        assert_eq!(response.status().as_u16(), 303, "{address}");
        let clean = response.headers()["location"].to_str().unwrap().to_owned();
        assert!(
            clean.starts_with('/') && !clean.starts_with("//"),
            "{clean}"
        );
        assert!(!clean.contains("__err"), "{clean}");
    }
    // Nor can a form be made to sign one: an error in the referring address is dropped
    // and only the server function's own is signed.
    let response = app
        .http
        .post(app.url(sign_in))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html")
        .header(
            "referer",
            app.url(&format!("/sign-in?__path={path}&__err={encoded}")),
        )
        .body(tests::form(&[
            ("email", "viewer@demo.linkway.test"),
            ("password", "wrong"),
        ]))
        .send()
        .await
        .unwrap();
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(!location.contains(&encoded), "{location}");
    let html = app
        .get_text(location.trim_start_matches(&app.address), 200)
        .await;
    assert!(html.contains("Enter a correct email address and password"));
    assert!(!html.contains("0800 000 0000"));
}

/// Served over HTTPS (production), every response carries HSTS and the session cookie is
/// `__Host-` prefixed, Secure and read under that name only.
async fn production_sends_hsts_and_a_host_prefixed_cookie(app: TestApp) {
    app.seed_demo().await;
    let page = app.get("/sign-in").await;
    assert_eq!(
        page.headers()["strict-transport-security"],
        "max-age=63072000; includeSubDomains"
    );
    let cookie = app.sign_in("viewer@demo.linkway.test").await;
    assert!(cookie.starts_with("__Host-linkway_session="), "{cookie}");
    assert!(app.current_user(&cookie).await.is_some());
    let planted = cookie.replacen("__Host-linkway_session", "linkway_session", 1);
    assert!(app.current_user(&planted).await.is_none());
}

/// Pages and downloads hold programme data: browsers and proxies must not keep them.
async fn pages_and_downloads_are_never_cached(app: TestApp) {
    let viewer = app.viewer().await;
    for path in ["/recommendations", "/recommendations.xlsx", "/sign-in"] {
        let response = app.get_as(path, Some(&viewer)).await;
        assert_eq!(response.status().as_u16(), 200, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
        assert!(
            response
                .headers()
                .get("strict-transport-security")
                .is_none(),
            "no HSTS over plain HTTP in development"
        );
    }
}

/// A session unused for longer than the idle timeout ends; one in use stays.
async fn an_idle_session_ends(app: TestApp) {
    let viewer = app.viewer().await;
    assert!(app.current_user(&viewer).await.is_some());
    let now = chrono::Utc::now();
    let idle = now - chrono::Duration::minutes(app::plumbing::session::IDLE_MINUTES + 1);
    // Opened long ago but used two minutes ago: still signed in, and the use is recorded.
    app::on_conn!(&mut app.db.conn().await.unwrap(), pool => {
        sqlx::query("UPDATE sessions SET created_at = $1, last_seen_at = $2")
            .bind(idle)
            .bind(now - chrono::Duration::minutes(2))
            .execute(pool)
            .await
            .map(|_| ())
    })
    .unwrap();
    assert!(app.current_user(&viewer).await.is_some(), "in use");
    let seen: Vec<Option<chrono::DateTime<chrono::Utc>>> =
        app::on_conn!(&mut app.db.conn().await.unwrap(), pool => {
            sqlx::query_scalar("SELECT last_seen_at FROM sessions")
                .fetch_all(pool)
                .await
        })
        .unwrap();
    assert!(
        seen.iter()
            .flatten()
            .any(|at| *at > now - chrono::Duration::seconds(30)),
        "the use just now is recorded: {seen:?}"
    );
    app::on_conn!(&mut app.db.conn().await.unwrap(), pool => {
        sqlx::query("UPDATE sessions SET last_seen_at = $1, created_at = $1")
            .bind(idle)
            .execute(pool)
            .await
            .map(|_| ())
    })
    .unwrap();
    assert!(app.current_user(&viewer).await.is_none(), "idle too long");
    let fresh = app.sign_in("viewer@demo.linkway.test").await;
    assert!(app.current_user(&fresh).await.is_some());
}

/// Account names and organisations have a maximum length at the edge.
async fn overlong_account_names_are_refused_beside_their_fields(app: TestApp) {
    app.seed_demo().await;
    let admin = app.sign_in("admin@demo.linkway.test").await;
    let long = "N".repeat(app::auth::service::MAX_NAME_LENGTH + 1);
    let users = count(&app, "SELECT COUNT(*) FROM users").await;
    let created: Result<String, app::error::AppError> = call(
        &app,
        app::admin::CreateUser::PATH,
        &[
            ("input[name]", &long),
            ("input[email]", "long.name@example.nhs.uk"),
            ("input[organisation]", &long),
            ("input[role]", "viewer"),
            ("input[borough]", ""),
        ],
        &admin,
    )
    .await;
    let Err(app::error::AppError::Validation(fields)) = created else {
        panic!("an over-long name was accepted: {created:?}");
    };
    assert!(
        fields.get("name").unwrap()[0].contains("200 characters or fewer"),
        "{fields:?}"
    );
    assert!(fields.get("organisation").unwrap()[0].contains("200 characters or fewer"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM users").await, users);
}

/// A server function's refusal carries its own status, with the error in the answer: a
/// form's problems 422, a stranger 403, signed out 401, a stale save 409; nothing is stored.
async fn a_refused_save_is_answered_with_its_own_status(app: TestApp) {
    app.seed_demo().await;
    let path = app::returns::SetSuppressionThreshold::PATH;
    // The threshold is the region's, kept by administrators.
    let lead = app.sign_in("admin@demo.linkway.test").await;
    let viewer = app.sign_in("viewer@demo.linkway.test").await;
    let status = |body: &'static str, cookie: Option<String>| {
        let app = &app;
        async move {
            let response = app.post_form(path, body, cookie.as_deref()).await;
            (response.status().as_u16(), response.text().await.unwrap())
        }
    };
    let (code, answer) = status("threshold=lots&version=0", Some(lead.clone())).await;
    assert_eq!(code, 422);
    let error: app::error::AppError = serde_json::from_str(&answer).unwrap();
    assert!(
        matches!(error, app::error::AppError::Validation(_)),
        "{error:?}"
    );
    assert_eq!(status("threshold=7&version=0", Some(viewer)).await.0, 403);
    assert_eq!(status("threshold=7&version=0", None).await.0, 401);
    assert_eq!(
        status("threshold=7&version=0", Some(lead.clone())).await.0,
        200
    );
    assert_eq!(status("threshold=8&version=0", Some(lead)).await.0, 409);
    let stored = count(
        &app,
        "SELECT COUNT(*) FROM site_settings \
         WHERE key = 'unmet_need_suppression_threshold' AND value = '7'",
    )
    .await;
    assert_eq!(stored, 1);
}

both_databases!(
    production_sends_hsts_and_a_host_prefixed_cookie with [
        ("LINKWAY_ENV", "production"),
        ("LINKWAY_JWT_SECRET", "a-production-secret-of-more-than-32-bytes"),
    ],
    overlong_account_names_are_refused_beside_their_fields,
    an_idle_session_ends,
    only_linkway_can_put_an_error_in_a_page_address,
    pages_and_downloads_are_never_cached,
    signed_out_requests_learn_nothing_about_ids,
    a_malformed_id_in_a_handler_address_is_not_found,
    the_database_guards_roles_and_the_audit_trail,
    a_refused_save_is_answered_with_its_own_status,
);
