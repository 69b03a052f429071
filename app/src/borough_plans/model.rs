//! Borough plan types both sides use.

use crate::auth::Person;
use crate::recommendations::Status;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One numbered action of a borough plan, e.g. Enfield, Leadership and Governance,
/// "1) Establish a Social Prescribing Steering Group".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoroughAction {
    pub id: i64,
    pub borough_code: String,
    pub borough_name: String,
    pub domain: String,
    pub number: i64,
    pub title: String,
    pub owner_id: Option<i64>,
    pub owner_name: Option<String>,
    pub status: Status,
    pub due_on: Option<NaiveDate>,
    pub done_on: Option<NaiveDate>,
    pub version: i64,
    /// Numbers of the linked recommendations.
    pub recommendations: Vec<i64>,
}

/// One borough's plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoroughPlan {
    pub borough_code: String,
    pub borough_name: String,
    pub boroughs: Vec<(String, String)>,
    pub actions: Vec<BoroughAction>,
}

/// The edit page's data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionDetail {
    pub action: BoroughAction,
    pub people: Vec<Person>,
    pub can_edit: bool,
}
