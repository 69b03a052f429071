//! Maturity framework types both sides use.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct MaturityDomain {
    pub position: i64,
    pub name: String,
}
