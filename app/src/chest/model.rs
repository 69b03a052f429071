//! Community chest types both sides use: funds, contributions and the ledger by
//! contributor, with the checks on org-ids and 360Giving prefixes.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A pooled fund and the place it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Fund {
    pub id: i64,
    pub name: String,
    /// `london`, an ICB code or a borough code, as the area chooser names places.
    pub place: String,
    pub place_name: String,
    /// `region`, `icb` or `borough`: how deep the place sits.
    pub place_level: String,
    pub holder_name: String,
    /// The holder's org-id, like `GB-LAE-ENF` or `GB-CHC-1234567`.
    pub holder_org_id: String,
    /// Its grants' 360Giving identifiers start with this (`360G-enfieldlocalfund`).
    pub identifier_prefix: String,
    /// Demonstration data, labelled as such wherever it shows.
    pub illustrative: bool,
    /// The ids of the people others appointed to run it (read with it on the server, for the
    /// permission checks; never sent to a browser). Whoever started the fund is listed as
    /// its first manager but runs it only while they manage funds for its place.
    #[serde(skip)]
    #[cfg_attr(feature = "ssr", sqlx(skip))]
    pub managers: Vec<i64>,
}

#[cfg(feature = "ssr")]
impl Fund {
    /// The fund's place as a scope, for a permission check.
    pub fn scope(&self) -> crate::auth::Scope {
        use crate::auth::Scope;
        match self.place_level.as_str() {
            "borough" => Scope::Borough(self.place.clone()),
            "icb" => Scope::Icb(self.place.clone()),
            _ => Scope::Region,
        }
    }
}

/// Money a contributor pledged to a fund, and when it arrived.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Contribution {
    pub id: i64,
    pub contributor_name: String,
    /// Empty for a contributor without one.
    pub contributor_org_id: String,
    pub amount_pence: i64,
    pub pledged_on: NaiveDate,
    pub received_on: Option<NaiveDate>,
    /// The calendar year the financial year starts in (2026 for 2026/27).
    pub financial_year: i64,
    pub restrictions: String,
    pub recorded_at: DateTime<Utc>,
}

/// Part of a round's budget: from which contributor, how much.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Allocation {
    pub round_id: i64,
    pub contributor_name: String,
    pub contributor_org_id: String,
    pub amount_pence: i64,
}

/// Round `round`'s budget: what its lines of `allocated` add up to.
pub fn round_budget(allocated: &[Allocation], round: i64) -> i64 {
    allocated
        .iter()
        .filter(|a| a.round_id == round)
        .map(|a| a.amount_pence)
        .sum()
}

/// Whether a ledger line and a contributor's name and org-id are the same contributor.
fn same_contributor(line: &LedgerLine, name: &str, org_id: &str) -> bool {
    line.contributor_name.eq_ignore_ascii_case(name) && line.contributor_org_id == org_id
}

/// One contributor's line of a fund's ledger: all they pledged, what has arrived, what is
/// allocated to rounds and what is left.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerLine {
    /// The id of their first contribution: names the line in a form.
    pub key: i64,
    pub contributor_name: String,
    pub contributor_org_id: String,
    pub pledged_pence: i64,
    pub received_pence: i64,
    /// Allocated to the fund's rounds.
    pub allocated_pence: i64,
    /// Their share of what the rounds have awarded: each round's awards split across its
    /// budget lines in proportion to what each contributor allocated to it.
    pub awarded_pence: i64,
    /// Each restriction their contributions carry, once.
    pub restrictions: Vec<String>,
}

impl LedgerLine {
    /// What is left to allocate: pledged less allocated.
    pub fn balance_pence(&self) -> i64 {
        self.pledged_pence.saturating_sub(self.allocated_pence)
    }
}

/// A fund's pot by contributor, largest first, and the whole pot, with what `allocated`
/// (every round's budget lines) takes from each.
pub fn ledger(
    contributions: &[Contribution],
    allocated: &[Allocation],
) -> (Vec<LedgerLine>, LedgerLine) {
    let mut lines: Vec<LedgerLine> = Vec::new();
    let mut total = LedgerLine {
        contributor_name: "All contributors".to_owned(),
        ..LedgerLine::default()
    };
    for c in contributions {
        let index = match lines
            .iter()
            .position(|line| same_contributor(line, &c.contributor_name, &c.contributor_org_id))
        {
            Some(index) => index,
            None => {
                lines.push(LedgerLine {
                    key: c.id,
                    contributor_name: c.contributor_name.clone(),
                    contributor_org_id: c.contributor_org_id.clone(),
                    ..LedgerLine::default()
                });
                lines.len() - 1
            }
        };
        let received = if c.received_on.is_some() {
            c.amount_pence
        } else {
            0
        };
        for line in [&mut lines[index], &mut total] {
            line.pledged_pence = line.pledged_pence.saturating_add(c.amount_pence);
            line.received_pence = line.received_pence.saturating_add(received);
        }
        let restriction = c.restrictions.trim();
        if !restriction.is_empty() && !lines[index].restrictions.iter().any(|r| r == restriction) {
            lines[index].restrictions.push(restriction.to_owned());
        }
        lines[index].key = lines[index].key.min(c.id);
    }
    for a in allocated {
        if let Some(line) = lines
            .iter_mut()
            .find(|line| same_contributor(line, &a.contributor_name, &a.contributor_org_id))
        {
            line.allocated_pence = line.allocated_pence.saturating_add(a.amount_pence);
            total.allocated_pence = total.allocated_pence.saturating_add(a.amount_pence);
        }
    }
    lines.sort_by(|a, b| {
        b.pledged_pence
            .cmp(&a.pledged_pence)
            .then_with(|| a.contributor_name.cmp(&b.contributor_name))
    });
    (lines, total)
}

