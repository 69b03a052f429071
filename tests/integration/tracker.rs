//! The recommendations tracker over HTTP: progress by an owner with the derived RAG's
//! reason, validation, conflicts on concurrent edits, the "as at" view, exports (read back
//! with calamine, fills read from the workbook's XML), borough lines and plan actions.

use app::error::AppError;
use app::recommendations::{Rag, RecommendationDetail, TrackerView};
use calamine::{Data, Reader, Xlsx};
use server_fn::ServerFn;
use std::io::{Cursor, Read};
use tests::{both_databases, call, count, TestApp};

const LEAD: &str = "icb.lead@demo.linkway.test";
const CAMDEN: &str = "camden.lead@demo.linkway.test";
const VIEWER: &str = "viewer@demo.linkway.test";

async fn detail(app: &TestApp, number: i64, cookie: &str) -> RecommendationDetail {
    let number = number.to_string();
    call(
        app,
        app::recommendations::LoadRecommendation::PATH,
        &[("number", &number)],
        cookie,
    )
    .await
    .unwrap()
}

fn today() -> String {
    chrono::Utc::now().date_naive().to_string()
}

async fn an_owner_posts_progress_and_sees_why_the_derived_rag_differs(app: TestApp) {
    app.seed_demo().await;
    let camden = app.sign_in(CAMDEN).await;
    let today = today();
    let audit_before = count(
        &app,
        "SELECT COUNT(*) FROM audit_events WHERE action = 'add_progress_update'",
    )
    .await;
    let id: i64 = call(
        &app,
        app::recommendations::AddProgressUpdate::PATH,
        &[
            ("number", "2"),
            ("status", "on_track"),
            ("commentary", "Enfield's group has met twice."),
            ("percent_complete", "60"),
            ("evidence", "https://example.nhs.uk/enfield-minutes"),
            ("reported_on", &today),
        ],
        &camden,
    )
    .await
    .unwrap();
    assert!(id > 0);
    let page = detail(&app, 2, &camden).await;
    let latest = page.row.latest.clone().unwrap();
    assert_eq!(latest.commentary, "Enfield's group has met twice.");
    assert_eq!(page.updates.len(), 2, "the earlier update is kept");
    assert_eq!(page.row.reported, Some(Rag::Green));
    assert_eq!(page.row.derived.rag, Rag::Red, "past its window");
    let why = app::recommendations::rag::difference(page.row.reported, &page.row.derived).unwrap();
    assert!(
        why.starts_with(
            "Reported green; derived red: milestone 'Steering group terms agreed' 21 days overdue"
        ),
        "{why}"
    );
    assert!(page.can_update && !page.can_plan);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE action = 'add_progress_update'"
        )
        .await,
        audit_before + 1
    );
    // The page says the same.
    let html = app
        .get_text_as("/recommendations/2", 200, Some(&camden))
        .await;
    assert!(html.contains("21 days overdue"), "reason on the page");

    // Someone who neither owns it nor plans is refused, and nothing is stored.
    let viewer = app.sign_in(VIEWER).await;
    let refused = call::<i64>(
        &app,
        app::recommendations::AddProgressUpdate::PATH,
        &[
            ("number", "2"),
            ("status", "off_track"),
            ("commentary", "Not mine to say"),
            ("percent_complete", "1"),
            ("evidence", ""),
            ("reported_on", &today),
        ],
        &viewer,
    )
    .await;
    assert_eq!(refused, Err(AppError::Forbidden));
    assert_eq!(detail(&app, 2, &viewer).await.updates.len(), 2);
}

async fn bad_progress_is_refused_field_by_field_and_nothing_is_stored(app: TestApp) {
    app.seed_demo().await;
    let lead = app.sign_in(LEAD).await;
    let before = count(&app, "SELECT COUNT(*) FROM progress_updates").await;
    let error = call::<i64>(
        &app,
        app::recommendations::AddProgressUpdate::PATH,
        &[
            ("number", "5"),
            ("status", "finished"),
            ("commentary", "   "),
            ("percent_complete", "150"),
            ("evidence", "http://insecure.example"),
            ("reported_on", "2999-01-01"),
        ],
        &lead,
    )
    .await
    .unwrap_err();
    let AppError::Validation(fields) = error else {
        panic!("expected validation, got {error:?}")
    };
    // In the order the form asks them, as the error summary lists them.
    let names: Vec<&str> = fields.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "status",
            "commentary",
            "percent_complete",
            "evidence",
            "reported_on"
        ]
    );
    let complete_at_half = call::<i64>(
        &app,
        app::recommendations::AddProgressUpdate::PATH,
        &[
            ("number", "5"),
            ("status", "complete"),
            ("commentary", "Done"),
            ("percent_complete", "50"),
            ("evidence", ""),
            ("reported_on", &today()),
        ],
        &lead,
    )
    .await;
    assert_eq!(
        complete_at_half,
        Err(AppError::field(
            "percent_complete",
            "A complete recommendation is 100% complete"
        ))
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM progress_updates").await,
        before
    );
}

