//! SQL for the maturity framework and assessment rounds.

use super::model::{
    Agreed, DomainScale, Framework, FrameworkVersion, GapStatus, Level, MaturityDomain,
    Participant, PublishedLevel, Rating, Round, RoundStatus,
};
use crate::on_conn;
use crate::plumbing::{Conn, Tx};
use chrono::{DateTime, NaiveDate, Utc};

pub async fn list_domains(conn: &mut Conn) -> Result<Vec<MaturityDomain>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, MaturityDomain>(
            "SELECT position, name FROM maturity_domains ORDER BY position",
        )
        .fetch_all(c)
        .await
    })
}

/// The id of the domain at `position`, if there is one.
pub async fn domain_id(conn: &mut Conn, position: i64) -> Result<Option<i64>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_scalar("SELECT id FROM maturity_domains WHERE position = $1")
            .bind(position)
            .fetch_optional(c)
            .await
    })
}

#[derive(sqlx::FromRow)]
struct LevelRow {
    position: i64,
    domain: String,
    level: i64,
    name: String,
    descriptor: String,
    is_default: bool,
}

/// The newest framework version's number (new rounds are scored against it).
pub async fn current_framework_number(conn: &mut Conn) -> Result<i64, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_scalar("SELECT MAX(number) FROM framework_versions")
            .fetch_one(c)
            .await
    })
}

/// Framework version `number` with every domain's scale, or `None` if there is no such
/// version.
pub async fn framework(conn: &mut Conn, number: i64) -> Result<Option<Framework>, sqlx::Error> {
    let note: Option<String> = on_conn!(conn, c => {
        sqlx::query_scalar("SELECT note FROM framework_versions WHERE number = $1")
            .bind(number)
            .fetch_optional(c)
            .await
    })?;
    let Some(note) = note else {
        return Ok(None);
    };
    let rows: Vec<LevelRow> = on_conn!(conn, c => {
        sqlx::query_as(
            "SELECT d.position, d.name AS domain, l.level, l.name, l.descriptor, l.is_default \
             FROM framework_levels l \
             JOIN framework_versions v ON v.id = l.framework_version_id \
             JOIN maturity_domains d ON d.id = l.domain_id \
             WHERE v.number = $1 ORDER BY d.position, l.level",
        )
        .bind(number)
        .fetch_all(c)
        .await
    })?;
    let mut domains: Vec<DomainScale> = Vec::new();
    for row in rows {
        let level = Level {
            level: row.level,
            name: row.name,
            descriptor: row.descriptor,
            is_default: row.is_default,
        };
        match domains.last_mut() {
            Some(scale) if scale.position == row.position => scale.levels.push(level),
            _ => domains.push(DomainScale {
                position: row.position,
                name: row.domain,
                levels: vec![level],
            }),
        }
    }
    Ok(Some(Framework {
        number,
        note,
        domains,
    }))
}

#[derive(sqlx::FromRow)]
struct VersionRow {
    number: i64,
    note: String,
    created_at: DateTime<Utc>,
    created_by: Option<String>,
}

/// Every framework version, newest first.
pub async fn framework_versions(conn: &mut Conn) -> Result<Vec<FrameworkVersion>, sqlx::Error> {
    let rows: Vec<VersionRow> = on_conn!(conn, c => {
        sqlx::query_as(
            "SELECT v.number, v.note, v.created_at, u.name AS created_by \
             FROM framework_versions v LEFT JOIN users u ON u.id = v.created_by \
             ORDER BY v.number DESC",
        )
        .fetch_all(c)
        .await
    })?;
    Ok(rows
        .into_iter()
        .map(|row| FrameworkVersion {
            number: row.number,
            note: row.note,
            created: crate::format::date_time(row.created_at),
            created_by: row.created_by,
        })
        .collect())
}

/// A new framework version `number`: a copy of version `from` with `domain_id`'s levels
/// replaced by `levels`.
pub struct NewVersion<'a> {
    pub from: i64,
    pub number: i64,
    pub note: &'a str,
    pub domain_id: i64,
    pub levels: &'a [Level],
    pub by: i64,
}

