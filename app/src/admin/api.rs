//! Server functions for user administration. Every one requires `ManageUsers` across the
//! ICB, except changing one's own password.

use super::{NewUserInput, RoleInput, UserSummary};
#[cfg(feature = "ssr")]
use crate::auth::guard::{guard, Guard};
#[cfg(feature = "ssr")]
use crate::auth::{Permission, Scope};
use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn list_users() -> Result<Vec<UserSummary>, AppError> {
    let Guard { db, .. } = guard(Permission::ManageUsers, Scope::Region).await?;
    Ok(super::db::list_users(&mut db.conn().await?).await?)
}

/// Creates the account; answers its temporary password, to show the admin once.
#[server]
pub async fn create_user(input: NewUserInput) -> Result<String, AppError> {
    let Guard { user: actor, db } = guard(Permission::ManageUsers, Scope::Region).await?;
    let passwords = crate::plumbing::use_app_state()?.passwords;
    let (_, password) =
        super::service::create_user(&db, &passwords, &actor, input, chrono::Utc::now()).await?;
    Ok(password)
}

#[server]
pub async fn add_role(input: RoleInput) -> Result<(), AppError> {
    let Guard { user: actor, db } = guard(Permission::ManageUsers, Scope::Region).await?;
    super::service::change_role(&db, &actor, input, true, chrono::Utc::now()).await
}

#[server]
pub async fn remove_role(input: RoleInput) -> Result<(), AppError> {
    let Guard { user: actor, db } = guard(Permission::ManageUsers, Scope::Region).await?;
    super::service::change_role(&db, &actor, input, false, chrono::Utc::now()).await
}

#[server]
pub async fn set_user_active(user_id: i64, active: bool) -> Result<(), AppError> {
    let Guard { user: actor, db } = guard(Permission::ManageUsers, Scope::Region).await?;
    super::service::set_active(&db, &actor, user_id, active, chrono::Utc::now()).await
}

/// Answers the new temporary password, to show the admin once.
#[server]
pub async fn reset_password(user_id: i64) -> Result<String, AppError> {
    let Guard { user: actor, db } = guard(Permission::ManageUsers, Scope::Region).await?;
    let passwords = crate::plumbing::use_app_state()?.passwords;
    super::service::reset_password(&db, &passwords, &actor, user_id, chrono::Utc::now()).await
}

#[server]
pub async fn change_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
    /// The page to go on to (a link followed before signing in), when it is one of ours.
    next: Option<String>,
) -> Result<(), AppError> {
    use crate::auth::guard::{current_session, require_signed_in};
    let user = require_signed_in().await?;
    let session = current_session()
        .await?
        .filter(|session| session.user_id == user.id)
        .ok_or(AppError::Unauthorized)?;
    let state = crate::plumbing::use_app_state()?;
    super::service::change_own_password(
        &state.db,
        &state.passwords,
        &session,
        &current_password,
        &new_password,
        &confirm_password,
        chrono::Utc::now(),
    )
    .await?;
    leptos_axum::redirect(
        next.as_deref()
            .and_then(crate::auth::return_to::safe_return_address)
            .unwrap_or("/"),
    );
    Ok(())
}
