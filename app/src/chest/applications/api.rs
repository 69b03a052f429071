//! Server functions for grant applications. The public ones (the form, the private link)
//! need no account; the rest require a signed-in user with a role, and what they may read
//! or change of an application is decided in [`super::service`] by its fund's place.
// The browser's copy of a server function keeps its arguments but not its attributes.
#![cfg_attr(feature = "hydrate", allow(clippy::too_many_arguments))]

use super::model::{ApplicationView, ApplyView, Sent, StatusView};
#[cfg(feature = "ssr")]
use crate::auth::guard::{guard, Guard};
#[cfg(feature = "ssr")]
use crate::auth::{Permission, Scope};
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// `/apply/{round}`: the round as the public sees it, and its form. No account needed.
#[server]
pub async fn load_apply(round: i64) -> Result<ApplyView, AppError> {
    let db = crate::plumbing::use_db()?;
    let user = crate::auth::guard::current_user().await?;
    super::service::apply_view(&db, user.as_ref(), round, chrono::Utc::now().date_naive()).await
}

/// Sends an application to `round` and goes to its private page. No account needed; one
/// argument per field of the form, the budget lines by number (`item[0]`, `cost[0]`), the
/// priorities by theme (`priority[3]`) and the answers by question (`answer[7]`).
#[server]
#[allow(clippy::too_many_arguments)]
pub async fn submit_application(
    round: i64,
    token: String,
    #[server(default)] leave_empty: String,
    org_name: String,
    #[server(default)] org_type: String,
    #[server(default)] org_number: String,
    postcode: String,
    #[server(default)] borough: String,
    wards: String,
    contact_name: String,
    contact_email: String,
    #[server(default)] contact_phone: String,
    project_title: String,
    summary: String,
    description: String,
    amount: String,
    #[server(default)] item: BTreeMap<String, String>,
    #[server(default)] cost: BTreeMap<String, String>,
    beneficiaries: String,
    beneficiaries_where: String,
    starts_on: String,
    ends_on: String,
    #[server(default)] priority: BTreeMap<String, String>,
    #[server(default)] answer: BTreeMap<String, String>,
) -> Result<Sent, AppError> {
    use super::model::MAX_BUDGET_LINES;
    use super::service::{submit, ApplicationInput, Sender};
    let state = crate::plumbing::use_app_state()?;
    let address = crate::auth::guard::client_address(&state);
    let user = crate::auth::guard::current_user().await?;
    let budget = (0..MAX_BUDGET_LINES)
        .filter_map(|line| {
            let key = line.to_string();
            let item = item.get(&key).map_or("", String::as_str);
            let cost = cost.get(&key).map_or("", String::as_str);
            (!item.is_empty() || !cost.is_empty()).then_some((line, (item, cost)))
        })
        .collect();
    let input = ApplicationInput {
        token: &token,
        leave_empty: &leave_empty,
        org_name: &org_name,
        org_type: &org_type,
        org_number: &org_number,
        postcode: &postcode,
        borough: &borough,
        wards: &wards,
        contact_name: &contact_name,
        contact_email: &contact_email,
        contact_phone: &contact_phone,
        project_title: &project_title,
        summary: &summary,
        description: &description,
        amount: &amount,
        budget,
        beneficiaries: &beneficiaries,
        beneficiaries_where: &beneficiaries_where,
        starts_on: &starts_on,
        ends_on: &ends_on,
        priorities: &priority,
        answers: &answer,
    };
    let sender = Sender {
        user: user.as_ref(),
        address: &address,
        keys: &state.session_keys,
    };
    let sent = submit(&state.db, sender, round, input, chrono::Utc::now()).await?;
    leptos_axum::redirect(&format!("/apply/application/{}", sent.link));
    Ok(sent)
}

/// Where the application with private link `link` stands. No account needed.
#[server]
pub async fn load_application_status(link: String) -> Result<StatusView, AppError> {
    let db = crate::plumbing::use_db()?;
    super::service::status_view(&db, &link).await
}

/// The applicant's answer to a request for more information, through their link.
#[server]
pub async fn answer_information_request(
    link: String,
    version: i64,
    response: String,
) -> Result<(), AppError> {
    let db = crate::plumbing::use_db()?;
    super::service::respond(&db, &link, version, &response, chrono::Utc::now()).await
}

/// Withdraws the application through its link, once `confirm` is ticked.
#[server]
pub async fn withdraw_application(
    link: String,
    version: i64,
    #[server(default)] confirm: String,
) -> Result<(), AppError> {
    if confirm != crate::components::CONFIRMED {
        return Err(AppError::field(
            "confirm",
            "Tick the box to confirm you want to withdraw the application",
        ));
    }
    let db = crate::plumbing::use_db()?;
    super::service::withdraw(&db, &link, version, chrono::Utc::now()).await
}

/// An application in full, for those who run its fund.
#[server]
pub async fn load_application(id: i64) -> Result<ApplicationView, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::service::application_view(&db, &user, id).await
}

/// Screens an application: `outcome` is `eligible`, `ineligible` or `more_info`, with the
/// note the applicant reads for the last two.
#[server]
pub async fn screen_application(
    id: i64,
    version: i64,
    #[server(default)] outcome: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::service::screen(&db, &user, id, version, &outcome, &note, chrono::Utc::now()).await
}
