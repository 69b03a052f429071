//! Cross-area UI: the page layout, the error-summary and field-error pattern, error and
//! empty states, and small display helpers.

mod error_summary;
mod layout;
mod page_state;

pub use error_summary::{
    action_errors, described_by, field_error_id, ErrorSummary, FormField, FORM,
};
pub use layout::{Layout, AREAS};
pub use page_state::{
    number_in_address, render_or_error, AreaNotYetAvailable, ErrorPage, Loading, NotFoundPage,
};

/// `432182` → `"432,182"`: how counts and populations are shown everywhere.
pub fn format_count(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if value < 0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

/// Percent-encodes `text` for a URL query or form body.
pub fn encode_query_value(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{encode_query_value, format_count};

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(encode_query_value("viewer@demo.test"), "viewer%40demo.test");
        assert_eq!(encode_query_value("a b&c"), "a%20b%26c");
    }

    #[test]
    fn counts_are_grouped_in_thousands() {
        assert_eq!(format_count(0), "0");
        assert_eq!(format_count(999), "999");
        assert_eq!(format_count(1_000), "1,000");
        assert_eq!(format_count(432_182), "432,182");
        assert_eq!(format_count(1_795_285), "1,795,285");
        assert_eq!(format_count(-12_500), "-12,500");
    }
}
