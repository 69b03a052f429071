//! Server functions for the maturity framework.

use super::MaturityDomain;
use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn list_domains() -> Result<Vec<MaturityDomain>, AppError> {
    use crate::auth::{guard::require, Permission, Scope};
    require(Permission::ViewReferenceData, Scope::Icb).await?;
    let db = crate::server::use_db()?;
    Ok(super::db::list_domains(&db).await?)
}
