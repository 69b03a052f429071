//! User administration: every change validated, audited with before/after, and effective
//! at once.

use app::audit::FieldChange;
use app::error::AppError;
use server_fn::ServerFn;
use tests::{both_databases, form, TestApp};

const ADMIN: &str = "admin@demo.linkway.test";
const VIEWER: &str = "viewer@demo.linkway.test";

/// Calls a server function; answers its JSON value or its `AppError`.
async fn call<T: serde::de::DeserializeOwned>(
    app: &TestApp,
    path: &str,
    body: &str,
    cookie: &str,
) -> Result<T, AppError> {
    let response = app.post_form(path, body, Some(cookie)).await;
    let success = response.status().is_success();
    let text = response.text().await.unwrap();
    if success {
        Ok(serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path} answered {text:?}: {e}")))
    } else {
        Err(serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{path} failed with {text:?}: {e}")))
    }
}

async fn new_user(
    app: &TestApp,
    admin: &str,
    email: &str,
    role: &str,
    borough: &str,
) -> Result<String, AppError> {
    let body = form(&[
        ("input[name]", "Nia New"),
        ("input[email]", email),
        ("input[organisation]", "Camden Council"),
        ("input[role]", role),
        ("input[borough]", borough),
        ("input[icb]", "NCL"),
    ]);
    call(app, app::admin::CreateUser::PATH, &body, admin).await
}

async fn history(app: &TestApp, id: i64) -> Vec<app::audit::AuditEvent> {
    app::audit::db::entity_history(&mut app.db.conn().await.unwrap(), "user", &id.to_string())
        .await
        .unwrap()
}

async fn a_new_user_must_change_the_temporary_password_before_anything_else(app: TestApp) {
    app.seed_demo().await;
    let admin = app.sign_in(ADMIN).await;
    let password = new_user(
        &app,
        &admin,
        "Nia.New@Camden.gov.uk",
        "borough_lead",
        "camden",
    )
    .await
    .unwrap();
    assert_eq!(password.len(), 16);

    let response = app
        .post_form(
            <app::auth::SignIn as ServerFn>::PATH,
            &form(&[("email", "nia.new@camden.gov.uk"), ("password", &password)]),
            None,
        )
        .await;
    assert_eq!(
        response.headers()["location"],
        "/account/password",
        "sent to change the password"
    );
    let cookie = tests::set_cookie(&response, "linkway_session").expect("a session cookie");
    let refused: Result<Vec<app::boroughs::Borough>, _> =
        call(&app, app::boroughs::ListBoroughs::PATH, "", &cookie).await;
    assert_eq!(refused, Err(AppError::PasswordChangeRequired));

    let change = |current: &str, new: &str, confirm: &str| {
        form(&[
            ("current_password", current),
            ("new_password", new),
            ("confirm_password", confirm),
        ])
    };
    let mismatch: Result<(), _> = call(
        &app,
        app::admin::ChangePassword::PATH,
        &change(&password, "a brand new passphrase", "another passphrase"),
        &cookie,
    )
    .await;
    assert!(
        matches!(mismatch, Err(AppError::Validation(ref f)) if f.contains_key("confirm_password")),
        "{mismatch:?}"
    );
    let response = app
        .post_form(
            app::admin::ChangePassword::PATH,
            &change(
                &password,
                "a brand new passphrase",
                "a brand new passphrase",
            ),
            Some(&cookie),
        )
        .await;
    assert!(response.status().is_success() || response.status().is_redirection());
    let boroughs: Vec<app::boroughs::Borough> =
        call(&app, app::boroughs::ListBoroughs::PATH, "", &cookie)
            .await
            .unwrap();
    assert_eq!(boroughs.len(), 5);

    let id = app.user_id("nia.new@camden.gov.uk").await;
    let actions: Vec<String> = history(&app, id)
        .await
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["create", "sign_in", "change_password"]);
}

async fn invalid_new_users_are_refused_field_by_field_and_nothing_is_stored(app: TestApp) {
    app.seed_demo().await;
    let admin = app.sign_in(ADMIN).await;
    let before = app::admin::db::list_users(&mut app.db.conn().await.unwrap())
        .await
        .unwrap()
        .len();
    let Err(AppError::Validation(fields)) =
        new_user(&app, &admin, "not-an-email", "submitter", "").await
    else {
        panic!("expected field errors");
    };
    assert!(fields.contains_key("email"), "{fields:?}");
    assert!(
        fields.contains_key("borough"),
        "a submitter needs a borough: {fields:?}"
    );
    let duplicate = new_user(&app, &admin, "VIEWER@demo.linkway.test", "viewer", "").await;
    assert!(
        matches!(duplicate, Err(AppError::Validation(ref f)) if f.contains_key("email")),
        "{duplicate:?}"
    );
    assert_eq!(
        app::admin::db::list_users(&mut app.db.conn().await.unwrap())
            .await
            .unwrap()
            .len(),
        before
    );
}

