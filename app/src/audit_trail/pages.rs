//! `/admin/audit`: the audit trail, 50 events a page, each told as a sentence, filtered by
//! who, what kind of record, what was done and when (the filter lives in the address, so a
//! filtered view can be bookmarked); sign-ins are left out unless asked for. With its
//! export.

use super::catalog::{area_label, ACTIONS, AREAS};
use super::{search_audit, AuditFilter, AuditLine, AuditPage};
use crate::audit::describe_change;
use crate::components::{
    render_or_error, DateInput, ErrorSummary, FormField, Loading, ScrollRegion, TableHead,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AuditPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let query = query.read();
        let get = |key: &str| query.get(key).unwrap_or_default();
        AuditFilter {
            user: get("user"),
            entity_type: get("entity_type"),
            entity_id: get("entity_id"),
            action: get("action"),
            from_day: get("from_day"),
            from_month: get("from_month"),
            from_year: get("from_year"),
            to_day: get("to_day"),
            to_month: get("to_month"),
            to_year: get("to_year"),
            sign_ins: get("sign_ins"),
            page: get("page"),
        }
    });
    let found = Resource::new(move || filter.get(), search_audit);
    // Everything below the heading waits for the search: the filter's problems show in the
    // summary and beside their fields.
    view! {
        <Title text="Audit trail"/>
        <h1>"Audit trail"</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let filter = filter.get_untracked();
                render_or_error(found.await, move |found| view! { <Trail filter found/> })
            })}
        </Suspense>
    }
}

#[component]
fn Trail(filter: AuditFilter, found: AuditPage) -> impl IntoView {
    let errors = Signal::stored(found.problems.clone());
    let export = format!("/admin/audit.xlsx?{}", filter.query(None));
    let dates = |[day, month, year]: [&String; 3]| [day.clone(), month.clone(), year.clone()];
    let from = dates([&filter.from_day, &filter.from_month, &filter.from_year]);
    let to = dates([&filter.to_day, &filter.to_month, &filter.to_year]);
    // A record kind the drop-down does not offer (a record's History link) stays chosen.
    let mut areas: Vec<(String, String)> = AREAS
        .iter()
        .map(|(code, label)| ((*code).to_owned(), (*label).to_owned()))
        .collect();
    if !filter.entity_type.is_empty() && area_label(&filter.entity_type).is_none() {
        areas.push((
            filter.entity_type.clone(),
            filter.entity_type.replace('_', " "),
        ));
    }
    let people: Vec<(String, String)> = found
        .people
        .iter()
        .map(|(id, name)| (id.to_string(), name.clone()))
        .collect();
    let actions: Vec<(String, String)> = ACTIONS
        .iter()
        .map(|(code, label, _)| ((*code).to_owned(), (*label).to_owned()))
        .collect();
    let listed = found.problems.is_empty();
    let (user, entity_type, action) = (
        filter.user.clone(),
        filter.entity_type.clone(),
        filter.action.clone(),
    );
    let entity_id = (!filter.entity_id.is_empty()).then(|| filter.entity_id.clone());
    let sign_ins = filter.sign_ins == "yes";
    view! {
        <ErrorSummary errors/>
        <form method="get" action="/admin/audit" class="linkway-filters" aria-label="Filter the audit trail">
            <FormField id="user" label="Who" errors>
                <select class="nhsuk-select" id="user" name="user">
                    <Choices none="Anyone" choices=people chosen=user/>
                </select>
            </FormField>
            <FormField id="entity_type" label="Record" errors>
                <select class="nhsuk-select" id="entity_type" name="entity_type">
                    <Choices none="Any record" choices=areas chosen=entity_type/>
                </select>
            </FormField>
            <FormField id="action" label="What was done" errors>
                <select class="nhsuk-select" id="action" name="action">
                    <Choices none="Anything" choices=actions chosen=action/>
                </select>
            </FormField>
            <DateInput id="from" legend="From" hint="For example, 1 4 2026" values=from errors/>
            <DateInput id="to" legend="To" hint="For example, 30 6 2026" values=to errors/>
            {entity_id.map(|entity_id| view! {
                <input type="hidden" name="entity_id" value=entity_id/>
            })}
            <div class="nhsuk-form-group">
                <div class="nhsuk-checkboxes">
                    <div class="nhsuk-checkboxes__item">
                        <input class="nhsuk-checkboxes__input" id="sign_ins" name="sign_ins" type="checkbox" value="yes" checked=sign_ins/>
                        <label class="nhsuk-label nhsuk-checkboxes__label" for="sign_ins">"Include sign-ins and sign-outs"</label>
                    </div>
                </div>
            </div>
            <button class="nhsuk-button" type="submit">"Filter"</button>
        </form>
        {listed.then(|| view! {
            <p class="nhsuk-body">
                <a href=export download rel="external">"Download these events (Excel, .xlsx)"</a>
            </p>
            <EventTable filter found/>
        })}
    }
}

