//! The tracker's "Load recommendations from a spreadsheet" section, for those who plan an
//! ICB's recommendations: the upload form, and what the last load did.

use crate::components::{described_by, ErrorSummary, FileProblems, FormField};
use crate::error::FieldErrors;
use crate::recommendations::{load_recommendation_import, RecommendationImport};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The upload form for `icb`'s review (named `icb_name`), with the outcome of the load the
/// address names (`?import=`).
#[component]
pub fn LoadRecommendations(icb: String, icb_name: String) -> impl IntoView {
    let query = use_query_map();
    let missing_file = query.read_untracked().get("missing_file").is_some();
    let import = Resource::new(
        move || {
            query
                .read()
                .get("import")
                .and_then(|id| id.parse::<i64>().ok())
        },
        |id| async move {
            match id {
                Some(id) => load_recommendation_import(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let mut errors = FieldErrors::new();
    if missing_file {
        errors.add("file", "Choose the workbook of recommendations to load");
    }
    let errors = Signal::stored(errors);
    let action = format!(
        "/recommendations/import/{}",
        crate::format::query_value(&icb)
    );
    let template = format!(
        "/recommendations.xlsx?icb={}",
        crate::format::query_value(&icb)
    );
    let opened = missing_file || query.read_untracked().get("import").is_some();
    view! {
        <details class="nhsuk-details" id="load" open=opened>
        <summary class="nhsuk-details__summary">
            <span class="nhsuk-details__summary-text" id="load-heading">"Load recommendations from a spreadsheet"</span>
        </summary>
        <div class="nhsuk-details__text">
        <ErrorSummary errors/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move { view! { <Outcome import=import.await/> } })}
        </Suspense>
        <p class="nhsuk-body">
            {format!("Load {icb_name}'s review recommendations from a workbook laid out like the tracker's export: a row of headings (Number, Category, Recommendation, Priority, Timeline, Target window closes, Owner, Lead organisation), then one recommendation per row. ")}
            <a href=template download rel="external">"Download the tracker as the layout (.xlsx)"</a>
        </p>
        <ul class="nhsuk-list nhsuk-list--bullet">
            <li>"Priority is High, Medium or Low; the timeline reads like 3 months, 3-6 months or Ongoing; the owner, if given, is someone with a programme role in the ICB."</li>
            <li>"A new number is added. A number already recorded keeps its wording, which must match; its owner and lead organisation are set from the row, and an empty cell keeps what is recorded."</li>
            <li>"Status, RAG, milestones and commentary are not loaded: record them on each recommendation, so that every update has its author and date."</li>
            <li>"Every cell is checked: if anything is wrong nothing changes, and you see every problem with its cell."</li>
        </ul>
        <form method="post" enctype="multipart/form-data" action=action aria-labelledby="load-heading">
            <FormField id="file" label="The workbook of recommendations (.xlsx)" errors>
                <input class="nhsuk-file-upload" id="file" name="file" type="file"
                    accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    aria-describedby=described_by(errors, "file")/>
            </FormField>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit" id="load-button">"Load recommendations"</button>
        </form>
        </div>
        </details>
    }
}

#[component]
fn Outcome(import: Result<Option<RecommendationImport>, crate::error::AppError>) -> impl IntoView {
    match import {
        Ok(Some(import)) if import.problems.is_empty() => Some(view! {
            <div class="nhsuk-inset-text" role="status" id="load-outcome">
                <span class="nhsuk-u-visually-hidden">"Information: "</span>
                <p>{format!(
                    "{}: {} added, {} updated, {} recorded already.",
                    import.file_name,
                    crate::format::plural(import.added, "recommendation"),
                    import.updated,
                    import.unchanged
                )}</p>
            </div>
        }.into_any()),
        Ok(Some(import)) => Some(view! {
            <FileProblems title=format!("{} was not loaded: nothing was changed", import.file_name) problems=import.problems/>
        }.into_any()),
        Ok(None) => None,
        Err(error) => Some(view! { <p class="nhsuk-body">{error.to_string()}</p> }.into_any()),
    }
}
