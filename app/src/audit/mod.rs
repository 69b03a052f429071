//! The audit trail: one append-only row per change, written in the same transaction as
//! the change, with a field-level before/after.

#[cfg(feature = "ssr")]
pub mod db;
mod model;

pub use model::{AuditEvent, FieldChange};
