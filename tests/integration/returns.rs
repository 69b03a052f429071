//! Quarterly returns over HTTP: the template downloaded, filled and uploaded back; every
//! validation rule with its cell; wrong templates, versions, boroughs and periods; files
//! that are not workbooks; resubmission and sign-off; that a refused upload stores nothing
//! but the attempt; coverage maths (unknown population included); suppression; and each
//! workbook read back with calamine.

use app::error::AppError;
use app::returns::template::{template, Cell, Fill, TemplateSpec, TEMPLATE_VERSION};
use app::returns::{
    Attempt, Coverage, PeriodDashboard, ReturnSettings, ReturnState, ReturnsOverview,
    SubmissionView, UnmetNeedRollup, WorkforceRole, DEFAULT_SUPPRESSION_THRESHOLD,
};
use calamine::{Data, Reader, Xlsx};
use server_fn::ServerFn;
use std::io::Cursor;
use tests::{both_databases, call, count, open_return_period, TestApp};

const LEAD: &str = "icb.lead@demo.linkway.test";
const ADMIN: &str = "admin@demo.linkway.test";
const CAMDEN: &str = "camden.lead@demo.linkway.test";
const SUBMITTER: &str = "camden.submitter@demo.linkway.test";
const VIEWER: &str = "viewer@demo.linkway.test";
const PERIOD_CODE: &str = "2030/31 Q1";

/// Opens 2030/31 Q1 (as the ICB lead) so that uploads are open today; answers its id.
pub async fn open_period(app: &TestApp) -> i64 {
    let lead = app.sign_in(LEAD).await;
    open_return_period(app, &lead, "2030", 1, [-10, 10, 40])
        .await
        .unwrap()
}

async fn themes(app: &TestApp) -> Vec<String> {
    app::returns::db::themes(&mut app.db.conn().await.unwrap())
        .await
        .unwrap()
        .into_iter()
        .map(|theme| theme.name)
        .collect()
}

pub async fn spec(app: &TestApp) -> TemplateSpec {
    TemplateSpec {
        borough_code: "camden".into(),
        borough_name: "Camden".into(),
        period_code: PERIOD_CODE.into(),
        due_on: "soon".into(),
        version: TEMPLATE_VERSION,
        themes: themes(app).await,
        pcns: Vec::new(),
    }
}

pub fn text(value: &str) -> Cell {
    Cell::Text(value.into())
}

pub fn number(value: f64) -> Cell {
    Cell::Number(value)
}

/// A clean Camden return: 20 SPLW WTE, some HWBCs, referrals, three unmet need rows.
pub fn clean_fill() -> Fill {
    Fill {
        people_referred: number(400.0),
        workforce: vec![
            vec![
                text("Borough-wide"),
                text("Social prescribing link worker"),
                text("VCSE"),
                number(14.0),
                number(12.5),
                number(1.0),
            ],
            vec![
                text("Central Camden PCN"),
                text("Social prescribing link worker"),
                text("PCN"),
                number(8.0),
                number(7.5),
                Cell::Empty,
            ],
            vec![
                text("Borough-wide"),
                text("Health and wellbeing coach"),
                text("PCN"),
                number(2.0),
                number(1.6),
                number(0.0),
            ],
        ],
        referrals: vec![
            vec![text("Housing (repairs, damp, mould, waits)"), number(120.0)],
            vec![text("Social isolation and loneliness"), number(95.0)],
        ],
        unmet_needs: vec![
            vec![
                text("Housing (repairs, damp, mould, waits)"),
                number(12.0),
                text("Kentish Town"),
                text("Waiting list"),
                text("Six-month wait for repairs"),
            ],
            vec![
                text("Digital exclusion"),
                number(3.0),
                Cell::Empty,
                text("No service"),
                Cell::Empty,
            ],
            vec![
                text("Housing (repairs, damp, mould, waits)"),
                number(4.0),
                text("Somers Town"),
                text("Not accessible"),
                Cell::Empty,
            ],
        ],
        outcomes: vec![vec![number(5.2), number(40.0), number(6.8), number(38.0)]],
    }
}

pub fn workbook_bytes(spec: &TemplateSpec, fill: &Fill) -> Vec<u8> {
    template(spec, fill).unwrap().save_to_buffer().unwrap()
}

/// Uploads `bytes` to the borough's upload route; answers the status and the `Location`
/// it redirects to.
pub async fn upload(
    app: &TestApp,
    period: i64,
    borough: &str,
    file_name: &str,
    bytes: &[u8],
    cookie: &str,
) -> (u16, String) {
    let path = format!("/returns/periods/{period}/boroughs/{borough}/upload");
    let response = app.upload_file(&path, file_name, bytes, cookie).await;
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (response.status().as_u16(), location)
}

/// Uploads and answers the attempt the upload route redirected to.
pub async fn attempt_of(app: &TestApp, period: i64, bytes: &[u8], cookie: &str) -> Attempt {
    let (status, location) =
        upload(app, period, "camden", "camden-return.xlsx", bytes, cookie).await;
    assert_eq!(status, 303, "upload answers with a redirect to its result");
    let id = location
        .strip_prefix("/returns/attempts/")
        .unwrap_or_else(|| panic!("redirected to {location}"));
    call(app, app::returns::LoadAttempt::PATH, &[("id", id)], cookie)
        .await
        .unwrap()
}

/// Uploads a return that passes every check; answers the stored version's id.
pub async fn stored(app: &TestApp, period: i64, fill: &Fill, cookie: &str) -> i64 {
    let bytes = workbook_bytes(&spec(app).await, fill);
    let attempt = attempt_of(app, period, &bytes, cookie).await;
    attempt
        .submission_id
        .unwrap_or_else(|| panic!("refused: {:?}", attempt.problems))
}

/// (cell reference, message) of each problem.
fn problems(attempt: &Attempt) -> Vec<(String, String)> {
    attempt
        .problems
        .iter()
        .map(|p| (p.reference(), p.message.clone()))
        .collect()
}

fn has(problems: &[(String, String)], reference: &str, words: &str) -> bool {
    problems
        .iter()
        .any(|(r, m)| r == reference && m.contains(words))
}

async fn stored_rows(app: &TestApp) -> (i64, i64, i64) {
    (
        count(app, "SELECT COUNT(*) FROM return_submissions").await,
        count(app, "SELECT COUNT(*) FROM return_workforce").await,
        count(app, "SELECT COUNT(*) FROM return_unmet_needs").await,
    )
}

async fn sign_off(app: &TestApp, submission: i64, cookie: &str) -> Result<(), AppError> {
    call(
        app,
        app::returns::SignOffReturn::PATH,
        &[
            ("submission", &submission.to_string()),
            ("declaration", "yes"),
        ],
        cookie,
    )
    .await
}

fn open(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap()
}