/// The options of a filter's drop-down: `none` first (no filter), then `choices` as
/// (value, label), with `chosen` selected.
#[component]
fn Choices(none: &'static str, choices: Vec<(String, String)>, chosen: String) -> impl IntoView {
    view! {
        <option value="" selected=chosen.is_empty()>{none}</option>
        {choices
            .into_iter()
            .map(|(value, label)| {
                let selected = value == chosen;
                view! { <option value=value selected=selected>{label}</option> }
            })
            .collect_view()}
    }
}

/// A page of events as sentences, newest first, with the pages around it.
#[component]
fn EventTable(filter: AuditFilter, found: AuditPage) -> impl IntoView {
    if found.lines.is_empty() {
        return view! { <p class="nhsuk-body">"No events match this filter."</p> }.into_any();
    }
    let first = (found.page - 1) * super::PAGE_SIZE + 1;
    let last = first + found.lines.len() as i64 - 1;
    let caption = format!(
        "Events {} to {} of {}, newest first",
        crate::format::count(first),
        crate::format::count(last),
        crate::format::count(found.total)
    );
    view! {
        <ScrollRegion label="Events".to_owned()>
            <table class="nhsuk-table" id="events">
                <caption class="nhsuk-table__caption">{caption}</caption>
                <TableHead columns=&["When", "What happened", "Changes"] />
                <tbody class="nhsuk-table__body">
                    {found.lines.into_iter().map(|line| view! { <EventRow line/> }).collect_view()}
                </tbody>
            </table>
        </ScrollRegion>
        <Pages filter page=found.page pages=found.pages/>
    }
    .into_any()
}

#[component]
fn EventRow(line: AuditLine) -> impl IntoView {
    let changes: Vec<String> = line
        .event
        .changes
        .iter()
        .map(|(field, change)| describe_change(field, change))
        .collect();
    view! {
        <tr class="nhsuk-table__row">
            <td class="nhsuk-table__cell">{crate::format::date_time(line.event.at)}</td>
            <td class="nhsuk-table__cell">{line.sentence}</td>
            <td class="nhsuk-table__cell">
                <ul class="nhsuk-list">
                    {changes.into_iter().map(|change| view! { <li>{change}</li> }).collect_view()}
                </ul>
            </td>
        </tr>
    }
}

/// NHS numbered pagination: previous, the first and last pages, the pages either side of
/// this one, next.
#[component]
fn Pages(filter: AuditFilter, page: i64, pages: i64) -> impl IntoView {
    if pages <= 1 {
        return ().into_any();
    }
    let href = move |number: i64| format!("/admin/audit?{}", filter.query(Some(number)));
    let shown: Vec<i64> = (1..=pages)
        .filter(|number| *number == 1 || *number == pages || (number - page).abs() <= 1)
        .collect();
    let mut items = Vec::new();
    let mut previous = 0;
    for number in shown {
        if number > previous + 1 {
            items.push(view! { <li class="nhsuk-pagination__item nhsuk-pagination__item--ellipsis">"⋯"</li> }.into_any());
        }
        let current = number == page;
        let class = if current {
            "nhsuk-pagination__item nhsuk-pagination__item--current"
        } else {
            "nhsuk-pagination__item"
        };
        items.push(view! {
            <li class=class>
                <a class="nhsuk-pagination__link" href=href(number) aria-label=format!("Page {number}") aria-current=current.then_some("page")>
                    {number.to_string()}
                </a>
            </li>
        }.into_any());
        previous = number;
    }
    view! {
        <nav class="nhsuk-pagination nhsuk-pagination--numbered" role="navigation" aria-label="Pages of events">
            {(page > 1).then(|| view! {
                <a href=href(page - 1) class="nhsuk-pagination__previous" rel="prev">
                    <span class="nhsuk-pagination__title">"Previous"<span class="nhsuk-u-visually-hidden">" page"</span></span>
                </a>
            })}
            <ul class="nhsuk-pagination__list">{items}</ul>
            {(page < pages).then(|| view! {
                <a href=href(page + 1) class="nhsuk-pagination__next" rel="next">
                    <span class="nhsuk-pagination__title">"Next"<span class="nhsuk-u-visually-hidden">" page"</span></span>
                </a>
            })}
        </nav>
    }
    .into_any()
}
