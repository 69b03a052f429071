//! The tracker's workbooks: `/recommendations.xlsx` (every recommendation with owner,
//! status, reported and derived RAG, RAG cells filled) and `/recommendations/board-paper.xlsx`
//! (the table for the quarterly borough and six-monthly ICB reports). Both take `as_at`.

use super::model::{Rag, TrackerRow};
use super::rag::difference;
use super::tracker::rows_as_at;
use super::views::parse_as_at;
use crate::auth::guard::authorize;
use crate::auth::{CurrentUser, Permission, Scope};
use crate::error::AppError;
use crate::plumbing::xlsx::{
    date_cell, free_text, header_row, title_row, workbook_response, HEADER_ROW,
};
use crate::plumbing::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use rust_xlsxwriter::{Color, Format, FormatAlign, Workbook, Worksheet, XlsxError};
use serde::Deserialize;

pub const HEADERS: [&str; 16] = [
    "Number",
    "Category",
    "Recommendation",
    "Priority",
    "Timeline",
    "Target window closes",
    "Owner",
    "Lead organisation",
    "Status",
    "% complete",
    "Reported RAG",
    "Derived RAG",
    "Why the derived RAG differs",
    "Next milestone",
    "Next milestone due",
    "Latest commentary",
];

pub const BOARD_HEADERS: [&str; 7] = [
    "Recommendation",
    "Owner",
    "RAG",
    "Commentary",
    "Next milestone",
    "Due",
    "Borough status",
];

/// The heading of the board paper's RAG summary, below its table.
pub const RAG_SUMMARY: &str = "RAG summary (derived from the evidence)";

