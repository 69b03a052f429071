//! PCNs from a spreadsheet: an administrator uploads a workbook whose first sheet lists
//! PCNs (ODS code, name, borough by name or ONS code) under a heading row. Every cell is
//! checked; if anything is wrong nothing is added and every problem is listed with its
//! cell. PCNs already recorded the same way are counted, not added twice. Each import is
//! recorded with its outcome, and audited.

use super::{clean_pcn_name, db, AreaBorough, Pcn, PcnImport, MAX_PCN_NAME_CHARS};
use crate::audit::{Entry, FieldChange};
use crate::auth::{CurrentUser, Permission, Scope};
use crate::error::AppError;
use crate::plumbing::sheet_list::{first_sheet, read_list, ListKind};
use crate::plumbing::upload::Upload;
use crate::plumbing::Db;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// The largest PCN list accepted.
pub const MAX_IMPORT_BYTES: usize = 2 * 1024 * 1024;
/// Rows a PCN list may have under its headings (London has about 200 PCNs).
pub const MAX_ROWS: usize = 2_000;
/// The headings the first row holds.
pub const HEADINGS: [&str; 3] = ["ODS code", "Name", "Borough"];

/// A PCN list: three columns under one heading row.
const PCN_LIST: ListKind = ListKind {
    the: "the list of PCNs",
    holds: "a list of PCNs",
    items: "PCNs",
    max_rows: MAX_ROWS,
    heading_rows: 1,
    columns: 3,
    cell_chars: MAX_PCN_NAME_CHARS,
    max_bytes: MAX_IMPORT_BYTES,
};

/// A value from the file as a problem repeats it: short, on one line.
fn shown(text: &str) -> String {
    crate::format::shortened(&clean_pcn_name(text), 50).into_owned()
}

/// The PCNs a workbook lists, checked against the region's `boroughs`: every row's PCN,
/// or every problem found (as "B7: …"). Only the first sheet's first three columns and
/// [`MAX_ROWS`] rows are read, cell by cell, whatever the file declares.
pub fn read_pcns(bytes: &[u8], boroughs: &[AreaBorough]) -> Result<Vec<Pcn>, Vec<String>> {
    let grid = first_sheet(bytes, &PCN_LIST)?;
    let cell = |row: u32, column: u32| grid.cell(row, column);
    let end_row = grid.last_row();
    let headings: Vec<String> = (0..3).map(|column| cell(0, column)).collect();
    if !headings
        .iter()
        .zip(HEADINGS)
        .all(|(found, wanted)| found.eq_ignore_ascii_case(wanted))
    {
        return Err(vec![format!(
            "A1:C1: the first row must be the headings {}; found {}.",
            HEADINGS.join(", "),
            headings
                .iter()
                .map(|h| shown(h))
                .collect::<Vec<_>>()
                .join(", ")
        )]);
    }
    let by_name: HashMap<String, &AreaBorough> = boroughs
        .iter()
        .flat_map(|b| {
            [
                Some(b.name.to_lowercase()),
                Some(b.code.clone()),
                b.ons_code.as_ref().map(|c| c.to_lowercase()),
            ]
            .into_iter()
            .flatten()
            .map(move |key| (key, b))
        })
        .collect();
    let mut problems = Vec::new();
    let mut pcns: Vec<Pcn> = Vec::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    for row in 1..=end_row {
        let [code, name, borough] = [0, 1, 2].map(|column| cell(row, column));
        if code.is_empty() && name.is_empty() && borough.is_empty() {
            continue;
        }
        let line = row + 1;
        let mut checks = crate::forms::Checks::default();
        let code = super::service::pcn_code(&mut checks, &code);
        if let Some(AppError::Validation(errors)) = checks.finish(|| Some(())).err() {
            for (_, messages) in errors {
                problems.extend(messages.into_iter().map(|m| format!("A{line}: {m}")));
            }
        } else if let Some(first) = seen.insert(code.clone(), line) {
            problems.push(format!("A{line}: {code} is listed already, on row {first}"));
        }
        let name = clean_pcn_name(&name);
        if name.is_empty() {
            problems.push(format!("B{line}: Enter the PCN's name"));
        } else if name.chars().count() > MAX_PCN_NAME_CHARS {
            problems.push(format!(
                "B{line}: The name must be {MAX_PCN_NAME_CHARS} characters or fewer"
            ));
        }
        let found = by_name.get(&borough.to_lowercase()).copied();
        match found {
            None => problems.push(format!(
                "C{line}: {} is not a London borough: enter its name (like Camden) or ONS code (like E09000007)",
                if borough.is_empty() { "(empty)".to_owned() } else { shown(&borough) }
            )),
            Some(found) => {
                if !name.is_empty() {
                    if let Some(twin) = super::service::same_name(&pcns, &found.code, &name) {
                        problems.push(format!(
                            "B{line}: {} has two PCNs called {} ({} and {code}); a return tells them apart by name",
                            found.name, twin.name, twin.code
                        ));
                    }
                }
                pcns.push(Pcn {
                    code,
                    name,
                    borough_code: found.code.clone(),
                });
            }
        }
    }
    if pcns.is_empty() && problems.is_empty() {
        problems.push("The list has no PCNs under its headings.".to_owned());
    }
    if problems.is_empty() {
        Ok(pcns)
    } else {
        Err(problems)
    }
}

