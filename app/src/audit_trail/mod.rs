//! The audit trail page: search the trail by who, what and when, read it, export it.

mod api;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
mod filter;
mod model;
pub mod pages;

pub use api::{search_audit, SearchAudit};
#[cfg(feature = "ssr")]
pub use filter::parse_filter;
pub use model::AuditFilter;