/// The board paper's summary block at `row`: how many of its lines are red, amber and
/// green, each in its colour.
fn rag_summary(
    sheet: &mut Worksheet,
    row: u32,
    table: &[(TrackerRow, Option<String>)],
) -> Result<(), XlsxError> {
    sheet.write_with_format(row, 0, RAG_SUMMARY, &Format::new().set_bold())?;
    for (offset, rag) in (1u32..).zip([Rag::Red, Rag::Amber, Rag::Green]) {
        let lines = table
            .iter()
            .filter(|(item, _)| item.derived.rag == rag)
            .count();
        sheet.write_with_format(row + offset, 0, rag.label(), &rag_format(rag))?;
        sheet.write(row + offset, 1, lines as f64)?;
    }
    Ok(())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ExportQuery {
    pub as_at: String,
    /// Board paper only: a borough code, for a borough's quarterly report.
    pub borough: String,
    /// The ICB whose tracker (its code); empty: the one the user works in.
    pub icb: String,
}

/// The ICB the export is of, once the user may read its tracker.
async fn icb_of(
    state: &AppState,
    user: &CurrentUser,
    query: &ExportQuery,
) -> Result<String, AppError> {
    let icb = crate::boroughs::service::icb_in_view(&mut state.db.conn().await?, user, &query.icb)
        .await?;
    authorize(user, Permission::ViewTracker, Scope::Icb(icb.clone()))?;
    Ok(icb)
}

async fn rows_for(
    state: &AppState,
    icb: &str,
    query: &ExportQuery,
) -> Result<(NaiveDate, Vec<TrackerRow>), AppError> {
    let today = chrono::Utc::now().date_naive();
    let as_at = parse_as_at(&query.as_at, today).map_err(|error| match error {
        AppError::Validation(errors) => AppError::BadRequest {
            message: errors.messages().collect::<Vec<_>>().join(". "),
        },
        other => other,
    })?;
    let data = super::db::tracker_data(&mut state.db.conn().await?, icb).await?;
    Ok((as_at, rows_as_at(&data, as_at)))
}

pub async fn download(
    user: CurrentUser,
    State(state): State<AppState>,
    query: Result<Query<ExportQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let query = crate::plumbing::query::parsed(query)?;
    let icb = icb_of(&state, &user, &query).await?;
    let (as_at, rows) = rows_for(&state, &icb, &query).await?;
    let workbook = workbook(&rows, as_at)?;
    crate::audit::Entry::export(user.id, "recommendations", rows.len())
        .record_alone(&state.db, chrono::Utc::now())
        .await?;
    workbook_response(workbook, &format!("linkway-tracker-{as_at}.xlsx")).await
}

pub async fn board_paper(
    user: CurrentUser,
    State(state): State<AppState>,
    query: Result<Query<ExportQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let query = crate::plumbing::query::parsed(query)?;
    let icb = icb_of(&state, &user, &query).await?;
    let (as_at, rows) = rows_for(&state, &icb, &query).await?;
    let mut conn = state.db.conn().await?;
    let borough = match query.borough.trim() {
        "" => None,
        code => Some(
            crate::boroughs::db::list_boroughs(&mut conn)
                .await?
                .into_iter()
                .find(|b| b.code == code && b.icb_code == icb)
                .ok_or_else(|| AppError::BadRequest {
                    message: format!("There is no borough {code:?}."),
                })?,
        ),
    };
    let lines = super::db::borough_lines(&mut conn).await?;
    drop(conn);
    let table: Vec<(TrackerRow, Option<String>)> = match &borough {
        None => rows.into_iter().map(|row| (row, None)).collect(),
        Some(borough) => rows
            .into_iter()
            .filter_map(|row| {
                let line = lines.iter().find(|l| {
                    l.recommendation_number == row.recommendation.number
                        && l.borough_code == borough.code
                })?;
                let status = match line.note.is_empty() {
                    true => line.status.label().to_owned(),
                    false => format!("{}: {}", line.status.label(), line.note),
                };
                Some((row, Some(status)))
            })
            .collect(),
    };
    let title = match &borough {
        Some(b) => format!(
            "{} quarterly report: recommendations as at {}",
            b.name,
            crate::format::long_date(as_at)
        ),
        None => format!(
            "ICB report: recommendations as at {}",
            crate::format::long_date(as_at)
        ),
    };
    let workbook = board_workbook(&table, &title)?;
    crate::audit::Entry::export(user.id, "board_paper", table.len())
        .record_alone(&state.db, chrono::Utc::now())
        .await?;
    let name = match &borough {
        Some(b) => format!("linkway-board-paper-{}-{as_at}.xlsx", b.code),
        None => format!("linkway-board-paper-{as_at}.xlsx"),
    };
    workbook_response(workbook, &name).await
}

fn rag_format(rag: Rag) -> Format {
    let text = if rag == Rag::Amber {
        0x212B32
    } else {
        0xFFFFFF
    };
    Format::new()
        .set_bold()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(rag.fill()))
        .set_font_color(Color::RGB(text))
}

fn write_rag(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    rag: Option<Rag>,
    plain: &Format,
) -> Result<(), XlsxError> {
    match rag {
        Some(rag) => sheet
            .write_with_format(row, column, rag.label(), &rag_format(rag))
            .map(|_| ()),
        None => sheet
            .write_with_format(row, column, "Not reported", plain)
            .map(|_| ()),
    }
}

