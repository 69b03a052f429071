//! Benchmark (release build, prints figures; `make bench`): a quarterly return with 50,000
//! unmet need rows, uploaded through the real route until it is stored — parse, validate,
//! store — on SQLite and on PostgreSQL, against a raw calamine parse of the same file in the
//! same run. Each figure is the best of a few runs.

use app::returns::check::{check_return, Expected};
use app::returns::template::{template, Fill, TemplateSpec, TEMPLATE_VERSION};
use calamine::{Reader, Xlsx};
use std::io::Cursor;
use std::time::{Duration, Instant};
use tests::{open_return_period, spawn_app, DbKind};

const ROWS: usize = 50_000;
const RUNS: usize = 3;

fn best(times: &[Duration]) -> Duration {
    times.iter().copied().min().unwrap_or_default()
}

fn rate(duration: Duration) -> f64 {
    ROWS as f64 / duration.as_secs_f64()
}

/// Reads every sheet of the workbook into cells, as calamine does, and nothing else.
fn raw_parse(bytes: &[u8]) -> usize {
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let mut cells = 0;
    for name in workbook.sheet_names() {
        cells += workbook
            .worksheet_range(&name)
            .unwrap()
            .used_cells()
            .count();
    }
    cells
}

/// Uploads the file once per run (each to a fresh period) and answers the times until the
/// upload route answered, having stored the return.
async fn upload_to_stored(kind: DbKind, spec: &TemplateSpec, fill: &Fill) -> Vec<Duration> {
    let app = spawn_app(kind).await;
    app.seed_demo().await;
    let lead = app.sign_in("icb.lead@demo.linkway.test").await;
    let submitter = app.sign_in("camden.submitter@demo.linkway.test").await;
    let mut times = Vec::new();
    for run in 0..RUNS {
        open_return_period(&app, &lead, "2040", run + 1, [-1, 10, 20])
            .await
            .expect("period opened");
        let period = app::returns::db::periods(&mut app.db.conn().await.unwrap())
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.financial_year == 2040 && p.quarter == run as u32 + 1)
            .unwrap();
        let spec = TemplateSpec {
            period_code: period.code(),
            ..spec.clone()
        };
        let bytes = template(&spec, fill).unwrap().save_to_buffer().unwrap();
        let path = format!("/returns/periods/{}/boroughs/camden/upload", period.id);
        let started = Instant::now();
        let response = app
            .upload_file(&path, "camden-50000.xlsx", &bytes, &submitter)
            .await;
        let elapsed = started.elapsed();
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let stored: i64 = app::on_conn!(&mut app.db.conn().await.unwrap(), pool => sqlx::query_scalar(
            "SELECT COUNT(*) FROM return_unmet_needs u JOIN return_submissions s ON s.id = u.submission_id WHERE s.period_id = $1")
            .bind(period.id)
            .fetch_one(pool)
            .await)
        .unwrap();
        assert_eq!(stored, ROWS as i64, "every row stored ({location})");
        times.push(elapsed);
    }
    times
}

#[tokio::main]
async fn main() {
    let themes: Vec<String> = [
        "Housing (repairs, damp, mould, waits)",
        "Benefits and financial support",
        "Mental health and counselling waits",
        "Social isolation and loneliness",
        "Digital exclusion",
    ]
    .map(str::to_owned)
    .to_vec();
    let spec = TemplateSpec {
        borough_code: "camden".into(),
        borough_name: "Camden".into(),
        period_code: "2040/41 Q1".into(),
        due_on: "soon".into(),
        version: TEMPLATE_VERSION,
        themes: themes.clone(),
        pcns: Vec::new(),
    };
    let fill = tests::large_return::fill(&themes, ROWS);
    let bytes = template(&spec, &fill).unwrap().save_to_buffer().unwrap();
    println!(
        "return with {ROWS} unmet need rows: {:.1} MB",
        bytes.len() as f64 / 1_048_576.0
    );

    let mut raw = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let cells = raw_parse(&bytes);
        raw.push(started.elapsed());
        assert!(cells > ROWS * 5);
    }
    let raw = best(&raw);

    let need_themes: Vec<app::returns::NeedTheme> = themes
        .iter()
        .zip(1..)
        .map(|(name, id)| app::returns::NeedTheme {
            id,
            name: name.clone(),
            position: id,
        })
        .collect();
    let expected = Expected {
        borough_code: "camden",
        borough_name: "Camden",
        period_code: "2040/41 Q1",
        themes: &need_themes,
        pcns: &[],
    };
    let mut checked = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let content = check_return(&bytes, &expected).unwrap();
        checked.push(started.elapsed());
        assert_eq!(content.unmet_needs.len(), ROWS);
    }
    let checked = best(&checked);

    println!(
        "{:<52} {:>9} {:>12} {:>8}",
        "", "seconds", "rows/s", "× raw"
    );
    let line = |label: &str, duration: Duration| {
        println!(
            "{label:<52} {:>9.3} {:>12.0} {:>8.2}",
            duration.as_secs_f64(),
            rate(duration),
            duration.as_secs_f64() / raw.as_secs_f64()
        );
    };
    line("raw calamine parse", raw);
    line("parse + validate (check_return)", checked);
    for kind in [DbKind::Sqlite, DbKind::Postgres] {
        let stored = best(&upload_to_stored(kind, &spec, &fill).await);
        line(
            &format!("upload to stored on {kind:?} (parse+validate+store)"),
            stored,
        );
    }
}
