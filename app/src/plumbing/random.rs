//! Unguessable tokens: session ids and the one-time tokens of forms.

use crate::error::AppError;

/// 128 random bits as 32 hex digits.
pub fn token() -> Result<String, AppError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|error| {
        tracing::error!(%error, "no randomness for a token");
        AppError::Internal
    })?;
    Ok(super::digest::hex(&bytes))
}

/// Whether `text` has a token's shape: 32 hex digits.
pub fn is_token(text: &str) -> bool {
    text.len() == 32 && text.chars().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_32_hex_digits_and_differ() {
        let (a, b) = (super::token().unwrap(), super::token().unwrap());
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
        assert!(super::is_token(&a));
        assert!(!super::is_token("not a token") && !super::is_token(&"g".repeat(32)));
    }
}
