//! Decision types both sides use: a meeting, a decision, and the read models of the
//! decision pack and an application's decision page.

use crate::chest::applications::ApplicationLine;
use crate::chest::panel::scoring::ScoreSummary;
use crate::chest::panel::Declaration;
use crate::chest::rounds::{Criterion, GrantRound};
use crate::codes::code_list;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

code_list! {
    /// What the panel decides on an application.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub enum Outcome {
        Award = ("award", "Award a grant"),
        Decline = ("decline", "Decline"),
        Defer = ("defer", "Defer to a later meeting"),
    }
}

impl Outcome {
    /// Whether the decision is final: the applicant can no longer withdraw, the fund's
    /// managers no longer screen it and the panel no longer scores it.
    pub fn is_final(self) -> bool {
        self != Outcome::Defer
    }
}

/// A decision meeting of a round's panel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: i64,
    pub held_on: NaiveDate,
    pub quorate: bool,
    pub notes: String,
    /// The panel members present, by name.
    pub present: Vec<String>,
    pub recorded_at: DateTime<Utc>,
}

/// The decision on an application.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Decision {
    pub application_id: i64,
    pub meeting_id: i64,
    pub held_on: NaiveDate,
    pub outcome: Outcome,
    /// What is awarded; 0 unless an award.
    pub amount_pence: i64,
    pub conditions: String,
    /// Why it was declined: the applicant reads it.
    pub feedback: String,
    pub decided_by: String,
    pub decided_at: DateTime<Utc>,
    pub version: i64,
}

impl Decision {
    /// What the applicant reads of where it stands.
    pub fn told(&self) -> String {
        match self.outcome {
            Outcome::Award => format!("Awarded {}", crate::format::money(self.amount_pence)),
            Outcome::Decline => "Not funded this time".to_owned(),
            Outcome::Defer => "Deferred to a later panel meeting".to_owned(),
        }
    }
}

/// A decision as the applicant reads it: never who decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionTold {
    /// "Awarded £1,200.00", "Not funded this time" or "Deferred to a later panel meeting".
    pub told: String,
    pub conditions: String,
    pub feedback: String,
    pub is_final: bool,
}

impl From<&Decision> for DecisionTold {
    fn from(d: &Decision) -> Self {
        DecisionTold {
            told: d.told(),
            conditions: d.conditions.clone(),
            feedback: d.feedback.clone(),
            is_final: d.outcome.is_final(),
        }
    }
}

/// One eligible application in the decision pack, in the order the pack ranks them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackLine {
    /// 1 for the highest score (or, in a community vote, the most votes).
    pub rank: usize,
    /// Its votes, in a community vote; None for a panel's round.
    pub votes: Option<i64>,
    pub application: ApplicationLine,
    pub wards: String,
    pub priorities: Vec<String>,
    /// None until a member has scored it.
    pub summary: Option<ScoreSummary>,
    /// Members recommending yes, maybe and no.
    pub recommendations: [usize; 3],
    /// What the lines so far would take (an award's amount, else what was asked; a
    /// decline takes nothing).
    pub running_total_pence: i64,
    /// The running total is beyond the round's budget.
    pub beyond_budget: bool,
    pub declarations: Vec<Declaration>,
    pub decision: Option<Decision>,
}

/// `/chest/rounds/{id}/decisions`: the decision pack and the round's meetings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionPack {
    pub fund_name: String,
    pub illustrative: bool,
    pub round: GrantRound,
    pub criteria: Vec<Criterion>,
    pub budget_pence: i64,
    pub awarded_pence: i64,
    /// The round's panel (user id, name): who may be recorded as present.
    pub members: Vec<(i64, String)>,
    /// Newest first.
    pub meetings: Vec<Meeting>,
    pub lines: Vec<PackLine>,
    pub today: NaiveDate,
}

impl DecisionPack {
    /// The meeting decisions are recorded against: the latest quorate one.
    pub fn deciding_meeting(&self) -> Option<&Meeting> {
        self.meetings.iter().find(|m| m.quorate)
    }

    pub fn left_pence(&self) -> i64 {
        self.budget_pence.saturating_sub(self.awarded_pence)
    }
}

/// `/chest/applications/{id}/decision`: an application's place in the pack and the form
/// that decides it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionView {
    pub fund_name: String,
    pub round: GrantRound,
    pub line: PackLine,
    pub criteria: Vec<Criterion>,
    pub budget_pence: i64,
    /// Awarded in the round to other applications.
    pub awarded_elsewhere_pence: i64,
    /// The meeting a decision is recorded against; None until a quorate one is recorded.
    pub meeting: Option<Meeting>,
    /// Sent back with the decision: 0 before the first.
    pub version: i64,
    /// The application's version as read: a decision on an application changed since is
    /// refused.
    pub application_version: i64,
    /// The award offered on it, once the offer is sent: the decision then stands.
    pub award: Option<crate::chest::awards::Award>,
}

impl PackLine {
    /// The application's score, to two places, or a dash before anyone scored it; in a
    /// community vote, its votes.
    pub fn score_text(&self) -> String {
        if let Some(votes) = self.votes {
            return votes.to_string();
        }
        self.summary
            .as_ref()
            .and_then(|s| s.score)
            .map_or_else(|| "–".to_owned(), |s| crate::format::decimal(s, 2))
    }

    /// What the pack flags: criteria where members differ by 2 or more, criteria under
    /// their minimum, and a running total beyond the budget.
    pub fn flags(&self, criteria: &[Criterion]) -> Vec<String> {
        let label = |id: i64| {
            criteria
                .iter()
                .find(|c| c.id == id)
                .map_or_else(String::new, |c| c.label.clone())
        };
        let mut flags = Vec::new();
        if let Some(summary) = &self.summary {
            for c in &summary.criteria {
                if c.spread_flag {
                    flags.push(format!(
                        "Members differ by 2 or more on {}",
                        label(c.criterion)
                    ));
                }
                if c.under_minimum {
                    flags.push(format!("Under the minimum on {}", label(c.criterion)));
                }
            }
        }
        if self.beyond_budget {
            flags.push("Beyond the budget".to_owned());
        }
        flags
    }

    /// "2 yes, 1 maybe, 0 no".
    pub fn recommendations_text(&self) -> String {
        let [yes, maybe, no] = self.recommendations;
        format!("{yes} yes, {maybe} maybe, {no} no")
    }

    /// Every declaration, one per member: "Pat Panel (demo): a conflict (chairs the group)".
    pub fn declarations_text(&self) -> String {
        if self.declarations.is_empty() {
            return "None yet".to_owned();
        }
        self.declarations
            .iter()
            .map(|d| {
                if d.note.is_empty() {
                    format!("{}: {}", d.member_name, d.interest.label())
                } else {
                    format!("{}: {} ({})", d.member_name, d.interest.label(), d.note)
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The decision so far: "Awarded £1,200.00", "Declined", "Deferred", or "Not decided".
    pub fn decision_text(&self) -> String {
        match &self.decision {
            Some(d) => match d.outcome {
                Outcome::Award => format!("Awarded {}", crate::format::money(d.amount_pence)),
                Outcome::Decline => "Declined".to_owned(),
                Outcome::Defer => "Deferred".to_owned(),
            },
            None => "Not decided".to_owned(),
        }
    }
}
