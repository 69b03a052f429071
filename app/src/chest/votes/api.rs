//! Server functions for a community vote. The voters page requires a signed-in user with a
//! role (that they run the fund is decided in [`super::service`]); a ballot needs no
//! account, only its link.

use super::model::{BallotView, VotersView};
#[cfg(feature = "ssr")]
use crate::auth::guard::{guard, Guard};
#[cfg(feature = "ssr")]
use crate::auth::{Permission, Scope};
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[server]
pub async fn load_voters(round: i64) -> Result<VotersView, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::service::voters_view(&db, &user, round, chrono::Utc::now().date_naive()).await
}

/// Adds voters to `round`'s list: `voters`, a line each (a name, then a comma and where
/// they live or whom they speak for).
#[server]
pub async fn add_voters(round: i64, #[server(default)] voters: String) -> Result<(), AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::service::add_voters(&db, &user, round, &voters, chrono::Utc::now()).await
}

/// The ballot whose link is `link`. No account needed.
#[server]
pub async fn load_ballot(link: String) -> Result<BallotView, AppError> {
    let db = crate::plumbing::use_db()?;
    super::service::ballot_view(&db, &link, chrono::Utc::now().date_naive()).await
}

/// The vote of whoever holds `link`: `pick[application id]` for each project picked. No
/// account needed.
#[server]
pub async fn cast_vote(
    link: String,
    #[server(default)] pick: BTreeMap<String, String>,
) -> Result<(), AppError> {
    let db = crate::plumbing::use_db()?;
    super::service::cast(&db, &link, &pick, chrono::Utc::now()).await
}
