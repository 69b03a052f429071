//! Maturity framework and assessment types both sides use.

use crate::auth::Person;
use crate::codes::code_list;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct MaturityDomain {
    pub position: i64,
    pub name: String,
}

/// The review's recommendation categories that speak to each domain: a gap in a domain is
/// linked to the recommendations of these categories.
pub fn related_categories(domain_position: i64) -> &'static [&'static str] {
    match domain_position {
        1 => &["Strengthen Leadership & Governance"],
        2 => &["Enhance Workforce Development"],
        3 => &["Ensure Sustainable Funding", "Expand Service Integration"],
        4 => &["Upgrade Digital Infrastructure"],
        5 => &["Improve Impact Measurement"],
        6 => &["Promote Health Equity", "Strengthen Community Engagement"],
        _ => &[],
    }
}

/// A level's fill and text colours (0xRRGGBB) in the heatmap and workbooks: one hue from
/// light to dark, so order reads without colour vision, and the number is always printed.
pub fn level_colours(level: i64) -> (u32, u32) {
    match level {
        i64::MIN..=1 => (0xDEEBF7, 0x212B32),
        2 => (0x9ECAE1, 0x212B32),
        3 => (0x2171B5, 0xFFFFFF),
        _ => (0x08306B, 0xFFFFFF),
    }
}

code_list! {
    /// Where a round is: `draft → scoring → moderation → agreed → published`, one step at a
    /// time, forwards only.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum RoundStatus {
        Draft = ("draft", "Draft"),
        Scoring = ("scoring", "Scoring"),
        Moderation = ("moderation", "Moderation"),
        Agreed = ("agreed", "Agreed"),
        Published = ("published", "Published"),
    }
}

impl RoundStatus {
    /// The only status a round may move to from this one.
    pub fn next(self) -> Option<RoundStatus> {
        match self {
            RoundStatus::Draft => Some(RoundStatus::Scoring),
            RoundStatus::Scoring => Some(RoundStatus::Moderation),
            RoundStatus::Moderation => Some(RoundStatus::Agreed),
            RoundStatus::Agreed => Some(RoundStatus::Published),
            RoundStatus::Published => None,
        }
    }

    /// The words on the button that moves a round on from this status.
    pub fn next_action(self) -> Option<&'static str> {
        match self {
            RoundStatus::Draft => Some("Open scoring"),
            RoundStatus::Scoring => Some("Close scoring"),
            RoundStatus::Moderation => Some("Agree the round"),
            RoundStatus::Agreed => Some("Publish to the ICB"),
            RoundStatus::Published => None,
        }
    }
}

/// One level of a domain's scale as a framework version words it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Level {
    pub level: i64,
    pub name: String,
    pub descriptor: String,
    /// Linkway's default wording (written from the review), not yet edited.
    pub is_default: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainScale {
    pub position: i64,
    pub name: String,
    pub levels: Vec<Level>,
}

impl DomainScale {
    pub fn level_name(&self, level: i64) -> String {
        self.levels
            .iter()
            .find(|l| l.level == level)
            .map(|l| format!("{level} {}", l.name))
            .unwrap_or_else(|| level.to_string())
    }
}

/// A framework version: every domain's scale as worded then.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Framework {
    pub number: i64,
    pub note: String,
    pub domains: Vec<DomainScale>,
}

impl Framework {
    pub fn domain(&self, position: i64) -> Option<&DomainScale> {
        self.domains.iter().find(|d| d.position == position)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameworkVersion {
    pub number: i64,
    pub note: String,
    pub created: String,
    pub created_by: Option<String>,
}

/// The framework page: the current wording, earlier versions, whether the user may edit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameworkPage {
    pub framework: Framework,
    pub versions: Vec<FrameworkVersion>,
    pub can_edit: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    pub id: i64,
    pub borough_code: String,
    pub borough_name: String,
    pub title: String,
    pub held_on: NaiveDate,
    pub status: RoundStatus,
    pub illustrative: bool,
    pub framework_version: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub user_id: i64,
    pub name: String,
    pub submitted: bool,
}

/// One participant's rating of one domain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    pub user_id: i64,
    pub rater: String,
    pub domain: i64,
    pub level: i64,
    pub evidence: String,
    pub rationale: String,
}

/// The level agreed for a domain in moderation, and the target for the next round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreed {
    pub domain: i64,
    pub level: i64,
    pub target_level: i64,
    pub rationale: String,
    pub decided_by: String,
    /// Advances with every save; a save names the version it started from.
    pub version: i64,
}

code_list! {
    /// A gap action's answer. Only an answer is stored (`gap_actions.status`: accepted or
    /// dismissed); a gap without a row is proposed.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub enum GapStatus {
        Proposed = ("proposed", "Proposed"),
        Accepted = ("accepted", "Accepted"),
        Dismissed = ("dismissed", "Dismissed"),
    }
}

