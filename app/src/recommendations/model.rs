//! Recommendation types both sides use.

use serde::{Deserialize, Serialize};

/// One row of the review's Table 3, word for word.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Recommendation {
    pub number: i64,
    pub category: String,
    pub recommendation: String,
    pub specific_actions: String,
    pub timeline: String,
    pub cost_implication: String,
    pub priority: String,
}
