//! London as reference data: the region's five ICBs with their ODS codes, 33 boroughs with
//! their ONS codes and ICBs, and PCNs kept by administrators. The programme pages keep to
//! the ICB whose programme Linkway holds (NCL): another ICB's borough cannot be used. An
//! installation made before London arrived moves forward with every id and record kept.

use app::boroughs::{AddPcn, LoadRegion, Region};
use app::error::AppError;
use server_fn::ServerFn;
use tests::{both_database_kinds, both_databases, call, count, DbKind, TestApp};

const ADMIN: &str = "admin@demo.linkway.test";
const LEAD: &str = "icb.lead@demo.linkway.test";

async fn the_region_is_reference_data_and_the_programme_keeps_to_its_icb(app: TestApp) {
    app.seed_demo().await;
    let lead = app.sign_in(LEAD).await;
    let region: Region = call(&app, LoadRegion::PATH, &[], &lead).await.unwrap();
    let icbs: Vec<(String, Option<String>, bool)> = region
        .icbs
        .iter()
        .map(|icb| (icb.code.clone(), icb.ods_code.clone(), icb.programme))
        .collect();
    let ods = |code: &str| Some(code.to_owned());
    assert_eq!(
        icbs,
        [
            ("NCL".to_owned(), ods("QMJ"), true),
            // The demo holds North East London's programme too, with illustrative figures.
            ("NEL".to_owned(), ods("QMF"), true),
            ("NWL".to_owned(), ods("QRV"), false),
            ("SEL".to_owned(), ods("QKK"), false),
            ("SWL".to_owned(), ods("QWE"), false),
        ]
    );
    assert_eq!(region.boroughs.len(), 33);
    let of = |name: &str| {
        region
            .boroughs
            .iter()
            .find(|b| b.name == name)
            .map(|b| (b.ons_code.clone().unwrap_or_default(), b.icb_code.clone()))
            .unwrap_or_else(|| panic!("{name} is missing"))
    };
    assert_eq!(of("City of London"), ("E09000001".into(), "NEL".into()));
    assert_eq!(of("Camden"), ("E09000007".into(), "NCL".into()));
    assert_eq!(of("Westminster"), ("E09000033".into(), "NWL".into()));
    assert_eq!(of("Sutton"), ("E09000029".into(), "SWL".into()));
    for icb in ["NCL", "SEL", "SWL"] {
        let boroughs = region.boroughs.iter().filter(|b| b.icb_code == icb).count();
        assert_eq!(boroughs, if icb == "NCL" { 5 } else { 6 }, "{icb}");
    }
    // Populations stay as the review gives them; the rest are not recorded.
    let hackney = region
        .boroughs
        .iter()
        .find(|b| b.code == "hackney")
        .unwrap();
    assert_eq!(hackney.gp_registered_population, None);

    // The programme's pages and forms keep to NCL's five boroughs.
    let boroughs: Vec<app::boroughs::Borough> =
        call(&app, app::boroughs::ListBoroughs::PATH, &[], &lead)
            .await
            .unwrap();
    let names: Vec<&str> = boroughs.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(
        names,
        ["Barnet", "Camden", "Enfield", "Haringey", "Islington"]
    );
    let audit = "SELECT COUNT(*) FROM audit_events";
    let before = count(&app, audit).await;
    let round = call::<i64>(
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
    // NCL's ICB lead holds nothing in Hackney (North East London): refused.
    assert!(matches!(round, Err(AppError::Forbidden)), "{round:?}");
    // Even the ICB lead, who reads every NCL borough's returns, may not open Hackney's.
    let newest = count(
        &app,
        "SELECT MAX(id) FROM return_periods WHERE icb_id = (SELECT id FROM icbs WHERE code = 'NCL')",
    )
    .await;
    let template = app
        .get_as(
            &format!("/returns/periods/{newest}/boroughs/hackney/template.xlsx"),
            Some(&lead),
        )
        .await;
    assert_eq!(template.status().as_u16(), 403);
    let ours = app
        .get_as(
            &format!("/returns/periods/{newest}/boroughs/camden/template.xlsx"),
            Some(&lead),
        )
        .await;
    assert_eq!(ours.status().as_u16(), 200);
    assert_eq!(count(&app, audit).await, before, "nothing was changed");
    let page = app
        .get_text_as("/returns/periods/1", 200, Some(&lead))
        .await;
    assert!(page.contains("of 5 boroughs"), "{page}");
}

async fn administrators_keep_the_pcns(app: TestApp) {
    app.seed_demo().await;
    let admin = app.sign_in(ADMIN).await;
    let add = |code: &'static str, name: &'static str, borough: &'static str| {
        let app = &app;
        let admin = admin.clone();
        async move {
            call::<()>(
                app,
                AddPcn::PATH,
                &[("code", code), ("name", name), ("borough", borough)],
                &admin,
            )
            .await
        }
    };
    add("u12345", "Central Camden PCN", "camden").await.unwrap();
    add("U23456", "City and Hackney PCN", "hackney")
        .await
        .unwrap();
    let refused = |result: Result<(), AppError>, field: &str| match result {
        Err(AppError::Validation(errors)) => assert!(errors.contains_key(field), "{errors:?}"),
        other => panic!("{field}: {other:?}"),
    };
    refused(add("U12345", "Again", "camden").await, "code");
    refused(add("U1 2345", "Spaced", "camden").await, "code");
    refused(add("U34567", "", "camden").await, "name");
    refused(add("U34567", "Nowhere PCN", "atlantis").await, "borough");
    let region: Region = call(&app, LoadRegion::PATH, &[], &admin).await.unwrap();
    let pcns: Vec<(String, String, String)> = region
        .pcns
        .iter()
        .map(|p| (p.code.clone(), p.name.clone(), p.borough_code.clone()))
        .collect();
    assert_eq!(
        pcns,
        [
            (
                "U12345".into(),
                "Central Camden PCN".into(),
                "camden".into()
            ),
            (
                "U23456".into(),
                "City and Hackney PCN".into(),
                "hackney".into()
            ),
        ]
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE action = 'add_pcn'"
        )
        .await,
        2
    );
    let page = app.get_text_as("/admin/areas", 200, Some(&admin)).await;
    assert!(page.contains("Central Camden PCN (U12345)"), "{page}");
    assert!(page.contains("North East London ICB"));
    // Only administrators keep them.
    let lead = app.sign_in(LEAD).await;
    let forbidden = call::<()>(
        &app,
        AddPcn::PATH,
        &[("code", "U45678"), ("name", "X"), ("borough", "camden")],
        &lead,
    )
    .await;
    assert!(
        matches!(forbidden, Err(AppError::Forbidden)),
        "{forbidden:?}"
    );
}

