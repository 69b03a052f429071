//! Three scopes: a grant holds for the region, one ICB or one borough, and one check decides
//! every request. North Central London's ICB lead neither reads nor changes North East
//! London's programme (nor NEL's lead NCL's); the regional lead reads both and changes
//! neither; Camden's borough roles cannot touch Hackney. An installation made before the
//! scopes moves forward with every grant, recommendation and period kept, now NCL's.

use app::error::AppError;
use app::recommendations::TrackerView;
use app::returns::{Coverage, PeriodDashboard, ReturnsOverview, WorkforceRole};
use server_fn::ServerFn;
use tests::{both_database_kinds, both_databases, call, count, DbKind, TestApp};

const NCL_LEAD: &str = "icb.lead@demo.linkway.test";
const REGIONAL: &str = "regional.lead@demo.linkway.test";
const CAMDEN_LEAD: &str = "camden.lead@demo.linkway.test";
const CAMDEN_SUBMITTER: &str = "camden.submitter@demo.linkway.test";

const CHANGES: &str =
    "SELECT COUNT(*) FROM audit_events WHERE action NOT IN ('sign_in', 'sign_in_failed')";

/// A period NEL's ICB lead opens for its boroughs (the demo holds NEL's programme too):
/// answers the NEL lead's cookie and the period's id.
async fn nel_with_a_period(app: &TestApp) -> (String, i64) {
    let nel = app.sign_in_as_other_icb_lead().await;
    let today = chrono::Utc::now().date_naive();
    let day = |days: i64| (today + chrono::Duration::days(days)).to_string();
    let id: i64 = call(
        app,
        app::returns::CreateReturnPeriod::PATH,
        &[
            ("financial_year", "2031"),
            ("quarter", "1"),
            ("opens_on", &day(-5)),
            ("due_on", &day(20)),
            ("closes_on", &day(40)),
        ],
        &nel,
    )
    .await
    .unwrap();
    (nel, id)
}

fn borough_codes(dashboard: &PeriodDashboard) -> Vec<&str> {
    dashboard
        .boroughs
        .iter()
        .map(|row| row.borough_code.as_str())
        .collect()
}

async fn an_icb_lead_neither_reads_nor_changes_another_icbs_programme(app: TestApp) {
    app.seed_demo().await;
    let (nel, nel_period) = nel_with_a_period(&app).await;
    let ncl = app.sign_in(NCL_LEAD).await;

    // NEL's period asks NEL's eight boroughs, and only NEL's lead sees it.
    let theirs: PeriodDashboard = call(
        &app,
        app::returns::LoadPeriod::PATH,
        &[("id", &nel_period.to_string())],
        &nel,
    )
    .await
    .unwrap();
    assert_eq!(theirs.period.icb_code, "NEL");
    assert_eq!(theirs.boroughs.len(), 8, "{:?}", borough_codes(&theirs));
    assert!(borough_codes(&theirs).contains(&"hackney"));
    assert!(theirs.can_chase);
    let before = count(&app, CHANGES).await;
    let refused: Result<PeriodDashboard, _> = call(
        &app,
        app::returns::LoadPeriod::PATH,
        &[("id", &nel_period.to_string())],
        &ncl,
    )
    .await;
    assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
    let chased: Result<usize, _> = call(
        &app,
        app::returns::SendChasers::PATH,
        &[("period", &nel_period.to_string())],
        &ncl,
    )
    .await;
    assert!(matches!(chased, Err(AppError::Forbidden)), "{chased:?}");
    let hackney = app
        .get_as(
            &format!("/returns/periods/{nel_period}/boroughs/hackney/template.xlsx"),
            Some(&ncl),
        )
        .await;
    assert_eq!(hackney.status().as_u16(), 403);
    let chase_list = app
        .get_as(
            &format!("/returns/periods/{nel_period}/chase-list.xlsx"),
            Some(&ncl),
        )
        .await;
    assert_eq!(chase_list.status().as_u16(), 403);

    // Each lead's returns list holds their own ICB's periods only.
    let ncl_list: ReturnsOverview = call(&app, app::returns::LoadReturns::PATH, &[], &ncl)
        .await
        .unwrap();
    assert!(ncl_list.periods.iter().all(|d| d.period.icb_code == "NCL"));
    assert!(ncl_list
        .periods
        .iter()
        .all(|d| d.boroughs.len() == 5 && !borough_codes(d).contains(&"hackney")));
    let nel_list: ReturnsOverview = call(&app, app::returns::LoadReturns::PATH, &[], &nel)
        .await
        .unwrap();
    assert!(nel_list.periods.iter().all(|d| d.period.icb_code == "NEL"));
    assert!(nel_list.periods.iter().any(|d| d.period.id == nel_period));
    assert!(nel_list.can_manage);

    // NEL's lead finds NCL's period and recommendations closed to them.
    let ncl_period = ncl_list.periods[0].period.id;
    let refused: Result<PeriodDashboard, _> = call(
        &app,
        app::returns::LoadPeriod::PATH,
        &[("id", &ncl_period.to_string())],
        &nel,
    )
    .await;
    assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
    let planned: Result<(), _> = call(
        &app,
        app::recommendations::UpdatePlan::PATH,
        &[
            ("number", "3"),
            ("owner", ""),
            ("lead_organisation", "NEL ICB"),
            ("version", "1"),
        ],
        &nel,
    )
    .await;
    // A number is a recommendation of NEL's own review, and NEL has none: not found.
    assert!(
        matches!(planned, Err(AppError::NotFound { .. })),
        "{planned:?}"
    );
    let progress: Result<i64, _> = call(
        &app,
        app::recommendations::AddProgressUpdate::PATH,
        &[
            ("number", "3"),
            ("status", "on_track"),
            ("commentary", "Not ours to post"),
            ("percent_complete", "10"),
            ("evidence", ""),
            ("reported_on", "2026-11-30"),
        ],
        &nel,
    )
    .await;
    assert!(
        matches!(progress, Err(AppError::NotFound { .. })),
        "{progress:?}"
    );
    assert_eq!(count(&app, CHANGES).await, before, "nothing was changed");

    // Each lead's tracker is their own ICB's review: NCL's 21, and none yet for NEL.
    let tracker = |cookie: String| {
        let app = &app;
        async move {
            call::<TrackerView>(
                app,
                app::recommendations::LoadTracker::PATH,
                &[("filter[sort]", "number")],
                &cookie,
            )
            .await
            .unwrap()
        }
    };
    assert_eq!(tracker(ncl.clone()).await.rows.len(), 21);
    assert!(tracker(nel.clone()).await.rows.is_empty());
    let boroughs = tracker(nel).await.boroughs;
    assert!(
        boroughs.iter().all(|(code, _)| code != "camden"),
        "{boroughs:?}"
    );
}

