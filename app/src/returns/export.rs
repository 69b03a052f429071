//! Returns workbooks: a period's chase list, workforce coverage, and unmet need (small
//! counts suppressed for publication and for everyone outside the ICB team).

use super::model::{
    BoroughReturn, Count, Coverage, PeriodDashboard, ReturnState, ThemeRow, UnmetNeedRollup,
};
use crate::admin::UserSummary;
use crate::auth::guard::authorize;
use crate::auth::{CurrentUser, Permission, Role, Scope};
use crate::boroughs::area::AreaQuery;
use crate::error::AppError;
use crate::plumbing::query::PathId;
use crate::plumbing::xlsx::{free_text, header_row, title_row, workbook_response, HEADER_ROW};
use crate::plumbing::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};
use serde::Deserialize;

pub const CHASE_HEADERS: [&str; 7] = [
    "Borough",
    "Status",
    "Late",
    "Latest version",
    "Refused uploads",
    "Contacts",
    "Emails",
];

pub const COVERAGE_HEADERS: [&str; 11] = [
    "Quarter",
    "Area",
    "Population",
    "Role",
    "WTE",
    "Headcount",
    "Vacancies (WTE)",
    "WTE per 10,000",
    "Target per 10,000",
    "WTE gap to target",
    "Note",
];

/// Headings, and columns wide enough to read them.
fn headers(sheet: &mut Worksheet, titles: &[&str]) -> Result<(), XlsxError> {
    header_row(sheet, titles)?;
    for column in 0..titles.len() as u16 {
        sheet.set_column_width(column, 18)?;
    }
    Ok(())
}

/// The people to chase for a borough: its active submitters and lead.
fn contacts<'a>(users: &'a [UserSummary], borough: &str) -> Vec<&'a UserSummary> {
    users
        .iter()
        .filter(|user| user.active)
        .filter(|user| {
            user.grants.iter().any(|grant| {
                matches!(grant.role, Role::BoroughLead | Role::Submitter)
                    && grant.scope == Scope::Borough(borough.to_owned())
            })
        })
        .collect()
}

