//! `/recommendations.xlsx`: the recommendations as a workbook, one row each.

use super::Recommendation;
use crate::auth::guard::require_in;
use crate::auth::{Permission, Scope};
use crate::error::AppError;
use crate::server::xlsx::{header_format, workbook_response};
use crate::server::AppState;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

pub const HEADERS: [&str; 7] = [
    "Number",
    "Category",
    "Recommendation",
    "Specific actions",
    "Timeline",
    "Cost implication",
    "Priority",
];

pub async fn download(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let user = require_in(&state, &headers, Permission::ViewReferenceData, Scope::Icb).await?;
    let recommendations = super::db::list_recommendations(&state.db).await?;
    let workbook = workbook(&recommendations)?;
    crate::audit::db::record_export(&state.db, user.id, "recommendations", recommendations.len())
        .await?;
    workbook_response(workbook, "linkway-recommendations.xlsx")
}

pub fn workbook(recommendations: &[Recommendation]) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Recommendations")?;
    let header = header_format();
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    for (column, title) in (0u16..).zip(HEADERS) {
        sheet.write_with_format(0, column, title, &header)?;
    }
    for (row, item) in (1u32..).zip(recommendations) {
        sheet.write_with_format(row, 0, item.number as f64, &wrap)?;
        sheet.write_with_format(row, 1, &item.category, &wrap)?;
        sheet.write_with_format(row, 2, &item.recommendation, &wrap)?;
        sheet.write_with_format(row, 3, &item.specific_actions, &wrap)?;
        sheet.write_with_format(row, 4, &item.timeline, &wrap)?;
        sheet.write_with_format(row, 5, &item.cost_implication, &wrap)?;
        sheet.write_with_format(row, 6, &item.priority, &wrap)?;
    }
    for (column, width) in (0u16..).zip([9.0, 28.0, 60.0, 60.0, 14.0, 14.0, 10.0]) {
        sheet.set_column_width(column, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let last_row = u32::try_from(recommendations.len()).unwrap_or(u32::MAX);
    sheet.autofilter(0, 0, last_row, 6)?;
    Ok(workbook)
}
