//! Demo content, loaded only by `linkway seed-demo` (and the README's run command), never
//! by migrations. Everything it adds is marked as demo wherever it shows.

use crate::auth::service::{create_account, AccountSpec};
use crate::auth::Role;
use crate::error::AppError;
use crate::server::Db;

/// The password of every demo account (listed in the README).
pub const DEMO_PASSWORD: &str = "linkway-demo-2026";

/// One demo sign-in per role: (email, name, organisation, role, borough).
pub const DEMO_ACCOUNTS: [(&str, &str, &str, Role, Option<&str>); 6] = [
    (
        "admin@demo.linkway.test",
        "Ada Admin (demo)",
        "NCL ICB",
        Role::Admin,
        None,
    ),
    (
        "icb.lead@demo.linkway.test",
        "Isla Lead (demo)",
        "NCL ICB",
        Role::IcbLead,
        None,
    ),
    (
        "camden.lead@demo.linkway.test",
        "Cam Lead (demo)",
        "London Borough of Camden",
        Role::BoroughLead,
        Some("camden"),
    ),
    (
        "camden.submitter@demo.linkway.test",
        "Sam Submitter (demo)",
        "Camden PCNs",
        Role::Submitter,
        Some("camden"),
    ),
    (
        "panel@demo.linkway.test",
        "Pat Panel (demo)",
        "Voluntary Action Camden",
        Role::PanelMember,
        None,
    ),
    (
        "viewer@demo.linkway.test",
        "Vic Viewer (demo)",
        "NHS England London",
        Role::Viewer,
        None,
    ),
];

/// Loads the demo content. Running it again changes nothing.
pub async fn seed_demo(db: &Db) -> Result<(), AppError> {
    for (email, name, organisation, role, borough) in DEMO_ACCOUNTS {
        if crate::auth::db::find_credentials(db, email)
            .await?
            .is_some()
        {
            continue;
        }
        create_account(
            db,
            None,
            AccountSpec {
                name,
                email,
                organisation,
                password: DEMO_PASSWORD,
                must_change_password: false,
                is_demo: true,
                grants: vec![(role, borough)],
            },
        )
        .await?;
    }
    let mut tx = db.begin().await?;
    crate::site::db::mark_demo_data_loaded(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}
