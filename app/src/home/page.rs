//! The home page: signed in, what the person owes first (`tasks`), then the headline
//! figures for their scope (`headlines`), then each borough with its GP registered
//! population and where to go next; signed out, what Linkway is.

use super::headlines::{load_headlines, HeadlineFigures};
use crate::boroughs::{known_population_total, list_boroughs, Borough};
use crate::components::{render_or_error, Loading};
use crate::error::AppError;
use crate::shell::AREAS;
use crate::tasks::load_my_tasks;
use crate::tasks::pages::PressingTasks;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn HomePage() -> impl IntoView {
    let boroughs = Resource::new(|| (), |_| list_boroughs());
    let tasks = Resource::new(|| (), |_| load_my_tasks());
    let headlines = Resource::new(|| (), |_| load_headlines());
    view! {
        <Title text="Home"/>
        <h1>"Social prescribing in North Central London"</h1>
        <p class="nhsuk-lede-text">
            "Linkway is the programme and commissioning suite for social prescribing across the five boroughs of North Central London ICB."
        </p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match boroughs.await {
                    Err(AppError::Unauthorized) => view! {
                        <p class="nhsuk-body">
                            <A href="/sign-in" attr:class="nhsuk-button">"Sign in"</A>
                        </p>
                    }
                    .into_any(),
                    // Someone with a role sees what they owe first; the areas are listed
                    // only to them, who may open them.
                    result => {
                        let tasks = tasks.await;
                        let headlines = headlines.await.ok();
                        render_or_error(result, move |boroughs| view! {
                            {match tasks {
                                Ok(data) => view! { <PressingTasks data/> }.into_any(),
                                Err(_) => view! {
                                    <p class="nhsuk-body" id="tasks-unavailable">"Your tasks could not be worked out just now. Reload the page to try again."</p>
                                }.into_any(),
                            }}
                            {headlines.map(|data| view! { <HeadlineFigures data/> })}
                            <BoroughSummary boroughs/>
                            <Areas/>
                        })
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn Areas() -> impl IntoView {
    view! {
        <h2 class="nhsuk-heading-m">"Areas"</h2>
        <ul class="nhsuk-list linkway-area-list">
            {AREAS
                .into_iter()
                .map(|(href, label)| view! { <li><A href=href>{label}</A></li> })
                .collect_view()}
        </ul>
    }
}

#[component]
fn BoroughSummary(boroughs: Vec<Borough>) -> impl IntoView {
    let (known_total, known_count) = known_population_total(&boroughs);
    let borough_count = boroughs.len();
    view! {
        <table class="nhsuk-table" id="boroughs">
            <caption class="nhsuk-table__caption">"Boroughs"</caption>
            <thead class="nhsuk-table__head">
                <tr class="nhsuk-table__row">
                    <th scope="col" class="nhsuk-table__header">"Borough"</th>
                    <th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">
                        "GP registered population"
                    </th>
                    <th scope="col" class="nhsuk-table__header">"See"</th>
                </tr>
            </thead>
            <tbody class="nhsuk-table__body">
                {boroughs
                    .into_iter()
                    .map(|borough| view! { <BoroughRow borough/> })
                    .collect_view()}
            </tbody>
            <tfoot>
                <tr class="nhsuk-table__row">
                    <th scope="row" class="nhsuk-table__header">"Total recorded"</th>
                    <td class="nhsuk-table__cell nhsuk-table__cell--numeric">
                        {crate::format::count(known_total)}
                    </td>
                    <td class="nhsuk-table__cell">
                        {format!("{known_count} of {borough_count} boroughs have a population recorded")}
                    </td>
                </tr>
            </tfoot>
        </table>
    }
}

#[component]
fn BoroughRow(borough: Borough) -> impl IntoView {
    let population = match borough.gp_registered_population {
        Some(population) => crate::format::count(population),
        None => "Not recorded".to_owned(),
    };
    let code = borough.code;
    let maturity_label = format!(" in {}", borough.name);
    let workforce_label = maturity_label.clone();
    view! {
        <tr class="nhsuk-table__row">
            <th scope="row" class="nhsuk-table__header">{borough.name}</th>
            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{population}</td>
            <td class="nhsuk-table__cell">
                <A href=format!("/maturity/boroughs/{code}")>
                    "Maturity"<span class="nhsuk-u-visually-hidden">{maturity_label}</span>
                </A>
                " · "
                <A href=format!("/workforce#coverage-{code}")>
                    "Workforce"<span class="nhsuk-u-visually-hidden">{workforce_label}</span>
                </A>
            </td>
        </tr>
    }
}
