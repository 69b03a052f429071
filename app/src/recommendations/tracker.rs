//! The tracker as it stood on a date, built from the kept history: the milestone revisions
//! and progress updates recorded by the end of that day. Today's tracker is the same
//! computation "as at" today. Filtering, sorting and the RAG counts live here too.

use super::model::{
    BoroughLine, CategoryCounts, Milestone, Plan, ProgressUpdate, Rag, Recommendation,
    TrackerFilter, TrackerRow,
};
use super::rag::{derive, reported_rag, RagFacts};
use super::TargetWindow;
use chrono::{DateTime, NaiveDate, Utc};

/// Everything the tracker is built from, as loaded.
#[derive(Clone, Debug, Default)]
pub struct TrackerData {
    pub programme_start: Option<NaiveDate>,
    pub recommendations: Vec<(Recommendation, Plan)>,
    /// Every revision of every milestone.
    pub milestone_revisions: Vec<Milestone>,
    pub updates: Vec<ProgressUpdate>,
    pub borough_lines: Vec<BoroughLine>,
}

/// The first instant after `day` (UTC): what was recorded before it counts "as at" `day`.
pub fn end_of(day: NaiveDate) -> DateTime<Utc> {
    let next = day.succ_opt().unwrap_or(day);
    next.and_time(chrono::NaiveTime::MIN).and_utc()
}

/// Each milestone's latest revision recorded before `cutoff`, by due date.
pub fn milestones_as_at(revisions: &[Milestone], cutoff: DateTime<Utc>) -> Vec<Milestone> {
    let mut latest: Vec<Milestone> = Vec::new();
    for revision in revisions.iter().filter(|r| r.recorded_at < cutoff) {
        match latest.iter_mut().find(|m| m.id == revision.id) {
            Some(kept) if kept.version < revision.version => *kept = revision.clone(),
            Some(_) => {}
            None => latest.push(revision.clone()),
        }
    }
    latest.sort_by(|a, b| a.due_on.cmp(&b.due_on).then(a.id.cmp(&b.id)));
    latest
}

/// Progress updates recorded before `cutoff` and reported on or before `day`, newest first.
pub fn updates_as_at(
    updates: &[ProgressUpdate],
    day: NaiveDate,
    cutoff: DateTime<Utc>,
) -> Vec<ProgressUpdate> {
    let mut kept: Vec<ProgressUpdate> = updates
        .iter()
        .filter(|u| u.recorded_at < cutoff && u.reported_on <= day)
        .cloned()
        .collect();
    kept.sort_by(|a, b| {
        b.reported_on
            .cmp(&a.reported_on)
            .then(b.recorded_at.cmp(&a.recorded_at))
            .then(b.id.cmp(&a.id))
    });
    kept
}

/// The tracker rows as they stood at the end of `day`.
pub fn rows_as_at(data: &TrackerData, day: NaiveDate) -> Vec<TrackerRow> {
    let cutoff = end_of(day);
    let milestones = milestones_as_at(&data.milestone_revisions, cutoff);
    let updates = updates_as_at(&data.updates, day, cutoff);
    data.recommendations
        .iter()
        .map(|(recommendation, plan)| {
            let number = recommendation.number;
            let own: Vec<Milestone> = milestones
                .iter()
                .filter(|m| m.recommendation_number == number)
                .cloned()
                .collect();
            let latest = updates
                .iter()
                .find(|u| u.recommendation_number == number)
                .cloned();
            let window = match (
                data.programme_start,
                TargetWindow::parse(&recommendation.timeline),
            ) {
                (Some(start), Some(window)) => window.dates(start),
                _ => None,
            };
            let derived = derive(&RagFacts {
                today: day,
                programme_start: data.programme_start.unwrap_or(day),
                window_end: window.map(|(_, end)| end),
                latest: latest.as_ref(),
                milestones: &own,
            });
            let overdue_milestones = own.iter().filter(|m| m.days_overdue(day).is_some()).count();
            let next_milestone = own
                .iter()
                .find(|m| m.done_on.is_none_or(|done| done > day))
                .cloned();
            let mut boroughs: Vec<String> = data
                .borough_lines
                .iter()
                .filter(|line| line.recommendation_number == number)
                .map(|line| line.borough_code.clone())
                .collect();
            boroughs.sort();
            TrackerRow {
                recommendation: recommendation.clone(),
                plan: plan.clone(),
                window,
                reported: latest.as_ref().and_then(|u| reported_rag(u.status)),
                latest,
                derived,
                next_milestone,
                overdue_milestones,
                boroughs,
            }
        })
        .collect()
}

/// Whether a row is late: a milestone overdue, or past its window and not complete.
pub fn is_overdue(row: &TrackerRow, day: NaiveDate) -> bool {
    let complete = row
        .latest
        .as_ref()
        .is_some_and(|u| u.status == super::Status::Complete);
    row.overdue_milestones > 0 || (!complete && row.window.is_some_and(|(_, end)| day > end))
}

fn wanted(value: &str) -> Option<&str> {
    (!value.is_empty()).then_some(value)
}

