//! Grant application types both sides use: the group, the project, its budget lines and
//! answers, where it stands, and the read models of the public form, the applicant's
//! private page and the fund manager's view.

use crate::chest::rounds::{Gate, GrantRound, RoundStatus};
use crate::codes::code_list;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

code_list! {
    /// What kind of organisation applies.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub enum OrgType {
        CommunityGroup = ("community_group", "Community group, not registered"),
        Charity = ("charity", "Registered charity"),
        Cio = ("cio", "Charitable incorporated organisation (CIO)"),
        Company = ("company", "Company limited by guarantee"),
        Cic = ("cic", "Community interest company (CIC)"),
        Other = ("other", "Other not-for-profit organisation"),
    }
}

impl OrgType {
    /// Whether it has a number on a register: the Charity Commission's or Companies
    /// House's.
    pub fn registered(self) -> bool {
        !matches!(self, OrgType::CommunityGroup | OrgType::Other)
    }
}

code_list! {
    /// Where an application stands before the panel's decision.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub enum ApplicationStatus {
        Submitted = ("submitted", "Received: waiting to be screened"),
        Eligible = ("eligible", "Eligible: with the panel"),
        Ineligible = ("ineligible", "Not eligible"),
        MoreInfo = ("more_info", "More information needed"),
        Withdrawn = ("withdrawn", "Withdrawn"),
    }
}

impl ApplicationStatus {
    /// Until the panel decides, the applicant may withdraw.
    pub fn can_withdraw(self) -> bool {
        matches!(
            self,
            ApplicationStatus::Submitted
                | ApplicationStatus::Eligible
                | ApplicationStatus::MoreInfo
        )
    }
}

/// An application as the fund's managers read it, without its contact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Application {
    pub id: i64,
    pub round_id: i64,
    pub reference: String,
    pub org_name: String,
    pub org_type: OrgType,
    /// Empty for an unregistered group.
    pub org_number: String,
    pub postcode: String,
    pub borough_code: String,
    pub borough_name: String,
    pub wards: String,
    pub project_title: String,
    pub summary: String,
    pub description: String,
    pub amount_pence: i64,
    pub beneficiaries: i64,
    pub beneficiaries_where: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Who entered it on the group's behalf, if someone did.
    pub supported_by: Option<String>,
    pub status: ApplicationStatus,
    /// What the applicant reads: why it is ineligible, or what more is needed.
    pub status_note: String,
    pub info_response: String,
    pub version: i64,
    pub submitted_at: DateTime<Utc>,
}

/// What sending an application answers the applicant: its reference, and the token of its
/// private link (`/apply/application/{link}`), shown to them once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sent {
    pub reference: String,
    pub link: String,
}

/// Who to contact about an application: read only by the fund's managers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Contact {
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
}

/// What part of the amount asked pays for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct BudgetLine {
    pub item: String,
    pub amount_pence: i64,
}

/// An answer to one of the round's eligibility questions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Answer {
    pub gate_id: i64,
    pub question: String,
    pub answer: bool,
}

/// The most budget lines an application lists.
pub const MAX_BUDGET_LINES: usize = 8;

/// `/apply/{round}`: a round as the public sees it, and what its form offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyView {
    pub fund_name: String,
    pub place_name: String,
    pub round: GrantRound,
    pub status: RoundStatus,
    /// The round's priorities (theme id, name).
    pub priorities: Vec<(i64, String)>,
    pub gates: Vec<Gate>,
    /// The boroughs a group may work in (code, name).
    pub boroughs: Vec<(String, String)>,
    /// The name of the signed-in person entering it on a group's behalf, if any.
    pub supporter: Option<String>,
    pub today: NaiveDate,
    pub form_token: String,
}

