//! `/maturity/domains/{position}`: one domain — boroughs ranked by the agreed level of their
//! latest published round, quoting the agreed rationale and the participants' evidence.

use super::{LevelCell, ILLUSTRATIVE};
use crate::components::{number_in_address, render_or_error, Loading, TableHead};
use crate::maturity::load_domain_ranking;
use crate::maturity::model::DomainRanking;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn DomainPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("position"),
        |position| async move {
            load_domain_ranking(number_in_address(
                position.as_deref(),
                "That maturity domain",
            )?)
            .await
        },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(data.await, |data| view! { <Ranking data/> })
            })}
        </Suspense>
    }
}

#[component]
fn Ranking(data: DomainRanking) -> impl IntoView {
    let title = data.domain.name.clone();
    view! {
        <Title text=title.clone()/>
        <nav class="nhsuk-back-link" aria-label="Back">
            <A href="/maturity" attr:class="nhsuk-back-link__link">"Maturity"</A>
        </nav>
        <span class="nhsuk-caption-l">{format!("Maturity domain {}", data.domain.position)}</span>
        <h1>{title}</h1>
        <p class="nhsuk-body">"Boroughs ranked by the agreed level of their latest published round. Equal levels share a rank."</p>
        {if data.entries.is_empty() {
            view! { <p class="nhsuk-body">"No borough has published a round yet."</p> }.into_any()
        } else {
            view! {
                <table class="nhsuk-table" id="ranking">
                    <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">{format!("Boroughs ranked on {}", data.domain.name)}</caption>
                    <TableHead columns=&["Rank", "Borough", "Level", "Why, in their words"] />
                    <tbody class="nhsuk-table__body">
                        {data.entries.into_iter().map(|entry| {
                            let round = entry.level.round.clone();
                            let note = if round.illustrative { format!("{}, {ILLUSTRATIVE}", round.title) } else { round.title.clone() };
                            view! {
                                <tr class="nhsuk-table__row">
                                    <td class="nhsuk-table__cell">{entry.rank}</td>
                                    <th scope="row" class="nhsuk-table__header">
                                        <A href=format!("/maturity/boroughs/{}", round.borough_code)>{round.borough_name.clone()}</A>
                                        <br/><A href=format!("/maturity/rounds/{}", round.id) attr:class="nhsuk-body-s">{note}</A>
                                    </th>
                                    <LevelCell level=Some((entry.level.level, entry.level.level_name.clone()))/>
                                    <td class="nhsuk-table__cell">
                                        <p class="nhsuk-body-s">{entry.level.rationale.clone()}</p>
                                        {entry.evidence.into_iter().map(|(rater, evidence)| view! {
                                            <blockquote class="linkway-quote nhsuk-body-s">{format!("\u{201c}{evidence}\u{201d} — {rater}")}</blockquote>
                                        }).collect_view()}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        {(!data.unassessed.is_empty()).then(|| view! {
            <p class="nhsuk-body">{format!("No published round yet: {}.", data.unassessed.join(", "))}</p>
        })}
    }
}
