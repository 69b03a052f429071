//! Server functions for recommendations.

use super::Recommendation;
use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn list_recommendations() -> Result<Vec<Recommendation>, AppError> {
    use crate::auth::{guard::require, Permission, Scope};
    require(Permission::ViewReferenceData, Scope::Icb).await?;
    let db = crate::server::use_db()?;
    Ok(super::db::list_recommendations(&db).await?)
}

#[server]
pub async fn get_recommendation(number: i64) -> Result<Recommendation, AppError> {
    use crate::auth::{guard::require, Permission, Scope};
    require(Permission::ViewReferenceData, Scope::Icb).await?;
    let db = crate::server::use_db()?;
    super::db::find_recommendation(&db, number)
        .await?
        .ok_or_else(|| AppError::not_found(format!("Recommendation {number}")))
}
