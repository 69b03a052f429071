//! No lost updates: agreed levels, gap-action answers, framework rewordings, populations,
//! targets, the suppression threshold, borough lines and borough plan actions each carry a
//! version. A save begun from an older one is refused with "someone else saved this first",
//! changes nothing and writes no audit row; saving again with the version the refusal gives
//! is a deliberate overwrite. A decision cannot change a round that has moved on.

use app::error::AppError;
use app::maturity::FrameworkPage;
use server_fn::ServerFn;
use tests::{both_databases, call, count, TestApp};

const ADMIN: &str = "admin@demo.linkway.test";
const LEAD: &str = "icb.lead@demo.linkway.test";
const CAMDEN: &str = "camden.lead@demo.linkway.test";

/// The message of a "someone else saved this first" refusal at version `now`.
fn stale(result: Result<(), AppError>, now: i64) -> String {
    match result {
        Err(AppError::Conflict {
            message,
            version: Some(version),
        }) if version == now => {
            assert!(
                message.starts_with("Someone else saved this first"),
                "{message}"
            );
            message
        }
        other => panic!("expected a refusal at version {now}, got {other:?}"),
    }
}

fn bad_request(result: Result<(), AppError>) -> String {
    match result {
        Err(AppError::BadRequest { message }) => message,
        other => panic!("expected a 400 with a sentence, got {other:?}"),
    }
}

/// The demo's Camden round in moderation (Leadership agreed 3, target 4: a gap).
async fn moderation_round(app: &TestApp) -> i64 {
    count(
        app,
        "SELECT id FROM assessment_rounds WHERE status = 'moderation'",
    )
    .await
}

async fn decide(
    app: &TestApp,
    (round, domain, version): (i64, i64, i64),
    (level, target): (&str, &str),
    cookie: &str,
) -> Result<(), AppError> {
    call(
        app,
        app::maturity::DecideDomain::PATH,
        &[
            ("round", &round.to_string()),
            ("domain", &domain.to_string()),
            ("version", &version.to_string()),
            ("level", level),
            ("target_level", target),
            ("rationale", "Agreed at the steering group"),
        ],
        cookie,
    )
    .await
}

async fn answer_gap(
    app: &TestApp,
    (round, domain, version): (i64, i64, i64),
    decision: &str,
    cookie: &str,
) -> Result<(), AppError> {
    call(
        app,
        app::maturity::DecideGapAction::PATH,
        &[
            ("round", &round.to_string()),
            ("domain", &domain.to_string()),
            ("version", &version.to_string()),
            ("title", "Appoint a named borough social prescribing lead"),
            ("decision", decision),
            // Dismissing an accepted action asks for this (tested in maturity.rs).
            ("confirm", "yes"),
        ],
        cookie,
    )
    .await
}

/// Moves the round on, confirmed (publishing asks for it).
async fn move_to(app: &TestApp, round: i64, to: &str, cookie: &str) {
    call::<()>(
        app,
        app::maturity::MoveRound::PATH,
        &[
            ("round", &round.to_string()),
            ("to", to),
            ("confirm", "yes"),
        ],
        cookie,
    )
    .await
    .unwrap();
}

async fn audited(app: &TestApp, action: &str) -> i64 {
    count(
        app,
        &format!("SELECT COUNT(*) FROM audit_events WHERE action = '{action}'"),
    )
    .await
}

