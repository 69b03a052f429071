//! `make bench-pages`: how the release build's pages load, signed in as the ICB lead. For
//! the home, tracker, recommendation, maturity, workforce, returns and sign-in pages, in
//! headless Chromium: bytes over the wire on a first and a repeat visit, time until the
//! content shows and until the page's islands respond — unthrottled, then at 10 Mbit/s
//! with 40 ms latency and the CPU slowed 4× (a trust laptop on a shared network). Then
//! requests per second for each page, a static file and `/healthz`, from `wrk` on the same
//! machine. A script, not a test: it prints figures.
//!
//! Runs `LINKWAY_BINARY` (the Makefile passes `target/release/linkway`) on SQLite with the
//! demo data, serving the release site under `target/site`.

use serde_json::json;
use std::process::Command;
use tests::browser::Chromium;
use tests::process::ServerProcess;
use tests::DbKind;

const PAGES: [(&str, &str); 7] = [
    ("home", "/"),
    ("tracker", "/recommendations"),
    ("recommendation", "/recommendations/2"),
    ("maturity", "/maturity"),
    ("workforce", "/workforce"),
    ("returns", "/returns"),
    ("sign-in", "/sign-in"),
];

/// Records, from the first byte of every page, when the content was first painted and when
/// the Menu island ran (it marks `<html>` with `linkway-js`).
const WATCH_ISLANDS: &str = "window.__linkway_islands_at = null; const mark = () => { const root = document.documentElement; if (window.__linkway_islands_at === null && root && root.classList.contains('linkway-js')) { window.__linkway_islands_at = performance.now(); } }; new MutationObserver(mark).observe(document, { attributes: true, subtree: true, attributeFilter: ['class'] });";

/// Bytes over the wire for the page and everything it loaded, and its two moments.
const MEASURE: &str = "const done = arguments[arguments.length - 1]; const started = performance.now(); (function check() { const islands = window.__linkway_islands_at; const paint = performance.getEntriesByName('first-contentful-paint')[0]; if ((islands !== null && paint) || performance.now() - started > 20000) { const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]; done({ bytes: entries.reduce((sum, e) => sum + (e.transferSize || 0), 0), content: paint ? paint.startTime : null, islands: islands }); } else { setTimeout(check, 20); } })();";

#[derive(Debug)]
struct Visit {
    bytes: f64,
    content_ms: Option<f64>,
    islands_ms: Option<f64>,
}

async fn visit(chromium: &Chromium, url: &str) -> Result<Visit, String> {
    chromium
        .client
        .goto(url)
        .await
        .map_err(|error| format!("open {url}: {error}"))?;
    let measured = chromium
        .client
        .execute_async(MEASURE, vec![])
        .await
        .map_err(|error| format!("measure {url}: {error}"))?;
    Ok(Visit {
        bytes: measured["bytes"].as_f64().unwrap_or(0.0),
        content_ms: measured["content"].as_f64(),
        islands_ms: measured["islands"].as_f64(),
    })
}

fn ms(value: Option<f64>) -> String {
    value.map_or_else(|| "never".to_owned(), |ms| format!("{ms:.0} ms"))
}

fn kib(bytes: f64) -> String {
    format!("{:.1} KB", bytes / 1024.0)
}

