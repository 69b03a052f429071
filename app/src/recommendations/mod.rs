//! The 21 recommendations of the 2024 NCL social prescribing review, and (in later
//! releases) their owners, milestones, progress and RAG.

mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod export;
mod model;
pub mod pages;
pub mod timeline;

pub use api::{get_recommendation, list_recommendations, GetRecommendation, ListRecommendations};
pub use model::Recommendation;
pub use timeline::TargetWindow;
