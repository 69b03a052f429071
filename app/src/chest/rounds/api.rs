//! Server functions for grant rounds. Each first requires a signed-in user with a role;
//! what they may read or change is decided in [`super::service`] by the fund's place.
// The browser's copy of a server function keeps its arguments but not its attributes.
#![cfg_attr(feature = "hydrate", allow(clippy::too_many_arguments))]

use super::model::{RoundSetup, RoundView};
#[cfg(feature = "ssr")]
use crate::auth::guard::{guard, Guard};
#[cfg(feature = "ssr")]
use crate::auth::{Permission, Scope};
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// The set-up form of a new round of `fund`.
#[server]
pub async fn load_round_setup(fund: i64) -> Result<RoundSetup, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::service::setup_view(&db, &user, fund, chrono::Utc::now().date_naive()).await
}

#[server]
pub async fn load_round(id: i64) -> Result<RoundView, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::service::round_view(&db, &user, id, chrono::Utc::now().date_naive()).await
}

/// Sets up a round of `fund` and answers its id; the browser goes to the round's page.
/// The maps are keyed by ledger line (`allocation[12]`), theme (`priority[3]`) or
/// criterion (`label[0]`).
#[server]
#[allow(clippy::too_many_arguments)]
pub async fn create_round(
    fund: i64,
    code: String,
    title: String,
    opens_on: String,
    #[server(default)] closes_on: String,
    #[server(default)] panel_dates: String,
    method: String,
    min_award: String,
    max_award: String,
    #[server(default)] allocation: BTreeMap<String, String>,
    #[server(default)] gates: String,
    #[server(default)] priority: BTreeMap<String, String>,
    #[server(default)] label: BTreeMap<String, String>,
    #[server(default)] weight: BTreeMap<String, String>,
    #[server(default)] levels: BTreeMap<String, String>,
    #[server(default)] na: BTreeMap<String, String>,
    #[server(default)] minimum: BTreeMap<String, String>,
    #[server(default)] token: Option<String>,
) -> Result<i64, AppError> {
    use super::model::MAX_CRITERIA;
    use super::service::{CriterionInput, RoundInput};
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    let of = |map: &BTreeMap<String, String>, index: usize| -> String {
        map.get(&index.to_string()).cloned().unwrap_or_default()
    };
    let typed: Vec<[String; 5]> = (0..MAX_CRITERIA)
        .map(|i| {
            [
                of(&label, i),
                of(&weight, i),
                of(&levels, i),
                of(&na, i),
                of(&minimum, i),
            ]
        })
        .collect();
    let input = RoundInput {
        token: token.as_deref(),
        code: &code,
        title: &title,
        opens_on: &opens_on,
        closes_on: &closes_on,
        panel_dates: &panel_dates,
        method: &method,
        min_award: &min_award,
        max_award: &max_award,
        allocations: &allocation,
        gates: &gates,
        priorities: &priority,
        criteria: typed
            .iter()
            .map(|[label, weight, levels, na, min]| CriterionInput {
                label,
                weight,
                levels,
                na_allowed: na,
                min_score: min,
            })
            .collect(),
    };
    let id = super::service::create_round(&db, &user, fund, input, chrono::Utc::now()).await?;
    leptos_axum::redirect(&format!("/chest/rounds/{id}"));
    Ok(id)
}
