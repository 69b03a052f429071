//! Test harness: `spawn_app` starts the real router on port 0 against a fresh database —
//! a temporary SQLite file or a new PostgreSQL database, dropped afterwards — and
//! `both_databases!` runs a test body once on each.

pub mod browser;
pub mod large_return;
pub mod process;
pub mod smtp;

use app::plumbing::Db;
use server::startup::serve_until;
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
    /// The keys this app signs session tokens with.
    pub session_keys: app::plumbing::session::SessionKeys,
    /// The app's password work: how many passwords it has checked.
    pub passwords: std::sync::Arc<app::plumbing::password::PasswordWork>,
    pub http: reqwest::Client,
    _database: TestDatabase,
}

impl TestApp {
    /// The id of the account signed in as `email`.
    pub async fn user_id(&self, email: &str) -> i64 {
        app::auth::db::find_credentials(&mut self.db.conn().await.expect("a connection"), email)
            .await
            .expect("the account is read")
            .unwrap_or_else(|| panic!("no account {email}"))
            .id
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.get_as(path, None).await
    }

    /// GET `path` with the session `cookie` when given.
    pub async fn get_as(&self, path: &str, cookie: Option<&str>) -> reqwest::Response {
        let mut request = self.http.get(self.url(path));
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request
            .send()
            .await
            .unwrap_or_else(|error| panic!("GET {path} failed: {error}"))
    }

    /// GET `path` signed out, assert the status, and return the body.
    pub async fn get_text(&self, path: &str, status: u16) -> String {
        self.get_text_as(path, status, None).await
    }

    /// GET `path` (with `cookie` when given), assert the status, and return the body.
    pub async fn get_text_as(&self, path: &str, status: u16, cookie: Option<&str>) -> String {
        let response = self.get_as(path, cookie).await;
        assert_eq!(response.status().as_u16(), status, "status of GET {path}");
        response
            .text()
            .await
            .unwrap_or_else(|error| panic!("body of GET {path}: {error}"))
    }

    /// Loads the demo content and signs in as the demo viewer (read-only, ICB-wide).
    pub async fn viewer(&self) -> String {
        self.seed_demo().await;
        self.sign_in("viewer@demo.linkway.test").await
    }

    /// Signs in as `OTHER_ICB_LEAD`, the demo's ICB lead of North East London, who holds
    /// nothing in North Central London (the demo content must be loaded).
    pub async fn sign_in_as_other_icb_lead(&self) -> String {
        self.sign_in(OTHER_ICB_LEAD).await
    }

    /// Makes the account `NO_ROLE` (signed in, but with no role) and signs it in.
    pub async fn sign_in_without_a_role(&self) -> String {
        app::auth::service::create_account(
            &self.db,
            &self.passwords,
            None,
            app::auth::service::AccountSpec {
                name: "No Role",
                email: NO_ROLE,
                organisation: "NCL ICB",
                password: app::demo::DEMO_PASSWORD,
                must_change_password: false,
                is_demo: true,
                grants: Vec::new(),
            },
            chrono::Utc::now(),
        )
        .await
        .unwrap_or_else(|error| panic!("the account without a role: {error:?}"));
        self.sign_in(NO_ROLE).await
    }
}

/// The email of the account [`TestApp::sign_in_without_a_role`] makes.
pub const NO_ROLE: &str = "no.role@demo.linkway.test";

/// The demo's ICB lead of North East London ([`TestApp::sign_in_as_other_icb_lead`]).
pub const OTHER_ICB_LEAD: &str = "nel.lead@demo.linkway.test";

impl TestApp {
    /// Posts a form to a server function, with `cookie` when given.
    pub async fn post_form(
        &self,
        path: &str,
        body: &str,
        cookie: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self
            .http
            .post(self.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.to_owned());
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request
            .send()
            .await
            .unwrap_or_else(|error| panic!("POST {path} failed: {error}"))
    }

    /// Posts `bytes` as the `file` field of a multipart form, as a browser's file upload
    /// does.
    pub async fn upload_file(
        &self,
        path: &str,
        file_name: &str,
        bytes: &[u8],
        cookie: &str,
    ) -> reqwest::Response {
        self.try_upload_file(path, file_name, bytes, cookie)
            .await
            .unwrap_or_else(|error| panic!("upload to {path} failed: {error}"))
    }