pub fn workbook(rows: &[TrackerRow], as_at: NaiveDate) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Tracker")?;
    title_row(
        sheet,
        &format!(
            "Recommendations tracker as at {}",
            crate::format::long_date(as_at)
        ),
    )?;
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    header_row(sheet, &HEADERS)?;
    for (row, item) in (HEADER_ROW + 1..).zip(rows) {
        let r = &item.recommendation;
        let latest = item.latest.as_ref();
        sheet.write_with_format(row, 0, r.number as f64, &wrap)?;
        sheet.write_with_format(row, 1, &r.category, &wrap)?;
        sheet.write_with_format(row, 2, free_text(&r.recommendation), &wrap)?;
        sheet.write_with_format(row, 3, &r.priority, &wrap)?;
        sheet.write_with_format(row, 4, &r.timeline, &wrap)?;
        date_cell(sheet, row, 5, item.window.map(|(_, end)| end))?;
        sheet.write_with_format(
            row,
            6,
            free_text(item.plan.owner_name.as_deref().unwrap_or_default()),
            &wrap,
        )?;
        sheet.write_with_format(row, 7, free_text(&item.plan.lead_organisation), &wrap)?;
        sheet.write_with_format(
            row,
            8,
            latest.map_or("No update yet", |u| u.status.label()),
            &wrap,
        )?;
        match latest {
            Some(update) => {
                sheet.write_with_format(row, 9, update.percent_complete as f64, &wrap)?
            }
            None => sheet.write_with_format(row, 9, "", &wrap)?,
        };
        write_rag(sheet, row, 10, item.reported, &wrap)?;
        write_rag(sheet, row, 11, Some(item.derived.rag), &wrap)?;
        sheet.write_with_format(
            row,
            12,
            free_text(&difference(item.reported, &item.derived).unwrap_or_default()),
            &wrap,
        )?;
        let next = item.next_milestone.as_ref();
        sheet.write_with_format(
            row,
            13,
            free_text(next.map(|m| m.title.as_str()).unwrap_or_default()),
            &wrap,
        )?;
        date_cell(sheet, row, 14, next.map(|m| m.due_on))?;
        sheet.write_with_format(
            row,
            15,
            free_text(latest.map(|u| u.commentary.as_str()).unwrap_or_default()),
            &wrap,
        )?;
    }
    let widths = [
        8.0, 24.0, 50.0, 9.0, 12.0, 14.0, 20.0, 20.0, 12.0, 10.0, 12.0, 12.0, 40.0, 30.0, 14.0,
        50.0,
    ];
    for (column, width) in (0u16..).zip(widths) {
        sheet.set_column_width(column, width)?;
    }
    let last_row = HEADER_ROW + u32::try_from(rows.len()).unwrap_or(u32::MAX - HEADER_ROW - 1);
    sheet.autofilter(HEADER_ROW, 0, last_row, (HEADERS.len() - 1) as u16)?;
    Ok(workbook)
}

fn board_workbook(
    table: &[(TrackerRow, Option<String>)],
    title: &str,
) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Board paper")?;
    title_row(sheet, title)?;
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let columns = if table.iter().any(|(_, line)| line.is_some()) {
        BOARD_HEADERS.len()
    } else {
        BOARD_HEADERS.len() - 1
    };
    header_row(sheet, &BOARD_HEADERS[..columns])?;
    for (row, (item, line)) in (HEADER_ROW + 1..).zip(table) {
        let r = &item.recommendation;
        sheet.write_with_format(
            row,
            0,
            free_text(&format!("{}. {}", r.number, r.recommendation)),
            &wrap,
        )?;
        sheet.write_with_format(
            row,
            1,
            free_text(item.plan.owner_name.as_deref().unwrap_or_default()),
            &wrap,
        )?;
        write_rag(sheet, row, 2, Some(item.derived.rag), &wrap)?;
        let commentary = item
            .latest
            .as_ref()
            .map(|u| u.commentary.clone())
            .unwrap_or_default();
        let commentary = match difference(item.reported, &item.derived) {
            Some(why) if commentary.is_empty() => why,
            Some(why) => format!("{commentary}\n({why})"),
            None => commentary,
        };
        sheet.write_with_format(row, 3, free_text(&commentary), &wrap)?;
        let next = item.next_milestone.as_ref();
        sheet.write_with_format(
            row,
            4,
            free_text(next.map(|m| m.title.as_str()).unwrap_or_default()),
            &wrap,
        )?;
        date_cell(sheet, row, 5, next.map(|m| m.due_on))?;
        if let Some(line) = line {
            sheet.write_with_format(row, 6, free_text(line), &wrap)?;
        }
    }
    for (column, width) in (0u16..).zip([50.0, 20.0, 10.0, 60.0, 30.0, 13.0, 30.0]) {
        sheet.set_column_width(column, width)?;
    }
    let after = HEADER_ROW + 1 + u32::try_from(table.len()).unwrap_or(u32::MAX / 2);
    rag_summary(sheet, after + 1, table)?;
    Ok(workbook)
}
