//! The ICB's boroughs (places): reference data every capability is scoped by.

mod api;
#[cfg(feature = "ssr")]
pub mod db;
mod model;

pub use api::{list_boroughs, ListBoroughs};
pub use model::{known_population_total, Borough};