/// With PCNs recorded for a borough, its return's PCN column offers them (and
/// Borough-wide), and a row naming another PCN is refused at its cell.
async fn a_return_names_its_boroughs_pcns(app: TestApp) {
    use crate::returns::{attempt_of, clean_fill, open_period, spec, text, workbook_bytes};
    app.seed_demo().await;
    let admin = app.sign_in(ADMIN).await;
    for (code, name) in [
        ("U11111", "North Camden PCN"),
        ("U22222", "Central Camden PCN"),
    ] {
        call::<()>(
            &app,
            AddPcn::PATH,
            &[("code", code), ("name", name), ("borough", "camden")],
            &admin,
        )
        .await
        .unwrap();
    }
    let period = open_period(&app).await;
    let submitter = app.sign_in("camden.submitter@demo.linkway.test").await;

    // The template's list of PCNs, for the drop-down.
    let template = app
        .get_as(
            &format!("/returns/periods/{period}/boroughs/camden/template.xlsx"),
            Some(&submitter),
        )
        .await;
    assert_eq!(template.status().as_u16(), 200);
    let bytes = template.bytes().await.unwrap();
    use calamine::Reader;
    let mut workbook = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let lists = workbook.worksheet_range("Lists").unwrap();
    let pcns: Vec<String> = (0..4)
        .filter_map(|row| lists.get_value((row, 4)).map(|cell| cell.to_string()))
        .collect();
    assert_eq!(
        pcns,
        [
            "PCNs",
            "Borough-wide",
            "Central Camden PCN",
            "North Camden PCN"
        ]
    );

    // Recorded PCNs (in any case) and Borough-wide pass; another name is refused at its cell.
    let mut fill = clean_fill();
    fill.workforce[1][0] = text("central camden pcn");
    let passed = attempt_of(
        &app,
        period,
        &workbook_bytes(&spec(&app).await, &fill),
        &submitter,
    )
    .await;
    assert!(passed.submission_id.is_some(), "{:?}", passed.problems);
    fill.workforce[1][0] = text("Kentish Town PCN");
    let refused = attempt_of(
        &app,
        period,
        &workbook_bytes(&spec(&app).await, &fill),
        &submitter,
    )
    .await;
    assert!(refused.submission_id.is_none());
    let problems: Vec<(String, String)> = refused
        .problems
        .iter()
        .map(|p| (p.reference(), p.message.clone()))
        .collect();
    assert_eq!(
        problems,
        [(
            "Workforce!A5".to_owned(),
            "Kentish Town PCN is not one of Camden's PCNs recorded in Linkway: choose a PCN from the list, or Borough-wide (ask the ICB team if a PCN is missing)".to_owned()
        )]
    );
}

