//! Server functions for boroughs.

use super::Borough;
use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn list_boroughs() -> Result<Vec<Borough>, AppError> {
    use crate::auth::{guard::require, Permission, Scope};
    require(Permission::ViewReferenceData, Scope::Icb).await?;
    let db = crate::server::use_db()?;
    Ok(super::db::list_boroughs(&db).await?)
}
