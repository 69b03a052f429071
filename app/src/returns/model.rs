//! Quarterly return types both sides use: periods, the return's coded columns, upload
//! attempts with their problems, submissions, and the coverage and unmet need rollups.

use crate::codes::code_list;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A financial-year quarter boroughs return for, e.g. 2025/26 Q1 (April to June 2025).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub id: i64,
    /// The calendar year the financial year starts in: 2025 for 2025/26.
    pub financial_year: i32,
    pub quarter: u32,
    pub opens_on: NaiveDate,
    pub due_on: NaiveDate,
    pub closes_on: NaiveDate,
    /// The quarter loaded from the review; nobody uploads to it.
    pub baseline: bool,
    /// The ICB whose boroughs it asks (`NCL`).
    pub icb_code: String,
}

/// Where a period stands on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PeriodWindow {
    NotOpen,
    Open,
    /// Past the published due date, before the hard close: uploads are late.
    Overdue,
    Closed,
}

impl PeriodWindow {
    pub fn label(self) -> &'static str {
        match self {
            Self::NotOpen => "Not open yet",
            Self::Open => "Open",
            Self::Overdue => "Past due",
            Self::Closed => "Closed",
        }
    }
}

impl Period {
    /// `2025/26 Q1`.
    pub fn code(&self) -> String {
        period_code(self.financial_year, self.quarter)
    }

    /// The first day of the quarter.
    pub fn starts_on(&self) -> NaiveDate {
        quarter_start(self.financial_year, self.quarter)
    }

    /// The last day of the quarter: populations are taken as at this day.
    pub fn ends_on(&self) -> NaiveDate {
        let (year, quarter) = if self.quarter == 4 {
            (self.financial_year + 1, 1)
        } else {
            (self.financial_year, self.quarter + 1)
        };
        quarter_start(year, quarter)
            .pred_opt()
            .unwrap_or_else(|| self.starts_on())
    }

    pub fn window(&self, today: NaiveDate) -> PeriodWindow {
        if self.baseline || today > self.closes_on {
            PeriodWindow::Closed
        } else if today < self.opens_on {
            PeriodWindow::NotOpen
        } else if today > self.due_on {
            PeriodWindow::Overdue
        } else {
            PeriodWindow::Open
        }
    }
}

pub fn period_code(financial_year: i32, quarter: u32) -> String {
    format!(
        "{} Q{quarter}",
        crate::format::financial_year(financial_year.into())
    )
}

/// The first day of a financial-year quarter: Q1 starts in April, Q4 in January.
pub fn quarter_start(financial_year: i32, quarter: u32) -> NaiveDate {
    let (year, month) = match quarter {
        1 => (financial_year, 4),
        2 => (financial_year, 7),
        3 => (financial_year, 10),
        _ => (financial_year + 1, 1),
    };
    NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default()
}

/// The quarter a day falls in, as (financial year, quarter).
pub fn quarter_of(day: NaiveDate) -> (i32, u32) {
    match day.month() {
        4..=6 => (day.year(), 1),
        7..=9 => (day.year(), 2),
        10..=12 => (day.year(), 3),
        _ => (day.year() - 1, 4),
    }
}

code_list! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    pub enum WorkforceRole {
        Splw = ("splw", "Social prescribing link worker"),
        Hwbc = ("hwbc", "Health and wellbeing coach"),
        CareCoordinator = ("care_coordinator", "Care coordinator"),
        Other = ("other", "Other personalised care role"),
    }
}

impl WorkforceRole {
    /// Short name for table headings and charts.
    pub fn short(self) -> &'static str {
        match self {
            Self::Splw => "SPLW",
            Self::Hwbc => "HWBC",
            Self::CareCoordinator => "Care coordinators",
            Self::Other => "Other roles",
        }
    }
}

/// The WTE per 10,000 population a role is measured against (ICB leads set these; a role
/// without one has no target).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct WorkforceTarget {
    pub role: WorkforceRole,
    pub per_10k: f64,
    pub source: String,
}

pub fn target_for(targets: &[WorkforceTarget], role: WorkforceRole) -> Option<f64> {
    targets.iter().find(|t| t.role == role).map(|t| t.per_10k)
}