/// Records framework version `number`, a copy of `from` with one domain's levels reworded;
/// answers false, writing nothing, when another rewording has taken `number` first.
pub async fn insert_framework_version(
    tx: &mut Tx,
    version: NewVersion<'_>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let NewVersion {
        from,
        number,
        note,
        domain_id,
        levels,
        by,
    } = version;
    on_conn!(tx, c => {
        let inserted = sqlx::query(
            "INSERT INTO framework_versions (number, created_at, created_by, note) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (number) DO NOTHING",
        )
        .bind(number)
        .bind(now)
        .bind(by)
        .bind(note)
        .execute(&mut *c)
        .await?;
        if inserted.rows_affected() != 1 {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO framework_levels (framework_version_id, domain_id, level, name, descriptor, is_default) \
             SELECT new.id, l.domain_id, l.level, l.name, l.descriptor, l.is_default \
             FROM framework_levels l \
             JOIN framework_versions old ON old.id = l.framework_version_id \
             CROSS JOIN framework_versions new \
             WHERE old.number = $1 AND new.number = $2 AND l.domain_id <> $3",
        )
        .bind(from)
        .bind(number)
        .bind(domain_id)
        .execute(&mut *c)
        .await?;
        for level in levels {
            sqlx::query(
                "INSERT INTO framework_levels (framework_version_id, domain_id, level, name, descriptor, is_default) \
                 SELECT id, $2, $3, $4, $5, $6 FROM framework_versions WHERE number = $1",
            )
            .bind(number)
            .bind(domain_id)
            .bind(level.level)
            .bind(&level.name)
            .bind(&level.descriptor)
            .bind(level.is_default)
            .execute(&mut *c)
            .await?;
        }
        Ok(true)
    })
}

#[derive(sqlx::FromRow)]
struct RoundRow {
    id: i64,
    borough_code: String,
    borough_name: String,
    title: String,
    held_on: NaiveDate,
    status: RoundStatus,
    illustrative: bool,
    framework_version: i64,
}

impl From<RoundRow> for Round {
    fn from(row: RoundRow) -> Self {
        Round {
            id: row.id,
            borough_code: row.borough_code,
            borough_name: row.borough_name,
            title: row.title,
            held_on: row.held_on,
            status: row.status,
            illustrative: row.illustrative,
            framework_version: row.framework_version,
        }
    }
}

const ROUND_SELECT: &str =
    "SELECT r.id, b.code AS borough_code, b.name AS borough_name, r.title, r.held_on, \
     r.status, r.illustrative, v.number AS framework_version \
     FROM assessment_rounds r \
     JOIN boroughs b ON b.id = r.borough_id \
     JOIN framework_versions v ON v.id = r.framework_version_id";

/// Every round, newest first.
pub async fn rounds(conn: &mut Conn) -> Result<Vec<Round>, sqlx::Error> {
    let sql = format!("{ROUND_SELECT} ORDER BY r.held_on DESC, r.id DESC");
    let rows: Vec<RoundRow> = on_conn!(conn, c => sqlx::query_as(&sql).fetch_all(c).await)?;
    Ok(rows.into_iter().map(Round::from).collect())
}

pub async fn find_round(conn: &mut Conn, id: i64) -> Result<Option<Round>, sqlx::Error> {
    let sql = format!("{ROUND_SELECT} WHERE r.id = $1");
    let row: Option<RoundRow> =
        on_conn!(conn, c => sqlx::query_as(&sql).bind(id).fetch_optional(c).await)?;
    Ok(row.map(Round::from))
}

pub struct NewRound<'a> {
    pub borough: &'a str,
    pub framework_version: i64,
    pub title: &'a str,
    pub held_on: NaiveDate,
    pub created_by: i64,
}

