//! `linkway`: the one binary. Subcommands: serve (default), migrate, seed-demo, create-admin.

use server::{prepare, startup, telemetry, Config, StartError};
use std::process::ExitCode;

const USAGE: &str = "\
Usage: linkway [COMMAND]

Commands:
  serve         Start Linkway (the default)
  migrate       Apply database migrations and exit
  seed-demo     Load demo content (marked as demo wherever it shows) and exit
  create-admin  Create the first administrator (arrives with sign-in and roles)

Configuration comes from environment variables; see the README.";

#[tokio::main]
async fn main() -> ExitCode {
    let command = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "serve".to_owned());
    if matches!(command.as_str(), "-h" | "--help" | "help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("linkway: {error}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(&config);
    let result = match command.as_str() {
        "serve" => serve(&config).await,
        "migrate" => migrate(&config).await,
        "seed-demo" => seed_demo(&config).await,
        "create-admin" => {
            eprintln!(
                "linkway: create-admin needs user accounts, which arrive with sign-in and roles."
            );
            return ExitCode::from(2);
        }
        other => {
            eprintln!("linkway: unknown command {other:?}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "linkway stopped");
            eprintln!("linkway: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: &Config) -> Result<(), StartError> {
    let state = prepare(config).await?;
    let listener = tokio::net::TcpListener::bind(config.site_addr)
        .await
        .map_err(|source| StartError::Bind {
            addr: config.site_addr,
            source,
        })?;
    tracing::info!(
        addr = %config.site_addr,
        database = state.db.kind(),
        "Linkway is listening on http://{}",
        config.site_addr
    );
    startup::serve(listener, state)
        .await
        .map_err(StartError::Serve)
}

async fn migrate(config: &Config) -> Result<(), StartError> {
    let state = prepare(config).await?;
    tracing::info!(database = state.db.kind(), "migrations applied");
    state.db.close().await;
    Ok(())
}

async fn seed_demo(config: &Config) -> Result<(), StartError> {
    let state = prepare(config).await?;
    app::demo::seed_demo(&state.db).await?;
    tracing::info!(database = state.db.kind(), "demo content loaded");
    state.db.close().await;
    Ok(())
}
