//! `/recommendations/{number}`: one recommendation in full.

use crate::components::{render_or_error, Loading};
use crate::error::AppError;
use crate::recommendations::{get_recommendation, Recommendation};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn RecommendationPage() -> impl IntoView {
    let params = use_params_map();
    let recommendation = Resource::new(
        move || params.read().get("number"),
        |number| async move {
            // A number that is not a whole number is a page that does not exist.
            match number.as_deref().map(str::parse::<i64>) {
                Some(Ok(number)) => get_recommendation(number).await,
                _ => Err(AppError::not_found("That recommendation")),
            }
        },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(recommendation.await, |item| view! { <Details item/> })
            })}
        </Suspense>
    }
}

#[component]
fn Details(item: Recommendation) -> impl IntoView {
    let title = format!("Recommendation {}", item.number);
    let rows = [
        ("Category", item.category),
        ("Specific actions", item.specific_actions),
        ("Timeline", item.timeline),
        ("Cost implication", item.cost_implication),
        ("Priority", item.priority),
    ];
    view! {
        <Title text=title.clone()/>
        <nav class="nhsuk-back-link" aria-label="Back">
            <A href="/recommendations" attr:class="nhsuk-back-link__link">"All recommendations"</A>
        </nav>
        <span class="nhsuk-caption-l">{title}</span>
        <h1>{item.recommendation}</h1>
        <dl class="nhsuk-summary-list">
            {rows
                .into_iter()
                .map(|(key, value)| {
                    view! {
                        <div class="nhsuk-summary-list__row">
                            <dt class="nhsuk-summary-list__key">{key}</dt>
                            <dd class="nhsuk-summary-list__value">{value}</dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}
