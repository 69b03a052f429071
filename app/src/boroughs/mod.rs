//! The region's places as reference data: London, its five ICBs (ODS codes), its 33
//! boroughs (ONS codes) and their primary care networks, kept by administrators. The
//! boroughs of the ICBs whose programme Linkway holds are what every capability works with.

mod api;
#[cfg(feature = "ssr")]
pub mod db;
mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

pub use api::{add_pcn, list_boroughs, load_region, AddPcn, ListBoroughs, LoadRegion};
pub use model::{known_population_total, AreaBorough, AreaIcb, Borough, Pcn, Region};
