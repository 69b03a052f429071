//! `AppState`: what every request can reach — the database and Leptos's options. Provided
//! once to the router and, through `leptos_routes_with_context`, to every server function.

use crate::error::AppError;
use crate::server::db::Db;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use leptos::prelude::use_context;

#[derive(Clone, Debug)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The database handle inside a server function or page render.
pub fn use_db() -> Result<Db, AppError> {
    match use_context::<AppState>() {
        Some(state) => Ok(state.db),
        None => {
            tracing::error!("AppState missing from the Leptos context");
            Err(AppError::Internal)
        }
    }
}
