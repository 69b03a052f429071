//! Server functions: the outbox (administrators) and one's own email choices.

use super::{EmailChoices, Outbox};
#[cfg(feature = "ssr")]
use crate::auth::guard::{guard, Guard};
#[cfg(feature = "ssr")]
use crate::auth::{Permission, Scope};
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// The messages listed on the outbox page, newest first.
#[cfg(feature = "ssr")]
pub const OUTBOX_LINES: i64 = 200;

/// The outbox: what was written, what was sent, what is waiting or failed.
#[server]
pub async fn load_outbox() -> Result<Outbox, AppError> {
    let Guard { db, .. } = guard(Permission::ManageUsers, Scope::Region).await?;
    let relay = crate::plumbing::use_app_state()?.mail_relay;
    let mut conn = db.conn().await?;
    let mut lines = super::db::outbox(&mut conn, OUTBOX_LINES + 1).await?;
    let more = lines.len() as i64 > OUTBOX_LINES;
    lines.truncate(OUTBOX_LINES as usize);
    Ok(Outbox {
        relay: relay.as_deref().map(str::to_owned),
        counts: super::db::counts(&mut conn).await?,
        lines,
        more,
    })
}

/// How the signed-in person gets each kind of message.
#[server]
pub async fn load_email_choices() -> Result<EmailChoices, AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::choices::of(&db, &user).await
}

/// Saves the signed-in person's choices: `choices[kind] = delivery`.
#[server]
pub async fn save_email_choices(choices: BTreeMap<String, String>) -> Result<(), AppError> {
    let Guard { user, db } = guard(Permission::SignedInWithRole, Scope::Region).await?;
    super::choices::save(&db, &user, &choices, chrono::Utc::now()).await
}
