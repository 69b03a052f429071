//! `/returns`: every return period with received, signed-off, late and missing counts, and
//! — for ICB leads — the form to open the next period.

use super::WindowTag;
use crate::components::{
    action_errors, described_by, render_or_error, typed_or, ErrorSummary, Form, FormField, Loading,
    TableHead,
};
use crate::returns::model::{period_code, quarter_start, ReturnsOverview};
use crate::returns::{load_returns, CreateReturnPeriod};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn ReturnsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_returns());
    view! {
        <Title text="Quarterly returns"/>
        <h1>"Quarterly returns"</h1>
        <p class="nhsuk-lede-text">
            "Each borough returns its workforce, referrals and unmet need every quarter on Linkway's template. Every cell is checked on upload; the borough lead signs the return off."
        </p>
        <ul class="nhsuk-list">
            <li><A href="/workforce">"Workforce coverage against the target"</A></li>
            <li><A href="/unmet-need">"Unmet need by theme and borough"</A></li>
            <li><A href="/returns/settings">"Populations, need themes and small-number suppression"</A></li>
        </ul>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(data.await, |data| view! { <Overview data/> })
            })}
        </Suspense>
    }
}

#[component]
fn Overview(data: ReturnsOverview) -> impl IntoView {
    let can_manage = data.can_manage;
    let periods = data.periods.clone();
    let by_icb = data.by_icb.clone();
    view! {
        {(!by_icb.is_empty()).then(|| view! {
            <h2 class="nhsuk-heading-l">"Returns by ICB"</h2>
            <table class="nhsuk-table" id="returns-by-icb">
                <caption class="nhsuk-table__caption">"Each ICB's newest period: returns received against the boroughs asked"</caption>
                <TableHead columns=&["ICB", "Period"] numeric=&["Received", "Signed off", "Late"] />
                <tbody class="nhsuk-table__body">
                    {by_icb.into_iter().map(|icb| view! {
                        <tr class="nhsuk-table__row">
                            <td class="nhsuk-table__cell">{icb.icb_name}</td>
                            <td class="nhsuk-table__cell">{icb.period.as_ref().map_or_else(|| "No period opened yet".to_owned(), |p| p.code())}</td>
                            // No period opened: nothing was asked, so no count, not zero.
                            {match icb.period.is_some() {
                                true => view! {
                                    <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{format!("{} of {}", icb.received, icb.expected)}</td>
                                    <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{icb.signed_off}</td>
                                    <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{icb.late}</td>
                                }.into_any(),
                                false => view! {
                                    <td class="nhsuk-table__cell nhsuk-table__cell--numeric">"–"</td>
                                    <td class="nhsuk-table__cell nhsuk-table__cell--numeric">"–"</td>
                                    <td class="nhsuk-table__cell nhsuk-table__cell--numeric">"–"</td>
                                }.into_any(),
                            }}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
        <h2 class="nhsuk-heading-l">"Return periods"</h2>
        {if periods.is_empty() {
            view! { <p class="nhsuk-body">"No return periods yet."</p> }.into_any()
        } else {
            view! {
                <table class="nhsuk-table" id="periods">
                    <caption class="nhsuk-table__caption">"Periods, newest first"</caption>
                    <TableHead columns=&["Period", "Due", "Uploads"] numeric=&["Received", "Signed off", "Late", "Missing"] />
                    <tbody class="nhsuk-table__body">
                        {periods.into_iter().map(|dashboard| {
                            let expected = dashboard.boroughs.len();
                            let period = dashboard.period.clone();
                            let label = if period.baseline { format!("{} (baseline from the review)", period.code()) } else { period.code() };
                            view! {
                                <tr class="nhsuk-table__row">
                                    <td class="nhsuk-table__cell"><A href=format!("/returns/periods/{}", period.id)>{label}</A></td>
                                    <td class="nhsuk-table__cell">{crate::format::date(period.due_on)}</td>
                                    <td class="nhsuk-table__cell"><WindowTag window=dashboard.window/></td>
                                    <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{format!("{} of {expected}", dashboard.received)}</td>
                                    <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{dashboard.signed_off}</td>
                                    <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{dashboard.late}</td>
                                    <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{dashboard.missing}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        {can_manage.then(|| view! { <OpenPeriod data=data.clone()/> })}
    }
}

/// Opens a period; the dates default to a month after the quarter ends (due) and a
/// month after that (hard close).
#[component]
fn OpenPeriod(data: ReturnsOverview) -> impl IntoView {
    let action = ServerAction::<CreateReturnPeriod>::new();
    let errors = action_errors(action.value());
    let (year, quarter) = data.next_quarter;
    let next_start = if quarter == 4 {
        quarter_start(year + 1, 1)
    } else {
        quarter_start(year, quarter + 1)
    };
    let opens = next_start.to_string();
    let due = next_start
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(next_start)
        .to_string();
    let closes = next_start
        .checked_add_months(chrono::Months::new(2))
        .unwrap_or(next_start)
        .to_string();
    let shown = |name: &str, proposed: String| typed_or::<CreateReturnPeriod>(name, proposed);
    let financial_year = shown("financial_year", year.to_string());
    let chosen_quarter = shown("quarter", quarter.to_string());
    let (opens_on, due_on, closes_on) = (
        shown("opens_on", opens),
        shown("due_on", due),
        shown("closes_on", closes),
    );
    view! {
        <h2 class="nhsuk-heading-m" id="open-period-heading">"Open a return period"</h2>
        <p class="nhsuk-body">{format!("The next quarter is {}.", period_code(year, quarter))}</p>
        <ErrorSummary errors/>
        <Form action saved="The return period has been opened" attr:aria-labelledby="open-period-heading">
            <FormField id="financial_year" label="Financial year starting" hint="For example, 2025 for 2025/26" errors>
                <input class="nhsuk-input nhsuk-input--width-4" id="financial_year" name="financial_year" type="text" inputmode="numeric" value=financial_year aria-describedby=described_by(errors, "financial_year")/>
            </FormField>
            <FormField id="quarter" label="Quarter" errors>
                <select class="nhsuk-select" id="quarter" name="quarter" aria-describedby=described_by(errors, "quarter")>
                    {(1..=4u32).map(|q| view! { <option value=q.to_string() selected=q.to_string() == chosen_quarter>{format!("Q{q}")}</option> }).collect_view()}
                </select>
            </FormField>
            <FormField id="opens_on" label="Opens on" errors>
                <input class="nhsuk-input nhsuk-input--width-10" id="opens_on" name="opens_on" type="date" value=opens_on aria-describedby=described_by(errors, "opens_on")/>
            </FormField>
            <FormField id="due_on" label="Due on" hint="The date published to boroughs; returns after it are late" errors>
                <input class="nhsuk-input nhsuk-input--width-10" id="due_on" name="due_on" type="date" value=due_on aria-describedby=described_by(errors, "due_on")/>
            </FormField>
            <FormField id="closes_on" label="Closes on" hint="The hard close: no uploads after this date" errors>
                <input class="nhsuk-input nhsuk-input--width-10" id="closes_on" name="closes_on" type="date" value=closes_on aria-describedby=described_by(errors, "closes_on")/>
            </FormField>
            <button class="nhsuk-button" type="submit">"Open period"</button>
        </Form>
    }
}