fn cell_text(range: &calamine::Range<Data>, row: u32, column: u32) -> String {
    range
        .get_value((row, column))
        .map(|d| d.to_string())
        .unwrap_or_default()
}

async fn the_template_comes_back_filled_and_is_stored_as_it_was_filled(app: TestApp) {
    app.seed_demo().await;
    let period = open_period(&app).await;
    let submitter = app.sign_in(SUBMITTER).await;
    let audited = |action: &'static str| {
        let app = &app;
        async move {
            count(
                app,
                &format!("SELECT COUNT(*) FROM audit_events WHERE action = '{action}'"),
            )
            .await
        }
    };
    let (uploads, rejects) = (
        audited("upload_return").await,
        audited("reject_return").await,
    );
    // The template as Linkway issues it.
    let response = app
        .get_as(
            &format!("/returns/periods/{period}/boroughs/camden/template.xlsx"),
            Some(&submitter),
        )
        .await;
    assert_eq!(response.status().as_u16(), 200);
    let mut workbook = open(response.bytes().await.unwrap().to_vec());
    assert_eq!(
        workbook.sheet_names(),
        [
            "About",
            "Workforce",
            "Referrals",
            "Unmet need",
            "Outcomes",
            "Lists"
        ]
    );
    let about = workbook.worksheet_range("About").unwrap();
    assert_eq!(cell_text(&about, 3, 1), "camden");
    assert_eq!(cell_text(&about, 4, 1), PERIOD_CODE);
    assert_eq!(cell_text(&about, 5, 1), TEMPLATE_VERSION.to_string());
    let workforce = workbook.worksheet_range("Workforce").unwrap();
    assert_eq!(cell_text(&workforce, 2, 4), "WTE");
    let lists = workbook.worksheet_range("Lists").unwrap();
    assert_eq!(
        cell_text(&lists, 1, 3),
        "Housing (repairs, damp, mould, waits)"
    );
    // An empty template is a return with nothing in it: refused for the missing total.
    let blank = workbook_bytes(&spec(&app).await, &Fill::default());
    let refused = attempt_of(&app, period, &blank, &submitter).await;
    assert!(
        has(
            &problems(&refused),
            "Referrals!B2",
            "Enter the people referred"
        ),
        "{:?}",
        problems(&refused)
    );

    // Filled and uploaded: stored as version 1 waiting for sign-off.
    let bytes = workbook_bytes(&spec(&app).await, &clean_fill());
    let attempt = attempt_of(&app, period, &bytes, &submitter).await;
    assert!(attempt.problems.is_empty(), "{:?}", attempt.problems);
    let id = attempt.submission_id.expect("a stored version");
    let view: SubmissionView = call(
        &app,
        app::returns::LoadSubmission::PATH,
        &[("id", &id.to_string())],
        &submitter,
    )
    .await
    .unwrap();
    assert_eq!(view.submission.version, 1);
    assert!(view.submission.signed_off_at.is_none() && !view.submission.counts);
    assert_eq!(view.content.people_referred, Some(400));
    assert_eq!(view.content.workforce.len(), 3);
    assert_eq!(view.content.workforce[1].pcn, "Central Camden PCN");
    assert_eq!(view.content.workforce[1].role, WorkforceRole::Splw);
    assert_eq!(
        view.content.workforce[1].vacancies, 0.0,
        "blank vacancies are none"
    );
    assert_eq!(view.content.referrals.len(), 2);
    assert_eq!(view.content.unmet_needs.len(), 3);
    assert_eq!(
        view.content.unmet_needs[0].notes.as_deref(),
        Some("Six-month wait for repairs")
    );
    assert_eq!(view.content.outcomes.len(), 1);
    assert_eq!(view.content.outcomes[0].after_mean, Some(6.8));
    assert!(!view.can_sign_off, "a submitter does not sign off");
    // The original file is kept byte for byte, with its hash.
    let original = app
        .get_as(&format!("/returns/submissions/{id}/file"), Some(&submitter))
        .await;
    assert_eq!(original.status().as_u16(), 200);
    assert_eq!(original.bytes().await.unwrap().to_vec(), bytes);
    assert_eq!(
        view.submission.file_hash.as_deref(),
        Some(app::returns::service::sha256_hex(&bytes).as_str())
    );
    // A file name in any script comes back as it was uploaded (a corrected return: the
    // same file again would be flagged as identical).
    let name = "Camden – Q1 réturn.xlsx";
    let mut corrected = clean_fill();
    corrected.workforce[0][4] = number(14.0);
    let corrected = workbook_bytes(&spec(&app).await, &corrected);
    let (_, location) = upload(&app, period, "camden", name, &corrected, &submitter).await;
    let id = location.trim_start_matches("/returns/attempts/");
    let attempt: Attempt = call(
        &app,
        app::returns::LoadAttempt::PATH,
        &[("id", id)],
        &submitter,
    )
    .await
    .unwrap();
    assert_eq!(attempt.file_name, name);
    let path = format!(
        "/returns/submissions/{}/file",
        attempt.submission_id.unwrap()
    );
    let original = app.get_as(&path, Some(&submitter)).await;
    assert_eq!(original.status().as_u16(), 200);
    let disposition = original.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.contains("filename*=UTF-8''Camden%20%E2%80%93%20Q1%20r%C3%A9turn.xlsx"),
        "{disposition}"
    );
    // The uploads and the attempt are in the audit trail.
    assert_eq!(audited("upload_return").await, uploads + 2);
    assert_eq!(audited("reject_return").await, rejects + 1);
}