/// The rows that pass `filter`, in its order.
pub fn filter_rows(
    rows: Vec<TrackerRow>,
    filter: &TrackerFilter,
    day: NaiveDate,
) -> Vec<TrackerRow> {
    let mut kept: Vec<TrackerRow> = rows
        .into_iter()
        .filter(|row| wanted(&filter.category).is_none_or(|c| row.recommendation.category == c))
        .filter(|row| wanted(&filter.priority).is_none_or(|p| row.recommendation.priority == p))
        .filter(|row| {
            wanted(&filter.owner).is_none_or(|owner| {
                row.plan.owner_id.map(|id| id.to_string()).as_deref() == Some(owner)
            })
        })
        .filter(|row| {
            wanted(&filter.borough).is_none_or(|b| row.boroughs.iter().any(|code| code == b))
        })
        .filter(|row| {
            wanted(&filter.reported).is_none_or(|r| row.reported.map(Rag::code) == Some(r))
        })
        .filter(|row| wanted(&filter.derived).is_none_or(|r| row.derived.rag.code() == r))
        .filter(|row| filter.overdue != "yes" || is_overdue(row, day))
        .collect();
    let rag_rank = |rag: Option<Rag>| rag.map_or(0, |rag| rag as u8 + 1);
    let priority_rank = |priority: &str| match priority {
        "High" => 0,
        "Medium" => 1,
        "Low" => 2,
        _ => 3,
    };
    match filter.sort.as_str() {
        "category" => {
            kept.sort_by(|a, b| a.recommendation.category.cmp(&b.recommendation.category))
        }
        "priority" => kept.sort_by_key(|row| priority_rank(&row.recommendation.priority)),
        "owner" => kept.sort_by(|a, b| {
            let name = |row: &TrackerRow| {
                row.plan
                    .owner_name
                    .clone()
                    .unwrap_or_else(|| "\u{10FFFF}".into())
            };
            name(a).cmp(&name(b))
        }),
        // Worst first.
        "reported" => kept.sort_by_key(|row| std::cmp::Reverse(rag_rank(row.reported))),
        "derived" => kept.sort_by_key(|row| std::cmp::Reverse(rag_rank(Some(row.derived.rag)))),
        "due" => kept.sort_by_key(|row| {
            row.next_milestone
                .as_ref()
                .map_or(NaiveDate::MAX, |m| m.due_on)
        }),
        _ => {}
    }
    kept
}

/// Derived RAG counts per category, in the review's category order.
pub fn counts(rows: &[TrackerRow]) -> Vec<CategoryCounts> {
    let mut counts: Vec<CategoryCounts> = Vec::new();
    for row in rows {
        let category = &row.recommendation.category;
        let index = match counts.iter().position(|c| &c.category == category) {
            Some(index) => index,
            None => {
                counts.push(CategoryCounts {
                    category: category.clone(),
                    red: 0,
                    amber: 0,
                    green: 0,
                });
                counts.len() - 1
            }
        };
        let entry = &mut counts[index];
        match row.derived.rag {
            Rag::Red => entry.red += 1,
            Rag::Amber => entry.amber += 1,
            Rag::Green => entry.green += 1,
        }
    }
    counts
}