async fn a_stale_moderation_decision_is_refused_and_changes_nothing(app: TestApp) {
    app.seed_demo().await;
    let camden = app.sign_in(CAMDEN).await;
    let lead = app.sign_in(LEAD).await;
    let id = moderation_round(&app).await;
    let leadership = "SELECT CAST(level AS BIGINT) FROM agreed_levels a \
         JOIN maturity_domains d ON d.id = a.domain_id WHERE d.position = 1 AND a.round_id = ";
    let leadership = format!("{leadership}{id}");
    // Both opened moderation with Leadership agreed at version 1; the Camden lead saves first.
    decide(&app, (id, 1, 1), ("2", "4"), &camden).await.unwrap();
    let decisions = audited(&app, "decide_domain").await;
    let message = stale(decide(&app, (id, 1, 1), ("3", "3"), &lead).await, 2);
    assert!(message.contains("Leadership and Governance"), "{message}");
    assert_eq!(count(&app, &leadership).await, 2, "the first save stands");
    assert_eq!(
        audited(&app, "decide_domain").await,
        decisions,
        "no audit row"
    );
    // A first decision made twice at once: the second finds one already there.
    let first = decide(&app, (id, 4, 0), ("2", "3"), &camden).await;
    first.unwrap();
    stale(decide(&app, (id, 4, 0), ("3", "3"), &lead).await, 1);
    // Saving again with the version the refusal gave is a deliberate overwrite.
    decide(&app, (id, 1, 2), ("3", "3"), &lead).await.unwrap();
    assert_eq!(count(&app, &leadership).await, 3);

    // Gap actions: an answer over one given since the page was loaded is refused too.
    answer_gap(&app, (id, 3, 0), "accept", &camden)
        .await
        .unwrap();
    let answers = audited(&app, "dismiss_gap_action").await;
    let message = stale(answer_gap(&app, (id, 3, 0), "dismiss", &lead).await, 1);
    assert!(
        message.contains("Planning and Commissioning action"),
        "{message}"
    );
    assert_eq!(audited(&app, "dismiss_gap_action").await, answers);
    assert_eq!(
        count(
            &app,
            &format!(
                "SELECT COUNT(*) FROM gap_actions WHERE round_id = {id} AND status = 'accepted'"
            )
        )
        .await,
        1
    );
    answer_gap(&app, (id, 3, 1), "dismiss", &lead)
        .await
        .unwrap();
}

async fn a_decision_cannot_change_a_round_that_has_moved_on(app: TestApp) {
    app.seed_demo().await;
    let camden = app.sign_in(CAMDEN).await;
    let id = moderation_round(&app).await;
    for domain in 4..=6 {
        decide(&app, (id, domain, 0), ("2", "3"), &camden)
            .await
            .unwrap();
    }
    // Every gap's action is answered before the round can be agreed.
    for domain in [1, 3, 4, 5, 6] {
        answer_gap(&app, (id, domain, 0), "accept", &camden)
            .await
            .unwrap();
    }
    move_to(&app, id, "agreed", &camden).await;
    let decisions = audited(&app, "decide_domain").await;
    let message = bad_request(decide(&app, (id, 1, 1), ("2", "4"), &camden).await);
    assert!(message.contains("This round is in agreed"), "{message}");
    assert_eq!(audited(&app, "decide_domain").await, decisions);
    // Gap actions may still be changed once agreed, not once published.
    answer_gap(&app, (id, 1, 1), "dismiss", &camden)
        .await
        .unwrap();
    move_to(&app, id, "published", &camden).await;
    let answers = audited(&app, "accept_gap_action").await;
    let message = bad_request(answer_gap(&app, (id, 1, 2), "accept", &camden).await);
    assert!(message.contains("This round is in published"), "{message}");
    assert_eq!(audited(&app, "accept_gap_action").await, answers);
    assert_eq!(
        count(
            &app,
            &format!("SELECT COUNT(*) FROM gap_actions WHERE round_id = {id} AND status = 'dismissed' AND version = 2")
        )
        .await,
        1
    );
}

