//! `/recommendations/overview`: the ICB overview — what is overdue, what falls due in the
//! next 30 days, and the derived RAG at each quarter end as a server-rendered SVG chart
//! (with the same figures in a table). ICB leads set the programme start here.

use crate::components::Form;
use crate::components::{
    action_errors, described_by, render_or_error, ErrorSummary, FormField, Loading, TableHead,
};
use crate::components::{form_version, typed_or, ScrollRegion};
use crate::recommendations::model::{DueItem, Overview, TrendPoint};
use crate::recommendations::{load_overview, Rag, SetProgrammeStart};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn OverviewPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_overview());
    view! {
        <Title text="ICB overview of the recommendations"/>
        <nav class="nhsuk-back-link" aria-label="Back">
            <A href="/recommendations" attr:class="nhsuk-back-link__link">"Recommendations tracker"</A>
        </nav>
        <h1>"ICB overview of the recommendations"</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(data.await, move |data| view! { <OverviewBody data/> })
            })}
        </Suspense>
    }
}

#[component]
fn OverviewBody(data: Overview) -> impl IntoView {
    let start = data
        .programme_start
        .map(|d| {
            format!(
                "Target windows count from the programme start, {}.",
                crate::format::date(d)
            )
        })
        .unwrap_or_else(|| {
            "No programme start is set, so no recommendation has a due date yet.".into()
        });
    view! {
        <p class="nhsuk-body">{start}</p>
        <DueTable id="overdue" caption="Overdue" items=data.overdue.clone() empty="Nothing is overdue."/>
        <DueTable id="due-soon" caption="Due in the next 30 days" items=data.due_soon.clone() empty="Nothing falls due in the next 30 days."/>
        <h2 class="nhsuk-heading-m" id="trend-heading">"Derived RAG at each quarter end"</h2>
        <TrendChart points=data.trend.clone()/>
        <TrendTable points=data.trend.clone()/>
        {data.can_plan.then(|| view! { <ProgrammeStartForm current=data.programme_start version=data.programme_start_version/> })}
    }
}

