//! User administration changes, each validated and audited in its own transaction.

use super::{NewUserInput, RoleInput, UserSummary};
use crate::audit::{Entry, FieldChange};
use crate::auth::guard::SessionRef;
use crate::auth::service::{
    check_account, create_account, describe_roles, end_sessions, AccountSpec,
};
use crate::auth::{CurrentUser, Grant, Held, Permission, Role, Scope};
use crate::error::AppError;
use crate::forms::Checks;
use crate::plumbing::password::{
    temporary_password, too_long_password, PasswordWork, MAX_PASSWORD_LENGTH,
};
use crate::plumbing::{Conn, Db, Tx};
use chrono::{DateTime, Utc};

/// A role as typed, checked: a known role, with a known borough for a borough role, a
/// known ICB for an ICB role, and neither for a region role. Answers the role and the
/// borough or ICB code it is held for.
async fn parse_role(
    checks: &mut Checks,
    conn: &mut Conn,
    role: &str,
    (borough, icb): (&str, &str),
) -> Result<Option<(Role, Option<String>)>, AppError> {
    let role: Option<Role> = checks.choice("role", role, "Select a role");
    let place = match role.map(|role| (role, role.held_for())) {
        Some((role, Held::Borough)) => {
            let boroughs = crate::boroughs::db::list_boroughs(conn).await?;
            let known = boroughs.iter().map(|b| b.code.as_str());
            known_place(checks, ("borough", borough), known, role)
        }
        Some((role, Held::Icb)) => {
            let icbs = crate::boroughs::db::icbs(conn).await?;
            let known = icbs.iter().map(|i| i.code.as_str());
            known_place(checks, ("icb", icb), known, role)
        }
        Some((_, Held::Region)) | None => None,
    };
    Ok(role.map(|role| (role, place)))
}

/// The borough or ICB code typed in `field` when it is one of `known`; otherwise "Select
/// the borough (ICB) this … works for" against the field.
fn known_place<'a>(
    checks: &mut Checks,
    (field, code): (&str, &str),
    mut known: impl Iterator<Item = &'a str>,
    role: Role,
) -> Option<String> {
    let code = code.trim();
    if known.any(|known| known == code) {
        return Some(code.to_owned());
    }
    let what = if field == "icb" { "ICB" } else { "borough" };
    checks.add(
        field,
        format!(
            "Select the {what} this {} works for",
            role.label().to_lowercase()
        ),
    );
    None
}

/// `Forbidden` unless `actor` manages users: every change here but one's own password.
fn manages_users(actor: &CurrentUser) -> Result<i64, AppError> {
    if actor.can(Permission::ManageUsers, &Scope::Region) {
        Ok(actor.id)
    } else {
        Err(AppError::Forbidden)
    }
}

async fn user(conn: &mut Conn, user_id: i64) -> Result<UserSummary, AppError> {
    super::db::find_user(conn, user_id)
        .await?
        .ok_or_else(|| AppError::not_found("That user"))
}

/// Creates an account with one role and a temporary password, returned once to show the admin.
pub async fn create_user(
    db: &Db,
    passwords: &PasswordWork,
    actor: &CurrentUser,
    input: NewUserInput,
    now: DateTime<Utc>,
) -> Result<(i64, String), AppError> {
    let actor = manages_users(actor)?;
    let password = temporary_password()?;
    // Every problem at once: the role's and the account fields'.
    let mut checks = Checks::default();
    let role = parse_role(
        &mut checks,
        &mut db.conn().await?,
        &input.role,
        (&input.borough, &input.icb),
    )
    .await?;
    let mut spec = AccountSpec {
        name: &input.name,
        email: &input.email,
        organisation: &input.organisation,
        password: &password,
        must_change_password: true,
        is_demo: false,
        grants: Vec::new(),
    };
    check_account(&mut checks, &spec);
    let role_chosen = role.as_ref().map(|(role, _)| *role);
    confirm_administrator(&mut checks, role_chosen, &input.confirm, "this user");
    let (role, place) = checks.finish(|| role)?;
    spec.grants = vec![(role, place.as_deref())];
    let id = create_account(db, passwords, Some(actor), spec, now).await?;
    Ok((id, password))
}

