//! `/borough-plans`: one borough's plan actions by maturity domain (`?borough=` picks the
//! borough); `/borough-plans/actions/{id}`: one action, with its edit form.

use super::{
    load_borough_action, load_borough_plan, ActionDetail, BoroughAction, BoroughPlan,
    UpdateBoroughAction,
};
use crate::auth::PeopleOptions;
use crate::components::Form;
use crate::components::{
    action_errors, described_by, number_in_address, render_or_error, ErrorSummary, FormField,
    Loading, TableHead,
};
use crate::components::{form_version, typed};
use crate::recommendations::{Status, StatusOptions, StatusTag};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn BoroughPlansPage() -> impl IntoView {
    let query = use_query_map();
    let plan = Resource::new(
        move || query.read().get("borough").unwrap_or_default(),
        load_borough_plan,
    );
    view! {
        <Title text="Borough plans"/>
        <h1>"Borough plans"</h1>
        <p class="nhsuk-lede-text">"The actions each borough planned in the 2024 review, by maturity domain, with who owns them and where they stand."</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(plan.await, |plan| view! { <Plan plan/> })
            })}
        </Suspense>
    }
}

#[component]
fn Plan(plan: BoroughPlan) -> impl IntoView {
    let mut domains: Vec<(String, Vec<BoroughAction>)> = Vec::new();
    for action in plan.actions {
        match domains.iter_mut().find(|(name, _)| *name == action.domain) {
            Some((_, list)) => list.push(action),
            None => domains.push((action.domain.clone(), vec![action])),
        }
    }
    view! {
        <form method="get" action="/borough-plans" class="linkway-filters">
            <div class="nhsuk-form-group linkway-filter">
                <label class="nhsuk-label" for="borough">"Borough"</label>
                <select class="nhsuk-select" id="borough" name="borough">
                    {plan.boroughs.into_iter().map(|(code, name)| {
                        let selected = code == plan.borough_code;
                        view! { <option value=code selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Show plan"</button>
        </form>
        <h2 class="nhsuk-heading-l">{format!("{} borough plan", plan.borough_name)}</h2>
        {domains.into_iter().map(|(domain, actions)| view! {
            <h3 class="nhsuk-heading-m">{domain.clone()}</h3>
            <table class="nhsuk-table">
                <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">{format!("{}: {domain}", plan.borough_name)}</caption>
                <TableHead columns=&["Action", "Owner", "Status", "Recommendations"] />
                <tbody class="nhsuk-table__body">
                    {actions.into_iter().map(|a| view! {
                        <tr class="nhsuk-table__row">
                            <td class="nhsuk-table__cell">
                                <A href=format!("/borough-plans/actions/{}", a.id)>{format!("{}) {}", a.number, a.title)}</A>
                            </td>
                            <td class="nhsuk-table__cell">{a.owner_name.clone().unwrap_or_else(|| "No owner".into())}</td>
                            <td class="nhsuk-table__cell"><StatusTag status=a.status/></td>
                            <td class="nhsuk-table__cell">
                                {a.recommendations.clone().into_iter().map(|n| view! { <A href=format!("/recommendations/{n}")>{n.to_string()}</A>" " }).collect_view()}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }).collect_view()}
    }
}

#[component]
pub fn BoroughActionPage() -> impl IntoView {
    let params = use_params_map();
    let detail = Resource::new(
        move || params.read().get("id"),
        |id| async move {
            load_borough_action(number_in_address(
                id.as_deref(),
                "That borough plan action",
            )?)
            .await
        },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render_or_error(detail.await, move |detail| view! { <Action detail/> })
            })}
        </Suspense>
    }
}

#[component]
fn Action(detail: ActionDetail) -> impl IntoView {
    let a = detail.action.clone();
    let title = format!("{}) {}", a.number, a.title);
    let links = if a.recommendations.is_empty() {
        "None".to_owned()
    } else {
        a.recommendations
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let rows = [
        ("Borough", a.borough_name.clone()),
        ("Maturity domain", a.domain.clone()),
        (
            "Owner",
            a.owner_name.clone().unwrap_or_else(|| "No owner".into()),
        ),
        ("Status", a.status.label().to_owned()),
        (
            "Due",
            a.due_on
                .map(crate::format::date)
                .unwrap_or_else(|| "Not set".into()),
        ),
        (
            "Done",
            a.done_on
                .map(crate::format::date)
                .unwrap_or_else(|| "Not yet".into()),
        ),
        ("Linked recommendations", links),
    ];
    view! {
        <Title text=title.clone()/>
        <nav class="nhsuk-back-link" aria-label="Back">
            <A href=format!("/borough-plans?borough={}", a.borough_code) attr:class="nhsuk-back-link__link">{format!("{} borough plan", a.borough_name)}</A>
        </nav>
        <span class="nhsuk-caption-l">{format!("{} · {}", a.borough_name, a.domain)}</span>
        <h1>{title}</h1>
        <dl class="nhsuk-summary-list">
            {rows.into_iter().map(|(key, value)| view! {
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">{key}</dt>
                    <dd class="nhsuk-summary-list__value">{value}</dd>
                </div>
            }).collect_view()}
        </dl>
        {detail.can_edit.then(|| view! { <EditAction detail=detail.clone()/> })}
    }
}

#[component]
fn EditAction(detail: ActionDetail) -> impl IntoView {
    let action = ServerAction::<UpdateBoroughAction>::new();
    let errors = action_errors(action.value());
    let a = detail.action;
    let version = form_version(a.version, action.value());
    let links = a
        .recommendations
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let typed = |name: &str| typed::<UpdateBoroughAction>(name);
    let links = typed("recommendations").unwrap_or(links);
    let owner = match typed("owner_id") {
        Some(owner) => owner.parse().ok(),
        None => a.owner_id,
    };
    let status = typed("status")
        .and_then(|code| Status::from_code(&code))
        .unwrap_or(a.status);
    let due_on =
        typed("due_on").unwrap_or_else(|| a.due_on.map(|d| d.to_string()).unwrap_or_default());
    let done_on =
        typed("done_on").unwrap_or_else(|| a.done_on.map(|d| d.to_string()).unwrap_or_default());
    view! {
        <h2 class="nhsuk-heading-m" id="edit-heading">"Update this action"</h2>
        <ErrorSummary errors/>
        <Form action attr:aria-labelledby="edit-heading">
            <input type="hidden" name="id" value=a.id/>
            <input type="hidden" name="version" value=version/>
            <FormField id="owner_id" label="Owner" errors>
                <select class="nhsuk-select" id="owner_id" name="owner_id" aria-describedby=described_by(errors, "owner_id")>
                    <PeopleOptions people=detail.people selected=owner current=a.owner_id.zip(a.owner_name.clone())/>
                </select>
            </FormField>
            <FormField id="status" label="Status" errors>
                <select class="nhsuk-select" id="status" name="status" aria-describedby=described_by(errors, "status")>
                    <StatusOptions selected=Some(status)/>
                </select>
            </FormField>
            <FormField id="due_on" label="Due date (optional)" errors>
                <input class="nhsuk-input nhsuk-input--width-10" id="due_on" name="due_on" type="date"
                    value=due_on aria-describedby=described_by(errors, "due_on")/>
            </FormField>
            <FormField id="done_on" label="Date done (leave empty while open)" errors>
                <input class="nhsuk-input nhsuk-input--width-10" id="done_on" name="done_on" type="date"
                    value=done_on aria-describedby=described_by(errors, "done_on")/>
            </FormField>
            <FormField id="recommendations" label="Linked recommendations" hint="Recommendation numbers, separated by commas, for example 2, 4" errors>
                <input class="nhsuk-input nhsuk-input--width-20" id="recommendations" name="recommendations" type="text" value=links
                    aria-describedby=described_by(errors, "recommendations")/>
            </FormField>
            <button class="nhsuk-button" type="submit">"Save action"</button>
        </Form>
    }
}