#[component]
fn DueTable(
    id: &'static str,
    caption: &'static str,
    items: Vec<DueItem>,
    empty: &'static str,
) -> impl IntoView {
    view! {
        <h2 class="nhsuk-heading-m" id=format!("{id}-heading")>{caption}</h2>
        {if items.is_empty() {
            view! { <p class="nhsuk-body">{empty}</p> }.into_any()
        } else {
            view! {
                <ScrollRegion label=caption.to_owned()>
                    <table class="nhsuk-table" id=id aria-labelledby=format!("{id}-heading")>
                        <TableHead columns=&["Due", "What", "Recommendation", "Owner"] />
                        <tbody class="nhsuk-table__body">
                            {items.into_iter().map(|item| view! {
                                <tr class="nhsuk-table__row">
                                    <td class="nhsuk-table__cell">{crate::format::date(item.due_on)}</td>
                                    <td class="nhsuk-table__cell">{item.what}</td>
                                    <td class="nhsuk-table__cell">
                                        <A href=format!("/recommendations/{}", item.recommendation_number)>
                                            {format!("{}. {}", item.recommendation_number, item.recommendation)}
                                        </A>
                                    </td>
                                    <td class="nhsuk-table__cell">{item.owner_name.unwrap_or_else(|| "No owner".into())}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </ScrollRegion>
            }.into_any()
        }}
    }
}

/// Stacked bars, one per date: red at the bottom, then amber, then green; each segment
/// labelled with its count so colour is never the only signal.
#[component]
pub fn TrendChart(points: Vec<TrendPoint>) -> impl IntoView {
    const BAR: f64 = 56.0;
    const GAP: f64 = 28.0;
    const HEIGHT: f64 = 210.0;
    const TOP: f64 = 10.0;
    let total = points
        .iter()
        .map(|p| p.red + p.amber + p.green)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let width = GAP + points.len() as f64 * (BAR + GAP);
    let scale = HEIGHT / total;
    let bars = points
        .iter()
        .enumerate()
        .map(|(index, point)| {
            let x = GAP + index as f64 * (BAR + GAP);
            let mut y = TOP + HEIGHT;
            let segments = [(Rag::Red, point.red), (Rag::Amber, point.amber), (Rag::Green, point.green)]
                .into_iter()
                .filter(|(_, count)| *count > 0)
                .map(|(rag, count)| {
                    let height = count as f64 * scale;
                    y -= height;
                    let fill = format!("#{:06X}", rag.fill());
                    let text_fill = if rag == Rag::Amber { "#212B32" } else { "#FFFFFF" };
                    let label = (height >= 14.0).then(|| view! {
                        <text x=x + BAR / 2.0 y=y + height / 2.0 + 5.0 text-anchor="middle" fill=text_fill font-size="14">{count}</text>
                    });
                    view! {
                        <rect x=x y=y width=BAR height=height fill=fill/>
                        {label}
                    }
                })
                .collect_view();
            let date = crate::format::month(point.date);
            view! {
                <g>
                    {segments}
                    <text x=x + BAR / 2.0 y=TOP + HEIGHT + 20.0 text-anchor="middle" fill="#212B32" font-size="13">{date}</text>
                </g>
            }
        })
        .collect_view();
    let description = points
        .iter()
        .map(|p| {
            format!(
                "{}: {} red, {} amber, {} green",
                crate::format::date(p.date),
                p.red,
                p.amber,
                p.green
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    // Drawn at its own size (text 13 px and up); on a narrow screen it scrolls sideways in
    // its own region, never the page.
    view! {
        <ScrollRegion label="Derived RAG chart".to_owned()>
            <svg class="linkway-chart" id="rag-trend" role="img" aria-labelledby="trend-title trend-desc"
                viewBox=format!("0 0 {width} {}", TOP + HEIGHT + 30.0) width=width height=TOP + HEIGHT + 30.0>
                <title id="trend-title">"Derived RAG of the 21 recommendations at each quarter end"</title>
                <desc id="trend-desc">{description}</desc>
                {bars}
            </svg>
        </ScrollRegion>
        <ul class="linkway-legend nhsuk-body-s" id="rag-legend" aria-label="Key">
            <li><span class="linkway-legend__swatch linkway-legend__swatch--red"></span>"Red"</li>
            <li><span class="linkway-legend__swatch linkway-legend__swatch--amber"></span>"Amber"</li>
            <li><span class="linkway-legend__swatch linkway-legend__swatch--green"></span>"Green"</li>
        </ul>
    }
}

#[component]
fn TrendTable(points: Vec<TrendPoint>) -> impl IntoView {
    view! {
        <ScrollRegion label="The chart's figures".to_owned()>
            <table class="nhsuk-table" id="rag-trend-table">
                <caption class="nhsuk-table__caption nhsuk-table__caption--s">"The chart's figures"</caption>
                <TableHead columns=&["As at"] numeric=&["Red", "Amber", "Green"] />
                <tbody class="nhsuk-table__body">
                    {points.into_iter().map(|p| view! {
                        <tr class="nhsuk-table__row">
                            <td class="nhsuk-table__cell">
                                <a href=format!("/recommendations?as_at={}", p.date)>{crate::format::date(p.date)}</a>
                            </td>
                            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{p.red}</td>
                            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{p.amber}</td>
                            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{p.green}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollRegion>
    }
}

#[component]
fn ProgrammeStartForm(current: Option<chrono::NaiveDate>, version: i64) -> impl IntoView {
    let action = ServerAction::<SetProgrammeStart>::new();
    let version = form_version(version, action.value());
    let errors = action_errors(action.value());
    let start = typed_or::<SetProgrammeStart>(
        "programme_start",
        current.map(|d| d.to_string()).unwrap_or_default(),
    );
    view! {
        <h2 class="nhsuk-heading-m" id="start-heading">"Programme start"</h2>
        <ErrorSummary errors/>
        <Form action attr:aria-labelledby="start-heading">
            <input type="hidden" name="version" value=version().to_string()/>
            <FormField id="programme_start" label="Programme start date"
                hint="Each timeline counts from this date: \"3-6 months\" is due between 3 and 6 months after it. The default, 1 March 2025, follows the review's latest dated source (10 February 2025); the review gives no publication date." errors>
                <input class="nhsuk-input nhsuk-input--width-10" id="programme_start" name="programme_start" type="date"
                    value=start aria-describedby=described_by(errors, "programme_start")/>
            </FormField>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Save programme start"</button>
        </Form>
    }
}
