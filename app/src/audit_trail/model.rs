//! The audit page's types both sides use: the filter as typed, and a page of events told
//! as sentences.

use crate::audit::AuditEvent;
use crate::error::FieldErrors;
use serde::{Deserialize, Serialize};

/// Events on one page of the trail.
pub const PAGE_SIZE: i64 = 50;

/// The audit page's filters, as typed in its form or carried in its address (all
/// optional). Dates are the NHS date input's three fields.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditFilter {
    /// Who acted: a user's id, from the list of people.
    pub user: String,
    /// The kind of record (`user`, `return_submission`, …), from the list of areas.
    pub entity_type: String,
    /// One record of that kind (a record's "History" link).
    pub entity_id: String,
    /// What was done (`sign_off_return`, …), from the list of actions.
    pub action: String,
    pub from_day: String,
    pub from_month: String,
    pub from_year: String,
    pub to_day: String,
    pub to_month: String,
    pub to_year: String,
    /// `yes` lists sign-ins and sign-outs too; they are left out otherwise.
    pub sign_ins: String,
    /// The page to show, from 1.
    pub page: String,
}

impl AuditFilter {
    /// The filter as an address's query, on page `page` (the first when `None`): the page
    /// links and the export carry it.
    pub fn query(&self, page: Option<i64>) -> String {
        let pairs = [
            ("user", &self.user),
            ("entity_type", &self.entity_type),
            ("entity_id", &self.entity_id),
            ("action", &self.action),
            ("from_day", &self.from_day),
            ("from_month", &self.from_month),
            ("from_year", &self.from_year),
            ("to_day", &self.to_day),
            ("to_month", &self.to_month),
            ("to_year", &self.to_year),
            ("sign_ins", &self.sign_ins),
        ];
        let mut query: Vec<String> = pairs
            .into_iter()
            .filter(|(_, value)| !value.trim().is_empty())
            .map(|(key, value)| format!("{key}={}", crate::format::query_value(value)))
            .collect();
        if let Some(page) = page.filter(|page| *page > 1) {
            query.push(format!("page={page}"));
        }
        query.join("&")
    }

    /// Whether sign-ins and sign-outs are listed: asked for, or the action filtered on.
    pub fn shows_sign_ins(&self) -> bool {
        self.sign_ins == "yes" || super::catalog::SIGN_IN_ACTIONS.contains(&self.action.as_str())
    }
}

/// One page of the trail, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    /// What is wrong with the filter as typed; no events are listed until it is put right.
    pub problems: FieldErrors,
    pub lines: Vec<AuditLine>,
    /// This page, from 1.
    pub page: i64,
    /// How many pages the filter's events fill (at least 1).
    pub pages: i64,
    /// How many events match the filter.
    pub total: i64,
    /// The people who can be chosen in the filter: (id, name), by name.
    pub people: Vec<(i64, String)>,
}

/// An event, the record it is about as people name it, and the sentence that tells it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    pub event: AuditEvent,
    pub record: String,
    pub sentence: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_carries_what_is_set_and_the_page_after_the_first() {
        let filter = AuditFilter {
            action: "sign_off_return".into(),
            from_day: "1".into(),
            from_month: "4".into(),
            from_year: "2026".into(),
            ..AuditFilter::default()
        };
        assert_eq!(
            filter.query(Some(3)),
            "action=sign_off_return&from_day=1&from_month=4&from_year=2026&page=3"
        );
        assert_eq!(filter.query(Some(1)), filter.query(None));
        assert!(!filter.shows_sign_ins());
        let sign_ins = AuditFilter {
            action: "sign_in".into(),
            ..AuditFilter::default()
        };
        assert!(sign_ins.shows_sign_ins());
    }
}
