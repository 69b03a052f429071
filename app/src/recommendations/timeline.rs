//! A recommendation's timeline ("3-6 months", "Ongoing") as a target window measured
//! from the programme start: due between start + `from` and start + `to` months.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TargetWindow {
    /// No due date; reviewed every quarter.
    Ongoing,
    /// Due between `from` and `to` months after the programme start ("6 months": 6 to 6).
    Months { from: u32, to: u32 },
}

impl TargetWindow {
    /// Reads the review's wording; `None` for wording it does not use.
    pub fn parse(timeline: &str) -> Option<Self> {
        let text = timeline.trim().to_lowercase();
        if text == "ongoing" {
            return Some(Self::Ongoing);
        }
        let span = text
            .strip_suffix("months")
            .or_else(|| text.strip_suffix("month"))?
            .trim();
        let (from, to) = match span.split_once('-') {
            Some((from, to)) => (from.trim().parse().ok()?, to.trim().parse().ok()?),
            None => {
                let months = span.parse().ok()?;
                (months, months)
            }
        };
        (from <= to && to > 0).then_some(Self::Months { from, to })
    }

    /// The dates the window opens and closes for a programme that started on `start`.
    pub fn dates(self, start: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        match self {
            Self::Ongoing => None,
            Self::Months { from, to } => Some((
                start.checked_add_months(Months::new(from))?,
                start.checked_add_months(Months::new(to))?,
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn every_wording_in_the_review_parses() {
        let cases = [
            ("3 months", TargetWindow::Months { from: 3, to: 3 }),
            ("3-6 months", TargetWindow::Months { from: 3, to: 6 }),
            ("6 months", TargetWindow::Months { from: 6, to: 6 }),
            ("6-12 months", TargetWindow::Months { from: 6, to: 12 }),
            ("12 months", TargetWindow::Months { from: 12, to: 12 }),
            ("12-18 months", TargetWindow::Months { from: 12, to: 18 }),
            ("Ongoing", TargetWindow::Ongoing),
        ];
        for (text, window) in cases {
            assert_eq!(TargetWindow::parse(text), Some(window), "{text}");
        }
    }

    #[test]
    fn wording_it_does_not_know_is_refused() {
        for text in [
            "",
            "soon",
            "6-3 months",
            "0 months",
            "six months",
            "3-6 weeks",
        ] {
            assert_eq!(TargetWindow::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn a_window_counts_whole_months_from_the_start() {
        let window = TargetWindow::parse("3-6 months").unwrap();
        assert_eq!(
            window.dates(date(2024, 11, 30)),
            Some((date(2025, 2, 28), date(2025, 5, 30)))
        );
        assert_eq!(TargetWindow::Ongoing.dates(date(2024, 11, 30)), None);
    }
}
