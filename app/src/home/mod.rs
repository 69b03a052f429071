//! `/`: the home page — what needs the signed-in person, then a summary of the ICB's
//! boroughs.

pub mod headlines;
mod page;

pub use page::HomePage;
