//! Maturity assessments over HTTP: the round's state machine (and illegal moves), hidden
//! ratings until a rater submits, agreeing only with every domain decided, gap actions,
//! framework versions, the heatmap, and both workbooks read back with calamine.

use app::error::AppError;
use app::maturity::{FrameworkPage, GapStatus, ModerationView, RoundStatus, RoundView};
use calamine::{Data, Reader, Xlsx};
use server_fn::ServerFn;
use std::io::Cursor;
use tests::{both_databases, call, count, TestApp};

const ADMIN: &str = "admin@demo.linkway.test";
const LEAD: &str = "icb.lead@demo.linkway.test";
const CAMDEN: &str = "camden.lead@demo.linkway.test";
const SUBMITTER: &str = "camden.submitter@demo.linkway.test";
const VIEWER: &str = "viewer@demo.linkway.test";

async fn round(app: &TestApp, id: i64, cookie: &str) -> Result<RoundView, AppError> {
    call(
        app,
        app::maturity::LoadRound::PATH,
        &[("id", &id.to_string())],
        cookie,
    )
    .await
}

/// Moves the round on, confirmed (closing scoring and publishing ask for it).
async fn move_to(app: &TestApp, id: i64, to: &str, cookie: &str) -> Result<(), AppError> {
    call(
        app,
        app::maturity::MoveRound::PATH,
        &[("round", &id.to_string()), ("to", to), ("confirm", "yes")],
        cookie,
    )
    .await
}

/// Moves the round on without confirming.
async fn move_unconfirmed(app: &TestApp, id: i64, to: &str, cookie: &str) -> Result<(), AppError> {
    call(
        app,
        app::maturity::MoveRound::PATH,
        &[("round", &id.to_string()), ("to", to)],
        cookie,
    )
    .await
}

async fn status_of(app: &TestApp, id: i64) -> String {
    let sql = format!("SELECT status FROM assessment_rounds WHERE id = {id}");
    app::on_conn!(&mut app.db.conn().await.unwrap(), pool => sqlx::query_scalar::<_, String>(&sql).fetch_one(pool).await).unwrap()
}

async fn add(app: &TestApp, id: i64, person: i64, cookie: &str) -> Result<(), AppError> {
    call(
        app,
        app::maturity::AddParticipant::PATH,
        &[
            ("round", &id.to_string()),
            ("participant", &person.to_string()),
        ],
        cookie,
    )
    .await
}

/// A full set of ratings: `levels[i]` for domain i + 1, with evidence.
fn ratings(id: i64, levels: [&str; 6]) -> Vec<(String, String)> {
    let mut pairs = vec![("round".to_owned(), id.to_string())];
    for (index, level) in levels.iter().enumerate() {
        pairs.push((format!("ratings[{index}][domain]"), (index + 1).to_string()));
        pairs.push((format!("ratings[{index}][level]"), (*level).to_owned()));
        pairs.push((
            format!("ratings[{index}][evidence]"),
            format!("Evidence {}", index + 1),
        ));
        pairs.push((format!("ratings[{index}][rationale]"), String::new()));
    }
    pairs
}

/// Submits the ratings, confirmed (as after "Check your ratings").
async fn submit(app: &TestApp, pairs: &[(String, String)], cookie: &str) -> Result<(), AppError> {
    let mut borrowed: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    borrowed.push(("confirm", "yes"));
    call(app, app::maturity::SubmitRatings::PATH, &borrowed, cookie).await
}

async fn decide(
    app: &TestApp,
    id: i64,
    domain: i64,
    level: &str,
    target: &str,
    cookie: &str,
) -> Result<(), AppError> {
    call(
        app,
        app::maturity::DecideDomain::PATH,
        &[
            ("round", &id.to_string()),
            ("domain", &domain.to_string()),
            ("version", "0"),
            ("level", level),
            ("target_level", target),
            ("rationale", "Agreed at the steering group"),
        ],
        cookie,
    )
    .await
}

