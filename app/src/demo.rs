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
    if !crate::site::db::demo_data_loaded(db).await? {
        seed_tracker(db).await?;
    }
    let mut tx = db.begin().await?;
    crate::site::db::mark_demo_data_loaded(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

/// A demo account as the services see it.
async fn demo_user(db: &Db, email: &str) -> Result<crate::auth::CurrentUser, AppError> {
    let credentials = crate::auth::db::find_credentials(db, email)
        .await?
        .ok_or_else(|| AppError::not_found(format!("Demo account {email}")))?;
    Ok(crate::auth::CurrentUser {
        id: credentials.id,
        name: email.to_owned(),
        email: email.to_owned(),
        must_change_password: false,
        grants: crate::auth::db::grants(db, credentials.id).await?,
    })
}

/// Illustrative tracker content, entered through the same services (and audit trail) as a
/// user's: owners, milestones (one overdue, one due soon), borough lines on
/// recommendation 2, progress updates, and borough plan actions linked to recommendations.
async fn seed_tracker(db: &Db) -> Result<(), AppError> {
    use crate::recommendations::service::{
        add_borough_line, add_milestone, add_progress, update_borough_line, update_plan, LineInput,
        MilestoneInput, PlanInput, ProgressInput,
    };
    let lead = demo_user(db, "icb.lead@demo.linkway.test").await?;
    let camden = demo_user(db, "camden.lead@demo.linkway.test").await?;
    let today = chrono::Utc::now().date_naive();
    let day = |offset: i64| {
        (today + chrono::Duration::days(offset))
            .format("%Y-%m-%d")
            .to_string()
    };
    let (lead_id, camden_id) = (lead.id.to_string(), camden.id.to_string());
    for (number, owner, organisation) in [
        (1, &lead_id, "NCL ICB"),
        (2, &camden_id, "NCL ICB with the borough partnerships"),
        (3, &lead_id, "NCL ICB"),
        (4, &lead_id, "NCL Training Hub"),
    ] {
        let input = PlanInput {
            number,
            owner_id: owner,
            lead_organisation: organisation,
            version: 1,
        };
        update_plan(db, &lead, input).await?;
    }
    add_progress(
        db,
        &lead,
        1,
        ProgressInput {
            status: "complete",
            commentary: "SP senior officer appointed to the ICB executive team (demo).",
            percent_complete: "100",
            evidence: "ICB board minutes, item 7 (demo)",
            reported_on: &day(-200),
        },
    )
    .await?;
    add_milestone(
        db,
        &camden,
        2,
        MilestoneInput {
            title: "Steering group terms agreed",
            due_on: &day(-21),
            done_on: "",
            owner_id: &camden_id,
        },
    )
    .await?;
    add_progress(
        db,
        &camden,
        2,
        ProgressInput {
            status: "on_track",
            commentary:
                "Camden and Barnet groups meet; Enfield's first meeting is being arranged (demo).",
            percent_complete: "40",
            evidence: "",
            reported_on: &day(-30),
        },
    )
    .await?;
    for borough in ["barnet", "camden", "enfield", "haringey", "islington"] {
        add_borough_line(db, &lead, 2, borough).await?;
    }
    if let Some(line) = crate::recommendations::db::borough_lines(db)
        .await?
        .into_iter()
        .find(|line| line.recommendation_number == 2 && line.borough_code == "camden")
    {
        let input = LineInput {
            owner_id: &camden_id,
            status: "on_track",
            note: "Meets six-weekly (demo).",
        };
        update_borough_line(db, &camden, line.id, line.version, input).await?;
    }
    add_milestone(
        db,
        &lead,
        4,
        MilestoneInput {
            title: "First NCL community of practice meeting",
            due_on: &day(20),
            done_on: "",
            owner_id: &lead_id,
        },
    )
    .await?;
    crate::borough_plans::service::seed_demo_links(db, &lead).await?;
    Ok(())
}
