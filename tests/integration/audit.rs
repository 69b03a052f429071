//! The audit trail: filtered search, the export (read back with calamine), and exports
//! being audited themselves.

use app::audit::AuditEvent;
use app::error::AppError;
use calamine::{Reader, Xlsx};
use server_fn::ServerFn;
use std::io::Cursor;
use tests::{both_databases, form, TestApp};

const ADMIN: &str = "admin@demo.linkway.test";

/// The demo's accounts: one per role, and a lead for each borough without one.
const DEMO_USERS: usize = app::demo::DEMO_ACCOUNTS.len() + app::demo::DEMO_BOROUGH_LEADS.len();

async fn search(
    app: &TestApp,
    cookie: &str,
    pairs: &[(&str, &str)],
) -> Result<Vec<AuditEvent>, AppError> {
    // An empty filter still names one field, as the page's form always does.
    let pairs = if pairs.is_empty() {
        &[("user", "")][..]
    } else {
        pairs
    };
    let pairs: Vec<(String, &str)> = pairs
        .iter()
        .map(|(k, v)| (format!("filter[{k}]"), *v))
        .collect();
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let response = app
        .post_form(
            app::audit_trail::SearchAudit::PATH,
            &form(&pairs),
            Some(cookie),
        )
        .await;
    let success = response.status().is_success();
    let text = response.text().await.unwrap();
    if success {
        Ok(serde_json::from_str(&text).unwrap())
    } else {
        Err(serde_json::from_str(&text).unwrap())
    }
}

async fn the_trail_filters_by_user_action_and_date(app: TestApp) {
    app.seed_demo().await;
    let admin = app.sign_in(ADMIN).await;
    app.sign_in("viewer@demo.linkway.test").await;
    let all = search(&app, &admin, &[]).await.unwrap();
    assert!(
        all.len() >= DEMO_USERS + 2,
        "{DEMO_USERS} accounts created + 2 sign-ins: {}",
        all.len()
    );
    assert!(
        all.windows(2).all(|pair| pair[0].id > pair[1].id),
        "newest first"
    );

    let viewer_sign_ins = search(
        &app,
        &admin,
        &[("user", "VIEWER@demo.linkway.test"), ("action", "sign_in")],
    )
    .await
    .unwrap();
    assert_eq!(viewer_sign_ins.len(), 1);
    assert_eq!(
        viewer_sign_ins[0].user_name.as_deref(),
        Some("Vic Viewer (demo)")
    );

    // The demo's returns were uploaded inside their periods' windows, on earlier days.
    let today = chrono::Utc::now().date_naive();
    let on_today = all.iter().filter(|e| e.at.date_naive() == today).count();
    let before_today = all.iter().filter(|e| e.at.date_naive() < today).count();
    assert!(on_today > 0 && before_today > 0);
    let yesterday = (today - chrono::Days::new(1)).to_string();
    let tomorrow = (today + chrono::Days::new(1)).to_string();
    let today = today.to_string();
    assert_eq!(
        search(&app, &admin, &[("from", &today), ("to", &today)])
            .await
            .unwrap()
            .len(),
        on_today
    );
    assert_eq!(
        search(&app, &admin, &[("to", &yesterday)])
            .await
            .unwrap()
            .len(),
        before_today
    );
    assert!(search(&app, &admin, &[("from", &tomorrow)])
        .await
        .unwrap()
        .is_empty());

    let Err(AppError::Validation(fields)) = search(&app, &admin, &[("from", "31/03/2026")]).await
    else {
        panic!("a bad date is a field error");
    };
    assert!(fields.contains_key("from"));
}

async fn the_export_matches_the_filter_and_is_itself_audited(app: TestApp) {
    app.seed_demo().await;
    let admin = app.sign_in(ADMIN).await;
    let response = app
        .get_as(
            "/admin/audit.xlsx?action=create&entity_type=user",
            Some(&admin),
        )
        .await;
    assert_eq!(response.status().as_u16(), 200);
    let bytes = response.bytes().await.unwrap();
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let sheet = workbook.worksheet_range("Audit trail").unwrap();
    assert_eq!(
        sheet.height(),
        DEMO_USERS + 1,
        "header + {DEMO_USERS} demo accounts created"
    );
    let header: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header, app::audit_trail::export::HEADERS);
    assert!(sheet
        .rows()
        .skip(1)
        .all(|row| row[2] == calamine::Data::String("create".into())));
    assert!(sheet.rows().nth(1).unwrap()[5]
        .to_string()
        .contains("Email: "));

    app.get_as("/recommendations.xlsx", Some(&admin)).await;
    let exports = search(&app, &admin, &[("action", "export")]).await.unwrap();
    let what: Vec<&str> = exports.iter().map(|e| e.entity_type.as_str()).collect();
    assert_eq!(what, ["recommendations", "audit_events"]);
    assert_eq!(
        exports[1].changes["rows"].after.as_deref(),
        Some(DEMO_USERS.to_string().as_str())
    );

    let bad = app
        .get_as("/admin/audit.xlsx?from=yesterday", Some(&admin))
        .await;
    assert_eq!(bad.status().as_u16(), 422);
}

async fn the_audit_page_lists_readable_changes(app: TestApp) {
    app.seed_demo().await;
    let admin = app.sign_in(ADMIN).await;
    let html = app
        .get_text_as("/admin/audit?action=create", 200, Some(&admin))
        .await;
    assert!(html.contains("Roles: Viewer"), "changes read as sentences");
    assert!(html.contains(&format!("{DEMO_USERS} events, newest first")));
    let viewer_id = app::auth::db::find_credentials(
        &mut app.db.conn().await.unwrap(),
        "viewer@demo.linkway.test",
    )
    .await
    .unwrap()
    .unwrap()
    .id;
    let history = app
        .get_text_as(
            &format!("/admin/audit?entity_type=user&entity_id={viewer_id}"),
            200,
            Some(&admin),
        )
        .await;
    assert!(history.contains(&format!("History of user {viewer_id}")));
    assert!(
        history.contains("Email: viewer@demo.linkway.test; Name: Vic Viewer (demo)"),
        "a sentence per event"
    );
    assert!(
        history.contains(", by the system, "),
        "created by seed-demo, not a person"
    );
    let bad = app
        .get_text_as("/admin/audit?from=not-a-date", 200, Some(&admin))
        .await;
    assert!(bad.contains("Enter a date like 2026-03-31"));
}

async fn a_damaged_event_is_reported_not_shown_as_changing_nothing(app: TestApp) {
    app.seed_demo().await;
    let admin = app.sign_in(ADMIN).await;
    app::on_conn!(&mut app.db.conn().await.unwrap(), pool => {
        sqlx::query(
            "INSERT INTO audit_events (at, user_id, action, entity_type, entity_id, changes) \
             VALUES ($1, NULL, 'create', 'user', '999', 'not json')",
        )
        .bind(chrono::Utc::now())
        .execute(pool)
        .await
        .map(|_| ())
    })
    .unwrap();
    assert_eq!(search(&app, &admin, &[]).await, Err(AppError::Internal));
    let page = app.get_text_as("/admin/audit", 500, Some(&admin)).await;
    assert!(page.contains("Sorry, there is a problem with the service"));
    // Events that do not include the damaged one still read.
    let others = search(&app, &admin, &[("action", "sign_in")])
        .await
        .unwrap();
    assert!(!others.is_empty());
}

both_databases!(
    the_trail_filters_by_user_action_and_date,
    the_export_matches_the_filter_and_is_itself_audited,
    the_audit_page_lists_readable_changes,
    a_damaged_event_is_reported_not_shown_as_changing_nothing,
);