async fn a_regional_lead_reads_every_icb_and_changes_no_programme(app: TestApp) {
    app.seed_demo().await;
    let (_, nel_period) = nel_with_a_period(&app).await;
    let regional = app.sign_in(REGIONAL).await;
    let ncl = app.sign_in(NCL_LEAD).await;
    let ncl_list: ReturnsOverview = call(&app, app::returns::LoadReturns::PATH, &[], &ncl)
        .await
        .unwrap();
    let ncl_period = ncl_list.periods[0].period.id;
    for id in [ncl_period, nel_period] {
        let read: PeriodDashboard = call(
            &app,
            app::returns::LoadPeriod::PATH,
            &[("id", &id.to_string())],
            &regional,
        )
        .await
        .unwrap();
        assert!(!read.can_chase, "the regional lead chases no ICB's returns");
    }
    let camden: Result<app::returns::BoroughReturnPage, _> = call(
        &app,
        app::returns::LoadBoroughReturn::PATH,
        &[("period", &ncl_period.to_string()), ("borough", "camden")],
        &regional,
    )
    .await;
    assert!(camden.is_ok(), "{camden:?}");
    let tracker: TrackerView = call(
        &app,
        app::recommendations::LoadTracker::PATH,
        &[("filter[sort]", "number")],
        &regional,
    )
    .await
    .unwrap();
    assert_eq!(tracker.rows.len(), 21);
    // Returns received against expected, ICB by ICB, for each ICB's newest period: NEL's
    // is the one just opened, with none of its eight boroughs' returns in yet.
    let overview: ReturnsOverview = call(&app, app::returns::LoadReturns::PATH, &[], &regional)
        .await
        .unwrap();
    let by_icb: Vec<(&str, usize, usize, usize)> = overview
        .by_icb
        .iter()
        .map(|icb| {
            (
                icb.icb_name.as_str(),
                icb.expected,
                icb.received,
                icb.signed_off,
            )
        })
        .collect();
    assert_eq!(by_icb.len(), 2, "{by_icb:?}");
    assert_eq!(by_icb[0].0, "North Central London ICB");
    assert_eq!(by_icb[0].1, 5);
    assert_eq!(by_icb[1], ("North East London ICB", 8, 0, 0));
    assert_eq!(
        overview.by_icb[1].period.as_ref().map(|p| p.id),
        Some(nel_period)
    );
    assert!(
        by_icb[0].2 >= by_icb[0].3,
        "signed off are among those received"
    );
    let ncl_overview: ReturnsOverview = call(&app, app::returns::LoadReturns::PATH, &[], &ncl)
        .await
        .unwrap();
    assert!(
        ncl_overview.by_icb.is_empty(),
        "an ICB's lead compares no ICBs"
    );
    let page = app.get_text_as("/returns", 200, Some(&regional)).await;
    assert!(page.contains(r#"id="returns-by-icb""#));
    let audit = app.get_as("/admin/audit.xlsx", Some(&regional)).await;
    assert_eq!(
        audit.status().as_u16(),
        200,
        "the regional team reads the trail"
    );

    let before = count(&app, CHANGES).await;
    let planned: Result<(), _> = call(
        &app,
        app::recommendations::UpdatePlan::PATH,
        &[
            ("number", "3"),
            ("owner", ""),
            ("lead_organisation", "NHS England London"),
            ("version", "1"),
        ],
        &regional,
    )
    .await;
    assert!(matches!(planned, Err(AppError::Forbidden)), "{planned:?}");
    let opened: Result<i64, _> = call(
        &app,
        app::returns::CreateReturnPeriod::PATH,
        &[
            ("financial_year", "2032"),
            ("quarter", "1"),
            ("opens_on", "2032-07-01"),
            ("due_on", "2032-07-31"),
            ("closes_on", "2032-08-31"),
        ],
        &regional,
    )
    .await;
    assert!(matches!(opened, Err(AppError::Forbidden)), "{opened:?}");
    let chased: Result<usize, _> = call(
        &app,
        app::returns::SendChasers::PATH,
        &[("period", &ncl_period.to_string())],
        &regional,
    )
    .await;
    assert!(matches!(chased, Err(AppError::Forbidden)), "{chased:?}");
    let round: Result<i64, _> = call(
        &app,
        app::maturity::CreateRound::PATH,
        &[
            ("borough", "camden"),
            ("title", "Regional round"),
            ("held_on", "2026-11-01"),
        ],
        &regional,
    )
    .await;
    assert!(matches!(round, Err(AppError::Forbidden)), "{round:?}");
    assert_eq!(count(&app, CHANGES).await, before, "nothing was changed");
}

async fn camdens_borough_roles_cannot_touch_hackney(app: TestApp) {
    app.seed_demo().await;
    let (_, nel_period) = nel_with_a_period(&app).await;
    let before = count(&app, CHANGES).await;
    for email in [CAMDEN_LEAD, CAMDEN_SUBMITTER] {
        let cookie = app.sign_in(email).await;
        let page: Result<app::returns::BoroughReturnPage, _> = call(
            &app,
            app::returns::LoadBoroughReturn::PATH,
            &[("period", &nel_period.to_string()), ("borough", "hackney")],
            &cookie,
        )
        .await;
        assert!(
            matches!(page, Err(AppError::Forbidden)),
            "{email}: {page:?}"
        );
        let boundary = "scopeboundary";
        let body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.xlsx\"\r\n\
             Content-Type: application/octet-stream\r\n\r\nnot a workbook\r\n--{boundary}--\r\n"
        );
        let upload = app
            .http
            .post(app.url(&format!(
                "/returns/periods/{nel_period}/boroughs/hackney/upload"
            )))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header("cookie", &cookie)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(upload.status().as_u16(), 403, "{email}");
        // Camden's own return cannot be sent to NEL's period either: the period asks
        // NEL's boroughs only.
        let template = app
            .get_as(
                &format!("/returns/periods/{nel_period}/boroughs/camden/template.xlsx"),
                Some(&cookie),
            )
            .await;
        assert_eq!(template.status().as_u16(), 404, "{email}");
        // Nor does NEL's period appear among theirs.
        let list: ReturnsOverview = call(&app, app::returns::LoadReturns::PATH, &[], &cookie)
            .await
            .unwrap();
        assert!(list.periods.iter().all(|d| d.period.id != nel_period));
    }
    let lead = app.sign_in(CAMDEN_LEAD).await;
    let round: Result<i64, _> = call(
        &app,
        app::maturity::CreateRound::PATH,
        &[
            ("borough", "hackney"),
            ("title", "Not ours"),
            ("held_on", "2026-11-01"),
        ],
        &lead,
    )
    .await;
    assert!(matches!(round, Err(AppError::Forbidden)), "{round:?}");
    assert_eq!(count(&app, CHANGES).await, before, "nothing was changed");
}

both_databases!(
    an_icb_lead_neither_reads_nor_changes_another_icbs_programme,
    a_regional_lead_reads_every_icb_and_changes_no_programme,
    camdens_borough_roles_cannot_touch_hackney,
);

/// The migration that brought the three scopes.
const SCOPES: i64 = 20261207000019;

async fn an_installation_from_before_the_scopes_moves_forward_untouched(kind: DbKind) {
    let (_database, db) = tests::database_before(kind, SCOPES).await;
    // Grants of every kind, and records that point at recommendations and periods (which
    // SQLite rebuilds).
    let statements = [
        "INSERT INTO users (id, name, email, email_key, organisation, active, password_hash, \
         must_change_password, is_demo, created_at) VALUES \
         (40, 'Ida Lead', 'ida@ncl.example', 'ida@ncl.example', 'NCL ICB', TRUE, 'x', FALSE, FALSE, CURRENT_TIMESTAMP), \
         (41, 'Bo Lead', 'bo@camden.example', 'bo@camden.example', 'Camden', TRUE, 'x', FALSE, FALSE, CURRENT_TIMESTAMP), \
         (42, 'Al Admin', 'al@ncl.example', 'al@ncl.example', 'NCL ICB', TRUE, 'x', FALSE, FALSE, CURRENT_TIMESTAMP)",
        "INSERT INTO user_roles (id, user_id, role, borough_id) VALUES \
         (70, 40, 'icb_lead', NULL), (71, 41, 'borough_lead', (SELECT id FROM boroughs WHERE code = 'camden')), \
         (72, 40, 'viewer', NULL), (73, 42, 'admin', NULL)",
        "UPDATE recommendations SET owner_id = 40, lead_organisation = 'NCL ICB', version = 2 WHERE number = 3",
        "INSERT INTO progress_updates (id, recommendation_id, status, commentary, percent_complete, \
         evidence, reported_on, recorded_at, recorded_by) VALUES \
         (80, (SELECT id FROM recommendations WHERE number = 3), 'on_track', 'Going well', 40, '', \
         '2026-10-01', CURRENT_TIMESTAMP, 40)",
        "INSERT INTO return_periods (id, financial_year, quarter, opens_on, due_on, closes_on, created_by, created_at) \
         VALUES (90, 2027, 1, '2027-07-01', '2027-07-31', '2027-08-31', 40, CURRENT_TIMESTAMP)",
        "INSERT INTO return_attempts (id, period_id, borough_id, uploaded_by, uploaded_at, file_name, \
         file_size, file_hash, problems, problem_count) VALUES \
         (95, 90, (SELECT id FROM boroughs WHERE code = 'camden'), 41, CURRENT_TIMESTAMP, 'r.xlsx', 10, 'abc', '[]', 0)",
        "UPDATE site_settings SET value = '2025-04-01' WHERE key = 'programme_start'",
    ];
    let mut conn = db.conn().await.unwrap();
    for statement in statements {
        app::on_conn!(&mut conn, c => sqlx::query(statement).execute(c).await.map(|_| ()))
            .unwrap_or_else(|error| panic!("{statement}: {error}"));
    }
    let recommendations = "SELECT id, number, owner_id, version FROM recommendations ORDER BY id";
    let recommendations_before = app::on_conn!(&mut conn, c => {
        sqlx::query_as::<_, (i64, i64, Option<i64>, i64)>(recommendations).fetch_all(c).await
    })
    .unwrap();
    assert_eq!(recommendations_before.len(), 21);
    drop(conn);

    db.migrate().await.unwrap();

    let mut conn = db.conn().await.unwrap();
    let recommendations_after = app::on_conn!(&mut conn, c => {
        sqlx::query_as::<_, (i64, i64, Option<i64>, i64)>(recommendations).fetch_all(c).await
    })
    .unwrap();
    assert_eq!(
        recommendations_after, recommendations_before,
        "every id and plan kept"
    );
    let of_ncl = app::on_conn!(&mut conn, c => sqlx::query_as::<_, (i64, i64, i64, i64)>(
        "SELECT \
         (SELECT COUNT(*) FROM recommendations WHERE icb_id = (SELECT id FROM icbs WHERE code = 'NCL')), \
         (SELECT COUNT(*) FROM return_periods WHERE id = 90 AND icb_id = (SELECT id FROM icbs WHERE code = 'NCL')), \
         (SELECT COUNT(*) FROM progress_updates WHERE id = 80), \
         (SELECT COUNT(*) FROM return_attempts WHERE id = 95 AND period_id = 90)"
    ).fetch_one(c).await)
    .unwrap();
    assert_eq!(of_ncl, (21, 1, 1, 1), "NCL's data ends up under NCL");
    let tracker = app::recommendations::db::tracker_data(&mut conn, "NCL")
        .await
        .unwrap();
    assert_eq!(tracker.recommendations.len(), 21);
    assert_eq!(tracker.updates.len(), 1);
    assert_eq!(
        tracker.programme_start,
        chrono::NaiveDate::from_ymd_opt(2025, 4, 1),
        "the programme start is NCL's"
    );

    // An existing ICB grant became an NCL grant; borough and region grants are as they were.
    let scopes = |grants: app::auth::Grants| -> Vec<(app::auth::Role, app::auth::Scope)> {
        grants.0.into_iter().map(|g| (g.role, g.scope)).collect()
    };
    use app::auth::{Role, Scope};
    let ida = app::auth::db::grants(&mut conn, 40).await.unwrap();
    assert_eq!(
        scopes(ida.clone()),
        [
            (Role::IcbLead, Scope::Icb("NCL".into())),
            (Role::Viewer, Scope::Icb("NCL".into()))
        ]
    );
    assert!(ida.allows(
        app::auth::Permission::UpdateRecommendation,
        &Scope::Icb("NCL".into())
    ));
    assert!(ida.allows(
        app::auth::Permission::ViewData,
        &Scope::Borough("camden".into())
    ));
    assert!(!ida.allows(
        app::auth::Permission::ViewData,
        &Scope::Borough("hackney".into())
    ));
    let bo = app::auth::db::grants(&mut conn, 41).await.unwrap();
    assert_eq!(
        scopes(bo),
        [(Role::BoroughLead, Scope::Borough("camden".into()))]
    );
    let al = app::auth::db::grants(&mut conn, 42).await.unwrap();
    assert_eq!(scopes(al), [(Role::Admin, Scope::Region)]);

    // The database refuses an ICB role without its ICB, and a regional lead with one.
    for refused in [
        "INSERT INTO user_roles (user_id, role) VALUES (41, 'viewer')",
        "INSERT INTO user_roles (user_id, role, icb_id) VALUES (41, 'regional_lead', 1)",
    ] {
        let outcome =
            app::on_conn!(&mut conn, c => sqlx::query(refused).execute(c).await.map(|_| ()));
        assert!(outcome.is_err(), "{refused}");
    }
    drop(conn);
    db.close().await;
}

mod migrated {
    use super::*;
    both_database_kinds!(an_installation_from_before_the_scopes_moves_forward_untouched);
}

/// SPLW WTE of the line named `name` in the newest quarter.
fn splw(coverage: &Coverage, name: &str) -> f64 {
    let quarter = coverage.quarters.last().expect("a quarter with returns");
    quarter
        .areas()
        .find(|line| line.name == name)
        .unwrap_or_else(|| panic!("no line {name}"))
        .role(WorkforceRole::Splw)
        .map_or(0.0, |role| role.wte)
}

async fn coverage_of(app: &TestApp, area: &str, cookie: &str) -> Result<Coverage, AppError> {
    call(
        app,
        app::returns::LoadCoverage::PATH,
        &[("area", area)],
        cookie,
    )
    .await
}

/// London → ICB → borough: each level's figures are its parts', added up from the boroughs;
/// each viewer is offered, and given, only the areas they read.
async fn coverage_adds_up_from_borough_to_icb_to_london(app: TestApp) {
    app.seed_demo().await;
    let regional = app.sign_in(REGIONAL).await;
    let london = coverage_of(&app, "", &regional).await.unwrap();
    assert_eq!(
        london.area.chosen, "london",
        "the regional team starts on London"
    );
    let offered: Vec<&str> = london
        .area
        .options
        .iter()
        .map(|o| o.code.as_str())
        .collect();
    assert_eq!(offered[..2], ["london", "NCL"]);
    assert!(offered.contains(&"hackney") && offered.contains(&"camden"));
    let ncl = coverage_of(&app, "NCL", &regional).await.unwrap();
    let nel = coverage_of(&app, "NEL", &regional).await.unwrap();
    let ncl_name = "North Central London ICB";
    let nel_name = "North East London ICB";
    assert_eq!(ncl.area.name, ncl_name);
    // Each ICB's total is its boroughs' sum; London's is both ICBs'.
    let boroughs_sum = |coverage: &Coverage| -> f64 {
        coverage
            .quarters
            .last()
            .unwrap()
            .boroughs
            .iter()
            .filter_map(|line| line.role(WorkforceRole::Splw))
            .map(|role| role.wte)
            .sum()
    };
    assert!((splw(&ncl, ncl_name) - boroughs_sum(&ncl)).abs() < 1e-9);
    assert!((splw(&nel, nel_name) - boroughs_sum(&nel)).abs() < 1e-9);
    assert!(
        splw(&nel, nel_name) > 0.0,
        "the second ICB has illustrative returns"
    );
    assert!((splw(&london, ncl_name) - splw(&ncl, ncl_name)).abs() < 1e-9);
    assert!((splw(&london, nel_name) - splw(&nel, nel_name)).abs() < 1e-9);
    assert!(
        (splw(&london, "London") - splw(&ncl, ncl_name) - splw(&nel, nel_name)).abs() < 1e-9,
        "London is its ICBs added up"
    );
    let latest = london.quarters.last().unwrap();
    let london_line = &latest.icb;
    let population: i64 = [&ncl, &nel]
        .iter()
        .filter_map(|c| c.quarters.last().unwrap().icb.population)
        .sum();
    assert_eq!(london_line.population, Some(population));
    assert!(latest
        .notes
        .iter()
        .any(|note| note == app::demo::ILLUSTRATIVE_NOTE));
    // A borough beside its ICB: the same figure as in the ICB's view.
    let camden = coverage_of(&app, "camden", &regional).await.unwrap();
    let camden_quarter = camden.quarters.last().unwrap();
    assert_eq!(camden_quarter.boroughs.len(), 1);
    assert_eq!(camden_quarter.icb.name, ncl_name);
    for (a, b) in camden.quarters.iter().zip(&ncl.quarters) {
        assert_eq!(
            a.boroughs[0],
            b.boroughs
                .iter()
                .find(|l| l.name == "Camden")
                .unwrap()
                .clone()
        );
    }

    // NCL's lead reads NCL and its boroughs, nothing of London's or NEL's.
    let lead = app.sign_in(NCL_LEAD).await;
    let theirs = coverage_of(&app, "", &lead).await.unwrap();
    assert_eq!(theirs.area.chosen, "NCL");
    assert!(
        theirs.quarters == ncl.quarters && theirs.deprivation == ncl.deprivation,
        "the same figures, whoever reads them"
    );
    assert!(theirs
        .area
        .options
        .iter()
        .all(|o| o.code != "london" && o.code != "hackney"));
    for refused in ["london", "NEL", "hackney"] {
        let answer = coverage_of(&app, refused, &lead).await;
        assert!(
            matches!(answer, Err(AppError::Forbidden)),
            "{refused}: {answer:?}"
        );
    }
    let unknown = coverage_of(&app, "atlantis", &lead).await;
    assert!(
        matches!(unknown, Err(AppError::NotFound { .. })),
        "{unknown:?}"
    );
    // Camden's submitter reads their ICB's shared picture, down to another NCL borough.
    let submitter = app.sign_in(CAMDEN_SUBMITTER).await;
    assert!(coverage_of(&app, "barnet", &submitter).await.is_ok());
    let hackney = coverage_of(&app, "hackney", &submitter).await;
    assert!(matches!(hackney, Err(AppError::Forbidden)), "{hackney:?}");
    // The export follows the area in the address, with the same refusals.
    let export = app
        .get_as("/workforce/coverage.xlsx?area=london", Some(&regional))
        .await;
    assert_eq!(export.status().as_u16(), 200);
    let refused = app
        .get_as("/workforce/coverage.xlsx?area=london", Some(&lead))
        .await;
    assert_eq!(refused.status().as_u16(), 403);
}

mod rollups {
    use super::*;
    both_databases!(coverage_adds_up_from_borough_to_icb_to_london);
}

fn shown(count: &app::returns::Count) -> Option<i64> {
    match count {
        app::returns::Count::Shown(value) => Some(*value),
        _ => None,
    }
}

/// The row `theme` of the theme-by-area table.
fn theme_row<'a>(
    rollup: &'a app::returns::UnmetNeedRollup,
    theme: &str,
) -> &'a [app::returns::Count] {
    &rollup
        .by_borough
        .iter()
        .find(|row| row.label == theme)
        .unwrap_or_else(|| panic!("no row {theme}"))
        .counts
}

