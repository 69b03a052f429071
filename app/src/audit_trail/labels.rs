//! The names of the records a page of the trail is about, looked up together: "Camden's
//! 2026/27 Q2 return, version 2" rather than "return_submission 14". One query per kind of
//! record on the page, never one per event.

use super::catalog::plain_record;
use crate::audit::AuditEvent;
use crate::on_conn;
use crate::plumbing::Conn;
use crate::returns::period_code;
use std::collections::{BTreeSet, HashMap};

/// The most ids one look-up binds (SQLite takes 32,766 parameters, PostgreSQL 65,535).
const IDS_A_QUERY: usize = 500;

/// A record's kind and id, as the trail names it.
type Record = (String, String);

/// What each kind of record is called, from a query answering (id, name) rows; `$IDS` is
/// replaced by the ids' placeholders.
const NAMES: [(&str, &str); 9] = [
    ("user", "SELECT id, name FROM users WHERE id IN ($IDS)"),
    (
        "assessment_round",
        "SELECT r.id, b.name || '''s round \"' || r.title || '\"' FROM assessment_rounds r \
         JOIN boroughs b ON b.id = r.borough_id WHERE r.id IN ($IDS)",
    ),
    (
        "progress_update",
        "SELECT p.id, 'a progress update on recommendation ' || CAST(r.number AS TEXT) \
         FROM progress_updates p JOIN recommendations r ON r.id = p.recommendation_id \
         WHERE p.id IN ($IDS)",
    ),
    (
        "milestone",
        "SELECT m.id, 'the milestone \"' || v.title || '\" of recommendation ' || CAST(r.number AS TEXT) \
         FROM milestones m JOIN recommendations r ON r.id = m.recommendation_id \
         JOIN milestone_revisions v ON v.milestone_id = m.id \
         AND v.version = (SELECT MAX(x.version) FROM milestone_revisions x WHERE x.milestone_id = m.id) \
         WHERE m.id IN ($IDS)",
    ),
    (
        "borough_line",
        "SELECT l.id, b.name || '''s line on recommendation ' || CAST(r.number AS TEXT) \
         FROM borough_lines l JOIN boroughs b ON b.id = l.borough_id \
         JOIN recommendations r ON r.id = l.recommendation_id WHERE l.id IN ($IDS)",
    ),
    (
        "borough_action",
        "SELECT a.id, b.name || '''s plan action ' || CAST(a.number AS TEXT) || ') ' || a.title \
         FROM borough_actions a JOIN boroughs b ON b.id = a.borough_id WHERE a.id IN ($IDS)",
    ),
    (
        "return_submission",
        "SELECT s.id, b.name || '|' || CAST(p.financial_year AS TEXT) || '|' || CAST(p.quarter AS TEXT) \
         || '|' || CAST(s.version AS TEXT) FROM return_submissions s \
         JOIN boroughs b ON b.id = s.borough_id JOIN return_periods p ON p.id = s.period_id \
         WHERE s.id IN ($IDS)",
    ),
    (
        "return_attempt",
        "SELECT a.id, b.name || '|' || CAST(p.financial_year AS TEXT) || '|' || CAST(p.quarter AS TEXT) \
         FROM return_attempts a JOIN boroughs b ON b.id = a.borough_id \
         JOIN return_periods p ON p.id = a.period_id WHERE a.id IN ($IDS)",
    ),
    (
        "return_period",
        "SELECT id, CAST(financial_year AS TEXT) || '|' || CAST(quarter AS TEXT) \
         FROM return_periods WHERE id IN ($IDS)",
    ),
];

/// The name of every record `events` are about; a record Linkway cannot name (gone, or of
/// a kind without a name) is called by its kind and id.
pub async fn record_names(
    conn: &mut Conn,
    events: &[AuditEvent],
) -> Result<HashMap<Record, String>, sqlx::Error> {
    let mut names = HashMap::new();
    for (kind, sql) in NAMES {
        let ids: BTreeSet<i64> = events
            .iter()
            .filter(|event| event.entity_type == kind)
            .filter_map(|event| event.entity_id.parse().ok())
            .collect();
        let ids: Vec<i64> = ids.into_iter().collect();
        // In chunks: an export's 100,000 events could name more records than a query may bind.
        for chunk in ids.chunks(IDS_A_QUERY) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|n| format!("${n}")).collect();
            let sql = sql.replace("$IDS", &placeholders.join(", "));
            let rows: Vec<(i64, String)> = on_conn!(conn, c => {
                let mut query = sqlx::query_as(&sql);
                for id in chunk {
                    query = query.bind(*id);
                }
                query.fetch_all(c).await
            })?;
            for (id, name) in rows {
                names.insert((kind.to_owned(), id.to_string()), told(kind, &name));
            }
        }
    }
    for event in events {
        let record = (event.entity_type.clone(), event.entity_id.clone());
        names
            .entry(record)
            .or_insert_with(|| match event.entity_type.as_str() {
                "recommendation" => format!("recommendation {}", event.entity_id),
                kind => plain_record(kind, &event.entity_id),
            });
    }
    Ok(names)
}

/// A looked-up name as a sentence tells it: returns and periods by their quarter's code.
fn told(kind: &str, name: &str) -> String {
    let parts: Vec<&str> = name.split('|').collect();
    let quarter = |year: &str, quarter: &str| match (year.parse(), quarter.parse()) {
        (Ok(year), Ok(quarter)) => period_code(year, quarter),
        _ => format!("{year} Q{quarter}"),
    };
    match (kind, parts.as_slice()) {
        ("return_submission", [borough, year, q, version]) => {
            format!("{borough}'s {} return, version {version}", quarter(year, q))
        }
        ("return_attempt", [borough, year, q]) => {
            format!("an upload of {borough}'s {} return", quarter(year, q))
        }
        ("return_period", [year, q]) => format!("the {} return period", quarter(year, q)),
        _ => name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn returns_and_periods_are_told_by_their_quarter() {
        assert_eq!(
            super::told("return_submission", "Camden|2026|2|2"),
            "Camden's 2026/27 Q2 return, version 2"
        );
        assert_eq!(
            super::told("return_period", "2026|2"),
            "the 2026/27 Q2 return period"
        );
        assert_eq!(super::told("user", "Cam Lead"), "Cam Lead");
    }
}
