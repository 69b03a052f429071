//! Maturity workbooks: `/maturity/heatmap.xlsx` (boroughs × domains, latest published
//! round, cells filled and numbered) and `/maturity/rounds/{id}/export.xlsx` (a round's
//! ratings, agreed levels and gap actions, as far as the user may see them).

use super::model::{level_colours, Heatmap, RoundView};
use crate::auth::guard::authorize;
use crate::auth::{CurrentUser, Permission, Scope};
use crate::boroughs::area::AreaQuery;
use crate::error::AppError;
use crate::plumbing::query::PathId;
use crate::plumbing::xlsx::{
    date_cell, free_text, header_row, title_row, workbook_response, HEADER_ROW,
};
use crate::plumbing::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use rust_xlsxwriter::{Color, Format, FormatAlign, Workbook, XlsxError};

/// The heatmap's leading columns; one column per domain follows.
pub const HEATMAP_HEADERS: [&str; 4] = ["Borough", "Round", "Held on", "Illustrative"];

pub const RATING_HEADERS: [&str; 6] = [
    "Domain",
    "Participant",
    "Level",
    "Level name",
    "Evidence",
    "Rationale",
];

pub const AGREED_HEADERS: [&str; 6] = [
    "Domain",
    "Agreed level",
    "Level name",
    "Target level",
    "Rationale",
    "Decided by",
];

fn level_format(level: i64) -> Format {
    let (fill, text) = level_colours(level);
    Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_background_color(Color::RGB(fill))
        .set_font_color(Color::RGB(text))
}

pub fn heatmap_workbook(map: &Heatmap, area: &str) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Heatmap")?;
    title_row(
        sheet,
        &format!("{area}: maturity by borough and domain, the agreed level of each borough's latest published round"),
    )?;
    let mut titles: Vec<&str> = HEATMAP_HEADERS.to_vec();
    titles.extend(map.domains.iter().map(|d| d.name.as_str()));
    header_row(sheet, &titles)?;
    for (row, line) in (HEADER_ROW + 1..).zip(&map.rows) {
        sheet.write(row, 0, free_text(&line.borough_name))?;
        if let Some(round) = &line.round {
            sheet.write(row, 1, free_text(&round.title))?;
            date_cell(sheet, row, 2, round.held_on)?;
            sheet.write(
                row,
                3,
                if round.illustrative {
                    "Illustrative — not from the review"
                } else {
                    ""
                },
            )?;
        } else {
            sheet.write(row, 1, "No published round")?;
        }
        for (column, cell) in (HEATMAP_HEADERS.len() as u16..).zip(&line.cells) {
            if let Some((level, _)) = cell {
                sheet.write_with_format(row, column, *level as f64, &level_format(*level))?;
            }
        }
    }
    sheet.set_column_width(0, 14)?;
    sheet.set_column_width(1, 40)?;
    Ok(workbook)
}

