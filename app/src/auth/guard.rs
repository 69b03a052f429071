//! Who is asking, and may they: authentication happens once, at the edge, before anything
//! is read. Axum handlers take the [`CurrentUser`] extractor as their first argument; server
//! functions begin with [`guard`], which answers the user and the database together.

use super::model::{CurrentUser, Permission, Scope};
use crate::error::AppError;
use crate::plumbing::{use_app_state, AppState, Db};
use axum::extract::FromRequestParts;
use chrono::Utc;
use http::request::Parts;
use http::HeaderMap;
use leptos::prelude::use_context;

/// The live session behind a request.
pub struct SessionRef {
    pub user_id: i64,
    pub session_id: String,
}

/// The session named by a valid token in `headers` (not yet checked against the database).
pub fn session_from_headers(state: &AppState, headers: &HeaderMap) -> Option<SessionRef> {
    let token = state.session_keys.token_from(headers)?;
    let claims = state.session_keys.verify(&token)?;
    Some(SessionRef {
        user_id: claims.sub.parse().ok()?,
        session_id: claims.sid,
    })
}

/// The user of a live session (not revoked, not expired, user active), if any.
pub async fn user_from_headers(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<CurrentUser>, AppError> {
    match session_from_headers(state, headers) {
        Some(session) => Ok(super::db::session_user(
            &mut state.db.conn().await?,
            &session.session_id,
            session.user_id,
            Utc::now(),
        )
        .await?),
        None => Ok(None),
    }
}

/// The signed-in user behind `headers`, whatever they may do: `Unauthorized` when signed
/// out. The extractor and [`guard`] call this before anything is looked up, so a
/// signed-out request learns nothing about which records exist.
async fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<CurrentUser, AppError> {
    let user = user_from_headers(state, headers)
        .await?
        .ok_or(AppError::Unauthorized)?;
    if user.must_change_password {
        return Err(AppError::PasswordChangeRequired);
    }
    Ok(user)
}

/// `Forbidden` unless `user` holds `permission` for `scope`.
pub fn authorize(user: &CurrentUser, permission: Permission, scope: Scope) -> Result<(), AppError> {
    if user.can(permission, &scope) {
        Ok(())
    } else {
        tracing::info!(user = user.id, ?permission, ?scope, "permission refused");
        Err(AppError::Forbidden)
    }
}

/// An axum handler's signed-in user: rejects with `Unauthorized` (signed out) or
/// `PasswordChangeRequired` before the handler runs. Put it first among the handler's
/// arguments, so the caller is known before the address or the body is read.
impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        authenticate(state, &parts.headers).await
    }
}

/// What a server function works with once its caller may go on: who they are, and the
/// database.
pub struct Guard {
    pub user: CurrentUser,
    pub db: Db,
}

/// The check every server function makes first: the signed-in user, if they hold
/// `permission` for `scope`; otherwise `Unauthorized` (signed out), `PasswordChangeRequired`
/// or `Forbidden`, and nothing happens. Finer checks (ownership, a record's borough) follow
/// in the capability's service.
pub async fn guard(permission: Permission, scope: Scope) -> Result<Guard, AppError> {
    let state = use_app_state()?;
    let user = authenticate(&state, &request_headers()?).await?;
    authorize(&user, permission, scope)?;
    Ok(Guard { user, db: state.db })
}

fn request_headers() -> Result<HeaderMap, AppError> {
    use_context::<Parts>()
        .map(|parts| parts.headers)
        .ok_or_else(|| {
            tracing::error!("request parts missing from the Leptos context");
            AppError::Internal
        })
}

/// The signed-in user of the current server function or page render, if any.
pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
    let state = use_app_state()?;
    user_from_headers(&state, &request_headers()?).await
}

pub async fn current_session() -> Result<Option<SessionRef>, AppError> {
    let state = use_app_state()?;
    Ok(session_from_headers(&state, &request_headers()?))
}

/// The signed-in user, whatever their roles and even before they change a temporary
/// password: only for changing one's own password and signing out everywhere.
pub async fn require_signed_in() -> Result<CurrentUser, AppError> {
    current_user().await?.ok_or(AppError::Unauthorized)
}

/// The client's address for counting sign-in attempts: the peer, or behind a trusted
/// proxy the address it forwards (see [`crate::plumbing::address`]).
pub fn client_address(state: &AppState) -> String {
    use_context::<Parts>()
        .and_then(|parts| {
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|info| {
                    state
                        .trusted_proxies
                        .client(info.0.ip(), &parts.headers)
                        .to_string()
                })
        })
        .unwrap_or_else(|| "unknown".to_owned())
}
