//! `/maturity/framework`: the framework's level descriptors per domain (`?version=` shows an
//! earlier version, as old rounds were scored against it). Linkway's default wording is
//! marked; administrators reword a domain here, which makes a new version.

use super::round::describe;
use super::suffixed;
use crate::components::{
    render_or_error, ErrorSummary, Form, FormCopy, FormField, Loading, TableHead,
};
use crate::error::FieldErrors;
use crate::maturity::model::{DomainScale, FrameworkPage as Page};
use crate::maturity::{load_framework, UpdateFramework};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn FrameworkPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || query.read().get("version").unwrap_or_default(),
        load_framework,
    );
    view! {
        <Title text="Maturity framework"/>
        <nav class="nhsuk-back-link" aria-label="Back">
            <A href="/maturity" attr:class="nhsuk-back-link__link">"Maturity"</A>
        </nav>
        <h1>"Maturity framework"</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(data.await, move |data| view! { <Framework data/> })
            })}
        </Suspense>
    }
}

#[component]
fn Framework(data: Page) -> impl IntoView {
    let framework = data.framework.clone();
    let can_edit = data.can_edit;
    let number = framework.number;
    view! {
        <p class="nhsuk-lede-text">{format!("Version {}: {}", framework.number, framework.note)}</p>
        <p class="nhsuk-body">"Each domain is scored on four levels. Wording marked \u{201c}Default\u{201d} was written by Linkway from what the 2024 review says good looks like; administrators can change it. A change makes a new version: rounds keep the wording they were scored against."</p>
        {framework.domains.into_iter().map(|scale| view! {
            <Domain scale=scale.clone()/>
            {can_edit.then(|| view! { <EditDomain scale version=number/> })}
        }).collect_view()}
        <h2 class="nhsuk-heading-m">"Versions"</h2>
        <ul class="nhsuk-list" id="versions">
            {data.versions.into_iter().map(|v| view! {
                <li>
                    <A href=format!("/maturity/framework?version={}", v.number)>{format!("Version {}", v.number)}</A>
                    {format!(" — {} ({}{})", v.note, v.created, v.created_by.map(|n| format!(", {n}")).unwrap_or_default())}
                </li>
            }).collect_view()}
        </ul>
    }
}

#[component]
fn Domain(scale: DomainScale) -> impl IntoView {
    view! {
        <table class="nhsuk-table" id=format!("domain-{}", scale.position)>
            <caption class="nhsuk-table__caption">{format!("{}. {}", scale.position, scale.name)}</caption>
            <TableHead columns=&["Level", "What it looks like"] />
            <tbody class="nhsuk-table__body">
                {scale.levels.into_iter().map(|level| view! {
                    <tr class="nhsuk-table__row">
                        <th scope="row" class="nhsuk-table__header">{format!("{} {}", level.level, level.name)}</th>
                        <td class="nhsuk-table__cell">
                            {level.descriptor}
                            {level.is_default.then(|| view! { " " <strong class="nhsuk-tag nhsuk-tag--grey">"Default"</strong> })}
                        </td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn EditDomain(scale: DomainScale, version: i64) -> impl IntoView {
    let action = ServerAction::<UpdateFramework>::new();
    let position = scale.position;
    let copy = FormCopy::<UpdateFramework>::new("domain", position);
    let version = copy.version(version, action.value());
    let errors = suffixed(copy.errors(action.value()), position);
    view! {
        <details class="nhsuk-details" open=move || !errors.with(FieldErrors::is_empty)>
            <summary class="nhsuk-details__summary">
                <span class="nhsuk-details__summary-text">{format!("Edit the wording of {}", scale.name)}</span>
            </summary>
            <div class="nhsuk-details__text">
                <ErrorSummary errors/>
                <Form action attr:aria-label=format!("Edit the wording of {}", scale.name)>
                    <input type="hidden" name="domain" value=position/>
                    <input type="hidden" name="version" value=version/>
                    {scale.levels.into_iter().enumerate().map(|(index, level)| {
                        let name_id = format!("name_{}_{position}", level.level);
                        let descriptor_id = format!("descriptor_{}_{position}", level.level);
                        let name = copy.typed(&format!("levels[{index}][name]")).unwrap_or(level.name.clone());
                        let descriptor = copy
                            .typed(&format!("levels[{index}][descriptor]"))
                            .unwrap_or(level.descriptor.clone());
                        view! {
                            <input type="hidden" name=format!("levels[{index}][level]") value=level.level/>
                            <FormField id=name_id.clone() label=format!("Level {} name", level.level) errors>
                                <input class="nhsuk-input nhsuk-input--width-20" id=name_id.clone() name=format!("levels[{index}][name]") type="text" value=name aria-describedby=describe(errors, name_id.clone())/>
                            </FormField>
                            <FormField id=descriptor_id.clone() label=format!("Level {} descriptor", level.level) errors>
                                <textarea class="nhsuk-textarea" id=descriptor_id.clone() name=format!("levels[{index}][descriptor]") rows="3" aria-describedby=describe(errors, descriptor_id.clone())>{crate::format::textarea_text(&descriptor)}</textarea>
                            </FormField>
                        }
                    }).collect_view()}
                    <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Save as a new version"</button>
                </Form>
            </div>
        </details>
    }
}
