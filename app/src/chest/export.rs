//! `/chest/funds/{id}/ledger.xlsx` (a fund's pot by contributor, every contribution, and
//! who is appointed to run it),
//! `/chest/rounds/{id}/applications.xlsx` (a round's applications) and
//! `/chest/rounds/{id}/decision-pack.xlsx` (the decision pack and the round's meetings) and
//! `/chest/rounds/{id}/voters.xlsx` (a community vote's voters, with their ballot addresses,
//! and its tally), for those who run the fund: never an applicant's contact.

use super::decisions::{DecisionPack, Outcome};
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
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

pub const LEDGER_HEADERS: [&str; 8] = [
    "Contributor",
    "Org-id",
    "Pledged (£)",
    "Received (£)",
    "Allocated to rounds (£)",
    "Awarded (£)",
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

pub const MANAGER_HEADERS: [&str; 4] = ["Name", "Organisation", "Appointed on", "Appointed by"];

/// An amount held in pence, written as pounds to two places.
fn pounds_cell(sheet: &mut Worksheet, row: u32, column: u16, pence: i64) -> Result<(), XlsxError> {
    sheet.write_with_format(
        row,
        column,
        pence as f64 / 100.0,
        &Format::new().set_num_format("#,##0.00"),
    )?;
    Ok(())
}

pub fn ledger_workbook(view: &FundView) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
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
        pounds_cell(sheet, row, 2, line.pledged_pence)?;
        pounds_cell(sheet, row, 3, line.received_pence)?;
        pounds_cell(sheet, row, 4, line.allocated_pence)?;
        pounds_cell(sheet, row, 5, line.awarded_pence)?;
        pounds_cell(sheet, row, 6, line.balance_pence())?;
        sheet.write(row, 7, free_text(&line.restrictions.join("; ")))?;
    }
    for (column, width) in (0u16..).zip([36.0, 18.0, 14.0, 14.0, 14.0, 14.0, 14.0, 40.0]) {
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
        pounds_cell(sheet, row, 2, c.amount_pence)?;
        date_cell(sheet, row, 3, Some(c.pledged_on))?;
        date_cell(sheet, row, 4, c.received_on)?;
        sheet.write(row, 5, crate::format::financial_year(c.financial_year))?;
        sheet.write(row, 6, free_text(&c.restrictions))?;
        date_cell(sheet, row, 7, Some(c.recorded_at.date_naive()))?;
    }
    for (column, width) in (0u16..).zip([36.0, 18.0, 14.0, 12.0, 12.0, 12.0, 40.0, 12.0]) {
        sheet.set_column_width(column, width)?;
    }
    let sheet = workbook.add_worksheet().set_name("Fund managers")?;
    title_row(
        sheet,
        &format!("{}: those appointed to run it", view.fund.name),
    )?;
    header_row(sheet, &MANAGER_HEADERS)?;
    for (row, m) in (HEADER_ROW + 1..).zip(&view.managers) {
        sheet.write(row, 0, free_text(&m.name))?;
        sheet.write(row, 1, free_text(&m.organisation))?;
        date_cell(sheet, row, 2, m.appointed_at.map(|at| at.date_naive()))?;
        sheet.write(
            row,
            3,
            free_text(m.appointed_by.as_deref().unwrap_or_default()),
        )?;
    }
    for (column, width) in (0u16..).zip([30.0, 30.0, 14.0, 30.0]) {
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
        pounds_cell(sheet, row, 4, a.amount_pence)?;
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

pub const PACK_HEADERS: [&str; 18] = [
    "Rank",
    "Reference",
    "Group",
    "Project",
    "Borough",
    "Wards",
    "Score (0 to 5)",
    "Asked (£)",
    "Running total (£)",
    "Beyond the budget",
    "Flags",
    "Recommend yes",
    "Maybe",
    "Recommend no",
    "Priorities met",
    "Declarations",
    "Decision",
    "Awarded (£)",
];

pub const MEETING_HEADERS: [&str; 4] = ["Held on", "Members present", "Quorate", "Notes"];

/// The decision pack as its page shows it, ranked, then the round's meetings.
pub fn decision_pack_workbook(pack: &DecisionPack) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let score = Format::new().set_num_format("0.00");
    let illustrative = if pack.illustrative {
        " (illustrative figures for the demo)"
    } else {
        ""
    };
    let sheet = workbook.add_worksheet().set_name("Decision pack")?;
    title_row(
        sheet,
        &format!(
            "{}: decision pack for {} ({}), budget {}, awarded {}{illustrative}",
            pack.fund_name,
            pack.round.title,
            pack.round.code,
            crate::format::money(pack.budget_pence),
            crate::format::money(pack.awarded_pence)
        ),
    )?;
    let mut headers = PACK_HEADERS;
    if pack.round.method == super::rounds::RoundMethod::Vote {
        headers[6] = "Votes";
    }
    header_row(sheet, &headers)?;
    for (row, line) in (HEADER_ROW + 1..).zip(&pack.lines) {
        let a = &line.application;
        sheet.write(row, 0, u32::try_from(line.rank).unwrap_or(u32::MAX))?;
        sheet.write(row, 1, &a.reference)?;
        sheet.write(row, 2, free_text(&a.org_name))?;
        sheet.write(row, 3, free_text(&a.project_title))?;
        sheet.write(row, 4, &a.borough_name)?;
        sheet.write(row, 5, free_text(&line.wards))?;
        if let Some(votes) = line.votes {
            sheet.write(row, 6, votes)?;
        } else if let Some(value) = line.summary.as_ref().and_then(|s| s.score) {
            sheet.write_with_format(row, 6, value, &score)?;
        }
        pounds_cell(sheet, row, 7, a.amount_pence)?;
        pounds_cell(sheet, row, 8, line.running_total_pence)?;
        sheet.write(row, 9, if line.beyond_budget { "Yes" } else { "No" })?;
        sheet.write(row, 10, free_text(&line.flags(&pack.criteria).join("; ")))?;
        for (column, count) in (11u16..).zip(line.recommendations) {
            sheet.write(row, column, u32::try_from(count).unwrap_or(u32::MAX))?;
        }
        sheet.write(row, 14, free_text(&line.priorities.join("; ")))?;
        sheet.write(row, 15, free_text(&line.declarations_text()))?;
        sheet.write(row, 16, line.decision_text())?;
        if let Some(d) = line
            .decision
            .as_ref()
            .filter(|d| d.outcome == Outcome::Award)
        {
            pounds_cell(sheet, row, 17, d.amount_pence)?;
        }
    }
    for (column, width) in (0u16..).zip([
        6.0, 18.0, 30.0, 30.0, 14.0, 24.0, 10.0, 12.0, 14.0, 10.0, 40.0, 10.0, 8.0, 10.0, 30.0,
        40.0, 16.0, 12.0,
    ]) {
        sheet.set_column_width(column, width)?;
    }
    let sheet = workbook.add_worksheet().set_name("Meetings")?;
    title_row(
        sheet,
        &format!("{}: the panel's meetings", pack.round.title),
    )?;
    header_row(sheet, &MEETING_HEADERS)?;
    for (row, m) in (HEADER_ROW + 1..).zip(&pack.meetings) {
        date_cell(sheet, row, 0, Some(m.held_on))?;
        sheet.write(row, 1, free_text(&m.present.join(", ")))?;
        sheet.write(row, 2, if m.quorate { "Yes" } else { "No" })?;
        sheet.write(row, 3, free_text(&m.notes))?;
    }
    for (column, width) in (0u16..).zip([12.0, 40.0, 10.0, 50.0]) {
        sheet.set_column_width(column, width)?;
    }
    Ok(workbook)
}

