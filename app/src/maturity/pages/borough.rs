//! `/maturity/borough/{code}`: one borough's agreed level in each domain across its
//! published rounds, as a server-rendered SVG (one small chart per domain, every bar
//! numbered, the latest round's target as a labelled dashed line) and the same figures in
//! a table; then the borough's rounds.

use super::{RoundTable, ILLUSTRATIVE};
use crate::components::{render_or_error, Loading, ScrollRegion};
use crate::error::AppError;
use crate::maturity::load_borough_maturity;
use crate::maturity::model::{level_colours, BoroughHistory};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn BoroughMaturityPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("code"),
        |code| async move {
            match code {
                Some(code) => load_borough_maturity(code).await,
                None => Err(AppError::not_found("That borough")),
            }
        },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(data.await, |data| view! { <History data/> })
            })}
        </Suspense>
    }
}

#[component]
fn History(data: BoroughHistory) -> impl IntoView {
    let title = format!("{}: maturity over time", data.borough_name);
    let rounds = data.rounds.clone();
    let illustrative = data.points.iter().any(|(round, _)| round.illustrative);
    view! {
        <Title text=title.clone()/>
        <nav class="nhsuk-back-link" aria-label="Back">
            <A href="/maturity" attr:class="nhsuk-back-link__link">"Maturity"</A>
        </nav>
        <h1>{title}</h1>
        {illustrative.then(|| view! { <p class="nhsuk-body"><strong>{format!("{ILLUSTRATIVE}.")}</strong>" Some rounds shown here are demonstration data."</p> })}
        {if data.points.is_empty() {
            view! { <p class="nhsuk-body">"No published rounds yet."</p> }.into_any()
        } else {
            view! {
                <DomainCharts data=data.clone()/>
                <LevelsTable data=data.clone()/>
            }.into_any()
        }}
        {if rounds.is_empty() {
            view! { <p class="nhsuk-body">"No rounds you can open."</p> }.into_any()
        } else {
            view! { <RoundTable rounds caption="Rounds"/> }.into_any()
        }}
    }
}

