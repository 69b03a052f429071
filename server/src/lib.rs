//! The Linkway server: configuration, logging, the router and its start-up. The binary
//! (`linkway`, in main.rs) and the integration tests both build on this library.

pub mod config;
pub mod health;
pub mod startup;
pub mod telemetry;

use app::plumbing::password::PasswordWork;
use app::plumbing::session::SessionKeys;
use app::plumbing::{AppState, Db};
pub use config::Config;
use std::sync::Arc;

/// Connects to the configured database, applies migrations, and assembles the state.
pub async fn prepare(config: &Config) -> Result<AppState, StartError> {
    let secret = config.session_secret()?;
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    Ok(AppState {
        leptos_options: config.leptos_options(),
        db,
        session_keys: SessionKeys::new(&secret, config.secure_cookie()),
        workbook_checks: app::plumbing::limits::Turns::new(
            app::plumbing::workbook_limits::PARSES_AT_ONCE,
            app::plumbing::workbook_limits::SLOT_WAIT,
        ),
        // Argon2 is CPU work: one hash or check per core at a time.
        passwords: Arc::new(PasswordWork::new(
            std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get),
        )),
        trusted_proxies: Arc::new(config.trusted_proxies.clone()),
        answers: Arc::default(),
        mail_relay: config.mail.relay().map(Into::into),
    })
}

/// Starts this process's email sender on `state`'s database: it sends the outbox (when
/// `LINKWAY_SMTP_URL` is set) and writes the reminders due, until the process ends.
pub fn start_sender(
    config: &Config,
    state: &AppState,
) -> Result<tokio::task::JoinHandle<()>, StartError> {
    let sender =
        app::email::sender::Sender::new(state.db.clone(), &config.mail).map_err(StartError::App)?;
    Ok(tokio::spawn(sender.run(config.mail.poll)))
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    #[error(transparent)]
    Connect(#[from] app::plumbing::db::ConnectError),
    #[error("could not apply database migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("could not listen on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("server stopped with an error: {0}")]
    Serve(std::io::Error),
    #[error("{0}")]
    App(String),
}