async fn every_rule_names_its_cell_and_a_refused_upload_stores_only_the_attempt(app: TestApp) {
    app.seed_demo().await;
    let period = open_period(&app).await;
    let submitter = app.sign_in(SUBMITTER).await;
    let before = stored_rows(&app).await;
    let fill = Fill {
        people_referred: number(100.0),
        workforce: vec![
            // Row 4: WTE over headcount.
            vec![
                text("Borough-wide"),
                text("Social prescribing link worker"),
                text("VCSE"),
                number(10.0),
                number(12.5),
                Cell::Empty,
            ],
            // Row 5: unknown role, employer, fractional headcount, negative WTE.
            vec![
                text("Borough-wide"),
                text("Wizard"),
                text("Church"),
                number(2.5),
                number(-1.0),
                number(-2.0),
            ],
            // Row 6: no PCN, text for a number.
            vec![
                Cell::Empty,
                text("Care coordinator"),
                text("PCN"),
                text("ten"),
                number(3.0),
                Cell::Empty,
            ],
            // Row 7: the same PCN, role and employer as row 4.
            vec![
                text("borough-wide"),
                text("Social prescribing link worker"),
                text("VCSE"),
                number(3.0),
                number(2.0),
                Cell::Empty,
            ],
        ],
        referrals: vec![
            vec![text("Housing (repairs, damp, mould, waits)"), number(120.0)],
            vec![text("Astrology"), number(4.0)],
            vec![text("Housing (repairs, damp, mould, waits)"), number(5.0)],
        ],
        unmet_needs: vec![
            vec![
                text("Carers"),
                number(0.0),
                Cell::Empty,
                text("Waiting list"),
                Cell::Empty,
            ],
            vec![
                text("Carers"),
                number(2.0),
                Cell::Empty,
                text("Because"),
                Cell::Empty,
            ],
            vec![
                Cell::Empty,
                number(2.0),
                Cell::Empty,
                text("No service"),
                Cell::Empty,
            ],
        ],
        outcomes: vec![
            vec![number(11.0), number(10.0), number(6.0), Cell::Empty],
            vec![Cell::Empty, number(12.0), Cell::Empty, Cell::Empty],
        ],
    };
    let attempt = attempt_of(
        &app,
        period,
        &workbook_bytes(&spec(&app).await, &fill),
        &submitter,
    )
    .await;
    let found = problems(&attempt);
    let expected = [
        ("Workforce!E4", "cannot be more than the headcount (10)"),
        ("Workforce!B5", "Choose a role from the list"),
        ("Workforce!C5", "Choose an employer type from the list"),
        ("Workforce!D5", "whole number, 0 or more"),
        ("Workforce!E5", "must be a number, 0 or more"),
        ("Workforce!F5", "must be a number, 0 or more"),
        ("Workforce!A6", "Enter the PCN name"),
        ("Workforce!D6", "whole number"),
        ("Workforce!A7", "already on row 4"),
        (
            "Referrals!B4",
            "cannot be more than the people referred in the quarter (100, Referrals!B2)",
        ),
        ("Referrals!A5", "not on Linkway's list"),
        ("Referrals!A6", "already on row 4"),
        ("Unmet need!B4", "whole number, 1 or more"),
        (
            "Unmet need!D5",
            "Choose why the need was unmet from the list",
        ),
        ("Unmet need!A6", "Choose a need theme"),
        ("Outcomes!B4", "number from 0 to 10"),
        ("Outcomes!E4", "Enter how many people the mean is from"),
        ("Outcomes!B5", "Enter the mean score"),
    ];
    for (reference, words) in expected {
        assert!(
            has(&found, reference, words),
            "{reference} \"{words}\" not in {found:#?}"
        );
    }
    assert_eq!(found.len(), expected.len(), "{found:#?}");
    let d5 = attempt
        .problems
        .iter()
        .find(|p| p.reference() == "Workforce!D5")
        .unwrap();
    assert_eq!(d5.value, "2.5");
    // Nothing but the attempt was stored.
    assert!(attempt.submission_id.is_none());
    assert_eq!(stored_rows(&app).await, before);
    let problems_json: String =
        app::on_conn!(&mut app.db.conn().await.unwrap(), pool => sqlx::query_scalar::<_, String>(
        "SELECT problems FROM return_attempts ORDER BY id DESC LIMIT 1").fetch_one(pool).await)
        .unwrap();
    assert!(problems_json.contains("Workforce") && problems_json.contains("E4"));
    // The attempt page lists them all in the error summary.
    let page = app
        .get_text_as(
            &format!("/returns/attempts/{}", attempt.id),
            200,
            Some(&submitter),
        )
        .await;
    assert!(
        page.contains("There are 18 problems with this return"),
        "{page}"
    );
    assert!(page.contains("Workforce!E4: WTE (12.5) cannot be more than the headcount (10)"));
}

async fn wrong_templates_boroughs_periods_and_files_are_recognised(app: TestApp) {
    app.seed_demo().await;
    let period = open_period(&app).await;
    let submitter = app.sign_in(SUBMITTER).await;
    let before = stored_rows(&app).await;
    let base = spec(&app).await;
    let fill = clean_fill();
    let first = |attempt: Attempt| problems(&attempt);

    let old = TemplateSpec {
        version: 0,
        ..base.clone()
    };
    let found = first(attempt_of(&app, period, &workbook_bytes(&old, &fill), &submitter).await);
    assert!(
        has(
            &found,
            "About!B6",
            "template version 0; the current version is 1"
        ),
        "{found:?}"
    );

    let barnet = TemplateSpec {
        borough_code: "barnet".into(),
        ..base.clone()
    };
    let found = first(attempt_of(&app, period, &workbook_bytes(&barnet, &fill), &submitter).await);
    assert!(
        has(&found, "About!B4", "another borough (barnet), not Camden"),
        "{found:?}"
    );

    let last_year = TemplateSpec {
        period_code: "2029/30 Q4".into(),
        ..base.clone()
    };
    let found =
        first(attempt_of(&app, period, &workbook_bytes(&last_year, &fill), &submitter).await);
    assert!(
        has(&found, "About!B5", "for 2029/30 Q4, not 2030/31 Q1"),
        "{found:?}"
    );

    // Someone else's workbook.
    let mut other = rust_xlsxwriter::Workbook::new();
    other.add_worksheet().write(0, 0, "Budget 2030").unwrap();
    let found = first(attempt_of(&app, period, &other.save_to_buffer().unwrap(), &submitter).await);
    assert_eq!(found.len(), 1);
    assert!(
        found[0]
            .1
            .contains("not the Linkway quarterly return template"),
        "{found:?}"
    );

    // Not a workbook, damaged, encrypted (an OLE compound file), too large.
    let cases: [(&[u8], &str); 3] = [
        (b"borough,wte\ncamden,20\n", "not an Excel workbook"),
        (b"PK\x03\x04 this zip stops here", "may be damaged"),
        (
            &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0],
            "password-protected",
        ),
    ];
    for (bytes, words) in cases {
        let found = first(attempt_of(&app, period, bytes, &submitter).await);
        assert!(found[0].1.contains(words), "{words}: {found:?}");
    }
    let huge = vec![b'x'; app::returns::service::MAX_UPLOAD_BYTES + 1];
    let found = first(attempt_of(&app, period, &huge, &submitter).await);
    assert!(found[0].1.contains("larger than 10 MB"), "{found:?}");

    // No file chosen: back to the borough's page, which says so beside the field.
    let (status, location) = upload(&app, period, "camden", "", b"", &submitter).await;
    assert_eq!(
        (status, location.as_str()),
        (
            303,
            format!("/returns/periods/{period}/boroughs/camden?missing_file=1").as_str()
        )
    );
    let page = app.get_text_as(&location, 200, Some(&submitter)).await;
    assert!(
        page.contains("Choose the completed return to upload"),
        "{page}"
    );
    // Every refusal left an attempt and nothing else.
    assert_eq!(stored_rows(&app).await, before);
    assert_eq!(
        count(&app, &format!("SELECT COUNT(*) FROM return_attempts WHERE period_id = {period} AND submission_id IS NULL")).await,
        8
    );
    // Data far down a sheet is refused; a stray cell far to the right is not read at all
    // (neither makes calamine build a sheet-sized grid).
    let mut deep = template(&base, &fill).unwrap();
    deep.worksheet_from_name("Unmet need")
        .unwrap()
        .write(200_000, 0, "Carers")
        .unwrap();
    let found = first(attempt_of(&app, period, &deep.save_to_buffer().unwrap(), &submitter).await);
    assert!(
        has(&found, "Unmet need!A200001", "at most 100000 rows"),
        "{found:?}"
    );
    let mut wide = template(&base, &fill).unwrap();
    wide.worksheet_from_name("Workforce")
        .unwrap()
        .write(1_048_575, 16_383, "stray")
        .unwrap();
    let accepted = attempt_of(&app, period, &wide.save_to_buffer().unwrap(), &submitter).await;
    assert!(accepted.problems.is_empty(), "{:?}", accepted.problems);
    // A count no return could hold is a typing slip.
    let mut slip = fill.clone();
    slip.unmet_needs[0][1] = number(20_000_000.0);
    let found = first(attempt_of(&app, period, &workbook_bytes(&base, &slip), &submitter).await);
    assert!(
        has(&found, "Unmet need!B4", "larger than any return could hold"),
        "{found:?}"
    );
    // Another borough's page is not Camden's submitter's to upload to.
    let bytes = workbook_bytes(&barnet, &fill);
    let (status, _) = upload(&app, period, "barnet", "barnet.xlsx", &bytes, &submitter).await;
    assert_eq!(status, 403);
    // A period that does not exist, or an address that is not a number, is not found.
    let (status, _) = upload(&app, period + 100, "camden", "x.xlsx", &bytes, &submitter).await;
    assert_eq!(status, 404);
    let (status, _) = upload(&app, 0, "nowhere", "x.xlsx", &bytes, &submitter).await;
    assert!(status == 403 || status == 404, "{status}");
}

