//! Server functions for reading the audit trail (admins and ICB leads).

use super::{AuditFilter, AuditPage};
#[cfg(feature = "ssr")]
use crate::auth::guard::{guard, Guard};
#[cfg(feature = "ssr")]
use crate::auth::{Permission, Scope};
use crate::error::AppError;
use leptos::prelude::*;

/// One page of the events the filter asks for, newest first, each told as a sentence; or
/// the filter's problems, with the people to choose from all the same.
#[server]
pub async fn search_audit(filter: AuditFilter) -> Result<AuditPage, AppError> {
    use super::model::PAGE_SIZE;
    let Guard { db, .. } = guard(Permission::ViewAudit, Scope::Region).await?;
    let mut conn = db.conn().await?;
    let people: Vec<(i64, String)> = crate::auth::db::accounts(&mut conn)
        .await?
        .into_iter()
        .map(|person| (person.id, person.name))
        .collect();
    let (search, page) = match super::parse_filter(&filter) {
        Ok(parsed) => parsed,
        Err(AppError::Validation(problems)) => {
            return Ok(AuditPage {
                problems,
                lines: Vec::new(),
                page: 1,
                pages: 1,
                total: 0,
                people,
            })
        }
        Err(error) => return Err(error),
    };
    let total = crate::audit::db::count(&mut conn, &search).await?;
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let page = page.min(pages);
    let events =
        crate::audit::db::search(&mut conn, &search, PAGE_SIZE, (page - 1) * PAGE_SIZE).await?;
    let lines = super::labels::lines(&mut conn, events).await?;
    Ok(AuditPage {
        problems: Default::default(),
        lines,
        page,
        pages,
        total,
        people,
    })
}