async fn a_rewording_of_an_older_framework_version_is_refused(app: TestApp) {
    app.seed_demo().await;
    let admin = app.sign_in(ADMIN).await;
    let loaded: FrameworkPage = call(
        &app,
        app::maturity::LoadFramework::PATH,
        &[("version", "")],
        &admin,
    )
    .await
    .unwrap();
    assert_eq!(loaded.framework.number, 1);
    let reword = |domain: i64, version: &'static str, descriptor: &'static str| {
        let mut body = vec![
            ("domain".to_owned(), domain.to_string()),
            ("version".to_owned(), version.to_owned()),
        ];
        let scale = loaded.framework.domain(domain).unwrap();
        for (index, level) in scale.levels.iter().enumerate() {
            let text = if level.level == 1 {
                descriptor.to_owned()
            } else {
                level.descriptor.clone()
            };
            body.push((format!("levels[{index}][level]"), level.level.to_string()));
            body.push((format!("levels[{index}][name]"), level.name.clone()));
            body.push((format!("levels[{index}][descriptor]"), text));
        }
        let (app, admin) = (&app, &admin);
        async move {
            let body: Vec<(&str, &str)> =
                body.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            call::<i64>(app, app::maturity::UpdateFramework::PATH, &body, admin).await
        }
    };
    // Two editors loaded version 1; the first saves.
    assert_eq!(reword(1, "1", "First wording.").await, Ok(2));
    let refused = reword(2, "1", "Second wording.").await.map(|_| ());
    let message = stale(refused, 2);
    assert!(message.contains("First wording."), "{message}");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM framework_versions").await,
        2
    );
    assert_eq!(audited(&app, "update_framework").await, 1);
    assert_eq!(reword(2, "2", "Second wording.").await, Ok(3));
}

async fn stale_population_target_and_threshold_saves_are_refused(app: TestApp) {
    app.seed_demo().await;
    let admin = app.sign_in(ADMIN).await;

    let threshold = |value: &'static str, version: &'static str| {
        let (app, admin) = (&app, &admin);
        async move {
            call::<()>(
                app,
                app::returns::SetSuppressionThreshold::PATH,
                &[("threshold", value), ("version", version)],
                admin,
            )
            .await
        }
    };
    threshold("6", "0").await.unwrap();
    stale(threshold("7", "0").await, 1);
    let stored = "SELECT COUNT(*) FROM site_settings \
         WHERE key = 'unmet_need_suppression_threshold' AND value = ";
    assert_eq!(count(&app, &format!("{stored}'6'")).await, 1);
    assert_eq!(audited(&app, "set_suppression_threshold").await, 1);
    threshold("7", "1").await.unwrap();
    assert_eq!(count(&app, &format!("{stored}'7'")).await, 1);

    // SPLW's target is shipped at version 1.
    let target = |per_10k: &'static str, version: &'static str| {
        let (app, admin) = (&app, &admin);
        async move {
            call::<()>(
                app,
                app::returns::SetWorkforceTarget::PATH,
                &[
                    ("role", "splw"),
                    ("per_10k", per_10k),
                    ("source", "NCL plan"),
                    ("versions[splw]", version),
                    ("versions[hwbc]", "0"),
                ],
                admin,
            )
            .await
        }
    };
    target("1.2", "1").await.unwrap();
    stale(target("0.8", "1").await, 2);
    let splw = "SELECT COUNT(*) FROM workforce_targets WHERE role = 'splw' AND removed = FALSE AND per_10k = ";
    assert_eq!(count(&app, &format!("{splw}1.2")).await, 1);
    assert_eq!(audited(&app, "set_workforce_target").await, 1);
    // A removal keeps the version going, so a save begun before it cannot land on the
    // target set again afterwards.
    target("", "2").await.unwrap();
    target("1.5", "3").await.unwrap();
    stale(target("0.8", "2").await, 4);
    assert_eq!(count(&app, &format!("{splw}1.5")).await, 1);

    // Camden's population from 1 April 2024 is the review's, at version 1.
    let population = |figure: &'static str, version: Option<&'static str>| {
        let (app, admin) = (&app, &admin);
        async move {
            let mut body = vec![
                ("borough", "camden"),
                ("effective_from", "2024-04-01"),
                ("population", figure),
                ("source", "NHS Digital, April 2026"),
            ];
            if let Some(version) = version {
                body.push(("versions[camden_2024-04-01]", version));
            }
            call::<()>(app, app::returns::RecordPopulation::PATH, &body, admin).await
        }
    };
    population("300000", Some("1")).await.unwrap();
    stale(population("310000", Some("1")).await, 2);
    // A form that did not know the line (recording a new one) does not overwrite it.
    stale(population("320000", None).await, 2);
    let camden = "SELECT CAST(p.population AS BIGINT) FROM borough_populations p \
         JOIN boroughs b ON b.id = p.borough_id \
         WHERE b.code = 'camden' AND p.effective_from = '2024-04-01'";
    assert_eq!(count(&app, camden).await, 300_000);
    // The demo records the second ICB's illustrative populations too: count Camden's.
    let camden_audited = "SELECT COUNT(*) FROM audit_events \
         WHERE action = 'record_population' AND entity_id LIKE 'camden%'";
    assert_eq!(count(&app, camden_audited).await, 1);
    population("310000", Some("2")).await.unwrap();
    assert_eq!(count(&app, camden).await, 310_000);
}

