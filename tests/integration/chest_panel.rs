//! A round's panel: the fund's manager appoints panel members; each declares before
//! scoring; a conflicted member can neither score nor read the scores; scores stay hidden
//! from a member until they submit theirs; the weighted score renormalises N/A, with the
//! spread and flags as the arithmetic says.

use app::chest::panel::{PanelView, ReviewView};
use app::error::AppError;
use server_fn::ServerFn;
use tests::{both_databases, call, count, TestApp};

const NCL_LEAD: &str = "icb.lead@demo.linkway.test";
const PANEL: &str = "panel@demo.linkway.test";
const PANEL_TWO: &str = "panel.enfield@demo.linkway.test";
const VIEWER: &str = "viewer@demo.linkway.test";

/// An eligible application to the demo's open round, made directly: its id.
async fn eligible_application(app: &TestApp, reference: &str) -> i64 {
    app::on_conn!(&mut app.db.conn().await.unwrap(), c => {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO grant_applications (round_id, reference, link_hash, form_hash, \
             form_fingerprint, org_name, org_type, org_number, postcode, borough_id, wards, \
             contact_name, contact_email, contact_phone, project_title, summary, description, \
             amount_pence, beneficiaries, beneficiaries_where, starts_on, ends_on, status, \
             status_note, info_response, version, submitted_at, updated_at) \
             VALUES (1, $1, $1, $1, '', 'Lunch Club', 'community_group', '', 'N9 0PZ', \
             (SELECT id FROM boroughs WHERE code = 'enfield'), 'Edmonton', 'Ada Organiser', \
             'ada@lunchclub.example.org', '', 'Friday lunches', 'Lunches', 'Lunches', 150000, \
             40, 'Older people', '2027-01-08', '2027-12-17', 'eligible', '', '', 2, $2, $2) \
             RETURNING id",
        )
        .bind(reference)
        .bind(chrono::Utc::now())
        .fetch_one(c)
        .await
    })
    .unwrap()
}

async fn panel(app: &TestApp, cookie: &str) -> Result<PanelView, AppError> {
    call(
        app,
        app::chest::panel::LoadPanel::PATH,
        &[("round", "1")],
        cookie,
    )
    .await
}

async fn review(app: &TestApp, id: i64, cookie: &str) -> Result<ReviewView, AppError> {
    call(
        app,
        app::chest::panel::LoadReview::PATH,
        &[("application", &id.to_string())],
        cookie,
    )
    .await
}

async fn appoint(app: &TestApp, member: i64, cookie: &str) -> Result<(), AppError> {
    call(
        app,
        app::chest::panel::AppointPanelMember::PATH,
        &[("round", "1"), ("member", &member.to_string())],
        cookie,
    )
    .await
}

async fn declare(
    app: &TestApp,
    id: i64,
    interest: &str,
    note: &str,
    cookie: &str,
) -> Result<(), AppError> {
    call(
        app,
        app::chest::panel::DeclareInterest::PATH,
        &[
            ("application", &id.to_string()),
            ("interest", interest),
            ("note", note),
        ],
        cookie,
    )
    .await
}

/// Scores the demo round's four criteria (weights 3, 2, 2, 1; only the last allows N/A).
async fn score(
    app: &TestApp,
    id: i64,
    view: &ReviewView,
    scores: [&str; 4],
    cookie: &str,
) -> Result<(), AppError> {
    let id = id.to_string();
    let mut form: Vec<(String, String)> = vec![
        ("application".to_owned(), id),
        ("recommendation".to_owned(), "yes".to_owned()),
    ];
    for (criterion, score) in view.criteria.iter().zip(scores) {
        form.push((format!("score[{}]", criterion.id), score.to_owned()));
        form.push((
            format!("comment[{}]", criterion.id),
            format!("On {}", criterion.label),
        ));
    }
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    call(
        app,
        app::chest::panel::ScoreApplication::PATH,
        &pairs,
        cookie,
    )
    .await
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    count(
        app,
        &format!("SELECT id FROM users WHERE email = '{email}'"),
    )
    .await
}

