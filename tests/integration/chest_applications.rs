//! Applications to the demo's open round: sent without an account, every problem answered
//! at once and nothing stored; the private link shows where it stands and nothing else,
//! and a wrong link shows nothing; a repeat of the form gets a fresh link to the same
//! application; the honeypot and the limit per address; screening by the fund's managers,
//! who alone read the contact; answering a request for more information and withdrawing.

use app::chest::applications::{ApplicationStatus, ApplicationView, ApplyView, Sent, StatusView};
use app::chest::rounds::RoundView;
use app::error::AppError;
use server_fn::ServerFn;
use tests::{both_databases, call, count, TestApp};

const NCL_LEAD: &str = "icb.lead@demo.linkway.test";
const CAMDEN_LEAD: &str = "camden.lead@demo.linkway.test";
const VIEWER: &str = "viewer@demo.linkway.test";
const APPLICATIONS: &str = "SELECT COUNT(*) FROM grant_applications WHERE round_id = 1";
const CHANGES: &str =
    "SELECT COUNT(*) FROM audit_events WHERE action NOT IN ('sign_in', 'sign_in_failed')";
/// The demo's open round.
const ROUND: &str = "1";

async fn apply_view(app: &TestApp, cookie: &str) -> ApplyView {
    call(
        app,
        app::chest::applications::LoadApply::PATH,
        &[("round", ROUND)],
        cookie,
    )
    .await
    .unwrap()
}

