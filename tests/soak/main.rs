//! `make soak`: Linkway as its own process under 20 simulated users for five minutes —
//! eighteen browse pages and download exports, two take turns uploading a 50,000-row
//! return — then prints the requests served by kind and status, latencies, and the
//! server's memory at the start and the end. A script, not a test: it prints figures and
//! exits non-zero only if Linkway answered any request with a 5xx or stopped.
//!
//! `SOAK_SECONDS` (default 300), `SOAK_USERS` (default 20) and `SOAK_DATABASE`
//! (`sqlite`, the default, or `postgres`) change the run. Every request goes to the
//! process on 127.0.0.1, and each user's loop stops at the deadline.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tests::process::ServerProcess;
use tests::{open_return_period, DbKind, TestApp};

const ROWS: usize = 50_000;
const UPLOADERS: [&str; 2] = [
    "camden.submitter@demo.linkway.test",
    "camden.lead@demo.linkway.test",
];
const BROWSERS: [&str; 4] = [
    "viewer@demo.linkway.test",
    "icb.lead@demo.linkway.test",
    "panel@demo.linkway.test",
    "camden.lead@demo.linkway.test",
];
const PAGES: [&str; 14] = [
    "/",
    "/recommendations",
    "/recommendations/overview",
    "/recommendations/3",
    "/my-actions",
    "/borough-plans",
    "/maturity",
    "/maturity/boroughs/camden",
    "/maturity/domains/1",
    "/workforce",
    "/unmet-need",
    "/returns",
    "/healthz",
    "/sign-in",
];
const EXPORTS: [&str; 4] = [
    "/recommendations.xlsx",
    "/maturity/heatmap.xlsx",
    "/workforce/coverage.xlsx",
    "/unmet-need/export.xlsx",
];

/// What one kind of request did: how many by status, and each one's time.
#[derive(Default)]
struct Tally {
    statuses: BTreeMap<u16, u64>,
    failed: u64,
    millis: Vec<u128>,
}

type Tallies = Arc<Mutex<BTreeMap<&'static str, Tally>>>;

fn record(tallies: &Tallies, kind: &'static str, status: Option<u16>, took: Duration) {
    let mut tallies = tallies
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let tally = tallies.entry(kind).or_default();
    match status {
        Some(status) => *tally.statuses.entry(status).or_default() += 1,
        None => tally.failed += 1,
    }
    tally.millis.push(took.as_millis());
}

async fn get(app: &TestApp, tallies: &Tallies, kind: &'static str, path: &str, cookie: &str) {
    let started = Instant::now();
    let response = app
        .http
        .get(app.url(path))
        .header("cookie", cookie)
        .send()
        .await;
    let status = match response {
        Ok(response) => {
            let status = response.status().as_u16();
            let _ = response.bytes().await;
            Some(status)
        }
        Err(_) => None,
    };
    record(tallies, kind, status, started.elapsed());
}

/// A small deterministic sequence per user, so runs are repeatable.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, sides: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % sides as u64) as usize
    }
}

fn percentile(sorted: &[u128], fraction: f64) -> u128 {
    if sorted.is_empty() {
        return 0;
    }
    let index = ((sorted.len() - 1) as f64 * fraction).round() as usize;
    sorted[index]
}

