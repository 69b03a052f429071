//! Password hashing with Argon2id (default parameters). Hashes are PHC strings; passwords
//! are never logged or returned.

use crate::error::AppError;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// The shortest password Linkway accepts.
pub const MIN_PASSWORD_LENGTH: usize = 12;

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
    } else if password.chars().count() > 256 {
        Some("Password must be 256 characters or fewer".to_owned())
    } else {
        None
    }
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
    }
}