/// Owner drop-downs offer people who can hold the role: not viewers, not panel members;
/// naming one anyway is refused.
async fn owners_are_people_who_can_hold_the_role(app: TestApp) {
    app.seed_demo().await;
    let lead = app.sign_in(LEAD).await;
    let offered = detail(&app, 5, &lead).await;
    let names: Vec<&str> = offered.people.iter().map(|p| p.name.as_str()).collect();
    assert!(names.contains(&"Cam Lead (demo)"), "{names:?}");
    assert!(
        !names
            .iter()
            .any(|name| name.starts_with("Vic Viewer") || name.starts_with("Pat Panel")),
        "{names:?}"
    );
    let viewer = app.user_id(VIEWER).await.to_string();
    let version = offered.row.plan.version.to_string();
    let refused: Result<(), AppError> = call(
        &app,
        app::recommendations::UpdatePlan::PATH,
        &[
            ("number", "5"),
            ("owner", &viewer),
            ("lead_organisation", "NCL"),
            ("version", &version),
        ],
        &lead,
    )
    .await;
    assert!(
        matches!(&refused, Err(AppError::Validation(fields)) if fields.contains_key("owner")),
        "{refused:?}"
    );
}

async fn a_stale_edit_is_refused_with_what_changed_and_can_then_be_saved(app: TestApp) {
    app.seed_demo().await;
    let lead = app.sign_in(LEAD).await;
    let version = detail(&app, 5, &lead).await.row.plan.version.to_string();
    let save = |organisation: &'static str, version: String| {
        let lead = lead.clone();
        let app = &app;
        async move {
            call::<()>(
                app,
                app::recommendations::UpdatePlan::PATH,
                &[
                    ("number", "5"),
                    ("owner", ""),
                    ("lead_organisation", organisation),
                    ("version", &version),
                ],
                &lead,
            )
            .await
        }
    };
    save("NCL Training Hub", version.clone()).await.unwrap();
    let conflict = save("Haringey GP Federation", version.clone())
        .await
        .unwrap_err();
    let AppError::Conflict {
        message,
        version: now,
    } = conflict
    else {
        panic!("expected a conflict, got {conflict:?}")
    };
    assert!(
        message.contains("Lead organisation: NCL Training Hub"),
        "{message}"
    );
    assert!(message.contains("Isla Lead (demo)"), "{message}");
    assert_eq!(now, Some(2));
    save("Haringey GP Federation", "2".into()).await.unwrap();
    assert_eq!(
        detail(&app, 5, &lead).await.row.plan.lead_organisation,
        "Haringey GP Federation"
    );

    // Milestones carry their version the same way.
    let page = detail(&app, 2, &lead).await;
    let milestone = page.milestones[0].clone();
    let id = milestone.id.to_string();
    let edit = |title: &'static str, version: &'static str| {
        let lead = lead.clone();
        let id = id.clone();
        let app = &app;
        async move {
            call::<()>(
                app,
                app::recommendations::UpdateMilestone::PATH,
                &[
                    ("id", &id),
                    ("version", version),
                    ("title", title),
                    ("due_on", "2026-01-31"),
                    ("done_on", ""),
                    ("owner_id", ""),
                ],
                &lead,
            )
            .await
        }
    };
    edit("Terms agreed by every borough", "1").await.unwrap();
    let stale = edit("Terms agreed", "1").await.unwrap_err();
    assert!(
        matches!(&stale, AppError::Conflict { message, version: Some(2) } if message.contains("Title: Steering group terms agreed → Terms agreed by every borough")),
        "{stale:?}"
    );
    let page = detail(&app, 2, &lead).await;
    assert_eq!(page.milestones[0].title, "Terms agreed by every borough");
    assert_eq!(page.milestones[0].version, 2);
}