/// Inserts a draft round and answers its id.
pub async fn insert_round(
    tx: &mut Tx,
    round: NewRound<'_>,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query_scalar(
            "INSERT INTO assessment_rounds (borough_id, framework_version_id, title, held_on, status, created_by, created_at) \
             SELECT b.id, v.id, $3, $4, 'draft', $5, $6 FROM boroughs b, framework_versions v \
             WHERE b.code = $1 AND v.number = $2 RETURNING id",
        )
        .bind(round.borough)
        .bind(round.framework_version)
        .bind(round.title)
        .bind(round.held_on)
        .bind(round.created_by)
        .bind(now)
        .fetch_one(c)
        .await
    })
}

/// The status of round `id` as it stands inside `tx`, held until the transaction ends: a
/// no-op write takes the row lock (PostgreSQL) or the write lock (SQLite) first, so the
/// round cannot move on between this read and the caller's change. `None`: no such round.
pub async fn lock_round(tx: &mut Tx, id: i64) -> Result<Option<RoundStatus>, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query_scalar("UPDATE assessment_rounds SET status = status WHERE id = $1 RETURNING status")
            .bind(id)
            .fetch_optional(c)
            .await
    })
}

/// Moves a round from `from` to `to`; false if it was no longer at `from`.
pub async fn set_status(
    tx: &mut Tx,
    id: i64,
    from: RoundStatus,
    to: RoundStatus,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let published = (to == RoundStatus::Published).then_some(now);
    on_conn!(tx, c => {
        sqlx::query(
            "UPDATE assessment_rounds SET status = $1, published_at = COALESCE($2, published_at) \
             WHERE id = $3 AND status = $4",
        )
        .bind(to.code())
        .bind(published)
        .bind(id)
        .bind(from.code())
        .execute(c)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

/// Marks demo rounds as illustrative (made-up scores, never the review's).
pub async fn mark_illustrative(conn: &mut Conn, id: i64) -> Result<(), sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query("UPDATE assessment_rounds SET illustrative = TRUE WHERE id = $1")
            .bind(id)
            .execute(c)
            .await
            .map(|_| ())
    })
}

#[derive(sqlx::FromRow)]
struct ParticipantRow {
    user_id: i64,
    name: String,
    submitted_at: Option<DateTime<Utc>>,
}

pub async fn participants(conn: &mut Conn, round: i64) -> Result<Vec<Participant>, sqlx::Error> {
    let rows: Vec<ParticipantRow> = on_conn!(conn, c => {
        sqlx::query_as(
            "SELECT p.user_id, u.name, p.submitted_at FROM round_participants p \
             JOIN users u ON u.id = p.user_id WHERE p.round_id = $1 ORDER BY u.name, u.id",
        )
        .bind(round)
        .fetch_all(c)
        .await
    })?;
    Ok(rows
        .into_iter()
        .map(|row| Participant {
            user_id: row.user_id,
            name: row.name,
            submitted: row.submitted_at.is_some(),
        })
        .collect())
}

pub async fn add_participant(tx: &mut Tx, round: i64, user: i64) -> Result<(), sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query("INSERT INTO round_participants (round_id, user_id) VALUES ($1, $2)")
            .bind(round)
            .bind(user)
            .execute(c)
            .await
            .map(|_| ())
    })
}

/// Removes a participant who has not rated; false if there was none to remove.
pub async fn remove_participant(tx: &mut Tx, round: i64, user: i64) -> Result<bool, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query("DELETE FROM round_participants WHERE round_id = $1 AND user_id = $2 AND submitted_at IS NULL")
            .bind(round)
            .bind(user)
            .execute(c)
            .await
            .map(|done| done.rows_affected() == 1)
    })
}

/// Marks a participant's ratings submitted; false if they already were.
pub async fn mark_submitted(
    tx: &mut Tx,
    round: i64,
    user: i64,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query(
            "UPDATE round_participants SET submitted_at = $1 \
             WHERE round_id = $2 AND user_id = $3 AND submitted_at IS NULL",
        )
        .bind(now)
        .bind(round)
        .bind(user)
        .execute(c)
        .await
        .map(|done| done.rows_affected() == 1)
    })
}

