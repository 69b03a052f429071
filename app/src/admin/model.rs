//! Administration types both sides use.

use crate::auth::Grant;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub organisation: String,
    pub active: bool,
    pub is_demo: bool,
    pub must_change_password: bool,
    pub last_sign_in_at: Option<DateTime<Utc>>,
    pub grants: Vec<Grant>,
}

/// The create-user form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUserInput {
    pub name: String,
    pub email: String,
    pub organisation: String,
    /// A role code (`viewer`, `borough_lead`, …).
    pub role: String,
    /// A borough code, for borough roles; empty otherwise.
    pub borough: String,
    /// An ICB code, for ICB roles; empty otherwise.
    #[serde(default)]
    pub icb: String,
    /// `components::CONFIRMED` when the admin has confirmed creating an administrator.
    #[serde(default)]
    pub confirm: String,
}

/// A role to add to or remove from a user.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleInput {
    pub user_id: i64,
    pub role: String,
    #[serde(default)]
    pub borough: String,
    #[serde(default)]
    pub icb: String,
    /// `components::CONFIRMED` when the admin has confirmed making someone an administrator.
    #[serde(default)]
    pub confirm: String,
}
