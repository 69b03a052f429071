//! A round's decisions: the decision pack ranks eligible applications by the panel's score
//! with running totals, flags and declarations; the fund manager records a meeting and then
//! awards, declines or defers; awards never exceed what was asked, the round's budget or
//! the fund (a sentence says by how much); the applicant reads the decision through their
//! link and can no longer withdraw; the ledger shows what each contributor's money awarded.

use app::chest::applications::{Sent, StatusView};
use app::chest::decisions::{DecisionPack, DecisionView, Outcome};
use app::error::AppError;
use server_fn::ServerFn;
use tests::{both_databases, call, count, TestApp};

const NCL_LEAD: &str = "icb.lead@demo.linkway.test";
const PANEL: &str = "panel@demo.linkway.test";
const VIEWER: &str = "viewer@demo.linkway.test";
const MEETINGS: &str = "SELECT COUNT(*) FROM round_meetings WHERE round_id = 1";
const DECISIONS: &str = "SELECT COUNT(*) FROM grant_decisions d \
     JOIN grant_applications a ON a.id = d.application_id WHERE a.round_id = 1";

/// An eligible application to the demo's open round asking `pence`, made directly: its id.
async fn eligible_application(app: &TestApp, reference: &str, pence: i64) -> i64 {
    app::on_conn!(&mut app.db.conn().await.unwrap(), c => {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO grant_applications (round_id, reference, link_hash, form_hash, \
             form_fingerprint, org_name, org_type, org_number, postcode, borough_id, wards, \
             contact_name, contact_email, contact_phone, project_title, summary, description, \
             amount_pence, beneficiaries, beneficiaries_where, starts_on, ends_on, status, \
             status_note, info_response, version, submitted_at, updated_at) \
             VALUES (1, $1, $1, $1, '', 'A group', 'community_group', '', 'N9 0PZ', \
             (SELECT id FROM boroughs WHERE code = 'enfield'), 'Edmonton', 'Ada Organiser', \
             'ada@example.org', '', 'A project', 'Project', 'Project', $3, \
             40, 'Older people', '2027-01-08', '2027-12-17', 'eligible', '', '', 2, $2, $2) \
             RETURNING id",
        )
        .bind(reference)
        .bind(chrono::Utc::now())
        .bind(pence)
        .fetch_one(c)
        .await
    })
    .unwrap()
}

async fn pack(app: &TestApp, round: i64, cookie: &str) -> Result<DecisionPack, AppError> {
    call(
        app,
        app::chest::decisions::LoadDecisionPack::PATH,
        &[("round", &round.to_string())],
        cookie,
    )
    .await
}

async fn decision(app: &TestApp, id: i64, cookie: &str) -> Result<DecisionView, AppError> {
    call(
        app,
        app::chest::decisions::LoadDecision::PATH,
        &[("application", &id.to_string())],
        cookie,
    )
    .await
}

async fn meet(app: &TestApp, fields: &[(&str, &str)], cookie: &str) -> Result<(), AppError> {
    let mut form = vec![("round", "1")];
    form.extend_from_slice(fields);
    call(
        app,
        app::chest::decisions::RecordMeeting::PATH,
        &form,
        cookie,
    )
    .await
}

/// Decides application `id` at `version`: (outcome, amount, conditions, feedback), as read
/// from the application as it stands.
async fn decide(
    app: &TestApp,
    id: i64,
    version: i64,
    (outcome, amount, conditions, feedback): (&str, &str, &str, &str),
    cookie: &str,
) -> Result<(), AppError> {
    let application_version = count(
        app,
        &format!("SELECT version FROM grant_applications WHERE id = {id}"),
    )
    .await;
    call(
        app,
        app::chest::decisions::DecideApplication::PATH,
        &[
            ("application", &id.to_string()),
            ("version", &version.to_string()),
            ("application_version", &application_version.to_string()),
            ("outcome", outcome),
            ("amount", amount),
            ("conditions", conditions),
            ("feedback", feedback),
        ],
        cookie,
    )
    .await
}

fn errors_on(result: Result<(), AppError>) -> Vec<(String, Vec<String>)> {
    match result {
        Err(AppError::Validation(errors)) => errors.into_iter().collect(),
        other => panic!("expected validation errors, got {other:?}"),
    }
}

