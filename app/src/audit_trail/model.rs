//! The audit page's types both sides use.

use serde::{Deserialize, Serialize};

/// The audit page's filters, as typed in its form (all optional).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditFilter {
    /// Email of the user who acted.
    pub user: String,
    pub entity_type: String,
    pub entity_id: String,
    pub action: String,
    /// `YYYY-MM-DD`, inclusive.
    pub from: String,
    /// `YYYY-MM-DD`, inclusive.
    pub to: String,
}
