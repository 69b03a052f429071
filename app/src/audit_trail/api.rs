//! Server functions for reading the audit trail (admins and ICB leads).

use super::AuditFilter;
use crate::audit::AuditEvent;
use crate::error::AppError;
use leptos::prelude::*;

/// At most this many events answer one search, newest first.
#[cfg(feature = "ssr")]
pub const SEARCH_LIMIT: i64 = 500;

#[server]
pub async fn search_audit(filter: AuditFilter) -> Result<Vec<AuditEvent>, AppError> {
    use crate::auth::{guard::require, Permission, Scope};
    require(Permission::ViewAudit, Scope::Icb).await?;
    let db = crate::server::use_db()?;
    let search = super::parse_filter(&filter)?;
    Ok(crate::audit::db::search(&db, &search, SEARCH_LIMIT).await?)
}
