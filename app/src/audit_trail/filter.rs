//! The audit page's filter, checked: choices from their lists, NHS dates read as real
//! dates, the page a number; every problem a field error.

use super::catalog::{ACTIONS, SIGN_IN_ACTIONS};
use super::AuditFilter;
use crate::audit::db::Search;
use crate::error::AppError;
use crate::forms::Checks;
use chrono::NaiveDate;

/// The furthest page anyone can ask for (50 events a page: five million events).
const MAX_PAGE: i64 = 100_000;
/// A record kind or id from an address is short; anything longer is not one.
const MAX_NAME_CHARS: usize = 64;

/// Checks the filter as typed: every problem is a field error. Answers the search and the
/// page asked for.
pub fn parse_filter(filter: &AuditFilter) -> Result<(Search, i64), AppError> {
    let mut checks = Checks::default();
    let text = |value: &str| Some(value.trim().to_owned()).filter(|value| !value.is_empty());
    let user_id = text(&filter.user).and_then(|user| {
        let id = user.parse::<i64>().ok();
        if id.is_none() {
            checks.add("user", "Choose a person from the list");
        }
        id
    });
    let action = text(&filter.action).filter(|action| {
        let known = ACTIONS.iter().any(|(code, ..)| code == action);
        if !known {
            checks.add("action", "Choose an action from the list");
        }
        known
    });
    let mut name = |field: &str, value: &str| {
        let value = text(value)?;
        if value.chars().count() > MAX_NAME_CHARS || value.chars().any(char::is_control) {
            checks.add(field, "This is not a record Linkway knows");
            return None;
        }
        Some(value)
    };
    let entity_type = name("entity_type", &filter.entity_type);
    let entity_id = name("entity_id", &filter.entity_id);
    let from = nhs_date(
        &mut checks,
        "from_day",
        "The start date",
        [&filter.from_day, &filter.from_month, &filter.from_year],
    );
    let to = nhs_date(
        &mut checks,
        "to_day",
        "The end date",
        [&filter.to_day, &filter.to_month, &filter.to_year],
    );
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            checks.add(
                "to_day",
                "The end date must be the same as or after the start date",
            );
        }
    }
    let page = match filter.page.trim() {
        "" => 1,
        page => match page.parse::<i64>() {
            Ok(page) if (1..=MAX_PAGE).contains(&page) => page,
            _ => {
                checks.add("page", "Choose a page from the list of pages");
                1
            }
        },
    };
    let (from, to) = checks.finish(|| Some((from, to)))?;
    let start_of = |date: NaiveDate| date.and_hms_opt(0, 0, 0).map(|time| time.and_utc());
    let hidden = if filter.shows_sign_ins() {
        Vec::new()
    } else {
        SIGN_IN_ACTIONS
            .iter()
            .map(|action| (*action).to_owned())
            .collect()
    };
    Ok((
        Search {
            user_id,
            entity_type,
            entity_id,
            action,
            hidden_actions: hidden,
            from: from.and_then(start_of),
            until: to.and_then(|to| to.succ_opt()).and_then(start_of),
        },
        page,
    ))
}

/// An NHS date input's day, month and year: none when all three are empty; a real date
/// when all three make one; otherwise a problem for `field`, naming the date as `label`.
fn nhs_date(
    checks: &mut Checks,
    field: &str,
    label: &str,
    [day, month, year]: [&str; 3],
) -> Option<NaiveDate> {
    let parts = [day.trim(), month.trim(), year.trim()];
    if parts.iter().all(|part| part.is_empty()) {
        return None;
    }
    let missing: Vec<&str> = ["day", "month", "year"]
        .into_iter()
        .zip(parts)
        .filter(|(_, part)| part.is_empty())
        .map(|(name, _)| name)
        .collect();
    if !missing.is_empty() {
        checks.add(
            field,
            format!("{label} must include a {}", missing.join(" and ")),
        );
        return None;
    }
    let number = |part: &str| part.parse::<u32>().ok();
    let date = match (number(parts[0]), number(parts[1]), number(parts[2])) {
        (Some(day), Some(month), Some(year)) if (1900..=2200).contains(&year) => {
            NaiveDate::from_ymd_opt(year as i32, month, day)
        }
        _ => None,
    };
    if date.is_none() {
        checks.add(
            field,
            format!("{label} must be a real date, like 31 3 2026"),
        );
    }
    date
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(filter: AuditFilter) -> Vec<String> {
        match parse_filter(&filter) {
            Err(AppError::Validation(errors)) => errors.messages().collect(),
            other => panic!("expected problems, got {:?}", other.map(|(_, page)| page)),
        }
    }

    #[test]
    fn dates_are_read_from_day_month_and_year() {
        let filter = AuditFilter {
            from_day: "31".into(),
            from_month: "3".into(),
            from_year: "2026".into(),
            page: "2".into(),
            ..AuditFilter::default()
        };
        let (search, page) = parse_filter(&filter).unwrap();
        assert_eq!(page, 2);
        assert_eq!(
            search.from.unwrap().to_rfc3339(),
            "2026-03-31T00:00:00+00:00"
        );
        assert_eq!(search.until, None);
        assert_eq!(search.hidden_actions, SIGN_IN_ACTIONS, "sign-ins hidden");
    }

    #[test]
    fn each_problem_is_named_in_words() {
        let partial = AuditFilter {
            from_day: "31".into(),
            ..AuditFilter::default()
        };
        assert_eq!(
            problems(partial),
            ["The start date must include a month and year"]
        );
        let unreal = AuditFilter {
            to_day: "30".into(),
            to_month: "2".into(),
            to_year: "2026".into(),
            ..AuditFilter::default()
        };
        assert_eq!(
            problems(unreal),
            ["The end date must be a real date, like 31 3 2026"]
        );
        let backwards = AuditFilter {
            from_day: "2".into(),
            from_month: "4".into(),
            from_year: "2026".into(),
            to_day: "1".into(),
            to_month: "4".into(),
            to_year: "2026".into(),
            ..AuditFilter::default()
        };
        assert_eq!(
            problems(backwards),
            ["The end date must be the same as or after the start date"]
        );
        let unknown = AuditFilter {
            action: "drop_tables".into(),
            user: "ada@example.org".into(),
            page: "0".into(),
            ..AuditFilter::default()
        };
        assert_eq!(problems(unknown).len(), 3);
    }
}
