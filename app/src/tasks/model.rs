//! A task: what is owed, by when, for which borough (or the ICB), and the page that does it.

use crate::codes::code_list;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A task due within this many days is "due"; sooner than that it is "due soon".
pub const DUE_DAYS: i64 = 7;
/// Home lists what is overdue or due within this many days.
pub const SOON_DAYS: i64 = 30;

code_list! {
    /// What kind of thing is owed, in the order a list groups them.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    pub enum TaskKind {
        UploadReturn = ("upload_return", "Upload a return"),
        SignOffReturn = ("sign_off_return", "Sign off a return"),
        RateRound = ("rate_round", "Rate a round"),
        RunRound = ("run_round", "Move a round on"),
        Milestone = ("milestone", "Milestone"),
        PlanAction = ("plan_action", "Borough plan action"),
        ProgressUpdate = ("progress_update", "Progress update"),
        ScreenApplications = ("screen_applications", "Screen grant applications"),
        ScoreApplications = ("score_applications", "Score grant applications"),
        DecideApplications = ("decide_applications", "Record grant decisions"),
        SendOffers = ("send_offers", "Send grant offers"),
    }
}

code_list! {
    /// How pressing a task is, most pressing first.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    pub enum Urgency {
        Overdue = ("overdue", "Overdue"),
        Due = ("due", "Due"),
        DueSoon = ("due_soon", "Due soon"),
        Later = ("later", "Later"),
    }
}

impl Urgency {
    /// Overdue after its day; due within [`DUE_DAYS`]; due soon within [`SOON_DAYS`];
    /// otherwise (or with no date) later.
    pub fn of(due_on: Option<NaiveDate>, today: NaiveDate) -> Self {
        match due_on.map(|due| (due - today).num_days()) {
            Some(days) if days < 0 => Self::Overdue,
            Some(days) if days <= DUE_DAYS => Self::Due,
            Some(days) if days <= SOON_DAYS => Self::DueSoon,
            _ => Self::Later,
        }
    }
}

/// One thing a person owes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub kind: TaskKind,
    /// What to do, in a sentence: "Upload Camden's 2026/27 Q3 return".
    pub title: String,
    pub due_on: Option<NaiveDate>,
    pub urgency: Urgency,
    /// The borough it is for, or "North Central London ICB".
    pub scope: String,
    /// The page that does it.
    pub href: String,
}

impl Task {
    pub fn new(
        kind: TaskKind,
        title: String,
        due_on: Option<NaiveDate>,
        scope: String,
        href: String,
        today: NaiveDate,
    ) -> Self {
        Self {
            kind,
            title,
            due_on,
            urgency: Urgency::of(due_on, today),
            scope,
            href,
        }
    }

    /// On home: overdue, or due within [`SOON_DAYS`].
    pub fn is_pressing(&self) -> bool {
        self.urgency < Urgency::Later
    }
}

/// Everything the signed-in person owes, most pressing first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyTasks {
    pub today: NaiveDate,
    pub tasks: Vec<Task>,
}

impl MyTasks {
    /// Most pressing first, then by date (undated last), then by title.
    pub fn sorted(today: NaiveDate, mut tasks: Vec<Task>) -> Self {
        tasks.sort_by(|a, b| {
            (a.urgency, a.due_on.is_none(), a.due_on, &a.title).cmp(&(
                b.urgency,
                b.due_on.is_none(),
                b.due_on,
                &b.title,
            ))
        });
        Self { today, tasks }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap_or_default()
    }

    #[test]
    fn urgency_follows_the_due_date() {
        let today = day(7);
        assert_eq!(Urgency::of(Some(day(6)), today), Urgency::Overdue);
        assert_eq!(Urgency::of(Some(day(7)), today), Urgency::Due);
        assert_eq!(Urgency::of(Some(day(14)), today), Urgency::Due);
        assert_eq!(Urgency::of(Some(day(15)), today), Urgency::DueSoon);
        assert_eq!(Urgency::of(None, today), Urgency::Later);
        assert_eq!(
            Urgency::of(Some(today + chrono::Duration::days(31)), today),
            Urgency::Later
        );
    }

    #[test]
    fn the_most_pressing_come_first() {
        let today = day(7);
        let task = |title: &str, due: Option<NaiveDate>| {
            Task::new(
                TaskKind::Milestone,
                title.into(),
                due,
                "ICB".into(),
                "/".into(),
                today,
            )
        };
        let list = MyTasks::sorted(
            today,
            vec![
                task("later", None),
                task("soon", Some(day(20))),
                task("late", Some(day(1))),
                task("due", Some(day(9))),
            ],
        );
        let titles: Vec<&str> = list.tasks.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(titles, ["late", "due", "soon", "later"]);
    }
}
