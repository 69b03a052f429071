//! Formatting every capability shares; for now, how text is cut to fit a limit.

use std::borrow::Cow;

/// At most the first `max` characters of `text`.
pub fn first_chars(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// `text` in at most `max` characters (`max` ≥ 1): where it is longer, its first
/// `max - 1` characters and a visible "…".
pub fn shortened(text: &str, max: usize) -> Cow<'_, str> {
    if first_chars(text, max).len() == text.len() {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(format!("{}…", first_chars(text, max.saturating_sub(1))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_cut_on_characters_not_bytes() {
        assert_eq!(first_chars("élan", 2), "él");
        assert_eq!(first_chars("ab", 5), "ab");
        assert_eq!(shortened("abcdef", 6), "abcdef");
        assert_eq!(shortened("abcdefg", 6), "abcde…");
        assert_eq!(shortened("ééééééé", 4).chars().count(), 4);
        assert_eq!(shortened("", 3), "");
    }
}
