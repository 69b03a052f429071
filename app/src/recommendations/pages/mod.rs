//! Pages of the recommendations tracker, and the small pieces they share: RAG and status
//! tags, the RAG totals line and the status picker (borough plans use the same statuses).

mod detail;
mod list;
mod load;
mod my_actions;
mod overview;

pub use detail::RecommendationPage;
pub use list::RecommendationsPage;
pub use my_actions::MyActionsPage;
pub use overview::{OverviewPage, TrendChart};

use super::model::{Rag, Status};
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

/// Derived RAG counts in a line — "19 red · 1 amber · 1 green" — each linking to the
/// tracker filtered to it (the tracker's totals, home's headline).
#[component]
pub fn RagTotals(red: usize, amber: usize, green: usize) -> impl IntoView {
    let link = |rag: Rag, count: usize| {
        view! { <a href=format!("/recommendations?derived={}", rag.code())>{format!("{count} {}", rag.label().to_lowercase())}</a> }
    };
    view! { {link(Rag::Red, red)} " · " {link(Rag::Amber, amber)} " · " {link(Rag::Green, green)} }
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

#[component]
pub fn StatusOptions(selected: Option<Status>) -> impl IntoView {
    Status::ALL
        .into_iter()
        .map(|status| view! { <option value=status.code() selected=selected == Some(status)>{status.label()}</option> })
        .collect_view()
}