/// Six small bar charts, one per domain: one bar per published round, oldest first. Each
/// is drawn at its own size (text 12 px and up) and they wrap, three across on a desktop,
/// one under another on a phone.
#[component]
fn DomainCharts(data: BoroughHistory) -> impl IntoView {
    const PANEL_W: f64 = 340.0;
    /// Room on the right for the target's label.
    const RIGHT: f64 = 70.0;
    const PANEL_H: f64 = 170.0;
    const PLOT_H: f64 = 100.0;
    const BAR: f64 = 34.0;
    let panels = data
        .domains
        .iter()
        .enumerate()
        .map(|(index, domain)| {
            let x0 = 10.0;
            let base = 28.0 + PLOT_H;
            let grid = (1..=4)
                .map(|level| {
                    let y = base - level as f64 * PLOT_H / 4.0;
                    view! {
                        <line x1=x0 + 18.0 x2=x0 + PANEL_W - RIGHT y1=y y2=y stroke="#D8DDE0" stroke-width="1"/>
                        <text x=x0 + 10.0 y=y + 4.0 font-size="12" fill="#4C6272" text-anchor="end">{level}</text>
                    }
                })
                .collect_view();
            let bars = data
                .points
                .iter()
                .enumerate()
                .map(|(n, (round, levels))| {
                    let x = x0 + 26.0 + n as f64 * (BAR + 12.0);
                    let label = crate::format::short_month(round.held_on);
                    let bar = levels.get(index).copied().flatten().map(|level| {
                        let h = level as f64 * PLOT_H / 4.0;
                        let (fill, text) = level_colours(level);
                        view! {
                            <rect x=x y=base - h width=BAR height=h fill=format!("#{fill:06X}")/>
                            <text x=x + BAR / 2.0 y=base - 6.0 font-size="13" font-weight="bold" text-anchor="middle" fill=format!("#{text:06X}")>{level}</text>
                        }
                    });
                    view! {
                        {bar}
                        <text x=x + BAR / 2.0 y=base + 16.0 font-size="12" text-anchor="middle" fill="#212B32">{label}</text>
                    }
                })
                .collect_view();
            let told: Vec<String> = data
                .points
                .iter()
                .map(|(round, levels)| {
                    let level = levels.get(index).copied().flatten();
                    format!(
                        "{} {}",
                        crate::format::short_month(round.held_on),
                        level.map_or_else(|| "not rated".to_owned(), |level| level.to_string())
                    )
                })
                .collect();
            // The latest round's target for the next: a dashed line, labelled at its end.
            let target = data.targets.get(index).copied().flatten();
            let target_line = target.map(|target| {
                let y = base - target as f64 * PLOT_H / 4.0;
                view! {
                    <line class="linkway-target" x1=x0 + 18.0 x2=x0 + PANEL_W - RIGHT y1=y y2=y stroke="#212B32" stroke-width="2" stroke-dasharray="6 4"/>
                    <text x=x0 + PANEL_W - RIGHT + 4.0 y=y + 4.0 font-size="12" fill="#212B32">{format!("Target {target}")}</text>
                }
            });
            let target_told = target
                .map(|target| format!("; target for the next round {target}"))
                .unwrap_or_default();
            let label = format!(
                "{}: agreed level by round, {}{target_told}",
                domain.name,
                told.join(", ")
            );
            view! {
                <svg class="linkway-chart" role="img" aria-label=label viewBox=format!("0 0 {PANEL_W} {PANEL_H}") width=PANEL_W height=PANEL_H>
                    <text x=x0 y="16" font-size="13" font-weight="bold" fill="#212B32">{domain.name.clone()}</text>
                    {grid}
                    <line x1=x0 + 18.0 x2=x0 + PANEL_W - RIGHT y1=base y2=base stroke="#4C6272" stroke-width="1"/>
                    {bars}
                    {target_line}
                </svg>
            }
        })
        .collect_view();
    view! {
        <h2 class="nhsuk-heading-m" id="chart-heading">"Each domain across rounds"</h2>
        <p class="nhsuk-body-s">{format!("Agreed level (1 to 4) of each domain in {}'s published rounds. The dashed line is the target the latest round set for the next. The same figures are in the table below.", data.borough_name)}</p>
        <div class="linkway-small-multiples" role="group" aria-labelledby="chart-heading">{panels}</div>
    }
}

#[component]
fn LevelsTable(data: BoroughHistory) -> impl IntoView {
    view! {
        <ScrollRegion label="Agreed levels by round".to_owned()>
            <table class="nhsuk-table" id="levels">
                <caption class="nhsuk-table__caption">"Agreed levels by round"</caption>
                <thead class="nhsuk-table__head">
                    <tr class="nhsuk-table__row">
                        <th scope="col" class="nhsuk-table__header">"Domain"</th>
                        {data.points.iter().map(|(round, _)| view! {
                            <th scope="col" class="nhsuk-table__header">
                                <A href=format!("/maturity/rounds/{}", round.id)>{format!("{} ({})", round.title, crate::format::month(round.held_on))}</A>
                            </th>
                        }).collect_view()}
                        <th scope="col" class="nhsuk-table__header">"Target next round"</th>
                    </tr>
                </thead>
                <tbody class="nhsuk-table__body">
                    {data.domains.iter().enumerate().map(|(index, domain)| view! {
                        <tr class="nhsuk-table__row">
                            <th scope="row" class="nhsuk-table__header">{domain.name.clone()}</th>
                            {data.points.iter().map(|(_, levels)| view! {
                                <td class="nhsuk-table__cell">{levels.get(index).copied().flatten().map(|l| l.to_string()).unwrap_or_else(|| "—".into())}</td>
                            }).collect_view()}
                            <td class="nhsuk-table__cell">{data.targets.get(index).copied().flatten().map(|l| l.to_string()).unwrap_or_else(|| "None set".into())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollRegion>
    }
}
