//! `/chest/funds/{id}/ledger.xlsx` (a fund's pot by contributor, then every contribution)
//! and `/chest/rounds/{id}/applications.xlsx` (a round's applications, for those who run
//! the fund: never a contact).

use super::model::FundView;
use super::rounds::RoundView;
use crate::auth::guard::authorize;
use crate::auth::{CurrentUser, Permission, Scope};
use crate::error::AppError;
use crate::plumbing::query::PathId;
use crate::plumbing::xlsx::{
    date_cell, free_text, header_row, title_row, workbook_response, HEADER_ROW,
};
use crate::plumbing::AppState;
use axum::extract::State;
use axum::response::Response;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

pub const LEDGER_HEADERS: [&str; 7] = [
    "Contributor",
    "Org-id",
    "Pledged (£)",
    "Received (£)",
    "Allocated to rounds (£)",
    "Left to allocate (£)",
    "Restrictions",
];

pub const CONTRIBUTION_HEADERS: [&str; 8] = [
    "Contributor",
    "Org-id",
    "Amount (£)",
    "Pledged on",
    "Received on",
    "Financial year",
    "Restrictions",
    "Recorded",
];

fn pounds(pence: i64) -> f64 {
    pence as f64 / 100.0
}

pub fn ledger_workbook(view: &FundView) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let money = Format::new().set_num_format("#,##0.00");
    let illustrative = if view.fund.illustrative {
        " (illustrative figures for the demo)"
    } else {
        ""
    };
    let sheet = workbook.add_worksheet().set_name("Ledger")?;
    title_row(
        sheet,
        &format!("{}: the pot by contributor{illustrative}", view.fund.name),
    )?;
    header_row(sheet, &LEDGER_HEADERS)?;
    for (row, line) in (HEADER_ROW + 1..).zip(view.ledger.iter().chain([&view.total])) {
        sheet.write(row, 0, free_text(&line.contributor_name))?;
        sheet.write(row, 1, &line.contributor_org_id)?;
        sheet.write_with_format(row, 2, pounds(line.pledged_pence), &money)?;
        sheet.write_with_format(row, 3, pounds(line.received_pence), &money)?;
        sheet.write_with_format(row, 4, pounds(line.allocated_pence), &money)?;
        sheet.write_with_format(row, 5, pounds(line.balance_pence()), &money)?;
        sheet.write(row, 6, free_text(&line.restrictions.join("; ")))?;
    }
    for (column, width) in (0u16..).zip([36.0, 18.0, 14.0, 14.0, 14.0, 14.0, 40.0]) {
        sheet.set_column_width(column, width)?;
    }
    let sheet = workbook.add_worksheet().set_name("Contributions")?;
    title_row(
        sheet,
        &format!("{}: every contribution{illustrative}", view.fund.name),
    )?;
    header_row(sheet, &CONTRIBUTION_HEADERS)?;
    for (row, c) in (HEADER_ROW + 1..).zip(&view.contributions) {
        sheet.write(row, 0, free_text(&c.contributor_name))?;
        sheet.write(row, 1, &c.contributor_org_id)?;
        sheet.write_with_format(row, 2, pounds(c.amount_pence), &money)?;
        date_cell(sheet, row, 3, Some(c.pledged_on))?;
        date_cell(sheet, row, 4, c.received_on)?;
        sheet.write(row, 5, crate::format::financial_year(c.financial_year))?;
        sheet.write(row, 6, free_text(&c.restrictions))?;
        date_cell(sheet, row, 7, Some(c.recorded_at.date_naive()))?;
    }
    for (column, width) in (0u16..).zip([36.0, 18.0, 14.0, 12.0, 12.0, 12.0, 40.0, 12.0]) {
        sheet.set_column_width(column, width)?;
    }
    Ok(workbook)
}

pub async fn ledger(
    user: CurrentUser,
    State(state): State<AppState>,
    PathId(id): PathId,
) -> Result<Response, AppError> {
    authorize(&user, Permission::SignedInWithRole, Scope::Region)?;
    let view =
        super::service::fund_view(&state.db, &user, id, chrono::Utc::now().date_naive()).await?;
    let workbook = ledger_workbook(&view)?;
    crate::audit::Entry::export(user.id, "fund_ledger", view.contributions.len())
        .record_alone(&state.db, chrono::Utc::now())
        .await?;
    workbook_response(workbook, &format!("linkway-fund-{id}-ledger.xlsx")).await
}

pub const APPLICATION_HEADERS: [&str; 7] = [
    "Reference",
    "Group",
    "Project",
    "Borough",
    "Asked (£)",
    "Where it stands",
    "Eligibility questions answered no",
];

/// A round's applications, oldest first: what its list shows, and never a contact.
pub fn applications_workbook(view: &RoundView) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let money = Format::new().set_num_format("#,##0.00");
    let sheet = workbook.add_worksheet().set_name("Applications")?;
    title_row(
        sheet,
        &format!(
            "{}: applications to {} ({})",
            view.fund.name, view.round.title, view.round.code
        ),
    )?;
    header_row(sheet, &APPLICATION_HEADERS)?;
    for (row, a) in (HEADER_ROW + 1..).zip(&view.applications) {
        sheet.write(row, 0, &a.reference)?;
        sheet.write(row, 1, free_text(&a.org_name))?;
        sheet.write(row, 2, free_text(&a.project_title))?;
        sheet.write(row, 3, &a.borough_name)?;
        sheet.write_with_format(row, 4, pounds(a.amount_pence), &money)?;
        sheet.write(row, 5, a.status.label())?;
        sheet.write(row, 6, a.gates_failed)?;
    }
    for (column, width) in (0u16..).zip([18.0, 36.0, 36.0, 16.0, 12.0, 30.0, 14.0]) {
        sheet.set_column_width(column, width)?;
    }
    Ok(workbook)
}

pub async fn round_applications(
    user: CurrentUser,
    State(state): State<AppState>,
    PathId(id): PathId,
) -> Result<Response, AppError> {
    authorize(&user, Permission::SignedInWithRole, Scope::Region)?;
    let view =
        super::rounds::service::round_view(&state.db, &user, id, chrono::Utc::now().date_naive())
            .await?;
    if !view.can_manage {
        return Err(AppError::Forbidden);
    }
    let workbook = applications_workbook(&view)?;
    crate::audit::Entry::export(user.id, "round_applications", view.applications.len())
        .record_alone(&state.db, chrono::Utc::now())
        .await?;
    workbook_response(workbook, &format!("linkway-round-{id}-applications.xlsx")).await
}