/// A PCN list as an administrator's spreadsheet holds it: the headings, then `rows`.
fn pcn_list(rows: &[[&str; 3]]) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (column, heading) in (0u16..).zip(app::boroughs::import::HEADINGS) {
        sheet.write(0, column, heading).unwrap();
    }
    for (row, cells) in (1u32..).zip(rows) {
        for (column, value) in (0u16..).zip(cells) {
            sheet.write(row, column, *value).unwrap();
        }
    }
    workbook.save_to_buffer().unwrap()
}

/// Uploads `bytes` as the PCN list; answers the import the page was sent back to show.
async fn import(app: &TestApp, bytes: &[u8], cookie: &str) -> app::boroughs::PcnImport {
    let response = app
        .upload_file("/admin/areas/pcns", "pcns.xlsx", bytes, cookie)
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let id = location
        .strip_prefix("/admin/areas?import=")
        .and_then(|rest| rest.strip_suffix("#import-pcns"))
        .unwrap_or_else(|| panic!("sent to {location}"));
    call(
        app,
        app::boroughs::LoadPcnImport::PATH,
        &[("id", id)],
        cookie,
    )
    .await
    .unwrap()
}

async fn pcns_are_imported_from_a_spreadsheet_all_or_nothing(app: TestApp) {
    app.seed_demo().await;
    let admin = app.sign_in(ADMIN).await;
    call::<()>(
        &app,
        AddPcn::PATH,
        &[
            ("code", "U11111"),
            ("name", "North Camden PCN"),
            ("borough", "camden"),
        ],
        &admin,
    )
    .await
    .unwrap();
    let recorded = "SELECT COUNT(*) FROM pcns";

    // A list with problems adds nothing, and names every problem by its cell.
    let refused = import(
        &app,
        &pcn_list(&[
            ["U4 4", "", "Atlantis"],
            ["U22222", "Hackney Central PCN", "E09000012"],
            ["u22222", "Twice", "Hackney"],
        ]),
        &admin,
    )
    .await;
    assert_eq!(refused.added, 0);
    assert_eq!(
        refused.problems,
        [
            "A2: The ODS code must be letters and numbers only, 12 or fewer, like U12345",
            "B2: Enter the PCN's name",
            "C2: Atlantis is not a London borough: enter its name (like Camden) or ONS code (like E09000007)",
            "A4: U22222 is listed already, on row 3",
        ]
    );
    assert_eq!(count(&app, recorded).await, 1);

    // A clean list adds what is new and counts what is recorded already.
    let done = import(
        &app,
        &pcn_list(&[
            ["U11111", "North Camden PCN", "Camden"],
            ["u22222", "Hackney Central PCN", "E09000012"],
            ["U33333", "Barnet 1 PCN", "barnet"],
        ]),
        &admin,
    )
    .await;
    assert_eq!((done.added, done.already, done.problems.len()), (2, 1, 0));
    assert_eq!(count(&app, recorded).await, 3);
    let region: Region = call(&app, LoadRegion::PATH, &[], &admin).await.unwrap();
    assert!(region
        .pcns
        .iter()
        .any(|p| p.code == "U22222" && p.borough_code == "hackney"));
    let page = app
        .get_text_as(
            &format!("/admin/areas?import={}", done.id),
            200,
            Some(&admin),
        )
        .await;
    assert!(
        page.contains("pcns.xlsx: 2 PCNs added, 1 recorded already."),
        "{page}"
    );

    // A PCN recorded differently is a problem, not a silent change.
    let clash = import(
        &app,
        &pcn_list(&[["U22222", "Renamed PCN", "Hackney"]]),
        &admin,
    )
    .await;
    assert_eq!(clash.added, 0);
    assert_eq!(
        clash.problems,
        ["U22222 is recorded already as Hackney Central PCN (hackney): change it on the list to match, or leave it off"]
    );
    // Each PCN added by the import is in the audit trail, one entry each.
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE action = 'add_pcn'"
        )
        .await,
        3
    );
    // Two PCNs of one borough cannot share a name: a return tells them apart by it.
    let twin = call::<()>(
        &app,
        AddPcn::PATH,
        &[
            ("code", "U99999"),
            ("name", "north camden pcn"),
            ("borough", "camden"),
        ],
        &admin,
    )
    .await;
    assert!(
        matches!(twin, Err(AppError::Validation(ref e)) if e.contains_key("name")),
        "{twin:?}"
    );
    // A stray value far down the sheet is refused without reading what lies between.
    let mut far = rust_xlsxwriter::Workbook::new();
    let sheet = far.add_worksheet();
    for (column, heading) in (0u16..).zip(app::boroughs::import::HEADINGS) {
        sheet.write(0, column, heading).unwrap();
    }
    sheet.write(1_048_575, 2, "Camden").unwrap();
    sheet.write(1_048_575, 16_383, "far away").unwrap();
    let stray = import(&app, &far.save_to_buffer().unwrap(), &admin).await;
    assert_eq!(
        stray.problems,
        ["Row 1048576: the list goes on past row 2001; Linkway takes at most 2000 PCNs at a time. Remove what is below them."]
    );
    // Not a workbook at all; no file at all.
    let text = import(&app, b"code,name,borough\nU5,X,Camden\n", &admin).await;
    assert!(
        text.problems[0].contains("not an Excel workbook"),
        "{:?}",
        text.problems
    );
    assert_eq!(count(&app, recorded).await, 3);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE action = 'import_pcns'"
        )
        .await,
        5
    );
    // Only administrators import.
    let lead = app.sign_in(LEAD).await;
    let refused = app
        .upload_file(
            "/admin/areas/pcns",
            "pcns.xlsx",
            &pcn_list(&[["U66666", "X", "Camden"]]),
            &lead,
        )
        .await;
    assert_eq!(refused.status().as_u16(), 403);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM pcn_imports").await, 5);
}

