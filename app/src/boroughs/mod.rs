//! The region's places as reference data: London, its five ICBs (ODS codes), its 33
//! boroughs (ONS codes) and their primary care networks, kept by administrators. The
//! boroughs of the ICBs whose programme Linkway holds are what every capability works with.
//! PCNs are added one at a time or imported from a spreadsheet ([`import`]).

mod api;
pub mod area;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod import;
mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

pub use api::{
    add_pcn, list_boroughs, load_pcn_import, load_region, AddPcn, ListBoroughs, LoadPcnImport,
    LoadRegion,
};
pub use area::{AreaChoice, AreaChooser, AreaLevel, AreaOption, REGION_AREA};
pub use model::{
    clean_pcn_name, known_population_total, AreaBorough, AreaIcb, Borough, Pcn, PcnImport, Region,
    MAX_PCN_NAME_CHARS,
};
