//! What needs me: each person's tasks are worked out from the data. The Camden submitter
//! owes a newly opened return; once uploaded it becomes the Camden lead's to sign off, and
//! once signed off it is gone (until a correction is uploaded). Rounds, milestones and plan actions owed show too; a viewer
//! owes nothing; home shows what is pressing and `/my-tasks` filters.

use crate::returns::{clean_fill, open_period, stored};
use app::error::AppError;
use app::tasks::{MyTasks, TaskKind, Urgency};
use server_fn::ServerFn;
use tests::{both_databases, call, TestApp};

const CAMDEN: &str = "camden.lead@demo.linkway.test";
const SUBMITTER: &str = "camden.submitter@demo.linkway.test";
const VIEWER: &str = "viewer@demo.linkway.test";

async fn tasks_of(app: &TestApp, cookie: &str) -> MyTasks {
    call(app, app::tasks::LoadMyTasks::PATH, &[], cookie)
        .await
        .unwrap()
}

/// The titles of `kind` tasks about `period`'s return.
fn about(tasks: &MyTasks, kind: TaskKind, period: i64) -> Vec<String> {
    let page = format!("/returns/periods/{period}/boroughs/camden");
    tasks
        .tasks
        .iter()
        .filter(|t| t.kind == kind && t.href == page)
        .map(|t| t.title.clone())
        .collect()
}

async fn a_return_is_owed_by_its_submitter_then_its_lead_then_nobody(app: TestApp) {
    app.seed_demo().await;
    let submitter = app.sign_in(SUBMITTER).await;
    let camden = app.sign_in(CAMDEN).await;
    let period = open_period(&app).await;

    let owed = tasks_of(&app, &submitter).await;
    let upload = about(&owed, TaskKind::UploadReturn, period);
    assert_eq!(upload, ["Upload Camden's 2030/31 Q1 return"]);
    let task = owed
        .tasks
        .iter()
        .find(|t| t.kind == TaskKind::UploadReturn && t.title == upload[0])
        .unwrap();
    assert_eq!(task.urgency, Urgency::DueSoon, "due in 10 days");
    assert_eq!(task.scope, "Camden");
    assert!(about(&owed, TaskKind::SignOffReturn, period).is_empty());

    let version = stored(&app, period, &clean_fill(), &submitter).await;
    let owed = tasks_of(&app, &submitter).await;
    assert!(
        about(&owed, TaskKind::UploadReturn, period).is_empty(),
        "uploaded"
    );
    let lead_owes = tasks_of(&app, &camden).await;
    assert_eq!(
        about(&lead_owes, TaskKind::SignOffReturn, period),
        ["Sign off Camden's 2030/31 Q1 return (version 1)"]
    );

    call::<()>(
        &app,
        app::returns::SignOffReturn::PATH,
        &[("submission", &version.to_string()), ("declaration", "yes")],
        &camden,
    )
    .await
    .unwrap();
    let lead_owes = tasks_of(&app, &camden).await;
    assert!(
        about(&lead_owes, TaskKind::SignOffReturn, period).is_empty(),
        "signed off"
    );
    assert!(about(&lead_owes, TaskKind::UploadReturn, period).is_empty());

    // A correction uploaded after sign-off waits for the lead's sign-off in turn.
    let mut corrected = clean_fill();
    corrected.people_referred = crate::returns::number(401.0);
    stored(&app, period, &corrected, &submitter).await;
    let lead_owes = tasks_of(&app, &camden).await;
    assert_eq!(
        about(&lead_owes, TaskKind::SignOffReturn, period),
        ["Sign off Camden's 2030/31 Q1 return (version 2)"]
    );
}