code_list! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub enum Employer {
        Pcn = ("pcn", "PCN"),
        Vcse = ("vcse", "VCSE"),
        LocalAuthority = ("local_authority", "Local authority"),
        Other = ("other", "Other"),
    }
}

code_list! {
    /// Why a need a link worker met could not be connected to a service.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    pub enum WhyUnmet {
        NoService = ("no_service", "No service"),
        WaitingList = ("waiting_list", "Waiting list"),
        NotAccessible = ("not_accessible", "Not accessible"),
        NotEligible = ("not_eligible", "Not eligible"),
        Other = ("other", "Other"),
    }
}

code_list! {
    /// The four ONS personal wellbeing questions, each scored 0 to 10.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub enum Ons4Measure {
        LifeSatisfaction = ("life_satisfaction", "Life satisfaction"),
        Worthwhile = ("worthwhile", "Worthwhile"),
        Happiness = ("happiness", "Happiness"),
        Anxiety = ("anxiety", "Anxiety"),
    }
}

/// One entry of the maintained code list of referral reasons and unmet need themes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct NeedTheme {
    pub id: i64,
    pub name: String,
    pub position: i64,
}

/// One thing wrong with an uploaded return: where (`Workforce`, `E12`), what it held, and
/// a sentence saying what to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub sheet: String,
    pub cell: String,
    pub value: String,
    pub message: String,
}

impl Problem {
    /// `Workforce!E12`, or the sheet name alone for whole-file problems.
    pub fn reference(&self) -> String {
        if self.cell.is_empty() {
            self.sheet.clone()
        } else {
            format!("{}!{}", self.sheet, self.cell)
        }
    }
}

/// Where one borough's return for a period stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReturnState {
    /// No clean return yet.
    Missing,
    /// A clean return waits for the borough lead's sign-off.
    AwaitingSignOff,
    SignedOff,
}

impl ReturnState {
    pub fn label(self) -> &'static str {
        match self {
            Self::Missing => "Not received",
            Self::AwaitingSignOff => "Awaiting sign-off",
            Self::SignedOff => "Signed off",
        }
    }
}

/// One version of a borough's return for a period (every accepted upload is one).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Submission {
    pub id: i64,
    pub period: Period,
    pub borough_code: String,
    pub borough_name: String,
    pub version: i64,
    /// `None` for the baseline loaded from the review.
    pub uploaded_by: Option<String>,
    pub uploaded_at: DateTime<Utc>,
    pub file_name: Option<String>,
    pub file_hash: Option<String>,
    pub people_referred: Option<i64>,
    pub source_note: Option<String>,
    pub signed_off_by: Option<String>,
    pub signed_off_at: Option<DateTime<Utc>>,
    /// Whether this is the version that counts: the latest signed-off one.
    pub counts: bool,
}

/// Where a version of a return stands beside the borough's newest for the period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    Counts,
    SupersededBy(i64),
    AwaitingSignOff,
    SignedOff,
}

impl Standing {
    pub fn label(self) -> String {
        match self {
            Self::Counts => "Counts".to_owned(),
            Self::SupersededBy(latest) => format!("Superseded by version {latest}"),
            Self::AwaitingSignOff => "Awaiting sign-off".to_owned(),
            Self::SignedOff => "Signed off".to_owned(),
        }
    }
}

impl Submission {
    /// Where this version stands, when version `latest` is the borough's newest for the
    /// period: it counts, a newer version has superseded it, or it awaits sign-off.
    pub fn standing(&self, latest: i64) -> Standing {
        if self.counts {
            Standing::Counts
        } else if self.version < latest {
            Standing::SupersededBy(latest)
        } else if self.signed_off_at.is_none() {
            Standing::AwaitingSignOff
        } else {
            Standing::SignedOff
        }
    }
}

/// An upload as it was received: accepted (with its submission) or refused with problems.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    pub id: i64,
    pub period: Period,
    pub borough_code: String,
    pub borough_name: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
    pub file_name: String,
    pub file_size: i64,
    pub file_hash: String,
    /// How many problems the upload had (each problem counts, including the line that says
    /// how many were left out).
    pub problem_count: i64,
    /// The problems themselves: loaded only for the attempt's own page, empty in lists.
    pub problems: Vec<Problem>,
    pub submission_id: Option<i64>,
}

