//! An ICB's recommendations from a spreadsheet laid out like the tracker export: an ICB
//! lead uploads a workbook whose first sheet has the export's headings (Number, Category,
//! Recommendation, Priority, Timeline, Target window closes, Owner, Lead organisation; the
//! export's further columns may follow and are not read). Every cell is checked; if
//! anything is wrong nothing changes and every problem is listed with its cell. A number
//! the ICB's review does not have yet is added; one it has keeps its wording (a load never
//! rewrites a recorded recommendation's words) and takes the owner and lead organisation
//! given. Each load is recorded with its outcome, and audited.

use super::db;
use super::export::HEADERS;
use super::model::RecommendationImport;
use super::timeline::TargetWindow;
use super::Recommendation;
use crate::audit::{Entry, FieldChange};
use crate::auth::{CurrentUser, Person};
use crate::error::AppError;
use crate::plumbing::sheet_list::{column_letter, first_sheet, read_list, ListKind};
use crate::plumbing::upload::Upload;
use crate::plumbing::Db;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// The largest workbook accepted.
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;
/// Recommendations a load may hold.
pub const MAX_RECOMMENDATIONS: usize = 200;
/// The headings read, in the export's order: the recommendation and its plan.
pub const READ_HEADINGS: usize = 8;
/// The longest recommendation, category and lead organisation accepted.
pub const MAX_RECOMMENDATION_CHARS: usize = 2_000;
pub const MAX_SHORT_CHARS: usize = 200;
/// The rows above the headings a sheet may have (the export has its title).
const ROWS_BEFORE_HEADINGS: u32 = 5;
/// The priorities the reviews use.
pub const PRIORITIES: [&str; 3] = ["High", "Medium", "Low"];

const RECOMMENDATION_LIST: ListKind = ListKind {
    the: "the recommendations",
    holds: "an ICB's recommendations",
    items: "recommendations",
    max_rows: MAX_RECOMMENDATIONS,
    heading_rows: ROWS_BEFORE_HEADINGS + 1,
    columns: READ_HEADINGS as u32,
    cell_chars: MAX_RECOMMENDATION_CHARS,
    max_bytes: MAX_IMPORT_BYTES,
};

/// One row of the sheet, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loaded {
    /// The row as the spreadsheet numbers it (from 1).
    pub line: u32,
    pub recommendation: Recommendation,
    /// `None`: the owner cell was empty.
    pub owner: Option<Person>,
    pub lead_organisation: String,
}

/// A value from the file as a problem repeats it: short, on one line.
fn shown(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.is_empty() {
        true => "(empty)".to_owned(),
        false => crate::format::shortened(&line, 50).into_owned(),
    }
}