async fn the_demo_round_is_decided_and_its_pack_ranks_by_score(app: TestApp) {
    app.seed_demo().await;
    let lead = app.sign_in(NCL_LEAD).await;
    let round = count(
        &app,
        "SELECT id FROM grant_rounds WHERE code = 'ELF-2026-A'",
    )
    .await;
    let pack = pack(&app, round, &lead).await.unwrap();
    assert_eq!(pack.budget_pence, 1_000_000);
    assert_eq!(pack.awarded_pence, 670_000);
    // Highest score first: 4.33, 3.50 (scored by one member: the other declared a
    // conflict), 3.44, 1.74.
    let ranked: Vec<(&str, String, i64, String)> = pack
        .lines
        .iter()
        .map(|l| {
            (
                l.application.org_name.as_str(),
                l.score_text(),
                l.running_total_pence,
                l.decision_text(),
            )
        })
        .collect();
    assert_eq!(
        ranked,
        [
            (
                "Edmonton Walking Football",
                "4.33".into(),
                250_000,
                "Awarded £2,500.00".into()
            ),
            (
                "Edmonton Gardening Club",
                "3.50".into(),
                430_000,
                "Awarded £1,800.00".into()
            ),
            (
                "Angel Edmonton Mums' Group",
                "3.44".into(),
                670_000,
                "Awarded £2,400.00".into()
            ),
            (
                "Ponders End Digital Help",
                "1.74".into(),
                670_000,
                "Declined".into()
            ),
        ]
    );
    // The last falls under the first criterion's minimum; every declaration is listed.
    assert_eq!(
        pack.lines[3].flags(&pack.criteria),
        ["Under the minimum on Meets an unmet local need"]
    );
    assert!(pack.lines[1]
        .declarations_text()
        .contains("Pat Panel (demo): A conflict: does not score (Chairs the gardening club)"));
    assert_eq!(pack.lines[1].summary.as_ref().unwrap().members, 1);
    assert_eq!(pack.meetings.len(), 1);
    assert!(pack.meetings[0].quorate && pack.meetings[0].present.len() == 2);

    // The ledger shares each award across the round's budget lines: £6,700 from £6,000 of
    // City Bridge's and £4,000 of the Lottery's.
    let fund: app::chest::FundView = call(&app, app::chest::LoadFund::PATH, &[("id", "1")], &lead)
        .await
        .unwrap();
    let awarded: Vec<(&str, i64)> = fund
        .ledger
        .iter()
        .map(|l| (l.contributor_name.as_str(), l.awarded_pence))
        .collect();
    assert_eq!(
        awarded,
        [
            ("North Central London ICB", 0),
            ("London Borough of Enfield", 0),
            ("City Bridge Foundation", 402_000),
            ("The National Lottery Community Fund", 268_000),
        ]
    );
    assert_eq!(fund.total.awarded_pence, 670_000);

    // The pack's workbook says the same, in the same order, without a contact.
    use calamine::Reader;
    let response = app
        .get_as(
            &format!("/chest/rounds/{round}/decision-pack.xlsx"),
            Some(&lead),
        )
        .await;
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.unwrap().to_vec();
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = workbook.worksheet_range("Decision pack").unwrap();
    let rows: Vec<_> = sheet.rows().skip(2).collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(
        rows[0][2],
        calamine::Data::String("Edmonton Walking Football".into())
    );
    assert_eq!(rows[3][16], calamine::Data::String("Declined".into()));
    assert_eq!(rows[2][17], calamine::Data::Float(2_400.0));
    let all: Vec<String> = sheet.rows().flatten().map(|c| c.to_string()).collect();
    assert!(!all.iter().any(|c| c.contains("volunteer@example.org")));
    assert!(workbook.worksheet_range("Meetings").unwrap().rows().count() == 3);

    // Only those who run the fund read the pack or its workbook.
    let panel = app.sign_in(PANEL).await;
    let viewer = app.sign_in(VIEWER).await;
    let nel = app.sign_in_as_other_icb_lead().await;
    for cookie in [&panel, &viewer, &nel] {
        assert!(matches!(
            crate::chest_decisions::pack(&app, round, cookie).await,
            Err(AppError::Forbidden)
        ));
        let refused = app
            .get_as(
                &format!("/chest/rounds/{round}/decision-pack.xlsx"),
                Some(cookie),
            )
            .await;
        assert_eq!(refused.status(), 403);
    }
}