/// Unmet need by ICB for London, by borough for an ICB: every level adds up from the
/// boroughs, and small counts are suppressed at every level for publication.
async fn unmet_need_adds_up_and_is_suppressed_at_every_level(app: TestApp) {
    app.seed_demo().await;
    let regional = app.sign_in(REGIONAL).await;
    let reader = app.current_user(&regional).await.unwrap();
    let view = |area: &'static str, every_count: bool| {
        let (app, reader) = (&app, &reader);
        async move {
            app::returns::views::unmet_view(&app.db, reader, area, None, every_count)
                .await
                .unwrap()
        }
    };
    let london = view("london", true).await;
    assert!(!london.suppressed, "the regional team sees every count");
    let columns: Vec<&str> = london
        .boroughs
        .iter()
        .map(|(code, _)| code.as_str())
        .collect();
    assert_eq!(columns, ["NCL", "NEL"]);
    assert!(london.total_heading().starts_with("London total"));
    let ncl = view("NCL", true).await;
    let nel = view("NEL", true).await;
    let housing = "Housing (repairs, damp, mould, waits)";
    let total = |counts: &[app::returns::Count]| counts.last().and_then(shown);
    let row = theme_row(&london, housing);
    assert_eq!(
        shown(&row[0]),
        total(theme_row(&ncl, housing)),
        "NCL's column is NCL's total"
    );
    assert_eq!(
        shown(&row[1]),
        total(theme_row(&nel, housing)),
        "NEL's column is NEL's total"
    );
    assert_eq!(
        total(row),
        Some(shown(&row[0]).unwrap() + shown(&row[1]).unwrap()),
        "London is its ICBs added up"
    );
    let nel_row = theme_row(&nel, housing);
    let nel_sum: i64 = nel_row[..nel_row.len() - 1].iter().filter_map(shown).sum();
    assert_eq!(
        total(theme_row(&nel, housing)),
        Some(nel_sum),
        "an ICB is its boroughs added up"
    );

    // For publication, nothing from 1 to the threshold shows at any level.
    for area in ["london", "NCL", "NEL", "newham"] {
        let published = view(area, false).await;
        assert!(published.suppressed, "{area}");
        for row in published.by_borough.iter().chain(&published.why_unmet) {
            for count in &row.counts {
                if let Some(value) = shown(count) {
                    assert!(
                        value == 0 || value >= published.threshold,
                        "{area}: {} shows {value}",
                        row.label
                    );
                }
            }
        }
    }
    // Newham's three people waiting for counselling: hidden in NEL's columns, counted in
    // London's.
    let nel_published = view("NEL", false).await;
    let counselling = "Mental health and counselling waits";
    let newham = nel_published
        .boroughs
        .iter()
        .position(|(code, _)| code == "newham")
        .unwrap();
    assert!(shown(&theme_row(&nel_published, counselling)[newham]).is_none());
    // Only the regional team reads London; NCL's viewer sees NCL suppressed.
    let lead = app.sign_in(NCL_LEAD).await;
    let refused: Result<app::returns::UnmetNeedRollup, _> = call(
        &app,
        app::returns::LoadUnmetNeed::PATH,
        &[("quarter", ""), ("area", "london")],
        &lead,
    )
    .await;
    assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
    let viewer = app.sign_in("viewer@demo.linkway.test").await;
    let theirs: app::returns::UnmetNeedRollup = call(
        &app,
        app::returns::LoadUnmetNeed::PATH,
        &[("quarter", "")],
        &viewer,
    )
    .await
    .unwrap();
    assert!(theirs.suppressed && theirs.area.chosen == "NCL");
    let export = app
        .get_as(
            "/unmet-need/export.xlsx?area=london&for=icb",
            Some(&regional),
        )
        .await;
    assert_eq!(export.status().as_u16(), 200);
}