pub fn round_workbook(view: &RoundView) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let round = &view.round;
    let domain_name = |position: i64| {
        view.framework
            .domain(position)
            .map(|d| d.name.clone())
            .unwrap_or_default()
    };
    let level_name = |position: i64, level: i64| {
        view.framework
            .domain(position)
            .and_then(|d| d.levels.iter().find(|l| l.level == level))
            .map(|l| l.name.clone())
            .unwrap_or_default()
    };
    let caption = format!(
        "{}: {} ({}, {}; framework version {}){}",
        round.borough_name,
        round.title,
        crate::format::date(round.held_on),
        round.status.label(),
        round.framework_version,
        if round.illustrative {
            " — illustrative, not from the review"
        } else {
            ""
        }
    );
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let sheet = workbook.add_worksheet().set_name("Ratings")?;
    title_row(sheet, &caption)?;
    header_row(sheet, &RATING_HEADERS)?;
    for (row, rating) in (HEADER_ROW + 1..).zip(&view.ratings) {
        sheet.write(row, 0, domain_name(rating.domain))?;
        sheet.write(row, 1, free_text(&rating.rater))?;
        sheet.write(row, 2, rating.level as f64)?;
        sheet.write(row, 3, level_name(rating.domain, rating.level))?;
        sheet.write_with_format(row, 4, free_text(&rating.evidence), &wrap)?;
        sheet.write_with_format(row, 5, free_text(&rating.rationale), &wrap)?;
    }
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(4, 60)?;
    sheet.set_column_width(5, 60)?;
    let sheet = workbook.add_worksheet().set_name("Agreed")?;
    title_row(sheet, &caption)?;
    header_row(sheet, &AGREED_HEADERS)?;
    for (row, agreed) in (HEADER_ROW + 1..).zip(&view.agreed) {
        sheet.write(row, 0, domain_name(agreed.domain))?;
        sheet.write_with_format(row, 1, agreed.level as f64, &level_format(agreed.level))?;
        sheet.write(row, 2, level_name(agreed.domain, agreed.level))?;
        sheet.write(row, 3, agreed.target_level as f64)?;
        sheet.write_with_format(row, 4, free_text(&agreed.rationale), &wrap)?;
        sheet.write(row, 5, free_text(&agreed.decided_by))?;
    }
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(4, 60)?;
    let sheet = workbook.add_worksheet().set_name("Gap actions")?;
    title_row(sheet, &caption)?;
    header_row(
        sheet,
        &[
            "Domain",
            "Action",
            "Status",
            "Borough plan actions",
            "Recommendations",
        ],
    )?;
    for (row, gap) in (HEADER_ROW + 1..).zip(&view.gap_actions) {
        sheet.write(row, 0, domain_name(gap.domain))?;
        sheet.write_with_format(row, 1, free_text(&gap.title), &wrap)?;
        sheet.write(row, 2, gap.status.label())?;
        let actions: Vec<&str> = gap.plan_actions.iter().map(|a| a.label.as_str()).collect();
        sheet.write_with_format(row, 3, free_text(&actions.join("\n")), &wrap)?;
        let numbers: Vec<String> = gap.recommendations.iter().map(i64::to_string).collect();
        sheet.write(row, 4, numbers.join(", "))?;
    }
    sheet.set_column_width(1, 50)?;
    sheet.set_column_width(3, 50)?;
    Ok(workbook)
}

pub async fn heatmap(
    user: CurrentUser,
    State(state): State<AppState>,
    query: Result<Query<AreaQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    authorize(&user, Permission::SignedInWithRole, Scope::Region)?;
    let query = crate::plumbing::query::parsed(query)?;
    let mut conn = state.db.conn().await?;
    let (scope, area) = crate::boroughs::area::area_in_view(&mut conn, &user, &query.area).await?;
    let map = super::views::load_heatmap(&mut conn, &user, &scope).await?;
    drop(conn);
    let workbook = heatmap_workbook(&map, &area.name)?;
    crate::audit::Entry::export(user.id, "maturity_heatmap", map.rows.len())
        .record_alone(&state.db, chrono::Utc::now())
        .await?;
    workbook_response(workbook, "linkway-maturity-heatmap.xlsx").await
}

pub async fn round(
    user: CurrentUser,
    State(state): State<AppState>,
    PathId(id): PathId,
) -> Result<Response, AppError> {
    authorize(&user, Permission::SignedInWithRole, Scope::Region)?;
    let view = super::views::round_view(&state.db, &user, id).await?;
    let workbook = round_workbook(&view)?;
    crate::audit::Entry::export(user.id, "assessment_round", view.ratings.len())
        .record_alone(&state.db, chrono::Utc::now())
        .await?;
    workbook_response(
        workbook,
        &format!(
            "linkway-maturity-{}-round-{}.xlsx",
            view.round.borough_code, view.round.id
        ),
    )
    .await
}
