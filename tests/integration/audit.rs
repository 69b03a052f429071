//! The audit trail: filtered search, the export (read back with calamine), and exports
//! being audited themselves.

use app::audit_trail::{AuditPage, PAGE_SIZE};
use app::error::AppError;
use calamine::{Reader, Xlsx};
use server_fn::ServerFn;
use std::io::Cursor;
use tests::{both_databases, count, form, TestApp};

const ADMIN: &str = "admin@demo.linkway.test";
const VIEWER: &str = "viewer@demo.linkway.test";

/// The demo's accounts: one per role, a lead for each borough without one, the second
/// ICB's, and the chest's second panel member and appointed fund manager.
const DEMO_USERS: usize = app::demo::DEMO_ACCOUNTS.len()
    + app::demo::DEMO_BOROUGH_LEADS.len()
    + app::demo::DEMO_SECOND_ICB.len()
    + app::demo::DEMO_CHEST.len();

async fn search(
    app: &TestApp,
    cookie: &str,
    pairs: &[(&str, &str)],
) -> Result<AuditPage, AppError> {
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

/// The three fields of an NHS date input for `date`, under `prefix` (`from` or `to`).
fn date_fields(prefix: &str, date: chrono::NaiveDate) -> [(String, String); 3] {
    use chrono::Datelike;
    [
        (format!("{prefix}_day"), date.day().to_string()),
        (format!("{prefix}_month"), date.month().to_string()),
        (format!("{prefix}_year"), date.year().to_string()),
    ]
}

async fn total(app: &TestApp, cookie: &str, pairs: &[(String, String)]) -> i64 {
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let found = search(app, cookie, &pairs).await.unwrap();
    assert!(found.problems.is_empty(), "{:?}", found.problems);
    found.total
}

/// Fifty events a page, newest first, sign-ins left out unless asked for; filtered by who,
/// what was done and NHS dates; each event told as a sentence.
async fn the_trail_is_paged_filtered_and_told_in_sentences(app: TestApp) {
    app.seed_demo().await;
    let admin = app.sign_in(ADMIN).await;
    app.sign_in(VIEWER).await;
    let everything = count(&app, "SELECT COUNT(*) FROM audit_events").await;
    let sign_ins = count(
        &app,
        "SELECT COUNT(*) FROM audit_events WHERE action IN ('sign_in', 'sign_in_failed', 'sign_out')",
    )
    .await;
    assert!(
        sign_ins >= 2 && everything - sign_ins > PAGE_SIZE,
        "the demo fills pages"
    );

    let first = search(&app, &admin, &[]).await.unwrap();
    assert_eq!(first.total, everything - sign_ins, "sign-ins left out");
    assert_eq!(first.lines.len() as i64, PAGE_SIZE);
    assert_eq!(
        (first.page, first.pages),
        (1, (first.total + PAGE_SIZE - 1) / PAGE_SIZE)
    );
    assert!(first
        .lines
        .iter()
        .all(|line| line.event.action != "sign_in"));
    let ids = |page: &AuditPage| page.lines.iter().map(|l| l.event.id).collect::<Vec<_>>();
    assert!(
        ids(&first).windows(2).all(|pair| pair[0] > pair[1]),
        "newest first"
    );
    let second = search(&app, &admin, &[("page", "2")]).await.unwrap();
    assert_eq!(second.page, 2);
    assert!(
        ids(&second)[0] < *ids(&first).last().unwrap(),
        "the next fifty"
    );
    let beyond = search(&app, &admin, &[("page", "9999")]).await.unwrap();
    assert_eq!(beyond.page, first.pages, "past the end is the last page");
    let with_sign_ins = search(&app, &admin, &[("sign_ins", "yes")]).await.unwrap();
    assert_eq!(with_sign_ins.total, everything);

    let viewer = app.user_id(VIEWER).await.to_string();
    assert!(first
        .people
        .iter()
        .any(|(id, name)| id.to_string() == viewer && name == "Vic Viewer (demo)"));
    let signed_in = search(&app, &admin, &[("user", &viewer), ("action", "sign_in")])
        .await
        .unwrap();
    assert_eq!(signed_in.total, 1, "asking for sign-ins lists them");
    assert_eq!(signed_in.lines[0].sentence, "Vic Viewer (demo) signed in");

    // Sign-offs name the borough, quarter and version, and who signed off.
    let signed_off = search(&app, &admin, &[("action", "sign_off_return")])
        .await
        .unwrap();
    assert!(signed_off.total > 0);
    for line in &signed_off.lines {
        let who = line.event.user_name.clone().unwrap();
        let told = line
            .sentence
            .strip_prefix(&format!("{who} signed off "))
            .unwrap_or_else(|| panic!("{}", line.sentence));
        assert!(
            // NCL's five, and the second ICB's three illustrative returns.
            [
                "Barnet",
                "Camden",
                "Enfield",
                "Haringey",
                "Islington",
                "Hackney",
                "Newham",
                "Tower Hamlets"
            ]
            .iter()
            .any(|borough| told.starts_with(&format!("{borough}'s 20")))
                && told.contains(" return, version "),
            "{}",
            line.sentence
        );
    }

    // The demo's returns were uploaded on earlier days: today and before today add up.
    let today = chrono::Utc::now().date_naive();
    let yesterday = today - chrono::Days::new(1);
    let on_today: Vec<(String, String)> = date_fields("from", today)
        .into_iter()
        .chain(date_fields("to", today))
        .collect();
    let before_today: Vec<(String, String)> = date_fields("to", yesterday).into();
    let (on, before) = (
        total(&app, &admin, &on_today).await,
        total(&app, &admin, &before_today).await,
    );
    assert!(on > 0 && before > 0);
    assert_eq!(on + before, first.total);
    let after: Vec<(String, String)> = date_fields("from", today + chrono::Days::new(1)).into();
    assert_eq!(total(&app, &admin, &after).await, 0);

    // A part of a date, or an unknown action, is a problem named in words; nothing listed.
    let problems = search(
        &app,
        &admin,
        &[("from_day", "31"), ("action", "drop_tables")],
    )
    .await
    .unwrap();
    assert!(problems.lines.is_empty());
    assert_eq!(
        problems.problems.get("from_day").map(Vec::as_slice),
        Some(&["The start date must include a month and year".to_owned()][..])
    );
    assert!(problems.problems.contains_key("action"));
    assert!(
        !problems.people.is_empty(),
        "the filter can still be put right"
    );
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
        DEMO_USERS + 2,
        "title, headings and {DEMO_USERS} demo accounts created"
    );
    let header: Vec<String> = sheet
        .rows()
        .nth(1)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header, app::audit_trail::export::HEADERS);
    for row in sheet.rows().skip(2) {
        assert!(
            matches!(row[0], calamine::Data::DateTime(_)),
            "when is an Excel date: {:?}",
            row[0]
        );
        assert!(
            row[2].to_string().starts_with("Linkway added "),
            "{}",
            row[2]
        );
        assert_eq!(row[3], calamine::Data::String("create".into()));
        assert!(row[5].to_string().contains("Email: "));
    }

    app.get_as("/recommendations.xlsx", Some(&admin)).await;
    let exports = search(&app, &admin, &[("action", "export")]).await.unwrap();
    let what: Vec<&str> = exports
        .lines
        .iter()
        .map(|line| line.event.entity_type.as_str())
        .collect();
    assert_eq!(what, ["recommendations", "audit_events"]);
    assert_eq!(
        exports.lines[1].event.changes["rows"].after.as_deref(),
        Some(DEMO_USERS.to_string().as_str())
    );

    let bad = app
        .get_as("/admin/audit.xlsx?from_day=yesterday", Some(&admin))
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
    assert!(html.contains(&format!(
        "Events 1 to {DEMO_USERS} of {DEMO_USERS}, newest first"
    )));
    assert!(
        html.contains("Linkway added Vic Viewer (demo)"),
        "created by seed-demo"
    );
    assert!(
        html.contains(r#"<option value="create" selected"#),
        "the action stays chosen"
    );
    let viewer_id = app.user_id(VIEWER).await;
    let history = app
        .get_text_as(
            &format!("/admin/audit?entity_type=user&entity_id={viewer_id}"),
            200,
            Some(&admin),
        )
        .await;
    assert!(history.contains("Email: viewer@demo.linkway.test"));
    assert!(history.contains(&format!(r#"name="entity_id" value="{viewer_id}""#)));
    let paged = app.get_text_as("/admin/audit", 200, Some(&admin)).await;
    assert!(paged.contains(r#"aria-label="Pages of events""#));
    assert!(paged.contains(r#"href="/admin/audit?page=2""#));
    let bad = app
        .get_text_as(
            "/admin/audit?from_day=30&from_month=2&from_year=2026",
            200,
            Some(&admin),
        )
        .await;
    assert!(bad.contains("The start date must be a real date, like 31 3 2026"));
    assert!(
        bad.contains(r##"href="#from_day""##),
        "the summary leads to the day"
    );
    assert!(bad.contains("nhsuk-input--error"));
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
    assert!(!others.lines.is_empty());
}

both_databases!(
    the_trail_is_paged_filtered_and_told_in_sentences,
    the_export_matches_the_filter_and_is_itself_audited,
    the_audit_page_lists_readable_changes,
    a_damaged_event_is_reported_not_shown_as_changing_nothing,
);