async fn browser_figures(chromium: &Chromium, base: &str, throttled: bool) -> Result<(), String> {
    chromium.devtools("Network.enable", json!({})).await?;
    let (network, cpu) = if throttled {
        (
            json!({ "offline": false, "latency": 40, "downloadThroughput": 10_000_000.0 / 8.0, "uploadThroughput": 10_000_000.0 / 8.0 }),
            4,
        )
    } else {
        (
            json!({ "offline": false, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 }),
            1,
        )
    };
    chromium
        .devtools("Network.emulateNetworkConditions", network)
        .await?;
    chromium
        .devtools("Emulation.setCPUThrottlingRate", json!({ "rate": cpu }))
        .await?;
    println!(
        "\n{}",
        if throttled {
            "10 Mbit/s, 40 ms, CPU 4× slower:"
        } else {
            "unthrottled:"
        }
    );
    println!(
        "{:<16} {:>12} {:>12} {:>14} {:>16}",
        "page", "first visit", "repeat", "content shows", "islands respond"
    );
    for (name, path) in PAGES {
        let url = format!("{base}{path}");
        chromium
            .devtools("Network.clearBrowserCache", json!({}))
            .await?;
        let first = visit(chromium, &url).await?;
        let repeat = visit(chromium, &url).await?;
        println!(
            "{:<16} {:>12} {:>12} {:>14} {:>16}",
            name,
            kib(first.bytes),
            kib(repeat.bytes),
            ms(first.content_ms),
            ms(first.islands_ms)
        );
    }
    Ok(())
}

/// Requests per second `wrk` reaches for `url` in 10 seconds, 2 threads and 16 connections.
fn requests_per_second(url: &str, headers: &[String]) -> Result<String, String> {
    let mut command = Command::new("wrk");
    command.args(["-t2", "-c16", "-d10s"]);
    for header in headers {
        command.args(["-H", header]);
    }
    let output = command
        .arg(url)
        .output()
        .map_err(|error| format!("wrk ({error}): make bench-pages installs it"))?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let rate = text
        .lines()
        .find_map(|line| line.strip_prefix("Requests/sec:"))
        .map(|rate| rate.trim().to_owned())
        .ok_or_else(|| format!("no figure from wrk for {url}: {text}"))?;
    let errors = text
        .lines()
        .find(|line| line.contains("Non-2xx") || line.contains("Socket errors"))
        .map(|line| format!(" ({})", line.trim()))
        .unwrap_or_default();
    Ok(format!("{rate}{errors}"))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), String> {
    let server = ServerProcess::start(DbKind::Sqlite).await;
    server.app.seed_demo().await;
    let cookie = server.app.sign_in("icb.lead@demo.linkway.test").await;
    let base = server.app.address.clone();
    let home = server.app.get_text_as("/", 200, Some(&cookie)).await;
    let stylesheet = home
        .split("href=\"")
        .filter_map(|rest| rest.split('"').next())
        .find(|href| href.starts_with("/pkg/") && href.ends_with("/linkway.css"))
        .ok_or("the home page names no stylesheet")?
        .to_owned();
    println!(
        "Linkway page loads, release build ({}), signed in as the ICB lead",
        base
    );

    let chromium = Chromium::start().await;
    let outcome = async {
        let (name, value) = cookie.split_once('=').ok_or("a session cookie")?;
        chromium.client.goto(&format!("{base}/healthz")).await.map_err(|e| e.to_string())?;
        chromium
            .devtools(
                "Network.setCookie",
                json!({ "name": name, "value": value, "url": base, "httpOnly": true, "sameSite": "Strict" }),
            )
            .await?;
        chromium
            .devtools(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": WATCH_ISLANDS }),
            )
            .await?;
        browser_figures(&chromium, &base, false).await?;
        browser_figures(&chromium, &base, true).await?;
        Ok::<(), String>(())
    }
    .await;
    chromium.stop().await;
    outcome?;

    println!("\nrequests/s (wrk, 2 threads, 16 connections, 10 s each, same machine):");
    let signed_in = vec![
        format!("Cookie: {cookie}"),
        "Accept-Encoding: br, gzip".to_owned(),
    ];
    for (name, path) in PAGES {
        let rate = requests_per_second(&format!("{base}{path}"), &signed_in)?;
        println!("{name:<16} {rate}");
    }
    let compressed = vec!["Accept-Encoding: br, gzip".to_owned()];
    let rate = requests_per_second(&format!("{base}{stylesheet}"), &compressed)?;
    println!("{:<16} {rate}", "static (css)");
    let rate = requests_per_second(&format!("{base}/healthz"), &[])?;
    println!("{:<16} {rate}", "/healthz");
    Ok(())
}
