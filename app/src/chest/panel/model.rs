//! Panel types both sides use: declarations of interest, members' reviews and their
//! scores, and the read models of a round's panel page and an application's review page.

use super::scoring::ScoreSummary;
use crate::chest::applications::{Answer, Application, ApplicationLine, BudgetLine};
use crate::chest::rounds::{Criterion, GrantRound};
use crate::codes::code_list;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

code_list! {
    /// What a member declares about an application before scoring it.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub enum Interest {
        NoInterest = ("none", "No interest"),
        Declared = ("interest", "An interest, declared"),
        Conflict = ("conflict", "A conflict: does not score"),
    }
}

code_list! {
    /// What a member recommends the panel decides.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub enum Recommendation {
        Yes = ("yes", "Fund it"),
        Maybe = ("maybe", "Maybe"),
        No = ("no", "Do not fund it"),
    }
}

/// A member's declaration on an application.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Declaration {
    pub application_id: i64,
    pub user_id: i64,
    pub member_name: String,
    pub interest: Interest,
    pub note: String,
    pub declared_at: DateTime<Utc>,
}

/// A member's score on one criterion: None for N/A.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Mark {
    pub review_id: i64,
    pub criterion_id: i64,
    pub score: Option<i64>,
    pub comment: String,
}

/// A member's submitted review of an application.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub id: i64,
    pub application_id: i64,
    pub user_id: i64,
    pub member_name: String,
    pub recommendation: Recommendation,
    pub submitted_at: DateTime<Utc>,
    pub marks: Vec<Mark>,
}

impl Review {
    /// Its marks as the arithmetic takes them.
    pub fn marks(&self) -> super::scoring::Marks {
        self.marks
            .iter()
            .map(|m| (m.criterion_id, m.score))
            .collect()
    }
}

/// An application on a round's panel page, with where the reader stands on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelLine {
    pub application: ApplicationLine,
    /// The reader's declaration, if they made one.
    pub declared: Option<Interest>,
    /// Whether the reader has submitted a review.
    pub reviewed: bool,
    /// How many members have submitted reviews.
    pub reviews: usize,
}

/// `/chest/rounds/{id}/panel`: the round's members and its eligible applications.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelView {
    pub fund_name: String,
    pub round: GrantRound,
    /// (user id, name), by name.
    pub members: Vec<(i64, String)>,
    pub is_member: bool,
    pub can_manage: bool,
    /// Who may be appointed (panel members for the fund's place, not yet on it).
    pub candidates: Vec<(i64, String)>,
    pub applications: Vec<PanelLine>,
}

/// `/chest/applications/{id}/review`: an application as the panel reads it (never its
/// contact), the reader's declaration and review, and, once they have submitted theirs
/// (or for those who run the fund), everyone's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewView {
    pub fund_name: String,
    pub round: GrantRound,
    pub criteria: Vec<Criterion>,
    pub application: Application,
    pub budget: Vec<BudgetLine>,
    pub priorities: Vec<String>,
    pub answers: Vec<Answer>,
    pub is_member: bool,
    pub declaration: Option<Declaration>,
    pub review: Option<Review>,
    /// Every submitted review, once the reader may see them; empty before.
    pub reviews: Vec<Review>,
    pub summary: Option<ScoreSummary>,
    /// Every declaration made, for those who run the fund.
    pub declarations: Vec<Declaration>,
}
