//! `/returns/submissions/{id}`: one stored version of a borough's return — who sent it,
//! whether it is signed off and counts, its rows, and the original file. The borough lead
//! signs it off here, ticking the declaration, having seen what they sign.

use super::show_wte;
use crate::components::{
    action_errors, number_in_address, render_or_error, ConfirmBox, ErrorSummary, Form, Loading,
    ScrollRegion, TableHead,
};
use crate::returns::model::{Standing, SubmissionView, DECLARATION};
use crate::returns::{load_submission, SignOffReturn};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

const ROWS_SHOWN: usize = SubmissionView::ROWS_SHOWN;
/// The field the declaration box sends.
const DECLARATION_FIELD: &str = "declaration";

#[component]
pub fn SubmissionPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id"),
        |id| async move { load_submission(number_in_address(id.as_deref(), "That return")?).await },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(data.await, move |data| view! { <Submission data/> })
            })}
        </Suspense>
    }
}

fn cell(text: impl Into<String>) -> impl IntoView {
    let text: String = text.into();
    view! { <td class="nhsuk-table__cell">{text}</td> }
}

/// A figure's cell: right-aligned, so columns of figures line up.
fn figure(text: impl Into<String>) -> impl IntoView {
    let text: String = text.into();
    view! { <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{text}</td> }
}

