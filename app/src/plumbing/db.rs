//! The database handle: one enum over SQLite (embedded default) and PostgreSQL
//! (production), chosen from `DATABASE_URL` at start-up. Queries are written once in
//! portable SQL and run on whichever database is live through [`on_conn!`].

use sqlx::migrate::MigrateError;
use sqlx::pool::PoolConnection;
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgConnection, PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool};
use std::str::FromStr;
use std::time::Duration;

#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A connection to query on: one taken from the pool ([`Db::conn`]) or the one inside a
/// transaction ([`Db::begin`]). Reads take `&mut Conn`, so a check can run inside the
/// transaction of the write it guards; a `&mut Tx` is accepted wherever a `&mut Conn` is.
pub enum Conn {
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
    SqliteTx(sqlx::Transaction<'static, Sqlite>),
    PostgresTx(sqlx::Transaction<'static, Postgres>),
}

/// An open transaction on either database: a [`Conn`] that writes take, so what they write
/// and its audit entry commit together. Dropped without `commit` it rolls back.
pub struct Tx(Conn);

/// The driver connection under a [`Conn`], for [`on_conn!`].
#[doc(hidden)]
pub enum Raw<'c> {
    Sqlite(&'c mut SqliteConnection),
    Postgres(&'c mut PgConnection),
}

/// Runs the same query code on whichever database a connection (or transaction) is on:
/// `on_conn!(conn, c => sqlx::query("…").fetch_all(c).await)`.
#[macro_export]
macro_rules! on_conn {
    ($conn:expr, $c:ident => $body:expr) => {
        match $crate::plumbing::db::Conn::raw($conn) {
            $crate::plumbing::db::Raw::Sqlite($c) => $body,
            $crate::plumbing::db::Raw::Postgres($c) => $body,
        }
    };
}

impl Conn {
    #[doc(hidden)]
    pub fn raw(&mut self) -> Raw<'_> {
        match self {
            Self::Sqlite(c) => Raw::Sqlite(c),
            Self::SqliteTx(tx) => Raw::Sqlite(tx),
            Self::Postgres(c) => Raw::Postgres(c),
            Self::PostgresTx(tx) => Raw::Postgres(tx),
        }
    }
}

impl Tx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self.0 {
            Conn::SqliteTx(tx) => tx.commit().await,
            Conn::PostgresTx(tx) => tx.commit().await,
            // `Db::begin` makes a `Tx` only from a transaction.
            Conn::Sqlite(_) | Conn::Postgres(_) => Ok(()),
        }
    }
}

impl std::ops::Deref for Tx {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        &self.0
    }
}

impl std::ops::DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut Conn {
        &mut self.0
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("DATABASE_URL must start with sqlite: or postgres:// (got {0:?})")]
    UnknownScheme(String),
    #[error("could not create the folder for the SQLite file {path}: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
    #[error("could not connect to the database: {0}")]
    Connect(#[from] sqlx::Error),
}

impl Db {
    /// Opens a pool for `url`. SQLite files (and their folder) are created on first start,
    /// in WAL mode with a busy timeout and foreign keys on.
    pub async fn connect(url: &str) -> Result<Self, ConnectError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(10)
                .acquire_timeout(Duration::from_secs(5))
                .connect(url)
                .await?;
            Ok(Self::Postgres(pool))
        } else if url.starts_with("sqlite:") {
            create_sqlite_folder(url)?;
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true);
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .acquire_timeout(Duration::from_secs(5))
                .connect_with(options)
                .await?;
            Ok(Self::Sqlite(pool))
        } else {
            Err(ConnectError::UnknownScheme(redact(url)))
        }
    }

    /// Applies the migrations of this database's dialect (`migrations/sqlite` or
    /// `migrations/postgres`), embedded in the binary at compile time.
    pub async fn migrate(&self) -> Result<(), MigrateError> {
        match self {
            Self::Sqlite(pool) => sqlx::migrate!("../migrations/sqlite").run(pool).await,
            Self::Postgres(pool) => sqlx::migrate!("../migrations/postgres").run(pool).await,
        }
    }

    /// A connection from the pool, for reads outside a transaction.
    pub async fn conn(&self) -> Result<Conn, sqlx::Error> {
        Ok(match self {
            Self::Sqlite(pool) => Conn::Sqlite(pool.acquire().await?),
            Self::Postgres(pool) => Conn::Postgres(pool.acquire().await?),
        })
    }

    /// Opens a transaction for a change: its checks, its write and its audit entry. On
    /// SQLite it takes the write lock at once (`BEGIN IMMEDIATE`), so a check read inside it
    /// cannot be overtaken by another writer before the write. On PostgreSQL (read committed)
    /// a plain read takes no lock: versioned writes carry `WHERE version = $n`, and a check
    /// that must hold until the write first takes a row lock (the `lock_*` queries: a no-op
    /// `UPDATE` of the row it depends on).
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(Tx(match self {
            Self::Sqlite(pool) => Conn::SqliteTx(pool.begin_with("BEGIN IMMEDIATE").await?),
            Self::Postgres(pool) => Conn::PostgresTx(pool.begin().await?),
        }))
    }

    /// Answers when the database answers a trivial query (the readiness probe).
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        let mut conn = self.conn().await?;
        on_conn!(&mut conn, c => sqlx::query("SELECT 1").execute(c).await.map(|_| ()))?;
        Ok(())
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgres",
        }
    }

    pub async fn close(&self) {
        match self {
            Self::Sqlite(pool) => pool.close().await,
            Self::Postgres(pool) => pool.close().await,
        }
    }
}

/// `sqlite://data/linkway.db` keeps its file in `data/`: make that folder if it is missing.
fn create_sqlite_folder(url: &str) -> Result<(), ConnectError> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path.starts_with(":memory:") {
        return Ok(());
    }
    match std::path::Path::new(path).parent() {
        Some(folder) if !folder.as_os_str().is_empty() => {
            std::fs::create_dir_all(folder).map_err(|source| ConnectError::Folder {
                path: path.to_owned(),
                source,
            })
        }
        _ => Ok(()),
    }
}

/// A URL fit for a log line: the password, if any, is replaced.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_hides_the_password_only() {
        assert_eq!(
            redact("postgres://linkway:s3cret@db:5432/linkway"),
            "postgres://linkway:***@db:5432/linkway"
        );
        assert_eq!(
            redact("postgres://postgres@127.0.0.1/x"),
            "postgres://postgres@127.0.0.1/x"
        );
        assert_eq!(
            redact("sqlite://data/linkway.db"),
            "sqlite://data/linkway.db"
        );
    }

    #[tokio::test]
    async fn unknown_scheme_is_refused_with_a_sentence() {
        let error = Db::connect("mysql://root@localhost/x").await.unwrap_err();
        assert!(error
            .to_string()
            .contains("must start with sqlite: or postgres://"));
    }

    #[tokio::test]
    async fn sqlite_file_and_folder_are_created_on_first_start() {
        let dir = std::env::temp_dir().join(format!("linkway-db-{}", std::process::id()));
        let url = format!("sqlite://{}/nested/linkway.db", dir.display());
        let db = Db::connect(&url).await.unwrap();
        db.migrate().await.unwrap();
        db.ping().await.unwrap();
        db.close().await;
        assert!(dir.join("nested/linkway.db").exists());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
