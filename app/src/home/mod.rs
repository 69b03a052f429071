//! `/`: the home page, a summary of the ICB's boroughs.

mod page;

pub use page::HomePage;
