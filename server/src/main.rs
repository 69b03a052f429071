//! `linkway`: the one binary. Subcommands: serve (default), migrate, seed-demo, create-admin.

use server::{prepare, startup, telemetry, Config, StartError};
use std::process::ExitCode;

const USAGE: &str = "\
Usage: linkway [COMMAND]

Commands:
  serve         Start Linkway (the default)
  migrate       Apply database migrations and exit
  seed-demo     Load demo content (marked as demo wherever it shows) and exit
  create-admin EMAIL NAME [ORGANISATION]
                Create an administrator; the password is read from
                LINKWAY_ADMIN_PASSWORD, or else the first line of standard input

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
        "create-admin" => create_admin(&config, std::env::args().skip(2).collect()).await,
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
    server::start_sender(config, &state)?;
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
    app::demo::seed_demo(&state.db).await.map_err(explain)?;
    tracing::info!(database = state.db.kind(), "demo content loaded");
    state.db.close().await;
    Ok(())
}

async fn create_admin(config: &Config, args: Vec<String>) -> Result<(), StartError> {
    let [email, name, rest @ ..] = args.as_slice() else {
        return Err(StartError::App(format!(
            "create-admin needs an email and a name\n\n{USAGE}"
        )));
    };
    let organisation = rest.first().map_or("NCL ICB", String::as_str);
    let password = match std::env::var("LINKWAY_ADMIN_PASSWORD") {
        Ok(password) => password,
        Err(_) => {
            let mut line = String::new();
            std::io::stdin().read_line(&mut line).map_err(|error| {
                StartError::App(format!("could not read the password: {error}"))
            })?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    let state = prepare(config).await?;
    let spec = app::auth::service::AccountSpec {
        name,
        email,
        organisation,
        password: &password,
        must_change_password: false,
        is_demo: false,
        grants: vec![(app::auth::Role::Admin, None)],
    };
    let id = app::auth::service::create_account(
        &state.db,
        &state.passwords,
        None,
        spec,
        chrono::Utc::now(),
    )
    .await
    .map_err(explain)?;
    tracing::info!(user = id, "administrator created");
    println!("Administrator {email} created.");
    state.db.close().await;
    Ok(())
}

/// An application error as a sentence for the operator, with every field's message.
fn explain(error: app::error::AppError) -> StartError {
    match error {
        app::error::AppError::Validation(fields) => StartError::App(
            fields
                .into_iter()
                .flat_map(|(field, messages)| {
                    messages.into_iter().map(move |m| format!("{field}: {m}"))
                })
                .collect::<Vec<_>>()
                .join("; "),
        ),
        other => StartError::App(other.to_string()),
    }
}