/// Boroughs without a signed-off return, with whom to chase.
pub fn chase_workbook(
    dashboard: &PeriodDashboard,
    users: &[UserSummary],
) -> Result<(Workbook, usize), XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Chase list")?;
    title_row(
        sheet,
        &format!(
            "Returns to chase for {} (due {}): boroughs without a signed-off return",
            dashboard.period.code(),
            crate::format::date(dashboard.period.due_on)
        ),
    )?;
    headers(sheet, &CHASE_HEADERS)?;
    let to_chase: Vec<&BoroughReturn> = dashboard
        .boroughs
        .iter()
        .filter(|line| line.state != ReturnState::SignedOff)
        .collect();
    for (row, line) in (HEADER_ROW + 1..).zip(&to_chase) {
        let people = contacts(users, &line.borough_code);
        sheet.write(row, 0, free_text(&line.borough_name))?;
        sheet.write(row, 1, line.state.label())?;
        sheet.write(row, 2, if line.late { "Late" } else { "" })?;
        if let Some(version) = line.latest_version {
            sheet.write(row, 3, version as f64)?;
        }
        sheet.write(row, 4, line.failed_attempts as f64)?;
        sheet.write(
            row,
            5,
            free_text(
                &people
                    .iter()
                    .map(|user| user.name.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        )?;
        sheet.write(
            row,
            6,
            free_text(
                &people
                    .iter()
                    .map(|user| user.email.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        )?;
    }
    Ok((workbook, to_chase.len()))
}

pub async fn chase_list(
    user: CurrentUser,
    State(state): State<AppState>,
    PathId(id): PathId,
) -> Result<Response, AppError> {
    let today = chrono::Utc::now().date_naive();
    let dashboard = super::views::period_page(&state.db, &user, id, today).await?;
    authorize(
        &user,
        Permission::ManageReturns,
        Scope::Icb(dashboard.period.icb_code.clone()),
    )?;
    let users = crate::admin::db::list_users(&mut state.db.conn().await?).await?;
    let (workbook, rows) = chase_workbook(&dashboard, &users)?;
    crate::audit::Entry::export(user.id, "return_chase_list", rows)
        .record_alone(&state.db, chrono::Utc::now())
        .await?;
    workbook_response(
        workbook,
        &format!(
            "linkway-chase-list-{}-q{}.xlsx",
            dashboard.period.financial_year, dashboard.period.quarter
        ),
    )
    .await
}

/// `value` rounded to `places` decimals for a number cell; a value that rounds to zero is
/// 0, never -0.
fn rounded(value: f64, places: i32) -> f64 {
    let factor = 10f64.powi(places);
    // Adding 0.0 turns -0.0 into 0.0 and leaves every other value as it is.
    (value * factor).round() / factor + 0.0
}

pub fn coverage_workbook(coverage: &Coverage) -> Result<(Workbook, usize), XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Coverage")?;
    title_row(
        sheet,
        "Workforce coverage: WTE per 10,000 GP registered population, against 1 WTE SPLW per 10,000",
    )?;
    headers(sheet, &COVERAGE_HEADERS)?;
    let mut row = HEADER_ROW + 1;
    for quarter in &coverage.quarters {
        for line in quarter.areas() {
            let roles: Vec<Option<&super::model::RoleCoverage>> = if line.roles.is_empty() {
                vec![None]
            } else {
                line.roles.iter().map(Some).collect()
            };
            for role in roles {
                sheet.write(row, 0, quarter.period.code())?;
                sheet.write(row, 1, free_text(&line.name))?;
                match line.population {
                    Some(population) => sheet.write(row, 2, population as f64)?,
                    None => sheet.write(row, 2, "Population not recorded")?,
                };
                match role {
                    None => {
                        sheet.write(row, 3, "No signed-off return")?;
                    }
                    Some(role) => {
                        sheet.write(row, 3, role.role.short())?;
                        sheet.write(row, 4, rounded(role.wte, 2))?;
                        if let Some(headcount) = role.headcount {
                            sheet.write(row, 5, headcount as f64)?;
                        }
                        sheet.write(row, 6, rounded(role.vacancies, 2))?;
                        if let Some(per_10k) = role.per_10k {
                            sheet.write(row, 7, rounded(per_10k, 3))?;
                        }
                        if let Some(target) = role.target_per_10k {
                            sheet.write(row, 8, target)?;
                        }
                        if let Some(gap) = role.gap_wte {
                            sheet.write(row, 9, rounded(gap, 1))?;
                        }
                    }
                }
                if let Some(note) = &line.note {
                    sheet.write(row, 10, free_text(note))?;
                }
                row += 1;
            }
        }
    }
    need_weighted_sheet(&mut workbook, coverage)?;
    let notes = workbook.add_worksheet().set_name("Notes")?;
    title_row(notes, "Notes on the figures")?;
    let mut note_row = HEADER_ROW + 1;
    for quarter in &coverage.quarters {
        for note in &quarter.notes {
            notes.write(note_row, 0, quarter.period.code())?;
            notes.write(note_row, 1, free_text(note))?;
            note_row += 1;
        }
    }
    Ok((workbook, (row - HEADER_ROW - 1) as usize))
}

/// The headings of the coverage workbook's "Need-weighted" sheet.
pub const NEED_WEIGHTED_HEADERS: [&str; 8] = [
    "Quarter",
    "Borough",
    "IMD average score",
    "Weight",
    "Flat target per 10,000",
    "Need-weighted target per 10,000",
    "SPLW WTE per 10,000",
    "WTE gap to need-weighted target",
];

/// Each quarter's boroughs against the SPLW target weighted by need, with the method, for
/// an ICB or a borough (the page's table, every quarter); nothing across London, where the
/// page shows none, or without a flat target or any score to weight it by.
fn need_weighted_sheet(workbook: &mut Workbook, coverage: &Coverage) -> Result<(), XlsxError> {
    use super::model::{need_weighted, need_weighted_method, target_for, WorkforceRole};
    let flat = target_for(&coverage.targets, WorkforceRole::Splw);
    let regional = coverage.area.level() == Some(crate::boroughs::area::AreaLevel::Region);
    let Some(flat) = flat.filter(|_| !regional && !coverage.deprivation.is_empty()) else {
        return Ok(());
    };
    let sheet = workbook.add_worksheet().set_name("Need-weighted")?;
    title_row(sheet, &need_weighted_method(flat, &coverage.deprivation))?;
    headers(sheet, &NEED_WEIGHTED_HEADERS)?;
    let mut row = HEADER_ROW + 1;
    for quarter in &coverage.quarters {
        for line in need_weighted(quarter, &coverage.deprivation, flat) {
            sheet.write(row, 0, quarter.period.code())?;
            sheet.write(row, 1, free_text(&line.name))?;
            match line.score {
                Some(score) => sheet.write(row, 2, score)?,
                None => sheet.write(row, 2, "Deprivation not recorded")?,
            };
            match line.weight {
                Some(weight) => sheet.write(row, 3, rounded(weight, 3))?,
                None if line.score.is_some() => sheet.write(row, 3, "Population not recorded")?,
                None => sheet.write(row, 3, "")?,
            };
            sheet.write(row, 4, flat)?;
            if let Some(target) = line.target {
                sheet.write(row, 5, rounded(target, 3))?;
            }
            match line.per_10k {
                Some(rate) => sheet.write(row, 6, rounded(rate, 3))?,
                None => sheet.write(row, 6, "No signed-off return")?,
            };
            if let Some(gap) = line.gap_wte {
                sheet.write(row, 7, rounded(gap, 1))?;
            }
            row += 1;
        }
    }
    Ok(())
}

pub async fn coverage(
    user: CurrentUser,
    State(state): State<AppState>,
    query: Result<Query<AreaQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    authorize(&user, Permission::SignedInWithRole, Scope::Region)?;
    let query = crate::plumbing::query::parsed(query)?;
    let coverage = super::views::coverage_view(&state.db, &user, &query.area).await?;
    let (workbook, rows) = coverage_workbook(&coverage)?;
    crate::audit::Entry::export(user.id, "workforce_coverage", rows)
        .record_alone(&state.db, chrono::Utc::now())
        .await?;
    let name = match coverage.area.chosen.as_str() {
        "" => "linkway-workforce-coverage.xlsx".to_owned(),
        area => format!("linkway-workforce-coverage-{area}.xlsx"),
    };
    workbook_response(workbook, &name).await
}

fn count_cell(sheet: &mut Worksheet, row: u32, column: u16, count: Count) -> Result<(), XlsxError> {
    match count {
        Count::Shown(value) => sheet.write(row, column, value as f64)?,
        Count::Suppressed { .. } | Count::Withheld | Count::NoReturn => {
            sheet.write(row, column, count.text())?
        }
    };
    Ok(())
}

/// The line under each sheet's title saying whether small numbers are suppressed.
pub fn suppression_note(rollup: &UnmetNeedRollup) -> String {
    if rollup.suppressed {
        format!(
            "Counts from 1 to {} are suppressed and shown as <{}; * marks a count withheld so that a suppressed one cannot be worked out from its row's total.",
            rollup.threshold - 1,
            rollup.threshold
        )
    } else {
        "NOT FOR PUBLICATION: contains small numbers (ICB team only).".to_owned()
    }
}

/// One sheet of counts: a row per theme (or reason), a column per borough or quarter.
struct CountSheet<'a> {
    name: &'static str,
    title: String,
    first: &'static str,
    lines: &'a [ThemeRow],
    columns: Vec<&'a str>,
}

pub fn unmet_workbook(rollup: &UnmetNeedRollup) -> Result<(Workbook, usize), XlsxError> {
    let mut workbook = Workbook::new();
    let note = suppression_note(rollup);
    let quarter = rollup
        .quarter
        .as_ref()
        .map(|p| p.code())
        .unwrap_or_else(|| "no quarter".into());
    let total_title = rollup.total_heading();
    let mut borough_titles: Vec<&str> = rollup
        .boroughs
        .iter()
        .map(|(_, name)| name.as_str())
        .collect();
    borough_titles.push(&total_title);
    let mut rows = 0;
    let quarter_titles: Vec<String> = (0..rollup.quarters.len())
        .map(|index| rollup.quarter_heading(index))
        .collect();
    let tables = [
        CountSheet {
            name: "By borough",
            title: format!("Unmet need by theme and borough, {quarter}"),
            first: "Need theme",
            lines: &rollup.by_borough,
            columns: borough_titles.clone(),
        },
        CountSheet {
            name: "Why unmet",
            title: format!("Why needs were unmet, by borough, {quarter}"),
            first: "Why unmet",
            lines: &rollup.why_unmet,
            columns: borough_titles,
        },
        CountSheet {
            name: "Trend",
            title: "Unmet need by theme and quarter, ICB total".to_owned(),
            first: "Need theme",
            lines: &rollup.trend,
            columns: quarter_titles.iter().map(String::as_str).collect(),
        },
    ];
    for table in tables {
        let sheet = workbook.add_worksheet().set_name(table.name)?;
        title_row(sheet, &format!("{}. {note}", table.title))?;
        let mut titles = vec![table.first];
        titles.extend(table.columns);
        headers(sheet, &titles)?;
        for (row, line) in (HEADER_ROW + 1..).zip(table.lines) {
            sheet.write(row, 0, free_text(&line.label))?;
            for (column, count) in (1u16..).zip(&line.counts) {
                count_cell(sheet, row, column, *count)?;
            }
            rows += 1;
        }
    }
    let sheet = workbook.add_worksheet().set_name("Top needs")?;
    title_row(
        sheet,
        &format!("Top unmet needs, ICB total, {quarter}. {note}"),
    )?;
    headers(sheet, &["Need theme", "People"])?;
    for (row, (theme, count)) in (HEADER_ROW + 1..).zip(&rollup.top) {
        sheet.write(row, 0, free_text(theme))?;
        count_cell(sheet, row, 1, *count)?;
    }
    Ok((workbook, rows))
}

#[derive(Deserialize)]
pub struct UnmetQuery {
    /// `icb`: every count, for the ICB team's own working copy; anything else (or nothing)
    /// is suppressed for publication.
    #[serde(default, rename = "for")]
    purpose: Option<String>,
    #[serde(default)]
    quarter: Option<String>,
    /// `london`, an ICB code or a borough code (none: the viewer's own).
    #[serde(default)]
    area: Option<String>,
}

pub async fn unmet_need(
    user: CurrentUser,
    State(state): State<AppState>,
    query: Result<Query<UnmetQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    authorize(&user, Permission::SignedInWithRole, Scope::Region)?;
    let query = crate::plumbing::query::parsed(query)?;
    let working_copy = query.purpose.as_deref() == Some("icb");
    let quarter = query.quarter.and_then(|q| q.trim().parse::<i64>().ok());
    let area = query.area.unwrap_or_default();
    let rollup = super::views::unmet_view(&state.db, &user, &area, quarter, working_copy).await?;
    let suppress = rollup.suppressed;
    let (workbook, rows) = unmet_workbook(&rollup)?;
    let what = if suppress {
        "unmet_need_published"
    } else {
        "unmet_need_unsuppressed"
    };
    crate::audit::Entry::export(user.id, what, rows)
        .record_alone(&state.db, chrono::Utc::now())
        .await?;
    workbook_response(
        workbook,
        if suppress {
            "linkway-unmet-need.xlsx"
        } else {
            "linkway-unmet-need-not-for-publication.xlsx"
        },
    )
    .await
}