async fn the_as_at_view_shows_only_what_was_recorded_by_then(app: TestApp) {
    app.seed_demo().await;
    let viewer = app.sign_in(VIEWER).await;
    let load = |as_at: String| {
        let viewer = viewer.clone();
        let app = &app;
        async move {
            call::<TrackerView>(
                app,
                app::recommendations::LoadTracker::PATH,
                &[("filter[as_at]", &as_at)],
                &viewer,
            )
            .await
        }
    };
    let now = load(String::new()).await.unwrap();
    assert_eq!(now.rows.len(), 21);
    let first = &now.rows[0];
    assert_eq!(first.latest.as_ref().map(|u| u.percent_complete), Some(100));
    assert_eq!(first.derived.rag, Rag::Green, "complete with evidence");

    // Everything in the demo was recorded today: yesterday's tracker has none of it.
    let yesterday = (chrono::Utc::now().date_naive() - chrono::Days::new(1)).to_string();
    let before = load(yesterday.clone()).await.unwrap();
    assert_eq!(before.as_at.to_string(), yesterday);
    assert!(before
        .rows
        .iter()
        .all(|row| row.latest.is_none() && row.next_milestone.is_none()));
    assert_eq!(
        before.rows[0].derived.rag,
        Rag::Red,
        "past its window, no update"
    );

    let future = (chrono::Utc::now().date_naive() + chrono::Days::new(1)).to_string();
    assert_eq!(
        load(future).await.unwrap_err(),
        AppError::field("as_at", "The date cannot be in the future")
    );
    assert!(matches!(
        load("31/12/2025".into()).await,
        Err(AppError::Validation(_))
    ));

    // The overview's trend ends today with the same counts as the tracker.
    let overview: app::recommendations::Overview =
        call(&app, app::recommendations::LoadOverview::PATH, &[], &viewer)
            .await
            .unwrap();
    let last = overview.trend.last().unwrap();
    let greens = now
        .rows
        .iter()
        .filter(|r| r.derived.rag == Rag::Green)
        .count();
    assert_eq!(last.green, greens);
    assert_eq!(last.red + last.amber + last.green, 21);
    assert!(overview
        .due_soon
        .iter()
        .any(|item| item.what == "First NCL community of practice meeting"));
    assert!(overview
        .overdue
        .iter()
        .any(|item| item.what == "Steering group terms agreed"));
}

async fn the_programme_start_moves_every_window_and_only_icb_leads_set_it(app: TestApp) {
    app.seed_demo().await;
    let lead = app.sign_in(LEAD).await;
    let viewer = app.sign_in(VIEWER).await;
    let window = |page: &RecommendationDetail| page.row.window.map(|(_, end)| end.to_string());
    assert_eq!(
        window(&detail(&app, 2, &lead).await).as_deref(),
        Some("2025-06-01")
    );
    let path = app::recommendations::SetProgrammeStart::PATH;
    assert_eq!(
        call::<()>(
            &app,
            path,
            &[("programme_start", "2026-01-01"), ("version", "1")],
            &viewer
        )
        .await,
        Err(AppError::Forbidden)
    );
    assert!(matches!(
        call::<()>(
            &app,
            path,
            &[("programme_start", "1 January"), ("version", "1")],
            &lead
        )
        .await,
        Err(AppError::Validation(_))
    ));
    call::<()>(
        &app,
        path,
        &[("programme_start", "2026-01-01"), ("version", "1")],
        &lead,
    )
    .await
    .unwrap();
    // A save from a page loaded before that one is refused, and changes nothing.
    let stale = call::<()>(
        &app,
        path,
        &[("programme_start", "2025-09-01"), ("version", "1")],
        &lead,
    )
    .await;
    assert!(
        matches!(stale, Err(AppError::Conflict { version: Some(2), ref message }) if message.contains("Someone else saved this first")),
        "{stale:?}"
    );
    assert_eq!(
        window(&detail(&app, 2, &lead).await).as_deref(),
        Some("2026-04-01")
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE action = 'set_programme_start'"
        )
        .await,
        1
    );
}

