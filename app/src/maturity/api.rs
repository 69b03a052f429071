//! Server functions for the maturity framework.

use super::MaturityDomain;
use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn list_domains() -> Result<Vec<MaturityDomain>, AppError> {
    let db = crate::server::use_db()?;
    Ok(super::db::list_domains(&db).await?)
}
