//! Events told as lines of the trail: each record named as people name it ("Camden's
//! 2026/27 Q2 return, version 2", not "return_submission 14"), looked up once per kind of
//! record, and the sentence that tells the event. The page and the export both use it.

use super::catalog::{plain_record, sentence};
use super::AuditLine;
use crate::audit::AuditEvent;
use crate::plumbing::Conn;
use crate::returns::period_code;
use std::collections::{BTreeSet, HashMap};

/// A record's kind and id, as the trail names it.
type Record = (String, String);

/// `events` as lines of the trail, in the same order.
pub async fn lines(
    conn: &mut Conn,
    events: Vec<AuditEvent>,
) -> Result<Vec<AuditLine>, sqlx::Error> {
    let names = record_names(conn, &events).await?;
    Ok(events
        .into_iter()
        .map(|event| {
            let record = names
                .get(&(event.entity_type.clone(), event.entity_id.clone()))
                .cloned()
                .unwrap_or_default();
            AuditLine {
                sentence: sentence(event.user_name.as_deref(), &event.action, &record),
                record,
                event,
            }
        })
        .collect())
}

/// The name of every record `events` are about; a record Linkway cannot name (gone, or of
/// a kind without a name) is called by its kind and id.
async fn record_names(
    conn: &mut Conn,
    events: &[AuditEvent],
) -> Result<HashMap<Record, String>, sqlx::Error> {
    let mut names = HashMap::new();
    for kind in super::db::named_kinds() {
        let ids: BTreeSet<i64> = events
            .iter()
            .filter(|event| event.entity_type == kind)
            .filter_map(|event| event.entity_id.parse().ok())
            .collect();
        let ids: Vec<i64> = ids.into_iter().collect();
        for (id, name) in super::db::names(conn, kind, &ids).await? {
            names.insert((kind.to_owned(), id.to_string()), told(kind, &name));
        }
    }
    for event in events {
        let record = (event.entity_type.clone(), event.entity_id.clone());
        names
            .entry(record)
            .or_insert_with(|| match event.entity_type.as_str() {
                "recommendation" => format!("recommendation {}", event.entity_id),
                "borough_deprivation" => {
                    format!("the deprivation score of {}", event.entity_id)
                }
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