#[derive(sqlx::FromRow)]
struct RatingRow {
    user_id: i64,
    rater: String,
    domain: i64,
    level: i64,
    evidence: String,
    rationale: String,
}

/// Every rating of a round, by domain then rater.
pub async fn ratings(conn: &mut Conn, round: i64) -> Result<Vec<Rating>, sqlx::Error> {
    let rows: Vec<RatingRow> = on_conn!(conn, c => {
        sqlx::query_as(
            "SELECT r.user_id, u.name AS rater, d.position AS domain, r.level, r.evidence, r.rationale \
             FROM ratings r JOIN users u ON u.id = r.user_id JOIN maturity_domains d ON d.id = r.domain_id \
             WHERE r.round_id = $1 ORDER BY d.position, u.name, u.id",
        )
        .bind(round)
        .fetch_all(c)
        .await
    })?;
    Ok(rows
        .into_iter()
        .map(|row| Rating {
            user_id: row.user_id,
            rater: row.rater,
            domain: row.domain,
            level: row.level,
            evidence: row.evidence,
            rationale: row.rationale,
        })
        .collect())
}

pub async fn insert_rating(tx: &mut Tx, round: i64, rating: &Rating) -> Result<(), sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query(
            "INSERT INTO ratings (round_id, user_id, domain_id, level, evidence, rationale) \
             SELECT $1, $2, id, $4, $5, $6 FROM maturity_domains WHERE position = $3",
        )
        .bind(round)
        .bind(rating.user_id)
        .bind(rating.domain)
        .bind(rating.level)
        .bind(&rating.evidence)
        .bind(&rating.rationale)
        .execute(c)
        .await
        .map(|_| ())
    })
}

#[derive(sqlx::FromRow)]
struct AgreedRow {
    domain: i64,
    level: i64,
    target_level: i64,
    rationale: String,
    decided_by: String,
    version: i64,
}

pub async fn agreed(conn: &mut Conn, round: i64) -> Result<Vec<Agreed>, sqlx::Error> {
    let rows: Vec<AgreedRow> = on_conn!(conn, c => {
        sqlx::query_as(
            "SELECT d.position AS domain, a.level, a.target_level, a.rationale, u.name AS decided_by, a.version \
             FROM agreed_levels a JOIN maturity_domains d ON d.id = a.domain_id JOIN users u ON u.id = a.decided_by \
             WHERE a.round_id = $1 ORDER BY d.position",
        )
        .bind(round)
        .fetch_all(c)
        .await
    })?;
    Ok(rows
        .into_iter()
        .map(|row| Agreed {
            domain: row.domain,
            level: row.level,
            target_level: row.target_level,
            rationale: row.rationale,
            decided_by: row.decided_by,
            version: row.version,
        })
        .collect())
}

pub struct Decision<'a> {
    pub round: i64,
    pub domain_id: i64,
    pub level: i64,
    pub target_level: i64,
    pub rationale: &'a str,
    pub by: i64,
}

/// Records the agreed level of a domain if it is still at `version` (0: none recorded
/// yet); answers whether it was.
pub async fn decide_agreed(
    tx: &mut Tx,
    decision: Decision<'_>,
    version: i64,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let sql = if version == 0 {
        "INSERT INTO agreed_levels (round_id, domain_id, level, target_level, rationale, decided_by, decided_at, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8 + 1) ON CONFLICT (round_id, domain_id) DO NOTHING"
    } else {
        "UPDATE agreed_levels SET level = $3, target_level = $4, rationale = $5, decided_by = $6, \
         decided_at = $7, version = version + 1 \
         WHERE round_id = $1 AND domain_id = $2 AND version = $8"
    };
    let changed = on_conn!(tx, c => {
        sqlx::query(sql)
            .bind(decision.round)
            .bind(decision.domain_id)
            .bind(decision.level)
            .bind(decision.target_level)
            .bind(decision.rationale)
            .bind(decision.by)
            .bind(now)
            .bind(version)
            .execute(c)
            .await
            .map(|done| done.rows_affected())
    })?;
    Ok(changed == 1)
}

