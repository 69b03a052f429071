//! `/returns/attempts/{id}`: what became of an upload — every problem at once, each with
//! its sheet, cell, value and what to do (the NHS error-summary pattern), or confirmation
//! that the return was stored and waits for sign-off.

use crate::components::{number_in_address, render_or_error, Loading, TableHead};
use crate::returns::load_attempt;
use crate::returns::model::Attempt;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn AttemptPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id"),
        |id| async move { load_attempt(number_in_address(id.as_deref(), "That upload")?).await },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(data.await, |attempt| view! { <AttemptResult attempt/> })
            })}
        </Suspense>
    }
}

#[component]
fn AttemptResult(attempt: Attempt) -> impl IntoView {
    let back = format!(
        "/returns/periods/{}/boroughs/{}",
        attempt.period.id, attempt.borough_code
    );
    let what = format!(
        "{} return for {}",
        attempt.borough_name,
        attempt.period.code()
    );
    let details = view! {
        <dl class="nhsuk-summary-list">
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"File"</dt>
                <dd class="nhsuk-summary-list__value">{format!("{} ({} bytes)", attempt.file_name, crate::format::count(attempt.file_size))}</dd>
            </div>
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Uploaded"</dt>
                <dd class="nhsuk-summary-list__value">{format!("{} by {}", crate::format::date_time(attempt.uploaded_at), attempt.uploaded_by)}</dd>
            </div>
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"SHA-256"</dt>
                <dd class="nhsuk-summary-list__value linkway-hash">{attempt.file_hash.clone()}</dd>
            </div>
        </dl>
    };
    match attempt.submission_id {
        Some(submission) => view! {
            <Title text="Return received"/>
            <div class="nhsuk-panel" id="accepted">
                <h1 class="nhsuk-panel__title">"Return received"</h1>
                <div class="nhsuk-panel__body">{format!("The {what} passed every check and waits for the borough lead's sign-off.")}</div>
            </div>
            {details}
            <p class="nhsuk-body">
                <A href=format!("/returns/submissions/{submission}")>"Look at the stored return"</A>
                " · "
                <A href=back>{format!("Back to the {what}")}</A>
            </p>
        }.into_any(),
        None => {
            let count = attempt.problems.len();
            let heading = format!(
                "There {} {count} problem{} with this return",
                if count == 1 { "is" } else { "are" },
                if count == 1 { "" } else { "s" }
            );
            view! {
                <Title text="There is a problem with the return"/>
                <A href=back.clone() attr:class="nhsuk-back-link">{format!("Back to the {what}")}</A>
                <div class="nhsuk-error-summary" tabindex="-1" id="problems">
                    <div role="alert">
                        <h1 class="nhsuk-error-summary__heading">{heading}</h1>
                        <div class="nhsuk-error-summary__body">
                            <p>"Nothing from this file has been stored. Correct every problem below in your workbook, then upload it again."</p>
                            <ul class="nhsuk-list nhsuk-error-summary__list">
                                {attempt.problems.iter().map(|problem| {
                                    let place = problem.reference();
                                    let text = if place.is_empty() { problem.message.clone() } else { format!("{place}: {}", problem.message) };
                                    view! { <li>{text}</li> }
                                }).collect_view()}
                            </ul>
                        </div>
                    </div>
                </div>
                <table class="nhsuk-table" id="problem-table">
                    <caption class="nhsuk-table__caption">"Every problem, cell by cell"</caption>
                    <TableHead columns=&["Sheet", "Cell", "Value", "What to do"] />
                    <tbody class="nhsuk-table__body">
                        {attempt.problems.into_iter().map(|problem| view! {
                            <tr class="nhsuk-table__row">
                                <td class="nhsuk-table__cell">{if problem.sheet.is_empty() { "Whole file".to_owned() } else { problem.sheet.clone() }}</td>
                                <td class="nhsuk-table__cell">{problem.cell.clone()}</td>
                                <td class="nhsuk-table__cell">{problem.value.clone()}</td>
                                <td class="nhsuk-table__cell">{problem.message.clone()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                {details}
            }.into_any()
        }
    }
}