#[tokio::main]
async fn main() {
    let seconds: u64 = std::env::var("SOAK_SECONDS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(300);
    let users: usize = std::env::var("SOAK_USERS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(20)
        .max(3);
    let kind = match std::env::var("SOAK_DATABASE").as_deref() {
        Ok("postgres") => DbKind::Postgres,
        _ => DbKind::Sqlite,
    };
    println!("soak: {users} users for {seconds} s on {kind:?}");
    let process = ServerProcess::start(kind).await;
    let app = &process.app;
    app.seed_demo().await;
    let lead = app.sign_in("icb.lead@demo.linkway.test").await;
    let period = open_return_period(app, &lead, "2040", 1, [-1, 10, 20])
        .await
        .unwrap_or_else(|error| panic!("could not open a period: {error:?}"));
    let themes: Vec<String> = app::returns::db::themes(&mut app.db.conn().await.unwrap())
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|theme| theme.name)
        .collect();
    let spec = app::returns::template::TemplateSpec {
        borough_code: "camden".into(),
        borough_name: "Camden".into(),
        period_code: "2040/41 Q1".into(),
        due_on: "soon".into(),
        version: app::returns::template::TEMPLATE_VERSION,
        themes: themes.clone(),
        pcns: Vec::new(),
    };
    // Two returns a row apart, uploaded in turn: the same file twice would be flagged as
    // identical rather than stored again.
    let files: Vec<Vec<u8>> = [ROWS, ROWS - 1]
        .into_iter()
        .map(|rows| {
            app::returns::template::template(&spec, &tests::large_return::fill(&themes, rows))
                .and_then(|mut workbook| workbook.save_to_buffer())
                .unwrap_or_else(|error| panic!("could not build the return: {error}"))
        })
        .collect();
    let upload_path = format!("/returns/periods/{period}/boroughs/camden/upload");
    let mut cookies = Vec::new();
    for user in 0..users {
        let email = if user < UPLOADERS.len() {
            UPLOADERS[user]
        } else {
            BROWSERS[user % BROWSERS.len()]
        };
        cookies.push(app.sign_in(email).await);
    }
    let (start_kib, _) = process.memory_kib();
    let tallies: Tallies = Arc::default();
    // The uploaders' turn, and how many uploads have been made (which file is next).
    let turn = Arc::new(tokio::sync::Mutex::new(0usize));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let run = cookies.iter().enumerate().map(|(user, cookie)| {
        let tallies = tallies.clone();
        let turn = turn.clone();
        let files = &files;
        let upload_path = &upload_path;
        async move {
            let mut dice = Dice(user as u64 + 1);
            while Instant::now() < deadline {
                if user < UPLOADERS.len() {
                    // The two uploaders take turns: one upload at a time between them.
                    let mut uploads = turn.lock().await;
                    if Instant::now() >= deadline {
                        break;
                    }
                    let bytes = &files[*uploads % files.len()];
                    *uploads += 1;
                    let started = Instant::now();
                    let status = app
                        .try_upload_file(upload_path, "camden-50000.xlsx", bytes, cookie)
                        .await
                        .ok()
                        .map(|response| response.status().as_u16());
                    record(&tallies, "upload (50,000 rows)", status, started.elapsed());
                } else if dice.roll(10) == 0 {
                    let path = EXPORTS[dice.roll(EXPORTS.len())];
                    get(app, &tallies, "export", path, cookie).await;
                } else {
                    let path = PAGES[dice.roll(PAGES.len())];
                    get(app, &tallies, "page", path, cookie).await;
                }
                tokio::time::sleep(Duration::from_millis(50 + dice.roll(200) as u64)).await;
            }
        }
    });
    futures::future::join_all(run).await;
    let alive = process.alive();
    let (end_kib, peak_kib) = process.memory_kib();
    let tallies = tallies
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut served = 0;
    let mut server_errors = 0;
    let mut unanswered = 0;
    println!(
        "{:<22} {:>8} {:>28} {:>8} {:>8} {:>8}",
        "kind", "requests", "statuses", "p50 ms", "p95 ms", "max ms"
    );
    for (kind, tally) in tallies.iter() {
        let mut millis = tally.millis.clone();
        millis.sort_unstable();
        let count: u64 = tally.statuses.values().sum::<u64>() + tally.failed;
        served += tally.statuses.values().sum::<u64>();
        server_errors += tally
            .statuses
            .iter()
            .filter(|(status, _)| **status >= 500)
            .map(|(_, n)| n)
            .sum::<u64>();
        unanswered += tally.failed;
        let statuses: Vec<String> = tally
            .statuses
            .iter()
            .map(|(status, n)| format!("{status}×{n}"))
            .chain((tally.failed > 0).then(|| format!("no answer×{}", tally.failed)))
            .collect();
        println!(
            "{kind:<22} {count:>8} {:>28} {:>8} {:>8} {:>8}",
            statuses.join(" "),
            percentile(&millis, 0.5),
            percentile(&millis, 0.95),
            millis.last().copied().unwrap_or(0)
        );
    }
    println!("requests served: {served}; 5xx: {server_errors}; unanswered: {unanswered}");
    println!(
        "server memory (resident): {} MiB at start, {} MiB at end, peak {} MiB",
        start_kib / 1024,
        end_kib / 1024,
        peak_kib / 1024
    );
    if !alive || server_errors > 0 || unanswered > 0 {
        eprintln!("soak failed: the server stopped, answered 5xx or left requests unanswered");
        std::process::exit(1);
    }
}