async fn adding_and_removing_a_role_is_audited_as_before_and_after(app: TestApp) {
    app.seed_demo().await;
    let admin = app.sign_in(ADMIN).await;
    let id = app.user_id(VIEWER).await;
    let role = |role: &str, borough: &str| {
        form(&[
            ("input[user_id]", &id.to_string()),
            ("input[role]", role),
            ("input[borough]", borough),
            ("input[icb]", "NCL"),
        ])
    };
    let added: Result<(), _> = call(
        &app,
        app::admin::AddRole::PATH,
        &role("submitter", "islington"),
        &admin,
    )
    .await;
    added.unwrap();
    let removed: Result<(), _> = call(
        &app,
        app::admin::RemoveRole::PATH,
        &role("viewer", ""),
        &admin,
    )
    .await;
    removed.unwrap();

    let events = history(&app, id).await;
    let changes: Vec<(&str, &FieldChange)> = events
        .iter()
        .filter(|e| e.action.ends_with("_role"))
        .map(|e| (e.action.as_str(), &e.changes["roles"]))
        .collect();
    assert_eq!(
        changes,
        [
            (
                "add_role",
                &FieldChange::new(
                    Some("Viewer (North Central London ICB)"),
                    Some("Viewer (North Central London ICB), Submitter (Islington)")
                )
            ),
            (
                "remove_role",
                &FieldChange::new(
                    Some("Viewer (North Central London ICB), Submitter (Islington)"),
                    Some("Submitter (Islington)")
                )
            ),
        ]
    );
    let viewer = app.sign_in(VIEWER).await;
    let grants = app.current_user(&viewer).await.unwrap().grants;
    assert_eq!(grants.0.len(), 1);
    assert_eq!(grants.0[0].place(), Some("islington"));
}

