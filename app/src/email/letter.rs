//! What a task says by email, and when: the stage a task is at on a day (opened, due
//! within 7 days, due today, late, waiting) decides whether it has a message, its subject
//! and words, and what makes it one of a kind — so the reminder sweep and the changes that
//! write messages at once word the same task the same way, and write it once.

use super::MessageKind;
use crate::tasks::{Task, TaskKind, DUE_DAYS};
use chrono::NaiveDate;

/// Stands for Linkway's address in a stored body, until the sender knows it.
pub const LINKWAY: &str = "{linkway}";

/// Who a message goes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recipient {
    pub id: i64,
    pub name: String,
    pub email: String,
}

/// A message in the making.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Letter {
    pub kind: MessageKind,
    pub to: Recipient,
    pub subject: String,
    /// Paragraphs, before the link.
    pub body: Vec<String>,
    /// The page that does what the message asks.
    pub link: String,
    /// What makes it one of a kind, with `to`: the same reminder is written once.
    pub once: String,
    /// Sent straight away whatever the person chose for its kind: the ICB team's chasers
    /// and the digest itself.
    pub insist: bool,
}

impl Letter {
    /// The text of the message with its link (`public_url` + the page). A body may name
    /// other pages as [`LINKWAY`] + path (the digest does).
    pub fn text(name: &str, body: &str, public_url: &str, link: &str) -> String {
        let base = public_url.trim_end_matches('/');
        format!(
            "Dear {name},\n\n{}\n\nOpen it in Linkway: {base}{link}\n\nYou can choose which reminders you get, and how, on your account page: {base}/account\n\n— Linkway, North Central London social prescribing\n",
            body.replace(LINKWAY, base),
        )
    }
}

/// The message `task` warrants for `to` on `today`, if any.
pub fn reminder(task: &Task, to: &Recipient, today: NaiveDate) -> Option<Letter> {
    let days = task.due_on.map(|due| (due - today).num_days());
    let due_words = |days: i64, due: NaiveDate| match days {
        0 => "It is due today.".to_owned(),
        1 => format!("It is due tomorrow, {}.", crate::format::date(due)),
        days if days > 0 => format!("It is due on {}, in {days} days.", crate::format::date(due)),
        _ => format!(
            "It was due on {}, {} ago.",
            crate::format::date(due),
            crate::format::plural(-days, "day")
        ),
    };
    let (kind, stage, prefix) = match (task.kind, days) {
        (TaskKind::UploadReturn, Some(days)) if days > DUE_DAYS => {
            (MessageKind::ReturnOpened, "opened".to_owned(), "Now open")
        }
        (TaskKind::UploadReturn, Some(0)) => (MessageKind::ReturnDue, "today".into(), "Due today"),
        (TaskKind::UploadReturn, Some(days)) if days > 0 => {
            (MessageKind::ReturnDue, "week".into(), "Due soon")
        }
        // Late: once a week while it stays late.
        (TaskKind::UploadReturn | TaskKind::SignOffReturn, Some(days)) if days < 0 => (
            MessageKind::ReturnLate,
            format!("late-week-{}", (-days - 1) / 7),
            "Late",
        ),
        (TaskKind::SignOffReturn, _) => (MessageKind::SignOff, "waiting".into(), "Waiting for you"),
        (TaskKind::RateRound, _) => (MessageKind::RatingsOwed, "owed".into(), "Your ratings"),
        (TaskKind::Milestone | TaskKind::PlanAction, Some(days)) if days < 0 => {
            (MessageKind::WorkDue, "overdue".into(), "Overdue")
        }
        (TaskKind::Milestone | TaskKind::PlanAction, Some(days)) if days <= DUE_DAYS => {
            (MessageKind::WorkDue, "due".into(), "Due soon")
        }
        // Once for each count waiting: the title says how many.
        (
            TaskKind::ScreenApplications
            | TaskKind::ScoreApplications
            | TaskKind::DecideApplications
            | TaskKind::SendOffers,
            _,
        ) => (MessageKind::GrantWork, "waiting".into(), "Waiting for you"),
        _ => return None,
    };
    let mut body = vec![format!("{} ({}).", task.title, task.scope)];
    if let (Some(days), Some(due)) = (days, task.due_on) {
        body.push(due_words(days, due));
    }
    Some(Letter {
        kind,
        to: to.clone(),
        subject: format!("{prefix}: {}", task.title),
        body,
        link: task.href.clone(),
        once: format!(
            "{}|{stage}|{}|{}|{}",
            kind.code(),
            task.href,
            task.title,
            task.due_on.map(|due| due.to_string()).unwrap_or_default()
        ),
        insist: false,
    })
}

