//! `/recommendations`: the 21 recommendations grouped by the review's categories.

use crate::components::{render_or_error, Loading};
use crate::recommendations::{list_recommendations, Recommendation};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn RecommendationsPage() -> impl IntoView {
    let recommendations = Resource::new(|| (), |_| list_recommendations());
    view! {
        <Title text="Recommendations"/>
        <h1>"Recommendations"</h1>
        <p class="nhsuk-lede-text">
            "The 21 recommendations of the 2024 review of social prescribing in North Central London, as the review sets them out."
        </p>
        <p class="nhsuk-body">
            <a href="/recommendations.xlsx" download rel="external">"Download the recommendations (Excel, .xlsx)"</a>
        </p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(recommendations.await, |items| view! { <ByCategory items/> })
            })}
        </Suspense>
    }
}

#[component]
fn ByCategory(items: Vec<Recommendation>) -> impl IntoView {
    let mut categories: Vec<(String, Vec<Recommendation>)> = Vec::new();
    for item in items {
        match categories
            .iter_mut()
            .find(|(name, _)| *name == item.category)
        {
            Some((_, group)) => group.push(item),
            None => categories.push((item.category.clone(), vec![item])),
        }
    }
    categories
        .into_iter()
        .map(|(category, items)| {
            view! {
                <h2 class="nhsuk-heading-m">{category.clone()}</h2>
                <table class="nhsuk-table">
                    <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">
                        {format!("Recommendations: {category}")}
                    </caption>
                    <thead class="nhsuk-table__head">
                        <tr class="nhsuk-table__row">
                            <th scope="col" class="nhsuk-table__header">"No."</th>
                            <th scope="col" class="nhsuk-table__header">"Recommendation"</th>
                            <th scope="col" class="nhsuk-table__header">"Timeline"</th>
                            <th scope="col" class="nhsuk-table__header">"Priority"</th>
                        </tr>
                    </thead>
                    <tbody class="nhsuk-table__body">
                        {items
                            .into_iter()
                            .map(|item| {
                                view! {
                                    <tr class="nhsuk-table__row">
                                        <td class="nhsuk-table__cell">{item.number}</td>
                                        <td class="nhsuk-table__cell">
                                            <A href=format!("/recommendations/{}", item.number)>
                                                {item.recommendation}
                                            </A>
                                        </td>
                                        <td class="nhsuk-table__cell">{item.timeline}</td>
                                        <td class="nhsuk-table__cell">{item.priority}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            }
        })
        .collect_view()
}