mod unmet_levels {
    use super::*;
    both_databases!(unmet_need_adds_up_and_is_suppressed_at_every_level);
}

/// Each ICB's review numbers its recommendations from 1: a number means the one in the
/// ICB the user works in, and a change to one never lands on another ICB's.
async fn a_recommendation_number_is_each_icbs_own(app: TestApp) {
    app.seed_demo().await;
    nel_recommendation_3(&app).await;
    let nel = app.sign_in_as_other_icb_lead().await;
    let ncl = app.sign_in(NCL_LEAD).await;
    let tracker = |cookie: String| {
        let app = &app;
        async move {
            call::<TrackerView>(
                app,
                app::recommendations::LoadTracker::PATH,
                &[("filter[sort]", "number")],
                &cookie,
            )
            .await
            .unwrap()
        }
    };
    let theirs = tracker(nel.clone()).await;
    assert_eq!(theirs.rows.len(), 1);
    assert_eq!(
        theirs.rows[0].recommendation.recommendation,
        "A NEL recommendation"
    );
    let version_of = |icb: &'static str| {
        let app = &app;
        async move {
            count(
                app,
                &format!(
                    "SELECT version FROM recommendations WHERE number = 3 \
                     AND icb_id = (SELECT id FROM icbs WHERE code = '{icb}')"
                ),
            )
            .await
        }
    };
    let ncl_version = version_of("NCL").await;
    let planned: Result<(), _> = call(
        &app,
        app::recommendations::UpdatePlan::PATH,
        &[
            ("number", "3"),
            ("owner", ""),
            ("lead_organisation", "NEL ICB"),
            ("version", "1"),
        ],
        &nel,
    )
    .await;
    assert!(planned.is_ok(), "{planned:?}");
    assert_eq!(version_of("NEL").await, 2);
    assert_eq!(
        version_of("NCL").await,
        ncl_version,
        "NCL's recommendation 3 untouched"
    );
    let posted: i64 = call(
        &app,
        app::recommendations::AddProgressUpdate::PATH,
        &[
            ("number", "3"),
            ("status", "on_track"),
            ("commentary", "NEL's own progress"),
            ("percent_complete", "10"),
            ("evidence", ""),
            ("reported_on", "2026-11-30"),
        ],
        &nel,
    )
    .await
    .unwrap();
    let landed = count(
        &app,
        &format!(
            "SELECT COUNT(*) FROM progress_updates p JOIN recommendations r \
             ON r.id = p.recommendation_id JOIN icbs i ON i.id = r.icb_id \
             WHERE p.id = {posted} AND i.code = 'NEL'"
        ),
    )
    .await;
    assert_eq!(landed, 1, "the update is on NEL's recommendation 3");
    let ours = tracker(ncl).await;
    assert_eq!(ours.rows.len(), 21);
    assert!(ours
        .rows
        .iter()
        .all(|row| row.recommendation.recommendation != "A NEL recommendation"));
}

