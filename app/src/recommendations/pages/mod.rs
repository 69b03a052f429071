//! Pages of the recommendations tracker, and the small pieces they share: RAG and status
//! tags, dates, the owner picker.

mod detail;
mod list;
mod my_actions;
mod overview;

pub use detail::RecommendationPage;
pub use list::RecommendationsPage;
pub use my_actions::MyActionsPage;
pub use overview::OverviewPage;

use super::model::{Person, Rag, Status};
use crate::error::AppError;
use chrono::NaiveDate;
use leptos::prelude::*;

/// A RAG as an NHS tag, with its word (colour is never the only signal).
#[component]
pub fn RagTag(rag: Option<Rag>) -> impl IntoView {
    let (class, text) = match rag {
        Some(Rag::Red) => ("nhsuk-tag nhsuk-tag--red", "Red"),
        Some(Rag::Amber) => ("nhsuk-tag nhsuk-tag--yellow", "Amber"),
        Some(Rag::Green) => ("nhsuk-tag nhsuk-tag--green", "Green"),
        None => ("nhsuk-tag nhsuk-tag--grey", "Not reported"),
    };
    view! { <strong class=class>{text}</strong> }
}

#[component]
pub fn StatusTag(status: Status) -> impl IntoView {
    let class = match status {
        Status::NotStarted => "nhsuk-tag nhsuk-tag--grey",
        Status::OnTrack => "nhsuk-tag nhsuk-tag--green",
        Status::AtRisk => "nhsuk-tag nhsuk-tag--yellow",
        Status::OffTrack => "nhsuk-tag nhsuk-tag--red",
        Status::Complete => "nhsuk-tag nhsuk-tag--blue",
    };
    view! { <strong class=class>{status.label()}</strong> }
}

/// `2025-03-01` → `1 Mar 2025`.
pub fn show_date(date: NaiveDate) -> String {
    date.format("%-d %b %Y").to_string()
}

/// The options of an owner picker, `selected` chosen; the first option is "No owner".
#[component]
pub fn PeopleOptions(people: Vec<Person>, selected: Option<i64>) -> impl IntoView {
    view! {
        <option value="" selected=selected.is_none()>"No owner"</option>
        {people
            .into_iter()
            .map(|person| {
                let label = format!("{} ({})", person.name, person.organisation);
                view! { <option value=person.id.to_string() selected=selected == Some(person.id)>{label}</option> }
            })
            .collect_view()}
    }
}

#[component]
pub fn StatusOptions(selected: Option<Status>) -> impl IntoView {
    Status::ALL
        .into_iter()
        .map(|status| view! { <option value=status.code() selected=selected == Some(status)>{status.label()}</option> })
        .collect_view()
}

/// Bumps `refresh` whenever the action succeeds: the page's resource is keyed on it, so
/// it reloads after a save but not after a refusal, and a refused form keeps what was typed.
pub fn refresh_on_save<T, S>(value: S, refresh: RwSignal<usize>)
where
    S: With<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if value.with(|value| matches!(value, Some(Ok(_)))) {
            refresh.update(|count| *count += 1);
        }
    });
}

/// The version a form should send: the one loaded, or — after "someone else saved
/// first" — the version now stored, so saving again is a deliberate overwrite.
pub fn form_version<T, S>(loaded: i64, value: S) -> impl Fn() -> i64 + Copy
where
    S: With<Value = Option<Result<T, AppError>>> + Copy + Send + Sync + 'static,
{
    move || {
        value.with(|value| match value {
            Some(Err(AppError::Conflict {
                version: Some(now), ..
            })) => *now,
            _ => loaded,
        })
    }
}
