//! `/maturity`: the ICB heatmap (boroughs × domains, each borough's latest published round),
//! the rounds the user can open, and — for borough and ICB leads — a form to start a round.

use super::{LevelCell, RoundTable, ILLUSTRATIVE};
use crate::boroughs::area::AreaChooser;
use crate::components::{
    action_errors, described_by, render_or_error, typed, ErrorSummary, Form, FormField, Loading,
    ScrollRegion,
};
use crate::maturity::model::{Heatmap, MaturityOverview};
use crate::maturity::{load_maturity, CreateRound};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn MaturityPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || query.read().get("area").unwrap_or_default(),
        load_maturity,
    );
    view! {
        <Title text="Maturity"/>
        <h1>"Maturity"</h1>
        <p class="nhsuk-lede-text">
            "Borough steering groups score their social prescribing system against the six domains of the maturity framework the 2024 review used, agree the scores, and compare."
        </p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(data.await, |data| view! { <Overview data/> })
            })}
        </Suspense>
    }
}

#[component]
fn Overview(data: MaturityOverview) -> impl IntoView {
    let rounds = data.rounds.clone();
    let export = format!(
        "/maturity/heatmap.xlsx?area={}",
        crate::format::query_value(&data.area.chosen)
    );
    let unpublished = data.heatmap.unpublished;
    view! {
        <AreaChooser choice=data.area.clone() page="/maturity"/>
        <h2 class="nhsuk-heading-l" id="heatmap-heading">{format!("Where each borough stands: {}", data.area.name)}</h2>
        {if data.heatmap.rows.iter().all(|row| row.round.is_none()) {
            view! { <p class="nhsuk-body">{format!("No borough in {} has published an assessment round yet.", data.area.name)}</p> }.into_any()
        } else {
            view! { <HeatmapTable map=data.heatmap.clone()/> }.into_any()
        }}
        {(unpublished > 0).then(|| view! {
            <p class="nhsuk-body">{format!("Not shown: {} with no published round.", crate::format::plural(unpublished as i64, "borough"))}</p>
        })}
        <p class="nhsuk-body">
            <a class="nhsuk-link" href=export download>"Download the heatmap (.xlsx)"</a>
            " · "
            <A href="/maturity/framework">"The framework and its level descriptors"</A>
        </p>
        <h2 class="nhsuk-heading-l">"Assessment rounds"</h2>
        {if rounds.is_empty() {
            view! { <p class="nhsuk-body">"No assessment rounds you can open yet."</p> }.into_any()
        } else {
            view! { <RoundTable rounds caption="Rounds you can open, newest first"/> }.into_any()
        }}
        {(!data.can_start.is_empty()).then(|| view! { <StartRound data=data.clone()/> })}
    }
}

/// Boroughs down, domains across; each cell the agreed level's number and name on a fill
/// that darkens with the level. Boroughs and domains link to their own pages.
#[component]
pub fn HeatmapTable(map: Heatmap) -> impl IntoView {
    let illustrative = map
        .rows
        .iter()
        .any(|row| row.round.as_ref().is_some_and(|r| r.illustrative));
    view! {
        <p class="nhsuk-body">"The agreed level of each borough's latest published round, from 1 (emerging) to 4 (embedded)."</p>
        {illustrative.then(|| view! {
            <div class="nhsuk-warning-callout">
                <h3 class="nhsuk-warning-callout__label"><span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>"Illustrative scores"</span></h3>
                <p>{format!("Rounds marked \u{201c}{ILLUSTRATIVE}\u{201d} are demonstration data. The review ranks boroughs in its narrative but gives no numeric scores.")}</p>
            </div>
        })}
        <ScrollRegion label="Maturity heatmap".to_owned()>
            <table class="nhsuk-table linkway-heatmap" id="heatmap" aria-labelledby="heatmap-heading">
                <thead class="nhsuk-table__head">
                    <tr class="nhsuk-table__row">
                        <th scope="col" class="nhsuk-table__header">"Borough"</th>
                        {map.domains.clone().into_iter().map(|d| view! {
                            <th scope="col" class="nhsuk-table__header">
                                <A href=format!("/maturity/domains/{}", d.position)>{d.name.clone()}</A>
                            </th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody class="nhsuk-table__body">
                    {map.rows.into_iter().map(|row| {
                        let round = row.round.clone().map(|r| {
                            let note = if r.illustrative { format!("{}, {ILLUSTRATIVE}", crate::format::month(r.held_on)) } else { crate::format::month(r.held_on) };
                            view! { <br/><span class="nhsuk-body-s">{note}</span> }
                        });
                        view! {
                            <tr class="nhsuk-table__row">
                                <th scope="row" class="nhsuk-table__header">
                                    <A href=format!("/maturity/boroughs/{}", row.borough_code)>{row.borough_name.clone()}</A>
                                    {round}
                                </th>
                                {row.cells.into_iter().map(|cell| view! { <LevelCell level=cell/> }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollRegion>
    }
}

#[component]
fn StartRound(data: MaturityOverview) -> impl IntoView {
    let action = ServerAction::<CreateRound>::new();
    let errors = action_errors(action.value());
    let typed = |name: &str| typed::<CreateRound>(name);
    let held_on = typed("held_on").unwrap_or_else(|| data.today.to_string());
    let chosen = typed("borough");
    view! {
        <h2 class="nhsuk-heading-m" id="start-heading">"Start an assessment round"</h2>
        <ErrorSummary errors/>
        <Form action attr:aria-labelledby="start-heading">
            <FormField id="borough" label="Borough" errors>
                <select class="nhsuk-select" id="borough" name="borough" aria-describedby=described_by(errors, "borough")>
                    {data.can_start.into_iter().map(|(code, name)| {
                        let selected = chosen.as_deref() == Some(code.as_str());
                        view! { <option value=code selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </FormField>
            <FormField id="title" label="Title" hint="For example, Autumn 2026 self-assessment" errors>
                <input class="nhsuk-input" id="title" name="title" type="text" value=typed("title") aria-describedby=described_by(errors, "title")/>
            </FormField>
            <FormField id="held_on" label="Date of the round" errors>
                <input class="nhsuk-input nhsuk-input--width-10" id="held_on" name="held_on" type="date" value=held_on aria-describedby=described_by(errors, "held_on")/>
            </FormField>
            <button class="nhsuk-button" type="submit">"Start round"</button>
        </Form>
    }
}
