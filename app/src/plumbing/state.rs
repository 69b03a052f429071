//! `AppState`: what every request can reach — the database and Leptos's options. Provided
//! once to the router and, through `leptos_routes_with_context`, to every server function.

use crate::error::AppError;
use crate::plumbing::address::TrustedProxies;
use crate::plumbing::answers::OneTimeAnswers;
use crate::plumbing::db::Db;
use crate::plumbing::limits::Turns;
use crate::plumbing::password::PasswordWork;
use crate::plumbing::session::SessionKeys;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use leptos::prelude::use_context;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    /// Signs and checks session tokens.
    pub session_keys: SessionKeys,
    /// Bounds the uploaded workbooks checked at once.
    pub workbook_checks: Turns,
    /// Hashes and checks passwords, a bounded number at once.
    pub passwords: Arc<PasswordWork>,
    /// Proxies whose `X-Forwarded-For` names the client (`LINKWAY_TRUSTED_PROXIES`).
    pub trusted_proxies: Arc<TrustedProxies>,
    /// What forms answered, each held once for the page the browser returns to.
    pub answers: Arc<OneTimeAnswers>,
    /// The SMTP server email goes to (host and port), when `LINKWAY_SMTP_URL` is set.
    pub mail_relay: Option<Arc<str>>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state inside a server function or page render.
pub fn use_app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the Leptos context");
        AppError::Internal
    })
}

/// The database handle inside a server function or page render.
pub fn use_db() -> Result<Db, AppError> {
    use_app_state().map(|state| state.db)
}