/// A chaser the ICB team sends about `task` on `today` (one a day for each task and
/// person), sent whatever the person chose for reminders: the ICB team is asking.
pub fn chaser(task: &Task, to: &Recipient, today: NaiveDate, from: &str) -> Letter {
    let late = task.due_on.is_some_and(|due| due < today);
    let mut body = vec![format!(
        "{from} of the ICB team asks you to complete this: {}.",
        task.title
    )];
    if let Some(due) = task.due_on {
        body.push(if late {
            format!("It was due on {}.", crate::format::date(due))
        } else {
            format!("It is due on {}.", crate::format::date(due))
        });
    }
    let kind = if late {
        MessageKind::ReturnLate
    } else {
        MessageKind::ReturnDue
    };
    Letter {
        kind,
        to: to.clone(),
        subject: format!("Reminder from the ICB team: {}", task.title),
        body,
        link: task.href.clone(),
        once: format!("chaser|{today}|{}|{}", task.href, task.title),
        insist: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default()
    }

    /// Camden's return due on 7 December 2026, as the sweep sees it `days` before that.
    fn upload_seen(days: i64) -> (Task, NaiveDate) {
        let seen = today() - Duration::days(days);
        let task = Task::new(
            TaskKind::UploadReturn,
            "Upload Camden's 2026/27 Q3 return".into(),
            Some(today()),
            "Camden".into(),
            "/returns/periods/7/boroughs/E09000007".into(),
            seen,
        );
        (task, seen)
    }

    fn someone() -> Recipient {
        Recipient {
            id: 4,
            name: "Cam Submitter".into(),
            email: "cam@example.org".into(),
        }
    }

    #[test]
    fn a_return_is_opened_then_due_then_due_today_then_late_each_week() {
        let stage = |days: i64| {
            let (task, seen) = upload_seen(days);
            let letter = reminder(&task, &someone(), seen).unwrap();
            (
                letter.kind,
                letter.subject.split(':').next().unwrap().to_owned(),
                letter.once,
            )
        };
        assert_eq!(stage(30).0, MessageKind::ReturnOpened);
        assert_eq!(stage(7).0, MessageKind::ReturnDue);
        assert_eq!(stage(7).1, "Due soon");
        assert_eq!(stage(0).1, "Due today");
        assert_eq!(stage(-1).0, MessageKind::ReturnLate);
        // The same stage is the same message; a new stage is a new one.
        assert_eq!(stage(6).2, stage(3).2);
        assert_ne!(stage(1).2, stage(0).2);
        assert_eq!(stage(-1).2, stage(-7).2);
        assert_ne!(stage(-7).2, stage(-8).2);
    }

    #[test]
    fn the_words_say_what_and_when_and_the_link_is_the_task_page() {
        let (task, seen) = upload_seen(-3);
        let letter = reminder(&task, &someone(), seen).unwrap();
        assert_eq!(letter.subject, "Late: Upload Camden's 2026/27 Q3 return");
        assert_eq!(letter.body[1], "It was due on 7 Dec 2026, 3 days ago.");
        assert_eq!(letter.link, "/returns/periods/7/boroughs/E09000007");
        let text = Letter::text(
            "Cam",
            &letter.body.join("\n\n"),
            "https://linkway.example/",
            &letter.link,
        );
        assert!(text.contains(
            "Open it in Linkway: https://linkway.example/returns/periods/7/boroughs/E09000007\n"
        ));
    }

    #[test]
    fn grant_work_is_reminded_once_for_each_count_waiting() {
        let waiting = |title: &str| {
            Task::new(
                TaskKind::ScoreApplications,
                title.into(),
                Some(today() + Duration::days(20)),
                "Enfield".into(),
                "/chest/rounds/1/panel".into(),
                today(),
            )
        };
        let two = reminder(
            &waiting("Score 2 applications to Spring grants"),
            &someone(),
            today(),
        )
        .unwrap();
        assert_eq!(two.kind, MessageKind::GrantWork);
        assert_eq!(
            two.subject,
            "Waiting for you: Score 2 applications to Spring grants"
        );
        let one = reminder(
            &waiting("Score 1 application to Spring grants"),
            &someone(),
            today(),
        )
        .unwrap();
        assert_ne!(one.once, two.once, "a new count is a new letter");
    }

    #[test]
    fn work_is_reminded_only_when_due_within_a_week_or_overdue() {
        let milestone = |days: i64| {
            Task::new(
                TaskKind::Milestone,
                "Steering group terms agreed".into(),
                Some(today() + Duration::days(days)),
                "Camden".into(),
                "/recommendations/2".into(),
                today(),
            )
        };
        assert!(reminder(&milestone(20), &someone(), today()).is_none());
        assert_eq!(
            reminder(&milestone(7), &someone(), today()).unwrap().kind,
            MessageKind::WorkDue
        );
        assert!(reminder(&milestone(-2), &someone(), today())
            .unwrap()
            .subject
            .starts_with("Overdue: "));
        let update = Task::new(
            TaskKind::ProgressUpdate,
            "Give a progress update".into(),
            None,
            "ICB".into(),
            "/recommendations/3".into(),
            today(),
        );
        assert!(reminder(&update, &someone(), today()).is_none());
    }
}