/// A good application from a small group, with `changes` over it; the questions are
/// answered yes unless `changes` says otherwise.
fn good(view: &ApplyView, token: &str) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> = [
        ("round", ROUND),
        ("token", token),
        ("leave_empty", ""),
        ("org_name", "Edmonton Green Lunch Club"),
        ("org_type", "community_group"),
        ("org_number", ""),
        ("postcode", "n9 0pz"),
        ("borough", "enfield"),
        ("wards", "Edmonton Green"),
        ("contact_name", "Ada Organiser"),
        ("contact_email", "ada@lunchclub.example.org"),
        ("contact_phone", "020 7946 0000"),
        ("project_title", "Friday lunches"),
        (
            "summary",
            "A weekly hot lunch for older people living alone.",
        ),
        ("description", "We cook and eat together every Friday."),
        ("amount", "1,500"),
        ("item[0]", "Food"),
        ("cost[0]", "1000"),
        ("item[1]", "Hall hire"),
        ("cost[1]", "500"),
        ("beneficiaries", "40"),
        ("beneficiaries_where", "Older people in Edmonton Green"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    // From a month after today for most of a year: always after the round opened.
    let day = |days| (chrono::Utc::now().date_naive() + chrono::Duration::days(days)).to_string();
    form.push(("starts_on".to_owned(), day(30)));
    form.push(("ends_on".to_owned(), day(330)));
    let (priority, _) = &view.priorities[0];
    form.push((format!("priority[{priority}]"), "on".to_owned()));
    for gate in &view.gates {
        form.push((format!("answer[{}]", gate.id), "yes".to_owned()));
    }
    form
}

fn with(mut form: Vec<(String, String)>, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    for (field, value) in changes {
        form.retain(|(k, _)| k != field);
        form.push(((*field).to_owned(), (*value).to_owned()));
    }
    form
}

async fn send(app: &TestApp, form: &[(String, String)], cookie: &str) -> Result<Sent, AppError> {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    call(
        app,
        app::chest::applications::SubmitApplication::PATH,
        &pairs,
        cookie,
    )
    .await
}

async fn status(app: &TestApp, link: &str) -> Result<StatusView, AppError> {
    call(
        app,
        app::chest::applications::LoadApplicationStatus::PATH,
        &[("link", link)],
        "",
    )
    .await
}

async fn application(app: &TestApp, id: i64, cookie: &str) -> Result<ApplicationView, AppError> {
    call(
        app,
        app::chest::applications::LoadApplication::PATH,
        &[("id", &id.to_string())],
        cookie,
    )
    .await
}

async fn id_of(app: &TestApp, reference: &str) -> i64 {
    count(
        app,
        &format!("SELECT id FROM grant_applications WHERE reference = '{reference}'"),
    )
    .await
}

fn token(n: u32) -> String {
    format!("{n:032x}")
}

async fn an_application_is_sent_without_an_account_and_followed_by_its_link(app: TestApp) {
    app.seed_demo().await;
    let view = apply_view(&app, "").await;
    assert_eq!(view.round.code, "ELF-2026-W");
    assert_eq!(
        view.boroughs,
        [("enfield".to_owned(), "Enfield".to_owned())]
    );
    assert_eq!(view.gates.len(), 4);
    assert!(view.supporter.is_none());
    let page = app.get_text_as("/apply/1", 200, None).await;
    assert!(page.contains("Send the application") && page.contains("Leave this field empty"));

    // Every field wrong: every problem at once, nothing stored.
    let (before, changes) = (count(&app, APPLICATIONS).await, count(&app, CHANGES).await);
    let mut wrong = vec![
        ("round".to_owned(), ROUND.to_owned()),
        ("token".to_owned(), token(1)),
        ("org_name".to_owned(), "x".repeat(201)),
        ("org_type".to_owned(), "charity".to_owned()),
        ("org_number".to_owned(), "12".to_owned()),
        ("postcode".to_owned(), "nowhere".to_owned()),
        ("borough".to_owned(), "hackney".to_owned()),
        ("wards".to_owned(), String::new()),
        ("contact_name".to_owned(), String::new()),
        ("contact_email".to_owned(), "ada-at-home".to_owned()),
        ("contact_phone".to_owned(), "call me".to_owned()),
        ("project_title".to_owned(), String::new()),
        ("summary".to_owned(), "s".repeat(501)),
        ("description".to_owned(), String::new()),
        ("amount".to_owned(), "5,000.01".to_owned()),
        ("item[0]".to_owned(), String::new()),
        ("cost[0]".to_owned(), "lots".to_owned()),
        ("beneficiaries".to_owned(), "0".to_owned()),
        ("beneficiaries_where".to_owned(), String::new()),
        ("starts_on".to_owned(), "2027-02-30".to_owned()),
        ("ends_on".to_owned(), String::new()),
        ("priority[9999]".to_owned(), "on".to_owned()),
    ];
    let first_gate = view.gates[0].id;
    wrong.push((format!("answer[{first_gate}]"), "maybe".to_owned()));
    let Err(AppError::Validation(errors)) = send(&app, &wrong, "").await else {
        panic!("an application with every field wrong was sent");
    };
    let mut expected = vec![
        "org_name".to_owned(),
        "org_number".to_owned(),
        "postcode".to_owned(),
        "borough".to_owned(),
        "wards".to_owned(),
        "contact_name".to_owned(),
        "contact_email".to_owned(),
        "contact_phone".to_owned(),
        "project_title".to_owned(),
        "summary".to_owned(),
        "description".to_owned(),
        "amount".to_owned(),
        "item-0".to_owned(),
        "cost-0".to_owned(),
        "beneficiaries".to_owned(),
        "beneficiaries_where".to_owned(),
        "starts_on".to_owned(),
        "ends_on".to_owned(),
        "priorities".to_owned(),
    ];
    expected.extend(view.gates.iter().map(|g| format!("answer-{}", g.id)));
    for field in &expected {
        assert!(errors.contains_key(field), "{field}: {errors:?}");
    }
    assert_eq!(count(&app, APPLICATIONS).await, before, "nothing stored");
    assert_eq!(count(&app, CHANGES).await, changes);

    // The budget lines must add up to the amount asked.
    let Err(AppError::Validation(errors)) = send(
        &app,
        &with(good(&view, &token(2)), &[("amount", "1,600")]),
        "",
    )
    .await
    else {
        panic!("a budget that does not add up was sent");
    };
    assert_eq!(
        errors
            .get("item-0")
            .map(|m| m.join(" "))
            .unwrap_or_default(),
        "Your budget lines add up to £1,500.00, but you are asking for £1,600.00: they must match"
    );

    // Sent: a reference and a private link.
    let form = with(
        good(&view, &token(3)),
        &[(&format!("answer[{}]", view.gates[1].id), "no")],
    );
    let sent = send(&app, &form, "").await.unwrap();
    assert_eq!(sent.reference, "ELF-2026-W-0004");
    assert_eq!(sent.link.len(), 32);
    let stored: String = app::on_conn!(&mut app.db.conn().await.unwrap(), c => {
        sqlx::query_scalar::<_, String>(
            "SELECT link_hash FROM grant_applications WHERE reference = 'ELF-2026-W-0004'",
        )
            .fetch_one(c)
            .await
    })
    .unwrap();
    assert_ne!(stored, sent.link, "the link is stored hashed");
    assert_eq!(
        stored,
        app::plumbing::digest::sha256_hex(sent.link.as_bytes())
    );

    // The link shows where it stands and nothing else; a wrong link shows nothing.
    let seen = status(&app, &sent.link).await.unwrap();
    assert_eq!(seen.reference, "ELF-2026-W-0004");
    assert_eq!(seen.status, ApplicationStatus::Submitted);
    let page = app
        .get_text_as(&format!("/apply/application/{}", sent.link), 200, None)
        .await;
    assert!(page.contains("ELF-2026-W-0004") && page.contains("Received"));
    for private in [
        "ada@lunchclub",
        "Ada Organiser",
        "020 7946",
        "£1,500",
        "N9 0PZ",
    ] {
        assert!(!page.contains(private), "the status page shows {private}");
    }
    for wrong in [token(99), "not-a-link".to_owned(), String::new()] {
        let missing = status(&app, &wrong).await;
        assert!(
            matches!(missing, Err(AppError::NotFound { .. })),
            "{missing:?}"
        );
    }
    let page = app
        .get_text_as(&format!("/apply/application/{}", token(99)), 404, None)
        .await;
    assert!(!page.contains("ELF-2026-W"));

    // The same form sent again (a double click) is the same application with the same
    // link. The same token saying something else is refused.
    let again = send(&app, &form, "").await.unwrap();
    assert_eq!(again, sent);
    assert_eq!(
        status(&app, &again.link).await.unwrap().reference,
        sent.reference
    );
    let other = send(&app, &with(form.clone(), &[("project_title", "Other")]), "").await;
    assert!(
        matches!(other, Err(AppError::BadRequest { .. })),
        "{other:?}"
    );
    assert_eq!(count(&app, APPLICATIONS).await, before + 1);
    let link = again.link;

    // The honeypot: nothing stored.
    let caught = send(
        &app,
        &with(
            good(&view, &token(4)),
            &[("leave_empty", "http://spam.example")],
        ),
        "",
    )
    .await;
    assert!(
        matches!(&caught, Err(AppError::Validation(e)) if e.contains_key("leave_empty")),
        "{caught:?}"
    );
    assert_eq!(count(&app, APPLICATIONS).await, before + 1);

    // Only those who run the fund read it in full, contact included; it is flagged.
    let lead = app.sign_in(NCL_LEAD).await;
    let id = id_of(&app, "ELF-2026-W-0004").await;
    // Screening it is owed by those who run the fund.
    let owed: app::tasks::MyTasks = call(&app, app::tasks::LoadMyTasks::PATH, &[], &lead)
        .await
        .unwrap();
    assert!(
        owed.tasks.iter().any(|t| t.title
            == "Screen 1 application to Edmonton small grants, winter 2026/27"
            && t.href == "/chest/rounds/1"),
        "{:?}",
        owed.tasks
    );
    let full = application(&app, id, &lead).await.unwrap();
    assert_eq!(full.contact.contact_email, "ada@lunchclub.example.org");
    assert_eq!(full.application.postcode, "N9 0PZ");
    assert_eq!(full.application.org_number, "");
    assert_eq!(full.budget.len(), 2);
    assert_eq!(full.failed_gates(), [view.gates[1].question.as_str()]);
    let round: RoundView = call(
        &app,
        app::chest::rounds::LoadRound::PATH,
        &[("id", ROUND)],
        &lead,
    )
    .await
    .unwrap();
    // The demo's three, then this one.
    assert_eq!(round.applications.len(), 4);
    assert_eq!(round.applications[3].gates_failed, 1);
    // The list exports without contacts; only for those who run the fund.
    use calamine::Reader;
    let response = app
        .get_as("/chest/rounds/1/applications.xlsx", Some(&lead))
        .await;
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.unwrap().to_vec();
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = workbook.worksheet_range("Applications").unwrap();
    let cells: Vec<String> = sheet.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(cells.iter().any(|c| c == "ELF-2026-W-0004"));
    assert!(cells.iter().any(|c| c == "1500"), "{cells:?}");
    assert!(!cells
        .iter()
        .any(|c| c.contains('@') || c.contains("Ada Organiser")));
    let viewer = app.sign_in(VIEWER).await;
    let nel = app.sign_in_as_other_icb_lead().await;
    for cookie in [&viewer, &nel] {
        let refused = app
            .get_as("/chest/rounds/1/applications.xlsx", Some(cookie))
            .await;
        assert_eq!(refused.status(), 403);
    }
    for cookie in [&viewer, &nel] {
        let refused = application(&app, id, cookie).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
    }
    let round: RoundView = call(
        &app,
        app::chest::rounds::LoadRound::PATH,
        &[("id", ROUND)],
        &viewer,
    )
    .await
    .unwrap();
    assert!(
        round.applications.is_empty(),
        "a viewer reads no applications"
    );

    // Screening: a reason the applicant reads; a stale version is refused.
    let screen = |version: i64, outcome: &'static str, note: &'static str, cookie: String| {
        let app = &app;
        async move {
            call::<()>(
                app,
                app::chest::applications::ScreenApplication::PATH,
                &[
                    ("id", &id.to_string()),
                    ("version", &version.to_string()),
                    ("outcome", outcome),
                    ("note", note),
                ],
                &cookie,
            )
            .await
        }
    };
    let unexplained = screen(1, "ineligible", "", lead.clone()).await;
    assert!(
        matches!(&unexplained, Err(AppError::Validation(e)) if e.contains_key("note")),
        "{unexplained:?}"
    );
    let refused = screen(1, "eligible", "", viewer.clone()).await;
    assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
    screen(
        1,
        "more_info",
        "Is your group constituted? Send your rules.",
        lead.clone(),
    )
    .await
    .unwrap();
    let stale = screen(1, "eligible", "", lead.clone()).await;
    assert!(
        matches!(
            stale,
            Err(AppError::Conflict {
                version: Some(2),
                ..
            })
        ),
        "{stale:?}"
    );
    let asked = status(&app, &link).await.unwrap();
    assert_eq!(asked.status, ApplicationStatus::MoreInfo);
    assert_eq!(
        asked.status_note,
        "Is your group constituted? Send your rules."
    );

    // The applicant answers through the link; it goes back to screening.
    let answer = |version: &'static str| {
        let (app, link) = (&app, link.clone());
        async move {
            call::<()>(
                app,
                app::chest::applications::AnswerInformationRequest::PATH,
                &[
                    ("link", &link),
                    ("version", version),
                    ("response", "Yes: our rules were adopted in 2019."),
                ],
                "",
            )
            .await
        }
    };
    // A page loaded before the request was changed is refused: the applicant reads it.
    assert_eq!(asked.version, 2);
    let stale = answer("1").await;
    assert!(matches!(stale, Err(AppError::Conflict { .. })), "{stale:?}");
    answer("2").await.unwrap();
    let answered = status(&app, &link).await.unwrap();
    assert_eq!(answered.status, ApplicationStatus::Submitted);
    assert_eq!(
        answered.info_response,
        "Yes: our rules were adopted in 2019."
    );
    screen(
        3,
        "ineligible",
        "The round is for constituted groups only.",
        lead.clone(),
    )
    .await
    .unwrap();
    assert_eq!(
        status(&app, &link).await.unwrap().status_note,
        "The round is for constituted groups only."
    );

    // Screened again on a second look: eligible, the reason gone.
    screen(4, "eligible", "", lead.clone()).await.unwrap();
    let eligible = status(&app, &link).await.unwrap();
    assert_eq!(eligible.status, ApplicationStatus::Eligible);
    assert_eq!(eligible.status_note, "");

    // Withdrawing needs the box ticked; once withdrawn it is screened no more.
    let withdraw = |confirm: &'static str| {
        let (app, link) = (&app, link.clone());
        async move {
            call::<()>(
                app,
                app::chest::applications::WithdrawApplication::PATH,
                &[("link", &link), ("version", "5"), ("confirm", confirm)],
                "",
            )
            .await
        }
    };
    assert!(matches!(withdraw("").await, Err(AppError::Validation(_))));
    withdraw("yes").await.unwrap();
    assert_eq!(
        status(&app, &link).await.unwrap().status,
        ApplicationStatus::Withdrawn
    );
    assert!(matches!(
        screen(6, "eligible", "", lead.clone()).await,
        Err(AppError::BadRequest { .. })
    ));
    let told = count(
        &app,
        "SELECT COUNT(*) FROM audit_events WHERE entity_type = 'grant_application' \
         AND user_id IS NULL",
    )
    .await;
    assert_eq!(told, 3, "sent, answered and withdrawn by the applicant");

    // Someone signed in who reads the fund enters one on a group's behalf: supported.
    let camden = app.sign_in(CAMDEN_LEAD).await;
    assert_eq!(
        apply_view(&app, &camden).await.supporter.as_deref(),
        Some("Cam Lead (demo)")
    );
    let supported = send(&app, &good(&view, &token(5)), &camden).await.unwrap();
    assert_eq!(supported.reference, "ELF-2026-W-0005");
    let full = application(&app, id_of(&app, "ELF-2026-W-0005").await, &lead)
        .await
        .unwrap();
    assert_eq!(
        full.application.supported_by.as_deref(),
        Some("Cam Lead (demo)")
    );

    // A closed round takes nothing.
    app::on_conn!(&mut app.db.conn().await.unwrap(), c => {
        sqlx::query("UPDATE grant_rounds SET opens_on = '2025-01-01', closes_on = '2025-02-01'")
            .execute(c)
            .await
            .map(|_| ())
    })
    .unwrap();
    let closed = send(&app, &good(&view, &token(6)), "").await;
    // Its public page is not found, but for those who read the fund.
    app.get_text_as("/apply/1", 404, None).await;
    app.get_text_as("/apply/1", 200, Some(&lead)).await;
    assert!(
        matches!(closed, Err(AppError::BadRequest { .. })),
        "{closed:?}"
    );
    assert_eq!(count(&app, APPLICATIONS).await, before + 2);
}