async fn a_meeting_then_decisions_within_the_budget(app: TestApp) {
    app.seed_demo().await;
    let lead = app.sign_in(NCL_LEAD).await;
    let pat = count(
        &app,
        &format!("SELECT id FROM users WHERE email = '{PANEL}'"),
    )
    .await;
    let lunch = count(
        &app,
        "SELECT id FROM grant_applications WHERE reference = 'ELF-2026-W-0001'",
    )
    .await;

    // Nothing can be decided before a quorate meeting is on record.
    let early = decide(&app, lunch, 0, ("award", "1500", "", ""), &lead).await;
    assert!(
        matches!(early, Err(AppError::BadRequest { .. })),
        "{early:?}"
    );

    // A meeting with everything wrong gets every error at once, and nothing is stored.
    let tomorrow = (chrono::Utc::now().date_naive() + chrono::Duration::days(1)).to_string();
    let errors = errors_on(
        meet(
            &app,
            &[
                ("held_on", &tomorrow),
                ("present[999999]", "on"),
                ("quorate", "maybe"),
                ("notes", &"n".repeat(2_001)),
            ],
            &lead,
        )
        .await,
    );
    let fields: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
    for field in ["held_on", "present", "quorate", "notes"] {
        assert!(fields.contains(&field), "{field} in {fields:?}");
    }
    assert_eq!(count(&app, MEETINGS).await, 0);
    // Quorate with nobody there is refused too.
    let today = chrono::Utc::now().date_naive().to_string();
    let errors = errors_on(meet(&app, &[("held_on", &today), ("quorate", "yes")], &lead).await);
    assert_eq!(errors[0].0, "present");

    // An inquorate meeting is recorded, but decides nothing.
    let present = format!("present[{pat}]");
    meet(
        &app,
        &[("held_on", &today), (&present, "on"), ("quorate", "no")],
        &lead,
    )
    .await
    .unwrap();
    let early = decide(&app, lunch, 0, ("award", "1500", "", ""), &lead).await;
    assert!(
        matches!(early, Err(AppError::BadRequest { .. })),
        "{early:?}"
    );
    meet(
        &app,
        &[
            ("held_on", &today),
            (&present, "on"),
            ("quorate", "yes"),
            ("notes", "Chaired by Isla"),
        ],
        &lead,
    )
    .await
    .unwrap();
    assert_eq!(count(&app, MEETINGS).await, 2);

    // An award is no more than was asked; a decline says why.
    let errors = errors_on(decide(&app, lunch, 0, ("award", "1500.01", "", ""), &lead).await);
    assert_eq!(errors[0].0, "amount");
    assert!(errors[0].1[0].contains("£1,500.00 asked"), "{errors:?}");
    let errors = errors_on(decide(&app, lunch, 0, ("decline", "", "", " "), &lead).await);
    assert_eq!(errors[0].0, "feedback");
    let errors = errors_on(decide(&app, lunch, 0, ("", "", "", ""), &lead).await);
    assert_eq!(errors[0].0, "outcome");
    assert_eq!(count(&app, DECISIONS).await, 0);

    // Awarded, for less than asked, with a condition.
    decide(
        &app,
        lunch,
        0,
        ("award", "1,200", "Send the hall booking first", ""),
        &lead,
    )
    .await
    .unwrap();
    let view = decision(&app, lunch, &lead).await.unwrap();
    let made = view.line.decision.clone().unwrap();
    assert_eq!(
        (made.outcome, made.amount_pence, made.version),
        (Outcome::Award, 120_000, 1)
    );
    assert_eq!(made.conditions, "Send the hall booking first");
    // A decision on an application changed since the form was read is refused.
    let changed = call::<()>(
        &app,
        app::chest::decisions::DecideApplication::PATH,
        &[
            ("application", &lunch.to_string()),
            ("version", "1"),
            (
                "application_version",
                &(view.application_version - 1).to_string(),
            ),
            ("outcome", "decline"),
            ("feedback", "Sorry"),
        ],
        &lead,
    )
    .await;
    assert!(
        matches!(changed, Err(AppError::Conflict { .. })),
        "{changed:?}"
    );
    // A second decision from a stale form is refused, saying it changed meanwhile.
    let stale = decide(&app, lunch, 0, ("decline", "", "", "Sorry"), &lead).await;
    assert!(
        matches!(
            stale,
            Err(AppError::Conflict {
                version: Some(1),
                ..
            })
        ),
        "{stale:?}"
    );

    // The round's budget is £20,000: four more asking £5,000 each cannot all be awarded.
    let mut big = Vec::new();
    for n in 0..4 {
        big.push(eligible_application(&app, &format!("ELF-2026-W-09{n:02}"), 500_000).await);
    }
    for id in &big[..3] {
        decide(&app, *id, 0, ("award", "5000", "", ""), &lead)
            .await
            .unwrap();
    }
    let over = errors_on(decide(&app, big[3], 0, ("award", "5000", "", ""), &lead).await);
    assert_eq!(over[0].0, "amount");
    assert_eq!(
        over[0].1[0],
        "The round's budget is £20,000.00 and £16,200.00 is awarded already: £5,000.00 is £1,200.00 more than is left (£3,800.00)"
    );
    decide(&app, big[3], 0, ("award", "3800", "", ""), &lead)
        .await
        .unwrap();
    let pack = pack(&app, 1, &lead).await.unwrap();
    assert_eq!((pack.awarded_pence, pack.left_pence()), (2_000_000, 0));
    // Unscored lines rank by the smaller ask; the running total counts the cafe's undecided
    // £2,400, which takes the last line beyond the budget.
    let beyond: Vec<bool> = pack.lines.iter().map(|l| l.beyond_budget).collect();
    assert_eq!(beyond.iter().filter(|b| **b).count(), 1);

    // Changing an award to more than the round has left is refused as well; the same
    // amount again is not counted twice.
    decide(&app, big[3], 1, ("award", "3800", "Re-recorded", ""), &lead)
        .await
        .unwrap();
    let over = errors_on(decide(&app, big[3], 2, ("award", "3800.01", "", ""), &lead).await);
    assert!(over[0].1[0].contains("£0.01 more than is left"), "{over:?}");

    // The fund can never give more than it holds: with the round's budget raised and the
    // pledges cut to £27,000 (which Linkway itself never allows), a further award says by
    // how much.
    for sql in [
        "UPDATE round_allocations SET amount_pence = amount_pence * 10 WHERE round_id = 1",
        "UPDATE fund_contributions SET amount_pence = 675000",
    ] {
        app::on_conn!(&mut app.db.conn().await.unwrap(), c => {
            sqlx::query(sql).execute(c).await.map(|_| ())
        })
        .unwrap();
    }
    let cafe = count(
        &app,
        "SELECT id FROM grant_applications WHERE reference = 'ELF-2026-W-0002'",
    )
    .await;
    let over = errors_on(decide(&app, cafe, 0, ("award", "2400", "", ""), &lead).await);
    assert_eq!(
        over[0].1[0],
        "The fund holds £27,000.00 and £26,700.00 is awarded already: £2,400.00 is £2,100.00 more than is left (£300.00)"
    );
    // Every decision is in the audit trail with its version.
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE action = 'decide_application'"
        )
        .await,
        // the demo's four, the lunch club's, four big ones and the re-recording
        4 + 1 + 4 + 1
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE action = 'record_meeting'"
        )
        .await,
        1 + 2
    );

    // Only those who run the fund decide.
    let panel = app.sign_in(PANEL).await;
    let nel = app.sign_in_as_other_icb_lead().await;
    for cookie in [&panel, &nel] {
        let refused = decide(&app, cafe, 0, ("decline", "", "", "No"), cookie).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        let refused = meet(&app, &[("held_on", &today), ("quorate", "no")], cookie).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        assert!(matches!(
            decision(&app, cafe, cookie).await,
            Err(AppError::Forbidden)
        ));
    }
}