#[component]
fn Submission(data: SubmissionView) -> impl IntoView {
    let s = data.submission.clone();
    let content = data.content.clone();
    let title = format!(
        "{} return for {}, version {}",
        s.borough_name,
        s.period.code(),
        s.version
    );
    let status = match (&s.signed_off_at, &s.signed_off_by) {
        (Some(at), Some(by)) => format!("Signed off {} by {by}", crate::format::date_time(*at)),
        (Some(at), None) => format!("Signed off {}", crate::format::date_time(*at)),
        _ => "Awaiting sign-off".to_owned(),
    };
    // Signed off or not, the status says whether this version counts or has been superseded.
    let standing = match s.standing(data.latest_version) {
        counted @ Standing::Counts => format!(": {}", counted.label().to_lowercase()),
        superseded @ Standing::SupersededBy(_) => {
            format!("; {}", superseded.label().to_lowercase())
        }
        Standing::AwaitingSignOff | Standing::SignedOff => String::new(),
    };
    let unmet_total = data.unmet_need_rows;
    let workforce_total = data.workforce_rows;
    let action = ServerAction::<SignOffReturn>::new();
    let errors = action_errors(action.value());
    view! {
        <Title text=title.clone()/>
        <A href=format!("/returns/periods/{}/boroughs/{}", s.period.id, s.borough_code) attr:class="nhsuk-back-link">{format!("{} return for {}", s.borough_name, s.period.code())}</A>
        <h1>{title}</h1>
        // A refused sign-off (the declaration left unticked) is summarised at the top.
        <ErrorSummary errors/>
        <dl class="nhsuk-summary-list">
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Status"</dt>
                <dd class="nhsuk-summary-list__value" id="submission-status">{status}{standing}</dd>
            </div>
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Uploaded"</dt>
                <dd class="nhsuk-summary-list__value">{format!("{} by {}", crate::format::date_time(s.uploaded_at), s.uploaded_by.clone().unwrap_or_else(|| "the review (baseline)".into()))}</dd>
            </div>
            {s.file_name.clone().map(|name| view! {
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">"Original file"</dt>
                    <dd class="nhsuk-summary-list__value">
                        {data.can_download_file.then(|| view! { <a class="nhsuk-link" href=format!("/returns/submissions/{}/file", s.id) download>{format!("Download {name}")}</a> })}
                        <br/><span class="nhsuk-body-s linkway-hash">{format!("SHA-256 {}", s.file_hash.clone().unwrap_or_default())}</span>
                    </dd>
                </div>
            })}
            {s.source_note.clone().map(|note| view! {
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">"Source"</dt>
                    <dd class="nhsuk-summary-list__value">{note}</dd>
                </div>
            })}
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"People referred"</dt>
                <dd class="nhsuk-summary-list__value">{s.people_referred.map(crate::format::count).unwrap_or_else(|| "Not returned".into())}</dd>
            </div>
        </dl>
        <h2 class="nhsuk-heading-m" id="workforce-heading">"Workforce"</h2>
        {(workforce_total > ROWS_SHOWN as i64).then(|| view! {
            <p class="nhsuk-body">{format!("The first {ROWS_SHOWN} of {} rows; the original file holds them all.", crate::format::count(workforce_total))}</p>
        })}
        <ScrollRegion label="Workforce rows".to_owned()>
            <table class="nhsuk-table" aria-labelledby="workforce-heading">
                <TableHead columns=&["PCN", "Role", "Employer"] numeric=&["Headcount", "WTE", "Vacancies (WTE)"] />
                <tbody class="nhsuk-table__body">
                    {content.workforce.iter().map(|line| view! {
                        <tr class="nhsuk-table__row">
                            {cell(line.pcn.clone())}{cell(line.role.label())}{cell(line.employer.label())}
                            {figure(line.headcount.map(|h| h.to_string()).unwrap_or_else(|| "Not given".into()))}
                            {figure(show_wte(line.wte))}{figure(show_wte(line.vacancies))}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollRegion>
        <h2 class="nhsuk-heading-m" id="referrals-heading">"Referrals by reason"</h2>
        {if content.referrals.is_empty() {
            view! { <p class="nhsuk-body">"None returned."</p> }.into_any()
        } else {
            view! {
                <table class="nhsuk-table" aria-labelledby="referrals-heading">
                    <TableHead columns=&["Reason"] numeric=&["Referrals"] />
                    <tbody class="nhsuk-table__body">
                        {content.referrals.iter().map(|line| view! {
                            <tr class="nhsuk-table__row">{cell(line.theme.clone())}{figure(crate::format::count(line.referrals))}</tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        <h2 class="nhsuk-heading-m" id="unmet-heading">"Unmet need"</h2>
        {(unmet_total > ROWS_SHOWN as i64).then(|| view! {
            <p class="nhsuk-body">{format!("The first {ROWS_SHOWN} of {} rows; the original file holds them all.", crate::format::count(unmet_total))}</p>
        })}
        {if content.unmet_needs.is_empty() {
            view! { <p class="nhsuk-body">"None returned."</p> }.into_any()
        } else {
            view! {
                <ScrollRegion label="Unmet need rows".to_owned()>
                    <table class="nhsuk-table" aria-labelledby="unmet-heading">
                        <TableHead columns=&["Need theme", "PCN or ward", "Why unmet", "Notes"] numeric=&["People"] />
                        <tbody class="nhsuk-table__body">
                            {content.unmet_needs.iter().zip(data.unmet_shown.iter()).take(ROWS_SHOWN).map(|(line, shown)| view! {
                                <tr class="nhsuk-table__row">
                                    {cell(line.theme.clone())}{cell(line.place.clone().unwrap_or_default())}
                                    {cell(line.reason.label())}{cell(line.notes.clone().unwrap_or_default())}{figure(shown.text())}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </ScrollRegion>
            }.into_any()
        }}
        <h2 class="nhsuk-heading-m" id="outcomes-heading">"Outcomes (ONS4)"</h2>
        {if content.outcomes.is_empty() {
            view! { <p class="nhsuk-body">"None returned."</p> }.into_any()
        } else {
            let mean = |value: Option<f64>| value.map(|v| crate::format::decimal(v, 1)).unwrap_or_default();
            let n = |value: Option<i64>| value.map(crate::format::count).unwrap_or_default();
            view! {
                <table class="nhsuk-table" aria-labelledby="outcomes-heading">
                    <TableHead columns=&["Measure"] numeric=&["Mean before", "People before", "Mean after", "People after"] />
                    <tbody class="nhsuk-table__body">
                        {content.outcomes.iter().map(|line| view! {
                            <tr class="nhsuk-table__row">
                                {cell(line.measure.label())}{figure(mean(line.before_mean))}{figure(n(line.before_n))}
                                {figure(mean(line.after_mean))}{figure(n(line.after_n))}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        // Signing off comes after the figures it vouches for.
        {data.can_sign_off.then(|| view! {
            <section class="linkway-check" aria-labelledby="sign-off-heading">
                <h2 class="nhsuk-heading-m" id="sign-off-heading">{format!("Sign off version {}", s.version)}</h2>
                <p class="nhsuk-body">"Check the figures above (and the original file, if you need every row). Once signed off, this version counts in the ICB's figures."</p>
                <Form action saved="The return is signed off: it now counts in the ICB's figures" attr:aria-labelledby="sign-off-heading">
                    <input type="hidden" name="submission" value=s.id.to_string()/>
                    <ConfirmBox id="declaration" name=DECLARATION_FIELD field=DECLARATION_FIELD label=DECLARATION errors/>
                    <button class="nhsuk-button" type="submit" id="sign-off">{format!("Sign off version {}", s.version)}</button>
                </Form>
            </section>
        })}
    }
}
