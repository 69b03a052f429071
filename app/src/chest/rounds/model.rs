//! Grant round types both sides use: a round's dates, limits and method, its budget by
//! contributor, eligibility questions, priorities and scoring criteria, and the read
//! models of its page and its set-up form.

use crate::chest::model::{Allocation, Fund, LedgerLine};
use crate::codes::code_list;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

code_list! {
    /// How a round decides: a panel scores applications, or the community votes.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub enum RoundMethod {
        Panel = ("panel", "Scored by a panel"),
        Vote = ("vote", "Community vote"),
    }
}

/// Where a round stands on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RoundStatus {
    Upcoming,
    Open,
    Closed,
}

impl RoundStatus {
    pub fn label(self) -> &'static str {
        match self {
            RoundStatus::Upcoming => "Opens soon",
            RoundStatus::Open => "Open for applications",
            RoundStatus::Closed => "Closed to applications",
        }
    }
}

/// A grant round of a fund.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct GrantRound {
    pub id: i64,
    pub fund_id: i64,
    /// Short and unique within the fund, like `ELF-2026-1`.
    pub code: String,
    pub title: String,
    pub opens_on: NaiveDate,
    /// None for a rolling round.
    pub closes_on: Option<NaiveDate>,
    pub method: RoundMethod,
    pub min_award_pence: i64,
    pub max_award_pence: i64,
}

impl GrantRound {
    /// Open from its first day to its closing day, both included; a rolling round stays
    /// open once it has opened.
    pub fn status(&self, today: NaiveDate) -> RoundStatus {
        if today < self.opens_on {
            RoundStatus::Upcoming
        } else if self.closes_on.is_some_and(|closes| today > closes) {
            RoundStatus::Closed
        } else {
            RoundStatus::Open
        }
    }

    /// "1 Mar 2027 to 31 Mar 2027", or "From 1 Mar 2027, rolling".
    pub fn dates(&self) -> String {
        match self.closes_on {
            Some(closes) => format!(
                "{} to {}",
                crate::format::date(self.opens_on),
                crate::format::date(closes)
            ),
            None => format!("From {}, rolling", crate::format::date(self.opens_on)),
        }
    }
}

/// A yes/no question every applicant must answer yes to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Gate {
    pub id: i64,
    pub position: i64,
    pub question: String,
}

/// What a panel scores, 0 to 5.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    pub id: i64,
    pub position: i64,
    pub label: String,
    /// Relative: weight 2 counts twice weight 1.
    pub weight: i64,
    /// What each score from 0 to 5 means, in order.
    pub levels: Vec<String>,
    pub na_allowed: bool,
    /// A score under this on the criterion is flagged.
    pub min_score: Option<i64>,
}

/// The levels of a 0 to 5 scale.
pub const LEVELS: usize = 6;