/// The recommendations a workbook lists, each owner one of `people` (the ICB's) or, for a
/// number `recorded` already (number, owner's name), the owner it has: every row checked,
/// or every problem found (as "C7: …").
pub fn read_recommendations(
    bytes: &[u8],
    people: &[Person],
    recorded: &[(i64, String)],
) -> Result<Vec<Loaded>, Vec<String>> {
    let grid = first_sheet(bytes, &RECOMMENDATION_LIST)?;
    let Some(heading_row) =
        (0..=ROWS_BEFORE_HEADINGS).find(|row| grid.cell(*row, 0).eq_ignore_ascii_case(HEADERS[0]))
    else {
        return Err(vec![format!(
            "The sheet has no row of headings: Linkway looks in its first {} rows for one starting {}, like the tracker's export. Download the tracker and use its layout.",
            ROWS_BEFORE_HEADINGS + 1,
            HEADERS[0]
        )]);
    };
    let line_of = |row: u32| row + 1;
    if grid.last_row() > heading_row + MAX_RECOMMENDATIONS as u32 {
        return Err(vec![format!(
            "Row {}: the list goes on past row {}; Linkway takes at most {MAX_RECOMMENDATIONS} recommendations at a time. Remove what is below them.",
            line_of(grid.last_row()),
            line_of(heading_row + MAX_RECOMMENDATIONS as u32)
        )]);
    }
    let wrong: Vec<String> = (0..READ_HEADINGS as u32)
        .filter(|column| {
            !grid
                .cell(heading_row, *column)
                .eq_ignore_ascii_case(HEADERS[*column as usize])
        })
        .map(|column| {
            format!(
                "{}{}: the heading must be {}; found {}",
                column_letter(column),
                line_of(heading_row),
                HEADERS[column as usize],
                shown(&grid.cell(heading_row, column))
            )
        })
        .collect();
    if !wrong.is_empty() {
        return Err(wrong);
    }
    let by_name: HashMap<String, Vec<&Person>> =
        people.iter().fold(HashMap::new(), |mut names, person| {
            names
                .entry(person.name.trim().to_lowercase())
                .or_default()
                .push(person);
            names
        });
    let mut problems = Vec::new();
    let mut loaded = Vec::new();
    let mut seen: HashMap<i64, u32> = HashMap::new();
    for row in heading_row + 1..=grid.last_row() {
        let cells: Vec<String> = (0..READ_HEADINGS as u32)
            .map(|column| grid.cell(row, column))
            .collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        let line = line_of(row);
        let mut problem = |column: usize, message: String| {
            problems.push(format!("{}{line}: {message}", column_letter(column as u32)));
        };
        let number = match cells[0].parse::<f64>() {
            Ok(n) if n.fract() == 0.0 && (1.0..=999.0).contains(&n) => Some(n as i64),
            _ => {
                problem(
                    0,
                    format!(
                        "{} is not a recommendation number: enter a whole number from 1 to 999",
                        shown(&cells[0])
                    ),
                );
                None
            }
        };
        if let Some(number) = number {
            if let Some(first) = seen.insert(number, line) {
                problem(
                    0,
                    format!("recommendation {number} is listed already, on row {first}"),
                );
            }
        }
        let mut text = |column: usize, what: &str, most: usize, required: bool| {
            let value = cells[column].clone();
            if required && value.is_empty() {
                problem(column, format!("Enter the {what}"));
            } else if value.chars().count() > most {
                problem(
                    column,
                    format!("The {what} must be {most} characters or fewer"),
                );
            }
            value
        };
        let category = text(1, "category", MAX_SHORT_CHARS, true);
        let wording = text(2, "recommendation", MAX_RECOMMENDATION_CHARS, true);
        let lead_organisation = text(7, "lead organisation", MAX_SHORT_CHARS, false);
        let priority = PRIORITIES
            .iter()
            .find(|p| p.eq_ignore_ascii_case(&cells[3]))
            .map(|p| (*p).to_owned());
        if priority.is_none() {
            problem(
                3,
                format!(
                    "{} is not a priority: enter {}",
                    shown(&cells[3]),
                    PRIORITIES.join(", ").replacen(", Low", " or Low", 1)
                ),
            );
        }
        if TargetWindow::parse(&cells[4]).is_none() {
            problem(
                4,
                format!(
                    "{} is not a timeline Linkway can read: write it like 3 months, 3-6 months or Ongoing",
                    shown(&cells[4])
                ),
            );
        }
        let keeps_owner = |name: &str| {
            recorded.iter().any(|(recorded, owner)| {
                Some(*recorded) == number && owner.trim().eq_ignore_ascii_case(name)
            })
        };
        let owner = match cells[6].as_str() {
            // Empty, or the owner recorded already: the owner stays as it is.
            "" => None,
            name if keeps_owner(name) => None,
            name => match by_name.get(&name.to_lowercase()).map(Vec::as_slice) {
                Some([person]) => Some((*person).clone()),
                Some(_) => {
                    problem(
                        6,
                        format!("two people are called {}: leave the owner empty and choose them on the recommendation's page", shown(name)),
                    );
                    None
                }
                None => {
                    problem(
                        6,
                        format!("{} is not a person with a programme role in this ICB: leave the owner empty, or ask an administrator to add them first", shown(name)),
                    );
                    None
                }
            },
        };
        if let (Some(number), Some(priority)) = (number, priority) {
            loaded.push(Loaded {
                line,
                recommendation: Recommendation {
                    number,
                    category,
                    recommendation: wording,
                    specific_actions: String::new(),
                    timeline: cells[4].clone(),
                    cost_implication: String::new(),
                    priority,
                },
                owner,
                lead_organisation,
            });
        }
    }
    if loaded.is_empty() && problems.is_empty() {
        problems.push("The sheet has no recommendations under its headings.".to_owned());
    }
    match problems.is_empty() {
        true => Ok(loaded),
        false => Err(problems),
    }
}

