//! `/admin/audit.xlsx`: the audit trail as filtered on the audit page, as a workbook.

use super::AuditFilter;
use crate::audit::{describe_change, Entry};
use crate::auth::guard::authorize;
use crate::auth::{CurrentUser, Permission, Scope};
use crate::error::AppError;
use crate::plumbing::xlsx::{
    date_time_cell, free_text, header_row, title_row, workbook_response, HEADER_ROW,
};
use crate::plumbing::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use rust_xlsxwriter::{Format, Workbook};

pub const HEADERS: [&str; 6] = [
    "When (UTC)",
    "Who",
    "What happened",
    "Action",
    "Record",
    "Changes",
];
/// The most rows one export holds.
const EXPORT_LIMIT: i64 = 100_000;

pub async fn download(
    user: CurrentUser,
    State(state): State<AppState>,
    filter: Result<Query<AuditFilter>, QueryRejection>,
) -> Result<Response, AppError> {
    authorize(&user, Permission::ViewAudit, Scope::Region)?;
    let filter = crate::plumbing::query::parsed(filter)?;
    let (search, _) = super::parse_filter(&filter)?;
    let mut conn = state.db.conn().await?;
    let events = crate::audit::db::search(&mut conn, &search, EXPORT_LIMIT, 0).await?;
    let lines = super::lines(&mut conn, events).await?;
    drop(conn);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Audit trail")?;
    title_row(sheet, "Audit trail, newest first")?;
    header_row(sheet, &HEADERS)?;
    let wrap = Format::new().set_text_wrap();
    for (row, line) in (HEADER_ROW + 1..).zip(&lines) {
        let event = &line.event;
        let changes: Vec<String> = event
            .changes
            .iter()
            .map(|(field, change)| describe_change(field, change))
            .collect();
        date_time_cell(sheet, row, 0, event.at)?;
        sheet.write(
            row,
            1,
            free_text(event.user_name.as_deref().unwrap_or_default()),
        )?;
        sheet.write_with_format(row, 2, free_text(&line.sentence), &wrap)?;
        sheet.write(row, 3, &event.action)?;
        sheet.write(row, 4, free_text(&line.record))?;
        sheet.write_with_format(row, 5, free_text(&changes.join("\n")), &wrap)?;
    }
    for (column, width) in (0u16..).zip([18.0, 22.0, 50.0, 18.0, 30.0, 60.0]) {
        sheet.set_column_width(column, width)?;
    }
    let last = HEADER_ROW + u32::try_from(lines.len()).unwrap_or(u32::MAX - HEADER_ROW);
    sheet.autofilter(HEADER_ROW, 0, last, 5)?;
    Entry::export(user.id, "audit_events", lines.len())
        .record_alone(&state.db, chrono::Utc::now())
        .await?;
    workbook_response(workbook, "linkway-audit-trail.xlsx").await
}