/// A workforce row of a submission.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkforceLine {
    pub pcn: String,
    pub role: WorkforceRole,
    pub employer: Employer,
    pub headcount: Option<i64>,
    pub wte: f64,
    pub vacancies: f64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralLine {
    pub theme: String,
    pub referrals: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnmetNeedLine {
    pub theme: String,
    pub people: i64,
    pub place: Option<String>,
    pub reason: WhyUnmet,
    pub notes: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutcomeLine {
    pub measure: Ons4Measure,
    pub before_mean: Option<f64>,
    pub before_n: Option<i64>,
    pub after_mean: Option<f64>,
    pub after_n: Option<i64>,
}

/// What a checked return holds, ready to store (and what a submission page shows).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReturnContent {
    /// The template the return was made on; none for the baseline loaded from the review.
    pub template_version: Option<i64>,
    pub people_referred: Option<i64>,
    pub workforce: Vec<WorkforceLine>,
    pub referrals: Vec<ReferralLine>,
    pub unmet_needs: Vec<UnmetNeedLine>,
    pub outcomes: Vec<OutcomeLine>,
}

/// A submission with its rows, as the submission page shows it. Outside the ICB team small
/// unmet need counts are suppressed: `unmet_shown` says so, and the count in `content` is 0.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubmissionView {
    pub submission: Submission,
    /// The rows the page shows: at most [`SubmissionView::ROWS_SHOWN`] workforce and unmet
    /// need rows (the page sends the browser only what it shows).
    pub content: ReturnContent,
    /// How many workforce rows the version holds in all.
    pub workforce_rows: i64,
    /// How many unmet need rows the version holds in all.
    pub unmet_need_rows: i64,
    pub unmet_shown: Vec<Count>,
    /// The borough's newest version for the period.
    pub latest_version: i64,
    pub can_sign_off: bool,
    pub can_download_file: bool,
}

/// What a borough lead declares in signing a return off, as SDCS and DHIS2 ask.
pub const DECLARATION: &str = "I confirm that these figures are complete and correct to the best of my knowledge, that they have been checked against our own records, and that they hold no information about individual patients.";

impl SubmissionView {
    /// Workforce and unmet need rows a submission page shows; the original file holds all.
    pub const ROWS_SHOWN: usize = 200;
}

/// A count as it may be shown: the number, or "<5" where it is small and the viewer is
/// outside the ICB team (or the figure is for publication).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Count {
    Shown(i64),
    Suppressed {
        threshold: i64,
    },
    /// Not small, but withheld so that a suppressed count in its row cannot be worked out
    /// from the total.
    Withheld,
    /// The borough sent no signed-off return for the quarter: unknown, never zero.
    NoReturn,
}

impl Count {
    /// Counts from 1 up to (not including) `threshold` are suppressed; 0 is shown.
    pub fn new(value: i64, threshold: i64, suppress: bool) -> Self {
        if suppress && value >= 1 && value < threshold {
            Self::Suppressed { threshold }
        } else {
            Self::Shown(value)
        }
    }

    pub fn text(self) -> String {
        match self {
            Self::Shown(value) => value.to_string(),
            Self::Suppressed { threshold } => format!("<{threshold}"),
            Self::Withheld => "*".to_owned(),
            Self::NoReturn => "No return".to_owned(),
        }
    }
}

pub const DEFAULT_SUPPRESSION_THRESHOLD: i64 = 5;

/// One borough's row on a period's dashboard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoroughReturn {
    pub borough_code: String,
    pub borough_name: String,
    pub state: ReturnState,
    /// Received after the due date, or not received and past due.
    pub late: bool,
    pub first_received_at: Option<DateTime<Utc>>,
    pub latest_version: Option<i64>,
    /// A version newer than the one signed off waits for sign-off (a correction).
    #[serde(default)]
    pub correction_waiting: bool,
    pub failed_attempts: i64,
    /// Whether the viewer may upload or sign off for this borough.
    pub can_upload: bool,
    /// Whether the viewer may open this borough's return (the row links to it only then).
    #[serde(default)]
    pub can_view: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeriodDashboard {
    pub period: Period,
    /// Whether the viewer chases returns (the ICB team): the chase list is theirs.
    pub can_chase: bool,
    pub window: PeriodWindow,
    pub boroughs: Vec<BoroughReturn>,
    pub received: usize,
    pub signed_off: usize,
    pub late: usize,
    pub missing: usize,
}

