//! Loading an ICB's recommendations from a spreadsheet laid out like the tracker export:
//! NEL's lead loads NEL's review, every cell is checked and a file with any problem changes
//! nothing; a recorded recommendation keeps its words and takes a new owner; NCL's tracker
//! export loads back into NCL unchanged; nobody loads into another ICB's review.

use app::error::AppError;
use app::recommendations::{RecommendationImport, TrackerView};
use server_fn::ServerFn;
use tests::{both_databases, call, count, TestApp};

const NCL_LEAD: &str = "icb.lead@demo.linkway.test";

/// A workbook with the export's title row, its first eight headings and `rows` under them.
fn recommendations_sheet(rows: &[[&str; 8]]) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write(0, 0, "Recommendations tracker").unwrap();
    for (column, heading) in (0u16..).zip(&app::recommendations::export::HEADERS[..8]) {
        sheet.write(1, column, *heading).unwrap();
    }
    for (row, cells) in (2u32..).zip(rows) {
        for (column, value) in (0u16..).zip(cells) {
            match value.parse::<f64>() {
                Ok(number) if column == 0 => sheet.write(row, column, number).unwrap(),
                _ => sheet.write(row, column, *value).unwrap(),
            };
        }
    }
    workbook.save_to_buffer().unwrap()
}

/// Uploads `bytes` into `icb`'s review; answers the load the tracker was sent back to show.
async fn load(app: &TestApp, icb: &str, bytes: &[u8], cookie: &str) -> RecommendationImport {
    let response = app
        .upload_file(
            &format!("/recommendations/import/{icb}"),
            "review.xlsx",
            bytes,
            cookie,
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let id = location
        .strip_prefix(&format!("/recommendations?area={icb}&import="))
        .and_then(|rest| rest.strip_suffix("#load"))
        .unwrap_or_else(|| panic!("sent to {location}"));
    call(
        app,
        app::recommendations::LoadRecommendationImport::PATH,
        &[("id", id)],
        cookie,
    )
    .await
    .unwrap()
}

fn of_icb(icb: &str) -> String {
    format!(
        "SELECT COUNT(*) FROM recommendations \
         WHERE icb_id = (SELECT id FROM icbs WHERE code = '{icb}')"
    )
}

async fn an_icb_lead_loads_their_review_from_a_spreadsheet(app: TestApp) {
    app.seed_demo().await;
    let nel = app.sign_in_as_other_icb_lead().await;
    let ncl_before = count(&app, &of_icb("NCL")).await;

    // Every problem, each by its cell; nothing is added.
    let refused = load(
        &app,
        "NEL",
        &recommendations_sheet(&[
            [
                "1",
                "Leadership",
                "Appoint a lead",
                "High",
                "3 months",
                "",
                "",
                "NEL ICB",
            ],
            [
                "1",
                "Leadership",
                "",
                "Urgent",
                "soon",
                "",
                "Nobody Known",
                "",
            ],
            [
                "two",
                "Workforce",
                "Train link workers",
                "medium",
                "6-12 months",
                "",
                "",
                "",
            ],
        ]),
        &nel,
    )
    .await;
    assert_eq!(
        refused.problems,
        [
            "A4: recommendation 1 is listed already, on row 3",
            "C4: Enter the recommendation",
            "D4: Urgent is not a priority: enter High, Medium or Low",
            "E4: soon is not a timeline Linkway can read: write it like 3 months, 3-6 months or Ongoing",
            "G4: Nobody Known is not a person with a programme role in this ICB: leave the owner empty, or ask an administrator to add them first",
            "A5: two is not a recommendation number: enter a whole number from 1 to 999",
        ]
    );
    assert_eq!(refused.added, 0);
    assert_eq!(count(&app, &of_icb("NEL")).await, 0);

    // A clean sheet adds NEL's review; the owner is found by name among NEL's people.
    let done = load(
        &app,
        "NEL",
        &recommendations_sheet(&[
            [
                "1",
                "Leadership",
                "Appoint a lead",
                "High",
                "3 months",
                "",
                "Nell Lead (demo)",
                "NEL ICB",
            ],
            [
                "2",
                "Workforce",
                "Train link workers",
                "medium",
                "6-12 months",
                "",
                "",
                "",
            ],
            [
                "3",
                "Data",
                "Share one dataset",
                "Low",
                "Ongoing",
                "",
                "",
                "",
            ],
        ]),
        &nel,
    )
    .await;
    assert_eq!(
        (
            done.added,
            done.updated,
            done.unchanged,
            done.problems.len()
        ),
        (3, 0, 0, 0)
    );
    let tracker: TrackerView = call(
        &app,
        app::recommendations::LoadTracker::PATH,
        &[("filter[sort]", "number")],
        &nel,
    )
    .await
    .unwrap();
    let rows: Vec<(i64, &str, Option<&str>)> = tracker
        .rows
        .iter()
        .map(|row| {
            (
                row.recommendation.number,
                row.recommendation.priority.as_str(),
                row.plan.owner_name.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (1, "High", Some("Nell Lead (demo)")),
            (2, "Medium", None),
            (3, "Low", None)
        ]
    );
    assert_eq!(
        count(&app, &of_icb("NCL")).await,
        ncl_before,
        "NCL's untouched"
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE action = 'load_recommendation'"
        )
        .await,
        3
    );

    // Loading again: a recorded recommendation keeps its words (other words are refused,
    // nothing changes) and takes the owner and lead organisation the row gives.
    let reworded = load(
        &app,
        "NEL",
        &recommendations_sheet(&[
            [
                "2",
                "Workforce",
                "Train link workers",
                "Medium",
                "6-12 months",
                "",
                "Nell Lead (demo)",
                "",
            ],
            [
                "3",
                "Data",
                "Share two datasets",
                "Low",
                "Ongoing",
                "",
                "",
                "",
            ],
        ]),
        &nel,
    )
    .await;
    assert_eq!(reworded.problems.len(), 1, "{:?}", reworded.problems);
    assert!(reworded.problems[0]
        .starts_with("Row 4: recommendation 3 is recorded already with another recommendation"));
    let owned = "SELECT COUNT(*) FROM recommendations WHERE owner_id IS NOT NULL \
                 AND icb_id = (SELECT id FROM icbs WHERE code = 'NEL')";
    assert_eq!(count(&app, owned).await, 1, "nothing changed");
    let updated = load(
        &app,
        "NEL",
        &recommendations_sheet(&[
            [
                "2",
                "Workforce",
                "Train  link workers",
                "Medium",
                "6-12 months",
                "",
                "Nell Lead (demo)",
                "",
            ],
            [
                "4",
                "Evaluation",
                "Evaluate the programme",
                "High",
                "12 months",
                "",
                "",
                "",
            ],
        ]),
        &nel,
    )
    .await;
    assert_eq!(
        (updated.added, updated.updated, updated.problems.len()),
        (1, 1, 0)
    );
    assert_eq!(count(&app, owned).await, 2);
    assert_eq!(count(&app, &of_icb("NEL")).await, 4);

    // Each ICB's recommendation 2 keeps its own history: NCL's change of its plan is not
    // in NEL's, and NEL's load is not in NCL's (NCL's rows were seeded with ids equal to
    // their numbers, so the history kept by number before is the same record's).
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM recommendations r JOIN icbs i ON i.id = r.icb_id \
             WHERE i.code = 'NCL' AND r.id <> r.number"
        )
        .await,
        0
    );
    let ncl = app.sign_in(NCL_LEAD).await;
    let plan: Result<(), AppError> = call(
        &app,
        app::recommendations::UpdatePlan::PATH,
        &[
            ("number", "2"),
            ("owner", ""),
            ("lead_organisation", "NCL's own lead body"),
            ("version", "2"),
        ],
        &ncl,
    )
    .await;
    assert!(plan.is_ok(), "{plan:?}");
    let history = |cookie: String| {
        let app = &app;
        async move {
            let detail: app::recommendations::RecommendationDetail = call(
                app,
                app::recommendations::LoadRecommendation::PATH,
                &[("number", "2")],
                &cookie,
            )
            .await
            .unwrap();
            let events = detail.history.expect("an ICB lead reads the history");
            events
                .iter()
                .map(|event| event.action.clone())
                .collect::<Vec<_>>()
        }
    };
    let theirs = history(nel.clone()).await;
    assert!(
        theirs.contains(&"load_recommendation".to_owned()),
        "{theirs:?}"
    );
    assert_eq!(
        theirs
            .iter()
            .filter(|action| *action == "update_plan")
            .count(),
        1,
        "NEL's own load set its owner; NCL's change is not here: {theirs:?}"
    );
    let ours = history(ncl.clone()).await;
    assert!(ours.contains(&"update_plan".to_owned()), "{ours:?}");
    assert!(
        !ours.contains(&"load_recommendation".to_owned()),
        "{ours:?}"
    );

    // A file that is not a workbook says so, and is recorded with its problem.
    let broken = load(&app, "NEL", b"not a workbook", &nel).await;
    assert_eq!(broken.problems.len(), 1);
    assert!(broken.problems[0].contains("not an Excel workbook"));

    // Nobody else loads into NEL, nor reads what NEL's loads did; NEL's lead not into NCL.
    let before = count(&app, "SELECT COUNT(*) FROM recommendation_imports").await;
    for (icb, cookie) in [("NEL", &ncl), ("NCL", &nel)] {
        let response = app
            .upload_file(
                &format!("/recommendations/import/{icb}"),
                "review.xlsx",
                &recommendations_sheet(&[["9", "X", "Y", "High", "3 months", "", "", ""]]),
                cookie,
            )
            .await;
        assert_eq!(response.status().as_u16(), 403, "{icb}");
    }
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM recommendation_imports").await,
        before
    );
    let refused: Result<RecommendationImport, AppError> = call(
        &app,
        app::recommendations::LoadRecommendationImport::PATH,
        &[("id", &done.id.to_string())],
        &ncl,
    )
    .await;
    assert!(
        matches!(refused, Err(AppError::NotFound { .. })),
        "{refused:?}"
    );
}

