//! The derived-RAG rules, in one place: what the evidence says about a recommendation,
//! beside what its owner reported.
//!
//! The derived RAG starts from the reported one (green when nothing is reported) and each
//! rule can only make it worse:
//! - a milestone overdue: amber, red once more than [`RED_AFTER_DAYS_OVERDUE`] days;
//! - past the end of the target window and not complete: red;
//! - no progress update for [`STALE_AFTER_DAYS`] days or more (counted from the programme
//!   start when there has never been one): amber;
//! - reported complete without evidence: amber.
//!
//! A recommendation reported complete with evidence is green whatever else is open.

use super::model::{DerivedRag, Milestone, ProgressUpdate, Rag, Status};
use chrono::NaiveDate;

pub const STALE_AFTER_DAYS: i64 = 90;
pub const RED_AFTER_DAYS_OVERDUE: i64 = 30;

/// What the rules look at, on the day `today`.
pub struct RagFacts<'a> {
    pub today: NaiveDate,
    pub programme_start: NaiveDate,
    /// The end of the target window; `None` for "Ongoing".
    pub window_end: Option<NaiveDate>,
    pub latest: Option<&'a ProgressUpdate>,
    pub milestones: &'a [Milestone],
}

/// The RAG a status reports; "not started" reports none.
pub fn reported_rag(status: Status) -> Option<Rag> {
    match status {
        Status::NotStarted => None,
        Status::OnTrack | Status::Complete => Some(Rag::Green),
        Status::AtRisk => Some(Rag::Amber),
        Status::OffTrack => Some(Rag::Red),
    }
}

/// Overdue milestones named in a derived RAG's reasons; the rest are counted.
const OVERDUE_NAMED: usize = 3;

pub fn derive(facts: &RagFacts<'_>) -> DerivedRag {
    let reported = facts.latest.and_then(|update| reported_rag(update.status));
    let mut derived = DerivedRag {
        rag: reported.unwrap_or(Rag::Green),
        reasons: Vec::new(),
        short_reasons: Vec::new(),
    };
    let mut worsen = |rag: Rag, reason: String, short: String| {
        derived.rag = derived.rag.max(rag);
        derived.reasons.push(reason);
        derived.short_reasons.push((rag, short));
    };

    if let Some(update) = facts.latest.filter(|u| u.status == Status::Complete) {
        if update.evidence.trim().is_empty() {
            worsen(
                Rag::Amber,
                "reported complete without evidence".to_owned(),
                "Complete without evidence".to_owned(),
            );
        }
        return derived;
    }

    let mut overdue: Vec<(&Milestone, i64)> = facts
        .milestones
        .iter()
        .filter_map(|m| m.days_overdue(facts.today).map(|days| (m, days)))
        .collect();
    overdue.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.title.cmp(&b.0.title)));
    let overdue_rag = |days: i64| {
        if days > RED_AFTER_DAYS_OVERDUE {
            Rag::Red
        } else {
            Rag::Amber
        }
    };
    // The most overdue few by name; the rest as a count, so the reason stays readable
    // (and fits a board paper's cell) however many milestones a plan has.
    for (milestone, days) in overdue.iter().take(OVERDUE_NAMED) {
        worsen(
            overdue_rag(*days),
            format!(
                "milestone '{}' {} overdue",
                milestone.title,
                days_text(*days)
            ),
            format!("Milestone {} overdue", days_text(*days)),
        );
    }
    if let Some((_, days)) = overdue.get(OVERDUE_NAMED) {
        let more = overdue.len() - OVERDUE_NAMED;
        worsen(
            overdue_rag(*days),
            format!(
                "and {more} more milestone{} overdue",
                if more == 1 { "" } else { "s" }
            ),
            format!("{more} more overdue"),
        );
    }

    if let Some(end) = facts.window_end {
        let days = (facts.today - end).num_days();
        if days > 0 {
            worsen(
                Rag::Red,
                format!(
                    "{} past the end of its target window ({})",
                    days_text(days),
                    crate::format::date(end)
                ),
                format!("{} past its window", days_text(days)),
            );
        }
    }

    let last = facts.latest.map(|update| update.reported_on);
    let quiet_since = last.unwrap_or(facts.programme_start);
    let quiet = (facts.today - quiet_since).num_days();
    if quiet >= STALE_AFTER_DAYS {
        worsen(
            Rag::Amber,
            match last {
                Some(_) => format!("no progress update for {}", days_text(quiet)),
                None => format!(
                    "no progress update since the programme started {} ago",
                    days_text(quiet)
                ),
            },
            format!("No update for {}", days_text(quiet)),
        );
    }
    derived
}

/// "Reported green; derived amber: milestone 'X' 21 days overdue" — or `None` when the
/// two agree.
pub fn difference(reported: Option<Rag>, derived: &DerivedRag) -> Option<String> {
    if reported == Some(derived.rag) || (reported.is_none() && derived.reasons.is_empty()) {
        return None;
    }
    let reported = match reported {
        Some(rag) => format!("Reported {}", rag.code()),
        None => "No RAG reported".to_owned(),
    };
    Some(format!(
        "{reported}; derived {}: {}",
        derived.rag.code(),
        derived.reasons.join("; ")
    ))
}

