//! The returns settings page: populations, targets, themes and the suppression threshold.

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::plumbing::Db;
use crate::returns::db;
use crate::returns::model::ReturnSettings;
use crate::returns::service;

pub async fn settings(db: &Db, user: &CurrentUser) -> Result<ReturnSettings, AppError> {
    let mut conn = db.conn().await?;
    Ok(ReturnSettings {
        populations: db::populations(&mut conn).await?,
        deprivation: db::deprivation(&mut conn).await?,
        targets: db::targets(&mut conn).await?,
        themes: db::themes(&mut conn).await?,
        threshold: service::threshold(&mut conn).await?,
        threshold_version: db::threshold(&mut conn)
            .await?
            .map_or(0, |(_, version)| version),
        target_versions: db::target_versions(&mut conn).await?.into_iter().collect(),
        can_edit_reference: service::can_keep_reference(user),
        boroughs: crate::boroughs::db::list_boroughs(&mut conn)
            .await?
            .into_iter()
            .map(|b| (b.code, b.name))
            .collect(),
    })
}
