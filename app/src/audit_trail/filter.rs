//! The audit page's filter, checked: dates parsed, every problem a field error.

use super::AuditFilter;
use crate::audit::db::Search;
use crate::error::AppError;
use crate::forms::Checks;
use chrono::NaiveDate;

/// Checks the filter as typed: every problem is a field error.
pub fn parse_filter(filter: &AuditFilter) -> Result<Search, AppError> {
    let mut checks = Checks::default();
    let text = |value: &str| Some(value.trim().to_owned()).filter(|value| !value.is_empty());
    let mut date = |field: &str, value: &str| -> Option<NaiveDate> {
        let value = value.trim();
        if value.is_empty() {
            return None;
        }
        let parsed = NaiveDate::parse_from_str(value, "%Y-%m-%d").ok();
        if parsed.is_none() {
            checks.add(field, "Enter a date like 2026-03-31");
        }
        parsed
    };
    let from = date("from", &filter.from);
    let to = date("to", &filter.to);
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            checks.add("to", "The end date must be on or after the start date");
        }
    }
    let (from, to) = checks.finish(|| Some((from, to)))?;
    let start_of = |date: NaiveDate| date.and_hms_opt(0, 0, 0).map(|time| time.and_utc());
    Ok(Search {
        user_email: text(&filter.user),
        entity_type: text(&filter.entity_type),
        entity_id: text(&filter.entity_id),
        action: text(&filter.action),
        from: from.and_then(start_of),
        until: to.and_then(|to| to.succ_opt()).and_then(start_of),
    })
}