/// Accepts the proposed action of every gap in round `id`, as its lead must before agreeing.
async fn accept_every_gap(app: &TestApp, id: i64, cookie: &str) {
    let moderation: ModerationView = call(
        app,
        app::maturity::LoadModeration::PATH,
        &[("id", &id.to_string())],
        cookie,
    )
    .await
    .unwrap();
    for gap in moderation.domains.iter().filter_map(|d| d.gap.as_ref()) {
        call::<()>(
            app,
            app::maturity::DecideGapAction::PATH,
            &[
                ("round", &id.to_string()),
                ("domain", &gap.domain.to_string()),
                ("version", &gap.version.to_string()),
                ("title", &gap.title),
                ("decision", "accept"),
            ],
            cookie,
        )
        .await
        .unwrap();
    }
}

fn bad_request(result: Result<(), AppError>) -> String {
    match result {
        Err(AppError::BadRequest { message }) => message,
        other => panic!("expected a 400 with a sentence, got {other:?}"),
    }
}

/// A new Camden round by the Camden lead, with the lead and the submitter taking part.
pub async fn camden_round(app: &TestApp, camden: &str) -> i64 {
    let id: i64 = call(
        app,
        app::maturity::CreateRound::PATH,
        &[
            ("borough", "camden"),
            ("title", "Spring 2027"),
            ("held_on", "2026-11-01"),
        ],
        camden,
    )
    .await
    .unwrap();
    add(app, id, app.user_id(CAMDEN).await, camden)
        .await
        .unwrap();
    add(app, id, app.user_id(SUBMITTER).await, camden)
        .await
        .unwrap();
    id
}

/// The demo's Camden round in moderation.
async fn demo_moderation_round(app: &TestApp) -> i64 {
    count(
        app,
        "SELECT id FROM assessment_rounds WHERE status = 'moderation'",
    )
    .await
}

