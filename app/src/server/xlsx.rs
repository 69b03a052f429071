//! Workbook responses: every `.xlsx` export leaves through [`workbook_response`], with the
//! right content type and a download file name.

use crate::error::AppError;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use rust_xlsxwriter::{Format, FormatBorder, Workbook, Worksheet, XlsxError};

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

/// Exports put a title on row 0 and their column headings on this row; data follows.
pub const HEADER_ROW: u32 = 1;

/// The sheet's title, large and bold, in A1.
pub fn title_row(sheet: &mut Worksheet, title: &str) -> Result<(), XlsxError> {
    sheet.write_with_format(0, 0, title, &Format::new().set_bold().set_font_size(14))?;
    Ok(())
}

/// The column headings on [`HEADER_ROW`], frozen above the data.
pub fn header_row(sheet: &mut Worksheet, titles: &[&str]) -> Result<(), XlsxError> {
    let header = header_format();
    for (column, title) in (0u16..).zip(titles) {
        sheet.write_with_format(HEADER_ROW, column, *title, &header)?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    Ok(())
}

/// Answers with `bytes` as an `.xlsx` download named `file_name`.
pub fn xlsx_download(bytes: Vec<u8>, file_name: &str) -> Result<Response, AppError> {
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

/// Serialises `workbook` and answers with it as a download named `file_name`.
pub fn workbook_response(mut workbook: Workbook, file_name: &str) -> Result<Response, AppError> {
    xlsx_download(workbook.save_to_buffer()?, file_name)
}