/// A criterion a new round's form starts with.
pub struct StartingCriterion {
    pub label: &'static str,
    pub weight: i64,
    pub na_allowed: bool,
    pub min_score: Option<i64>,
    pub levels: [&'static str; LEVELS],
}

/// Criteria a new round starts with: the panel's usual questions.
pub const STARTING_CRITERIA: [StartingCriterion; 4] = [
    StartingCriterion {
        label: "Meets an unmet local need",
        weight: 3,
        na_allowed: false,
        min_score: Some(2),
        levels: [
            "No need described",
            "Need asserted without evidence",
            "Some evidence of need, not local",
            "Local need shown",
            "Local need shown, matching the round's priorities",
            "Strong local evidence, matching the round's priorities and the people link workers cannot yet refer",
        ],
    },
    StartingCriterion {
        label: "Reaches people who need it",
        weight: 2,
        na_allowed: false,
        min_score: None,
        levels: [
            "No one identified",
            "Beneficiaries vague",
            "Beneficiaries named, no plan to reach them",
            "A plan to reach them",
            "A plan to reach them with local partners",
            "Already trusted by the people it is for, with link workers able to refer",
        ],
    },
    StartingCriterion {
        label: "Can be delivered",
        weight: 2,
        na_allowed: false,
        min_score: Some(2),
        levels: [
            "No plan",
            "A plan with large gaps",
            "A plan with some gaps",
            "A sound plan and people to deliver it",
            "A sound plan, people and a track record",
            "A sound plan, people, a track record and safeguarding in place",
        ],
    },
    StartingCriterion {
        label: "Value for money",
        weight: 1,
        na_allowed: true,
        min_score: None,
        levels: [
            "Costs unexplained",
            "Costs high for what is offered",
            "Costs reasonable, some unexplained",
            "Costs reasonable and explained",
            "Good value, with some match funding or volunteer time",
            "Excellent value, with match funding or volunteer time",
        ],
    },
];

/// Questions a new round starts with: the usual tests of a small group.
pub const STARTING_GATES: [&str; 4] = [
    "Is your group constituted (it has a written constitution or set of rules)?",
    "Does your group have a bank account with at least two unrelated signatories?",
    "Does your group have a safeguarding policy?",
    "Does your group work in the borough?",
];

/// The most criteria and questions a round takes.
pub const MAX_CRITERIA: usize = 6;
pub const MAX_GATES: usize = 12;

/// `/chest/rounds/{id}`: a round and everything it was set up with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundView {
    pub fund: Fund,
    pub round: GrantRound,
    pub status: RoundStatus,
    pub panel_dates: Vec<NaiveDate>,
    /// The budget by contributor; the sum is the round's budget.
    pub allocations: Vec<Allocation>,
    pub budget_pence: i64,
    pub gates: Vec<Gate>,
    /// The need themes it prioritises, by name.
    pub priorities: Vec<String>,
    pub criteria: Vec<Criterion>,
    /// Its applications, oldest first: for those who run the fund (empty for others).
    pub applications: Vec<crate::chest::applications::ApplicationLine>,
    pub can_manage: bool,
    /// Whether the reader sits on its panel.
    pub on_panel: bool,
}

/// A borough's or area's top unmet need, as the round set-up page shows it beside the
/// priorities: the theme and the people counted (or "<5" when suppressed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopNeed {
    pub theme: String,
    pub people: String,
}

/// `/chest/funds/{id}/rounds/new`: what a round can be set up with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundSetup {
    pub fund: Fund,
    /// What each contributor has left to allocate (their line's balance).
    pub ledger: Vec<LedgerLine>,
    /// Every need theme (id, name).
    pub themes: Vec<(i64, String)>,
    /// The place's top unmet needs from signed-off returns, largest first.
    pub top_needs: Vec<TopNeed>,
    /// The quarter they are for ("2026/27 Q2") and the place, or None without returns.
    pub needs_from: Option<String>,
    pub today: NaiveDate,
    pub form_token: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(closes: Option<(u32, u32)>) -> GrantRound {
        let day = |m, d| NaiveDate::from_ymd_opt(2027, m, d).unwrap();
        GrantRound {
            id: 1,
            fund_id: 1,
            code: "R1".into(),
            title: "Round".into(),
            opens_on: day(3, 1),
            closes_on: closes.map(|(m, d)| day(m, d)),
            method: RoundMethod::Panel,
            min_award_pence: 100,
            max_award_pence: 200,
        }
    }

    #[test]
    fn a_round_is_open_from_its_first_day_to_its_last() {
        let day = |m, d| NaiveDate::from_ymd_opt(2027, m, d).unwrap();
        let fixed = round(Some((3, 31)));
        assert_eq!(fixed.status(day(2, 28)), RoundStatus::Upcoming);
        assert_eq!(fixed.status(day(3, 1)), RoundStatus::Open);
        assert_eq!(fixed.status(day(3, 31)), RoundStatus::Open);
        assert_eq!(fixed.status(day(4, 1)), RoundStatus::Closed);
        let rolling = round(None);
        assert_eq!(rolling.status(day(12, 31)), RoundStatus::Open);
        assert_eq!(rolling.dates(), "From 1 Mar 2027, rolling");
        assert_eq!(fixed.dates(), "1 Mar 2027 to 31 Mar 2027");
    }
}
