//! Signing in and out, and creating accounts: each writes its audit row in the same
//! transaction as its change.

use super::db::{self, NewUser};
use super::model::{Held, Role};
use crate::audit::{Entry, FieldChange};
use crate::error::AppError;
use crate::forms::Checks;
use crate::plumbing::password::{
    password_problem, too_long_password, PasswordWork, MAX_PASSWORD_LENGTH,
};
use crate::plumbing::session::SESSION_HOURS;
use crate::plumbing::{AppState, Conn, Db, Tx};
use chrono::{DateTime, Duration, Utc};

/// Failed sign-ins for one email within [`LOCK_MINUTES`] before it is locked (an attempt
/// counts as failed from the start; one that succeeds is taken back).
pub const MAX_FAILURES_PER_EMAIL: i64 = 5;
/// Failed sign-ins from one address within [`LOCK_MINUTES`] before it is locked.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
pub const LOCK_MINUTES: i64 = 15;
/// The longest email address there can be (RFC 5321: a 256-octet path less its brackets).
pub const MAX_EMAIL_LENGTH: usize = 254;

const WRONG_CREDENTIALS: &str = "Enter a correct email address and password";
const LOCKED: &str =
    "There have been too many failed attempts to sign in. Wait 15 minutes, then try again.";

/// A session just opened.
pub struct SignedIn {
    /// The signed token for the session cookie.
    pub token: String,
    /// The account has a temporary password to change before anything else.
    pub must_change_password: bool,
}

/// Checks the credentials and opens a session. The message for a failure never says
/// whether the email belongs to an account.
///
/// Every attempt is counted as a failure — per client address, then per email — before the
/// password is checked, each count one atomic upsert; an attempt whose count is over the
/// limit is refused without hashing, so of any burst of guesses only the allowed number are
/// ever checked. A sign-in that succeeds takes its attempt back and clears the email's.
pub async fn sign_in(
    state: &AppState,
    email: &str,
    password: &str,
    address: &str,
    now: DateTime<Utc>,
) -> Result<SignedIn, AppError> {
    let mut checks = Checks::default();
    if email.trim().is_empty() {
        checks.add("email", "Enter your email address");
    } else if let Some(problem) = email_too_long(email) {
        checks.add("email", problem);
    }
    if password.is_empty() {
        checks.add("password", "Enter your password");
    } else if password.chars().count() > MAX_PASSWORD_LENGTH {
        checks.add("password", too_long_password());
    }
    checks.finish(|| Some(()))?;
    let cutoff = now - Duration::minutes(LOCK_MINUTES);
    let address_subject = format!("address:{address}");
    let email_subject = format!("email:{}", db::email_key(email));
    // The address first: attempts it refuses do not count against anyone's email.
    let by_address = crate::plumbing::attempts::count(
        &mut state.db.conn().await?,
        &address_subject,
        now,
        cutoff,
    )
    .await?;
    if by_address > MAX_FAILURES_PER_ADDRESS {
        tracing::info!(
            address,
            "sign-in refused: too many attempts from the address"
        );
        return Err(AppError::field(crate::error::FORM, LOCKED));
    }
    let by_email =
        crate::plumbing::attempts::count(&mut state.db.conn().await?, &email_subject, now, cutoff)
            .await?;
    if by_email > MAX_FAILURES_PER_EMAIL {
        tracing::info!(address, "sign-in refused: too many attempts for the email");
        return Err(AppError::field(crate::error::FORM, LOCKED));
    }
    // Each earlier attempt in the window slows this one a little more.
    let earlier = u64::try_from(by_email.max(by_address) - 1).unwrap_or(0);
    tokio::time::sleep(std::time::Duration::from_millis((150 * earlier).min(2_000))).await;

    let account = db::find_credentials(&mut state.db.conn().await?, email).await?;
    // Check even for an unknown email, so the answer takes as long either way.
    let stored = account.as_ref().map_or(UNKNOWN_ACCOUNT_HASH, |account| {
        account.password_hash.as_str()
    });
    let password_ok = state.passwords.verify(password, stored).await? && account.is_some();

    match account {
        Some(account) if password_ok && account.active => {
            let session_id = crate::plumbing::random::token()?;
            let mut tx = state.db.begin().await?;
            db::insert_session(
                &mut tx,
                &session_id,
                account.id,
                now,
                now + Duration::hours(SESSION_HOURS),
            )
            .await?;
            db::clear_failures(&mut tx, email).await?;
            crate::plumbing::attempts::forget(&mut tx, &email_subject).await?;
            crate::plumbing::attempts::uncount(&mut tx, &address_subject).await?;
            sign_in_event(Some(account.id), "sign_in", &account.id.to_string())
                .record(&mut tx, now)
                .await?;
            tx.commit().await?;
            tracing::info!(user = account.id, "signed in");
            Ok(SignedIn {
                token: state.session_keys.issue(account.id, &session_id, now)?,
                must_change_password: account.must_change_password,
            })
        }
        _ => {
            let user_id = account.as_ref().map(|account| account.id);
            let entity_id = user_id.map_or_else(|| db::email_key(email), |id| id.to_string());
            let mut tx = state.db.begin().await?;
            db::record_failure(&mut tx, email, address, now).await?;
            sign_in_event(user_id, "sign_in_failed", &entity_id)
                .record(&mut tx, now)
                .await?;
            tx.commit().await?;
            tracing::info!(user = ?user_id, address, "failed sign-in");
            Err(AppError::field(crate::error::FORM, WRONG_CREDENTIALS))
        }
    }
}