async fn a_round_moves_one_step_at_a_time_from_draft_to_published(app: TestApp) {
    app.seed_demo().await;
    let camden = app.sign_in(CAMDEN).await;
    let submitter = app.sign_in(SUBMITTER).await;
    let viewer = app.sign_in(VIEWER).await;
    // Another borough's round is not the Camden lead's to start.
    let refused: Result<i64, AppError> = call(
        &app,
        app::maturity::CreateRound::PATH,
        &[
            ("borough", "barnet"),
            ("title", "Not mine"),
            ("held_on", "2026-11-01"),
        ],
        &camden,
    )
    .await;
    assert_eq!(refused, Err(AppError::Forbidden));
    let invalid: Result<i64, AppError> = call(
        &app,
        app::maturity::CreateRound::PATH,
        &[("borough", "camden"), ("title", " "), ("held_on", "soon")],
        &camden,
    )
    .await;
    match invalid {
        Err(AppError::Validation(errors)) => {
            assert!(errors.contains_key("title") && errors.contains_key("held_on"))
        }
        other => panic!("{other:?}"),
    }
    let id: i64 = call(
        &app,
        app::maturity::CreateRound::PATH,
        &[
            ("borough", "camden"),
            ("title", "Spring 2027"),
            ("held_on", "2026-11-01"),
        ],
        &camden,
    )
    .await
    .unwrap();
    // Skipping a step, or opening scoring with nobody to score, is refused.
    assert!(bad_request(move_to(&app, id, "moderation", &camden).await)
        .contains("A round in draft cannot move to moderation"));
    assert!(bad_request(move_to(&app, id, "scoring", &camden).await)
        .contains("at least one participant"));
    add(&app, id, app.user_id(CAMDEN).await, &camden)
        .await
        .unwrap();
    add(&app, id, app.user_id(SUBMITTER).await, &camden)
        .await
        .unwrap();
    assert_eq!(
        move_to(&app, id, "scoring", &viewer).await,
        Err(AppError::Forbidden)
    );
    move_to(&app, id, "scoring", &camden).await.unwrap();
    assert!(
        bad_request(add(&app, id, app.user_id(LEAD).await, &camden).await)
            .contains("only change while a round is in draft")
    );
    assert!(bad_request(move_to(&app, id, "moderation", &camden).await)
        .contains("No one has submitted"));
    // Complete ratings are shown back to check; only confirmed are they stored.
    let unconfirmed: Vec<(String, String)> = ratings(id, ["3", "3", "2", "2", "2", "3"]);
    let borrowed: Vec<(&str, &str)> = unconfirmed
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let checked: Result<(), AppError> =
        call(&app, app::maturity::SubmitRatings::PATH, &borrowed, &camden).await;
    assert_eq!(checked, Err(AppError::NeedsConfirmation));
    assert_eq!(
        round(&app, id, &camden).await.unwrap().ratings.len(),
        0,
        "nothing is stored before the rater confirms"
    );
    submit(&app, &ratings(id, ["3", "3", "2", "2", "2", "3"]), &camden)
        .await
        .unwrap();
    // While scoring is open the moderation view (every rating) is closed, even to the lead.
    let early: Result<ModerationView, AppError> = call(
        &app,
        app::maturity::LoadModeration::PATH,
        &[("id", &id.to_string())],
        &camden,
    )
    .await;
    assert!(
        matches!(early, Err(AppError::BadRequest { message }) if message.contains("when scoring closes"))
    );
    submit(
        &app,
        &ratings(id, ["2", "3", "2", "1", "2", "3"]),
        &submitter,
    )
    .await
    .unwrap();
    // Closing scoring asks to be confirmed (the page then names who has not submitted).
    assert_eq!(
        move_unconfirmed(&app, id, "moderation", &camden).await,
        Err(AppError::NeedsConfirmation)
    );
    assert_eq!(status_of(&app, id).await, "scoring");
    move_to(&app, id, "moderation", &camden).await.unwrap();
    assert!(bad_request(move_to(&app, id, "published", &camden).await)
        .contains("cannot move to published"));
    for domain in 1..=6 {
        decide(&app, id, domain, "2", "3", &camden).await.unwrap();
    }
    accept_every_gap(&app, id, &camden).await;
    move_to(&app, id, "agreed", &camden).await.unwrap();
    // Agreed rounds stay private until published; then the viewer sees them.
    assert_eq!(round(&app, id, &viewer).await, Err(AppError::Forbidden));
    // So does publishing; agreeing does not.
    assert_eq!(
        move_unconfirmed(&app, id, "published", &camden).await,
        Err(AppError::NeedsConfirmation)
    );
    assert_eq!(status_of(&app, id).await, "agreed");
    move_to(&app, id, "published", &camden).await.unwrap();
    let published = round(&app, id, &viewer).await.unwrap();
    assert_eq!(published.round.status, RoundStatus::Published);
    assert_eq!(published.agreed.len(), 6);
    assert_eq!(published.ratings.len(), 12);
    // The borough's history shows the published round's targets for the next.
    let history: app::maturity::BoroughHistory = call(
        &app,
        app::maturity::LoadBoroughMaturity::PATH,
        &[("borough", "camden")],
        &viewer,
    )
    .await
    .unwrap();
    assert_eq!(history.points.last().map(|(r, _)| r.id), Some(id));
    assert_eq!(history.targets, vec![Some(3); 6]);
    for to in ["draft", "scoring", "agreed", "published", "archived"] {
        let message = bad_request(move_to(&app, id, to, &camden).await);
        assert!(
            message.contains("cannot move") || message.contains("not a round status"),
            "{message}"
        );
    }
    let steps = count(
        &app,
        &format!("SELECT COUNT(*) FROM audit_events WHERE entity_type = 'assessment_round' AND entity_id = '{id}' AND action = 'move_round'"),
    )
    .await;
    assert_eq!(steps, 4, "each transition audited once");
    let created = count(
        &app,
        &format!("SELECT COUNT(*) FROM audit_events WHERE entity_type = 'assessment_round' AND entity_id = '{id}' AND action IN ('create_round', 'add_participant', 'submit_ratings', 'decide_domain')"),
    )
    .await;
    assert_eq!(created, 1 + 2 + 2 + 6);
}