/// Administrators record each borough's deprivation score; the workforce page weights the
/// SPLW target by it, states the method, and a stale or wrong entry changes nothing.
async fn deprivation_weights_the_workforce_target(app: TestApp) {
    app.seed_demo().await;
    let admin = app.sign_in(ADMIN).await;
    let settings: app::returns::ReturnSettings =
        call(&app, app::returns::LoadReturnSettings::PATH, &[], &admin)
            .await
            .unwrap();
    // The demo's illustrative scores, labelled as such.
    assert_eq!(settings.deprivation.len(), 5);
    assert!(settings
        .deprivation
        .iter()
        .all(|d| d.source.starts_with("Illustrative")));
    let version_of = |borough: &str| {
        settings
            .deprivation
            .iter()
            .find(|d| d.borough_code == borough)
            .map_or(0, |d| d.version)
            .to_string()
    };
    let record = |borough: &'static str, score: &'static str, version: String| {
        let app = &app;
        let admin = admin.clone();
        async move {
            let versions = format!("versions[{borough}]");
            call::<()>(
                app,
                app::returns::RecordDeprivation::PATH,
                &[
                    ("borough", borough),
                    ("score", score),
                    ("year", "2019"),
                    ("source", "English Indices of Deprivation 2019"),
                    (versions.as_str(), version.as_str()),
                ],
                &admin,
            )
            .await
        }
    };
    let camden = version_of("camden");
    record("camden", "25.0", camden.clone()).await.unwrap();
    // Someone else's newer save is not overwritten; a score that is not one is refused.
    let stale = record("camden", "30.0", camden.clone()).await;
    assert!(matches!(stale, Err(AppError::Conflict { .. })), "{stale:?}");
    let newer = (camden.parse::<i64>().unwrap() + 1).to_string();
    let Err(AppError::Validation(errors)) = record("camden", "high", newer.clone()).await else {
        panic!("a score in words was taken");
    };
    assert!(errors.contains_key("score"));
    record("camden", "24.0", newer).await.unwrap();

    let lead = app.sign_in(LEAD).await;
    let coverage: app::returns::Coverage = call(&app, app::returns::LoadCoverage::PATH, &[], &lead)
        .await
        .unwrap();
    let score_of = |code: &str| {
        coverage
            .deprivation
            .iter()
            .find(|d| d.borough_code == code)
            .map(|d| d.score)
    };
    assert_eq!(score_of("camden"), Some(24.0));
    let latest = coverage.quarters.last().unwrap();
    let lines = app::returns::need_weighted(latest, &coverage.deprivation, 1.0);
    // The population-weighted average score of the boroughs with a score and a population.
    let (sum, people) = latest
        .boroughs
        .iter()
        .filter_map(|b| Some((score_of(b.borough_code.as_deref()?)?, b.population? as f64)))
        .fold((0.0, 0.0), |(sum, people), (score, population)| {
            (sum + score * population, people + population)
        });
    let average = sum / people;
    let weight_of = |name: &str| lines.iter().find(|l| l.name == name).and_then(|l| l.weight);
    assert!((weight_of("Camden").unwrap() - 24.0 / average).abs() < 1e-9);
    assert_eq!(
        weight_of("Enfield"),
        None,
        "no population recorded: no weighted target"
    );
    let page = app.get_text_as("/workforce", 200, Some(&lead)).await;
    assert!(page.contains("SPLW target weighted by need"), "{page}");
    assert!(
        page.contains("Method: each borough&#x27;s target")
            || page.contains("Method: each borough's target")
    );
    assert!(page.contains(&app::format::decimal(24.0 / average, 2)));
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE action = 'record_deprivation'"
        )
        .await,
        7
    );

    // The coverage export carries the same weighting, every quarter, with the method; the
    // regional view's export, like its page, has none.
    use calamine::Reader;
    let sheets = |bytes: Vec<u8>| -> calamine::Xlsx<std::io::Cursor<Vec<u8>>> {
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap()
    };
    let ncl = app.get_as("/workforce/coverage.xlsx", Some(&lead)).await;
    assert_eq!(ncl.status(), 200);
    let mut workbook = sheets(ncl.bytes().await.unwrap().to_vec());
    let need = workbook.worksheet_range("Need-weighted").unwrap();
    let title = need.get_value((0, 0)).unwrap().to_string();
    assert!(
        title.starts_with("Method: each borough's target"),
        "{title}"
    );
    let camden = need
        .rows()
        .rfind(|row| row.get(1).is_some_and(|c| *c == "Camden"))
        .expect("Camden's line");
    let calamine::Data::Float(weight) = camden[3] else {
        panic!("Camden's weight: {:?}", camden[3]);
    };
    assert!((weight - 24.0 / average).abs() < 1e-3, "{weight}");
    let regional = app.sign_in("regional.lead@demo.linkway.test").await;
    let london = app
        .get_as("/workforce/coverage.xlsx?area=london", Some(&regional))
        .await;
    let workbook = sheets(london.bytes().await.unwrap().to_vec());
    assert!(!workbook
        .sheet_names()
        .iter()
        .any(|name| name == "Need-weighted"));
}