/// The returns overview: every period with its counts, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReturnsOverview {
    pub periods: Vec<PeriodDashboard>,
    pub can_manage: bool,
    pub today: NaiveDate,
    /// The quarter a new period would most likely be for (the one after the newest).
    pub next_quarter: (i32, u32),
    /// For the regional team: each ICB's newest period, received against expected.
    #[serde(default)]
    pub by_icb: Vec<IcbReturns>,
}

/// One ICB's newest return period as the regional team compares them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IcbReturns {
    pub icb_name: String,
    /// The ICB's newest period (none: it has opened none yet).
    pub period: Option<Period>,
    /// Its boroughs, each asked for a return.
    pub expected: usize,
    pub received: usize,
    pub signed_off: usize,
    pub late: usize,
}

/// One borough's return for one period: every version and every attempt.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoroughReturnPage {
    pub period: Period,
    pub window: PeriodWindow,
    pub borough_code: String,
    pub borough_name: String,
    pub state: ReturnState,
    pub submissions: Vec<Submission>,
    pub attempts: Vec<Attempt>,
    pub can_upload: bool,
    pub can_sign_off: bool,
    pub max_upload_mb: u64,
}

/// One role's coverage in one place: WTE, per 10,000 population and against the target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoleCoverage {
    pub role: WorkforceRole,
    pub wte: f64,
    pub headcount: Option<i64>,
    pub vacancies: f64,
    /// `None` when the population is not recorded.
    pub per_10k: Option<f64>,
    pub target_per_10k: Option<f64>,
    /// WTE still needed to reach the target (negative: above it); `None` without a
    /// target or a population.
    pub gap_wte: Option<f64>,
}

/// A borough's (or the ICB's) coverage in a quarter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoverageLine {
    /// Borough code, or `None` for the ICB total.
    pub borough_code: Option<String>,
    pub name: String,
    /// `None` when no signed-off return counts for the quarter.
    pub submission_id: Option<i64>,
    pub population: Option<i64>,
    pub roles: Vec<RoleCoverage>,
    /// For the ICB line: the boroughs left out of per-10,000 figures and why.
    pub note: Option<String>,
}

impl CoverageLine {
    pub fn role(&self, role: WorkforceRole) -> Option<&RoleCoverage> {
        self.roles.iter().find(|line| line.role == role)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoverageQuarter {
    pub period: Period,
    pub boroughs: Vec<CoverageLine>,
    pub icb: CoverageLine,
    /// Source notes of the returns counted (the baseline's caveat).
    pub notes: Vec<String>,
}

impl CoverageQuarter {
    /// Each borough, then the ICB.
    pub fn areas(&self) -> impl Iterator<Item = &CoverageLine> {
        self.boroughs.iter().chain([&self.icb])
    }
}

/// Coverage for every quarter that has a signed-off return, oldest first, against the
/// targets in force.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    pub quarters: Vec<CoverageQuarter>,
    pub targets: Vec<WorkforceTarget>,
    /// Each borough's deprivation measure, for the need-weighted target.
    #[serde(default)]
    pub deprivation: Vec<DeprivationLine>,
    /// The area shown (London, an ICB or a borough) and the others the viewer may choose.
    #[serde(default)]
    pub area: crate::boroughs::AreaChoice,
}

/// What the deprivation measure is, as pages name it.
pub const DEPRIVATION_MEASURE: &str = "Index of Multiple Deprivation (IMD) average score";

/// A borough's deprivation measure: its IMD average score (higher is more deprived).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeprivationLine {
    pub borough_code: String,
    pub borough_name: String,
    pub score: f64,
    /// The year of the indices (2019 for the English Indices of Deprivation 2019).
    pub year: i64,
    pub source: String,
    pub version: i64,
}