/// The same file uploaded again is flagged, not stored as a new version: the attempt is
/// recorded with the reason, and the borough still has one version.
async fn the_same_file_again_is_flagged_not_stored_twice(app: TestApp) {
    app.seed_demo().await;
    let period = open_period(&app).await;
    let submitter = app.sign_in(SUBMITTER).await;
    let bytes = workbook_bytes(&spec(&app).await, &clean_fill());
    let first = attempt_of(&app, period, &bytes, &submitter).await;
    assert!(first.submission_id.is_some(), "{:?}", first.problems);
    let before = stored_rows(&app).await;
    let again = attempt_of(&app, period, &bytes, &submitter).await;
    assert_eq!(again.submission_id, None);
    let reasons = problems(&again);
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(
        reasons[0]
            .1
            .contains("the same as version 1, which is already stored"),
        "{reasons:?}"
    );
    assert_eq!(
        stored_rows(&app).await,
        before,
        "no new version, no new rows"
    );
    // A different file is a new version as before.
    let mut fill = clean_fill();
    fill.workforce[0][4] = number(14.0);
    let changed = attempt_of(
        &app,
        period,
        &workbook_bytes(&spec(&app).await, &fill),
        &submitter,
    )
    .await;
    assert!(changed.submission_id.is_some(), "{:?}", changed.problems);
}

async fn resubmission_makes_a_new_version_and_the_latest_signed_off_counts(app: TestApp) {
    app.seed_demo().await;
    let period = open_period(&app).await;
    let submitter = app.sign_in(SUBMITTER).await;
    let camden = app.sign_in(CAMDEN).await;
    let sign_offs = "SELECT COUNT(*) FROM audit_events WHERE action = 'sign_off_return'";
    let signed_before = count(&app, sign_offs).await;
    let first = stored(&app, period, &clean_fill(), &submitter).await;
    assert_eq!(
        sign_off(&app, first, &submitter).await,
        Err(AppError::Forbidden)
    );
    // Without the declaration ticked nothing is signed.
    let undeclared: Result<(), AppError> = call(
        &app,
        app::returns::SignOffReturn::PATH,
        &[("submission", &first.to_string())],
        &camden,
    )
    .await;
    match undeclared {
        Err(AppError::Validation(errors)) => assert!(errors.contains_key("declaration")),
        other => panic!("signing off without the declaration: {other:?}"),
    }
    assert_eq!(count(&app, sign_offs).await, signed_before);
    sign_off(&app, first, &camden).await.unwrap();
    assert!(matches!(
        sign_off(&app, first, &camden).await,
        Err(AppError::BadRequest { .. })
    ));
    // Version 2 with more SPLWs.
    let mut fill = clean_fill();
    fill.workforce[0][4] = number(14.0);
    let second = stored(&app, period, &fill, &submitter).await;
    let splw = |coverage: &Coverage| {
        let quarter = coverage
            .quarters
            .iter()
            .find(|q| q.period.id == period)
            .unwrap();
        quarter
            .boroughs
            .iter()
            .find(|l| l.name == "Camden")
            .unwrap()
            .role(WorkforceRole::Splw)
            .unwrap()
            .wte
    };
    let coverage: Coverage = call(&app, app::returns::LoadCoverage::PATH, &[], &camden)
        .await
        .unwrap();
    assert_eq!(
        splw(&coverage),
        20.0,
        "version 1 counts until version 2 is signed off"
    );
    sign_off(&app, second, &camden).await.unwrap();
    let coverage: Coverage = call(&app, app::returns::LoadCoverage::PATH, &[], &camden)
        .await
        .unwrap();
    assert_eq!(splw(&coverage), 21.5);
    // Version 1 stays viewable and no longer counts.
    let old: SubmissionView = call(
        &app,
        app::returns::LoadSubmission::PATH,
        &[("id", &first.to_string())],
        &camden,
    )
    .await
    .unwrap();
    assert!(old.submission.signed_off_at.is_some() && !old.submission.counts);
    assert_eq!(old.latest_version, 2);
    assert_eq!(
        old.submission.standing(old.latest_version).label(),
        "Superseded by version 2"
    );
    assert_eq!(old.content.workforce[0].wte, 12.5);
    let page = app
        .get_text_as(&format!("/returns/submissions/{first}"), 200, Some(&camden))
        .await;
    assert!(
        page.contains("; superseded by version 2"),
        "the old version says so"
    );
    let versions = app
        .get_text_as(
            &format!("/returns/periods/{period}/boroughs/camden"),
            200,
            Some(&camden),
        )
        .await;
    assert!(versions.contains(">Counts<") && versions.contains(">Superseded by version 2<"));
    assert_eq!(count(&app, sign_offs).await, signed_before + 2);
    // The dashboard: Camden signed off; the other four missing (none late yet).
    let dashboard: app::returns::PeriodDashboard = call(
        &app,
        app::returns::LoadPeriod::PATH,
        &[("id", &period.to_string())],
        &camden,
    )
    .await
    .unwrap();
    assert_eq!(
        (
            dashboard.received,
            dashboard.signed_off,
            dashboard.missing,
            dashboard.late
        ),
        (1, 1, 4, 0)
    );
}

