//! The audit trail: one append-only row per change, written in the same transaction as
//! the change, with a field-level before/after.

mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod export;
mod model;
pub mod pages;

pub use api::{search_audit, SearchAudit};
pub use model::{describe_change, field_label, AuditEvent, AuditFilter, FieldChange};
