//! The audit trail page: search the trail by who, what and when, a page at a time, read
//! each event as a sentence, export it. It names records of every capability, so it reads
//! their tables (`db`) — it writes none of them.

mod api;
pub mod catalog;
#[cfg(feature = "ssr")]
mod db;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
mod filter;
#[cfg(feature = "ssr")]
mod labels;
mod model;
pub mod pages;

pub use api::{search_audit, SearchAudit};
#[cfg(feature = "ssr")]
pub use filter::parse_filter;
#[cfg(feature = "ssr")]
pub use labels::lines;
pub use model::{AuditFilter, AuditLine, AuditPage, PAGE_SIZE};