    /// Like [`TestApp::upload_file`], answering a failed request (the server went away)
    /// as an error.
    pub async fn try_upload_file(
        &self,
        path: &str,
        file_name: &str,
        bytes: &[u8],
        cookie: &str,
    ) -> Result<reqwest::Response, reqwest::Error> {
        let boundary = "linkway-test-boundary-7MA4YWxkTrZu0gW";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        self.http
            .post(self.url(path))
            .header("cookie", cookie)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .await
    }

    /// Loads the demo accounts (one per role).
    pub async fn seed_demo(&self) {
        app::demo::seed_demo(&self.db).await.expect("demo content");
    }

    /// Signs in as `email` with the demo password; returns the `Cookie` header to send.
    pub async fn sign_in(&self, email: &str) -> String {
        let body = form(&[("email", email), ("password", app::demo::DEMO_PASSWORD)]);
        let response = self
            .post_form(
                <app::auth::SignIn as server_fn::ServerFn>::PATH,
                &body,
                None,
            )
            .await;
        let set_cookie = response
            .headers()
            .get("set-cookie")
            .unwrap_or_else(|| {
                panic!(
                    "sign-in as {email} set no cookie (status {})",
                    response.status()
                )
            })
            .to_str()
            .expect("cookie text")
            .to_owned();
        set_cookie
            .split(';')
            .next()
            .expect("cookie pair")
            .to_owned()
    }

    /// Who the server says is signed in with `cookie`.
    pub async fn current_user(&self, cookie: &str) -> Option<app::auth::CurrentUser> {
        let response = self
            .post_form(
                <app::auth::CurrentUserFn as server_fn::ServerFn>::PATH,
                "",
                Some(cookie),
            )
            .await;
        assert_eq!(response.status().as_u16(), 200, "current user");
        response.json().await.expect("current user JSON")
    }
}

/// Calls the server function at `path` with form `body` as `cookie`: the value it answered,
/// or the error.
pub async fn call<T: serde::de::DeserializeOwned>(
    app: &TestApp,
    path: &str,
    body: &[(&str, &str)],
    cookie: &str,
) -> Result<T, app::error::AppError> {
    let response = app.post_form(path, &form(body), Some(cookie)).await;
    let ok = response.status().is_success();
    let text = response.text().await.expect("response body");
    let parsed = if ok {
        serde_json::from_str(&text).map(Ok)
    } else {
        serde_json::from_str(&text).map(Err)
    };
    parsed.unwrap_or_else(|error| panic!("{path} answered {text:?}: {error}"))
}

/// Opens the return period `financial_year` Q`quarter` as `cookie` (the ICB lead), its
/// window counted in days from today: it opens, falls due and closes `days` away. Answers
/// the new period's id, or the error.
pub async fn open_return_period(
    app: &TestApp,
    cookie: &str,
    financial_year: &str,
    quarter: usize,
    days: [i64; 3],
) -> Result<i64, app::error::AppError> {
    let today = chrono::Utc::now().date_naive();
    let [opens_on, due_on, closes_on] =
        days.map(|offset| (today + chrono::Duration::days(offset)).to_string());
    call(
        app,
        <app::returns::CreateReturnPeriod as server_fn::ServerFn>::PATH,
        &[
            ("financial_year", financial_year),
            ("quarter", &quarter.to_string()),
            ("opens_on", &opens_on),
            ("due_on", &due_on),
            ("closes_on", &closes_on),
        ],
        cookie,
    )
    .await
}

/// The number a counting query answers.
pub async fn count(app: &TestApp, sql: &str) -> i64 {
    app::on_conn!(&mut app.db.conn().await.unwrap(), pool => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await)
        .unwrap_or_else(|error| panic!("{sql}: {error}"))
}

/// The `name=value` of the cookie `name` that `response` sets, if it sets one.
pub fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|cookie| cookie.to_str().ok())
        .filter_map(|cookie| cookie.split(';').next())
        .find(|pair| {
            pair.split_once('=')
                .is_some_and(|(cookie, _)| cookie == name)
        })
        .map(str::to_owned)
}

