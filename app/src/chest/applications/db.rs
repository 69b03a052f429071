//! SQL for grant applications: storing one with its budget lines, priorities and answers,
//! finding it by its link or form, the round's list, and screening.

use super::model::{
    Answer, Application, ApplicationLine, ApplicationStatus, BudgetLine, Contact, OrgType,
};
use crate::on_conn;
use crate::plumbing::{Conn, Tx};
use chrono::{DateTime, NaiveDate, Utc};

const APPLICATION_SELECT: &str = "SELECT a.id, a.round_id, a.reference, a.org_name, a.org_type, \
     a.org_number, a.postcode, b.code AS borough_code, b.name AS borough_name, a.wards, \
     a.project_title, a.summary, a.description, a.amount_pence, a.beneficiaries, \
     a.beneficiaries_where, a.starts_on, a.ends_on, u.name AS supported_by, a.status, \
     a.status_note, a.info_response, a.version, a.submitted_at \
     FROM grant_applications a JOIN boroughs b ON b.id = a.borough_id \
     LEFT JOIN users u ON u.id = a.supported_by";

pub async fn find(conn: &mut Conn, id: i64) -> Result<Option<Application>, sqlx::Error> {
    let sql = format!("{APPLICATION_SELECT} WHERE a.id = $1");
    on_conn!(conn, c => sqlx::query_as::<_, Application>(&sql).bind(id).fetch_optional(c).await)
}

/// The application whose private link hashes to `hash`.
pub async fn find_by_link(conn: &mut Conn, hash: &str) -> Result<Option<Application>, sqlx::Error> {
    let sql = format!("{APPLICATION_SELECT} WHERE a.link_hash = $1");
    on_conn!(conn, c => sqlx::query_as::<_, Application>(&sql).bind(hash).fetch_optional(c).await)
}

/// The application a form with this token hash made, and what that form said.
pub async fn find_by_form(
    conn: &mut Conn,
    hash: &str,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, (i64, String)>(
            "SELECT id, form_fingerprint FROM grant_applications WHERE form_hash = $1",
        )
        .bind(hash)
        .fetch_optional(c)
        .await
    })
}

pub async fn contact(conn: &mut Conn, id: i64) -> Result<Option<Contact>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, Contact>(
            "SELECT contact_name, contact_email, contact_phone FROM grant_applications WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(c)
        .await
    })
}

pub async fn budget(conn: &mut Conn, id: i64) -> Result<Vec<BudgetLine>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, BudgetLine>(
            "SELECT item, amount_pence FROM application_budget_lines WHERE application_id = $1 \
             ORDER BY position",
        )
        .bind(id)
        .fetch_all(c)
        .await
    })
}

pub async fn priorities(conn: &mut Conn, id: i64) -> Result<Vec<String>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_scalar::<_, String>(
            "SELECT t.name FROM application_priorities p JOIN need_themes t ON t.id = p.theme_id \
             WHERE p.application_id = $1 ORDER BY t.position, t.name",
        )
        .bind(id)
        .fetch_all(c)
        .await
    })
}

pub async fn answers(conn: &mut Conn, id: i64) -> Result<Vec<Answer>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, Answer>(
            "SELECT g.id AS gate_id, g.question, x.answer FROM application_answers x \
             JOIN round_gates g ON g.id = x.gate_id WHERE x.application_id = $1 ORDER BY g.position",
        )
        .bind(id)
        .fetch_all(c)
        .await
    })
}

/// The applications to `round`, oldest first.
pub async fn lines(conn: &mut Conn, round: i64) -> Result<Vec<ApplicationLine>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, ApplicationLine>(
            "SELECT a.id, a.reference, a.org_name, a.project_title, b.name AS borough_name, \
             a.amount_pence, a.status, \
             (SELECT COUNT(*) FROM application_answers x WHERE x.application_id = a.id \
              AND x.answer = FALSE) AS gates_failed \
             FROM grant_applications a JOIN boroughs b ON b.id = a.borough_id \
             WHERE a.round_id = $1 ORDER BY a.submitted_at, a.id",
        )
        .bind(round)
        .fetch_all(c)
        .await
    })
}

/// How many applications `round` has had: the next one's number is one more.
pub async fn count_in_round(tx: &mut Tx, round: i64) -> Result<i64, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM grant_applications WHERE round_id = $1")
            .bind(round)
            .fetch_one(c)
            .await
    })
}

/// Holds `round` until the transaction ends, so two applications cannot take the same
/// number: a no-op write takes the row lock (PostgreSQL) or the write lock (SQLite).
pub async fn lock_round(tx: &mut Tx, round: i64) -> Result<(), sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query("UPDATE grant_rounds SET code = code WHERE id = $1")
            .bind(round)
            .execute(c)
            .await
            .map(|_| ())
    })
}