async fn coverage_is_computed_from_counts_and_population_never_from_zero(app: TestApp) {
    app.seed_demo().await;
    let viewer = app.sign_in(VIEWER).await;
    // The baseline quarter from the review, as stated.
    let coverage: Coverage = call(&app, app::returns::LoadCoverage::PATH, &[], &viewer)
        .await
        .unwrap();
    let baseline = coverage
        .quarters
        .iter()
        .find(|q| q.period.baseline)
        .unwrap();
    let line = |name: &str| baseline.boroughs.iter().find(|l| l.name == name).unwrap();
    let barnet = line("Barnet").role(WorkforceRole::Splw).unwrap().clone();
    assert_eq!(barnet.wte, 25.0);
    assert!((barnet.per_10k.unwrap() - 25.0 / 432_182.0 * 10_000.0).abs() < 1e-9);
    assert!((barnet.gap_wte.unwrap() - (43.2182 - 25.0)).abs() < 1e-9);
    let enfield = line("Enfield").role(WorkforceRole::Splw).unwrap().clone();
    assert_eq!(
        (enfield.wte, enfield.per_10k, enfield.gap_wte),
        (7.0, None, None)
    );
    assert_eq!(
        line("Haringey").role(WorkforceRole::Splw).unwrap().wte,
        13.0
    );
    assert!(baseline.notes[0].contains("headcounts"));
    let icb = baseline.icb.role(WorkforceRole::Splw).unwrap();
    assert_eq!(icb.wte, 76.5);
    let known = 25.0 + 16.0 + 15.5;
    let population = 432_182.0 + 299_852.0 + 263_251.0;
    assert!((icb.per_10k.unwrap() - known / population * 10_000.0).abs() < 1e-9);
    assert!(baseline
        .icb
        .note
        .as_deref()
        .unwrap()
        .contains("population not recorded for Enfield, Haringey"));
    // The page says so in words.
    let page = app.get_text_as("/workforce", 200, Some(&viewer)).await;
    assert!(page.contains("Population not recorded"));
    assert!(!page.contains("NaN") && !page.contains(">inf"));
    // Recording Enfield's population makes its figure appear.
    let admin = app.sign_in("admin@demo.linkway.test").await;
    let refused: Result<(), AppError> = call(
        &app,
        app::returns::RecordPopulation::PATH,
        &[
            ("borough", "enfield"),
            ("effective_from", "2024-04-01"),
            ("population", "0"),
            ("source", ""),
        ],
        &admin,
    )
    .await;
    match refused {
        Err(AppError::Validation(errors)) => {
            assert!(errors.contains_key("population") && errors.contains_key("source"))
        }
        other => panic!("{other:?}"),
    }
    call::<()>(
        &app,
        app::returns::RecordPopulation::PATH,
        &[
            ("borough", "enfield"),
            ("effective_from", "2024-04-01"),
            ("population", "330,000"),
            ("source", "Test figure"),
        ],
        &admin,
    )
    .await
    .unwrap();
    let refused: Result<(), AppError> = call(
        &app,
        app::returns::RecordPopulation::PATH,
        &[
            ("borough", "enfield"),
            ("effective_from", "2024-04-01"),
            ("population", "1"),
            ("source", "x"),
        ],
        &viewer,
    )
    .await;
    assert_eq!(refused, Err(AppError::Forbidden));
    let coverage: Coverage = call(&app, app::returns::LoadCoverage::PATH, &[], &viewer)
        .await
        .unwrap();
    let baseline = coverage
        .quarters
        .iter()
        .find(|q| q.period.baseline)
        .unwrap();
    let enfield = baseline
        .boroughs
        .iter()
        .find(|l| l.name == "Enfield")
        .unwrap();
    assert_eq!(enfield.population, Some(330_000));
    let rate = enfield.role(WorkforceRole::Splw).unwrap().per_10k.unwrap();
    assert!((rate - 7.0 / 33.0).abs() < 1e-9);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE action = 'record_population' \
             AND entity_id LIKE 'enfield%'"
        )
        .await,
        1
    );
    // Targets: SPLW 1.0 as shipped; an ICB lead gives health and wellbeing coaches one.
    let barnet_hwbc = |coverage: &Coverage| {
        let baseline = coverage
            .quarters
            .iter()
            .find(|q| q.period.baseline)
            .unwrap();
        let barnet = baseline
            .boroughs
            .iter()
            .find(|l| l.name == "Barnet")
            .unwrap();
        barnet.role(WorkforceRole::Hwbc).unwrap().clone()
    };
    assert_eq!(barnet_hwbc(&coverage).gap_wte, None, "no HWBC target yet");
    // Targets are the region's, kept by administrators.
    let admin = app.sign_in(ADMIN).await;
    let target =
        |per_10k: &'static str, source: &'static str, version: &'static str, cookie: String| {
            let app = &app;
            async move {
                call::<()>(
                    app,
                    app::returns::SetWorkforceTarget::PATH,
                    &[
                        ("role", "hwbc"),
                        ("per_10k", per_10k),
                        ("source", source),
                        ("versions[hwbc]", version),
                    ],
                    &cookie,
                )
                .await
            }
        };
    assert_eq!(
        target("0.3", "Local plan", "0", viewer.clone()).await,
        Err(AppError::Forbidden)
    );
    match target("-1", "", "0", admin.clone()).await {
        Err(AppError::Validation(errors)) => assert!(errors.contains_key("per_10k")),
        other => panic!("{other:?}"),
    }
    target(
        "0.3",
        "NCL personalised care workforce plan",
        "0",
        admin.clone(),
    )
    .await
    .unwrap();
    let coverage: Coverage = call(&app, app::returns::LoadCoverage::PATH, &[], &viewer)
        .await
        .unwrap();
    let hwbc = barnet_hwbc(&coverage);
    assert_eq!(hwbc.target_per_10k, Some(0.3));
    assert!((hwbc.gap_wte.unwrap() - (0.3 * 43.2182 - 5.0)).abs() < 1e-9);
    target("", "", "1", admin.clone()).await.unwrap();
    let coverage: Coverage = call(&app, app::returns::LoadCoverage::PATH, &[], &viewer)
        .await
        .unwrap();
    assert_eq!(
        barnet_hwbc(&coverage).target_per_10k,
        None,
        "an empty target removes it"
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE action = 'set_workforce_target'"
        )
        .await,
        2
    );
}

