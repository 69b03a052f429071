//! `/returns/periods/{id}`: one period's dashboard — each borough's return received or
//! missing, late, signed off — with the chase list to download and its chasers to email.

use super::{StateTag, WindowTag};
use crate::components::{
    action_errors, answer_of, number_in_address, render_or_error, ErrorSummary, Form, Loading,
    TableHead,
};
use crate::returns::model::PeriodDashboard;
use crate::returns::model::PeriodWindow;
use crate::returns::{load_period, SendChasers};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PeriodPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id"),
        |id| async move { load_period(number_in_address(id.as_deref(), "That return period")?).await },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(data.await, |data| view! { <Dashboard data/> })
            })}
        </Suspense>
    }
}

#[component]
fn Dashboard(data: PeriodDashboard) -> impl IntoView {
    // The chasers' refusal shows at the top of the page, as every error summary does.
    let send = ServerAction::<SendChasers>::new();
    let errors = action_errors(send.value());
    let period = data.period.clone();
    let code = period.code();
    let expected = data.boroughs.len();
    view! {
        <Title text=format!("Returns for {code}")/>
        <A href="/returns" attr:class="nhsuk-back-link">"All return periods"</A>
        <ErrorSummary errors/>
        <h1>{format!("Returns for {code}")}</h1>
        <dl class="nhsuk-summary-list">
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Uploads"</dt>
                <dd class="nhsuk-summary-list__value"><WindowTag window=data.window/></dd>
            </div>
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Opens, due, closes"</dt>
                <dd class="nhsuk-summary-list__value">{format!("{}, {}, {}", crate::format::date(period.opens_on), crate::format::date(period.due_on), crate::format::date(period.closes_on))}</dd>
            </div>
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Received"</dt>
                <dd class="nhsuk-summary-list__value" id="received">{format!("{} of {expected} boroughs ({} signed off, {} late, {} missing)", data.received, data.signed_off, data.late, data.missing)}</dd>
            </div>
        </dl>
        <table class="nhsuk-table" id="boroughs">
            <caption class="nhsuk-table__caption">"Each borough's return"</caption>
            <TableHead columns=&["Borough", "Status", "First received"] numeric=&["Versions", "Refused uploads"] />
            <tbody class="nhsuk-table__body">
                {data.boroughs.into_iter().map(|line| {
                    let href = format!("/returns/periods/{}/boroughs/{}", period.id, line.borough_code);
                    view! {
                        <tr class="nhsuk-table__row">
                            <td class="nhsuk-table__cell">
                                // Only a borough the viewer may open is a link.
                                {if line.can_view {
                                    view! { <A href=href>{line.borough_name.clone()}</A> }.into_any()
                                } else {
                                    view! { {line.borough_name.clone()} }.into_any()
                                }}
                                {line.can_upload.then(|| view! { <br/><span class="nhsuk-body-s">"You can upload this return"</span> })}
                            </td>
                            <td class="nhsuk-table__cell">
                                <StateTag state=line.state/>
                                {line.late.then(|| view! { " " <strong class="nhsuk-tag nhsuk-tag--red">"Late"</strong> })}
                            </td>
                            <td class="nhsuk-table__cell">{line.first_received_at.map(crate::format::date_time).unwrap_or_else(|| "Not received".into())}</td>
                            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{line.latest_version.map(|v| v.to_string()).unwrap_or_else(|| "None".into())}</td>
                            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{line.failed_attempts}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        {data.can_chase.then(|| view! {
            <h2 class="nhsuk-heading-m" id="chase">"Chase"</h2>
            <p class="nhsuk-body">
                <a class="nhsuk-link" href=format!("/returns/periods/{}/chase-list.xlsx", period.id) download>"Download the chase list (.xlsx)"</a>
                " — boroughs without a signed-off return, with their submitters and lead"
            </p>
            {matches!(data.window, PeriodWindow::Open | PeriodWindow::Overdue).then(|| view! {
                <SendChasersForm period=period.id send/>
            })}
        })}
    }
}

/// Emails the chase list's chasers: one to each submitter and lead who still owes this
/// period's return, linking to it.
#[component]
fn SendChasersForm(period: i64, send: ServerAction<SendChasers>) -> impl IntoView {
    let sent = answer_of::<SendChasers>().map(|written| {
        view! {
            <div class="nhsuk-inset-text" role="status" id="chasers-sent">
                <span class="nhsuk-u-visually-hidden">"Information: "</span>
                <p>{match written {
                    0 => "Today's chasers were already sent: nothing new was written.".to_owned(),
                    1 => "1 chaser was written to the outbox.".to_owned(),
                    n => format!("{n} chasers were written to the outbox."),
                }}</p>
            </div>
        }
    });
    view! {
        {sent}
        <Form action=send shows_answer=true saved="Chasers sent">
            <input type="hidden" name="period" value=period/>
            <p class="nhsuk-body">
                "Email each borough still owing this return — its submitters and lead, or its lead \
                 when a version waits for sign-off — with a link straight to it, whatever they chose \
                 for reminders. Each person is sent one chaser a day at most."
            </p>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit" id="send-chasers">"Email the chasers"</button>
        </Form>
    }
}