/// An application as it is sent.
pub struct NewApplication<'a> {
    pub round: i64,
    pub reference: &'a str,
    pub link_hash: &'a str,
    pub form_hash: &'a str,
    pub form_fingerprint: &'a str,
    pub org_name: &'a str,
    pub org_type: OrgType,
    pub org_number: &'a str,
    pub postcode: &'a str,
    pub borough: &'a str,
    pub wards: &'a str,
    pub contact_name: &'a str,
    pub contact_email: &'a str,
    pub contact_phone: &'a str,
    pub project_title: &'a str,
    pub summary: &'a str,
    pub description: &'a str,
    pub amount_pence: i64,
    pub beneficiaries: i64,
    pub beneficiaries_where: &'a str,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub supported_by: Option<i64>,
    pub budget: &'a [BudgetLine],
    pub priorities: &'a [i64],
    /// (gate id, answer)
    pub answers: &'a [(i64, bool)],
}

/// Stores a new application with its budget lines, priorities and answers; answers its id.
pub async fn insert(
    tx: &mut Tx,
    new: &NewApplication<'_>,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    let id = on_conn!(tx, c => {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO grant_applications (round_id, reference, link_hash, form_hash, \
             form_fingerprint, org_name, org_type, org_number, postcode, borough_id, wards, \
             contact_name, contact_email, contact_phone, project_title, summary, description, \
             amount_pence, beneficiaries, beneficiaries_where, starts_on, ends_on, supported_by, \
             status, status_note, info_response, version, submitted_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, (SELECT id FROM boroughs WHERE code = $10), \
             $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, 'submitted', '', '', 1, \
             $24, $24) RETURNING id",
        )
        .bind(new.round)
        .bind(new.reference)
        .bind(new.link_hash)
        .bind(new.form_hash)
        .bind(new.form_fingerprint)
        .bind(new.org_name)
        .bind(new.org_type.code())
        .bind(new.org_number)
        .bind(new.postcode)
        .bind(new.borough)
        .bind(new.wards)
        .bind(new.contact_name)
        .bind(new.contact_email)
        .bind(new.contact_phone)
        .bind(new.project_title)
        .bind(new.summary)
        .bind(new.description)
        .bind(new.amount_pence)
        .bind(new.beneficiaries)
        .bind(new.beneficiaries_where)
        .bind(new.starts_on)
        .bind(new.ends_on)
        .bind(new.supported_by)
        .bind(now)
        .fetch_one(c)
        .await
    })?;
    for (position, line) in (1_i64..).zip(new.budget) {
        on_conn!(tx, c => {
            sqlx::query(
                "INSERT INTO application_budget_lines (application_id, position, item, amount_pence) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(position)
            .bind(&line.item)
            .bind(line.amount_pence)
            .execute(c)
            .await
            .map(|_| ())
        })?;
    }
    for theme in new.priorities {
        on_conn!(tx, c => {
            sqlx::query("INSERT INTO application_priorities (application_id, theme_id) VALUES ($1, $2)")
                .bind(id)
                .bind(theme)
                .execute(c)
                .await
                .map(|_| ())
        })?;
    }
    for (gate, answer) in new.answers {
        on_conn!(tx, c => {
            sqlx::query(
                "INSERT INTO application_answers (application_id, gate_id, answer) VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(gate)
            .bind(answer)
            .execute(c)
            .await
            .map(|_| ())
        })?;
    }
    Ok(id)
}

/// The hash of application `id`'s private link.
pub async fn link_hash(conn: &mut Conn, id: i64) -> Result<Option<String>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_scalar::<_, String>("SELECT link_hash FROM grant_applications WHERE id = $1")
            .bind(id)
            .fetch_optional(c)
            .await
    })
}

/// Gives application `id` a new private link (a repeat of the form that sent it).
pub async fn set_link(tx: &mut Tx, id: i64, link_hash: &str) -> Result<(), sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query("UPDATE grant_applications SET link_hash = $2 WHERE id = $1")
            .bind(id)
            .bind(link_hash)
            .execute(c)
            .await
            .map(|_| ())
    })
}

/// Moves application `id` on, if it is still at `version`: false if someone saved first.
pub async fn set_status(
    tx: &mut Tx,
    id: i64,
    version: i64,
    (status, note): (ApplicationStatus, &str),
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let changed = on_conn!(tx, c => {
        sqlx::query(
            "UPDATE grant_applications SET status = $3, status_note = $4, version = version + 1, \
             updated_at = $5 WHERE id = $1 AND version = $2",
        )
        .bind(id)
        .bind(version)
        .bind(status.code())
        .bind(note)
        .bind(now)
        .execute(c)
        .await
        .map(|done| done.rows_affected())
    })?;
    Ok(changed == 1)
}

/// The applicant's answer to a request for more information: back to screening.
pub async fn respond(
    tx: &mut Tx,
    id: i64,
    version: i64,
    response: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let changed = on_conn!(tx, c => {
        sqlx::query(
            "UPDATE grant_applications SET status = 'submitted', info_response = $3, \
             version = version + 1, updated_at = $4 WHERE id = $1 AND version = $2",
        )
        .bind(id)
        .bind(version)
        .bind(response)
        .bind(now)
        .execute(c)
        .await
        .map(|done| done.rows_affected())
    })?;
    Ok(changed == 1)
}