/// The tracker's cell: in a few words, the first reason that gives the derived RAG (the
/// worst: "Milestone 40 days overdue" before an amber one), and how many more there are;
/// `None` when reported and derived agree. The recommendation's page gives them in full
/// ([`difference`]).
pub fn short_difference(reported: Option<Rag>, derived: &DerivedRag) -> Option<String> {
    difference(reported, derived)?;
    let (_, first) = derived
        .short_reasons
        .iter()
        .find(|(rag, _)| *rag == derived.rag)
        .or_else(|| derived.short_reasons.first())?;
    Some(match derived.short_reasons.len() - 1 {
        0 => first.clone(),
        1 => format!("{first} (+1 more reason)"),
        more => format!("{first} (+{more} more reasons)"),
    })
}

fn days_text(days: i64) -> String {
    if days == 1 {
        "1 day".to_owned()
    } else {
        format!("{days} days")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn update(status: Status, reported_on: NaiveDate, evidence: &str) -> ProgressUpdate {
        ProgressUpdate {
            id: 1,
            recommendation_number: 2,
            status,
            commentary: "Progress".into(),
            percent_complete: 50,
            evidence: evidence.into(),
            reported_on,
            recorded_at: Utc::now(),
            recorded_by: "Owner".into(),
        }
    }

    fn milestone(title: &str, due_on: NaiveDate, done_on: Option<NaiveDate>) -> Milestone {
        Milestone {
            id: 1,
            recommendation_number: 2,
            version: 1,
            title: title.into(),
            due_on,
            done_on,
            owner_id: None,
            owner_name: None,
            recorded_at: Utc::now(),
        }
    }

    const TODAY: (i32, u32, u32) = (2025, 6, 30);

    #[test]
    fn many_overdue_milestones_are_named_three_and_counted() {
        let latest = update(Status::OnTrack, date(2025, 6, 1), "");
        let milestones: Vec<Milestone> = (1..=40)
            .map(|n| milestone(&format!("Step {n:02}"), date(2025, 1, n.min(28)), None))
            .collect();
        let derived = derive(&facts(Some(&latest), &milestones));
        let named = derived
            .reasons
            .iter()
            .filter(|r| r.starts_with("milestone '"));
        assert_eq!(named.count(), 3, "{:?}", derived.reasons);
        assert_eq!(derived.reasons[3], "and 37 more milestones overdue");
        assert_eq!(derived.rag, Rag::Red);
    }

    fn facts<'a>(latest: Option<&'a ProgressUpdate>, milestones: &'a [Milestone]) -> RagFacts<'a> {
        RagFacts {
            today: date(TODAY.0, TODAY.1, TODAY.2),
            programme_start: date(2025, 3, 1),
            window_end: Some(date(2025, 9, 1)),
            latest,
            milestones,
        }
    }

    #[test]
    fn the_short_reason_names_the_first_in_a_few_words_and_counts_the_rest() {
        let latest = update(Status::OnTrack, date(2025, 6, 1), "");
        let one = [milestone(
            "Steering group terms agreed",
            date(2025, 6, 9),
            None,
        )];
        let derived = derive(&facts(Some(&latest), &one));
        assert_eq!(
            short_difference(Some(Rag::Green), &derived).as_deref(),
            Some("Milestone 21 days overdue")
        );
        let two = [
            milestone("Steering group terms agreed", date(2025, 6, 9), None),
            milestone("Borough leads named", date(2025, 5, 1), None),
        ];
        let derived = derive(&facts(Some(&latest), &two));
        assert_eq!(
            short_difference(Some(Rag::Green), &derived).as_deref(),
            Some("Milestone 60 days overdue (+1 more reason)")
        );
        let agreeing = derive(&facts(Some(&latest), &[]));
        assert_eq!(short_difference(Some(Rag::Green), &agreeing), None);
        // An amber milestone comes first among the reasons; the red window is named.
        let late = RagFacts {
            window_end: Some(date(2025, 6, 1)),
            ..facts(Some(&latest), &one)
        };
        let derived = derive(&late);
        assert_eq!(derived.rag, Rag::Red);
        assert_eq!(
            short_difference(Some(Rag::Green), &derived).as_deref(),
            Some("29 days past its window (+1 more reason)")
        );
    }

    #[test]
    fn on_track_with_nothing_wrong_stays_green_and_agrees() {
        let latest = update(Status::OnTrack, date(2025, 6, 1), "");
        let derived = derive(&facts(Some(&latest), &[]));
        assert_eq!(derived.rag, Rag::Green);
        assert!(derived.reasons.is_empty());
        assert_eq!(difference(Some(Rag::Green), &derived), None);
    }

    #[test]
    fn a_milestone_overdue_up_to_30_days_is_amber_with_its_name() {
        let latest = update(Status::OnTrack, date(2025, 6, 1), "");
        let milestones = [milestone(
            "Steering group terms agreed",
            date(2025, 6, 9),
            None,
        )];
        let derived = derive(&facts(Some(&latest), &milestones));
        assert_eq!(derived.rag, Rag::Amber);
        assert_eq!(
            difference(Some(Rag::Green), &derived).as_deref(),
            Some("Reported green; derived amber: milestone 'Steering group terms agreed' 21 days overdue")
        );
    }

    #[test]
    fn a_milestone_overdue_more_than_30_days_is_red() {
        let latest = update(Status::OnTrack, date(2025, 6, 1), "");
        let milestones = [milestone("Lead appointed", date(2025, 5, 30), None)];
        assert_eq!(derive(&facts(Some(&latest), &milestones)).rag, Rag::Red);
        let milestones = [milestone("Lead appointed", date(2025, 5, 31), None)];
        assert_eq!(derive(&facts(Some(&latest), &milestones)).rag, Rag::Amber);
    }

    #[test]
    fn a_done_or_future_milestone_is_not_overdue() {
        let latest = update(Status::OnTrack, date(2025, 6, 1), "");
        let milestones = [
            milestone("Done late", date(2025, 5, 1), Some(date(2025, 6, 1))),
            milestone("Due today", date(2025, 6, 30), None),
            milestone("Next month", date(2025, 7, 30), None),
        ];
        assert_eq!(derive(&facts(Some(&latest), &milestones)).rag, Rag::Green);
    }

    #[test]
    fn past_the_end_of_the_window_is_red_until_complete() {
        let latest = update(Status::OnTrack, date(2025, 9, 1), "");
        let mut rules = facts(Some(&latest), &[]);
        rules.today = date(2025, 9, 11);
        let derived = derive(&rules);
        assert_eq!(derived.rag, Rag::Red);
        assert_eq!(
            derived.reasons,
            ["10 days past the end of its target window (1 Sep 2025)"]
        );
        rules.window_end = None;
        assert_eq!(derive(&rules).rag, Rag::Green, "Ongoing has no window");
    }

    #[test]
    fn no_update_for_90_days_is_amber() {
        let latest = update(Status::OnTrack, date(2025, 4, 1), "");
        let derived = derive(&facts(Some(&latest), &[]));
        assert_eq!(derived.rag, Rag::Amber);
        assert_eq!(derived.reasons, ["no progress update for 90 days"]);
        let latest = update(Status::OnTrack, date(2025, 3, 31), "");
        let derived = derive(&facts(Some(&latest), &[]));
        assert_eq!(derived.reasons, ["no progress update for 91 days"]);
        let latest = update(Status::OnTrack, date(2025, 4, 2), "");
        assert_eq!(derive(&facts(Some(&latest), &[])).rag, Rag::Green);
    }

    #[test]
    fn never_updated_counts_from_the_programme_start() {
        let derived = derive(&facts(None, &[]));
        assert_eq!(derived.rag, Rag::Amber);
        assert_eq!(
            derived.reasons,
            ["no progress update since the programme started 121 days ago"]
        );
        assert_eq!(
            difference(None, &derived).as_deref(),
            Some("No RAG reported; derived amber: no progress update since the programme started 121 days ago")
        );
    }

    #[test]
    fn complete_needs_evidence() {
        let milestones = [milestone("Never ticked", date(2025, 1, 1), None)];
        let without = update(Status::Complete, date(2025, 6, 1), "  ");
        let derived = derive(&facts(Some(&without), &milestones));
        assert_eq!(derived.rag, Rag::Amber);
        assert_eq!(derived.reasons, ["reported complete without evidence"]);
        let with = update(
            Status::Complete,
            date(2025, 6, 1),
            "https://example.nhs.uk/minutes",
        );
        let derived = derive(&facts(Some(&with), &milestones));
        assert_eq!(derived.rag, Rag::Green);
        assert!(derived.reasons.is_empty());
    }

    #[test]
    fn the_worst_rule_wins_and_every_reason_is_given() {
        let latest = update(Status::AtRisk, date(2025, 1, 1), "");
        let milestones = [
            milestone("Small slip", date(2025, 6, 20), None),
            milestone("Big slip", date(2025, 4, 1), None),
        ];
        let derived = derive(&facts(Some(&latest), &milestones));
        assert_eq!(derived.rag, Rag::Red);
        assert_eq!(derived.reasons.len(), 3, "{:?}", derived.reasons);
        assert!(derived.reasons[0].starts_with("milestone 'Big slip' 90 days"));
    }

    #[test]
    fn reported_red_is_never_softened() {
        let latest = update(Status::OffTrack, date(2025, 6, 1), "");
        let derived = derive(&facts(Some(&latest), &[]));
        assert_eq!(derived.rag, Rag::Red);
        assert_eq!(difference(Some(Rag::Red), &derived), None);
    }
}