/// Fills in what each line of a ledger has awarded from `awarded` (round id, pence awarded
/// in it): a round's awards are split across its budget lines (`allocated`) in proportion
/// to each, whole pence, with what rounding leaves over going to its largest line, so the
/// shares add up to the awards exactly.
pub fn with_awards(
    lines: &mut [LedgerLine],
    total: &mut LedgerLine,
    allocated: &[Allocation],
    awarded: &[(i64, i64)],
) {
    for (round, pence) in awarded {
        let budget_lines: Vec<&Allocation> =
            allocated.iter().filter(|a| a.round_id == *round).collect();
        let budget = round_budget(allocated, *round);
        if budget <= 0 {
            continue;
        }
        let shares: Vec<i64> = budget_lines
            .iter()
            .map(|a| {
                let share = i128::from(*pence) * i128::from(a.amount_pence) / i128::from(budget);
                i64::try_from(share).unwrap_or(i64::MAX)
            })
            .collect();
        let left_over = pence.saturating_sub(shares.iter().sum());
        let largest = budget_lines
            .iter()
            .enumerate()
            .max_by(|(i, a), (j, b)| a.amount_pence.cmp(&b.amount_pence).then(j.cmp(i)))
            .map(|(index, _)| index);
        for (index, (a, share)) in budget_lines.iter().zip(shares).enumerate() {
            let share = if Some(index) == largest {
                share.saturating_add(left_over)
            } else {
                share
            };
            if let Some(line) = lines
                .iter_mut()
                .find(|line| same_contributor(line, &a.contributor_name, &a.contributor_org_id))
            {
                line.awarded_pence = line.awarded_pence.saturating_add(share);
                total.awarded_pence = total.awarded_pence.saturating_add(share);
            }
        }
    }
}

/// The financial year `day` falls in, by the calendar year it starts in (April).
pub fn financial_year_of(day: NaiveDate) -> i64 {
    i64::from(crate::returns::quarter_of(day).0)
}

/// Whether `text` reads as an org-id: a country code, a register and the organisation's
/// identifier in it, like `GB-CHC-1234567`, `GB-COH-01234567`, `GB-LAE-ENF`, `GB-NHS-QMJ`.
pub fn is_org_id(text: &str) -> bool {
    let mut parts = text.splitn(3, '-');
    let (Some(country), Some(register), Some(id)) = (parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    country.len() == 2
        && country.chars().all(|c| c.is_ascii_uppercase())
        && (2..=8).contains(&register.len())
        && register
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && (1..=40).contains(&id.len())
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Whether `text` is a 360Giving identifier prefix: `360G-` then letters, digits or
/// hyphens.
pub fn is_identifier_prefix(text: &str) -> bool {
    text.strip_prefix("360G-").is_some_and(|rest| {
        (1..=60).contains(&rest.len())
            && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    })
}

/// `/chest`: the funds the user reads with their pots, and where they may start one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChestView {
    pub funds: Vec<(Fund, LedgerLine)>,
    /// Places (code, name) the user may start a fund for.
    pub places: Vec<(String, String)>,
}

/// `/chest/funds/{id}`: a fund, its ledger by contributor, its contributions and managers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundView {
    pub fund: Fund,
    pub ledger: Vec<LedgerLine>,
    pub total: LedgerLine,
    /// Newest first.
    pub contributions: Vec<Contribution>,
    /// Those appointed to run it, by name.
    pub managers: Vec<FundManager>,
    /// Whom those who run it may appoint (id, name), for the appointing form.
    pub candidates: Vec<(i64, String)>,
    /// Its rounds, newest first, each with where it stands today and its budget.
    pub rounds: Vec<RoundLine>,
    pub can_manage: bool,
    pub today: NaiveDate,
    /// The contribution form's one-time token.
    pub form_token: String,
}

/// A person appointed to run a fund, and by whom.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct FundManager {
    /// Their user id, for the forms that end appointments: sent only to those who run the
    /// fund (`None` for everyone else).
    pub user_id: Option<i64>,
    pub name: String,
    pub organisation: String,
    /// Who appointed them (themselves for the person who started the fund); `None` for a
    /// fund started before appointments were kept.
    pub appointed_by: Option<String>,
    pub appointed_at: Option<DateTime<Utc>>,
}

