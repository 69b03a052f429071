//! Server functions for installation-wide status.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteStatus {
    /// Demo content has been loaded (`linkway seed-demo`): every page says so.
    pub demo_data: bool,
}

#[server]
pub async fn load_site_status() -> Result<SiteStatus, AppError> {
    let db = crate::plumbing::use_db()?;
    Ok(SiteStatus {
        demo_data: super::db::demo_data_loaded(&mut db.conn().await?).await?,
    })
}