/// `application/x-www-form-urlencoded` body from pairs.
pub fn form(pairs: &[(&str, &str)]) -> String {
    let mut serializer = String::new();
    for (index, (name, value)) in pairs.iter().enumerate() {
        if index > 0 {
            serializer.push('&');
        }
        serializer.push_str(&app::format::query_value(name));
        serializer.push('=');
        serializer.push_str(&app::format::query_value(value));
    }
    serializer
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
    spawn_app_with(kind, &[]).await
}

/// Like [`spawn_app`], with more configuration: `settings` are environment variables as
/// `Config::from_lookup` reads them (`("LINKWAY_TRUSTED_PROXIES", "127.0.0.1")`).
pub async fn spawn_app_with(kind: DbKind, settings: &[(&str, &str)]) -> TestApp {
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
        _ => settings
            .iter()
            .find(|(setting, _)| *setting == name)
            .map(|(_, value)| (*value).to_owned()),
    })
    .expect("test configuration");
    let state = server::prepare(&config).await.expect("database prepared");
    let db = state.db.clone();
    let session_keys = state.session_keys.clone();
    let passwords = state.passwords.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind port 0");
    let address = format!("http://{}", listener.local_addr().expect("local address"));
    tokio::spawn(async move { serve_until(listener, state, std::future::pending()).await });
    TestApp {
        address,
        db,
        session_keys,
        passwords,
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

/// A fresh database of `kind` with the schema an installation had before migration
/// `version`: every earlier migration applied, none from `version` on. A test puts that
/// installation's data in, then migrates forward with `Db::migrate`.
pub async fn database_before(kind: DbKind, version: i64) -> (TestDatabase, Db) {
    let database = TestDatabase::create(kind).await;
    let db = Db::connect(&database.url)
        .await
        .unwrap_or_else(|error| panic!("connect to the test database: {error}"));
    let full = match kind {
        DbKind::Sqlite => sqlx::migrate!("../migrations/sqlite"),
        DbKind::Postgres => sqlx::migrate!("../migrations/postgres"),
    };
    let before = sqlx::migrate::Migrator {
        migrations: std::borrow::Cow::Owned(
            full.migrations
                .iter()
                .filter(|migration| migration.version < version)
                .cloned()
                .collect(),
        ),
        ..sqlx::migrate::Migrator::DEFAULT
    };
    let applied = match &db {
        Db::Sqlite(pool) => before.run(pool).await,
        Db::Postgres(pool) => before.run(pool).await,
    };
    applied.unwrap_or_else(|error| panic!("migrations before {version}: {error}"));
    (database, db)
}

/// A database that exists for one test and is removed when the test ends.
pub struct TestDatabase {
    kind: DbKind,
    name: String,
    /// Its `DATABASE_URL`.
    pub url: String,
}

impl TestDatabase {
    /// A new, empty database of `kind` (nothing migrated).
    pub async fn create(kind: DbKind) -> Self {
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
/// named `<module>::sqlite::<name>` and `<module>::postgres::<name>`. A name followed by
/// `with [("NAME", "value"), …]` runs on an app started with those settings.
#[macro_export]
macro_rules! both_databases {
    ($($name:ident $(with $settings:expr)?),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let app = $crate::spawn_app_with(
                        $crate::DbKind::Sqlite,
                        $crate::settings_or_none!($($settings)?),
                    )
                    .await;
                    super::$name(app).await
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let app = $crate::spawn_app_with(
                        $crate::DbKind::Postgres,
                        $crate::settings_or_none!($($settings)?),
                    )
                    .await;
                    super::$name(app).await
                }
            )+
        }
    };
}

/// Runs each named `async fn(DbKind)` once on SQLite and once on PostgreSQL, as tests
/// named `<module>::sqlite::<name>` and `<module>::postgres::<name>`: for tests that start
/// their own server process rather than take a `TestApp`.
#[macro_export]
macro_rules! both_database_kinds {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name($crate::DbKind::Sqlite).await
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name($crate::DbKind::Postgres).await
                }
            )+
        }
    };
}

/// The settings a `both_databases!` entry names, or none.
#[doc(hidden)]
#[macro_export]
macro_rules! settings_or_none {
    () => {
        &[]
    };
    ($settings:expr) => {
        &$settings
    };
}
