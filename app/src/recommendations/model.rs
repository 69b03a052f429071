//! Recommendation and tracker types both sides use.

use crate::auth::Person;
use crate::codes::code_list;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// One row of the review's Table 3, word for word.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Recommendation {
    pub number: i64,
    pub category: String,
    pub recommendation: String,
    pub specific_actions: String,
    pub timeline: String,
    pub cost_implication: String,
    pub priority: String,
}

code_list! {
    /// Where a piece of work stands, as its owner reports it.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Status {
        NotStarted = ("not_started", "Not started"),
        OnTrack = ("on_track", "On track"),
        AtRisk = ("at_risk", "At risk"),
        OffTrack = ("off_track", "Off track"),
        Complete = ("complete", "Complete"),
    }
}

code_list! {
    /// Red, amber or green; ordered from best to worst so the worst of several is the
    /// `max`. `ALL` follows that order; lists shown worst first reverse it.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    pub enum Rag {
        Green = ("green", "Green"),
        Amber = ("amber", "Amber"),
        Red = ("red", "Red"),
    }
}

impl Rag {
    /// The RGB fill used for this RAG on screen and in exported workbooks.
    pub fn fill(self) -> u32 {
        match self {
            Rag::Green => 0x007F3B,
            Rag::Amber => 0xFFB81C,
            Rag::Red => 0xD5281B,
        }
    }
}

/// The RAG the evidence supports, and every reason it is worse than reported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DerivedRag {
    pub rag: Rag,
    pub reasons: Vec<String>,
    /// Each reason in a few words, for a table cell ("Milestone 21 days overdue"), with
    /// the RAG it gives.
    #[serde(default)]
    pub short_reasons: Vec<(Rag, String)>,
}

/// A recommendation's accountable owner and lead organisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Plan {
    /// The recommendation's row: what its milestones, updates and lines hang from.
    pub id: i64,
    pub owner_id: Option<i64>,
    pub owner_name: Option<String>,
    pub lead_organisation: String,
    pub version: i64,
    /// The ICB whose review the recommendation belongs to (`NCL`).
    pub icb_code: String,
}

/// One milestone as it stood from `recorded_at` (its revision `version`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub id: i64,
    pub recommendation_number: i64,
    pub version: i64,
    pub title: String,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
    pub owner_id: Option<i64>,
    pub owner_name: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

impl Milestone {
    /// Days past its due date on `today`, if it is not done by then.
    pub fn days_overdue(&self, today: NaiveDate) -> Option<i64> {
        let done = self.done_on.is_some_and(|done| done <= today);
        let days = (today - self.due_on).num_days();
        (!done && days > 0).then_some(days)
    }
}

/// A progress update: added, never changed, so the updates are the record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressUpdate {
    pub id: i64,
    pub recommendation_number: i64,
    pub status: Status,
    pub commentary: String,
    pub percent_complete: i64,
    /// A link or a note; empty when none was given.
    pub evidence: String,
    pub reported_on: NaiveDate,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: String,
}

/// A recommendation's line for one borough, with its own owner and status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoroughLine {
    pub id: i64,
    pub recommendation_number: i64,
    pub borough_code: String,
    pub borough_name: String,
    pub owner_id: Option<i64>,
    pub owner_name: Option<String>,
    pub status: Status,
    pub note: String,
    pub version: i64,
    /// The ICB whose review the recommendation belongs to.
    pub icb_code: String,
}

/// One recommendation in the tracker, as it stood on a date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackerRow {
    pub recommendation: Recommendation,
    pub plan: Plan,
    /// When the target window opens and closes; `None` for "Ongoing".
    pub window: Option<(NaiveDate, NaiveDate)>,
    pub latest: Option<ProgressUpdate>,
    pub reported: Option<Rag>,
    pub derived: DerivedRag,
    pub next_milestone: Option<Milestone>,
    pub overdue_milestones: usize,
    /// Codes of the boroughs with a line on this recommendation.
    pub boroughs: Vec<String>,
}

