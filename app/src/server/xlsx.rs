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
    let disposition = HeaderValue::from_str(&content_disposition(file_name)).map_err(|error| {
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

/// `attachment` with the name twice: plain ASCII for old clients, and exactly (RFC 6266
/// `filename*`, UTF-8 percent-encoded) for the rest, so any uploaded file's name works.
fn content_disposition(file_name: &str) -> String {
    let plain: String = file_name
        .chars()
        .map(|c| {
            if (c.is_ascii_graphic() || c == ' ') && c != '"' && c != '\\' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "attachment; filename=\"{plain}\"; filename*=UTF-8''{}",
        crate::components::encode_query_value(file_name)
    )
}

/// Serialises `workbook` and answers with it as a download named `file_name`.
pub fn workbook_response(mut workbook: Workbook, file_name: &str) -> Result<Response, AppError> {
    xlsx_download(workbook.save_to_buffer()?, file_name)
}

#[cfg(test)]
mod tests {
    use super::content_disposition;

    #[test]
    fn any_file_name_makes_a_valid_header() {
        assert_eq!(
            content_disposition("Camden – Q1 \"final\".xlsx"),
            "attachment; filename=\"Camden _ Q1 _final_.xlsx\"; filename*=UTF-8''Camden%20%E2%80%93%20Q1%20%22final%22.xlsx"
        );
        assert!(axum::http::HeaderValue::from_str(&content_disposition("réturn\n.xlsx")).is_ok());
    }
}