#[derive(sqlx::FromRow)]
pub struct GapRow {
    pub domain: i64,
    pub title: String,
    pub status: GapStatus,
    pub version: i64,
}

/// The lead's answers to a round's gap actions.
pub async fn gap_actions(conn: &mut Conn, round: i64) -> Result<Vec<GapRow>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as(
            "SELECT d.position AS domain, g.title, g.status, g.version FROM gap_actions g \
             JOIN maturity_domains d ON d.id = g.domain_id WHERE g.round_id = $1 ORDER BY d.position",
        )
        .bind(round)
        .fetch_all(c)
        .await
    })
}

pub struct GapDecision<'a> {
    pub round: i64,
    pub domain_id: i64,
    pub title: &'a str,
    pub status: &'a str,
    pub by: i64,
}

/// Records the answer to a gap action if it is still at `version` (0: not answered yet);
/// answers whether it was.
pub async fn decide_gap_action(
    tx: &mut Tx,
    decision: GapDecision<'_>,
    version: i64,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let sql = if version == 0 {
        "INSERT INTO gap_actions (round_id, domain_id, title, status, decided_by, decided_at, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7 + 1) ON CONFLICT (round_id, domain_id) DO NOTHING"
    } else {
        "UPDATE gap_actions SET title = $3, status = $4, decided_by = $5, decided_at = $6, \
         version = version + 1 \
         WHERE round_id = $1 AND domain_id = $2 AND version = $7"
    };
    let changed = on_conn!(tx, c => {
        sqlx::query(sql)
            .bind(decision.round)
            .bind(decision.domain_id)
            .bind(decision.title)
            .bind(decision.status)
            .bind(decision.by)
            .bind(now)
            .bind(version)
            .execute(c)
            .await
            .map(|done| done.rows_affected())
    })?;
    Ok(changed == 1)
}

#[derive(sqlx::FromRow)]
struct PublishedRow {
    #[sqlx(flatten)]
    round: RoundRow,
    domain: i64,
    level: i64,
    target_level: i64,
    level_name: String,
    rationale: String,
}

/// Every agreed level of every published round, by borough, round date and domain. The
/// level's name is the one of the framework version the round was scored against.
pub async fn published_levels(conn: &mut Conn) -> Result<Vec<PublishedLevel>, sqlx::Error> {
    let sql = "SELECT r.id, b.code AS borough_code, b.name AS borough_name, r.title, r.held_on, \
         r.status, r.illustrative, v.number AS framework_version, \
         d.position AS domain, a.level, a.target_level, l.name AS level_name, a.rationale \
         FROM agreed_levels a \
         JOIN assessment_rounds r ON r.id = a.round_id \
         JOIN boroughs b ON b.id = r.borough_id \
         JOIN framework_versions v ON v.id = r.framework_version_id \
         JOIN maturity_domains d ON d.id = a.domain_id \
         JOIN framework_levels l ON l.framework_version_id = r.framework_version_id \
              AND l.domain_id = a.domain_id AND l.level = a.level \
         WHERE r.status = 'published' \
         ORDER BY b.name, r.held_on, r.id, d.position";
    let rows: Vec<PublishedRow> = on_conn!(conn, c => sqlx::query_as(sql).fetch_all(c).await)?;
    Ok(rows
        .into_iter()
        .map(|row| PublishedLevel {
            round: Round::from(row.round),
            domain: row.domain,
            level: row.level,
            target_level: row.target_level,
            level_name: row.level_name,
            rationale: row.rationale,
        })
        .collect())
}

/// The rounds `user` takes part in.
pub async fn rounds_of_participant(conn: &mut Conn, user: i64) -> Result<Vec<i64>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_scalar("SELECT round_id FROM round_participants WHERE user_id = $1")
            .bind(user)
            .fetch_all(c)
            .await
    })
}