async fn an_address_sends_a_few_applications_an_hour(app: TestApp) {
    app.seed_demo().await;
    let view = apply_view(&app, "").await;
    let limit = app::chest::applications::service::APPLICATIONS_PER_HOUR;
    // Every post counts, refused or not.
    for n in 0..limit {
        let refused = send(
            &app,
            &with(good(&view, &token(n as u32)), &[("org_name", "")]),
            "",
        )
        .await;
        assert!(
            matches!(refused, Err(AppError::Validation(_))),
            "{refused:?}"
        );
    }
    let Err(AppError::Validation(errors)) = send(&app, &good(&view, &token(100)), "").await else {
        panic!("an address sent more than the limit");
    };
    let message = errors
        .get(app::error::FORM)
        .map(|m| m.join(" "))
        .unwrap_or_default();
    assert!(message.starts_with("Too many applications"), "{message}");
    assert_eq!(count(&app, APPLICATIONS).await, 3, "the demo's three");
    // Someone signed in entering applications for groups is not held to it.
    let lead = app.sign_in(NCL_LEAD).await;
    send(&app, &good(&view, &token(101)), &lead).await.unwrap();
    assert_eq!(count(&app, APPLICATIONS).await, 4);
}

both_databases!(
    an_application_is_sent_without_an_account_and_followed_by_its_link,
    an_address_sends_a_few_applications_an_hour,
);
