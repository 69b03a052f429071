//! Validation every form shares: [`Checks`] collects a message per field as each value is
//! read, then `finish` either answers all of them at once (next to their fields) or hands
//! back the checked value. Services validate with it and nothing else. [`once`] makes a
//! form that creates a record safe to send twice.

mod db;
pub mod once;

use crate::codes::CodeList;
use crate::error::{AppError, FieldErrors};
use crate::format::field_label;
use chrono::NaiveDate;

/// Collects field messages; [`Checks::finish`] answers them all at once.
#[derive(Default)]
pub struct Checks(FieldErrors);

impl Checks {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.add(field, message);
    }

    /// Whether `field` has a message already (so a later check can stay quiet).
    pub fn has(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }

    /// Every message as a validation refusal; with none, the value `checked` builds from
    /// the fields read (required fields are `Some` once no message stands against them).
    pub fn finish<T>(self, checked: impl FnOnce() -> Option<T>) -> Result<T, AppError> {
        if !self.0.is_empty() {
            return Err(AppError::Validation(self.0));
        }
        checked().ok_or_else(|| {
            tracing::error!("a required field was missing without a message");
            AppError::Internal
        })
    }

    /// Trimmed text, required or not, at most `max` characters.
    pub fn text(
        &mut self,
        field: &str,
        label: &str,
        value: &str,
        required: bool,
        max: usize,
    ) -> String {
        let value = value.trim();
        if required && value.is_empty() {
            self.add(field, format!("Enter {label}"));
        } else if value.chars().count() > max {
            self.add(
                field,
                format!("{} must be {max} characters or fewer", field_label(label)),
            );
        }
        value.to_owned()
    }

    /// A decimal number that `valid` accepts; otherwise `message`. Empty
    /// is `None`, with `message` when `required`.
    pub fn decimal(
        &mut self,
        field: &str,
        value: &str,
        required: bool,
        valid: impl Fn(f64) -> bool,
        message: &str,
    ) -> Option<f64> {
        let value = value.trim();
        if value.is_empty() && !required {
            return None;
        }
        let number = value
            .parse::<f64>()
            .ok()
            .filter(|number| number.is_finite() && valid(*number));
        if number.is_none() {
            self.add(field, message);
        }
        number
    }

    /// An amount of money typed in pounds (`5000`, `£5,000.50`) as whole pence, more than
    /// nothing and at most `max_pence`; otherwise `message`.
    pub fn money(
        &mut self,
        field: &str,
        value: &str,
        max_pence: i64,
        message: &str,
    ) -> Option<i64> {
        let typed = value.trim().trim_start_matches('£').trim();
        // Commas only between thousands: "1,500" is £1,500, "1,50" is no amount.
        let whole = typed.split('.').next().unwrap_or_default();
        let groups: Vec<&str> = whole.split(',').collect();
        let grouped = groups.len() == 1
            || (groups.first().is_some_and(|g| (1..=3).contains(&g.len()))
                && groups.iter().skip(1).all(|g| g.len() == 3));
        let text: String = typed.chars().filter(|c| *c != ',').collect();
        let (pounds, pence) = match text.split_once('.') {
            Some((pounds, pence)) if (1..=2).contains(&pence.len()) => {
                (pounds, format!("{pence:0<2}"))
            }
            Some(_) => ("", String::new()),
            None => (text.as_str(), "00".to_owned()),
        };
        // ".50" is fifty pence.
        let pounds = if pounds.is_empty() && text.starts_with('.') {
            "0"
        } else {
            pounds
        };
        let digits = |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit());
        let in_pence = || {
            pounds
                .parse::<i64>()
                .ok()?
                .checked_mul(100)?
                .checked_add(pence.parse::<i64>().ok()?)
        };
        let amount = (grouped && digits(pounds) && digits(&pence) && pounds.len() <= 12)
            .then(in_pence)
            .flatten()
            .filter(|amount| (1..=max_pence).contains(amount));
        if amount.is_none() {
            self.add(field, message);
        }
        amount
    }

    /// A `YYYY-MM-DD` date (as a date input sends it); empty is `None`.
    pub fn date(
        &mut self,
        field: &str,
        label: &str,
        value: &str,
        required: bool,
    ) -> Option<NaiveDate> {
        let value = value.trim();
        if value.is_empty() {
            if required {
                self.add(field, format!("Enter {label}"));
            }
            return None;
        }
        match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
            Ok(date) if (2000..=2100).contains(&chrono::Datelike::year(&date)) => Some(date),
            _ => {
                self.add(
                    field,
                    format!(
                        "{} must be a real date, like 2025-03-31",
                        field_label(label)
                    ),
                );
                None
            }
        }
    }

    /// An entry of a code list, picked by its code; `message` when it is none of them.
    pub fn choice<T: CodeList>(&mut self, field: &str, value: &str, message: &str) -> Option<T> {
        let chosen = T::from_code(value.trim());
        if chosen.is_none() {
            self.add(field, message);
        }
        chosen
    }

    /// An owner picked from the list of people (`ids`) or the record's `current` owner
    /// (who stays the owner when the form is saved for another change, even if no longer
    /// among the people offered), or nobody ("").
    pub fn owner(
        &mut self,
        field: &str,
        value: &str,
        ids: impl IntoIterator<Item = i64>,
        current: Option<i64>,
    ) -> Option<i64> {
        self.person(field, value, ids.into_iter().chain(current), "an owner")
    }

    /// Someone who must be picked (`what`: "a panel member") from `offered` (id, name):
    /// their id and name, or the field's "Choose … from the list".
    pub fn offered_person(
        &mut self,
        field: &str,
        value: &str,
        offered: &[(i64, String)],
        what: &str,
    ) -> Option<(i64, String)> {
        let chosen = self.person(field, value, offered.iter().map(|(id, _)| *id), what);
        if chosen.is_none() && !self.has(field) {
            self.add(field, format!("Choose {what} from the list"));
        }
        offered.iter().find(|(id, _)| Some(*id) == chosen).cloned()
    }

    /// Someone (`what`: "an owner", "a participant") picked from the people whose ids are
    /// `ids`, or nobody ("").
    pub fn person(
        &mut self,
        field: &str,
        value: &str,
        ids: impl IntoIterator<Item = i64>,
        what: &str,
    ) -> Option<i64> {
        let value = value.trim();
        if value.is_empty() {
            return None;
        }
        let chosen = value.parse::<i64>().ok();
        match chosen.filter(|chosen| ids.into_iter().any(|id| id == *chosen)) {
            Some(id) => Some(id),
            None => {
                self.add(field, format!("Choose {what} from the list"));
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_read_as_whole_pence() {
        let read = |text: &str| {
            let mut checks = Checks::default();
            let amount = checks.money("amount", text, 10_000_000_000, "Enter an amount");
            (amount, checks.has("amount"))
        };
        assert_eq!(read("5000"), (Some(500_000), false));
        assert_eq!(read("£5,000.5"), (Some(500_050), false));
        assert_eq!(read(" 12.34 "), (Some(1_234), false));
        assert_eq!(read("1,000,000.00"), (Some(100_000_000), false));
        assert_eq!(read(".50"), (Some(50), false));
        assert_eq!(read("£ 5"), (Some(500), false));
        for bad in [
            "1,50",
            "1,5",
            ",500",
            "1,0000",
            "1.",
            ".",
            "5 000",
            "",
            "0",
            "-5",
            "5.123",
            "five",
            "1e3",
            "£",
            "99999999999999",
            "100000001",
        ] {
            assert_eq!(read(bad), (None, true), "{bad}");
        }
    }

    #[test]
    fn finish_answers_every_message_at_once() {
        let mut checks = Checks::default();
        let title = checks.text("title", "a title", "  ", true, 10);
        let due = checks.date("due_on", "the due date", "2025-02-30", true);
        let owner = checks.owner("owner_id", "7", [1, 2], None);
        let Err(AppError::Validation(errors)) = checks.finish(|| Some((title, due?, owner))) else {
            panic!("expected a validation refusal");
        };
        let messages = |field: &str| errors.get(field).cloned().unwrap_or_default();
        assert_eq!(messages("title"), ["Enter a title"]);
        assert_eq!(
            messages("due_on"),
            ["The due date must be a real date, like 2025-03-31"]
        );
        assert_eq!(messages("owner_id"), ["Choose an owner from the list"]);
        // In the order they were found, as the form asks them.
        let fields: Vec<&String> = errors.keys().collect();
        assert_eq!(fields, ["title", "due_on", "owner_id"]);
    }

    #[test]
    fn finish_hands_back_the_checked_value() {
        let mut checks = Checks::default();
        let title = checks.text("title", "a title", " Plan ", true, 10);
        let due = checks.date("due_on", "the due date", "2025-03-31", true);
        let owner = checks.owner("owner_id", "", [1, 2], None);
        let (title, due, owner) = checks.finish(|| Some((title, due?, owner))).unwrap();
        assert_eq!(title, "Plan");
        assert_eq!(due, NaiveDate::from_ymd_opt(2025, 3, 31).unwrap());
        assert_eq!(owner, None);
    }

    #[test]
    fn text_longer_than_its_limit_is_refused() {
        let mut checks = Checks::default();
        checks.text("note", "a note", "ééééé", false, 4);
        assert!(checks.has("note"));
        assert!(checks.finish(|| Some(())).is_err());
    }
}
