//! Test harness: `spawn_app` starts the real router on port 0 against a fresh database —
//! a temporary SQLite file or a new PostgreSQL database, dropped afterwards — and
//! `both_databases!` runs a test body once on each.

pub mod browser;

use app::server::Db;
use server::startup::router;
use server::Config;
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DbKind {
    Sqlite,
    Postgres,
}

/// A running Linkway on a fresh database.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`
    pub address: String,
    pub db: Db,
    pub http: reqwest::Client,
    _database: TestDatabase,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(self.url(path))
            .send()
            .await
            .unwrap_or_else(|error| panic!("GET {path} failed: {error}"))
    }

    /// GET `path`, assert the status, and return the body.
    pub async fn get_text(&self, path: &str, status: u16) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status().as_u16(), status, "status of GET {path}");
        response
            .text()
            .await
            .unwrap_or_else(|error| panic!("body of GET {path}: {error}"))
    }
}

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// The site the Makefile assembles (`make site`), served to browser tests.
pub fn site_root() -> PathBuf {
    workspace_root().join("target/site")
}

pub async fn spawn_app(kind: DbKind) -> TestApp {
    // `LINKWAY_TEST_LOG=debug` shows the servers' logs while tests run.
    if let Ok(filter) = std::env::var("LINKWAY_TEST_LOG") {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_test_writer()
            .try_init();
    }
    let database = TestDatabase::create(kind).await;
    let site_root = site_root().display().to_string();
    let config = Config::from_lookup(|name| match name {
        "DATABASE_URL" => Some(database.url.clone()),
        "LEPTOS_SITE_ADDR" => Some("127.0.0.1:0".to_owned()),
        "LEPTOS_SITE_ROOT" => Some(site_root.clone()),
        _ => None,
    })
    .expect("test configuration");
    let state = server::prepare(&config).await.expect("database prepared");
    let db = state.db.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind port 0");
    let address = format!("http://{}", listener.local_addr().expect("local address"));
    tokio::spawn(async move { axum::serve(listener, router(state)).await });
    TestApp {
        address,
        db,
        http: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(20))
            .build()
            .expect("HTTP client"),
        _database: database,
    }
}

/// The PostgreSQL server tests use: 127.0.0.1:5432 with trust auth unless
/// `TEST_POSTGRES_URL` names another. Tests fail — never skip — when it is not there.
fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// A database that exists for one test and is removed when the test ends.
struct TestDatabase {
    kind: DbKind,
    name: String,
    url: String,
}

impl TestDatabase {
    async fn create(kind: DbKind) -> Self {
        let name = format!("linkway_test_{}", uuid::Uuid::new_v4().simple());
        match kind {
            DbKind::Sqlite => {
                let path = std::env::temp_dir().join(format!("{name}.db"));
                Self {
                    kind,
                    url: format!("sqlite://{}", path.display()),
                    name: path.display().to_string(),
                }
            }
            DbKind::Postgres => {
                use sqlx::Connection;
                let admin_url = postgres_admin_url();
                let mut admin = sqlx::PgConnection::connect(&admin_url)
                    .await
                    .unwrap_or_else(|error| {
                        panic!(
                        "PostgreSQL is required for this test and is not reachable at {admin_url}: \
                         {error}. Start it (make postgres) or set TEST_POSTGRES_URL."
                    )
                    });
                sqlx::query(&format!(r#"CREATE DATABASE "{name}""#))
                    .execute(&mut admin)
                    .await
                    .expect("create test database");
                let url = match admin_url.rsplit_once('/') {
                    Some((server, _)) => format!("{server}/{name}"),
                    None => panic!("TEST_POSTGRES_URL must end with /<database>"),
                };
                Self { kind, name, url }
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        match self.kind {
            DbKind::Sqlite => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", self.name));
                }
            }
            DbKind::Postgres => {
                // Drop runs inside the test's runtime, so drop the database from a thread
                // with a runtime of its own.
                let name = self.name.clone();
                let dropped = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()?;
                    runtime.block_on(async move {
                        use sqlx::Connection;
                        let mut admin = sqlx::PgConnection::connect(&postgres_admin_url()).await?;
                        sqlx::query(&format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#))
                            .execute(&mut admin)
                            .await?;
                        Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
                    })
                })
                .join();
                if let Ok(Err(error)) = dropped {
                    eprintln!("could not drop test database {}: {error}", self.name);
                }
            }
        }
    }
}

/// Runs each named `async fn(TestApp)` once on SQLite and once on PostgreSQL, as tests
/// named `<module>::sqlite::<name>` and `<module>::postgres::<name>`.
#[macro_export]
macro_rules! both_databases {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name($crate::spawn_app($crate::DbKind::Sqlite).await).await
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name($crate::spawn_app($crate::DbKind::Postgres).await).await
                }
            )+
        }
    };
}
