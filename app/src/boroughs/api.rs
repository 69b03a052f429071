//! Server functions for boroughs.

use super::Borough;
#[cfg(feature = "ssr")]
use crate::auth::guard::{guard, Guard};
#[cfg(feature = "ssr")]
use crate::auth::{Permission, Scope};
use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn list_boroughs() -> Result<Vec<Borough>, AppError> {
    let Guard { db, .. } = guard(Permission::ViewReferenceData, Scope::Icb).await?;
    Ok(super::db::list_boroughs(&mut db.conn().await?).await?)
}
