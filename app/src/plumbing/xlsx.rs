//! Workbook responses: every `.xlsx` export leaves through [`workbook_response`], with the
//! right content type and a download file name.

use crate::error::AppError;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use rust_xlsxwriter::{
    ColNum, Format, FormatBorder, IntoExcelData, RowNum, Workbook, Worksheet, XlsxError,
};

/// The most characters Excel holds in one cell.
pub const EXCEL_CELL_CHARS: usize = 32_767;

/// Free text (anything a person typed, or a sentence built from it) as a cell takes it:
/// every export writes such text through this, so a value past Excel's limit is cut with a
/// visible "…" instead of failing the whole export.
pub struct FreeText<'a>(pub &'a str);

/// `text` ready to write as a cell: `sheet.write(row, column, free_text(&note))?`.
pub fn free_text(text: &str) -> FreeText<'_> {
    FreeText(text)
}

impl<'a> FreeText<'a> {
    fn fitted(&self) -> std::borrow::Cow<'a, str> {
        crate::format::shortened(self.0, EXCEL_CELL_CHARS)
    }
}

impl IntoExcelData for FreeText<'_> {
    fn write(
        self,
        worksheet: &mut Worksheet,
        row: RowNum,
        col: ColNum,
    ) -> Result<&mut Worksheet, XlsxError> {
        worksheet.write_string(row, col, self.fitted())
    }

    fn write_with_format<'a>(
        self,
        worksheet: &'a mut Worksheet,
        row: RowNum,
        col: ColNum,
        format: &Format,
    ) -> Result<&'a mut Worksheet, XlsxError> {
        worksheet.write_string_with_format(row, col, self.fitted(), format)
    }
}

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
    sheet.write_with_format(
        0,
        0,
        free_text(title),
        &Format::new().set_bold().set_font_size(14),
    )?;
    Ok(())
}

/// The column headings on [`HEADER_ROW`], frozen above the data and repeated on every
/// printed page; the sheet prints landscape, as wide as one page ([`print_setup`]). Every
/// export's sheets start here.
pub fn header_row(sheet: &mut Worksheet, titles: &[&str]) -> Result<(), XlsxError> {
    let header = header_format();
    for (column, title) in (0u16..).zip(titles) {
        sheet.write_with_format(HEADER_ROW, column, *title, &header)?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    print_setup(sheet)
}

/// A date as Excel keeps one (a number it can sort, filter and sum by), shown `31 Mar 2026`;
/// no date leaves the cell empty.
pub fn date_cell(
    sheet: &mut Worksheet,
    row: RowNum,
    column: ColNum,
    date: impl Into<Option<chrono::NaiveDate>>,
) -> Result<(), XlsxError> {
    let Some(date) = date.into() else {
        return Ok(());
    };
    sheet.write_datetime_with_format(
        row,
        column,
        date,
        &Format::new().set_num_format("d mmm yyyy"),
    )?;
    Ok(())
}

/// A moment as an Excel date and time (UTC), shown `31 Mar 2026 14:05`.
pub fn date_time_cell(
    sheet: &mut Worksheet,
    row: RowNum,
    column: ColNum,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(), XlsxError> {
    let format = Format::new().set_num_format("d mmm yyyy hh:mm");
    sheet.write_datetime_with_format(row, column, at.naive_utc(), &format)?;
    Ok(())
}

/// Print set-up every export shares: landscape, A4, as wide as one page, with the column
/// headings on [`HEADER_ROW`] repeated at the top of every printed page.
fn print_setup(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
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
        crate::format::query_value(file_name)
    )
}

/// Serialises `workbook` (compressing it, the costly part) off the async runtime and
/// answers with it as a download named `file_name`.
pub async fn workbook_response(
    mut workbook: Workbook,
    file_name: &str,
) -> Result<Response, AppError> {
    let bytes = tokio::task::spawn_blocking(move || workbook.save_to_buffer()).await??;
    xlsx_download(bytes, file_name)
}

#[cfg(test)]
mod tests {
    use super::{content_disposition, free_text, EXCEL_CELL_CHARS};
    use rust_xlsxwriter::Workbook;

    #[test]
    fn free_text_past_excel_limit_is_cut_with_an_ellipsis() {
        let long = "é".repeat(40_000);
        let fitted = free_text(&long).fitted();
        assert_eq!(fitted.chars().count(), EXCEL_CELL_CHARS);
        assert!(fitted.ends_with('…'));
        let exact = "a".repeat(EXCEL_CELL_CHARS);
        assert_eq!(free_text(&exact).fitted(), exact.as_str());
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        assert!(sheet.write(0, 0, free_text(&long)).is_ok());
        assert!(
            sheet.write(1, 0, long.as_str()).is_err(),
            "Excel's own limit"
        );
    }

    #[test]
    fn any_file_name_makes_a_valid_header() {
        assert_eq!(
            content_disposition("Camden – Q1 \"final\".xlsx"),
            "attachment; filename=\"Camden _ Q1 _final_.xlsx\"; filename*=UTF-8''Camden%20%E2%80%93%20Q1%20%22final%22.xlsx"
        );
        assert!(axum::http::HeaderValue::from_str(&content_disposition("réturn\n.xlsx")).is_ok());
    }
}