/// The sentence for an email address longer than [`MAX_EMAIL_LENGTH`], if it is.
fn email_too_long(email: &str) -> Option<String> {
    (email.trim().chars().count() > MAX_EMAIL_LENGTH)
        .then(|| format!("Email address must be {MAX_EMAIL_LENGTH} characters or fewer"))
}

pub async fn sign_out(
    state: &AppState,
    user_id: i64,
    session_id: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    if db::revoke_session(&mut tx, session_id, now).await? {
        sign_in_event(Some(user_id), "sign_out", &user_id.to_string())
            .record(&mut tx, now)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Ends every live session of the user, this one included ("Sign out everywhere").
pub async fn sign_out_everywhere(
    db: &Db,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    end_sessions(&mut tx, user_id, None, "sign_out_everywhere", now).await?;
    tx.commit().await?;
    Ok(())
}

/// Ends every live session of `user_id` but `keep` inside `tx`, audited as `action` by the
/// user with how many ended (no row when none did).
pub async fn end_sessions(
    tx: &mut Tx,
    user_id: i64,
    keep: Option<&str>,
    action: &str,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let ended = db::revoke_user_sessions(tx, user_id, keep, now).await?;
    if ended > 0 {
        let entity_id = user_id.to_string();
        sign_in_event(Some(user_id), action, &entity_id)
            .change("sessions_ended", FieldChange::created(ended))
            .record(tx, now)
            .await?;
        tracing::info!(user = user_id, ended, action, "sessions ended");
    }
    Ok(ended)
}

fn sign_in_event(user_id: Option<i64>, action: &str, entity_id: &str) -> Entry {
    Entry::new(user_id, action, ("user", entity_id))
}

/// An account to create, with its roles: `(role, borough code)`.
pub struct AccountSpec<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub organisation: &'a str,
    pub password: &'a str,
    pub must_change_password: bool,
    pub is_demo: bool,
    pub grants: Vec<(Role, Option<&'a str>)>,
}

/// How a set of roles reads in the audit trail: "Viewer (North Central London ICB),
/// Borough lead (Camden)", each borough and ICB by its name.
pub async fn describe_roles<'a>(
    conn: &mut Conn,
    grants: impl IntoIterator<Item = (Role, Option<&'a str>)>,
) -> Result<String, AppError> {
    let boroughs = crate::boroughs::db::area_boroughs(conn).await?;
    let icbs = crate::boroughs::db::icbs(conn).await?;
    Ok(grants
        .into_iter()
        .map(|(role, place)| match place {
            Some(code) => {
                let name = match role.held_for() {
                    Held::Icb => icbs
                        .iter()
                        .find(|i| i.code == code)
                        .map_or(code, |i| i.name.as_str()),
                    _ => boroughs
                        .iter()
                        .find(|b| b.code == code)
                        .map_or(code, |b| b.name.as_str()),
                };
                format!("{} ({name})", role.label())
            }
            None => role.label().to_owned(),
        })
        .collect::<Vec<_>>()
        .join(", "))
}

/// Creates an account and its roles, audited as done by `actor` (None: the command line).
pub async fn create_account(
    db: &Db,
    passwords: &PasswordWork,
    actor: Option<i64>,
    spec: AccountSpec<'_>,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let mut checks = Checks::default();
    check_account(&mut checks, &spec);
    checks.finish(|| Some(()))?;
    let password_hash = passwords.hash(spec.password).await?;
    let mut tx = db.begin().await?;
    let user_id = db::insert_user(
        &mut tx,
        &NewUser {
            name: spec.name.trim(),
            email: spec.email,
            organisation: spec.organisation.trim(),
            password_hash: &password_hash,
            must_change_password: spec.must_change_password,
            is_demo: spec.is_demo,
        },
        now,
    )
    .await
    .map_err(|error| match AppError::from(error) {
        AppError::Conflict { .. } => {
            AppError::field("email", "An account with this email address already exists")
        }
        other => other,
    })?;
    let roles = describe_roles(&mut tx, spec.grants.iter().copied()).await?;
    for (role, borough) in &spec.grants {
        db::insert_grant(&mut tx, user_id, *role, *borough).await?;
    }
    Entry::new(actor, "create", ("user", &user_id.to_string()))
        .change("name", FieldChange::created(spec.name.trim()))
        .change("email", FieldChange::created(spec.email.trim()))
        .change(
            "organisation",
            FieldChange::created(spec.organisation.trim()),
        )
        .change("roles", FieldChange::created(roles))
        .record(&mut tx, now)
        .await?;
    tx.commit().await?;
    Ok(user_id)
}

/// The longest name or organisation an account may have.
pub const MAX_NAME_LENGTH: usize = 200;

/// Checks an account's fields, each problem beside its field.
pub fn check_account(checks: &mut Checks, spec: &AccountSpec<'_>) {
    if spec.name.trim().is_empty() {
        checks.add("name", "Enter a name");
    } else if spec.name.trim().chars().count() > MAX_NAME_LENGTH {
        checks.add(
            "name",
            format!("Name must be {MAX_NAME_LENGTH} characters or fewer"),
        );
    }
    if spec.organisation.trim().chars().count() > MAX_NAME_LENGTH {
        checks.add(
            "organisation",
            format!("Organisation must be {MAX_NAME_LENGTH} characters or fewer"),
        );
    }
    if let Some(problem) = email_too_long(spec.email) {
        checks.add("email", problem);
    } else if !spec.email.contains('@') || spec.email.trim().len() < 3 {
        checks.add(
            "email",
            "Enter an email address in the correct format, like name@example.nhs.uk",
        );
    }
    if let Some(problem) = password_problem(spec.password) {
        checks.add("password", problem);
    }
    for (role, place) in &spec.grants {
        let problem = match (role.held_for(), place.is_some()) {
            (Held::Borough, false) => Some("needs a borough"),
            (Held::Icb, false) => Some("needs an ICB"),
            (Held::Region, true) => Some("covers the whole region, not one place"),
            _ => None,
        };
        if let Some(problem) = problem.filter(|_| !checks.has("roles")) {
            checks.add("roles", format!("{} {problem}", role.label()));
        }
    }
}

/// A valid Argon2 hash of a random password, verified against when the email is unknown.
const UNKNOWN_ACCOUNT_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Qy5m0ZrN0QEp3rPqvWmZ8YV0lVQ1m7pXJ9n2m9x3sIY";

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(email: &str) -> AccountSpec<'_> {
        AccountSpec {
            name: "Nia New",
            email,
            organisation: "NCL ICB",
            password: "long enough password",
            must_change_password: false,
            is_demo: false,
            grants: Vec::new(),
        }
    }

    #[test]
    fn an_account_email_over_254_characters_is_refused() {
        let domain = "@example.nhs.uk";
        let longest = format!("{}{domain}", "a".repeat(MAX_EMAIL_LENGTH - domain.len()));
        let mut checks = Checks::default();
        check_account(&mut checks, &spec(&longest));
        assert!(checks.finish(|| Some(())).is_ok());
        let mut checks = Checks::default();
        check_account(&mut checks, &spec(&format!("a{longest}")));
        let Err(AppError::Validation(errors)) = checks.finish(|| Some(())) else {
            panic!("expected the email to be refused");
        };
        assert_eq!(
            errors.get("email"),
            Some(&vec![
                "Email address must be 254 characters or fewer".to_owned()
            ])
        );
    }
}