mod numbers {
    use super::*;
    both_databases!(a_recommendation_number_is_each_icbs_own);
}

/// Owners and participants are people of the record's ICB: NCL's lead cannot make the
/// regional lead or NEL's lead an owner of an NCL recommendation, and is not offered them.
async fn owners_are_people_of_the_records_icb(app: TestApp) {
    app.seed_demo().await;
    let ncl = app.sign_in(NCL_LEAD).await;
    let tracker: TrackerView = call(
        &app,
        app::recommendations::LoadTracker::PATH,
        &[("filter[sort]", "number")],
        &ncl,
    )
    .await
    .unwrap();
    let offered: Vec<&str> = tracker.owners.iter().map(|p| p.name.as_str()).collect();
    assert!(offered.contains(&"Cam Lead (demo)"), "{offered:?}");
    for stranger in [
        "Rae Regional (demo)",
        "Nell Lead (demo)",
        "Hana Lead (demo)",
    ] {
        assert!(
            !offered.contains(&stranger),
            "{stranger} offered: {offered:?}"
        );
    }
    let before = count(&app, CHANGES).await;
    for email in [REGIONAL, tests::OTHER_ICB_LEAD] {
        let id = app.user_id(email).await.to_string();
        let planned: Result<(), _> = call(
            &app,
            app::recommendations::UpdatePlan::PATH,
            &[
                ("number", "3"),
                ("owner", &id),
                ("lead_organisation", "NCL ICB"),
                ("version", "1"),
            ],
            &ncl,
        )
        .await;
        let Err(AppError::Validation(errors)) = planned else {
            panic!("{email} as owner: {planned:?}");
        };
        assert!(errors.contains_key("owner"), "{errors:?}");
    }
    assert_eq!(count(&app, CHANGES).await, before, "nothing was changed");

    // An owner recorded before (now outside the ICB's people) stays the owner when the
    // plan is saved for another change: offered as the current owner, and accepted.
    let regional = app.user_id(REGIONAL).await;
    app::on_conn!(&mut app.db.conn().await.unwrap(), c => {
        sqlx::query(
            "UPDATE recommendations SET owner_id = $1 WHERE number = 3 \
             AND icb_id = (SELECT id FROM icbs WHERE code = 'NCL')",
        )
        .bind(regional)
        .execute(c)
        .await
        .map(|_| ())
    })
    .unwrap();
    let page = app.get_text_as("/recommendations/3", 200, Some(&ncl)).await;
    assert!(
        page.contains("Rae Regional (demo) (current owner)"),
        "not offered"
    );
    let kept: Result<(), AppError> = call(
        &app,
        app::recommendations::UpdatePlan::PATH,
        &[
            ("number", "3"),
            ("owner", &regional.to_string()),
            ("lead_organisation", "NCL ICB, kept owner"),
            ("version", "2"),
        ],
        &ncl,
    )
    .await;
    assert!(kept.is_ok(), "{kept:?}");
    assert_eq!(
        count(
            &app,
            &format!(
                "SELECT COUNT(*) FROM recommendations WHERE owner_id = {regional} \
                 AND lead_organisation = 'NCL ICB, kept owner'"
            )
        )
        .await,
        1
    );
}

