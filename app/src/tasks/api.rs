//! The server function for a person's tasks.

use super::model::MyTasks;
#[cfg(feature = "ssr")]
use crate::auth::guard::{guard, Guard};
#[cfg(feature = "ssr")]
use crate::auth::{Permission, Scope};
use crate::error::AppError;
use leptos::prelude::*;

/// What the signed-in person owes, most pressing first.
#[server]
pub async fn load_my_tasks() -> Result<MyTasks, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::views::my_tasks(&db, &user, chrono::Utc::now().date_naive()).await
}