async fn small_unmet_need_counts_are_suppressed_outside_the_icb_team(app: TestApp) {
    app.seed_demo().await;
    let period = open_period(&app).await;
    let submitter = app.sign_in(SUBMITTER).await;
    let camden = app.sign_in(CAMDEN).await;
    let lead = app.sign_in(LEAD).await;
    let viewer = app.sign_in(VIEWER).await;
    let id = stored(&app, period, &clean_fill(), &submitter).await;
    // Not counted until signed off.
    let rollup: UnmetNeedRollup = call(
        &app,
        app::returns::LoadUnmetNeed::PATH,
        &[("quarter", "")],
        &lead,
    )
    .await
    .unwrap();
    assert!(rollup.quarters.iter().all(|q| q.id != period));
    sign_off(&app, id, &camden).await.unwrap();
    let quarter = period.to_string();
    let for_lead: UnmetNeedRollup = call(
        &app,
        app::returns::LoadUnmetNeed::PATH,
        &[("quarter", &quarter)],
        &lead,
    )
    .await
    .unwrap();
    let for_viewer: UnmetNeedRollup = call(
        &app,
        app::returns::LoadUnmetNeed::PATH,
        &[("quarter", &quarter)],
        &viewer,
    )
    .await
    .unwrap();
    assert_eq!(for_lead.threshold, DEFAULT_SUPPRESSION_THRESHOLD);
    assert!(!for_lead.suppressed && for_viewer.suppressed);
    let row = |rollup: &UnmetNeedRollup, theme: &str| {
        rollup
            .by_borough
            .iter()
            .find(|r| r.label == theme)
            .unwrap()
            .counts
            .iter()
            .map(|c| c.text())
            .collect::<Vec<_>>()
    };
    // Camden is the second borough by name; the ICB total is last.
    assert_eq!(row(&for_lead, "Digital exclusion")[1], "3");
    assert_eq!(row(&for_viewer, "Digital exclusion")[1], "<5");
    assert_eq!(row(&for_viewer, "Digital exclusion")[5], "<5");
    assert_eq!(
        row(&for_viewer, "Housing (repairs, damp, mould, waits)")[1],
        "16"
    );
    assert_eq!(for_viewer.top[0].0, "Housing (repairs, damp, mould, waits)");
    // An administrator raises the region's threshold; 16 is still shown, 4-people rows
    // now suppressed.
    let admin = app.sign_in(ADMIN).await;
    call::<()>(
        &app,
        app::returns::SetSuppressionThreshold::PATH,
        &[("threshold", "20"), ("version", "0")],
        &admin,
    )
    .await
    .unwrap();
    let refused: Result<(), AppError> = call(
        &app,
        app::returns::SetSuppressionThreshold::PATH,
        &[("threshold", "1"), ("version", "1")],
        &admin,
    )
    .await;
    assert!(matches!(refused, Err(AppError::Validation(_))));
    let refused: Result<(), AppError> = call(
        &app,
        app::returns::SetSuppressionThreshold::PATH,
        &[("threshold", "10"), ("version", "1")],
        &viewer,
    )
    .await;
    assert_eq!(refused, Err(AppError::Forbidden));
    let for_viewer: UnmetNeedRollup = call(
        &app,
        app::returns::LoadUnmetNeed::PATH,
        &[("quarter", &quarter)],
        &viewer,
    )
    .await
    .unwrap();
    assert_eq!(
        row(&for_viewer, "Housing (repairs, damp, mould, waits)")[1],
        "<20"
    );
    // The viewer's page shows the suppressed figure, not the number.
    let page = app
        .get_text_as(&format!("/unmet-need?quarter={period}"), 200, Some(&viewer))
        .await;
    assert!(page.contains("&lt;20"), "{page}");
}

/// Suppression protects what is published, not people from their own figures: Camden's
/// submitter and lead see the 3 they returned on their own stored return; a viewer sees
/// "<5", and the number never reaches the viewer's browser.
async fn a_boroughs_own_people_see_their_own_small_counts(app: TestApp) {
    app.seed_demo().await;
    let period = open_period(&app).await;
    let submitter = app.sign_in(SUBMITTER).await;
    let id = stored(&app, period, &clean_fill(), &submitter).await;
    let digital_exclusion = |view: &SubmissionView| {
        let at = view
            .content
            .unmet_needs
            .iter()
            .position(|line| line.theme == "Digital exclusion")
            .expect("the digital exclusion row");
        (
            view.unmet_shown[at].text(),
            view.content.unmet_needs[at].people,
        )
    };
    for (email, shown, people) in [
        (SUBMITTER, "3", 3),
        (CAMDEN, "3", 3),
        (LEAD, "3", 3),
        (VIEWER, "<5", 0),
    ] {
        let cookie = app.sign_in(email).await;
        let view: SubmissionView = call(
            &app,
            app::returns::LoadSubmission::PATH,
            &[("id", &id.to_string())],
            &cookie,
        )
        .await
        .unwrap();
        assert_eq!(
            digital_exclusion(&view),
            (shown.to_owned(), people),
            "{email}"
        );
    }
}

/// Unknown is never zero: in the demo's newest quarter Enfield and Haringey sent no
/// return and Camden's awaits sign-off. Their cells say "No return" in the page's data, on
/// the page and in the export, and every total says it covers 2 of 5 boroughs.
async fn a_borough_without_a_return_is_no_return_and_totals_say_what_they_cover(app: TestApp) {
    let viewer = app.viewer().await;
    let rollup: UnmetNeedRollup = call(
        &app,
        app::returns::LoadUnmetNeed::PATH,
        &[("quarter", "")],
        &viewer,
    )
    .await
    .unwrap();
    let names: Vec<&str> = rollup
        .boroughs
        .iter()
        .map(|(_, name)| name.as_str())
        .collect();
    assert_eq!(
        names,
        ["Barnet", "Camden", "Enfield", "Haringey", "Islington"]
    );
    assert_eq!(rollup.not_returned, ["Camden", "Enfield", "Haringey"]);
    assert!(!rollup.by_borough.is_empty());
    for row in rollup.by_borough.iter().chain(&rollup.why_unmet) {
        let texts: Vec<String> = row.counts.iter().map(|c| c.text()).collect();
        assert_eq!(texts[1..4], ["No return"; 3], "{}: {texts:?}", row.label);
        assert!(
            texts[0] != "No return" && texts[4] != "No return",
            "{texts:?}"
        );
        assert!(
            texts[5] != "No return",
            "the total covers who returned: {texts:?}"
        );
    }
    assert_eq!(
        rollup.total_heading(),
        "North Central London ICB total (2 of 5 boroughs returned)"
    );
    let newest = rollup.quarters.len() - 1;
    assert!(rollup
        .quarter_heading(newest)
        .ends_with("(2 of 5 boroughs returned)"));

    let page = app.get_text_as("/unmet-need", 200, Some(&viewer)).await;
    assert!(page.contains("No return"));
    assert!(page.contains(
        "2 of 5 boroughs returned (no signed-off return from Camden, Enfield, Haringey)"
    ));

    let quarter = rollup.quarter.as_ref().unwrap().id;
    let workbook = download(
        &app,
        &format!("/unmet-need/export.xlsx?quarter={quarter}"),
        &viewer,
    )
    .await;
    let by_borough = sheet(workbook.clone(), "By borough");
    assert_eq!(cell_text(&by_borough, 1, 3), "Enfield");
    assert_eq!(
        cell_text(&by_borough, 1, 6),
        "North Central London ICB total (2 of 5 boroughs returned)"
    );
    for column in 2..=4 {
        assert_eq!(cell_text(&by_borough, 2, column), "No return");
    }
    let trend = sheet(workbook, "Trend");
    let last = trend.width() as u32 - 1;
    assert!(cell_text(&trend, 1, last).ends_with("(2 of 5 boroughs returned)"));
}