async fn a_panel_declares_scores_and_sees_scores_only_when_it_may(app: TestApp) {
    app.seed_demo().await;
    let lunch = eligible_application(&app, "ELF-2026-W-0101").await;
    let lead = app.sign_in(NCL_LEAD).await;
    let pat = app.sign_in(PANEL).await;
    let priya = app.sign_in(PANEL_TWO).await;
    let viewer = app.sign_in(VIEWER).await;

    // The demo appoints both panel members; here they start unappointed.
    app::on_conn!(&mut app.db.conn().await.unwrap(), c => {
        sqlx::query("DELETE FROM round_panel_members").execute(c).await.map(|_| ())
    })
    .unwrap();
    // Not yet appointed: the panel's pages are closed to its would-be members.
    assert!(matches!(panel(&app, &pat).await, Err(AppError::Forbidden)));
    assert!(matches!(
        review(&app, lunch, &pat).await,
        Err(AppError::Forbidden)
    ));
    let offered = panel(&app, &lead).await.unwrap().candidates;
    let names: Vec<&str> = offered.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(names, ["Pat Panel (demo)", "Priya Panel (demo)"]);
    // Only panel members for the fund's place are appointed, by those who run it.
    let not_a_member = appoint(&app, user_id(&app, VIEWER).await, &lead).await;
    assert!(
        matches!(not_a_member, Err(AppError::Validation(_))),
        "{not_a_member:?}"
    );
    let refused = appoint(&app, user_id(&app, PANEL).await, &viewer).await;
    assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
    for email in [PANEL, PANEL_TWO] {
        appoint(&app, user_id(&app, email).await, &lead)
            .await
            .unwrap();
    }
    // What Pat owes: the three eligible applications, as one task.
    let tasks = |cookie: String| {
        let app = &app;
        async move {
            let mine: app::tasks::MyTasks = call(app, app::tasks::LoadMyTasks::PATH, &[], &cookie)
                .await
                .unwrap();
            mine.tasks
                .into_iter()
                .filter(|t| t.href.starts_with("/chest/"))
                .map(|t| t.title)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        tasks(pat.clone()).await,
        ["Score 3 applications to Edmonton small grants, winter 2026/27"]
    );
    let seen = panel(&app, &pat).await.unwrap();
    assert!(seen.is_member && !seen.can_manage);
    assert_eq!(seen.members.len(), 2);
    // The demo's two eligible applications and this one.
    assert_eq!(seen.applications.len(), 3);

    // The panel reads no contact.
    let page = app
        .get_text_as(
            &format!("/chest/applications/{lunch}/review"),
            200,
            Some(&pat),
        )
        .await;
    assert!(page.contains("Friday lunches"));
    assert!(!page.contains("ada@lunchclub") && !page.contains("Ada Organiser"));

    // Declare first, with a note for an interest; once.
    let view = review(&app, lunch, &pat).await.unwrap();
    let early = score(&app, lunch, &view, ["4", "3", "4", "na"], &pat).await;
    assert!(
        matches!(early, Err(AppError::BadRequest { .. })),
        "{early:?}"
    );
    let unexplained = declare(&app, lunch, "interest", "", &pat).await;
    assert!(matches!(&unexplained, Err(AppError::Validation(e)) if e.contains_key("note")));
    declare(
        &app,
        lunch,
        "interest",
        "I volunteer at the hall they hire",
        &pat,
    )
    .await
    .unwrap();
    let twice = declare(&app, lunch, "none", "", &pat).await;
    assert!(
        matches!(twice, Err(AppError::BadRequest { .. })),
        "{twice:?}"
    );

    // Every criterion scored; N/A only where allowed.
    let Err(AppError::Validation(errors)) =
        score(&app, lunch, &view, ["na", "6", "", "na"], &pat).await
    else {
        panic!("scores out of range were taken");
    };
    let fields: Vec<String> = view.criteria[..3]
        .iter()
        .map(|c| format!("score-{}", c.id))
        .collect();
    for field in &fields {
        assert!(errors.contains_key(field), "{field}: {errors:?}");
    }
    assert_eq!(errors.keys().count(), 3, "{errors:?}");
    score(&app, lunch, &view, ["4", "3", "4", "na"], &pat)
        .await
        .unwrap();
    assert_eq!(
        tasks(pat.clone()).await,
        ["Score 2 applications to Edmonton small grants, winter 2026/27"]
    );
    let again = score(&app, lunch, &view, ["0", "0", "0", "0"], &pat).await;
    assert!(
        matches!(again, Err(AppError::BadRequest { .. })),
        "{again:?}"
    );

    // Priya has not scored: she sees nobody's scores yet.
    declare(&app, lunch, "none", "", &priya).await.unwrap();
    let before = review(&app, lunch, &priya).await.unwrap();
    assert!(before.reviews.is_empty() && before.summary.is_none());
    score(&app, lunch, &view, ["2", "5", "3", "2"], &priya)
        .await
        .unwrap();
    let after = review(&app, lunch, &priya).await.unwrap();
    assert_eq!(after.reviews.len(), 2);
    let summary = after.summary.unwrap();
    // Pat: (3×4 + 2×3 + 2×4) / 7 = 26/7 (N/A leaves value for money out);
    // Priya: (3×2 + 2×5 + 2×3 + 1×2) / 8 = 24/8 = 3.
    let expected = (26.0 / 7.0 + 3.0) / 2.0;
    assert!(
        (summary.score.unwrap() - expected).abs() < 1e-9,
        "{summary:?}"
    );
    let flags: Vec<(bool, bool)> = summary
        .criteria
        .iter()
        .map(|c| (c.spread_flag, c.under_minimum))
        .collect();
    // Need 4 and 2 differ by 2; reach 3 and 5 too; deliverability 4 and 3 do not; value
    // for money has one score. No mean falls under its minimum of 2.
    assert_eq!(
        flags,
        [(true, false), (true, false), (false, false), (false, false)]
    );
    assert_eq!(summary.criteria[3].not_applicable, 1);

    // A conflicted member neither scores nor reads scores.
    let other = eligible_application(&app, "ELF-2026-W-0102").await;
    declare(&app, other, "conflict", "My sister runs the group", &pat)
        .await
        .unwrap();
    let conflicted = score(&app, other, &view, ["3", "3", "3", "3"], &pat).await;
    assert!(
        matches!(conflicted, Err(AppError::Forbidden)),
        "{conflicted:?}"
    );
    declare(&app, other, "none", "", &priya).await.unwrap();
    score(&app, other, &view, ["3", "3", "3", "3"], &priya)
        .await
        .unwrap();
    let hidden = review(&app, other, &pat).await.unwrap();
    assert!(hidden.reviews.is_empty() && hidden.summary.is_none());
    let page = app
        .get_text_as(
            &format!("/chest/applications/{other}/review"),
            200,
            Some(&pat),
        )
        .await;
    assert!(page.contains("You declared a conflict") && !page.contains("The panel's scores"));

    // The fund's manager reads every review and every declaration.
    let managed = review(&app, other, &lead).await.unwrap();
    assert_eq!(managed.reviews.len(), 1);
    assert_eq!(managed.declarations.len(), 2);
    assert!(matches!(
        review(&app, other, &viewer).await,
        Err(AppError::Forbidden)
    ));
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE action IN \
             ('appoint_panel_member', 'declare_interest', 'score_application')"
        )
        .await,
        // and the demo's decided round: 2 appointments, 8 declarations, 7 reviews
        2 + 2 + 4 + 3 + (2 + 8 + 7),
    );
}

both_databases!(a_panel_declares_scores_and_sees_scores_only_when_it_may);