async fn the_applicant_reads_the_decision_and_can_no_longer_withdraw(app: TestApp) {
    app.seed_demo().await;
    let lead = app.sign_in(NCL_LEAD).await;
    // A group applies without an account.
    let view: app::chest::applications::ApplyView = call(
        &app,
        app::chest::applications::LoadApply::PATH,
        &[("round", "1")],
        "",
    )
    .await
    .unwrap();
    let day = |days| (chrono::Utc::now().date_naive() + chrono::Duration::days(days)).to_string();
    let (starts, ends) = (day(30), day(300));
    let token = format!("{:032x}", 77);
    let mut form: Vec<(String, String)> = [
        ("round", "1"),
        ("token", token.as_str()),
        ("leave_empty", ""),
        ("org_name", "Edmonton Chess Club"),
        ("org_type", "community_group"),
        ("postcode", "N9 0PZ"),
        ("borough", "enfield"),
        ("wards", "Edmonton Green"),
        ("contact_name", "Ada Organiser"),
        ("contact_email", "ada@chess.example.org"),
        ("project_title", "Chess for all"),
        ("summary", "Weekly chess."),
        ("description", "Weekly chess in the library."),
        ("amount", "900"),
        ("item[0]", "Boards"),
        ("cost[0]", "900"),
        ("beneficiaries", "20"),
        ("beneficiaries_where", "Edmonton Green"),
        ("starts_on", starts.as_str()),
        ("ends_on", ends.as_str()),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    form.push((
        format!("priority[{}]", view.priorities[0].0),
        "on".to_owned(),
    ));
    for gate in &view.gates {
        form.push((format!("answer[{}]", gate.id), "yes".to_owned()));
    }
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let sent: Sent = call(
        &app,
        app::chest::applications::SubmitApplication::PATH,
        &pairs,
        "",
    )
    .await
    .unwrap();
    let id = count(
        &app,
        &format!(
            "SELECT id FROM grant_applications WHERE reference = '{}'",
            sent.reference
        ),
    )
    .await;
    call::<()>(
        &app,
        app::chest::applications::ScreenApplication::PATH,
        &[
            ("id", &id.to_string()),
            ("version", "1"),
            ("outcome", "eligible"),
            ("note", ""),
        ],
        &lead,
    )
    .await
    .unwrap();
    let today = chrono::Utc::now().date_naive().to_string();
    meet(&app, &[("held_on", &today), ("quorate", "no")], &lead)
        .await
        .unwrap();
    let pat = count(
        &app,
        &format!("SELECT id FROM users WHERE email = '{PANEL}'"),
    )
    .await;
    meet(
        &app,
        &[
            ("held_on", &today),
            (&format!("present[{pat}]"), "on"),
            ("quorate", "yes"),
        ],
        &lead,
    )
    .await
    .unwrap();

    let status = |link: String| {
        let app = &app;
        async move {
            call::<StatusView>(
                app,
                app::chest::applications::LoadApplicationStatus::PATH,
                &[("link", &link)],
                "",
            )
            .await
            .unwrap()
        }
    };
    // Deferred: the applicant reads that, and may still withdraw.
    decide(
        &app,
        id,
        0,
        ("defer", "", "", "We need the library's letter."),
        &lead,
    )
    .await
    .unwrap();
    let deferred = status(sent.link.clone()).await;
    let told = deferred.decision.clone().unwrap();
    assert_eq!(told.told, "Deferred to a later panel meeting");
    assert_eq!(told.feedback, "We need the library's letter.");
    assert!(deferred.can_withdraw());

    // Declined: the feedback, never who decided; no withdrawing, screening or scoring now.
    decide(
        &app,
        id,
        1,
        (
            "decline",
            "",
            "Ignored on a decline",
            "Too few people reached.",
        ),
        &lead,
    )
    .await
    .unwrap();
    let declined = status(sent.link.clone()).await;
    let told = declined.decision.clone().unwrap();
    assert_eq!(
        (
            told.told.as_str(),
            told.feedback.as_str(),
            told.conditions.as_str()
        ),
        ("Not funded this time", "Too few people reached.", "")
    );
    assert!(!declined.can_withdraw());
    let withdraw = call::<()>(
        &app,
        app::chest::applications::WithdrawApplication::PATH,
        &[
            ("link", &sent.link),
            ("version", &declined.version.to_string()),
            ("confirm", "yes"),
        ],
        "",
    )
    .await;
    assert!(
        matches!(withdraw, Err(AppError::BadRequest { .. })),
        "{withdraw:?}"
    );
    let screen = call::<()>(
        &app,
        app::chest::applications::ScreenApplication::PATH,
        &[
            ("id", &id.to_string()),
            ("version", &declined.version.to_string()),
            ("outcome", "more_info"),
            ("note", "Send more"),
        ],
        &lead,
    )
    .await;
    assert!(
        matches!(screen, Err(AppError::BadRequest { .. })),
        "{screen:?}"
    );
    let panel = app.sign_in(PANEL).await;
    let declared = call::<()>(
        &app,
        app::chest::panel::DeclareInterest::PATH,
        &[
            ("application", &id.to_string()),
            ("interest", "none"),
            ("note", ""),
        ],
        &panel,
    )
    .await;
    assert!(
        matches!(declared, Err(AppError::BadRequest { .. })),
        "{declared:?}"
    );
    // A wrong link shows nothing.
    let wrong = call::<StatusView>(
        &app,
        app::chest::applications::LoadApplicationStatus::PATH,
        &[("link", &"0".repeat(64))],
        "",
    )
    .await;
    assert!(wrong.is_err());
}

both_databases!(
    the_demo_round_is_decided_and_its_pack_ranks_by_score,
    a_meeting_then_decisions_within_the_budget,
    the_applicant_reads_the_decision_and_can_no_longer_withdraw
);