/// A borough plan action a gap action links to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedPlanAction {
    pub id: i64,
    pub label: String,
}

/// The action for a domain whose agreed level is below its target: proposed by Linkway,
/// then accepted (perhaps reworded) or dismissed by the lead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GapAction {
    pub domain: i64,
    pub title: String,
    pub status: GapStatus,
    pub plan_actions: Vec<LinkedPlanAction>,
    pub recommendations: Vec<i64>,
    /// The answer's version: 0 while proposed, then advancing with every answer.
    pub version: i64,
}

/// A round's page: what the user may see of it, and what they may do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundView {
    pub round: Round,
    pub framework: Framework,
    pub participants: Vec<Participant>,
    /// The ratings this user may read now (their own, and others' once they submitted).
    pub ratings: Vec<Rating>,
    /// Why some ratings are hidden, when they are.
    pub hidden_note: Option<String>,
    pub agreed: Vec<Agreed>,
    pub gap_actions: Vec<GapAction>,
    pub can_manage: bool,
    /// The user is a participant who has yet to submit, and scoring is open.
    pub can_rate: bool,
    /// People who may be added as participants (draft rounds, managers only).
    pub people: Vec<Person>,
}

/// One domain in moderation: the spread of ratings and the decision so far.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainSpread {
    pub scale: DomainScale,
    pub ratings: Vec<Rating>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub agreed: Option<Agreed>,
    pub gap: Option<GapAction>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModerationView {
    pub round: Round,
    pub domains: Vec<DomainSpread>,
    /// Names of the domains without an agreed level.
    pub undecided: Vec<String>,
}

/// An agreed level of a published round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedLevel {
    pub round: Round,
    pub domain: i64,
    pub level: i64,
    /// The level the round set as the target for the next one.
    pub target_level: i64,
    pub level_name: String,
    pub rationale: String,
}

/// One borough's row of the heatmap: its latest published round's agreed levels.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeatmapRow {
    pub borough_code: String,
    pub borough_name: String,
    pub round: Option<Round>,
    /// One per domain, in domain order; `None` where nothing is published.
    pub cells: Vec<Option<(i64, String)>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heatmap {
    pub domains: Vec<MaturityDomain>,
    pub rows: Vec<HeatmapRow>,
    /// Boroughs left off because none of their rounds is published (the region's map
    /// lists only boroughs with one).
    #[serde(default)]
    pub unpublished: usize,
}

/// `/maturity`: the heatmap, the rounds the user can see, where they may start one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaturityOverview {
    pub heatmap: Heatmap,
    /// The area the heatmap shows, and the others the viewer may choose.
    pub area: crate::boroughs::area::AreaChoice,
    pub rounds: Vec<Round>,
    /// Boroughs (code, name) the user may start a round for.
    pub can_start: Vec<(String, String)>,
    pub today: NaiveDate,
}

/// `/maturity/boroughs/{code}`: each domain's agreed level across published rounds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoroughHistory {
    pub borough_code: String,
    pub borough_name: String,
    pub domains: Vec<MaturityDomain>,
    /// Published rounds, oldest first, with one agreed level per domain.
    pub points: Vec<(Round, Vec<Option<i64>>)>,
    /// The latest published round's target for the next round, one per domain.
    pub targets: Vec<Option<i64>>,
    /// Every round of the borough the user may open.
    pub rounds: Vec<Round>,
}

/// One borough on a domain page: its latest published level, rationale and evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankEntry {
    pub rank: usize,
    pub level: PublishedLevel,
    /// (rater, evidence) from the round's ratings of this domain.
    pub evidence: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainRanking {
    pub domain: MaturityDomain,
    pub entries: Vec<RankEntry>,
    /// Boroughs without a published round.
    pub unassessed: Vec<String>,
}

/// One domain's rating as a participant's form sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RatingInput {
    pub domain: i64,
    pub level: String,
    pub evidence: String,
    pub rationale: String,
}

/// One level's wording as the framework editor sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LevelInput {
    pub level: i64,
    pub name: String,
    pub descriptor: String,
}

#[cfg(test)]
mod tests {
    use super::RoundStatus;

    #[test]
    fn a_round_moves_one_step_forwards_only() {
        let mut path = vec![RoundStatus::Draft];
        while let Some(next) = path.last().and_then(|s| s.next()) {
            path.push(next);
        }
        assert_eq!(path, RoundStatus::ALL.to_vec());
        for status in RoundStatus::ALL {
            assert_eq!(RoundStatus::from_code(status.code()), Some(status));
            assert_eq!(status.next().is_some(), status.next_action().is_some());
        }
    }
}