/// Imports `upload` for `user` (an administrator); answers the recorded import's id.
pub async fn import_pcns(
    db: &Db,
    slots: &crate::plumbing::limits::Turns,
    user: &CurrentUser,
    upload: Upload,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    if !user.can(Permission::EditReferenceData, &Scope::Region) {
        return Err(AppError::Forbidden);
    }
    let boroughs = db::area_boroughs(&mut db.conn().await?).await?;
    let boroughs_named = boroughs.clone();
    let file_name = crate::format::first_chars(&upload.file_name, 200).to_owned();
    let read = read_list(slots, upload, &PCN_LIST, move |bytes| {
        read_pcns(bytes, &boroughs)
    })
    .await?;
    let mut tx = db.begin().await?;
    let (added, already, problems) = match read {
        Err(problems) => (0, 0, problems),
        Ok(pcns) => {
            let recorded = db::pcns(&mut tx).await?;
            let mut problems = Vec::new();
            let mut new = Vec::new();
            let mut already = 0;
            for pcn in pcns {
                match recorded.iter().find(|known| known.code == pcn.code) {
                    Some(known) if known.name == pcn.name && known.borough_code == pcn.borough_code => already += 1,
                    Some(known) => problems.push(format!(
                        "{} is recorded already as {} ({}): change it on the list to match, or leave it off",
                        known.code, known.name, known.borough_code
                    )),
                    None => match super::service::same_name(&recorded, &pcn.borough_code, &pcn.name) {
                        Some(twin) => problems.push(format!(
                            "{} ({}) has the name of {} ({}), recorded already for the same borough; a return tells PCNs apart by name",
                            pcn.name, pcn.code, twin.name, twin.code
                        )),
                        None => new.push(pcn),
                    },
                }
            }
            if problems.is_empty() {
                let names: HashMap<&str, &str> = boroughs_named
                    .iter()
                    .map(|b| (b.code.as_str(), b.name.as_str()))
                    .collect();
                for pcn in &new {
                    let id = db::insert_pcn(&mut tx, pcn, now).await?;
                    let borough = names
                        .get(pcn.borough_code.as_str())
                        .copied()
                        .unwrap_or_default();
                    super::service::audit_added(&mut tx, user, (id, pcn, borough), now).await?;
                }
                (new.len(), already, problems)
            } else {
                (0, 0, problems)
            }
        }
    };
    let id = db::insert_import(
        &mut tx,
        &PcnImport {
            id: 0,
            file_name: file_name.clone(),
            added: added as i64,
            already: already as i64,
            problems: problems.clone(),
            created_at: now,
        },
        user.id,
    )
    .await?;
    let entity_id = id.to_string();
    Entry::new(user.id, "import_pcns", ("pcn_import", entity_id.as_str()))
        .change("file", FieldChange::created(&file_name))
        .change("added", FieldChange::created(added))
        .change("problems", FieldChange::created(problems.len()))
        .record(&mut tx, now)
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// `POST /admin/areas/pcns`: takes the uploaded list and sends the browser back to the
/// areas page, which shows what the import did.
pub async fn upload(
    user: CurrentUser,
    axum::extract::State(state): axum::extract::State<crate::plumbing::AppState>,
    mut multipart: axum::extract::Multipart,
) -> Result<axum::response::Response, AppError> {
    use axum::response::{IntoResponse, Redirect};
    crate::auth::guard::authorize(&user, Permission::EditReferenceData, Scope::Region)?;
    let upload = match crate::plumbing::upload::read_file(
        &mut multipart,
        MAX_IMPORT_BYTES,
        "Choose the list of PCNs to upload",
    )
    .await
    {
        Ok(upload) => upload,
        Err(AppError::Validation(_)) => {
            return Ok(Redirect::to("/admin/areas?missing_file=1#import-pcns").into_response())
        }
        Err(error) => return Err(error),
    };
    let id = import_pcns(&state.db, &state.workbook_checks, &user, upload, Utc::now()).await?;
    Ok(Redirect::to(&format!("/admin/areas?import={id}#import-pcns")).into_response())
}
