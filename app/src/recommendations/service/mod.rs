//! Tracker changes: who may make them, what is valid, and the audit row written in the same
//! transaction. Edits carry the version they started from; if someone else saved first the
//! change is refused with a sentence saying what they changed.
//!
//! Who may do what: ICB leads (`UpdateRecommendation`) plan every recommendation (owner,
//! lead organisation, milestones, borough lines) and post progress; a recommendation's
//! owner posts its progress and edits its milestones; a milestone's owner edits that
//! milestone; a borough line is edited by its owner or the borough's lead.

use super::db;
use super::model::{BoroughLine, Plan};
use crate::auth::{CurrentUser, Permission, Person, Scope};
use crate::error::AppError;
use crate::plumbing::Conn;

mod borough_lines;
mod milestones;
mod plan;
mod programme_start;
mod progress;

pub use borough_lines::{add_borough_line, update_borough_line, LineInput};
pub use milestones::{add_milestone, update_milestone, MilestoneInput};
pub use plan::{update_plan, PlanInput};
pub use programme_start::set_programme_start;
pub use progress::{add_progress, ProgressInput};

pub(super) const LONG_TEXT: usize = 4000;
pub(super) const SHORT_TEXT: usize = 200;

/// Whether the user plans the recommendations of `icb`'s review (owner, lead organisation,
/// milestones, lines): that ICB's leads.
pub fn can_plan(user: &CurrentUser, icb: &str) -> bool {
    user.can(
        Permission::UpdateRecommendation,
        &Scope::Icb(icb.to_owned()),
    )
}

/// Whether the user may post progress on (and edit the milestones of) a recommendation.
pub fn can_update(user: &CurrentUser, plan: &Plan) -> bool {
    can_plan(user, &plan.icb_code) || plan.owner_id == Some(user.id)
}

/// Whether the user may edit a borough line.
pub fn can_edit_line(user: &CurrentUser, line: &BoroughLine) -> bool {
    can_plan(user, &line.icb_code)
        || line.owner_id == Some(user.id)
        || user.can(
            Permission::UpdateBoroughAction,
            &Scope::Borough(line.borough_code.clone()),
        )
}

pub(super) fn name_of(people: &[Person], id: Option<i64>) -> Option<String> {
    id.and_then(|id| people.iter().find(|p| p.id == id).map(|p| p.name.clone()))
}

/// The plan of recommendation `number` of `icb`'s review.
pub(super) async fn plan_of(conn: &mut Conn, icb: &str, number: i64) -> Result<Plan, AppError> {
    db::find_plan(conn, icb, number)
        .await?
        .ok_or_else(|| AppError::not_found(format!("Recommendation {number}")))
}

/// The recommendation's plan, when `user` may post its progress and milestones
/// (otherwise `Forbidden`).
pub(super) async fn plan_to_update(
    conn: &mut Conn,
    user: &CurrentUser,
    (icb, number): (&str, i64),
) -> Result<Plan, AppError> {
    let plan = plan_of(conn, icb, number).await?;
    if can_update(user, &plan) {
        Ok(plan)
    } else {
        Err(AppError::Forbidden)
    }
}