/// "Add role" starts on "Choose a role" in every row, so no stray click makes anyone an
/// administrator; sent without a choice it is refused, and nothing changes.
async fn add_role_starts_empty_and_is_refused_without_a_choice(app: TestApp) {
    app.seed_demo().await;
    let admin = app.sign_in(ADMIN).await;
    let id = app.user_id(VIEWER).await;
    let page = app.get_text_as("/admin", 200, Some(&admin)).await;
    assert!(
        page.contains("Borough lead (Camden)") && !page.contains("Borough lead (camden)"),
        "boroughs by name"
    );
    let select = page
        .split(&format!(r#"id="add-role-{id}""#))
        .nth(1)
        .and_then(|rest| rest.split("</select>").next())
        .expect("the viewer's Add role control");
    let options: Vec<&str> = select.split("<option").skip(1).collect();
    assert!(
        options[0].contains(r#"value="""#) && options[0].contains("Choose a role"),
        "{select}"
    );
    assert!(options[0].contains("selected"), "{select}");
    assert!(
        options[1..]
            .iter()
            .all(|option| !option.contains("selected")),
        "no role is chosen for the admin: {select}"
    );

    let events = history(&app, id).await.len();
    let body = form(&[
        ("input[user_id]", &id.to_string()),
        ("input[role]", ""),
        ("input[borough]", ""),
    ]);
    let refused: Result<(), AppError> = call(&app, app::admin::AddRole::PATH, &body, &admin).await;
    match refused {
        Err(AppError::Validation(fields)) => {
            assert_eq!(
                fields.get("role").map(Vec::as_slice),
                Some(&["Select a role".to_owned()][..])
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(history(&app, id).await.len(), events, "nothing audited");
    let viewer = app.sign_in(VIEWER).await;
    assert_eq!(app.current_user(&viewer).await.unwrap().grants.0.len(), 1);

    // Administrator asks to be confirmed: refused without it, the row shows the box to
    // tick (with the role still chosen); added with it.
    let events = history(&app, id).await.len();
    let admin_role = |confirm: &str| {
        form(&[
            ("input[user_id]", &id.to_string()),
            ("input[role]", "admin"),
            ("input[borough]", ""),
            ("input[confirm]", confirm),
        ])
    };
    let refused: Result<(), AppError> =
        call(&app, app::admin::AddRole::PATH, &admin_role(""), &admin).await;
    match refused {
        Err(AppError::Validation(fields)) => {
            let message = &fields.get("confirm").expect("asks to confirm")[0];
            assert!(
                message.contains("Yes, make Vic Viewer (demo) an administrator"),
                "{message}"
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(history(&app, id).await.len(), events, "nothing audited");
    let page_form = form(&[
        (app::components::ACTION_FIELD, app::admin::AddRole::PATH),
        ("input[user_id]", &id.to_string()),
        ("input[role]", "admin"),
        ("input[borough]", ""),
    ]);
    let shown = app
        .http
        .post(app.url("/admin"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", &admin)
        .body(page_form)
        .send()
        .await
        .unwrap();
    assert_eq!(shown.status().as_u16(), 422);
    let html = shown.text().await.unwrap();
    assert!(
        html.contains(&format!(r#"id="add-confirm-{id}""#)),
        "the box to tick"
    );
    assert_eq!(
        html.matches(r#"name="input[confirm]""#).count(),
        1,
        "in that row only"
    );
    let added: Result<(), AppError> =
        call(&app, app::admin::AddRole::PATH, &admin_role("yes"), &admin).await;
    added.unwrap();
    let viewer = app.sign_in(VIEWER).await;
    assert_eq!(app.current_user(&viewer).await.unwrap().grants.0.len(), 2);

    // A new user made an administrator asks for the same tick.
    let administrator = |confirm: &str| {
        form(&[
            ("input[name]", "Ada Second"),
            ("input[email]", "ada.second@ncl.example"),
            ("input[organisation]", "NCL ICB"),
            ("input[role]", "admin"),
            ("input[borough]", ""),
            ("input[confirm]", confirm),
        ])
    };
    let refused: Result<String, AppError> = call(
        &app,
        app::admin::CreateUser::PATH,
        &administrator(""),
        &admin,
    )
    .await;
    assert!(
        matches!(&refused, Err(AppError::Validation(fields)) if fields.contains_key("confirm")),
        "{refused:?}"
    );
    let created: Result<String, AppError> = call(
        &app,
        app::admin::CreateUser::PATH,
        &administrator("yes"),
        &admin,
    )
    .await;
    assert!(created.is_ok(), "{created:?}");
}

async fn deactivating_a_user_ends_their_sessions_at_once(app: TestApp) {
    app.seed_demo().await;
    let admin = app.sign_in(ADMIN).await;
    let viewer = app.sign_in(VIEWER).await;
    assert!(app.current_user(&viewer).await.is_some());
    let id = app.user_id(VIEWER).await;
    let body = form(&[("user_id", &id.to_string()), ("active", "false")]);
    let done: Result<(), _> = call(&app, app::admin::SetUserActive::PATH, &body, &admin).await;
    done.unwrap();
    assert_eq!(app.current_user(&viewer).await, None);
    let event = history(&app, id)
        .await
        .into_iter()
        .find(|e| e.action == "deactivate")
        .expect("audited");
    assert_eq!(
        event.changes["active"],
        FieldChange::new(Some("yes"), Some("no"))
    );
    // Signing in again is refused while deactivated.
    let response = app
        .post_form(
            <app::auth::SignIn as ServerFn>::PATH,
            &form(&[("email", VIEWER), ("password", app::demo::DEMO_PASSWORD)]),
            None,
        )
        .await;
    assert!(response.headers().get("set-cookie").is_none());
}

async fn a_password_reset_issues_a_temporary_password_and_the_old_one_stops_working(app: TestApp) {
    app.seed_demo().await;
    let admin = app.sign_in(ADMIN).await;
    let id = app.user_id(VIEWER).await;
    let password: String = call(
        &app,
        app::admin::ResetPassword::PATH,
        &form(&[("user_id", &id.to_string())]),
        &admin,
    )
    .await
    .unwrap();
    let old = app
        .post_form(
            <app::auth::SignIn as ServerFn>::PATH,
            &form(&[("email", VIEWER), ("password", app::demo::DEMO_PASSWORD)]),
            None,
        )
        .await;
    assert!(
        old.headers().get("set-cookie").is_none(),
        "the old password no longer works"
    );
    let new = app
        .post_form(
            <app::auth::SignIn as ServerFn>::PATH,
            &form(&[("email", VIEWER), ("password", &password)]),
            None,
        )
        .await;
    assert_eq!(new.headers()["location"], "/account/password");
    let event = history(&app, id)
        .await
        .into_iter()
        .find(|e| e.action == "reset_password")
        .expect("audited");
    assert_eq!(event.user_id, Some(app.user_id(ADMIN).await));
    assert!(
        !format!("{:?}", event.changes).contains(&password),
        "the audit trail never holds a password"
    );
}

both_databases!(
    a_new_user_must_change_the_temporary_password_before_anything_else,
    invalid_new_users_are_refused_field_by_field_and_nothing_is_stored,
    adding_and_removing_a_role_is_audited_as_before_and_after,
    add_role_starts_empty_and_is_refused_without_a_choice,
    deactivating_a_user_ends_their_sessions_at_once,
    a_password_reset_issues_a_temporary_password_and_the_old_one_stops_working,
);
