//! Server functions for boroughs.

use super::{Borough, PcnImport, Region};
#[cfg(feature = "ssr")]
use crate::auth::guard::{guard, Guard};
#[cfg(feature = "ssr")]
use crate::auth::{Permission, Scope};
use crate::error::AppError;
use leptos::prelude::*;

/// The boroughs of the ICBs whose programme Linkway holds that the user reads: their own
/// ICB's, or every one for region-wide users.
#[server]
pub async fn list_boroughs() -> Result<Vec<Borough>, AppError> {
    let Guard { user, db } = guard(Permission::ViewReferenceData, Scope::Region).await?;
    Ok(super::db::list_boroughs(&mut db.conn().await?)
        .await?
        .into_iter()
        .filter(|borough| user.reaches_borough(&borough.code))
        .collect())
}

/// The region's ICBs, boroughs and PCNs.
#[server]
pub async fn load_region() -> Result<Region, AppError> {
    let Guard { user, db } = guard(Permission::ViewReferenceData, Scope::Region).await?;
    super::service::region(&db, &user).await
}

/// Records a PCN (administrators).
#[server]
pub async fn add_pcn(code: String, name: String, borough: String) -> Result<(), AppError> {
    let Guard { user, db } = guard(Permission::EditReferenceData, Scope::Region).await?;
    super::service::add_pcn(&db, &user, (&code, &name, &borough), chrono::Utc::now()).await
}

/// What an upload of a PCN list did (administrators).
#[server]
pub async fn load_pcn_import(id: i64) -> Result<PcnImport, AppError> {
    let Guard { db, .. } = guard(Permission::EditReferenceData, Scope::Region).await?;
    super::db::find_import(&mut db.conn().await?, id)
        .await?
        .ok_or_else(|| AppError::not_found("That import"))
}
