//! Linkway as its own process: the `linkway` binary (built by `cargo build -p server`, as
//! `make test` does first) serving a fresh database, so a test can watch its memory, see
//! whether it survives what it is sent, and kill it outright.

use crate::{DbKind, TestApp, TestDatabase};
use app::plumbing::Db;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;

/// The secret the process signs sessions with, so the test can read its tokens too.
const SECRET: &str = "linkway-test-process-secret-of-more-than-32-bytes";

/// A running `linkway serve` and a [`TestApp`] that talks to it.
pub struct ServerProcess {
    pub app: TestApp,
    /// Behind a lock so the process can be killed while a request to it is in flight.
    child: Mutex<Child>,
    database_url: String,
    port: u16,
    /// More configuration, as environment variables.
    settings: Vec<(String, String)>,
}

/// The `linkway` binary: the debug build, or `LINKWAY_BINARY` (`make bench-pages` runs the
/// release build).
fn binary() -> std::path::PathBuf {
    let path = std::env::var_os("LINKWAY_BINARY")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| crate::workspace_root().join("target/debug/linkway"));
    assert!(
        path.exists(),
        "{} is missing: build it with `cargo build -p server` (make test does)",
        path.display()
    );
    path
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

impl ServerProcess {
    /// Starts `linkway serve` on a fresh database of `kind` and waits until it answers.
    pub async fn start(kind: DbKind) -> Self {
        Self::start_with(kind, &[]).await
    }

    /// Like [`ServerProcess::start`], with more configuration (`("LINKWAY_SMTP_URL", …)`).
    /// `LINKWAY_PUBLIC_URL` is the process's own address unless given.
    pub async fn start_with(kind: DbKind, settings: &[(&str, &str)]) -> Self {
        let database = TestDatabase::create(kind).await;
        let url = database.url.clone();
        let port = free_port();
        let settings: Vec<(String, String)> = settings
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        let child = spawn(&url, port, &settings);
        let db = Db::connect(&url)
            .await
            .expect("connect to the process's database");
        let address = format!("http://127.0.0.1:{port}");
        let process = Self {
            app: TestApp {
                address,
                db,
                session_keys: app::plumbing::session::SessionKeys::new(SECRET.as_bytes(), false),
                // The process counts its own password checks; this count stays at zero.
                passwords: std::sync::Arc::new(app::plumbing::password::PasswordWork::new(1)),
                http: reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .timeout(Duration::from_secs(120))
                    .build()
                    .expect("HTTP client"),
                _database: database,
            },
            child: Mutex::new(child),
            database_url: url,
            port,
            settings,
        };
        process.wait_until_ready().await;
        process
    }

    fn child(&self) -> std::sync::MutexGuard<'_, Child> {
        self.child
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn pid(&self) -> u32 {
        self.child().id()
    }

    /// Whether the process is still running.
    pub fn alive(&self) -> bool {
        matches!(self.child().try_wait(), Ok(None))
    }

    /// Kills the process at once (SIGKILL: no shutdown, no flush) and waits for it.
    pub fn kill(&self) {
        let mut child = self.child();
        let _ = child.kill();
        let _ = child.wait();
    }

    /// Starts the process again on the same database and port.
    pub async fn restart(&mut self) {
        self.kill();
        *self.child() = spawn(&self.database_url, self.port, &self.settings);
        self.wait_until_ready().await;
    }

    async fn wait_until_ready(&self) {
        for _ in 0..600 {
            if !self.alive() {
                panic!("linkway serve exited before it answered");
            }
            if let Ok(response) = self.app.http.get(self.app.url("/healthz")).send().await {
                if response.status().is_success() {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("linkway serve did not answer /healthz within a minute");
    }

    /// (resident now, peak resident) of the process in KiB, from /proc.
    pub fn memory_kib(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid()))
            .expect("the process's /proc status");
        let field = |name: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(name))
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|kib| kib.parse::<u64>().ok())
                .unwrap_or_else(|| panic!("{name} in /proc status"))
        };
        (field("VmRSS:"), field("VmHWM:"))
    }
}

/// A second `linkway serve` on another process's database (killed when dropped).
pub struct AnotherProcess(Child);

impl ServerProcess {
    /// Starts another `linkway serve` on this process's database and settings, on its own
    /// port, and waits until it answers (the test goes on talking to the first).
    pub async fn another(&self) -> AnotherProcess {
        let port = free_port();
        let mut other = AnotherProcess(spawn(&self.database_url, port, &self.settings));
        for _ in 0..600 {
            assert!(
                matches!(other.0.try_wait(), Ok(None)),
                "the second linkway serve exited before it answered"
            );
            let health = format!("http://127.0.0.1:{port}/healthz");
            if let Ok(response) = self.app.http.get(health).send().await {
                if response.status().is_success() {
                    return other;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the second linkway serve did not answer /healthz within a minute");
    }

    /// The address links in its emails point at.
    pub fn public_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for AnotherProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn(url: &str, port: u16, settings: &[(String, String)]) -> Child {
    Command::new(binary())
        .arg("serve")
        .env("DATABASE_URL", url)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_SITE_ROOT", crate::site_root())
        .env("LINKWAY_JWT_SECRET", SECRET)
        .env("LINKWAY_LOG", "warn")
        .envs(
            settings
                .iter()
                .map(|(name, value)| (name.as_str(), value.as_str())),
        )
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start linkway serve")
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}