/// The fill colour (`AARRGGBB`) of `cell` on the first sheet, read from the workbook's XML.
fn fill_of(bytes: &[u8], cell: &str) -> Option<String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut read = |name: &str| {
        let mut text = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    let sheet = read("xl/worksheets/sheet1.xml");
    let styles = read("xl/styles.xml");
    let start = sheet.find(&format!(r#"<c r="{cell}""#))?;
    let tag = &sheet[start..start + sheet[start..].find('>')?];
    let style: usize = attribute(tag, "s")?.parse().ok()?;
    let xfs = &styles[styles.find("<cellXfs")?..];
    let xf = xfs.split("<xf ").nth(style + 1)?;
    let fill: usize = attribute(xf, "fillId")?.parse().ok()?;
    let fills = &styles[styles.find("<fills")?..styles.find("</fills>")?];
    let fill = fills.split("<fill>").nth(fill + 1)?;
    let colour = &fill[fill.find("<fgColor")?..];
    attribute(colour, "rgb").map(str::to_owned)
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(r#" {name}=""#);
    let start = tag.find(&key)? + key.len();
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// Text past Excel's cell limit (stored before limits, or by another route) is cut with
/// "…"; the export still answers.
async fn a_40000_character_commentary_exports_as_a_cut_cell(app: TestApp) {
    let viewer = app.viewer().await;
    let long = "Long commentary. ".repeat(2_400);
    assert!(long.chars().count() > 40_000);
    app::on_conn!(&mut app.db.conn().await.unwrap(), pool => {
        sqlx::query(
            "UPDATE progress_updates SET commentary = $1 \
             WHERE id = (SELECT MAX(id) FROM progress_updates)",
        )
        .bind(&long)
        .execute(pool)
        .await
        .map(|_| ())
    })
    .unwrap();
    let response = app.get_as("/recommendations.xlsx", Some(&viewer)).await;
    assert_eq!(response.status().as_u16(), 200);
    let bytes = response.bytes().await.unwrap().to_vec();
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let sheet = workbook.worksheet_range("Tracker").unwrap();
    let cut: Vec<String> = sheet
        .rows()
        .flat_map(|row| row.iter().map(|cell| cell.to_string()))
        .filter(|text| text.starts_with("Long commentary."))
        .collect();
    assert_eq!(cut.len(), 1, "the long commentary is in the export once");
    assert_eq!(cut[0].chars().count(), 32_767);
    assert!(cut[0].ends_with('…'));
}

async fn the_tracker_export_has_21_rows_the_columns_and_rag_fills(app: TestApp) {
    let viewer = app.viewer().await;
    let response = app.get_as("/recommendations.xlsx", Some(&viewer)).await;
    assert_eq!(response.status().as_u16(), 200);
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.contains(&format!("linkway-tracker-{}.xlsx", today())),
        "{disposition}"
    );
    let bytes = response.bytes().await.unwrap().to_vec();
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    let sheet = workbook.worksheet_range("Tracker").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows.len(), 2 + 21, "title, header, 21 recommendations");
    assert!(rows[0][0]
        .to_string()
        .starts_with("Recommendations tracker as at "));
    let header: Vec<String> = rows[1].iter().map(|c| c.to_string()).collect();
    assert_eq!(header, app::recommendations::export::HEADERS);
    let column = |name: &str| {
        app::recommendations::export::HEADERS
            .iter()
            .position(|h| *h == name)
            .unwrap()
    };
    assert_eq!(rows[2][0], Data::Float(1.0));
    assert_eq!(rows[2][column("Derived RAG")], Data::String("Green".into()));
    assert_eq!(
        rows[2][column("Owner")],
        Data::String("Isla Lead (demo)".into())
    );
    assert_eq!(rows[3][column("Derived RAG")], Data::String("Red".into()));
    assert_eq!(
        rows[3][column("Reported RAG")],
        Data::String("Green".into())
    );
    assert!(rows[3][column("Why the derived RAG differs")]
        .to_string()
        .contains("21 days overdue"));
    assert_eq!(rows[22][0], Data::Float(21.0));
    // Dates are Excel dates, not text: the window's end and the next milestone's due date.
    for name in ["Target window closes", "Next milestone due"] {
        assert!(
            rows[2..]
                .iter()
                .any(|row| matches!(row[column(name)], Data::DateTime(_))),
            "{name} holds dates"
        );
        assert!(
            rows[2..]
                .iter()
                .all(|row| matches!(row[column(name)], Data::DateTime(_) | Data::Empty)),
            "{name} holds nothing but dates"
        );
    }
    // Derived RAG is column L: green for 1 (row 3), red for 2 (row 4); reported "Not reported" unfilled.
    assert_eq!(fill_of(&bytes, "L3").as_deref(), Some("FF007F3B"));
    assert_eq!(fill_of(&bytes, "L4").as_deref(), Some("FFD5281B"));
    assert_eq!(
        fill_of(&bytes, "K7"),
        None,
        "recommendation 5 has no reported RAG"
    );

    // As at yesterday, and a bad date is a clear 400.
    let yesterday = (chrono::Utc::now().date_naive() - chrono::Days::new(1)).to_string();
    let response = app
        .get_as(
            &format!("/recommendations.xlsx?as_at={yesterday}"),
            Some(&viewer),
        )
        .await;
    assert_eq!(response.status().as_u16(), 200);
    let response = app
        .get_as("/recommendations.xlsx?as_at=yesterday", Some(&viewer))
        .await;
    assert_eq!(response.status().as_u16(), 400);
    assert!(response.text().await.unwrap().contains("real date"));
}

async fn the_board_paper_is_one_row_per_recommendation_or_borough_line(app: TestApp) {
    let viewer = app.viewer().await;
    let read = |bytes: Vec<u8>| {
        let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        let sheet = workbook.worksheet_range("Board paper").unwrap();
        sheet
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>())
            .collect::<Vec<_>>()
    };
    let icb = app
        .get_as("/recommendations/board-paper.xlsx", Some(&viewer))
        .await;
    assert_eq!(icb.status().as_u16(), 200);
    let bytes = icb.bytes().await.unwrap().to_vec();
    let rows = read(bytes.clone());
    let headers = app::recommendations::export::BOARD_HEADERS;
    assert_eq!(rows[1], headers[..headers.len() - 1], "no borough column");
    assert_eq!(rows[3][4], "Steering group terms agreed");
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let sheet = workbook.worksheet_range("Board paper").unwrap();
    assert!(
        matches!(sheet.get_value((3, 5)), Some(Data::DateTime(_))),
        "the due date is an Excel date: {:?}",
        sheet.get_value((3, 5))
    );
    // Below the 21 rows, a blank row, then the RAG summary adding up to 21.
    assert_eq!(rows[24][0], app::recommendations::export::RAG_SUMMARY);
    let summary: Vec<(String, f64)> = rows[25..28]
        .iter()
        .map(|row| (row[0].clone(), row[1].parse().unwrap()))
        .collect();
    assert_eq!(
        summary
            .iter()
            .map(|(rag, _)| rag.as_str())
            .collect::<Vec<_>>(),
        ["Red", "Amber", "Green"]
    );
    assert_eq!(summary.iter().map(|(_, n)| n).sum::<f64>(), 21.0);

    let camden = app
        .get_as(
            "/recommendations/board-paper.xlsx?borough=camden",
            Some(&viewer),
        )
        .await;
    let rows = read(camden.bytes().await.unwrap().to_vec());
    assert!(rows[0][0].starts_with("Camden quarterly report"));
    assert_eq!(rows[1], headers, "with the borough column");
    assert_eq!(
        rows.len(),
        3 + 1 + 4,
        "title, header, recommendation 2's Camden line, then the RAG summary"
    );
    assert_eq!(rows[2][6], "On track: Meets six-weekly (demo).");
    // The tracker filtered to Camden's lines offers Camden's report; unfiltered, none.
    let filtered = app
        .get_text_as("/recommendations?borough=camden", 200, Some(&viewer))
        .await;
    assert!(
        filtered.contains(
            r#"<a href="/recommendations/board-paper.xlsx?borough=camden" download rel="external" id="borough-board-paper">Download Camden's quarterly board report (Excel, .xlsx)</a>"#
        ),
        "the borough's report is offered"
    );
    let unfiltered = app
        .get_text_as("/recommendations", 200, Some(&viewer))
        .await;
    assert!(!unfiltered.contains("borough-board-paper"));
    let unknown = app
        .get_as(
            "/recommendations/board-paper.xlsx?borough=atlantis",
            Some(&viewer),
        )
        .await;
    assert_eq!(unknown.status().as_u16(), 400);
}

async fn borough_plans_are_seeded_from_the_review_and_leads_update_their_own(app: TestApp) {
    let per_borough = count(&app, "SELECT COUNT(*) FROM borough_actions").await;
    assert_eq!(per_borough, 134);
    let actions =
        app::borough_plans::db::borough_actions(&mut app.db.conn().await.unwrap(), "enfield")
            .await
            .unwrap();
    assert_eq!(actions.len(), 25);
    assert_eq!(
        (
            actions[0].domain.as_str(),
            actions[0].number,
            actions[0].title.as_str()
        ),
        (
            "Leadership and Governance",
            1,
            "Establish a Social Prescribing Steering Group"
        )
    );
    for (borough, expected) in [
        ("barnet", 24),
        ("camden", 22),
        ("haringey", 35),
        ("islington", 28),
    ] {
        let actions =
            app::borough_plans::db::borough_actions(&mut app.db.conn().await.unwrap(), borough)
                .await
                .unwrap();
        assert_eq!(actions.len(), expected, "{borough}");
    }
    app.seed_demo().await;
    assert_eq!(
        app::borough_plans::db::borough_actions(&mut app.db.conn().await.unwrap(), "enfield")
            .await
            .unwrap()[0]
            .recommendations,
        [2],
        "demo links the steering group to recommendation 2"
    );

    let camden = app.sign_in(CAMDEN).await;
    // Borough plans open on the user's own borough; ICB-wide roles on the first.
    for (cookie, asked, shown) in [
        (&camden, "", "camden"),
        (&camden, "barnet", "barnet"),
        (&app.sign_in("viewer@demo.linkway.test").await, "", "barnet"),
    ] {
        let plan: app::borough_plans::BoroughPlan = call(
            &app,
            app::borough_plans::LoadBoroughPlan::PATH,
            &[("borough", asked)],
            cookie,
        )
        .await
        .unwrap();
        assert_eq!(plan.borough_code, shown, "asked for {asked:?}");
    }
    let camden_action =
        app::borough_plans::db::borough_actions(&mut app.db.conn().await.unwrap(), "camden")
            .await
            .unwrap()[0]
            .clone();
    let barnet_action =
        app::borough_plans::db::borough_actions(&mut app.db.conn().await.unwrap(), "barnet")
            .await
            .unwrap()[0]
            .clone();
    let update = |id: i64, version: i64, links: &'static str| {
        let camden = camden.clone();
        let app = &app;
        async move {
            let (id, version) = (id.to_string(), version.to_string());
            call::<()>(
                app,
                app::borough_plans::UpdateBoroughAction::PATH,
                &[
                    ("id", &id),
                    ("version", &version),
                    ("owner_id", ""),
                    ("status", "at_risk"),
                    ("due_on", "2026-12-31"),
                    ("done_on", ""),
                    ("recommendations", links),
                ],
                &camden,
            )
            .await
        }
    };
    assert_eq!(
        update(camden_action.id, camden_action.version, "2, 99").await,
        Err(AppError::field(
            "recommendations",
            "\"99\" is not a recommendation number (1 to 21)"
        ))
    );
    update(camden_action.id, camden_action.version, "4, 2")
        .await
        .unwrap();
    let saved =
        app::borough_plans::db::find_action(&mut app.db.conn().await.unwrap(), camden_action.id)
            .await
            .unwrap()
            .unwrap();
    assert_eq!(saved.recommendations, [2, 4]);
    assert_eq!(saved.status, app::recommendations::Status::AtRisk);
    assert_eq!(
        update(barnet_action.id, barnet_action.version, "2").await,
        Err(AppError::Forbidden),
        "another borough's plan"
    );
    let linked = detail(&app, 4, &camden).await.actions;
    assert!(linked.iter().any(|a| a.id == camden_action.id));
    let audited =
        "SELECT COUNT(*) FROM audit_events WHERE action = 'update_borough_action' AND entity_id = ";
    assert_eq!(
        count(&app, &format!("{audited}'{}'", camden_action.id)).await,
        1,
        "one save, one row"
    );
}

