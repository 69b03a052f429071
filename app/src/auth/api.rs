//! Server functions for signing in and out and for knowing who is signed in.

use super::CurrentUser;
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in user, or `None`.
#[server(CurrentUserFn)]
pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
    super::guard::current_user().await
}

#[server]
pub async fn sign_in(
    email: String,
    password: String,
    /// The page to return to (the one that asked the person to sign in), when it is a page
    /// of this site; home otherwise.
    next: Option<String>,
) -> Result<(), AppError> {
    use crate::plumbing::use_app_state;
    let state = use_app_state()?;
    let address = super::guard::client_address(&state);
    let signed_in =
        super::service::sign_in(&state, &email, &password, &address, chrono::Utc::now()).await?;
    set_cookie(&state.session_keys.cookie(&signed_in.token))?;
    let next = next
        .as_deref()
        .and_then(super::return_to::safe_return_address);
    // A temporary password is changed first; the page then goes on to `next`.
    let change_first = next.map_or_else(
        || "/account/password".to_owned(),
        |next| {
            format!(
                "/account/password?{}={}",
                super::return_to::NEXT_FIELD,
                crate::format::query_value(next)
            )
        },
    );
    leptos_axum::redirect(if signed_in.must_change_password {
        &change_first
    } else {
        next.unwrap_or("/")
    });
    Ok(())
}

#[server]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::plumbing::use_app_state;
    let state = use_app_state()?;
    if let Some(session) = super::guard::current_session().await? {
        super::service::sign_out(
            &state,
            session.user_id,
            &session.session_id,
            chrono::Utc::now(),
        )
        .await?;
    }
    set_cookie(&state.session_keys.clear_cookie())?;
    leptos_axum::redirect("/sign-in");
    Ok(())
}

/// Ends every session of the signed-in user, this one included, and goes to sign-in: a
/// session left open on another computer ends too.
#[server]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    use crate::plumbing::use_app_state;
    let state = use_app_state()?;
    let user = super::guard::require_signed_in().await?;
    super::service::sign_out_everywhere(&state.db, user.id, chrono::Utc::now()).await?;
    set_cookie(&state.session_keys.clear_cookie())?;
    leptos_axum::redirect("/sign-in");
    Ok(())
}

#[cfg(feature = "ssr")]
fn set_cookie(value: &str) -> Result<(), AppError> {
    use http::header::{HeaderValue, SET_COOKIE};
    let response = use_context::<leptos_axum::ResponseOptions>().ok_or(AppError::Internal)?;
    let value = HeaderValue::from_str(value).map_err(|_| AppError::Internal)?;
    response.append_header(SET_COOKIE, value);
    Ok(())
}