/// The ends of the financial quarters (30 Jun, 30 Sep, 31 Dec, 31 Mar) from `start` up to
/// `today`, then `today` itself: the points of the RAG trend.
pub fn quarter_ends(start: NaiveDate, today: NaiveDate) -> Vec<NaiveDate> {
    use chrono::Datelike;
    let mut points = Vec::new();
    let mut year = start.year();
    let mut month = match start.month() {
        1..=3 => 3,
        4..=6 => 6,
        7..=9 => 9,
        _ => 12,
    };
    while let Some(first_of_next) = NaiveDate::from_ymd_opt(
        if month == 12 { year + 1 } else { year },
        if month == 12 { 1 } else { month + 1 },
        1,
    ) {
        let Some(end) = first_of_next.pred_opt() else {
            break;
        };
        if end >= today {
            break;
        }
        points.push(end);
        (year, month) = if month == 12 {
            (year + 1, 3)
        } else {
            (year, month + 3)
        };
    }
    points.push(today);
    points
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recommendations::Status;
    use chrono::TimeZone;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
    }

    fn recommendation(number: i64, timeline: &str) -> (Recommendation, Plan) {
        (
            Recommendation {
                number,
                category: "Strengthen Leadership & Governance".into(),
                recommendation: format!("Recommendation {number}"),
                specific_actions: String::new(),
                timeline: timeline.into(),
                cost_implication: "Low".into(),
                priority: "High".into(),
            },
            Plan {
                id: number,
                owner_id: None,
                owner_name: None,
                lead_organisation: String::new(),
                version: 1,
                icb_code: "NCL".into(),
            },
        )
    }

    fn revision(
        version: i64,
        due: NaiveDate,
        done: Option<NaiveDate>,
        recorded: DateTime<Utc>,
    ) -> Milestone {
        Milestone {
            id: 7,
            recommendation_number: 2,
            version,
            title: "Steering group terms agreed".into(),
            due_on: due,
            done_on: done,
            owner_id: None,
            owner_name: None,
            recorded_at: recorded,
        }
    }

    fn update(
        id: i64,
        status: Status,
        reported_on: NaiveDate,
        recorded: DateTime<Utc>,
    ) -> ProgressUpdate {
        ProgressUpdate {
            id,
            recommendation_number: 2,
            status,
            commentary: format!("Update {id}"),
            percent_complete: 10 * id,
            evidence: String::new(),
            reported_on,
            recorded_at: recorded,
            recorded_by: "Owner".into(),
        }
    }

    fn data() -> TrackerData {
        TrackerData {
            programme_start: Some(date(2025, 3, 1)),
            recommendations: vec![recommendation(2, "3 months")],
            milestone_revisions: vec![
                revision(1, date(2025, 5, 1), None, at(2025, 3, 10)),
                revision(
                    2,
                    date(2025, 5, 1),
                    Some(date(2025, 5, 20)),
                    at(2025, 5, 20),
                ),
            ],
            updates: vec![
                update(1, Status::OnTrack, date(2025, 3, 31), at(2025, 3, 31)),
                update(2, Status::Complete, date(2025, 5, 20), at(2025, 5, 20)),
            ],
            borough_lines: Vec::new(),
        }
    }

    #[test]
    fn as_at_a_past_date_uses_only_what_was_recorded_by_then() {
        let data = data();
        let before = &rows_as_at(&data, date(2025, 5, 10))[0];
        assert_eq!(before.latest.as_ref().map(|u| u.id), Some(1));
        assert_eq!(before.reported, Some(Rag::Green));
        assert_eq!(before.overdue_milestones, 1);
        assert_eq!(before.derived.rag, Rag::Amber);
        assert_eq!(
            before.derived.reasons,
            ["milestone 'Steering group terms agreed' 9 days overdue"]
        );

        let after = &rows_as_at(&data, date(2025, 5, 20))[0];
        assert_eq!(
            after.latest.as_ref().map(|u| u.status),
            Some(Status::Complete)
        );
        assert_eq!(after.overdue_milestones, 0);
        assert_eq!(after.next_milestone, None);
    }

    #[test]
    fn before_anything_was_recorded_the_tracker_is_empty_but_present() {
        let row = &rows_as_at(&data(), date(2025, 3, 5))[0];
        assert_eq!(row.latest, None);
        assert_eq!(row.next_milestone, None);
        assert_eq!(row.window, Some((date(2025, 6, 1), date(2025, 6, 1))));
    }

    #[test]
    fn the_newest_revision_recorded_in_time_wins() {
        let data = data();
        let kept = milestones_as_at(&data.milestone_revisions, end_of(date(2025, 5, 19)));
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].version, 1);
        let kept = milestones_as_at(&data.milestone_revisions, end_of(date(2025, 5, 20)));
        assert_eq!(kept[0].version, 2);
    }

    #[test]
    fn filters_combine_and_overdue_means_late() {
        let mut data = data();
        data.recommendations.push(recommendation(3, "6 months"));
        let rows = rows_as_at(&data, date(2025, 5, 10));
        let filter = TrackerFilter {
            overdue: "yes".into(),
            ..TrackerFilter::default()
        };
        let kept = filter_rows(rows.clone(), &filter, date(2025, 5, 10));
        assert_eq!(
            kept.iter()
                .map(|r| r.recommendation.number)
                .collect::<Vec<_>>(),
            [2]
        );
        let filter = TrackerFilter {
            derived: "green".into(),
            ..TrackerFilter::default()
        };
        let kept = filter_rows(rows.clone(), &filter, date(2025, 5, 10));
        assert_eq!(
            kept.iter()
                .map(|r| r.recommendation.number)
                .collect::<Vec<_>>(),
            [3]
        );
        let filter = TrackerFilter {
            sort: "derived".into(),
            ..TrackerFilter::default()
        };
        let kept = filter_rows(rows.clone(), &filter, date(2025, 5, 10));
        assert_eq!(
            kept.iter()
                .map(|r| r.recommendation.number)
                .collect::<Vec<_>>(),
            [2, 3]
        );
        let counts = counts(&rows);
        assert_eq!((counts[0].red, counts[0].amber, counts[0].green), (0, 1, 1));
    }

    #[test]
    fn quarter_ends_run_from_the_start_to_today() {
        assert_eq!(
            quarter_ends(date(2025, 3, 1), date(2025, 11, 21)),
            [
                date(2025, 3, 31),
                date(2025, 6, 30),
                date(2025, 9, 30),
                date(2025, 11, 21)
            ]
        );
        assert_eq!(
            quarter_ends(date(2025, 3, 1), date(2025, 3, 10)),
            [date(2025, 3, 10)]
        );
        assert_eq!(
            quarter_ends(date(2024, 12, 5), date(2025, 4, 1)),
            [date(2024, 12, 31), date(2025, 3, 31), date(2025, 4, 1)]
        );
    }
}
