//! Browser harness: a headless Debian Chromium driven through chromedriver (fantoccini),
//! against a Linkway started by `spawn_app`, with axe-core injected for accessibility scans.

use crate::{spawn_app, DbKind, TestApp};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

/// Whether the browser runs Linkway's scripts. `Off` blocks every `.js` and `.wasm` the
/// page asks for, as a browser without JavaScript (or with the bundle failing to arrive)
/// would see the page; the test itself can still run scripts (axe, checks) through the
/// driver.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scripts {
    On,
    Off,
}

/// One browser session against one app; everything is stopped when the test ends.
pub struct Browser {
    pub client: Client,
    pub app: TestApp,
    pub scripts: Scripts,
    chromium: Chromium,
}

/// A headless Debian Chromium under its own chromedriver, for any address.
pub struct Chromium {
    pub client: Client,
    driver: Child,
    _profile: TempDir,
}

/// Starts an app on `kind`, a chromedriver and a headless Chromium, runs `test`, then
/// closes the browser whether or not the test passed (no orphaned Chromium), and only
/// then reports the outcome.
pub async fn with_browser(kind: DbKind, test: impl AsyncFnOnce(&Browser) -> Result<(), String>) {
    with_browser_scripts(kind, Scripts::On, test).await;
}

/// [`with_browser`], with Linkway's scripts on or off.
pub async fn with_browser_scripts(
    kind: DbKind,
    scripts: Scripts,
    test: impl AsyncFnOnce(&Browser) -> Result<(), String>,
) {
    let browser = Browser::start(kind, scripts).await;
    let outcome = match browser.block_scripts().await {
        Ok(()) => test(&browser).await,
        Err(error) => Err(format!("could not turn scripts off: {error}")),
    };
    browser.stop().await;
    if let Err(message) = outcome {
        panic!("[scripts {scripts:?}] {message}");
    }
}

/// A Chrome DevTools command, sent through chromedriver's own endpoint for them.
#[derive(Debug)]
struct DevTools {
    command: &'static str,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for DevTools {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.command, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

impl Browser {
    async fn start(kind: DbKind, scripts: Scripts) -> Self {
        let site = crate::site_root();
        assert!(
            site.join("pkg/linkway_bg.wasm").exists(),
            "the site is not built under {}: run `make site` (make test does)",
            site.display()
        );
        let app = spawn_app(kind).await;
        app.seed_demo().await;
        let chromium = Chromium::start().await;
        Self {
            client: chromium.client.clone(),
            app,
            scripts,
            chromium,
        }
    }

    /// With scripts off, the page's own `.js` and `.wasm` are refused by the browser.
    async fn block_scripts(&self) -> Result<(), String> {
        if self.scripts == Scripts::On {
            return Ok(());
        }
        for (command, params) in [
            ("Network.enable", json!({})),
            (
                "Network.setBlockedURLs",
                json!({ "urls": ["*.js", "*.js?*", "*.wasm", "*.wasm?*"] }),
            ),
        ] {
            self.chromium.devtools(command, params).await?;
        }
        Ok(())
    }

    async fn stop(self) {
        self.chromium.stop().await;
    }

    /// Opens `path` and checks the header works as this browser should see it: with
    /// scripts, the Menu island has come to life and opens the navigation; without, the
    /// page has no island running and the navigation's links show at phone width.
    pub async fn open(&self, path: &str) -> Result<(), String> {
        self.client
            .goto(&self.app.url(path))
            .await
            .map_err(|error| format!("could not open {path}: {error}"))?;
        self.assert_ready(path).await
    }

    /// The check [`Browser::open`] makes, on the page the browser is showing.
    pub async fn assert_ready(&self, path: &str) -> Result<(), String> {
        self.client.set_window_size(390, 900).await.map_err(err)?;
        let result = match self.scripts {
            Scripts::On => self.menu_opens(path).await,
            Scripts::Off => self.navigation_shows_without_scripts(path).await,
        };
        self.client.set_window_size(1280, 900).await.map_err(err)?;
        result
    }

    /// Without scripts, no island has run (the page is not marked `linkway-js`), the
    /// Menu button stays hidden and every navigation link is on screen.
    async fn navigation_shows_without_scripts(&self, path: &str) -> Result<(), String> {
        let marked = self
            .client
            .execute(
                "return document.documentElement.classList.contains('linkway-js');",
                vec![],
            )
            .await
            .map_err(err)?;
        if marked != Value::Bool(false) {
            return Err(format!("{path}: an island ran although scripts are off"));
        }
        let toggle = self
            .client
            .find(Locator::Css(".linkway-menu-toggle"))
            .await
            .map_err(|error| format!("{path}: no Menu button: {error}"))?;
        if toggle.is_displayed().await.map_err(err)? {
            return Err(format!("{path}: a Menu button that cannot work is shown"));
        }
        let links = self
            .client
            .find_all(Locator::Css("#linkway-navigation a"))
            .await
            .map_err(err)?;
        if links.is_empty() {
            return Err(format!("{path}: the navigation has no links"));
        }
        for link in links {
            if !link.is_displayed().await.map_err(err)? {
                let text = link.text().await.unwrap_or_default();
                return Err(format!("{path}: navigation link {text:?} hidden at 390 px"));
            }
        }
        Ok(())
    }