async fn borough_lines_are_edited_by_their_borough_and_not_others(app: TestApp) {
    app.seed_demo().await;
    let camden = app.sign_in(CAMDEN).await;
    let lines = detail(&app, 2, &camden).await.borough_lines;
    assert_eq!(lines.len(), 5);
    let line = |code: &str| {
        lines
            .iter()
            .find(|l| l.borough_code == code)
            .unwrap()
            .clone()
    };
    let edit = |id: i64, version: i64| {
        let camden = camden.clone();
        let app = &app;
        async move {
            let (id, version) = (id.to_string(), version.to_string());
            call::<()>(
                app,
                app::recommendations::UpdateBoroughLine::PATH,
                &[
                    ("id", &id),
                    ("version", &version),
                    ("owner_id", ""),
                    ("status", "complete"),
                    ("note", "Terms signed"),
                ],
                &camden,
            )
            .await
        }
    };
    let own = line("camden");
    edit(own.id, own.version).await.unwrap();
    let enfield = line("enfield");
    assert_eq!(
        edit(enfield.id, enfield.version).await,
        Err(AppError::Forbidden)
    );
    let lines = detail(&app, 2, &camden).await.borough_lines;
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.status == app::recommendations::Status::Complete)
            .count(),
        1
    );
    let lead = app.sign_in(LEAD).await;
    let duplicate = call::<()>(
        &app,
        app::recommendations::AddBoroughLine::PATH,
        &[("number", "2"), ("borough", "camden")],
        &lead,
    )
    .await;
    assert_eq!(
        duplicate,
        Err(AppError::field(
            "borough",
            "Camden already has a line on this recommendation"
        ))
    );
}