/// A round as its fund's page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundLine {
    pub round: super::rounds::GrantRound,
    pub status: super::rounds::RoundStatus,
    pub budget_pence: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pledge(name: &str, pence: i64, received: bool, restriction: &str) -> Contribution {
        let day = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
        Contribution {
            id: pence,
            contributor_name: name.to_owned(),
            contributor_org_id: String::new(),
            amount_pence: pence,
            pledged_on: day,
            received_on: received.then_some(day),
            financial_year: 2026,
            restrictions: restriction.to_owned(),
            recorded_at: Utc::now(),
        }
    }

    #[test]
    fn the_ledger_adds_up_by_contributor() {
        let allocated = |name: &str, pence| Allocation {
            round_id: 1,
            contributor_name: name.to_owned(),
            contributor_org_id: String::new(),
            amount_pence: pence,
        };
        let (lines, total) = ledger(
            &[
                pledge("ICB", 1_000_000, true, ""),
                pledge("Council", 2_500_000, false, "Edmonton wards only"),
                pledge("icb", 500_000, false, ""),
                pledge("Council", 100, true, "Edmonton wards only"),
            ],
            &[
                allocated("ICB", 400_000),
                allocated("Council", 2_000_000),
                allocated("icb", 100_000),
                allocated("Someone else", 5),
            ],
        );
        let got: Vec<(&str, i64, i64)> = lines
            .iter()
            .map(|l| {
                (
                    l.contributor_name.as_str(),
                    l.pledged_pence,
                    l.received_pence,
                )
            })
            .collect();
        assert_eq!(
            got,
            [("Council", 2_500_100, 100), ("ICB", 1_500_000, 1_000_000)]
        );
        assert_eq!(lines[0].restrictions, ["Edmonton wards only"]);
        // Each line is named by its contributor's first contribution.
        assert_eq!((lines[0].key, lines[1].key), (100, 500_000));
        let left: Vec<(i64, i64)> = lines
            .iter()
            .map(|l| (l.allocated_pence, l.balance_pence()))
            .collect();
        assert_eq!(left, [(2_000_000, 500_100), (500_000, 1_000_000)]);
        assert_eq!(
            (total.allocated_pence, total.balance_pence()),
            (2_500_000, 1_500_100)
        );
        assert_eq!(
            (total.pledged_pence, total.received_pence),
            (4_000_100, 1_000_100)
        );
    }

    #[test]
    fn awards_are_shared_across_a_rounds_budget_lines_to_the_penny() {
        let allocated = |round: i64, name: &str, pence| Allocation {
            round_id: round,
            contributor_name: name.to_owned(),
            contributor_org_id: String::new(),
            amount_pence: pence,
        };
        let budget = [
            allocated(1, "ICB", 200_000),
            allocated(1, "Council", 100_000),
            allocated(2, "Council", 50_000),
        ];
        let (mut lines, mut total) = ledger(
            &[
                pledge("ICB", 500_000, true, ""),
                pledge("Council", 400_000, true, ""),
            ],
            &budget,
        );
        // £1,000.01 awarded in round 1: two thirds and one third, the odd penny to the ICB,
        // the larger line; £100 in round 2, all the council's.
        with_awards(
            &mut lines,
            &mut total,
            &budget,
            &[(1, 100_001), (2, 10_000)],
        );
        let got: Vec<(&str, i64)> = lines
            .iter()
            .map(|l| (l.contributor_name.as_str(), l.awarded_pence))
            .collect();
        assert_eq!(got, [("ICB", 66_668), ("Council", 33_333 + 10_000)]);
        assert_eq!(total.awarded_pence, 110_001);
        // A round with no budget lines awards nobody's money.
        with_awards(&mut lines, &mut total, &budget, &[(9, 500)]);
        assert_eq!(total.awarded_pence, 110_001);
    }

    #[test]
    fn org_ids_prefixes_and_financial_years_read_as_stated() {
        for good in [
            "GB-CHC-1234567",
            "GB-COH-01234567",
            "GB-LAE-ENF",
            "GB-NHS-QMJ",
        ] {
            assert!(is_org_id(good), "{good}");
        }
        for bad in ["", "GB", "GB-CHC", "gb-chc-1", "GB-CHC-12 34", "GBR-CHC-1"] {
            assert!(!is_org_id(bad), "{bad}");
        }
        assert!(is_identifier_prefix("360G-enfieldlocalfund"));
        assert!(!is_identifier_prefix("360G-"));
        assert!(!is_identifier_prefix("enfield"));
        assert!(!is_identifier_prefix("360G-with space"));
        let day = |m| NaiveDate::from_ymd_opt(2027, m, 1).unwrap();
        assert_eq!(financial_year_of(day(3)), 2026);
        assert_eq!(financial_year_of(day(4)), 2027);
        assert_eq!(crate::format::financial_year(2026), "2026/27");
        assert_eq!(crate::format::financial_year(2099), "2099/00");
    }
}
