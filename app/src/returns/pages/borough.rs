//! `/returns/periods/{id}/boroughs/{code}`: one borough's return for a period — the
//! template to download, the upload form, every version (the lead signs the latest off)
//! and every upload attempt with its outcome.

use super::{StateTag, WindowTag};
use crate::components::{
    described_by, number_in_address, render_or_error, ErrorSummary, FormField, Loading, TableHead,
};
use crate::error::FieldErrors;
use crate::returns::load_borough_return;
use crate::returns::model::BoroughReturnPage as Page;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn BoroughReturnPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || (params.read().get("id"), params.read().get("code")),
        |(id, code)| async move {
            load_borough_return(
                number_in_address(id.as_deref(), "That return period")?,
                code.unwrap_or_default(),
            )
            .await
        },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(data.await, move |data| view! { <BoroughReturn data/> })
            })}
        </Suspense>
    }
}

#[component]
fn BoroughReturn(data: Page) -> impl IntoView {
    let period = data.period.clone();
    let title = format!("{} return for {}", data.borough_name, period.code());
    let base = format!(
        "/returns/periods/{}/boroughs/{}",
        period.id, data.borough_code
    );
    let latest = data.submissions.first().cloned();
    // Versions are newest first: the first is the one every other is measured against.
    let newest = data.submissions.first().map_or(0, |s| s.version);
    view! {
        <Title text=title.clone()/>
        <A href=format!("/returns/periods/{}", period.id) attr:class="nhsuk-back-link">{format!("All returns for {}", period.code())}</A>
        <h1>{title}</h1>
        <dl class="nhsuk-summary-list">
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Status"</dt>
                <dd class="nhsuk-summary-list__value" id="return-state"><StateTag state=data.state/></dd>
            </div>
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Uploads"</dt>
                <dd class="nhsuk-summary-list__value"><WindowTag window=data.window/></dd>
            </div>
        </dl>
        {(!period.baseline).then(|| view! {
            <p class="nhsuk-body">
                <a class="nhsuk-link" id="template-link" href=format!("{base}/template.xlsx") download>
                    {format!("Download the {} template for {} (.xlsx)", period.code(), data.borough_name)}
                </a>
            </p>
        })}
        {data.can_upload.then(|| view! { <UploadForm action=format!("{base}/upload") max_mb=data.max_upload_mb/> })}
        {match (latest, data.can_sign_off) {
            (Some(latest), true) => Some(view! { <SignOff id=latest.id version=latest.version/> }),
            _ => None,
        }}
        <h2 class="nhsuk-heading-m">"Versions"</h2>
        {if data.submissions.is_empty() {
            view! { <p class="nhsuk-body">"No clean return has been uploaded yet."</p> }.into_any()
        } else {
            view! {
                <table class="nhsuk-table" id="versions">
                    <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">"Versions, newest first"</caption>
                    <TableHead columns=&["Version", "Uploaded", "Signed off", "Standing"] />
                    <tbody class="nhsuk-table__body">
                        {data.submissions.into_iter().map(|s| view! {
                            <tr class="nhsuk-table__row">
                                <td class="nhsuk-table__cell"><A href=format!("/returns/submissions/{}", s.id)>{format!("Version {}", s.version)}</A></td>
                                <td class="nhsuk-table__cell">{format!("{} by {}", crate::format::date_time(s.uploaded_at), s.uploaded_by.clone().unwrap_or_else(|| "the review (baseline)".into()))}</td>
                                <td class="nhsuk-table__cell">{match (s.signed_off_at, s.signed_off_by.clone()) {
                                    (Some(at), Some(by)) => format!("{} by {by}", crate::format::date_time(at)),
                                    (Some(at), None) => crate::format::date_time(at),
                                    _ => "Awaiting sign-off".into(),
                                }}</td>
                                <td class="nhsuk-table__cell">{s.standing(newest).label()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        <h2 class="nhsuk-heading-m">"Uploads"</h2>
        {if data.attempts.is_empty() {
            view! { <p class="nhsuk-body">"Nothing has been uploaded yet."</p> }.into_any()
        } else {
            view! {
                <table class="nhsuk-table" id="attempts">
                    <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">"Every upload, newest first"</caption>
                    <TableHead columns=&["Uploaded", "File", "Outcome"] />
                    <tbody class="nhsuk-table__body">
                        {data.attempts.into_iter().map(|a| {
                            let outcome = if a.submission_id.is_some() {
                                "Accepted".to_owned()
                            } else {
                                format!("Refused: {} problem{}", a.problem_count, if a.problem_count == 1 { "" } else { "s" })
                            };
                            view! {
                                <tr class="nhsuk-table__row">
                                    <td class="nhsuk-table__cell">{format!("{} by {}", crate::format::date_time(a.uploaded_at), a.uploaded_by)}</td>
                                    <td class="nhsuk-table__cell">{a.file_name.clone()}</td>
                                    <td class="nhsuk-table__cell"><A href=format!("/returns/attempts/{}", a.id)>{outcome}</A></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}

/// A plain multipart form: the browser posts the file to the upload route, which answers
/// with the upload's result page (or back here with `missing_file` when none was chosen).
#[component]
fn UploadForm(action: String, max_mb: u64) -> impl IntoView {
    let query = use_query_map();
    let errors = Signal::derive(move || {
        let mut errors = FieldErrors::new();
        if query.read().get("missing_file").is_some() {
            errors.add("file", "Choose the completed return to upload");
        }
        errors
    });
    let hint = format!(
        "Up to {max_mb} MB. Every cell is checked; if anything is wrong nothing is stored and you see every problem at once."
    );
    view! {
        <h2 class="nhsuk-heading-m" id="upload-heading">"Upload the completed return"</h2>
        <ErrorSummary errors/>
        <form method="post" enctype="multipart/form-data" action=action aria-labelledby="upload-heading">
            <FormField id="file" label="The completed template (.xlsx)" hint errors>
                <input class="nhsuk-file-upload" id="file" name="file" type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby=described_by(errors, "file")/>
            </FormField>
            <button class="nhsuk-button" type="submit" id="upload-button">"Upload return"</button>
        </form>
    }
}

/// Signing off happens on the version's own page, where the lead sees the figures and
/// ticks the declaration.
#[component]
fn SignOff(id: i64, version: i64) -> impl IntoView {
    view! {
        <h2 class="nhsuk-heading-m">"Sign off"</h2>
        <p class="nhsuk-body">{format!("Version {version} has passed every check. Look at its figures, then sign it off so that it counts in the ICB's figures.")}</p>
        <p class="nhsuk-body">
            <A href=format!("/returns/submissions/{id}") attr:class="nhsuk-link" attr:id="sign-off-link">{format!("Check version {version} and sign it off")}</A>
        </p>
    }
}