/// Making someone an administrator needs its box ticked ("Yes, make `who` an
/// administrator", as the form labels it): the one check, for a new user or a new role.
fn confirm_administrator(checks: &mut Checks, role: Option<Role>, confirm: &str, who: &str) {
    if role == Some(Role::Admin) && confirm != crate::components::CONFIRMED {
        checks.add(
            "confirm",
            format!(
                "An administrator manages every user, role and setting: tick \"Yes, make {who} an administrator\" to confirm"
            ),
        );
    }
}

const LAST_ADMINISTRATOR: &str =
    "Linkway needs at least one active administrator. Give another account the administrator role first.";

/// Adds (`add`) or removes a role, audited as the roles before and after.
pub async fn change_role(
    db: &Db,
    actor: &CurrentUser,
    input: RoleInput,
    add: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let actor = manages_users(actor)?;
    let mut tx = db.begin().await?;
    let before = user(&mut tx, input.user_id).await?;
    let mut checks = Checks::default();
    let role = parse_role(
        &mut checks,
        &mut tx,
        &input.role,
        (&input.borough, &input.icb),
    )
    .await?;
    if add {
        let role_chosen = role.as_ref().map(|(role, _)| *role);
        confirm_administrator(&mut checks, role_chosen, &input.confirm, &before.name);
    }
    let (role, place) = checks.finish(|| role)?;
    let grant = (role, place);
    let held = |grants: &[Grant]| -> Vec<(Role, Option<String>)> {
        grants
            .iter()
            .map(|g| (g.role, g.place().map(str::to_owned)))
            .collect()
    };
    let mut after = held(&before.grants);
    if add {
        if after.contains(&grant) {
            return Err(AppError::field("role", "This user already has that role"));
        }
        after.push(grant.clone());
    } else {
        if !after.contains(&grant) {
            return Err(AppError::field("role", "This user does not have that role"));
        }
        after.retain(|held| *held != grant);
    }
    let (role, place) = (grant.0, grant.1.as_deref());
    if add {
        crate::auth::db::insert_grant(&mut tx, before.id, role, place).await?;
    } else {
        if role == Role::Admin {
            super::db::lock_administrators(&mut tx).await?;
        }
        super::db::remove_grant(&mut tx, before.id, role, place).await?;
        // Checked after the removal, in its transaction: Linkway always keeps an administrator.
        if role == Role::Admin && super::db::active_administrators(&mut tx).await? == 0 {
            return Err(AppError::field("role", LAST_ADMINISTRATOR));
        }
    }
    let (before_grants, after_grants) = (held(&before.grants), after);
    let roles_before = describe_roles(
        &mut tx,
        before_grants.iter().map(|(r, b)| (*r, b.as_deref())),
    )
    .await?;
    let roles_after = describe_roles(
        &mut tx,
        after_grants.iter().map(|(r, b)| (*r, b.as_deref())),
    )
    .await?;
    audit_user_change(
        &mut tx,
        actor,
        if add { "add_role" } else { "remove_role" },
        before.id,
        (
            "roles",
            FieldChange::new(Some(roles_before), Some(roles_after)),
        ),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Deactivates (ending every session at once) or reactivates an account.
pub async fn set_active(
    db: &Db,
    actor: &CurrentUser,
    user_id: i64,
    active: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let actor = manages_users(actor)?;
    let mut tx = db.begin().await?;
    let before = user(&mut tx, user_id).await?;
    if before.active == active {
        return Ok(());
    }
    if user_id == actor && !active {
        return Err(AppError::field(
            "active",
            "You cannot deactivate your own account",
        ));
    }
    if !active {
        super::db::lock_administrators(&mut tx).await?;
    }
    super::db::set_active(&mut tx, user_id, active, now).await?;
    if !active && super::db::active_administrators(&mut tx).await? == 0 {
        return Err(AppError::field("active", LAST_ADMINISTRATOR));
    }
    audit_user_change(
        &mut tx,
        actor,
        if active { "reactivate" } else { "deactivate" },
        user_id,
        (
            "active",
            FieldChange::new(Some(yes_no(before.active)), Some(yes_no(active))),
        ),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Gives the account a temporary password that must be changed at next sign-in.
pub async fn reset_password(
    db: &Db,
    passwords: &PasswordWork,
    actor: &CurrentUser,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let actor = manages_users(actor)?;
    user(&mut db.conn().await?, user_id).await?;
    let password = temporary_password()?;
    let mut tx = store_password(
        db,
        passwords,
        (actor, "reset_password"),
        user_id,
        &password,
        true,
        now,
    )
    .await?;
    // A reset is often for an account someone else may be using: its sessions end too.
    end_sessions(&mut tx, user_id, None, "end_sessions_on_reset", now).await?;
    tx.commit().await?;
    Ok(password)
}

/// The signed-in user changes their own password (ends a temporary one). Every other
/// session of theirs ends in the same transaction: whoever else holds one no longer knows
/// the password.
pub async fn change_own_password(
    db: &Db,
    passwords: &PasswordWork,
    session: &SessionRef,
    current: &str,
    new: &str,
    confirm: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let user_id = session.user_id;
    let mut checks = Checks::default();
    if let Some(problem) = crate::plumbing::password::password_problem(new) {
        checks.add("new_password", problem);
    } else if new != confirm {
        checks.add("confirm_password", "The passwords do not match");
    }
    let stored = super::db::password_hash(&mut db.conn().await?, user_id)
        .await?
        .ok_or(AppError::Unauthorized)?;
    // No stored password is that long: refuse it without the work of checking it.
    if current.chars().count() > MAX_PASSWORD_LENGTH {
        checks.add("current_password", too_long_password());
    } else if !passwords.verify(current, &stored).await? {
        checks.add("current_password", "Enter your current password correctly");
    }
    checks.finish(|| Some(()))?;
    let mut tx = store_password(
        db,
        passwords,
        (user_id, "change_password"),
        user_id,
        new,
        false,
        now,
    )
    .await?;
    end_sessions(
        &mut tx,
        user_id,
        Some(&session.session_id),
        "end_other_sessions",
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Hashes and stores `password` for user `user_id`, audited as `action` by `actor`, with
/// whether it must be changed at next sign-in; answers the transaction, for the caller to
/// commit. The hashing is done before the transaction opens.
async fn store_password(
    db: &Db,
    passwords: &PasswordWork,
    (actor, action): (i64, &str),
    user_id: i64,
    password: &str,
    must_change: bool,
    now: DateTime<Utc>,
) -> Result<Tx, AppError> {
    let hash = passwords.hash(password).await?;
    let mut tx = db.begin().await?;
    let user = user(&mut tx, user_id).await?;
    super::db::set_password(&mut tx, user.id, &hash, must_change).await?;
    let change = FieldChange::new(
        Some(yes_no(user.must_change_password)),
        Some(yes_no(must_change)),
    );
    audit_user_change(
        &mut tx,
        actor,
        action,
        user.id,
        ("must_change_password", change),
        now,
    )
    .await?;
    Ok(tx)
}

/// Records one field's change to user `user_id`, made by `actor`, inside `tx`.
async fn audit_user_change(
    tx: &mut crate::plumbing::Tx,
    actor: i64,
    action: &str,
    user_id: i64,
    (field, change): (&str, FieldChange),
    now: chrono::DateTime<Utc>,
) -> Result<(), AppError> {
    Entry::new(actor, action, ("user", &user_id.to_string()))
        .change(field, change)
        .record(tx, now)
        .await
}

fn yes_no(value: bool) -> &'static str {
    if value {
        "yes"
    } else {
        "no"
    }
}
