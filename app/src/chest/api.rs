//! Server functions for the community chest. Each first requires a signed-in user with a
//! role; what they may read or change of a fund is decided in [`super::service`].
// The browser's copy of a server function keeps its arguments but not its attributes.
#![cfg_attr(feature = "hydrate", allow(clippy::too_many_arguments))]

use super::model::{ChestView, FundView};
#[cfg(feature = "ssr")]
use crate::auth::guard::{guard, Guard};
#[cfg(feature = "ssr")]
use crate::auth::{Permission, Scope};
use crate::error::AppError;
use leptos::prelude::*;

/// `/chest`: the funds the user reads, and where they may start one.
#[server]
pub async fn load_chest() -> Result<ChestView, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::service::chest_view(&db, &user).await
}

#[server]
pub async fn load_fund(id: i64) -> Result<FundView, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::service::fund_view(&db, &user, id, chrono::Utc::now().date_naive()).await
}

/// Starts a fund and answers its id; the browser goes to the fund's page.
#[server]
pub async fn create_fund(
    name: String,
    place: String,
    holder_name: String,
    holder_org_id: String,
    identifier_prefix: String,
) -> Result<i64, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    let input = super::service::FundInput {
        name: &name,
        place: &place,
        holder_name: &holder_name,
        holder_org_id: &holder_org_id,
        identifier_prefix: &identifier_prefix,
    };
    let id = super::service::create_fund(&db, &user, input, chrono::Utc::now()).await?;
    leptos_axum::redirect(&format!("/chest/funds/{id}"));
    Ok(id)
}

/// Records a contribution to `fund`; answers its id. One argument per field of the form.
#[server]
#[allow(clippy::too_many_arguments)]
pub async fn add_contribution(
    fund: i64,
    contributor_name: String,
    contributor_org_id: String,
    amount: String,
    pledged_on: String,
    #[server(default)] received_on: String,
    #[server(default)] restrictions: String,
    #[server(default)] token: Option<String>,
) -> Result<i64, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    let input = super::service::ContributionInput {
        token: token.as_deref(),
        contributor_name: &contributor_name,
        contributor_org_id: &contributor_org_id,
        amount: &amount,
        pledged_on: &pledged_on,
        received_on: &received_on,
        restrictions: &restrictions,
    };
    super::service::add_contribution(&db, &user, fund, input, chrono::Utc::now()).await
}

/// Appoints `manager` (a user id) to run `fund`.
#[server]
pub async fn appoint_fund_manager(
    fund: i64,
    #[server(default)] manager: String,
) -> Result<(), AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::service::appoint_manager(&db, &user, fund, &manager, chrono::Utc::now()).await
}

/// Ends `manager`'s appointment to run `fund`.
#[server]
pub async fn remove_fund_manager(fund: i64, manager: i64) -> Result<(), AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::service::remove_manager(&db, &user, fund, manager, chrono::Utc::now()).await
}
