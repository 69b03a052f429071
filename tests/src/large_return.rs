//! A large, clean quarterly return for benchmarks, the soak and crash tests: `rows` unmet
//! need rows over the given themes, every value valid.

use app::returns::template::{Cell, Fill};

/// The filled template's content: one workforce line, one referral line and `rows` unmet
/// need rows (themes in turn, counts 1–40, wards, reasons and a note on each).
pub fn fill(themes: &[String], rows: usize) -> Fill {
    let why = [
        "No service",
        "Waiting list",
        "Not accessible",
        "Not eligible",
        "Other",
    ];
    let text = |value: &str| Cell::Text(value.to_owned());
    Fill {
        people_referred: Cell::Number(90_000.0),
        workforce: vec![vec![
            text("Borough-wide"),
            text("Social prescribing link worker"),
            text("PCN"),
            Cell::Number(20.0),
            Cell::Number(18.5),
            Cell::Number(1.0),
        ]],
        referrals: vec![vec![text(&themes[0]), Cell::Number(400.0)]],
        unmet_needs: (0..rows)
            .map(|row| {
                vec![
                    text(&themes[row % themes.len()]),
                    Cell::Number((1 + row % 40) as f64),
                    text(&format!("Ward {}", row % 60)),
                    text(why[row % why.len()]),
                    text("Recorded by the link worker at the review appointment"),
                ]
            })
            .collect(),
        outcomes: Vec::new(),
    }
}