/// One borough's SPLW coverage against a target weighted by its deprivation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NeedWeighted {
    pub name: String,
    pub score: Option<f64>,
    /// The borough's score against the population-weighted average of the scored
    /// boroughs (1.0 is average need).
    pub weight: Option<f64>,
    /// The flat target times the weight, WTE per 10,000.
    pub target: Option<f64>,
    /// SPLW WTE per 10,000 in the quarter (no return or no population: none).
    pub per_10k: Option<f64>,
    /// WTE still needed to reach the need-weighted target (negative: above it).
    pub gap_wte: Option<f64>,
}

/// How the need-weighted target is worked out, in a sentence, with the scores' sources:
/// the page and the export state the same method.
pub fn need_weighted_method(flat: f64, deprivation: &[DeprivationLine]) -> String {
    let sources: std::collections::BTreeSet<String> = deprivation
        .iter()
        .map(|d| format!("{} ({})", d.source, d.year))
        .collect();
    format!(
        "Method: each borough's target is the flat target of {} WTE per 10,000 times its {DEPRIVATION_MEASURE} divided by the average score of the boroughs with a score and a population, weighted by their populations. So a borough with average deprivation keeps the flat target, a more deprived one has a higher target, and together the targets ask for the same total WTE as the flat target. Scores: {}.",
        crate::format::short_decimal(flat, 2),
        sources.into_iter().collect::<Vec<_>>().join("; ")
    )
}

/// Each borough's need-weighted SPLW target for `quarter`: the `flat` target times the
/// borough's deprivation score over the population-weighted average score of the
/// boroughs with both a score and a population — so the boroughs' targets add up to the
/// same total WTE as the flat target. A borough without a score or a population has none.
pub fn need_weighted(
    quarter: &CoverageQuarter,
    deprivation: &[DeprivationLine],
    flat: f64,
) -> Vec<NeedWeighted> {
    let score_of = |code: &Option<String>| {
        deprivation
            .iter()
            .find(|d| Some(&d.borough_code) == code.as_ref())
            .map(|d| d.score)
    };
    let (weighted_sum, population_sum) = quarter
        .boroughs
        .iter()
        .filter_map(|line| {
            Some((
                score_of(&line.borough_code)?,
                line.population.filter(|p| *p > 0)?,
            ))
        })
        .fold((0.0, 0.0), |(sum, people), (score, population)| {
            (sum + score * population as f64, people + population as f64)
        });
    let average = (population_sum > 0.0).then(|| weighted_sum / population_sum);
    quarter
        .boroughs
        .iter()
        .map(|line| {
            let score = score_of(&line.borough_code);
            let population = line.population.filter(|p| *p > 0);
            let weight = match (score, average, population) {
                (Some(score), Some(average), Some(_)) if average > 0.0 => Some(score / average),
                _ => None,
            };
            let target = weight.map(|weight| flat * weight);
            let splw = line.role(WorkforceRole::Splw);
            let gap_wte = match (target, population, splw) {
                (Some(target), Some(population), Some(splw)) => {
                    Some(target * population as f64 / 10_000.0 - splw.wte)
                }
                _ => None,
            };
            NeedWeighted {
                name: line.name.clone(),
                score,
                weight,
                target,
                per_10k: splw.and_then(|splw| splw.per_10k),
                gap_wte,
            }
        })
        .collect()
}

/// Unmet need summed over the counted returns, with small counts suppressed as needed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnmetNeedRollup {
    pub threshold: i64,
    /// Whether small counts are suppressed for this viewer (or this export).
    pub suppressed: bool,
    pub boroughs: Vec<(String, String)>,
    pub quarters: Vec<Period>,
    /// The quarter the theme × borough table and breakdowns are for (the newest by default).
    pub quarter: Option<Period>,
    /// Theme × borough for `quarter`, with the ICB total last in each row.
    pub by_borough: Vec<ThemeRow>,
    /// Theme × quarter (ICB totals), oldest quarter first.
    pub trend: Vec<ThemeRow>,
    /// Themes by ICB total for `quarter`, largest first.
    pub top: Vec<(String, Count)>,
    /// Why unmet × borough for `quarter`, with the ICB total last.
    pub why_unmet: Vec<ThemeRow>,
    /// How many boroughs sent a signed-off return for each of `quarters`, in order.
    pub returned: Vec<usize>,
    /// The boroughs with no signed-off return for `quarter`, by name.
    pub not_returned: Vec<String>,
    /// What the columns are ("boroughs", or "ICBs" for London).
    #[serde(default = "boroughs_word")]
    pub parts: String,
    /// The total column's name ("North Central London ICB total").
    #[serde(default = "icb_total_word")]
    pub total_name: String,
    /// The area shown and the others the viewer may choose.
    #[serde(default)]
    pub area: crate::boroughs::AreaChoice,
}

