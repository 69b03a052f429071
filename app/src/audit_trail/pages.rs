//! `/admin/audit`: the audit trail, filtered by user, entity, action and date (the filter
//! lives in the address, so a filtered view can be bookmarked), with its export.

use super::{search_audit, AuditFilter};
use crate::audit::{describe_change, AuditEvent, HistoryPanel};
use crate::components::{render_or_error, ErrorSummary, FormField, Loading, TableHead};
use crate::error::{AppError, FieldErrors};
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
            from: get("from"),
            to: get("to"),
        }
    });
    let events = Resource::new(move || filter.get(), search_audit);
    let export_href = move || {
        let filter = filter.get_untracked();
        let pairs = [
            ("user", filter.user),
            ("entity_type", filter.entity_type),
            ("entity_id", filter.entity_id),
            ("action", filter.action),
            ("from", filter.from),
            ("to", filter.to),
        ];
        let query: Vec<String> = pairs
            .into_iter()
            .map(|(key, value)| format!("{key}={}", crate::format::query_value(&value)))
            .collect();
        format!("/admin/audit.xlsx?{}", query.join("&"))
    };

    // Everything below the heading waits for the search: a filter's problems show in the
    // summary and beside their fields, whichever finishes first on the server.
    view! {
        <Title text="Audit trail"/>
        <h1>"Audit trail"</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let result = events.await;
                let errors = match &result {
                    Err(AppError::Validation(errors)) => errors.clone(),
                    _ => FieldErrors::new(),
                };
                let errors = Signal::stored(errors);
                let filter = filter.get_untracked();
                let shown = match result {
                    Err(AppError::Validation(_)) => ().into_any(),
                    result => render_or_error(result, {
                        let filter = filter.clone();
                        move |events| {
                            if filter.entity_type.is_empty() || filter.entity_id.is_empty() {
                                view! { <EventTable events/> }.into_any()
                            } else {
                                let title = format!("History of {} {}", filter.entity_type, filter.entity_id);
                                view! { <HistoryPanel title events/> }.into_any()
                            }
                        }
                    }),
                };
                view! {
                    <ErrorSummary errors/>
                    <form method="get" action="/admin/audit" class="linkway-filters">
                        <FormField id="user" label="User's email" errors>
                            <input class="nhsuk-input" id="user" name="user" type="text" value=filter.user.clone()/>
                        </FormField>
                        <FormField id="entity_type" label="Entity" hint="For example user, recommendation" errors>
                            <input class="nhsuk-input" id="entity_type" name="entity_type" type="text" value=filter.entity_type.clone()/>
                        </FormField>
                        <FormField id="entity_id" label="Entity id" errors>
                            <input class="nhsuk-input" id="entity_id" name="entity_id" type="text" value=filter.entity_id.clone()/>
                        </FormField>
                        <FormField id="action" label="Action" hint="For example sign_in, add_role, export" errors>
                            <input class="nhsuk-input" id="action" name="action" type="text" value=filter.action.clone()/>
                        </FormField>
                        <FormField id="from" label="From" hint="YYYY-MM-DD" errors>
                            <input class="nhsuk-input" id="from" name="from" type="text" inputmode="numeric" value=filter.from.clone()/>
                        </FormField>
                        <FormField id="to" label="To" hint="YYYY-MM-DD" errors>
                            <input class="nhsuk-input" id="to" name="to" type="text" inputmode="numeric" value=filter.to.clone()/>
                        </FormField>
                        <button class="nhsuk-button" type="submit">"Filter"</button>
                    </form>
                    <p class="nhsuk-body">
                        <a href=export_href() download rel="external">"Download these events (Excel, .xlsx)"</a>
                    </p>
                    {shown}
                }
            })}
        </Suspense>
    }
}

/// The events as a history: each change a readable before → after line.
#[component]
pub fn EventTable(events: Vec<AuditEvent>) -> impl IntoView {
    if events.is_empty() {
        return view! { <p class="nhsuk-body">"No events match this filter."</p> }.into_any();
    }
    view! {
        <table class="nhsuk-table" id="events">
            <caption class="nhsuk-table__caption">{format!("{} events, newest first", events.len())}</caption>
            <TableHead columns=&["When", "Who", "What", "Changes"] />
            <tbody class="nhsuk-table__body">
                {events
                    .into_iter()
                    .map(|event| {
                        let changes: Vec<String> = event
                            .changes
                            .iter()
                            .map(|(field, change)| describe_change(field, change))
                            .collect();
                        view! {
                            <tr class="nhsuk-table__row">
                                <td class="nhsuk-table__cell">{crate::format::date_time(event.at)}</td>
                                <td class="nhsuk-table__cell">{event.user_name.unwrap_or_else(|| "—".to_owned())}</td>
                                <td class="nhsuk-table__cell">
                                    {format!("{} {} {}", event.action, event.entity_type, event.entity_id)}
                                </td>
                                <td class="nhsuk-table__cell">
                                    <ul class="nhsuk-list">
                                        {changes.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                                    </ul>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
