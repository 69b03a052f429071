//! SQL for a round's decision meetings and decisions, and what has been awarded.

use super::model::{Decision, Meeting, Outcome};
use crate::on_conn;
use crate::plumbing::{Conn, Tx};
use chrono::{DateTime, NaiveDate, Utc};

/// The meetings of `round`, newest first, with who was present.
pub async fn meetings(conn: &mut Conn, round: i64) -> Result<Vec<Meeting>, sqlx::Error> {
    let rows = on_conn!(conn, c => {
        sqlx::query_as::<_, (i64, NaiveDate, bool, String, DateTime<Utc>)>(
            "SELECT id, held_on, quorate, notes, recorded_at FROM round_meetings \
             WHERE round_id = $1 ORDER BY held_on DESC, id DESC",
        )
        .bind(round)
        .fetch_all(c)
        .await
    })?;
    let present = on_conn!(conn, c => {
        sqlx::query_as::<_, (i64, String)>(
            "SELECT m.meeting_id, u.name FROM round_meeting_members m \
             JOIN round_meetings r ON r.id = m.meeting_id JOIN users u ON u.id = m.user_id \
             WHERE r.round_id = $1 ORDER BY u.name, u.id",
        )
        .bind(round)
        .fetch_all(c)
        .await
    })?;
    Ok(rows
        .into_iter()
        .map(|(id, held_on, quorate, notes, recorded_at)| Meeting {
            id,
            held_on,
            quorate,
            notes,
            present: present
                .iter()
                .filter(|(meeting, _)| *meeting == id)
                .map(|(_, name)| name.clone())
                .collect(),
            recorded_at,
        })
        .collect())
}

/// A meeting as the fund manager records it.
pub struct NewMeeting<'a> {
    pub round: i64,
    pub held_on: NaiveDate,
    pub quorate: bool,
    pub notes: &'a str,
    pub present: &'a [i64],
    pub by: i64,
}

/// Records a meeting; answers its id.
pub async fn insert_meeting(
    tx: &mut Tx,
    meeting: &NewMeeting<'_>,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    let id = on_conn!(tx, c => {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO round_meetings (round_id, held_on, quorate, notes, recorded_by, \
             recorded_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(meeting.round)
        .bind(meeting.held_on)
        .bind(meeting.quorate)
        .bind(meeting.notes)
        .bind(meeting.by)
        .bind(now)
        .fetch_one(c)
        .await
    })?;
    for user in meeting.present {
        on_conn!(tx, c => {
            sqlx::query("INSERT INTO round_meeting_members (meeting_id, user_id) VALUES ($1, $2)")
                .bind(id)
                .bind(user)
                .execute(c)
                .await
                .map(|_| ())
        })?;
    }
    Ok(id)
}

const DECISION_SELECT: &str = "SELECT d.application_id, d.meeting_id, m.held_on, d.outcome, \
     d.amount_pence, d.conditions, d.feedback, u.name AS decided_by, d.decided_at, d.version \
     FROM grant_decisions d JOIN round_meetings m ON m.id = d.meeting_id \
     JOIN users u ON u.id = d.decided_by";

/// The decision on application `id`, if there is one.
pub async fn find(conn: &mut Conn, id: i64) -> Result<Option<Decision>, sqlx::Error> {
    let sql = format!("{DECISION_SELECT} WHERE d.application_id = $1");
    on_conn!(conn, c => {
        sqlx::query_as::<_, Decision>(&sql).bind(id).fetch_optional(c).await
    })
}

/// Every decision on the applications of `round`.
pub async fn round_decisions(conn: &mut Conn, round: i64) -> Result<Vec<Decision>, sqlx::Error> {
    let sql = format!(
        "{DECISION_SELECT} JOIN grant_applications a ON a.id = d.application_id \
         WHERE a.round_id = $1 ORDER BY d.application_id"
    );
    on_conn!(conn, c => {
        sqlx::query_as::<_, Decision>(&sql).bind(round).fetch_all(c).await
    })
}

/// What has been awarded in each round of `fund`: (round id, pence).
pub async fn awarded_by_round(conn: &mut Conn, fund: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, (i64, i64)>(
            "SELECT a.round_id, CAST(SUM(d.amount_pence) AS BIGINT) FROM grant_decisions d \
             JOIN grant_applications a ON a.id = d.application_id \
             JOIN grant_rounds r ON r.id = a.round_id \
             WHERE r.fund_id = $1 AND d.outcome = 'award' GROUP BY a.round_id ORDER BY a.round_id",
        )
        .bind(fund)
        .fetch_all(c)
        .await
    })
}

/// The wards each application to `round` serves: (application id, wards).
pub async fn wards(conn: &mut Conn, round: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, (i64, String)>(
            "SELECT id, wards FROM grant_applications WHERE round_id = $1",
        )
        .bind(round)
        .fetch_all(c)
        .await
    })
}

/// The priorities each application to `round` says it meets: (application id, theme).
pub async fn priorities(conn: &mut Conn, round: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, (i64, String)>(
            "SELECT p.application_id, t.name FROM application_priorities p \
             JOIN need_themes t ON t.id = p.theme_id \
             JOIN grant_applications a ON a.id = p.application_id \
             WHERE a.round_id = $1 ORDER BY p.application_id, t.position, t.name",
        )
        .bind(round)
        .fetch_all(c)
        .await
    })
}

/// A decision as the fund manager makes it.
pub struct NewDecision<'a> {
    pub application: i64,
    pub meeting: i64,
    pub outcome: Outcome,
    pub amount_pence: i64,
    pub conditions: &'a str,
    pub feedback: &'a str,
    pub by: i64,
}

/// Records `decision`, if the one on record is still at `version` (0: none yet); answers
/// whether it was.
pub async fn decide(
    tx: &mut Tx,
    decision: &NewDecision<'_>,
    version: i64,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let sql = if version == 0 {
        "INSERT INTO grant_decisions (application_id, meeting_id, outcome, amount_pence, \
         conditions, feedback, decided_by, decided_at, version) \
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, 1 WHERE NOT EXISTS \
         (SELECT 1 FROM grant_decisions WHERE application_id = $1) AND $9 = 0"
    } else {
        "UPDATE grant_decisions SET meeting_id = $2, outcome = $3, amount_pence = $4, \
         conditions = $5, feedback = $6, decided_by = $7, decided_at = $8, version = $9 + 1 \
         WHERE application_id = $1 AND version = $9"
    };
    on_conn!(tx, c => {
        sqlx::query(sql)
            .bind(decision.application)
            .bind(decision.meeting)
            .bind(decision.outcome.code())
            .bind(decision.amount_pence)
            .bind(decision.conditions)
            .bind(decision.feedback)
            .bind(decision.by)
            .bind(now)
            .bind(version)
            .execute(c)
            .await
            .map(|done| done.rows_affected() == 1)
    })
}

/// Holds application `id` while it is decided, if it is still eligible and at `version`
/// (as the fund manager read it): moves its version on, so a withdrawal or a screening read
/// before the decision is refused as stale.
pub async fn hold_application(tx: &mut Tx, id: i64, version: i64) -> Result<bool, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query(
            "UPDATE grant_applications SET version = version + 1 \
             WHERE id = $1 AND version = $2 AND status = 'eligible'",
        )
        .bind(id)
        .bind(version)
        .execute(c)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}
