//! Server functions for borough plans: reading needs `SignedInWithRole` (every role); changes
//! are checked further in [`super::service`].

use super::{ActionDetail, BoroughPlan};
#[cfg(feature = "ssr")]
use crate::auth::guard::{guard, Guard};
#[cfg(feature = "ssr")]
use crate::auth::{Permission, Scope};
use crate::error::AppError;
use leptos::prelude::*;

/// One borough's plan; an empty or unknown code answers the user's own borough's, or the
/// first the user reads. Only the boroughs of the ICBs the user reaches are offered.
#[server]
pub async fn load_borough_plan(borough: String) -> Result<BoroughPlan, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    let mut conn = db.conn().await?;
    let boroughs: Vec<_> = crate::boroughs::db::list_boroughs(&mut conn)
        .await?
        .into_iter()
        .filter(|b| user.reaches_borough(&b.code))
        .collect();
    // The borough asked for; else the user's own; else the first.
    let chosen = boroughs
        .iter()
        .find(|b| b.code == borough)
        .or_else(|| {
            boroughs
                .iter()
                .find(|b| Some(b.code.as_str()) == user.own_borough())
        })
        .or_else(|| boroughs.first())
        .ok_or_else(|| AppError::not_found("The borough"))?;
    Ok(BoroughPlan {
        borough_code: chosen.code.clone(),
        borough_name: chosen.name.clone(),
        actions: super::db::borough_actions(&mut conn, &chosen.code).await?,
        boroughs: boroughs
            .iter()
            .map(|b| (b.code.clone(), b.name.clone()))
            .collect(),
    })
}

#[server]
pub async fn load_borough_action(id: i64) -> Result<ActionDetail, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    let mut conn = db.conn().await?;
    let action = super::db::find_action(&mut conn, id)
        .await?
        .ok_or_else(|| AppError::not_found("That borough plan action"))?;
    if !user.reaches_borough(&action.borough_code) {
        return Err(AppError::Forbidden);
    }
    let people = crate::auth::db::people_around(&mut conn, &action.borough_code).await?;
    Ok(ActionDetail {
        can_edit: super::service::can_edit(&user, &action),
        action,
        people,
    })
}

#[server]
pub async fn update_borough_action(
    id: i64,
    version: i64,
    owner_id: String,
    status: String,
    due_on: String,
    done_on: String,
    recommendations: String,
) -> Result<(), AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    let input = super::service::ActionInput {
        owner_id: &owner_id,
        status: &status,
        due_on: &due_on,
        done_on: &done_on,
        recommendations: &recommendations,
    };
    super::service::update_action(&db, &user, id, version, input, chrono::Utc::now()).await
}