pub async fn decision_pack(
    user: CurrentUser,
    State(state): State<AppState>,
    PathId(id): PathId,
) -> Result<Response, AppError> {
    authorize(&user, Permission::SignedInWithRole, Scope::Region)?;
    let pack =
        super::decisions::service::pack(&state.db, &user, id, chrono::Utc::now().date_naive())
            .await?;
    let workbook = decision_pack_workbook(&pack)?;
    crate::audit::Entry::export(user.id, "decision_pack", pack.lines.len())
        .record_alone(&state.db, chrono::Utc::now())
        .await?;
    workbook_response(workbook, &format!("linkway-round-{id}-decision-pack.xlsx")).await
}

pub const VOTER_HEADERS: [&str; 4] = [
    "Name",
    "Where they live, or whom they speak for",
    "Ballot address (after Linkway's own)",
    "Voted on",
];

pub const TALLY_HEADERS: [&str; 5] = ["Reference", "Group", "Project", "Asked (£)", "Votes"];

/// A community vote's voters, with the ballot addresses to hand on, then its tally.
pub fn voters_workbook(view: &super::votes::VotersView) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Voters")?;
    title_row(
        sheet,
        &format!(
            "{}: voters in {} ({})",
            view.fund_name, view.round.title, view.round.code
        ),
    )?;
    header_row(sheet, &VOTER_HEADERS)?;
    for (row, voter) in (HEADER_ROW + 1..).zip(&view.voters) {
        sheet.write(row, 0, free_text(&voter.name))?;
        sheet.write(row, 1, free_text(&voter.area))?;
        sheet.write(row, 2, &voter.ballot)?;
        date_cell(sheet, row, 3, voter.voted_at.map(|at| at.date_naive()))?;
    }
    for (column, width) in (0u16..).zip([30.0, 30.0, 60.0, 12.0]) {
        sheet.set_column_width(column, width)?;
    }
    let sheet = workbook.add_worksheet().set_name("Tally")?;
    title_row(
        sheet,
        &format!("{}: the tally, most votes first", view.round.title),
    )?;
    header_row(sheet, &TALLY_HEADERS)?;
    for (row, project) in (HEADER_ROW + 1..).zip(&view.tally) {
        sheet.write(row, 0, &project.reference)?;
        sheet.write(row, 1, free_text(&project.org_name))?;
        sheet.write(row, 2, free_text(&project.project_title))?;
        pounds_cell(sheet, row, 3, project.amount_pence)?;
        sheet.write(row, 4, project.votes)?;
    }
    for (column, width) in (0u16..).zip([18.0, 30.0, 30.0, 12.0, 8.0]) {
        sheet.set_column_width(column, width)?;
    }
    Ok(workbook)
}

pub async fn voters(
    user: CurrentUser,
    State(state): State<AppState>,
    PathId(id): PathId,
) -> Result<Response, AppError> {
    authorize(&user, Permission::SignedInWithRole, Scope::Region)?;
    let view =
        super::votes::service::voters_view(&state.db, &user, id, chrono::Utc::now().date_naive())
            .await?;
    let workbook = voters_workbook(&view)?;
    crate::audit::Entry::export(user.id, "round_voters", view.voters.len())
        .record_alone(&state.db, chrono::Utc::now())
        .await?;
    workbook_response(workbook, &format!("linkway-round-{id}-voters.xlsx")).await
}
