//! Award types both sides use: where an award stands, the award as those who run the fund
//! read it, and the offer as the group reads it.

use crate::codes::code_list;
use chrono::{DateTime, Utc};
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

/// A fund's 360Giving identifier for award `id`: its prefix, a hyphen and the id.
pub fn award_identifier(prefix: &str, id: i64) -> String {
    format!("{prefix}-{id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_award_identifier_is_the_prefix_and_the_id_with_hyphens_only() {
        let identifier = award_identifier("360G-enfieldlocalfund", 12);
        assert_eq!(identifier, "360G-enfieldlocalfund-12");
        assert!(!identifier.contains(' ') && !identifier.contains('/'));
    }
}