mod owners {
    use super::*;
    both_databases!(owners_are_people_of_the_records_icb);
}

async fn heatmap_of(
    app: &TestApp,
    area: &str,
    cookie: &str,
) -> Result<app::maturity::MaturityOverview, AppError> {
    call(
        app,
        app::maturity::LoadMaturity::PATH,
        &[("area", area)],
        cookie,
    )
    .await
}

fn heatmap_boroughs(overview: &app::maturity::MaturityOverview) -> Vec<&str> {
    overview
        .heatmap
        .rows
        .iter()
        .map(|row| row.borough_code.as_str())
        .collect()
}

/// The maturity heatmap by area: London lists every borough with a published round and
/// counts the rest (of the ICBs whose programme Linkway holds); an ICB lists its boroughs, published or not; a borough only itself.
/// The export follows the same area, and nobody reaches an area they do not read.
async fn the_heatmap_follows_the_area(app: TestApp) {
    app.seed_demo().await;
    let regional = app.sign_in(REGIONAL).await;
    let london = heatmap_of(&app, "", &regional).await.unwrap();
    assert_eq!(london.area.chosen, "london");
    let ncl = ["barnet", "camden", "enfield", "haringey", "islington"];
    assert_eq!(heatmap_boroughs(&london), ncl, "only published rounds");
    assert_eq!(
        london.heatmap.unpublished, 8,
        "NEL's eight boroughs have no round"
    );
    let nel = heatmap_of(&app, "NEL", &regional).await.unwrap();
    assert_eq!(nel.heatmap.rows.len(), 8, "each of NEL's boroughs");
    assert!(nel.heatmap.rows.iter().all(|row| row.round.is_none()));
    assert_eq!(nel.heatmap.unpublished, 0);
    let camden = heatmap_of(&app, "camden", &regional).await.unwrap();
    assert_eq!(heatmap_boroughs(&camden), ["camden"]);
    assert!(camden.heatmap.rows[0].cells.iter().all(Option::is_some));

    // NCL's lead starts on NCL, is offered no London, and cannot ask for NEL.
    let lead = app.sign_in(NCL_LEAD).await;
    let own = heatmap_of(&app, "", &lead).await.unwrap();
    assert_eq!(own.area.chosen, "NCL");
    assert_eq!(heatmap_boroughs(&own), ncl);
    assert!(own.area.options.iter().all(|o| o.code != "london"));
    assert!(matches!(
        heatmap_of(&app, "NEL", &lead).await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        heatmap_of(&app, "nowhere", &lead).await,
        Err(AppError::NotFound { .. })
    ));
    let refused = app
        .get_as("/maturity/heatmap.xlsx?area=NEL", Some(&lead))
        .await;
    assert_eq!(refused.status(), 403);

    // The export of NEL holds its eight boroughs under the area's name.
    let response = app
        .get_as("/maturity/heatmap.xlsx?area=NEL", Some(&regional))
        .await;
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.unwrap();
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    use calamine::Reader;
    let sheet = workbook.worksheet_range("Heatmap").unwrap();
    let text: Vec<String> = sheet.rows().flatten().map(|c| c.to_string()).collect();
    assert!(
        text[0].starts_with("North East London ICB: maturity"),
        "{}",
        text[0]
    );
    for borough in ["Hackney", "Newham", "Tower Hamlets"] {
        assert!(text.iter().any(|t| t == borough), "{borough}");
    }
    assert!(!text.iter().any(|t| t == "Camden"));
}

