//! How Linkway writes dates, times, numbers, money and text for people (and the few
//! machine forms, ISO dates and query values): one place, so every page, export and
//! message reads the same.

use chrono::{DateTime, NaiveDate, Utc};
use std::borrow::Cow;

/// `2025-03-01` → `1 Mar 2025`: dates on pages, in tables and in messages.
pub fn date(day: NaiveDate) -> String {
    day.format("%-d %b %Y").to_string()
}

/// `2025-03-01` → `1 March 2025`: dates in headings, titles and report covers.
pub fn long_date(day: NaiveDate) -> String {
    day.format("%-d %B %Y").to_string()
}

/// `2025-03-01` → `Mar 2025`: a month on a chart or a round's label.
pub fn month(day: NaiveDate) -> String {
    day.format("%b %Y").to_string()
}

/// `2025-03-01` → `Mar 25`: a month where space is tight (a chart's axis).
pub fn short_month(day: NaiveDate) -> String {
    day.format("%b %y").to_string()
}

/// A moment in UTC → `1 Mar 2025 14:05`.
pub fn date_time(at: DateTime<Utc>) -> String {
    at.format("%-d %b %Y %H:%M").to_string()
}

/// `2025-03-01`: the form a date input sends and the database keeps as text.
pub fn iso_date(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// `2025-03-01 14:05:09`: a moment in a machine-readable export.
pub fn iso_date_time(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// `432182` → `"432,182"`: how counts and populations are shown everywhere.
pub fn count(value: i64) -> String {
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

/// A figure to `places` decimals, never "-0": a value that rounds to zero is written as
/// zero whatever its sign (a sum of nothing is -0.0 in Rust, and -0.001 rounds to "-0.00").
pub fn decimal(value: f64, places: usize) -> String {
    let text = format!("{value:.places$}");
    match text.strip_prefix('-') {
        Some(unsigned) if unsigned.bytes().all(|b| b == b'0' || b == b'.') => unsigned.to_owned(),
        _ => text,
    }
}

/// A figure to at most `places` decimals, without trailing zeros: `15.5`, `31.45`, `25`;
/// never "-0".
pub fn short_decimal(value: f64, places: usize) -> String {
    let text = decimal(value, places);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

/// An amount held in pence → `£12,345.67` (money is kept in whole pence, never floats).
pub fn money(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    let pence = pence.unsigned_abs();
    let pounds = i64::try_from(pence / 100).unwrap_or(i64::MAX);
    format!("{sign}£{}.{:02}", count(pounds), pence % 100)
}

/// `lead_organisation` or `the due date` → `Lead organisation`, `The due date`: a field's
/// name as the start of a sentence.
pub fn field_label(field: &str) -> String {
    let words = field.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Percent-encodes `text` for a URL query or form body.
pub fn query_value(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// `text` as the content of a `<textarea>`. Leptos writes a textarea's children as they
/// are (the element holds raw text), so `</textarea>` in what someone typed or stored
/// would end the field and start markup; escaped, the browser shows it exactly as typed.
pub fn textarea_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

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

/// `2026/27` for the financial year that starts in April 2026.
pub fn financial_year(year: i64) -> String {
    format!("{year}/{:02}", (year + 1).rem_euclid(100))
}

/// "1 borough", "3 boroughs": a count with its noun (plural by adding "s").
pub fn plural(count: i64, word: &str) -> String {
    if count == 1 {
        format!("1 {word}")
    } else {
        format!("{count} {word}s")
    }
}

#[cfg(test)]
mod tests {

    /// A property over many figures (a fixed pseudo-random walk, so a failure repeats):
    /// the text never reads as a negative zero, reads back as the value rounded, and
    /// keeps its sign when it is not zero.
    #[test]
    fn decimals_never_read_as_negative_zero() {
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut values = vec![
            0.0,
            -0.0,
            -0.001,
            -0.004_999,
            -0.005,
            0.004,
            -1e-300,
            f64::MIN_POSITIVE,
        ];
        for _ in 0..20_000 {
            let magnitude = 10f64.powi((next() % 12) as i32 - 6);
            let fraction = (next() % 1_000_000) as f64 / 1_000_000.0;
            let sign = if next() % 2 == 0 { 1.0 } else { -1.0 };
            values.push(sign * fraction * magnitude);
        }
        for value in values {
            for places in 0..4 {
                for text in [decimal(value, places), short_decimal(value, places)] {
                    let read: f64 = text.parse().unwrap();
                    assert!(
                        !(text.starts_with('-') && read == 0.0),
                        "{value} to {places} places reads {text:?}"
                    );
                    let step = 10f64.powi(-(places as i32));
                    assert!(
                        (read - value).abs() <= step / 2.0 + 1e-12,
                        "{value} → {text}"
                    );
                    if read != 0.0 {
                        assert_eq!(read < 0.0, value < 0.0, "{value} → {text}");
                    }
                }
            }
        }
        assert_eq!(decimal(std::iter::empty::<f64>().sum(), 2), "0.00");
        assert_eq!(short_decimal(-0.0, 2), "0");
        assert_eq!(short_decimal(100.0, 0), "100");
        assert_eq!(short_decimal(31.45, 2), "31.45");
        assert_eq!(decimal(-1.234, 2), "-1.23");
    }
    use super::*;

    #[test]
    fn dates_and_times_read_the_same_everywhere() {
        let day = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
        assert_eq!(date(day), "1 Mar 2025");
        assert_eq!(long_date(day), "1 March 2025");
        assert_eq!(month(day), "Mar 2025");
        assert_eq!(short_month(day), "Mar 25");
        assert_eq!(iso_date(day), "2025-03-01");
        let at = day.and_hms_opt(14, 5, 9).unwrap().and_utc();
        assert_eq!(date_time(at), "1 Mar 2025 14:05");
        assert_eq!(iso_date_time(at), "2025-03-01 14:05:09");
    }

    #[test]
    fn counts_are_grouped_in_thousands() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1,000");
        assert_eq!(count(432_182), "432,182");
        assert_eq!(count(1_795_285), "1,795,285");
        assert_eq!(count(-12_500), "-12,500");
    }

    #[test]
    fn money_is_pounds_and_pence() {
        assert_eq!(money(0), "£0.00");
        assert_eq!(money(5), "£0.05");
        assert_eq!(money(1_234_567), "£12,345.67");
        assert_eq!(money(-250), "-£2.50");
        assert!(money(i64::MIN).starts_with("-£"));
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(query_value("viewer@demo.test"), "viewer%40demo.test");
        assert_eq!(query_value("a b&c"), "a%20b%26c");
    }

    #[test]
    fn textarea_text_cannot_end_its_field() {
        assert_eq!(
            textarea_text("a </textarea><script>x()</script> & b"),
            "a &lt;/textarea&gt;&lt;script&gt;x()&lt;/script&gt; &amp; b"
        );
    }

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