/// NCL's tracker export, loaded back into NCL, finds all 21 recommendations recorded
/// already just so: the export is the layout.
async fn the_tracker_export_loads_back_unchanged(app: TestApp) {
    app.seed_demo().await;
    let ncl = app.sign_in(NCL_LEAD).await;
    let export = app.get_as("/recommendations.xlsx", Some(&ncl)).await;
    assert_eq!(export.status(), 200);
    let bytes = export.bytes().await.unwrap();
    let changes =
        "SELECT COUNT(*) FROM audit_events WHERE action IN ('update_plan', 'load_recommendation')";
    let before = count(&app, changes).await;
    let done = load(&app, "NCL", &bytes, &ncl).await;
    assert_eq!(done.problems, Vec::<String>::new());
    assert_eq!((done.added, done.updated, done.unchanged), (0, 0, 21));
    assert_eq!(count(&app, changes).await, before);
    let page = app
        .get_text_as(
            &format!("/recommendations?area=NCL&import={}", done.id),
            200,
            Some(&ncl),
        )
        .await;
    assert!(page.contains("0 recommendations added, 0 updated, 21 recorded already"));
}

both_databases!(
    an_icb_lead_loads_their_review_from_a_spreadsheet,
    the_tracker_export_loads_back_unchanged,
);
