//! The kinds of message, how a person wants each, and the outbox as administrators see it.

use crate::codes::code_list;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

code_list! {
    /// What a message is about: each is a choice on the account page (the digest aside).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    pub enum MessageKind {
        ReturnOpened = ("return_opened", "A quarterly return opens for upload"),
        ReturnDue = ("return_due", "A return is due within 7 days, or today"),
        ReturnLate = ("return_late", "A return is late, and chasers from the ICB team"),
        SignOff = ("sign_off", "A return waits for your sign-off"),
        RatingsOwed = ("ratings_owed", "Your ratings are owed in a maturity round"),
        WorkDue = ("work_due", "A milestone or borough plan action you own is due or overdue"),
        GrantWork = ("grant_work", "Grant applications wait for your screening or scores"),
        Digest = ("digest", "Your weekly digest"),
    }
}

impl MessageKind {
    /// The kinds a person chooses for (the digest is how they chose to get the others).
    pub fn chosen() -> impl Iterator<Item = Self> {
        Self::ALL.into_iter().filter(|kind| *kind != Self::Digest)
    }
}

code_list! {
    /// How a person wants one kind of message.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Delivery {
        #[default]
        Immediately = ("immediately", "Straight away"),
        Weekly = ("weekly", "In a weekly digest, on Mondays"),
        Never = ("never", "Not at all"),
    }
}

code_list! {
    /// Where a message is in the outbox.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum MessageStatus {
        Pending = ("pending", "Waiting to be sent"),
        Held = ("held", "Held for the weekly digest"),
        InDigest = ("in_digest", "Sent in a weekly digest"),
        Sent = ("sent", "Sent"),
        Failed = ("failed", "Could not be sent"),
    }
}

/// A person's choice for each kind of message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailChoices {
    pub email: String,
    pub choices: Vec<(MessageKind, Delivery)>,
}

/// One message in the outbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxLine {
    pub id: i64,
    pub kind: MessageKind,
    pub recipient: String,
    pub copy_to: String,
    pub subject: String,
    pub link: String,
    pub status: MessageStatus,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// The outbox, newest first, and whether (and where) it is being sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outbox {
    /// The SMTP server messages go to (host and port, never credentials), if one is set.
    pub relay: Option<String>,
    /// How many messages are in each status.
    pub counts: Vec<(MessageStatus, i64)>,
    pub lines: Vec<OutboxLine>,
    /// More messages than the page lists.
    pub more: bool,
}
