//! Community vote types both sides use: a voter, a ballot's project, the tally, and the
//! read models of the voters page and the ballot.

use crate::chest::rounds::GrantRound;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Someone on a round's list of voters, as those who run the fund read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Voter {
    pub id: i64,
    pub name: String,
    /// Where they live, or whom they speak for.
    pub area: String,
    /// Their ballot's address, `/vote/{link}`: those who run the fund hand it on.
    pub ballot: String,
    pub voted_at: Option<DateTime<Utc>>,
}

/// Whether a round's ballot takes votes on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BallotState {
    /// The round is not run by vote.
    NotAVote,
    /// Applications are still coming in: voting opens when they close.
    NotYet,
    Open,
    /// The fund's managers have started recording decisions.
    Closed,
}

impl BallotState {
    pub fn label(self) -> &'static str {
        match self {
            BallotState::NotAVote => "This round is decided by a scored panel, not a vote",
            BallotState::NotYet => "Voting opens when applications close",
            BallotState::Open => "Voting is open",
            BallotState::Closed => "Voting has closed: the decisions are being made",
        }
    }
}

/// An eligible project as the ballot and the tally show it (never a contact).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    pub id: i64,
    pub reference: String,
    pub org_name: String,
    pub project_title: String,
    pub summary: String,
    pub wards: String,
    pub amount_pence: i64,
    pub votes: i64,
}

/// `/chest/rounds/{id}/voters`: the list of voters, adding to it, and the tally.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VotersView {
    pub fund_name: String,
    pub round: GrantRound,
    pub budget_pence: i64,
    pub state: BallotState,
    pub voters: Vec<Voter>,
    /// Eligible projects, most votes first.
    pub tally: Vec<Project>,
}

impl VotersView {
    pub fn voted(&self) -> usize {
        self.voters.iter().filter(|v| v.voted_at.is_some()).count()
    }
}

/// `/vote/{link}`: a voter's ballot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotView {
    pub fund_name: String,
    pub round_title: String,
    pub closes_on: Option<NaiveDate>,
    pub budget_pence: i64,
    pub voter_name: String,
    pub state: BallotState,
    /// Eligible projects, in the order they applied (never ranked: votes are not shown).
    pub projects: Vec<Project>,
    /// What this voter picked, once they have voted.
    pub picked: Vec<i64>,
    pub voted_at: Option<DateTime<Utc>>,
}

/// The projects of `tally` ranked: most votes first, then the smaller ask, then the
/// reference.
pub fn rank(tally: &mut [Project]) {
    tally.sort_by(|a, b| {
        b.votes
            .cmp(&a.votes)
            .then_with(|| a.amount_pence.cmp(&b.amount_pence))
            .then_with(|| a.reference.cmp(&b.reference))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tally_ranks_by_votes_then_the_smaller_ask() {
        let project = |reference: &str, amount_pence, votes| Project {
            id: 0,
            reference: reference.into(),
            org_name: String::new(),
            project_title: String::new(),
            summary: String::new(),
            wards: String::new(),
            amount_pence,
            votes,
        };
        let mut tally = vec![
            project("A", 100, 2),
            project("B", 300, 5),
            project("C", 200, 2),
            project("D", 100, 2),
        ];
        rank(&mut tally);
        let order: Vec<&str> = tally.iter().map(|p| p.reference.as_str()).collect();
        assert_eq!(order, ["B", "A", "D", "C"]);
    }
}