/// Whether `loaded` says what `recorded` says, word for word (spacing aside).
fn same_words(recorded: &Recommendation, loaded: &Recommendation) -> Vec<&'static str> {
    let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    [
        ("category", &recorded.category, &loaded.category),
        (
            "recommendation",
            &recorded.recommendation,
            &loaded.recommendation,
        ),
        ("priority", &recorded.priority, &loaded.priority),
        ("timeline", &recorded.timeline, &loaded.timeline),
    ]
    .into_iter()
    .filter(|(_, a, b)| words(a) != words(b))
    .map(|(what, _, _)| what)
    .collect()
}

/// Loads `upload` into `icb`'s review for `user` (who may plan its recommendations);
/// answers the recorded load's id.
pub async fn import_recommendations(
    db: &Db,
    slots: &crate::plumbing::limits::Turns,
    user: &CurrentUser,
    icb: &str,
    upload: Upload,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    if !super::service::can_plan(user, icb) {
        return Err(AppError::Forbidden);
    }
    let mut conn = db.conn().await?;
    // Only an ICB whose programme Linkway holds has a tracker to load into.
    let held = crate::boroughs::db::icbs(&mut conn)
        .await?
        .iter()
        .any(|known| known.code == icb && known.programme);
    if !held {
        return Err(AppError::not_found("That ICB's programme"));
    }
    let people = crate::auth::db::people(&mut conn, icb).await?;
    let owners: Vec<(i64, String)> = db::plans(&mut conn, icb)
        .await?
        .into_iter()
        .filter_map(|(r, plan)| Some((r.number, plan.owner_name?)))
        .collect();
    drop(conn);
    let file_name = crate::format::first_chars(&upload.file_name, 200).to_owned();
    let read = read_list(slots, upload, &RECOMMENDATION_LIST, move |bytes| {
        read_recommendations(bytes, &people, &owners)
    })
    .await?;
    let mut tx = db.begin().await?;
    let mut outcome = RecommendationImport {
        id: 0,
        icb_code: icb.to_owned(),
        file_name: file_name.clone(),
        added: 0,
        updated: 0,
        unchanged: 0,
        problems: Vec::new(),
        created_at: now,
    };
    match read {
        Err(problems) => outcome.problems = problems,
        Ok(rows) => {
            let recorded = db::plans(&mut tx, icb).await?;
            for row in &rows {
                let number = row.recommendation.number;
                let Some((words, _)) = recorded.iter().find(|(r, _)| r.number == number) else {
                    continue;
                };
                let differs = same_words(words, &row.recommendation);
                if !differs.is_empty() {
                    outcome.problems.push(format!(
                        "Row {}: recommendation {number} is recorded already with another {}; a load does not change a recorded recommendation's words. Copy them from the tracker's export, or leave the row off",
                        row.line,
                        differs.join(" and ")
                    ));
                }
            }
            if outcome.problems.is_empty() {
                for row in rows {
                    apply(&mut tx, user, icb, &recorded, row, &mut outcome, now).await?;
                }
            }
        }
    }
    let id = db::insert_import(&mut tx, &outcome, user.id).await?;
    let entity_id = id.to_string();
    Entry::new(
        user.id,
        "import_recommendations",
        ("recommendation_import", entity_id.as_str()),
    )
    .change("icb", FieldChange::created(icb))
    .change("file", FieldChange::created(&file_name))
    .change("added", FieldChange::created(outcome.added))
    .change("updated", FieldChange::created(outcome.updated))
    .change("problems", FieldChange::created(outcome.problems.len()))
    .record(&mut tx, now)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Adds one checked row, or sets the owner and lead organisation it gives (an empty cell
/// keeps what is recorded); counts what it did in `outcome`.
async fn apply(
    tx: &mut crate::plumbing::Tx,
    user: &CurrentUser,
    icb: &str,
    recorded: &[(Recommendation, super::Plan)],
    row: Loaded,
    outcome: &mut RecommendationImport,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let number = row.recommendation.number;
    let Some((_, plan)) = recorded.iter().find(|(r, _)| r.number == number) else {
        let owner_id = row.owner.as_ref().map(|p| p.id);
        let id = db::insert_recommendation(
            tx,
            icb,
            &row.recommendation,
            owner_id,
            &row.lead_organisation,
        )
        .await?;
        // Audited by its row id: numbers repeat from one ICB's review to the next.
        let entity_id = id.to_string();
        let entity = ("recommendation", entity_id.as_str());
        let r = &row.recommendation;
        Entry::new(user.id, "load_recommendation", entity)
            .change("category", FieldChange::created(&r.category))
            .change("recommendation", FieldChange::created(&r.recommendation))
            .change("priority", FieldChange::created(&r.priority))
            .change("timeline", FieldChange::created(&r.timeline))
            .fields(&[
                ("owner", None, row.owner.map(|p| p.name)),
                (
                    "lead_organisation",
                    None,
                    Some(row.lead_organisation).filter(|s| !s.is_empty()),
                ),
            ])
            .record(tx, now)
            .await?;
        outcome.added += 1;
        return Ok(());
    };
    let owner = row.owner.as_ref().map(|p| p.id).or(plan.owner_id);
    let lead = match row.lead_organisation.is_empty() {
        true => plan.lead_organisation.clone(),
        false => row.lead_organisation.clone(),
    };
    if owner == plan.owner_id && lead == plan.lead_organisation {
        outcome.unchanged += 1;
        return Ok(());
    }
    let entity_id = plan.id.to_string();
    let entity = ("recommendation", entity_id.as_str());
    if !db::update_plan(tx, plan.id, owner, &lead, plan.version).await? {
        return Err(AppError::Conflict {
            message: format!(
                "Recommendation {number} was changed while the file was read. Upload it again."
            ),
            version: None,
        });
    }
    Entry::new(user.id, "update_plan", entity)
        .fields(&[
            (
                "owner",
                plan.owner_name.clone(),
                row.owner.map(|p| p.name).or(plan.owner_name.clone()),
            ),
            (
                "lead_organisation",
                Some(plan.lead_organisation.clone()).filter(|s| !s.is_empty()),
                Some(lead).filter(|s| !s.is_empty()),
            ),
        ])
        .version(plan.version, plan.version + 1)
        .record(tx, now)
        .await?;
    outcome.updated += 1;
    Ok(())
}

/// `POST /recommendations/import/{icb}`: takes the uploaded workbook and sends the browser
/// back to the ICB's tracker, which shows what the load did.
pub async fn upload(
    user: CurrentUser,
    axum::extract::State(state): axum::extract::State<crate::plumbing::AppState>,
    crate::plumbing::query::PathId(icb): crate::plumbing::query::PathId<String>,
    mut multipart: axum::extract::Multipart,
) -> Result<axum::response::Response, AppError> {
    use axum::response::{IntoResponse, Redirect};
    crate::auth::guard::authorize(
        &user,
        crate::auth::Permission::UpdateRecommendation,
        crate::auth::Scope::Icb(icb.clone()),
    )?;
    let tracker = format!("/recommendations?area={}", crate::format::query_value(&icb));
    let upload = match crate::plumbing::upload::read_file(
        &mut multipart,
        MAX_IMPORT_BYTES,
        "Choose the workbook of recommendations to load",
    )
    .await
    {
        Ok(upload) => upload,
        Err(AppError::Validation(_)) => {
            return Ok(Redirect::to(&format!("{tracker}&missing_file=1#load")).into_response())
        }
        Err(error) => return Err(error),
    };
    let id = import_recommendations(
        &state.db,
        &state.workbook_checks,
        &user,
        &icb,
        upload,
        Utc::now(),
    )
    .await?;
    Ok(Redirect::to(&format!("{tracker}&import={id}#load")).into_response())
}
