//! Password hashing with Argon2id (default parameters). Hashes are PHC strings; passwords
//! are never logged or returned. While serving, every hash and check goes through
//! [`PasswordWork`], which bounds how many run at once.

use crate::error::AppError;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tokio::sync::Semaphore;

/// The shortest password Linkway accepts.
pub const MIN_PASSWORD_LENGTH: usize = 12;
/// The longest password Linkway accepts, in characters (at most 1,024 bytes of UTF-8). No
/// stored password is longer, so sign-in refuses a longer one before any other work.
pub const MAX_PASSWORD_LENGTH: usize = 256;

/// Argon2 work, bounded: at most `permits` hashes or checks run at once (one per core), so
/// a burst of sign-ins queues here instead of taking every blocking thread and core.
#[derive(Debug)]
pub struct PasswordWork {
    permits: Arc<Semaphore>,
    checks: AtomicU64,
}

impl PasswordWork {
    pub fn new(permits: usize) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(permits.max(1))),
            checks: AtomicU64::new(0),
        }
    }

    /// Whether `password` matches the PHC string `hash`, checked off the runtime.
    pub async fn verify(&self, password: &str, hash: &str) -> Result<bool, AppError> {
        let permit = self.permit().await?;
        self.checks.fetch_add(1, Ordering::Relaxed);
        let (password, hash) = (password.to_owned(), hash.to_owned());
        Ok(tokio::task::spawn_blocking(move || {
            // The permit goes with the work: a request dropped while Argon2 runs does not
            // free its place until the work is done.
            let _permit = permit;
            verify_password(&password, &hash)
        })
        .await?)
    }

    /// An Argon2id hash of `password`, computed off the runtime.
    pub async fn hash(&self, password: &str) -> Result<String, AppError> {
        let permit = self.permit().await?;
        let password = password.to_owned();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            hash_password(&password)
        })
        .await?
    }

    /// How many passwords have been checked since start-up (sign-in and password change).
    pub fn checks(&self) -> u64 {
        self.checks.load(Ordering::Relaxed)
    }

    async fn permit(&self) -> Result<tokio::sync::OwnedSemaphorePermit, AppError> {
        Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .map_err(|error| {
                tracing::error!(%error, "password work closed");
                AppError::Internal
            })
    }
}

pub fn hash_password(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| {
            tracing::error!(%error, "could not hash a password");
            AppError::Internal
        })
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(error) => {
            tracing::error!(%error, "stored password hash is not a PHC string");
            false
        }
    }
}

/// A password that would be refused, with the sentence saying why.
pub fn password_problem(password: &str) -> Option<String> {
    if password.chars().count() < MIN_PASSWORD_LENGTH {
        Some(format!(
            "Password must be at least {MIN_PASSWORD_LENGTH} characters"
        ))
    } else if password.chars().count() > MAX_PASSWORD_LENGTH {
        Some(too_long_password())
    } else {
        None
    }
}

/// The sentence for a password longer than [`MAX_PASSWORD_LENGTH`].
pub fn too_long_password() -> String {
    format!("Password must be {MAX_PASSWORD_LENGTH} characters or fewer")
}

/// A one-time password an admin hands over; the user must change it at next sign-in.
pub fn temporary_password() -> Result<String, AppError> {
    // No 0/O, 1/l/I: it is read out or typed by hand.
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|error| {
        tracing::error!(%error, "no randomness for a temporary password");
        AppError::Internal
    })?;
    Ok(bytes
        .iter()
        .map(|byte| ALPHABET[usize::from(*byte) % ALPHABET.len()] as char)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_own_password_only() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse battery!", &hash));
        assert!(!verify_password("anything", "not-a-hash"));
    }

    #[test]
    fn temporary_passwords_are_long_enough_and_differ() {
        let first = temporary_password().unwrap();
        assert_eq!(first.len(), 16);
        assert_eq!(password_problem(&first), None);
        assert_ne!(first, temporary_password().unwrap());
    }

    #[test]
    fn short_passwords_are_refused_with_a_sentence() {
        assert_eq!(
            password_problem("short").as_deref(),
            Some("Password must be at least 12 characters")
        );
        assert_eq!(password_problem("long enough password"), None);
        assert_eq!(
            password_problem(&"x".repeat(MAX_PASSWORD_LENGTH + 1)).as_deref(),
            Some("Password must be 256 characters or fewer")
        );
        assert_eq!(password_problem(&"x".repeat(MAX_PASSWORD_LENGTH)), None);
    }

    #[tokio::test]
    async fn bounded_work_hashes_verifies_and_counts_checks() {
        let work = PasswordWork::new(2);
        let hash = work.hash("correct horse battery").await.unwrap();
        assert!(work.verify("correct horse battery", &hash).await.unwrap());
        assert!(!work.verify("wrong horse battery", &hash).await.unwrap());
        assert_eq!(work.checks(), 2);
    }
}