mod heatmap {
    use super::*;
    both_databases!(the_heatmap_follows_the_area);
}

/// NEL's recommendation 3, beside NCL's of the same number.
async fn nel_recommendation_3(app: &TestApp) {
    app::on_conn!(&mut app.db.conn().await.unwrap(), c => {
        sqlx::query(
            "INSERT INTO recommendations (number, category, recommendation, specific_actions, \
             timeline, cost_implication, priority, icb_id) VALUES (3, 'Leadership', \
             'A NEL recommendation', '', '6 months', 'Low', 'High', \
             (SELECT id FROM icbs WHERE code = 'NEL'))",
        )
        .execute(c)
        .await
        .map(|_| ())
    })
    .unwrap();
}

async fn tracker_of(app: &TestApp, area: &str, cookie: &str) -> Result<TrackerView, AppError> {
    call(
        app,
        app::recommendations::LoadTracker::PATH,
        &[("filter[area]", area)],
        cookie,
    )
    .await
}

/// The regional team compares the ICBs' trackers by derived RAG across London, opens
/// either ICB's tracker and recommendations by the ICB in the address, and an ICB lead
/// reaches neither London nor another ICB's. A change made from another ICB's page lands
/// on that ICB's recommendation.
async fn the_trackers_compare_across_london(app: TestApp) {
    app.seed_demo().await;
    nel_recommendation_3(&app).await;
    let regional = app.sign_in(REGIONAL).await;
    let london = tracker_of(&app, "london", &regional).await.unwrap();
    assert!(london.rows.is_empty());
    let lines: Vec<(&str, usize)> = london
        .by_icb
        .iter()
        .map(|icb| (icb.code.as_str(), icb.recommendations))
        .collect();
    assert_eq!(lines, [("NCL", 21), ("NEL", 1)]);
    for icb in &london.by_icb {
        assert_eq!(icb.red + icb.amber + icb.green, icb.recommendations);
    }
    let ncl = tracker_of(&app, "NCL", &regional).await.unwrap();
    let red = ncl
        .rows
        .iter()
        .filter(|row| row.derived.rag == app::recommendations::Rag::Red)
        .count();
    assert_eq!(london.by_icb[0].red, red, "London's count is the ICB's own");
    assert!(
        london
            .area
            .options
            .iter()
            .all(|o| o.level != app::boroughs::area::AreaLevel::Borough),
        "the tracker is an ICB's, not a borough's"
    );
    let nel = tracker_of(&app, "NEL", &regional).await.unwrap();
    assert_eq!(nel.icb_code, "NEL");
    assert_eq!(nel.rows.len(), 1);
    let detail: app::recommendations::RecommendationDetail = call(
        &app,
        app::recommendations::LoadRecommendation::PATH,
        &[("number", "3"), ("icb", "NEL")],
        &regional,
    )
    .await
    .unwrap();
    assert_eq!(
        detail.row.recommendation.recommendation,
        "A NEL recommendation"
    );
    assert!(
        !detail.can_plan,
        "the regional lead reads, and changes nothing"
    );

    // NCL's lead: no London, no NEL, and no borough as a tracker.
    let lead = app.sign_in(NCL_LEAD).await;
    for area in ["london", "NEL"] {
        let refused = tracker_of(&app, area, &lead).await;
        assert!(
            matches!(refused, Err(AppError::Forbidden)),
            "{area}: {refused:?}"
        );
    }
    assert!(matches!(
        tracker_of(&app, "camden", &lead).await,
        Err(AppError::NotFound { .. })
    ));
    let refused: Result<app::recommendations::RecommendationDetail, _> = call(
        &app,
        app::recommendations::LoadRecommendation::PATH,
        &[("number", "3"), ("icb", "NEL")],
        &lead,
    )
    .await;
    assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
    let before = count(&app, CHANGES).await;
    let refused: Result<(), _> = call(
        &app,
        app::recommendations::UpdatePlan::PATH,
        &[
            ("number", "3"),
            ("owner", ""),
            ("lead_organisation", "Taken over"),
            ("version", "1"),
            ("icb", "NEL"),
        ],
        &lead,
    )
    .await;
    assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
    assert_eq!(count(&app, CHANGES).await, before, "nothing was changed");

    // Once NCL's lead also leads NEL, a change from NEL's page (its form names the ICB)
    // lands on NEL's recommendation 3, and NCL's stays as it was.
    app::on_conn!(&mut app.db.conn().await.unwrap(), c => {
        sqlx::query(
            "INSERT INTO user_roles (user_id, role, icb_id) VALUES \
             ((SELECT id FROM users WHERE email = $1), 'icb_lead', \
             (SELECT id FROM icbs WHERE code = 'NEL'))",
        )
        .bind(NCL_LEAD)
        .execute(c)
        .await
        .map(|_| ())
    })
    .unwrap();
    let planned: Result<(), _> = call(
        &app,
        app::recommendations::UpdatePlan::PATH,
        &[
            ("number", "3"),
            ("owner", ""),
            ("lead_organisation", "NEL ICB"),
            ("version", "1"),
            ("icb", "NEL"),
        ],
        &lead,
    )
    .await;
    assert!(planned.is_ok(), "{planned:?}");
    let with = |icb: &str| {
        format!(
            "SELECT COUNT(*) FROM recommendations r JOIN icbs i ON i.id = r.icb_id \
             WHERE r.lead_organisation = 'NEL ICB' AND i.code = '{icb}' AND r.number = 3"
        )
    };
    assert_eq!(count(&app, &with("NEL")).await, 1);
    assert_eq!(count(&app, &with("NCL")).await, 0);
}

mod trackers {
    use super::*;
    both_databases!(the_trackers_compare_across_london);
}