fn sheet(bytes: Vec<u8>, name: &str) -> calamine::Range<Data> {
    open(bytes).worksheet_range(name).unwrap()
}

async fn download(app: &TestApp, path: &str, cookie: &str) -> Vec<u8> {
    let response = app.get_as(path, Some(cookie)).await;
    assert_eq!(response.status().as_u16(), 200, "GET {path}");
    assert_eq!(
        response.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    response.bytes().await.unwrap().to_vec()
}

async fn every_returns_workbook_reads_back_with_calamine(app: TestApp) {
    app.seed_demo().await;
    let period = open_period(&app).await;
    let submitter = app.sign_in(SUBMITTER).await;
    let camden = app.sign_in(CAMDEN).await;
    let lead = app.sign_in(LEAD).await;
    let viewer = app.sign_in(VIEWER).await;
    let id = stored(&app, period, &clean_fill(), &submitter).await;
    // Chase list: Camden awaits sign-off, so all five boroughs are listed, with contacts.
    let chase = sheet(
        download(
            &app,
            &format!("/returns/periods/{period}/chase-list.xlsx"),
            &lead,
        )
        .await,
        "Chase list",
    );
    let boroughs: Vec<String> = (2..7).map(|row| cell_text(&chase, row, 0)).collect();
    assert_eq!(
        boroughs,
        ["Barnet", "Camden", "Enfield", "Haringey", "Islington"]
    );
    assert_eq!(cell_text(&chase, 3, 1), "Awaiting sign-off");
    assert!(cell_text(&chase, 3, 6).contains("camden.submitter@demo.linkway.test"));
    sign_off(&app, id, &camden).await.unwrap();
    let chase = sheet(
        download(
            &app,
            &format!("/returns/periods/{period}/chase-list.xlsx"),
            &lead,
        )
        .await,
        "Chase list",
    );
    assert_eq!(
        cell_text(&chase, 3, 0),
        "Enfield",
        "a signed-off borough is not chased"
    );
    // Coverage: one row per area and role per quarter; Camden's SPLW per 10,000.
    let coverage = sheet(
        download(&app, "/workforce/coverage.xlsx", &viewer).await,
        "Coverage",
    );
    let camden_splw = (2..coverage.height() as u32)
        .find(|row| {
            cell_text(&coverage, *row, 0) == PERIOD_CODE
                && cell_text(&coverage, *row, 1) == "Camden"
                && cell_text(&coverage, *row, 3) == "SPLW"
        })
        .expect("Camden's SPLW row");
    assert_eq!(cell_text(&coverage, camden_splw, 4), "20");
    assert_eq!(cell_text(&coverage, camden_splw, 7), "0.667");
    let enfield = (2..coverage.height() as u32)
        .find(|row| {
            cell_text(&coverage, *row, 0) == PERIOD_CODE
                && cell_text(&coverage, *row, 1) == "Enfield"
        })
        .unwrap();
    assert_eq!(cell_text(&coverage, enfield, 2), "Population not recorded");
    assert_eq!(cell_text(&coverage, enfield, 3), "No signed-off return");
    // Unmet need: suppressed for publication, every count for the ICB team's own copy.
    let path = format!("/unmet-need/export.xlsx?quarter={period}");
    let published = sheet(download(&app, &path, &lead).await, "By borough");
    let own = sheet(
        download(&app, &format!("{path}&for=icb"), &lead).await,
        "By borough",
    );
    let for_viewer = sheet(
        download(&app, &format!("{path}&for=icb"), &viewer).await,
        "By borough",
    );
    let chase = app
        .get_as(
            &format!("/returns/periods/{period}/chase-list.xlsx"),
            Some(&viewer),
        )
        .await;
    assert_eq!(
        chase.status().as_u16(),
        403,
        "the chase list is the ICB team's"
    );
    let digital = |range: &calamine::Range<Data>| {
        (2..range.height() as u32)
            .find(|row| cell_text(range, *row, 0) == "Digital exclusion")
            .map(|row| cell_text(range, row, 2))
            .unwrap()
    };
    assert_eq!(digital(&published), "<5");
    assert_eq!(digital(&own), "3");
    assert_eq!(
        digital(&for_viewer),
        "<5",
        "outside the ICB team it is suppressed whatever is asked"
    );
    assert!(cell_text(&own, 0, 0).contains("NOT FOR PUBLICATION"));
    assert!(cell_text(&published, 0, 0).contains("shown as <5"));
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'export' AND entity_type LIKE 'unmet_need%'").await,
        3
    );
}

/// Four clean uploads for one borough and period at the same moment.
async fn simultaneous_uploads_become_consecutive_versions(app: TestApp) {
    app.seed_demo().await;
    let period = open_period(&app).await;
    let submitter = app.sign_in(SUBMITTER).await;
    // Four different returns (the same file twice would be flagged, not stored again).
    let workbook = |upload: usize| {
        let mut fill = clean_fill();
        fill.unmet_needs = (0..2_000)
            .map(|row| {
                vec![
                    text("Digital exclusion"),
                    number(5.0 + f64::from(row % 7) + upload as f64),
                    Cell::Empty,
                    text("No service"),
                    Cell::Empty,
                ]
            })
            .collect();
        fill
    };
    let spec = spec(&app).await;
    let files: Vec<Vec<u8>> = (0..4)
        .map(|upload| workbook_bytes(&spec, &workbook(upload)))
        .collect();
    let attempts_before = count(&app, "SELECT COUNT(*) FROM return_attempts").await;
    let uploads = files
        .iter()
        .map(|bytes| attempt_of(&app, period, bytes, &submitter));
    let attempts = futures::future::join_all(uploads).await;
    let mut versions = Vec::new();
    for attempt in &attempts {
        let id = attempt
            .submission_id
            .unwrap_or_else(|| panic!("refused: {:?}", attempt.problems));
        let view: SubmissionView = call(
            &app,
            app::returns::LoadSubmission::PATH,
            &[("id", &id.to_string())],
            &submitter,
        )
        .await
        .unwrap();
        versions.push(view.submission.version);
        assert_eq!(view.unmet_need_rows, 2_000);
        assert_eq!(
            view.content.unmet_needs.len(),
            SubmissionView::ROWS_SHOWN,
            "the page is sent only the rows it shows"
        );
    }
    versions.sort_unstable();
    assert_eq!(versions, vec![1, 2, 3, 4]);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM return_attempts").await,
        attempts_before + 4,
        "every upload is recorded"
    );
}