async fn rounds_milestones_and_plans_owed_come_from_the_demo(app: TestApp) {
    app.seed_demo().await;
    let camden = app.sign_in(CAMDEN).await;
    let owed = tasks_of(&app, &camden).await;
    let titles: Vec<&str> = owed.tasks.iter().map(|t| t.title.as_str()).collect();
    // The demo's Camden round is in moderation; recommendation 2's milestone is the
    // Camden lead's and overdue; the demo's newest Camden return awaits their sign-off.
    assert!(
        owed.tasks.iter().any(|t| t.kind == TaskKind::RunRound
            && t.title == "Moderate \"Autumn 2026 self-assessment\""
            && t.href.ends_with("/moderation")),
        "{titles:?}"
    );
    assert!(
        owed.tasks.iter().any(|t| t.kind == TaskKind::Milestone
            && t.title.contains("Steering group terms agreed")
            && t.urgency == Urgency::Overdue
            // The recommendation's page names its ICB: numbers repeat across ICBs.
            && t.href == "/recommendations/2?icb=NCL"),
        "{titles:?}"
    );
    assert!(
        owed.tasks.iter().any(|t| t.kind == TaskKind::SignOffReturn),
        "{titles:?}"
    );
    // Most pressing first.
    let urgencies: Vec<Urgency> = owed.tasks.iter().map(|t| t.urgency).collect();
    let mut sorted = urgencies.clone();
    sorted.sort();
    assert_eq!(urgencies, sorted);

    // The viewer owes nothing; someone without a role may not ask.
    let viewer = app.sign_in(VIEWER).await;
    assert!(tasks_of(&app, &viewer).await.tasks.is_empty());
    let no_role = app.sign_in_without_a_role().await;
    let refused: Result<MyTasks, AppError> =
        call(&app, app::tasks::LoadMyTasks::PATH, &[], &no_role).await;
    assert_eq!(refused, Err(AppError::Forbidden));
}

async fn home_shows_what_is_pressing_and_my_tasks_filters(app: TestApp) {
    app.seed_demo().await;
    let camden = app.sign_in(CAMDEN).await;
    let home = app.get_text_as("/", 200, Some(&camden)).await;
    assert!(home.contains("What needs you"));
    assert!(
        home.contains("Moderate &quot;Autumn 2026 self-assessment&quot;")
            || home.contains("Moderate \"Autumn 2026 self-assessment\"")
    );
    assert!(home.contains(r#"href="/my-tasks""#), "My tasks is linked");
    let all = app.get_text_as("/my-tasks", 200, Some(&camden)).await;
    assert!(all.contains("Steering group terms agreed"));
    let rounds = app
        .get_text_as("/my-tasks?kind=run_round", 200, Some(&camden))
        .await;
    assert!(rounds.contains("Autumn 2026 self-assessment"));
    assert!(
        !rounds.contains("Steering group terms agreed"),
        "filtered to rounds"
    );
    let viewer = app.sign_in(VIEWER).await;
    let home = app.get_text_as("/", 200, Some(&viewer)).await;
    assert!(home.contains("Nothing is overdue or due in the next 30 days."));
}

/// Home's figures follow the person's scope: the programme's RAG and its trend for the ICB
/// lead; the Camden lead's own borough at a glance.
async fn home_figures_follow_the_persons_scope(app: TestApp) {
    use app::home::headlines::{Headlines, LoadHeadlines};
    app.seed_demo().await;
    let icb = app.sign_in("icb.lead@demo.linkway.test").await;
    let figures: Headlines = call(&app, LoadHeadlines::PATH, &[], &icb).await.unwrap();
    assert!(figures.borough.is_none());
    let today = figures.rag.clone().expect("today's counts");
    assert_eq!(today.red + today.amber + today.green, 21);
    assert!(figures.trend.len() > 1, "a trend by quarter");
    let home = app.get_text_as("/", 200, Some(&icb)).await;
    assert!(home.contains("The programme today") && home.contains(r#"id="headline-rag""#));

    let camden = app.sign_in(CAMDEN).await;
    let figures: Headlines = call(&app, LoadHeadlines::PATH, &[], &camden).await.unwrap();
    let borough = figures.borough.expect("the Camden lead's borough");
    assert_eq!(borough.name, "Camden");
    let (period, state, href) = borough.current_return.expect("the current return");
    // The demo's newest period is the quarter before today's.
    let today = chrono::Utc::now().date_naive();
    let newest = app::returns::db::periods(&mut app.db.conn().await.unwrap())
        .await
        .unwrap()
        .into_iter()
        .filter(|p| !p.baseline && p.window(today) != app::returns::PeriodWindow::NotOpen)
        .max_by_key(|p| p.opens_on)
        .expect("the demo's newest period");
    assert_eq!(
        (period, state.as_str()),
        (newest.code(), "Awaiting sign-off")
    );
    assert!(href.ends_with("/boroughs/camden"));
    let (_, levels) = borough.maturity.expect("a published round");
    assert_eq!(levels.len(), 6);
    assert!(borough.coverage.is_some());
    let home = app.get_text_as("/", 200, Some(&camden)).await;
    assert!(home.contains("Camden at a glance") && home.contains(r#"id="borough-headlines""#));
}

both_databases!(
    home_figures_follow_the_persons_scope,
    a_return_is_owed_by_its_submitter_then_its_lead_then_nobody,
    rounds_milestones_and_plans_owed_come_from_the_demo,
    home_shows_what_is_pressing_and_my_tasks_filters,
);