async fn stale_borough_line_and_action_saves_are_refused(app: TestApp) {
    app.seed_demo().await;
    let camden = app.sign_in(CAMDEN).await;
    let lead = app.sign_in(LEAD).await;
    let line = count(
        &app,
        "SELECT l.id FROM borough_lines l JOIN boroughs b ON b.id = l.borough_id \
         JOIN recommendations r ON r.id = l.recommendation_id \
         WHERE b.code = 'camden' AND r.number = 2",
    )
    .await;
    let line_version = count(
        &app,
        &format!("SELECT version FROM borough_lines WHERE id = {line}"),
    )
    .await;
    let edit_line = |version: i64, status: &'static str, cookie: String| {
        let app = &app;
        async move {
            call::<()>(
                app,
                app::recommendations::UpdateBoroughLine::PATH,
                &[
                    ("id", &line.to_string()),
                    ("version", &version.to_string()),
                    ("owner_id", ""),
                    ("status", status),
                    ("note", "Terms signed"),
                ],
                &cookie,
            )
            .await
        }
    };
    let before = audited(&app, "update_borough_line").await;
    edit_line(line_version, "complete", camden.clone())
        .await
        .unwrap();
    let message = stale(
        edit_line(line_version, "at_risk", lead.clone()).await,
        line_version + 1,
    );
    assert!(message.contains("Complete"), "{message}");
    assert_eq!(
        count(
            &app,
            &format!(
                "SELECT COUNT(*) FROM borough_lines WHERE id = {line} AND status = 'complete'"
            )
        )
        .await,
        1
    );
    assert_eq!(audited(&app, "update_borough_line").await, before + 1);

    let action = count(
        &app,
        "SELECT MIN(a.id) FROM borough_actions a JOIN boroughs b ON b.id = a.borough_id \
         WHERE b.code = 'camden'",
    )
    .await;
    let action_version = count(
        &app,
        &format!("SELECT version FROM borough_actions WHERE id = {action}"),
    )
    .await;
    let edit_action = |version: i64, status: &'static str, cookie: String| {
        let app = &app;
        async move {
            call::<()>(
                app,
                app::borough_plans::UpdateBoroughAction::PATH,
                &[
                    ("id", &action.to_string()),
                    ("version", &version.to_string()),
                    ("owner_id", ""),
                    ("status", status),
                    ("due_on", "2026-12-31"),
                    ("done_on", ""),
                    ("recommendations", "2"),
                ],
                &cookie,
            )
            .await
        }
    };
    let actions = audited(&app, "update_borough_action").await;
    edit_action(action_version, "at_risk", camden.clone())
        .await
        .unwrap();
    stale(
        edit_action(action_version, "off_track", lead.clone()).await,
        action_version + 1,
    );
    assert_eq!(
        count(
            &app,
            &format!(
                "SELECT COUNT(*) FROM borough_actions WHERE id = {action} AND status = 'at_risk'"
            )
        )
        .await,
        1
    );
    assert_eq!(audited(&app, "update_borough_action").await, actions + 1);
    edit_action(action_version + 1, "off_track", lead)
        .await
        .unwrap();
}

both_databases!(
    a_stale_moderation_decision_is_refused_and_changes_nothing,
    a_decision_cannot_change_a_round_that_has_moved_on,
    a_rewording_of_an_older_framework_version_is_refused,
    stale_population_target_and_threshold_saves_are_refused,
    stale_borough_line_and_action_saves_are_refused,
);
