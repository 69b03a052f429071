//! Audit types both sides use.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One field's value before and after a change (`None`: absent or empty).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub before: Option<String>,
    pub after: Option<String>,
}

impl FieldChange {
    pub fn new(before: Option<impl ToString>, after: Option<impl ToString>) -> Self {
        Self {
            before: before.map(|value| value.to_string()),
            after: after.map(|value| value.to_string()),
        }
    }

    pub fn created(after: impl ToString) -> Self {
        Self {
            before: None,
            after: Some(after.to_string()),
        }
    }
}

/// A recorded event, as the history panel and the audit page show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub user_id: Option<i64>,
    pub user_name: Option<String>,
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    pub changes: BTreeMap<String, FieldChange>,
}

/// One change as a sentence: "Roles: Viewer → Viewer, Submitter (Islington)".
pub fn describe_change(field: &str, change: &FieldChange) -> String {
    let show = |value: &Option<String>| value.clone().unwrap_or_else(|| "(none)".to_owned());
    match (&change.before, &change.after) {
        (None, Some(after)) => format!("{}: {after}", crate::format::field_label(field)),
        _ => format!(
            "{}: {} → {}",
            crate::format::field_label(field),
            show(&change.before),
            show(&change.after)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_read_as_before_and_after() {
        let change = FieldChange::new(Some("On track"), Some("At risk"));
        assert_eq!(
            describe_change("status", &change),
            "Status: On track → At risk"
        );
        assert_eq!(
            describe_change("name", &FieldChange::created("Ada")),
            "Name: Ada"
        );
        assert_eq!(
            crate::format::field_label("must_change_password"),
            "Must change password"
        );
    }
}
