//! Pages of the recommendations tracker, and the small pieces they share: RAG and status
//! tags and the status picker (borough plans use the same statuses).

mod detail;
mod list;
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
