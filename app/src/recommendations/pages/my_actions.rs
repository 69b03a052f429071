//! `/my-actions`: what the signed-in user owns — recommendations, open milestones and
//! borough lines — each linking to its recommendation.

use super::{RagTag, StatusTag};
use crate::components::{render_or_error, Loading};
use crate::recommendations::load_my_actions;
use crate::recommendations::model::MyActions;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn MyActionsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_my_actions());
    view! {
        <Title text="My actions"/>
        <h1>"My actions"</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(data.await, |data| view! { <Lists data/> })
            })}
        </Suspense>
    }
}

#[component]
fn Lists(data: MyActions) -> impl IntoView {
    let nothing = data.recommendations.is_empty()
        && data.milestones.is_empty()
        && data.borough_lines.is_empty();
    let today = data.today;
    view! {
        {nothing.then(|| view! {
            <p class="nhsuk-body" id="no-actions">"You do not own any recommendations, milestones or borough lines yet. An ICB lead names owners on each recommendation's page."</p>
        })}
        {(!data.recommendations.is_empty()).then(|| view! {
            <h2 class="nhsuk-heading-m">"Recommendations you own"</h2>
            <ul class="nhsuk-list nhsuk-list--border" id="my-recommendations">
                {data.recommendations.into_iter().map(|row| view! {
                    <li>
                        <A href=format!("/recommendations/{}", row.recommendation.number)>
                            {format!("{}. {}", row.recommendation.number, row.recommendation.recommendation)}
                        </A>
                        " · Derived " <RagTag rag=Some(row.derived.rag)/>
                    </li>
                }).collect_view()}
            </ul>
        })}
        {(!data.milestones.is_empty()).then(|| view! {
            <h2 class="nhsuk-heading-m">"Your open milestones"</h2>
            <ul class="nhsuk-list nhsuk-list--border" id="my-milestones">
                {data.milestones.into_iter().map(|item| {
                    let late = if item.due_on < today { " (overdue)" } else { "" };
                    view! {
                        <li>
                            <strong>{format!("{}, due {}{late}", item.what, crate::format::date(item.due_on))}</strong>
                            <br/>
                            <A href=format!("/recommendations/{}", item.recommendation_number)>
                                {format!("Recommendation {}: {}", item.recommendation_number, item.recommendation)}
                            </A>
                        </li>
                    }
                }).collect_view()}
            </ul>
        })}
        {(!data.borough_lines.is_empty()).then(|| view! {
            <h2 class="nhsuk-heading-m">"Your borough lines"</h2>
            <ul class="nhsuk-list nhsuk-list--border" id="my-lines">
                {data.borough_lines.into_iter().map(|line| view! {
                    <li>
                        <A href=format!("/recommendations/{}", line.recommendation_number)>
                            {format!("Recommendation {}, {}", line.recommendation_number, line.borough_name)}
                        </A>
                        " " <StatusTag status=line.status/>
                    </li>
                }).collect_view()}
            </ul>
        })}
    }
}
