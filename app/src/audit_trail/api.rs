//! Server functions for reading the audit trail (admins and ICB leads).

use super::AuditFilter;
use crate::audit::AuditEvent;
#[cfg(feature = "ssr")]
use crate::auth::guard::{guard, Guard};
#[cfg(feature = "ssr")]
use crate::auth::{Permission, Scope};
use crate::error::AppError;
use leptos::prelude::*;

/// At most this many events answer one search, newest first.
#[cfg(feature = "ssr")]
pub const SEARCH_LIMIT: i64 = 500;

#[server]
pub async fn search_audit(filter: AuditFilter) -> Result<Vec<AuditEvent>, AppError> {
    let Guard { db, .. } = guard(Permission::ViewAudit, Scope::Icb).await?;
    let search = super::parse_filter(&filter)?;
    Ok(crate::audit::db::search(&mut db.conn().await?, &search, SEARCH_LIMIT).await?)
}
