//! SQL for the audit page: the names of the records events are about, read from the
//! tables of every capability (read only).

use crate::on_conn;
use crate::plumbing::Conn;

/// The most ids one look-up binds (SQLite takes 32,766 parameters, PostgreSQL 65,535).
const IDS_A_QUERY: usize = 500;

/// What each kind of record is called, from a query answering (id, name) rows; `$IDS` is
/// replaced by the ids' placeholders.
const NAMES: [(&str, &str); 18] = [
    ("fund", "SELECT id, name FROM funds WHERE id IN ($IDS)"),
    (
        "contribution",
        "SELECT c.id, c.contributor_name || '''s contribution to ' || f.name \
         FROM fund_contributions c JOIN funds f ON f.id = c.fund_id WHERE c.id IN ($IDS)",
    ),
    (
        "grant_round",
        "SELECT r.id, f.name || '''s round ' || r.code FROM grant_rounds r \
         JOIN funds f ON f.id = r.fund_id WHERE r.id IN ($IDS)",
    ),
    (
        "grant_application",
        "SELECT id, 'application ' || reference FROM grant_applications WHERE id IN ($IDS)",
    ),
    ("user", "SELECT id, name FROM users WHERE id IN ($IDS)"),
    (
        "recommendation",
        "SELECT r.id, 'recommendation ' || CAST(r.number AS TEXT) || ' (' || i.code || ')' \
         FROM recommendations r JOIN icbs i ON i.id = r.icb_id WHERE r.id IN ($IDS)",
    ),
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
    (
        "email",
        "SELECT id, 'the email \"' || subject || '\" to ' || recipient FROM email_messages WHERE id IN ($IDS)",
    ),
    (
        "pcn",
        "SELECT id, 'the PCN ' || name || ' (' || code || ')' FROM pcns WHERE id IN ($IDS)",
    ),    (
        "pcn_import",
        "SELECT id, 'the list of PCNs ' || file_name FROM pcn_imports WHERE id IN ($IDS)",
    ),
    (
        "recommendation_import",
        "SELECT m.id, i.name || '''s recommendations in ' || m.file_name \
         FROM recommendation_imports m JOIN icbs i ON i.id = m.icb_id WHERE m.id IN ($IDS)",
    ),
];

/// The kinds of record whose names [`names`] can look up.
pub fn named_kinds() -> impl Iterator<Item = &'static str> {
    NAMES.iter().map(|(kind, _)| *kind)
}

/// (id, raw name) of each record of `kind` among `ids` that still exists, a chunk of ids a
/// query: an export's 100,000 events could name more records than one query may bind.
pub async fn names(
    conn: &mut Conn,
    kind: &str,
    ids: &[i64],
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let Some((_, sql)) = NAMES.iter().find(|(known, _)| *known == kind) else {
        return Ok(Vec::new());
    };
    let mut found = Vec::new();
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
        found.extend(rows);
    }
    Ok(found)
}