/// `/apply/application/{link}`: where an application stands, for whoever holds its link,
/// and nothing else about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusView {
    pub reference: String,
    pub project_title: String,
    pub round_title: String,
    pub fund_name: String,
    pub status: ApplicationStatus,
    pub status_note: String,
    pub info_response: String,
    pub submitted_at: DateTime<Utc>,
    /// Sent back with an answer or a withdrawal: refused if the managers changed it since.
    pub version: i64,
    /// The panel's decision, once there is one.
    pub decision: Option<crate::chest::decisions::DecisionTold>,
    /// The grant offered, once the fund's managers send the offer.
    pub offer: Option<crate::chest::awards::OfferTold>,
}

impl StatusView {
    pub fn can_respond(&self) -> bool {
        self.status == ApplicationStatus::MoreInfo
    }

    pub fn can_withdraw(&self) -> bool {
        self.status.can_withdraw() && !self.decision.as_ref().is_some_and(|d| d.is_final)
    }
}

/// An application as its round's list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ApplicationLine {
    pub id: i64,
    pub reference: String,
    pub org_name: String,
    pub project_title: String,
    pub borough_name: String,
    pub amount_pence: i64,
    pub status: ApplicationStatus,
    /// How many eligibility questions it answered no to.
    pub gates_failed: i64,
}

/// `/chest/applications/{id}`: an application in full for the fund's managers, with the
/// screening form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationView {
    pub fund_name: String,
    pub round: GrantRound,
    pub application: Application,
    pub contact: Contact,
    pub budget: Vec<BudgetLine>,
    pub priorities: Vec<String>,
    pub answers: Vec<Answer>,
}

impl ApplicationView {
    /// The questions it answered no to: flagged for screening.
    pub fn failed_gates(&self) -> Vec<&str> {
        self.answers
            .iter()
            .filter(|a| !a.answer)
            .map(|a| a.question.as_str())
            .collect()
    }
}

/// `text` without spaces, in capitals, split before its last three characters (the
/// inward code): None unless it is ASCII and has more than three characters.
fn postcode_parts(text: &str) -> Option<(String, String)> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    // Only ASCII is a postcode, and only ASCII is split by byte.
    let split = compact.len().checked_sub(3).filter(|split| *split > 0)?;
    if !compact.is_ascii() {
        return None;
    }
    let (outward, inward) = compact.split_at(split);
    Some((outward.to_owned(), inward.to_owned()))
}

/// Whether `text` reads as a UK postcode: an outward code (a letter or two, a digit, and
/// perhaps a digit or letter), a space or none, and an inward code (a digit, two letters).
pub fn is_postcode(text: &str) -> bool {
    let Some((outward, inward)) = postcode_parts(text) else {
        return false;
    };
    let inward: Vec<char> = inward.chars().collect();
    let inward_ok = inward.len() == 3
        && inward[0].is_ascii_digit()
        && inward[1..].iter().all(|c| c.is_ascii_alphabetic());
    let outward: Vec<char> = outward.chars().collect();
    let letters = outward
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    let outward_ok = (2..=4).contains(&outward.len())
        && (1..=2).contains(&letters)
        && outward.get(letters).is_some_and(char::is_ascii_digit)
        && outward[letters + 1..]
            .iter()
            .all(|c| c.is_ascii_alphanumeric());
    inward_ok && outward_ok
}

/// A postcode written the usual way: capitals, one space before the inward code.
pub fn tidy_postcode(text: &str) -> String {
    match postcode_parts(text) {
        Some((outward, inward)) => format!("{outward} {inward}"),
        None => text.trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes_read_as_the_royal_mail_writes_them() {
        for good in [
            "N9 0PZ", "n90pz", "EN1 3XA", "EC1A 1BB", "W1A 0AX", "SW1A 2AA",
        ] {
            assert!(is_postcode(good), "{good}");
        }
        for bad in [
            "", "N9", "90PZ", "N9 0P", "NN9 0PZZ", "N 0PZ", "ABC1 0PZ", "N9 ØPZ",
        ] {
            assert!(!is_postcode(bad), "{bad}");
        }
        assert_eq!(tidy_postcode(" n90pz "), "N9 0PZ");
        assert_eq!(tidy_postcode("ec1a1bb"), "EC1A 1BB");
        assert_eq!(tidy_postcode(" n9 Øpz "), "n9 Øpz");
    }
}