    async fn menu_opens(&self, path: &str) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let toggle = self
                .client
                .find(Locator::Css(".linkway-menu-toggle"))
                .await
                .map_err(|error| format!("{path}: no Menu button: {error}"))?;
            // The button shows once its island runs.
            if !toggle.is_displayed().await.map_err(err)? {
                if Instant::now() > deadline {
                    return Err(format!(
                        "{path}: the Menu button never showed (no hydration)"
                    ));
                }
                tokio::time::sleep(Duration::from_millis(150)).await;
                continue;
            }
            if toggle.attr("aria-expanded").await.map_err(err)?.as_deref() != Some("true") {
                toggle.click().await.map_err(err)?;
                tokio::time::sleep(Duration::from_millis(150)).await;
            }
            let expanded = toggle.attr("aria-expanded").await.map_err(err)?;
            let nav_shown = self
                .client
                .find(Locator::Css("#linkway-navigation"))
                .await
                .map_err(err)?
                .is_displayed()
                .await
                .map_err(err)?;
            if expanded.as_deref() == Some("true") && nav_shown {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "{path}: the page did not hydrate (Menu button never opened the navigation)"
                ));
            }
        }
    }

    /// Signs in through the sign-in form as `email` (a demo account) and waits until the
    /// header names the user.
    pub async fn sign_in(&self, email: &str) -> Result<(), String> {
        self.sign_in_from("/sign-in", email).await
    }

    /// Opens `path` signed out, which sends the browser to sign in, and signs in there as
    /// `email`; sign-in then brings the browser back to `path`.
    pub async fn sign_in_from(&self, path: &str, email: &str) -> Result<(), String> {
        self.client.goto(&self.app.url(path)).await.map_err(err)?;
        self.assert_ready(path).await?;
        let field =
            |id: &'static str| async move { self.client.find(Locator::Id(id)).await.map_err(err) };
        field("email").await?.send_keys(email).await.map_err(err)?;
        field("password")
            .await?
            .send_keys(app::demo::DEMO_PASSWORD)
            .await
            .map_err(err)?;
        self.client
            .find(Locator::Css("main button[type=submit]"))
            .await
            .map_err(err)?
            .click()
            .await
            .map_err(err)?;
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(".linkway-user__name"))
            .await
            .map_err(|error| {
                format!("signing in as {email} did not show the user in the header: {error}")
            })?;
        Ok(())
    }

    /// The labels of the header's navigation links.
    pub async fn navigation(&self) -> Result<Vec<String>, String> {
        let mut labels = Vec::new();
        for link in self
            .client
            .find_all(Locator::Css(".nhsuk-header__navigation-link"))
            .await
            .map_err(err)?
        {
            labels.push(
                link.prop("textContent")
                    .await
                    .map_err(err)?
                    .unwrap_or_default()
                    .trim()
                    .to_owned(),
            );
        }
        Ok(labels)
    }

    /// Runs axe-core on the current page; every violation is an error.
    pub async fn assert_accessible(&self, path: &str) -> Result<(), String> {
        let axe_path = crate::workspace_root().join("node_modules/axe-core/axe.min.js");
        let axe = std::fs::read_to_string(&axe_path).map_err(|error| {
            format!(
                "axe-core missing at {} ({error}): run npm ci",
                axe_path.display()
            )
        })?;
        self.client.execute(&axe, vec![]).await.map_err(err)?;
        let violations = self
            .client
            .execute(
                "return axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')) })));",
                vec![],
            )
            .await
            .map_err(err)?;
        match violations.as_array() {
            Some(list) if list.is_empty() => Ok(()),
            Some(_) => Err(format!(
                "{path}: axe found violations:\n{}",
                serde_json::to_string_pretty(&violations).unwrap_or_default()
            )),
            None => Err(format!("{path}: axe returned {violations}")),
        }
    }

    /// The text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> Result<String, String> {
        self.client
            .find(Locator::Css(css))
            .await
            .map_err(|error| format!("no element {css}: {error}"))?
            .text()
            .await
            .map_err(err)
    }

    /// The page's title as the browser shows it.
    pub async fn title(&self) -> Result<String, String> {
        self.client.title().await.map_err(err)
    }
}

impl Chromium {
    /// Starts chromedriver and a headless Chromium session (1280 × 900).
    pub async fn start() -> Self {
        let port = free_port();
        let mut driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| {
                panic!("could not start {CHROMEDRIVER} ({error}): make deps-test installs it")
            });
        let profile = TempDir::new();
        let capabilities = json!({
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.0.display()),
                ]
            }
        });
        let capabilities = match capabilities {
            Value::Object(map) => map,
            _ => unreachable!("capabilities are an object"),
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let deadline = Instant::now() + Duration::from_secs(20);
        let client = loop {
            match ClientBuilder::new(connector.clone())
                .capabilities(capabilities.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(client) => break client,
                Err(error) if Instant::now() > deadline => {
                    let _ = driver.kill();
                    panic!("could not open a Chromium session through chromedriver: {error}");
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        };
        Self {
            client,
            driver,
            _profile: profile,
        }
    }

    /// Closes the session and stops chromedriver (no orphaned Chromium).
    pub async fn stop(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }

    /// Sends a Chrome DevTools command to the session's page.
    pub async fn devtools(&self, command: &'static str, params: Value) -> Result<Value, String> {
        self.client
            .issue_cmd(DevTools { command, params })
            .await
            .map_err(err)
    }
}

fn err(error: impl std::fmt::Display) -> String {
    error.to_string()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free port for chromedriver")
}

/// A Chromium profile folder, removed when the session ends.
struct TempDir(std::path::PathBuf);

impl TempDir {
    fn new() -> Self {
        let path = std::env::temp_dir().join(format!(
            "linkway-chromium-{}",
            uuid::Uuid::new_v4().simple()
        ));
        std::fs::create_dir_all(&path).expect("chromium profile folder");
        Self(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