fn boroughs_word() -> String {
    "boroughs".to_owned()
}

fn icb_total_word() -> String {
    "ICB total".to_owned()
}

impl UnmetNeedRollup {
    /// What a total for the quarter at `index` of `quarters` covers, when it is not every
    /// borough: "3 of 5 boroughs returned".
    pub fn coverage(&self, index: usize) -> Option<String> {
        let returned = *self.returned.get(index)?;
        let expected = self.boroughs.len();
        (returned < expected).then(|| format!("{returned} of {expected} {} returned", self.parts))
    }

    /// The heading of the quarter at `index` in the trend, saying what its totals cover.
    pub fn quarter_heading(&self, index: usize) -> String {
        let code = self
            .quarters
            .get(index)
            .map(Period::code)
            .unwrap_or_default();
        match self.coverage(index) {
            Some(coverage) => format!("{code} ({coverage})"),
            None => code,
        }
    }

    /// The heading of the ICB total column for `quarter`, saying what it covers.
    pub fn total_heading(&self) -> String {
        let index = self
            .quarter
            .as_ref()
            .and_then(|quarter| self.quarters.iter().position(|p| p.id == quarter.id));
        match index.and_then(|index| self.coverage(index)) {
            Some(coverage) => format!("{} ({coverage})", self.total_name),
            None => self.total_name.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThemeRow {
    pub label: String,
    pub counts: Vec<Count>,
}

/// Reference data returns rely on: populations, the theme code list, the threshold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReturnSettings {
    pub populations: Vec<PopulationLine>,
    /// Each borough's deprivation measure (those recorded).
    #[serde(default)]
    pub deprivation: Vec<DeprivationLine>,
    pub targets: Vec<WorkforceTarget>,
    pub themes: Vec<NeedTheme>,
    pub threshold: i64,
    /// The threshold setting's version (0: never set, the default applies).
    pub threshold_version: i64,
    /// Each role's target version by role code (absent: never set).
    pub target_versions: BTreeMap<String, i64>,
    /// Whether the viewer keeps all of the above (administrators).
    pub can_edit_reference: bool,
    pub boroughs: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PopulationLine {
    pub borough_code: String,
    pub borough_name: String,
    pub effective_from: NaiveDate,
    pub population: i64,
    pub source: String,
    pub version: i64,
}

impl PopulationLine {
    /// How a save names this line among the versions it sends.
    pub fn key(&self) -> String {
        population_key(&self.borough_code, self.effective_from)
    }
}

/// `camden_2024-04-01`: a population line's key among the versions a save sends.
pub fn population_key(borough: &str, effective_from: NaiveDate) -> String {
    format!("{borough}_{effective_from}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::CodeList;

    fn period(financial_year: i32, quarter: u32) -> Period {
        Period {
            id: 1,
            financial_year,
            quarter,
            opens_on: NaiveDate::from_ymd_opt(2025, 7, 1).unwrap(),
            due_on: NaiveDate::from_ymd_opt(2025, 7, 31).unwrap(),
            closes_on: NaiveDate::from_ymd_opt(2025, 8, 31).unwrap(),
            baseline: false,
            icb_code: "NCL".into(),
        }
    }

    #[test]
    fn the_need_weighted_targets_follow_deprivation_and_ask_for_the_same_total() {
        let line = |code: &str, population: Option<i64>, splw_wte: Option<f64>| CoverageLine {
            borough_code: Some(code.to_owned()),
            name: code.to_uppercase(),
            submission_id: splw_wte.map(|_| 1),
            population,
            roles: splw_wte
                .map(|wte| {
                    vec![RoleCoverage {
                        role: WorkforceRole::Splw,
                        wte,
                        headcount: None,
                        vacancies: 0.0,
                        per_10k: population.map(|p| wte / p as f64 * 10_000.0),
                        target_per_10k: Some(1.0),
                        gap_wte: None,
                    }]
                })
                .unwrap_or_default(),
            note: None,
        };
        let quarter = CoverageQuarter {
            period: period(2026, 2),
            boroughs: vec![
                line("a", Some(100_000), Some(12.0)),
                line("b", Some(100_000), Some(4.0)),
                line("c", None, Some(3.0)),
                line("d", Some(50_000), None),
            ],
            icb: line("icb", None, None),
            notes: Vec::new(),
        };
        let scored = |code: &str, score: f64| DeprivationLine {
            borough_code: code.into(),
            borough_name: code.into(),
            score,
            year: 2019,
            source: "IoD 2019".into(),
            version: 1,
        };
        let lines = need_weighted(
            &quarter,
            &[scored("a", 30.0), scored("b", 10.0), scored("c", 20.0)],
            1.0,
        );
        let rounded = |value: Option<f64>| value.map(|v| (v * 100.0).round() / 100.0);
        // The average of a and b weighted by population is 20: a needs 1.5, b 0.5.
        assert_eq!(rounded(lines[0].weight), Some(1.5));
        assert_eq!(rounded(lines[0].target), Some(1.5));
        assert_eq!(rounded(lines[1].target), Some(0.5));
        // a has 12 WTE for 100,000 people against 15 needed; b has 4 against 5.
        assert_eq!(rounded(lines[0].gap_wte), Some(3.0));
        assert_eq!(rounded(lines[1].gap_wte), Some(1.0));
        // The same total WTE as the flat target: 20 for 200,000 people.
        let total: f64 = lines[..2]
            .iter()
            .filter_map(|l| l.target)
            .map(|t| t * 10.0)
            .sum();
        assert!((total - 20.0).abs() < 1e-9, "{total}");
        // No population, or no score: no weighted target, never a zero.
        assert_eq!((lines[2].score, lines[2].weight), (Some(20.0), None));
        assert_eq!((lines[3].score, lines[3].target), (None, None));
    }

    #[test]
    fn quarters_follow_the_financial_year() {
        assert_eq!(period(2025, 1).code(), "2025/26 Q1");
        assert_eq!(period(2099, 4).code(), "2099/00 Q4");
        assert_eq!(
            period(2025, 4).ends_on(),
            NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()
        );
        assert_eq!(
            period(2025, 1).ends_on(),
            NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()
        );
        assert_eq!(
            quarter_of(NaiveDate::from_ymd_opt(2026, 2, 14).unwrap()),
            (2025, 4)
        );
    }

    #[test]
    fn the_window_moves_from_open_to_past_due_to_closed() {
        let p = period(2025, 1);
        let day = |m, d| NaiveDate::from_ymd_opt(2025, m, d).unwrap();
        assert_eq!(p.window(day(6, 30)), PeriodWindow::NotOpen);
        assert_eq!(p.window(day(7, 31)), PeriodWindow::Open);
        assert_eq!(p.window(day(8, 1)), PeriodWindow::Overdue);
        assert_eq!(p.window(day(9, 1)), PeriodWindow::Closed);
    }

    #[test]
    fn small_counts_are_suppressed_only_when_asked() {
        assert_eq!(Count::new(4, 5, true).text(), "<5");
        assert_eq!(Count::new(5, 5, true).text(), "5");
        assert_eq!(Count::new(0, 5, true).text(), "0");
        assert_eq!(Count::new(1, 5, false).text(), "1");
    }

    #[test]
    fn code_lists_read_their_labels_loosely() {
        assert_eq!(
            WorkforceRole::from_label(" care coordinator "),
            Some(WorkforceRole::CareCoordinator)
        );
        assert_eq!(Employer::from_code("vcse"), Some(Employer::Vcse));
        assert_eq!(
            WhyUnmet::from_label("Waiting List"),
            Some(WhyUnmet::WaitingList)
        );
        assert_eq!(WhyUnmet::from_label("no idea"), None);
    }
}