async fn a_rater_cannot_read_others_ratings_before_submitting(app: TestApp) {
    app.seed_demo().await;
    let camden = app.sign_in(CAMDEN).await;
    let submitter = app.sign_in(SUBMITTER).await;
    let id = camden_round(&app, &camden).await;
    move_to(&app, id, "scoring", &camden).await.unwrap();
    submit(&app, &ratings(id, ["4", "4", "4", "4", "4", "4"]), &camden)
        .await
        .unwrap();

    let before = round(&app, id, &submitter).await.unwrap();
    assert!(before.ratings.is_empty(), "{:?}", before.ratings);
    assert!(before.can_rate);
    assert!(before
        .hidden_note
        .unwrap()
        .contains("until you submit your own"));
    // Nor through the workbook.
    let response = app
        .get_as(
            &format!("/maturity/rounds/{id}/export.xlsx"),
            Some(&submitter),
        )
        .await;
    assert_eq!(response.status().as_u16(), 200);
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(response.bytes().await.unwrap().to_vec()))
            .unwrap();
    assert_eq!(
        workbook.worksheet_range("Ratings").unwrap().rows().count(),
        2
    );

    // An incomplete set is refused field by field and stores nothing.
    let mut incomplete = ratings(id, ["3", "3", "", "3", "9", "3"]);
    incomplete.retain(|(k, _)| k != "ratings[0][evidence]");
    match submit(&app, &incomplete, &submitter).await {
        Err(AppError::Validation(errors)) => {
            let fields: Vec<&str> = errors.keys().map(String::as_str).collect();
            assert_eq!(fields, ["evidence_1", "level_3", "level_5"]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        count(
            &app,
            &format!("SELECT COUNT(*) FROM ratings WHERE round_id = {id}")
        )
        .await,
        6
    );

    submit(
        &app,
        &ratings(id, ["2", "2", "2", "2", "2", "2"]),
        &submitter,
    )
    .await
    .unwrap();
    let after = round(&app, id, &submitter).await.unwrap();
    assert_eq!(after.ratings.len(), 12);
    assert!(!after.can_rate);
    assert!(bad_request(
        submit(
            &app,
            &ratings(id, ["1", "1", "1", "1", "1", "1"]),
            &submitter
        )
        .await
    )
    .contains("already submitted"));
    // Someone outside the round and the borough sees nothing of it.
    let viewer = app.sign_in(VIEWER).await;
    assert_eq!(round(&app, id, &viewer).await, Err(AppError::Forbidden));
    assert_eq!(
        submit(&app, &ratings(id, ["1", "1", "1", "1", "1", "1"]), &viewer).await,
        Err(AppError::Forbidden)
    );
}

async fn agreeing_needs_every_domain_decided(app: TestApp) {
    app.seed_demo().await;
    let camden = app.sign_in(CAMDEN).await;
    let id = demo_moderation_round(&app).await;
    let message = bad_request(move_to(&app, id, "agreed", &camden).await);
    assert!(
        message.contains("Still undecided: Digital Systems and Enablers, Evidence and Impact, Tackling Health Inequalities"),
        "{message}"
    );
    assert_eq!(
        round(&app, id, &camden).await.unwrap().round.status,
        RoundStatus::Moderation
    );
    match decide(&app, id, 4, "3", "2", &camden).await {
        Err(AppError::Validation(errors)) => assert!(errors.contains_key("target_level")),
        other => panic!("{other:?}"),
    }
    for domain in 4..=6 {
        decide(&app, id, domain, "2", "3", &camden).await.unwrap();
    }
    // Every domain has its level, but five gaps still have only a proposed action: agreeing
    // now would strand them.
    let message = bad_request(move_to(&app, id, "agreed", &camden).await);
    assert!(
        message.contains("Still proposed: Leadership and Governance, Planning and Commissioning, Digital Systems and Enablers, Evidence and Impact, Tackling Health Inequalities"),
        "{message}"
    );
    for domain in [1, 3, 4, 5, 6] {
        call::<()>(
            &app,
            app::maturity::DecideGapAction::PATH,
            &[
                ("round", &id.to_string()),
                ("domain", &domain.to_string()),
                ("version", "0"),
                ("title", "Agreed next step"),
                ("decision", if domain == 6 { "dismiss" } else { "accept" }),
            ],
            &camden,
        )
        .await
        .unwrap();
    }
    move_to(&app, id, "agreed", &camden).await.unwrap();
}

async fn gaps_become_proposed_actions_the_lead_accepts_or_dismisses(app: TestApp) {
    app.seed_demo().await;
    let camden = app.sign_in(CAMDEN).await;
    let id = demo_moderation_round(&app).await;
    let moderation: ModerationView = call(
        &app,
        app::maturity::LoadModeration::PATH,
        &[("id", &id.to_string())],
        &camden,
    )
    .await
    .unwrap();
    // Leadership: agreed 3, target 4 → a gap; workforce: 3 of 3 → none.
    let leadership = &moderation.domains[0];
    assert_eq!((leadership.min, leadership.max), (Some(3), Some(3)));
    let gap = leadership.gap.clone().expect("a proposed action");
    assert_eq!(gap.status, GapStatus::Proposed);
    assert_eq!(
        gap.title,
        "Raise Leadership and Governance from 3 Established to 4 Embedded"
    );
    assert!(!gap.plan_actions.is_empty(), "Camden's leadership actions");
    assert!(
        gap.recommendations.starts_with(&[1, 2, 3]),
        "{:?}",
        gap.recommendations
    );
    assert!(moderation.domains[1].gap.is_none());
    assert_eq!(moderation.domains[1].min, Some(2));
    assert_eq!(moderation.domains[1].max, Some(3));

    let decide_gap = |domain: &str, title: &str, decision: &str| {
        let (domain, title, decision) = (domain.to_owned(), title.to_owned(), decision.to_owned());
        let (app, camden) = (&app, &camden);
        async move {
            call::<()>(
                app,
                app::maturity::DecideGapAction::PATH,
                &[
                    ("round", &id.to_string()),
                    ("domain", &domain),
                    ("version", "0"),
                    ("title", &title),
                    ("decision", &decision),
                ],
                camden,
            )
            .await
        }
    };
    decide_gap(
        "1",
        "Appoint a named borough social prescribing lead",
        "accept",
    )
    .await
    .unwrap();
    decide_gap("3", "", "dismiss").await.unwrap();
    assert!(bad_request(decide_gap("2", "Nothing to do", "accept").await).contains("has no gap"));
    let view = round(&app, id, &camden).await.unwrap();
    let statuses: Vec<(i64, GapStatus, String)> = view
        .gap_actions
        .iter()
        .map(|g| (g.domain, g.status, g.title.clone()))
        .collect();
    assert_eq!(
        statuses,
        [
            (
                1,
                GapStatus::Accepted,
                "Appoint a named borough social prescribing lead".to_owned()
            ),
            (
                3,
                GapStatus::Dismissed,
                "Raise Planning and Commissioning from 2 Developing to 3 Established".to_owned()
            ),
        ]
    );
    let answers_in_round = format!(
        "SELECT COUNT(*) FROM audit_events WHERE action IN ('accept_gap_action', 'dismiss_gap_action') \
         AND entity_type = 'assessment_round' AND entity_id = '{id}'"
    );
    assert_eq!(count(&app, &answers_in_round).await, 2);

    // Dismissing the accepted action needs a confirmation, and keeps its wording.
    let dismiss = |confirm: &'static str| {
        let (app, camden) = (&app, &camden);
        async move {
            call::<()>(
                app,
                app::maturity::DecideGapAction::PATH,
                &[
                    ("round", &id.to_string()),
                    ("domain", "1"),
                    ("version", "1"),
                    ("title", ""),
                    ("decision", "dismiss"),
                    ("confirm", confirm),
                ],
                camden,
            )
            .await
        }
    };
    match dismiss("").await {
        Err(AppError::Validation(errors)) => {
            let message = &errors.get("confirm").expect("asks to confirm")[0];
            assert!(
                message.contains("Yes, dismiss this accepted action"),
                "{message}"
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(
        count(&app, &answers_in_round).await,
        2,
        "the refusal stored nothing"
    );
    dismiss("yes").await.unwrap();
    let view = round(&app, id, &camden).await.unwrap();
    let leadership = view.gap_actions.iter().find(|g| g.domain == 1).unwrap();
    assert_eq!(
        (leadership.status, leadership.title.as_str()),
        (
            GapStatus::Dismissed,
            "Appoint a named borough social prescribing lead"
        ),
        "dismissed, with the wording the lead settled on"
    );
}

async fn editing_a_descriptor_makes_a_new_version_and_old_rounds_keep_their_words(app: TestApp) {
    app.seed_demo().await;
    let admin = app.sign_in(ADMIN).await;
    let lead = app.sign_in(LEAD).await;
    let framework = |version: &'static str, cookie: String| {
        let app = &app;
        async move {
            call::<FrameworkPage>(
                app,
                app::maturity::LoadFramework::PATH,
                &[("version", version)],
                &cookie,
            )
            .await
            .unwrap()
        }
    };
    let v1 = framework("", admin.clone()).await;
    assert_eq!(v1.framework.number, 1);
    assert!(v1.can_edit);
    let old = v1.framework.domains[0].levels[1].clone();
    assert!(old.is_default);
    let mut body = vec![
        ("domain".to_owned(), "1".to_owned()),
        ("version".to_owned(), "1".to_owned()),
    ];
    for (index, level) in v1.framework.domains[0].levels.iter().enumerate() {
        let descriptor = if level.level == 2 {
            "A named borough lead and a steering group that meets quarterly.".to_owned()
        } else {
            level.descriptor.clone()
        };
        body.push((format!("levels[{index}][level]"), level.level.to_string()));
        body.push((format!("levels[{index}][name]"), level.name.clone()));
        body.push((format!("levels[{index}][descriptor]"), descriptor));
    }
    let borrowed: Vec<(&str, &str)> = body.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let refused: Result<i64, AppError> =
        call(&app, app::maturity::UpdateFramework::PATH, &borrowed, &lead).await;
    assert_eq!(refused, Err(AppError::Forbidden));
    let number: i64 = call(
        &app,
        app::maturity::UpdateFramework::PATH,
        &borrowed,
        &admin,
    )
    .await
    .unwrap();
    assert_eq!(number, 2);
    // Saving the same words again makes no version.
    let again: i64 = call(
        &app,
        app::maturity::UpdateFramework::PATH,
        &borrowed,
        &admin,
    )
    .await
    .unwrap();
    assert_eq!(again, 2);

    let v2 = framework("", lead.clone()).await;
    assert_eq!(v2.framework.number, 2);
    let edited = &v2.framework.domains[0].levels[1];
    assert_eq!(
        edited.descriptor,
        "A named borough lead and a steering group that meets quarterly."
    );
    assert!(!edited.is_default);
    assert!(v2.framework.domains[0].levels[0].is_default);
    assert_eq!(v2.framework.domains.len(), 6);
    assert_eq!(v2.versions.len(), 2);
    assert_eq!(
        framework("1", lead.clone()).await.framework.domains[0].levels[1],
        old
    );

    // A published baseline round keeps version 1's wording; a new round takes version 2.
    let baseline = count(&app, "SELECT MIN(id) FROM assessment_rounds").await;
    let view = round(&app, baseline, &lead).await.unwrap();
    assert_eq!(view.framework.number, 1);
    assert_eq!(
        view.framework.domains[0].levels[1].descriptor,
        old.descriptor
    );
    let camden = app.sign_in(CAMDEN).await;
    let id = camden_round(&app, &camden).await;
    let view = round(&app, id, &camden).await.unwrap();
    assert_eq!(view.round.framework_version, 2);
    assert_eq!(
        view.framework.domains[0].levels[1].descriptor,
        edited.descriptor
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE action = 'update_framework'"
        )
        .await,
        1
    );
}

async fn the_heatmap_takes_each_boroughs_latest_published_round(app: TestApp) {
    app.seed_demo().await;
    let reader = app.current_user(&app.sign_in(CAMDEN).await).await.unwrap();
    let levels = |map: &app::maturity::Heatmap, borough: &str| -> Vec<Option<i64>> {
        map.rows
            .iter()
            .find(|r| r.borough_code == borough)
            .unwrap()
            .cells
            .iter()
            .map(|c| c.as_ref().map(|(level, _)| *level))
            .collect()
    };
    let map = app::maturity::views::load_heatmap(
        &mut app.db.conn().await.unwrap(),
        &reader,
        &app::auth::Scope::Region,
    )
    .await
    .unwrap();
    assert_eq!(map.domains.len(), 6);
    assert_eq!(
        map.rows
            .iter()
            .map(|r| r.borough_name.as_str())
            .collect::<Vec<_>>(),
        ["Barnet", "Camden", "Enfield", "Haringey", "Islington"]
    );
    assert_eq!(levels(&map, "barnet"), [4, 4, 3, 4, 3, 3].map(Some));
    assert_eq!(levels(&map, "enfield"), [1, 1, 1, 1, 1, 2].map(Some));
    assert_eq!(levels(&map, "camden"), [3, 3, 2, 2, 2, 3].map(Some));
    assert!(map
        .rows
        .iter()
        .all(|r| r.round.as_ref().unwrap().illustrative));
    assert_eq!(map.rows[0].cells[0], Some((4, "Embedded".to_owned())));

    // Camden's round in moderation does not count until it is published; then it does.
    let camden = app.sign_in(CAMDEN).await;
    let id = demo_moderation_round(&app).await;
    for domain in 4..=6 {
        decide(&app, id, domain, "3", "3", &camden).await.unwrap();
    }
    accept_every_gap(&app, id, &camden).await;
    move_to(&app, id, "agreed", &camden).await.unwrap();
    let map = app::maturity::views::load_heatmap(
        &mut app.db.conn().await.unwrap(),
        &reader,
        &app::auth::Scope::Region,
    )
    .await
    .unwrap();
    assert_eq!(levels(&map, "camden"), [3, 3, 2, 2, 2, 3].map(Some));
    move_to(&app, id, "published", &camden).await.unwrap();
    let map = app::maturity::views::load_heatmap(
        &mut app.db.conn().await.unwrap(),
        &reader,
        &app::auth::Scope::Region,
    )
    .await
    .unwrap();
    assert_eq!(levels(&map, "camden"), [3, 3, 2, 3, 3, 3].map(Some));
    assert_eq!(
        map.rows[1].round.as_ref().map(|r| r.id),
        Some(id),
        "the newer round"
    );
}

async fn the_heatmap_and_round_workbooks_read_back(app: TestApp) {
    app.seed_demo().await;
    let viewer = app.sign_in(VIEWER).await;
    let read = |bytes: Vec<u8>, sheet: &str| {
        let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        let range = workbook.worksheet_range(sheet).unwrap();
        range.rows().map(|r| r.to_vec()).collect::<Vec<Vec<Data>>>()
    };
    let response = app.get_as("/maturity/heatmap.xlsx", Some(&viewer)).await;
    assert_eq!(response.status().as_u16(), 200);
    let rows = read(response.bytes().await.unwrap().to_vec(), "Heatmap");
    assert_eq!(rows.len(), 2 + 5);
    let header: Vec<String> = rows[1].iter().map(|c| c.to_string()).collect();
    assert_eq!(header[..4], app::maturity::export::HEATMAP_HEADERS);
    assert_eq!(header[4], "Leadership and Governance");
    assert_eq!(header[9], "Tackling Health Inequalities");
    assert_eq!(rows[2][0], Data::String("Barnet".into()));
    assert_eq!(
        rows[2][3],
        Data::String("Illustrative — not from the review".into())
    );
    let barnet: Vec<Data> = rows[2][4..].to_vec();
    assert_eq!(barnet, [4.0, 4.0, 3.0, 4.0, 3.0, 3.0].map(Data::Float));
    assert_eq!(rows[4][0], Data::String("Enfield".into()));
    assert_eq!(rows[4][4], Data::Float(1.0));

    let barnet_round = count(
        &app,
        "SELECT r.id FROM assessment_rounds r JOIN boroughs b ON b.id = r.borough_id WHERE b.code = 'barnet'",
    )
    .await;
    let response = app
        .get_as(
            &format!("/maturity/rounds/{barnet_round}/export.xlsx"),
            Some(&viewer),
        )
        .await;
    assert_eq!(response.status().as_u16(), 200);
    let bytes = response.bytes().await.unwrap().to_vec();
    let ratings = read(bytes.clone(), "Ratings");
    assert_eq!(ratings.len(), 2 + 6);
    assert_eq!(
        ratings[1].iter().map(|c| c.to_string()).collect::<Vec<_>>(),
        app::maturity::export::RATING_HEADERS
    );
    assert_eq!(ratings[2][1], Data::String("Isla Lead (demo)".into()));
    let agreed = read(bytes, "Agreed");
    assert_eq!(agreed.len(), 2 + 6);
    assert_eq!(
        agreed[1].iter().map(|c| c.to_string()).collect::<Vec<_>>(),
        app::maturity::export::AGREED_HEADERS
    );
    assert_eq!(
        agreed[2][0],
        Data::String("Leadership and Governance".into())
    );
    assert_eq!(agreed[2][1], Data::Float(4.0));
    assert_eq!(agreed[4][2], Data::String("Established".into()));
    assert!(agreed[2][4].to_string().contains("steering group"));

    // A round the viewer may not see is refused, and a bad id is not found.
    let hidden = demo_moderation_round(&app).await;
    let response = app
        .get_as(
            &format!("/maturity/rounds/{hidden}/export.xlsx"),
            Some(&viewer),
        )
        .await;
    assert_eq!(response.status().as_u16(), 403);
    let response = app
        .get_as("/maturity/rounds/abc/export.xlsx", Some(&viewer))
        .await;
    assert_eq!(response.status().as_u16(), 404);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'export' AND entity_type IN ('maturity_heatmap', 'assessment_round')").await,
        2
    );
}

both_databases!(
    a_round_moves_one_step_at_a_time_from_draft_to_published,
    a_rater_cannot_read_others_ratings_before_submitting,
    agreeing_needs_every_domain_decided,
    gaps_become_proposed_actions_the_lead_accepts_or_dismisses,
    editing_a_descriptor_makes_a_new_version_and_old_rounds_keep_their_words,
    the_heatmap_takes_each_boroughs_latest_published_round,
    the_heatmap_and_round_workbooks_read_back,
);
