//! Award types both sides use: where an award stands, the award as those who run the fund
//! read it, and the offer as the group reads it.

use crate::codes::code_list;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

code_list! {
    /// Where an award stands: offered, accepted by the group, active once paid, completed;
    /// or withdrawn, or returned (money clawed back).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub enum AwardStatus {
        Offered = ("offered", "Offered"),
        Accepted = ("accepted", "Accepted"),
        Active = ("active", "Active"),
        Completed = ("completed", "Completed"),
        Withdrawn = ("withdrawn", "Withdrawn"),
        Returned = ("returned", "Returned"),
    }
}

code_list! {
    /// What became of a payment: it went out, or it failed or was stopped (neither counts
    /// as disbursed).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub enum PaymentOutcome {
        Paid = ("paid", "Paid"),
        Failed = ("failed", "Failed"),
        Stopped = ("stopped", "Stopped"),
    }
}

impl AwardStatus {
    /// Whether the award takes payments: once the group has accepted it, until it ends.
    pub fn takes_payments(self) -> bool {
        matches!(self, AwardStatus::Accepted | AwardStatus::Active)
    }
}

/// The longest name accepted for the person who accepts an offer.
pub const MAX_ACCEPTED_NAME_CHARS: usize = 200;

/// An award: the panel's award decision, offered to the group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Award {
    pub id: i64,
    pub application_id: i64,
    /// Its 360Giving identifier, `<the fund's prefix>-<id>` (`360G-enfieldlocalfund-12`),
    /// fixed once offered.
    pub identifier: String,
    pub amount_pence: i64,
    pub conditions: String,
    pub status: AwardStatus,
    pub offered_by: String,
    pub offered_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    /// Who accepted for the group, as they gave their name.
    pub accepted_name: String,
    pub version: i64,
}

impl Award {
    /// What those who run the fund read of it: its identifier, amount, where it stands,
    /// the offer and its acceptance (the decision page and the award's page).
    pub fn facts(&self) -> Vec<(String, String)> {
        use crate::format::{date, money};
        let accepted = self.accepted_at.map_or_else(
            || "Not yet".to_owned(),
            |at| {
                format!(
                    "{} by {} for the group",
                    date(at.date_naive()),
                    self.accepted_name
                )
            },
        );
        vec![
            ("Grant identifier".to_owned(), self.identifier.clone()),
            ("Awarded".to_owned(), money(self.amount_pence)),
            ("Where it stands".to_owned(), self.status.label().to_owned()),
            (
                "Offer sent".to_owned(),
                format!(
                    "{} by {}",
                    date(self.offered_at.date_naive()),
                    self.offered_by
                ),
            ),
            ("Accepted".to_owned(), accepted),
        ]
    }
}

/// An offer as the group reads it through its private link: never who made it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferTold {
    pub identifier: String,
    pub amount_pence: i64,
    pub conditions: String,
    pub status: AwardStatus,
    pub offered_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub accepted_name: String,
    /// Sent back with the acceptance: refused if the offer changed since.
    pub version: i64,
}

impl From<&Award> for OfferTold {
    fn from(award: &Award) -> Self {
        Self {
            identifier: award.identifier.clone(),
            amount_pence: award.amount_pence,
            conditions: award.conditions.clone(),
            status: award.status,
            offered_at: award.offered_at,
            accepted_at: award.accepted_at,
            accepted_name: award.accepted_name.clone(),
            version: award.version,
        }
    }
}

impl OfferTold {
    /// Whether the group can still accept it.
    pub fn can_accept(&self) -> bool {
        self.status == AwardStatus::Offered
    }
}

/// A payment of an award, as those who run the fund recorded it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Payment {
    pub id: i64,
    pub paid_on: NaiveDate,
    pub amount_pence: i64,
    /// The bank or finance system's reference.
    pub reference: String,
    pub outcome: PaymentOutcome,
    pub note: String,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// What `payments` have disbursed: the sum of those paid.
pub fn disbursed(payments: &[Payment]) -> i64 {
    payments
        .iter()
        .filter(|p| p.outcome == PaymentOutcome::Paid)
        .map(|p| p.amount_pence)
        .sum()
}

/// `/chest/awards/{id}`: an award, what it was for, and its payments, for those who run the
/// fund (never the group's contact).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwardView {
    pub award: Award,
    pub fund_name: String,
    pub round_id: i64,
    pub round_title: String,
    pub reference: String,
    pub org_name: String,
    pub project_title: String,
    /// Oldest first.
    pub payments: Vec<Payment>,
    pub today: NaiveDate,
}

impl AwardView {
    pub fn disbursed_pence(&self) -> i64 {
        disbursed(&self.payments)
    }

    /// What is still to pay.
    pub fn left_pence(&self) -> i64 {
        self.award.amount_pence - self.disbursed_pence()
    }
}

/// A fund's 360Giving identifier for award `id`: its prefix, a hyphen and the id.
pub fn award_identifier(prefix: &str, id: i64) -> String {
    format!("{prefix}-{id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payment(pence: i64, outcome: PaymentOutcome) -> Payment {
        Payment {
            id: pence,
            paid_on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            amount_pence: pence,
            reference: "BACS".into(),
            outcome,
            note: String::new(),
            recorded_by: "Isla".into(),
            recorded_at: Utc::now(),
        }
    }

    #[test]
    fn only_payments_that_went_out_are_disbursed() {
        let payments = [
            payment(100_000, PaymentOutcome::Paid),
            payment(50_000, PaymentOutcome::Failed),
            payment(25_000, PaymentOutcome::Stopped),
            payment(20_000, PaymentOutcome::Paid),
        ];
        assert_eq!(disbursed(&payments), 120_000);
        assert_eq!(disbursed(&[]), 0);
    }

    #[test]
    fn an_award_identifier_is_the_prefix_and_the_id_with_hyphens_only() {
        let identifier = award_identifier("360G-enfieldlocalfund", 12);
        assert_eq!(identifier, "360G-enfieldlocalfund-12");
        assert!(!identifier.contains(' ') && !identifier.contains('/'));
    }
}
