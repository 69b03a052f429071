//! Pages of the recommendations area.

mod detail;
mod list;

pub use detail::RecommendationPage;
pub use list::RecommendationsPage;
