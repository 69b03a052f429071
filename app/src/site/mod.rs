//! Installation-wide facts every page may show: for now, whether demo content is loaded.

mod api;
#[cfg(feature = "ssr")]
pub mod db;

pub use api::{load_site_status, LoadSiteStatus, SiteStatus};