/// Stores `role` as the SPLW target's code, past the CHECK that keeps unknown codes out:
/// SQLite skips CHECKs on a connection that asks it to, and PostgreSQL drops the CHECK in
/// this test's own database. The row then stands for one written by an older or newer
/// Linkway, or by hand.
async fn store_target_role(app: &TestApp, role: &str) {
    const UPDATE: &str = "UPDATE workforce_targets SET role = $1 WHERE role = 'splw'";
    match &app.db {
        app::plumbing::Db::Sqlite(pool) => {
            let mut conn = pool.acquire().await.unwrap();
            for sql in [
                "PRAGMA ignore_check_constraints = ON",
                UPDATE,
                "PRAGMA ignore_check_constraints = OFF",
            ] {
                sqlx::query(sql)
                    .bind(role)
                    .execute(&mut *conn)
                    .await
                    .unwrap();
            }
        }
        app::plumbing::Db::Postgres(pool) => {
            sqlx::query(
                "ALTER TABLE workforce_targets DROP CONSTRAINT workforce_targets_role_check",
            )
            .execute(pool)
            .await
            .unwrap();
            sqlx::query(UPDATE).bind(role).execute(pool).await.unwrap();
        }
    }
    assert_eq!(
        count(
            app,
            "SELECT COUNT(*) FROM workforce_targets WHERE role = 'splw'"
        )
        .await,
        0
    );
}

async fn an_unknown_code_in_a_row_is_reported_not_dropped(app: TestApp) {
    app.seed_demo().await;
    let viewer = app.sign_in(VIEWER).await;
    let coverage: Coverage = call(&app, app::returns::LoadCoverage::PATH, &[], &viewer)
        .await
        .unwrap();
    assert!(coverage
        .targets
        .iter()
        .any(|t| t.role == WorkforceRole::Splw));

    store_target_role(&app, "nurse").await;

    // Not coverage without the target, as if none were set: an error.
    let answer: Result<Coverage, AppError> =
        call(&app, app::returns::LoadCoverage::PATH, &[], &viewer).await;
    assert_eq!(answer, Err(AppError::Internal));
    let page = app.get_text_as("/workforce", 500, Some(&viewer)).await;
    assert!(page.contains("Sorry, there is a problem with the service"));
    assert!(!page.contains("nurse"), "the detail is logged, not shown");
}

/// A stored setting Linkway cannot read is reported, never taken as unset: a damaged
/// suppression threshold must not quietly become the default.
async fn an_unreadable_setting_is_reported_not_taken_as_unset(app: TestApp) {
    app.seed_demo().await;
    let lead = app.sign_in(LEAD).await;
    let path = app::returns::LoadReturnSettings::PATH;
    let settings: ReturnSettings = call(&app, path, &[], &lead).await.unwrap();
    assert_eq!(settings.threshold, DEFAULT_SUPPRESSION_THRESHOLD);

    app::on_conn!(&mut app.db.conn().await.unwrap(), c => {
        sqlx::query(
            "INSERT INTO site_settings (key, value, version) \
             VALUES ('unmet_need_suppression_threshold', 'ten', 1) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .execute(c)
        .await
        .map(|_| ())
    })
    .unwrap();
    let answer: Result<ReturnSettings, AppError> = call(&app, path, &[], &lead).await;
    assert_eq!(answer, Err(AppError::Internal));
}

/// The overview reads all periods at once; each of its dashboards is the period's own page.
async fn the_overview_shows_each_period_as_its_own_dashboard_does(app: TestApp) {
    app.seed_demo().await;
    // A third period, with nothing returned yet, beside the demo's two.
    open_period(&app).await;
    let periods = app::returns::db::periods(&mut app.db.conn().await.unwrap())
        .await
        .unwrap();
    // NCL's: the second ICB's are not theirs to see.
    let periods: Vec<_> = periods
        .into_iter()
        .filter(|p| p.icb_code == "NCL")
        .collect();
    assert!(periods.len() >= 3, "{} periods", periods.len());
    for email in [LEAD, CAMDEN] {
        let cookie = app.sign_in(email).await;
        let overview: ReturnsOverview = call(&app, app::returns::LoadReturns::PATH, &[], &cookie)
            .await
            .unwrap();
        assert_eq!(overview.periods.len(), periods.len());
        // The demo gives the dashboards something to differ by: a refused upload, a return
        // awaiting sign-off and a missing one.
        let boroughs = || overview.periods.iter().flat_map(|d| &d.boroughs);
        assert!(boroughs().any(|b| b.failed_attempts > 0));
        assert!(boroughs().any(|b| b.state == ReturnState::AwaitingSignOff));
        assert!(boroughs().any(|b| b.state == ReturnState::SignedOff));
        assert!(boroughs().any(|b| b.state == ReturnState::Missing));
        for dashboard in &overview.periods {
            let page: PeriodDashboard = call(
                &app,
                app::returns::LoadPeriod::PATH,
                &[("id", &dashboard.period.id.to_string())],
                &cookie,
            )
            .await
            .unwrap();
            assert_eq!(dashboard, &page, "{email}, period {}", dashboard.period.id);
        }
    }
}

both_databases!(
    simultaneous_uploads_become_consecutive_versions,
    an_unknown_code_in_a_row_is_reported_not_dropped,
    an_unreadable_setting_is_reported_not_taken_as_unset,
    the_template_comes_back_filled_and_is_stored_as_it_was_filled,
    every_rule_names_its_cell_and_a_refused_upload_stores_only_the_attempt,
    wrong_templates_boroughs_periods_and_files_are_recognised,
    resubmission_makes_a_new_version_and_the_latest_signed_off_counts,
    coverage_is_computed_from_counts_and_population_never_from_zero,
    small_unmet_need_counts_are_suppressed_outside_the_icb_team,
    the_overview_shows_each_period_as_its_own_dashboard_does,
    every_returns_workbook_reads_back_with_calamine,
    a_boroughs_own_people_see_their_own_small_counts,
    the_same_file_again_is_flagged_not_stored_twice,
    a_borough_without_a_return_is_no_return_and_totals_say_what_they_cover,
);