/// The tracker list's filters and sort, as typed in its form (all optional).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrackerFilter {
    pub category: String,
    pub priority: String,
    /// An owner's user id.
    pub owner: String,
    /// A borough code.
    pub borough: String,
    /// A RAG code.
    pub reported: String,
    /// A RAG code.
    pub derived: String,
    /// "yes": only recommendations with an overdue milestone or past their window.
    pub overdue: String,
    /// number (default), category, priority, owner, reported, derived, due.
    pub sort: String,
    /// `YYYY-MM-DD`; empty for today.
    pub as_at: String,
    /// `london` or an ICB code; empty: the ICB the user works in.
    pub area: String,
}

/// The RAG counts of one category (derived RAG).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryCounts {
    pub category: String,
    pub red: usize,
    pub amber: usize,
    pub green: usize,
}

/// The tracker list page's data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackerView {
    pub as_at: NaiveDate,
    pub today: NaiveDate,
    pub programme_start: NaiveDate,
    pub rows: Vec<TrackerRow>,
    /// Counts over every recommendation, before filtering.
    pub counts: Vec<CategoryCounts>,
    pub categories: Vec<String>,
    pub owners: Vec<Person>,
    pub boroughs: Vec<(String, String)>,
    /// The ICB whose tracker this is; empty across London.
    pub icb_code: String,
    /// London or the ICB in view, and the others the viewer may choose.
    pub area: crate::boroughs::area::AreaChoice,
    /// Across London: each ICB's recommendations by derived RAG, instead of rows.
    pub by_icb: Vec<IcbRag>,
    /// The user may load the ICB's recommendations from a spreadsheet.
    pub can_load: bool,
}

/// One ICB's recommendations by derived RAG, for the regional team's comparison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IcbRag {
    pub code: String,
    pub name: String,
    /// How many recommendations the ICB's tracker holds (0: none loaded yet).
    pub recommendations: usize,
    pub red: usize,
    pub amber: usize,
    pub green: usize,
    /// Recommendations with an overdue milestone or past their target window.
    pub overdue: usize,
}

/// A borough plan action as the recommendation page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedAction {
    pub id: i64,
    pub borough_name: String,
    pub domain: String,
    pub number: i64,
    pub title: String,
    pub status: Status,
}

/// The recommendation page's data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecommendationDetail {
    pub today: NaiveDate,
    pub row: TrackerRow,
    pub milestones: Vec<Milestone>,
    /// Newest first.
    pub updates: Vec<ProgressUpdate>,
    pub borough_lines: Vec<BoroughLine>,
    pub actions: Vec<LinkedAction>,
    pub people: Vec<Person>,
    pub boroughs: Vec<(String, String)>,
    /// The signed-in user may post progress and mark milestones done.
    pub can_update: bool,
    /// The signed-in user may change the owner, lead organisation and borough lines.
    pub can_plan: bool,
    /// The borough lines the signed-in user may edit.
    pub editable_lines: Vec<i64>,
    /// The recommendation's audit history, for users who may read the audit trail.
    pub history: Option<Vec<crate::audit::AuditEvent>>,
    /// This load's one-time token for the page's forms ([`crate::forms::once`]).
    pub form_token: String,
}

/// A dated piece of work for the overview and "my actions" lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueItem {
    pub recommendation_number: i64,
    pub recommendation: String,
    /// The milestone's title, or "End of the target window".
    pub what: String,
    pub due_on: NaiveDate,
    pub owner_name: Option<String>,
}

/// The derived RAG counts on one date of the trend.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub date: NaiveDate,
    pub red: usize,
    pub amber: usize,
    pub green: usize,
}

/// The ICB overview page's data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub today: NaiveDate,
    pub programme_start: Option<NaiveDate>,
    /// The programme start setting's version, sent back with a change (0: never set).
    pub programme_start_version: i64,
    pub overdue: Vec<DueItem>,
    pub due_soon: Vec<DueItem>,
    pub trend: Vec<TrendPoint>,
    pub can_plan: bool,
}

/// What the signed-in user owns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyActions {
    pub today: NaiveDate,
    pub recommendations: Vec<TrackerRow>,
    pub milestones: Vec<DueItem>,
    pub borough_lines: Vec<BoroughLine>,
}

/// One load of an ICB's recommendations from a spreadsheet: what it added, what it
/// updated (owner, lead organisation), what was recorded already just so, and (when
/// refused, with nothing changed) every problem found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecommendationImport {
    pub id: i64,
    pub icb_code: String,
    pub file_name: String,
    pub added: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub problems: Vec<String>,
    pub created_at: DateTime<Utc>,
}