/// The progress form carries its page's one-time token: sent twice (one after the other,
/// or both at once) it stores one update and both answers name it; the same token with
/// other words is refused rather than dropped; the next page load's token posts a new one;
/// a token Linkway did not give out is refused.
async fn a_progress_update_sent_twice_is_stored_once(app: TestApp) {
    app.seed_demo().await;
    let camden = app.sign_in(CAMDEN).await;
    let today = today();
    let post = |token: String, commentary: &'static str| {
        let (app, camden, today) = (&app, camden.clone(), today.clone());
        async move {
            call::<i64>(
                app,
                app::recommendations::AddProgressUpdate::PATH,
                &[
                    ("number", "2"),
                    ("status", "on_track"),
                    ("commentary", commentary),
                    ("percent_complete", "60"),
                    ("evidence", ""),
                    ("reported_on", &today),
                    ("token", &token),
                ],
                &camden,
            )
            .await
        }
    };
    let stored = || count(&app, "SELECT COUNT(*) FROM progress_updates");
    let audited = || {
        count(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE action = 'add_progress_update'",
        )
    };
    let (updates, events) = (stored().await, audited().await);

    let token = detail(&app, 2, &camden).await.form_token;
    let first = post(token.clone(), "Met twice.").await.unwrap();
    let again = post(token.clone(), "Met twice.").await.unwrap();
    assert_eq!(again, first, "the repeat answers the first update");
    assert_eq!(stored().await, updates + 1);
    assert_eq!(audited().await, events + 1);
    // The same token saying something else (a page come back to) is refused, not dropped.
    let other = post(token.clone(), "Met twice, and the chair changed.").await;
    assert!(
        matches!(other, Err(AppError::BadRequest { .. })),
        "{other:?}"
    );
    assert_eq!(stored().await, updates + 1);

    // Two at once with the next page's token: still one.
    let next = detail(&app, 2, &camden).await.form_token;
    assert_ne!(next, token, "each page load has its own token");
    let (a, b) = tokio::join!(post(next.clone(), "Met thrice."), post(next, "Met thrice."));
    assert_eq!(a.clone().unwrap(), b.unwrap());
    assert_ne!(a.unwrap(), first);
    assert_eq!(stored().await, updates + 2);

    let forged = post("not-a-token".to_owned(), "Forged").await;
    assert!(
        matches!(forged, Err(AppError::BadRequest { .. })),
        "{forged:?}"
    );
    assert_eq!(stored().await, updates + 2);
}

both_databases!(
    owners_are_people_who_can_hold_the_role,
    a_progress_update_sent_twice_is_stored_once,
    an_owner_posts_progress_and_sees_why_the_derived_rag_differs,
    bad_progress_is_refused_field_by_field_and_nothing_is_stored,
    a_stale_edit_is_refused_with_what_changed_and_can_then_be_saved,
    the_as_at_view_shows_only_what_was_recorded_by_then,
    the_programme_start_moves_every_window_and_only_icb_leads_set_it,
    the_tracker_export_has_21_rows_the_columns_and_rag_fills,
    a_40000_character_commentary_exports_as_a_cut_cell,
    the_board_paper_is_one_row_per_recommendation_or_borough_line,
    borough_plans_are_seeded_from_the_review_and_leads_update_their_own,
    borough_lines_are_edited_by_their_borough_and_not_others,
);