both_databases!(
    deprivation_weights_the_workforce_target,
    pcns_are_imported_from_a_spreadsheet_all_or_nothing,
    the_region_is_reference_data_and_the_programme_keeps_to_its_icb,
    administrators_keep_the_pcns,
    a_return_names_its_boroughs_pcns,
);

/// The first migration of London: before it, an installation knew NCL only.
const LONDON: i64 = 20261207000016;

/// A database made by the schema before London, with an account, grants, a population and
/// a return period in it, migrated forward: every id and row is kept, NCL's boroughs are
/// NCL's and the programme's, and the other 28 boroughs join them.
async fn an_installation_from_before_london_moves_forward_untouched(kind: DbKind) {
    let (_database, db) = tests::database_before(kind, LONDON).await;
    let statements = [
        "INSERT INTO users (id, name, email, email_key, organisation, active, password_hash, \
         must_change_password, is_demo, created_at) VALUES \
         (40, 'Ida Lead', 'ida@ncl.example', 'ida@ncl.example', 'NCL ICB', TRUE, 'x', FALSE, FALSE, CURRENT_TIMESTAMP), \
         (41, 'Bo Lead', 'bo@camden.example', 'bo@camden.example', 'Camden', TRUE, 'x', FALSE, FALSE, CURRENT_TIMESTAMP)",
        "INSERT INTO user_roles (id, user_id, role, borough_id) VALUES \
         (70, 40, 'icb_lead', NULL), (71, 41, 'borough_lead', (SELECT id FROM boroughs WHERE code = 'camden'))",
        "INSERT INTO borough_populations (borough_id, effective_from, population, source, recorded_by, recorded_at) \
         VALUES ((SELECT id FROM boroughs WHERE code = 'enfield'), '2025-04-01', 330000, 'ONS mid-year', 40, CURRENT_TIMESTAMP)",
        "INSERT INTO return_periods (id, financial_year, quarter, opens_on, due_on, closes_on, created_by, created_at) \
         VALUES (90, 2027, 1, '2027-07-01', '2027-07-31', '2027-08-31', 40, CURRENT_TIMESTAMP)",
    ];
    let boroughs_sql =
        "SELECT b.id, b.code, i.code FROM boroughs b JOIN icbs i ON i.id = b.icb_id ORDER BY b.id";
    let mut conn = db.conn().await.unwrap();
    for statement in statements {
        app::on_conn!(&mut conn, c => sqlx::query(statement).execute(c).await.map(|_| ()))
            .unwrap_or_else(|error| panic!("{statement}: {error}"));
    }
    let ncl_before = read_boroughs(&mut conn, boroughs_sql).await;
    assert_eq!(ncl_before.len(), 5);
    drop(conn);

    db.migrate().await.unwrap();

    let mut conn = db.conn().await.unwrap();
    let after = read_boroughs(&mut conn, boroughs_sql).await;
    assert_eq!(after.len(), 33);
    assert_eq!(
        &after[..5],
        &ncl_before[..],
        "NCL's boroughs keep their ids"
    );
    let grants =
        app::on_conn!(&mut conn, c => sqlx::query_as::<_, (i64, i64, String, Option<i64>)>(
        "SELECT id, user_id, role, borough_id FROM user_roles WHERE id IN (70, 71) ORDER BY id"
    ).fetch_all(c).await)
        .unwrap();
    let camden = ncl_before
        .iter()
        .find(|(_, code, _)| code == "camden")
        .map(|(id, ..)| *id);
    assert_eq!(
        grants,
        [
            (70, 40, "icb_lead".to_owned(), None),
            (71, 41, "borough_lead".to_owned(), camden)
        ]
    );
    let kept = app::on_conn!(&mut conn, c => sqlx::query_as::<_, (i64, i64)>(
        "SELECT (SELECT COUNT(*) FROM borough_populations WHERE population = 330000), \
         (SELECT COUNT(*) FROM return_periods WHERE id = 90 AND created_by = 40)"
    ).fetch_one(c).await)
    .unwrap();
    assert_eq!(kept, (1, 1));
    let programme: Vec<String> = app::boroughs::db::list_boroughs(&mut conn)
        .await
        .unwrap()
        .into_iter()
        .map(|b| b.code)
        .collect();
    assert_eq!(
        programme,
        ["barnet", "camden", "enfield", "haringey", "islington"]
    );
    drop(conn);
    db.close().await;
}

/// (id, code, ICB code) of every borough, by id.
async fn read_boroughs(conn: &mut app::plumbing::Conn, sql: &str) -> Vec<(i64, String, String)> {
    app::on_conn!(conn, c => sqlx::query_as::<_, (i64, String, String)>(sql).fetch_all(c).await)
        .unwrap()
}

mod migrated {
    use super::*;
    both_database_kinds!(an_installation_from_before_london_moves_forward_untouched);
}
