//! The audit trail's kernel, which every capability writes through: one append-only row
//! per change ([`entry::Entry`]), recorded in the same transaction as the change with a
//! field-level before/after; an entity's history; the "someone else saved first" refusal.
//! The page that searches the trail is `audit_trail`.

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod entry;
mod history;
mod model;

#[cfg(feature = "ssr")]
pub use entry::{conflict, conflict_at, stale, Entry};
pub use history::{describe_event, HistoryPanel};
pub use model::{describe_change, AuditEvent, FieldChange};
