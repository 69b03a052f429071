//! Workbook responses: every `.xlsx` export leaves through [`workbook_response`], with the
//! right content type and a download file name.

use crate::error::AppError;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use rust_xlsxwriter::{Format, FormatBorder, Workbook};

pub const XLSX_CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The bold, bordered header row format every export shares.
pub fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color("#E8EDEE")
        .set_border_bottom(FormatBorder::Medium)
}

/// Serialises `workbook` and answers with it as a download named `file_name`.
pub fn workbook_response(mut workbook: Workbook, file_name: &str) -> Result<Response, AppError> {
    let bytes = workbook.save_to_buffer()?;
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\""))
        .map_err(|error| {
            tracing::error!(%error, file_name, "bad export file name");
            AppError::Internal
        })?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(XLSX_CONTENT_TYPE),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}
