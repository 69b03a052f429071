//! `/maturity`: the framework's domains (assessment rounds arrive in a later release).

use crate::components::{render_or_error, Loading};
use crate::maturity::list_domains;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MaturityPage() -> impl IntoView {
    let domains = Resource::new(|| (), |_| list_domains());
    view! {
        <Title text="Maturity"/>
        <h1>"Maturity"</h1>
        <p class="nhsuk-lede-text">
            "Borough steering groups score their social prescribing system against the six domains the 2024 review assessed every borough on."
        </p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(domains.await, |domains| view! {
                    <h2 class="nhsuk-heading-m">"The six domains"</h2>
                    <ol class="nhsuk-list nhsuk-list--number">
                        {domains.into_iter().map(|domain| view! { <li>{domain.name}</li> }).collect_view()}
                    </ol>
                })
            })}
        </Suspense>
        <div class="nhsuk-inset-text">
            <span class="nhsuk-u-visually-hidden">"Information: "</span>
            <p>"No assessment rounds have been recorded yet."</p>
        </div>
    }
}
