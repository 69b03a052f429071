//! An entity's history as sentences: the panel a record's page shows beside its form.

use super::{describe_change, AuditEvent};
use leptos::prelude::*;

/// One entity's history as sentences, newest first: "Roles: Viewer → Viewer, Submitter
/// (Islington), by Ada Admin, 21 Nov 2026 13:02".
#[component]
pub fn HistoryPanel(#[prop(into)] title: String, events: Vec<AuditEvent>) -> impl IntoView {
    view! {
        <section class="nhsuk-card" aria-labelledby="history-heading">
            <div class="nhsuk-card__content">
                <h2 class="nhsuk-card__heading nhsuk-heading-m" id="history-heading">{title}</h2>
                {if events.is_empty() {
                    view! { <p class="nhsuk-body">"No changes have been recorded."</p> }.into_any()
                } else {
                    view! {
                        <ul class="nhsuk-list nhsuk-list--border">
                            {events.into_iter().map(|event| view! { <li>{describe_event(&event)}</li> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
            </div>
        </section>
    }
}

/// An event as one sentence: its changes, who made them and when.
pub fn describe_event(event: &AuditEvent) -> String {
    let changes: Vec<String> = event
        .changes
        .iter()
        .map(|(field, change)| describe_change(field, change))
        .collect();
    let what = if changes.is_empty() {
        event.action.replace('_', " ")
    } else {
        changes.join("; ")
    };
    let who = event
        .user_name
        .clone()
        .unwrap_or_else(|| "the system".to_owned());
    format!("{what}, by {who}, {}", crate::format::date_time(event.at))
}
