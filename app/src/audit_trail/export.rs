//! `/admin/audit.xlsx`: the audit trail as filtered on the audit page, as a workbook.

use super::AuditFilter;
use crate::audit::{describe_change, Entry};
use crate::auth::guard::authorize;
use crate::auth::{CurrentUser, Permission, Scope};
use crate::error::AppError;
use crate::plumbing::xlsx::{free_text, header_format, workbook_response};
use crate::plumbing::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use rust_xlsxwriter::{Format, Workbook};

pub const HEADERS: [&str; 6] = [
    "When (UTC)",
    "Who",
    "Action",
    "Entity",
    "Entity id",
    "Changes",
];
/// The most rows one export holds.
const EXPORT_LIMIT: i64 = 100_000;

pub async fn download(
    user: CurrentUser,
    State(state): State<AppState>,
    filter: Result<Query<AuditFilter>, QueryRejection>,
) -> Result<Response, AppError> {
    authorize(&user, Permission::ViewAudit, Scope::Icb)?;
    let filter = crate::plumbing::query::parsed(filter)?;
    let search = super::parse_filter(&filter)?;
    let events =
        crate::audit::db::search(&mut state.db.conn().await?, &search, EXPORT_LIMIT).await?;
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Audit trail")?;
    let header = header_format();
    let wrap = Format::new().set_text_wrap();
    for (column, title) in (0u16..).zip(HEADERS) {
        sheet.write_with_format(0, column, title, &header)?;
    }
    for (row, event) in (1u32..).zip(&events) {
        let changes: Vec<String> = event
            .changes
            .iter()
            .map(|(field, change)| describe_change(field, change))
            .collect();
        sheet.write(row, 0, crate::format::iso_date_time(event.at))?;
        sheet.write(
            row,
            1,
            free_text(event.user_name.as_deref().unwrap_or_default()),
        )?;
        sheet.write(row, 2, &event.action)?;
        sheet.write(row, 3, &event.entity_type)?;
        sheet.write(row, 4, free_text(&event.entity_id))?;
        sheet.write_with_format(row, 5, free_text(&changes.join("\n")), &wrap)?;
    }
    for (column, width) in (0u16..).zip([20.0, 24.0, 16.0, 16.0, 10.0, 70.0]) {
        sheet.set_column_width(column, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, u32::try_from(events.len()).unwrap_or(u32::MAX), 5)?;
    Entry::export(user.id, "audit_events", events.len())
        .record_alone(&state.db, chrono::Utc::now())
        .await?;
    workbook_response(workbook, "linkway-audit-trail.xlsx").await
}
