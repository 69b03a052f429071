//! SQL for quarterly returns: periods, the theme code list, populations, attempts,
//! submissions with their rows, and the sums the coverage and unmet need rollups start from.

use super::model::{
    Attempt, DeprivationLine, Employer, NeedTheme, Ons4Measure, OutcomeLine, Period,
    PopulationLine, Problem, ReferralLine, ReturnContent, Submission, UnmetNeedLine, WhyUnmet,
    WorkforceLine, WorkforceRole, WorkforceTarget,
};
use crate::on_conn;
use crate::plumbing::{Conn, Tx};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::QueryBuilder;

/// Rows per multi-row INSERT: well inside both databases' limits on bound parameters.
const BATCH: usize = 1000;

const PERIOD_COLUMNS: &str = "p.id AS period_id, p.financial_year, p.quarter, p.opens_on, \
     p.due_on, p.closes_on, p.baseline, (SELECT code FROM icbs WHERE id = p.icb_id) AS icb_code";

#[derive(sqlx::FromRow)]
struct PeriodRow {
    period_id: i64,
    financial_year: i64,
    quarter: i64,
    opens_on: NaiveDate,
    due_on: NaiveDate,
    closes_on: NaiveDate,
    baseline: bool,
    icb_code: String,
}

impl TryFrom<PeriodRow> for Period {
    type Error = sqlx::Error;

    /// Fails on a year or quarter no period can have: a damaged row is reported, never
    /// shown as another period.
    fn try_from(row: PeriodRow) -> Result<Self, Self::Error> {
        let out_of_range = |column: &str, value: i64| sqlx::Error::ColumnDecode {
            index: format!("return_periods.{column}"),
            source: format!("{value} is out of range").into(),
        };
        Ok(Period {
            id: row.period_id,
            financial_year: i32::try_from(row.financial_year)
                .map_err(|_| out_of_range("financial_year", row.financial_year))?,
            quarter: u32::try_from(row.quarter)
                .ok()
                .filter(|quarter| (1..=4).contains(quarter))
                .ok_or_else(|| out_of_range("quarter", row.quarter))?,
            opens_on: row.opens_on,
            due_on: row.due_on,
            closes_on: row.closes_on,
            baseline: row.baseline,
            icb_code: row.icb_code,
        })
    }
}

/// Every period of every ICB, newest first.
pub async fn periods(conn: &mut Conn) -> Result<Vec<Period>, sqlx::Error> {
    let rows: Vec<PeriodRow> = on_conn!(conn, c => {
        sqlx::query_as(&format!(
            "SELECT {PERIOD_COLUMNS} FROM return_periods p \
             ORDER BY p.financial_year DESC, p.quarter DESC"
        ))
        .fetch_all(c)
        .await
    })?;
    rows.into_iter().map(Period::try_from).collect()
}

pub async fn find_period(conn: &mut Conn, id: i64) -> Result<Option<Period>, sqlx::Error> {
    let row: Option<PeriodRow> = on_conn!(conn, c => {
        sqlx::query_as(&format!(
            "SELECT {PERIOD_COLUMNS} FROM return_periods p WHERE p.id = $1"
        ))
        .bind(id)
        .fetch_optional(c)
        .await
    })?;
    row.map(Period::try_from).transpose()
}

pub struct NewPeriod {
    pub financial_year: i32,
    pub quarter: u32,
    pub opens_on: NaiveDate,
    pub due_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub created_by: i64,
    /// The ICB whose boroughs it asks (its code).
    pub icb: String,
}

pub async fn insert_period(
    tx: &mut Tx,
    period: &NewPeriod,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query_scalar(
            "INSERT INTO return_periods \
             (financial_year, quarter, opens_on, due_on, closes_on, baseline, created_by, created_at, \
              icb_id) \
             VALUES ($1, $2, $3, $4, $5, FALSE, $6, $7, (SELECT id FROM icbs WHERE code = $8)) \
             RETURNING id",
        )
        .bind(i64::from(period.financial_year))
        .bind(i64::from(period.quarter))
        .bind(period.opens_on)
        .bind(period.due_on)
        .bind(period.closes_on)
        .bind(period.created_by)
        .bind(now)
        .bind(&period.icb)
        .fetch_one(c)
        .await
    })
}

pub async fn themes(conn: &mut Conn) -> Result<Vec<NeedTheme>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, NeedTheme>(
            "SELECT id, name, position FROM need_themes ORDER BY position, name",
        )
        .fetch_all(c)
        .await
    })
}

pub async fn insert_theme(tx: &mut Tx, name: &str) -> Result<i64, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query_scalar(
            "INSERT INTO need_themes (name, position) \
             SELECT $1, COALESCE(MAX(position), 0) + 1 FROM need_themes RETURNING id",
        )
        .bind(name)
        .fetch_one(c)
        .await
    })
}

#[derive(sqlx::FromRow)]
struct PopulationRow {
    borough_code: String,
    borough_name: String,
    effective_from: NaiveDate,
    population: i64,
    source: String,
    version: i64,
}

/// Every recorded population, by borough then date.
pub async fn populations(conn: &mut Conn) -> Result<Vec<PopulationLine>, sqlx::Error> {
    let rows: Vec<PopulationRow> = on_conn!(conn, c => {
        sqlx::query_as(
            "SELECT b.code AS borough_code, b.name AS borough_name, p.effective_from, \
             p.population, p.source, p.version \
             FROM borough_populations p JOIN boroughs b ON b.id = p.borough_id \
             ORDER BY b.name, p.effective_from",
        )
        .fetch_all(c)
        .await
    })?;
    Ok(rows
        .into_iter()
        .map(|row| PopulationLine {
            borough_code: row.borough_code,
            borough_name: row.borough_name,
            effective_from: row.effective_from,
            population: row.population,
            source: row.source,
            version: row.version,
        })
        .collect())
}

/// Every borough's deprivation measure that is recorded, by borough name.
pub async fn deprivation(conn: &mut Conn) -> Result<Vec<DeprivationLine>, sqlx::Error> {
    let rows = on_conn!(conn, c => {
        sqlx::query_as::<_, (String, String, f64, i64, String, i64)>(
            "SELECT b.code, b.name, d.score, d.year, d.source, d.version \
             FROM borough_deprivation d JOIN boroughs b ON b.id = d.borough_id ORDER BY b.name",
        )
        .fetch_all(c)
        .await
    })?;
    Ok(rows
        .into_iter()
        .map(
            |(borough_code, borough_name, score, year, source, version)| DeprivationLine {
                borough_code,
                borough_name,
                score,
                year,
                source,
                version,
            },
        )
        .collect())
}

/// Saves `borough`'s deprivation measure if it is still at `version` (0: none recorded);
/// false when someone else saved first.
pub async fn save_deprivation(
    tx: &mut Tx,
    borough: &str,
    (score, year, source): (f64, i64, &str),
    version: i64,
    (user, now): (i64, DateTime<Utc>),
) -> Result<bool, sqlx::Error> {
    let done = if version == 0 {
        on_conn!(tx, c => {
            sqlx::query(
                "INSERT INTO borough_deprivation (borough_id, score, year, source, version, recorded_by, recorded_at) \
                 SELECT id, $2, $3, $4, 1, $5, $6 FROM boroughs WHERE code = $1 \
                 ON CONFLICT (borough_id) DO NOTHING",
            )
            .bind(borough)
            .bind(score)
            .bind(year)
            .bind(source)
            .bind(user)
            .bind(now)
            .execute(c)
            .await
            .map(|done| done.rows_affected())
        })?
    } else {
        on_conn!(tx, c => {
            sqlx::query(
                "UPDATE borough_deprivation SET score = $2, year = $3, source = $4, \
                 version = version + 1, recorded_by = $5, recorded_at = $6 \
                 WHERE borough_id = (SELECT id FROM boroughs WHERE code = $1) AND version = $7",
            )
            .bind(borough)
            .bind(score)
            .bind(year)
            .bind(source)
            .bind(user)
            .bind(now)
            .bind(version)
            .execute(c)
            .await
            .map(|done| done.rows_affected())
        })?
    };
    Ok(done == 1)
}

/// The population recorded for `borough` from `effective_from` and its version, if any.
pub async fn population_on(
    conn: &mut Conn,
    borough: &str,
    effective_from: NaiveDate,
) -> Result<Option<(i64, i64)>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as(
            "SELECT p.population, p.version FROM borough_populations p JOIN boroughs b ON b.id = p.borough_id \
             WHERE b.code = $1 AND p.effective_from = $2",
        )
        .bind(borough)
        .bind(effective_from)
        .fetch_optional(c)
        .await
    })
}

pub struct NewPopulation<'a> {
    pub borough: &'a str,
    pub effective_from: NaiveDate,
    pub population: i64,
    pub source: &'a str,
    pub recorded_by: i64,
}

/// Records the population of a borough from a date (`version` 0: none recorded for that
/// date yet) or corrects it if it is still at `version`; answers whether it was saved.
pub async fn save_population(
    tx: &mut Tx,
    line: &NewPopulation<'_>,
    version: i64,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let sql = if version == 0 {
        "INSERT INTO borough_populations \
         (borough_id, effective_from, population, source, recorded_by, recorded_at, version) \
         SELECT id, $2, $3, $4, $5, $6, $7 + 1 FROM boroughs WHERE code = $1 \
         ON CONFLICT (borough_id, effective_from) DO NOTHING"
    } else {
        "UPDATE borough_populations SET population = $3, source = $4, recorded_by = $5, \
         recorded_at = $6, version = version + 1 \
         WHERE borough_id = (SELECT id FROM boroughs WHERE code = $1) AND effective_from = $2 \
         AND version = $7"
    };
    let changed = on_conn!(tx, c => {
        sqlx::query(sql)
            .bind(line.borough)
            .bind(line.effective_from)
            .bind(line.population)
            .bind(line.source)
            .bind(line.recorded_by)
            .bind(now)
            .bind(version)
            .execute(c)
            .await
            .map(|done| done.rows_affected())
    })?;
    Ok(changed == 1)
}

/// Every role's target in force, in the roles' order.
pub async fn targets(conn: &mut Conn) -> Result<Vec<WorkforceTarget>, sqlx::Error> {
    let mut targets: Vec<WorkforceTarget> = on_conn!(conn, c => {
        sqlx::query_as("SELECT role, per_10k, source FROM workforce_targets WHERE removed = FALSE")
            .fetch_all(c)
            .await
    })?;
    targets.sort_by_key(|t| t.role);
    Ok(targets)
}

/// The version of each role's target row (removed targets keep theirs), by role code; a
/// role never given a target has none (version 0).
pub async fn target_versions(conn: &mut Conn) -> Result<Vec<(String, i64)>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as("SELECT role, version FROM workforce_targets ORDER BY role")
            .fetch_all(c)
            .await
    })
}

/// Sets (`Some`) or removes (`None`) a role's target if its row is still at `version` (0:
/// the role never had one); answers whether it was.
pub async fn save_target(
    tx: &mut Tx,
    role: WorkforceRole,
    target: Option<(f64, &str)>,
    version: i64,
    (by, now): (i64, DateTime<Utc>),
) -> Result<bool, sqlx::Error> {
    let changed = match (target, version) {
        (Some((per_10k, source)), 0) => on_conn!(tx, c => {
            sqlx::query(
                "INSERT INTO workforce_targets (role, per_10k, source, set_by, set_at, version) \
                 VALUES ($1, $2, $3, $4, $5, 1) ON CONFLICT (role) DO NOTHING",
            )
            .bind(role.code())
            .bind(per_10k)
            .bind(source)
            .bind(by)
            .bind(now)
            .execute(c)
            .await
            .map(|done| done.rows_affected())
        })?,
        (Some((per_10k, source)), version) => on_conn!(tx, c => {
            sqlx::query(
                "UPDATE workforce_targets SET per_10k = $2, source = $3, set_by = $4, set_at = $5, \
                 removed = FALSE, version = version + 1 WHERE role = $1 AND version = $6",
            )
            .bind(role.code())
            .bind(per_10k)
            .bind(source)
            .bind(by)
            .bind(now)
            .bind(version)
            .execute(c)
            .await
            .map(|done| done.rows_affected())
        })?,
        // The row stays, its figure kept but out of force, so its version carries on.
        (None, version) => on_conn!(tx, c => {
            sqlx::query(
                "UPDATE workforce_targets SET removed = TRUE, set_by = $2, set_at = $3, \
                 version = version + 1 WHERE role = $1 AND version = $4",
            )
            .bind(role.code())
            .bind(by)
            .bind(now)
            .bind(version)
            .execute(c)
            .await
            .map(|done| done.rows_affected())
        })?,
    };
    Ok(changed == 1)
}

const THRESHOLD_KEY: &str = "unmet_need_suppression_threshold";

/// The suppression threshold and its version, if one has been set.
pub async fn threshold(conn: &mut Conn) -> Result<Option<(i64, i64)>, sqlx::Error> {
    crate::site::db::typed_setting(conn, THRESHOLD_KEY).await
}

/// Sets the threshold if its setting is still at `version` (0: never set); answers
/// whether it was.
pub async fn set_threshold(tx: &mut Tx, threshold: i64, version: i64) -> Result<bool, sqlx::Error> {
    crate::site::db::save_setting(tx, THRESHOLD_KEY, &threshold.to_string(), version).await
}

/// Sets what a stored return says about its figures (the review's baseline, the demo's
/// illustrative returns).
pub async fn note_source(tx: &mut Tx, submission_id: i64, note: &str) -> Result<(), sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query("UPDATE return_submissions SET source_note = $1 WHERE id = $2")
            .bind(note)
            .bind(submission_id)
            .execute(c)
            .await
            .map(|_| ())
    })
}

const SUBMISSION_SELECT: &str = "SELECT s.id, s.version, b.code AS borough_code, \
     b.name AS borough_name, up.name AS uploaded_by, s.uploaded_at, s.file_name, s.file_hash, \
     s.people_referred, s.source_note, so.name AS signed_off_by, s.signed_off_at, \
     p.id AS period_id, p.financial_year, p.quarter, p.opens_on, p.due_on, p.closes_on, \
     p.baseline, (SELECT code FROM icbs WHERE id = p.icb_id) AS icb_code, \
     CASE WHEN s.signed_off_at IS NOT NULL AND s.version = (SELECT MAX(x.version) \
         FROM return_submissions x WHERE x.period_id = s.period_id \
         AND x.borough_id = s.borough_id AND x.signed_off_at IS NOT NULL) \
         THEN TRUE ELSE FALSE END AS counts \
     FROM return_submissions s \
     JOIN return_periods p ON p.id = s.period_id \
     JOIN boroughs b ON b.id = s.borough_id \
     LEFT JOIN users up ON up.id = s.uploaded_by \
     LEFT JOIN users so ON so.id = s.signed_off_by";

#[derive(sqlx::FromRow)]
struct SubmissionRow {
    id: i64,
    version: i64,
    borough_code: String,
    borough_name: String,
    uploaded_by: Option<String>,
    uploaded_at: DateTime<Utc>,
    file_name: Option<String>,
    file_hash: Option<String>,
    people_referred: Option<i64>,
    source_note: Option<String>,
    signed_off_by: Option<String>,
    signed_off_at: Option<DateTime<Utc>>,
    counts: bool,
    #[sqlx(flatten)]
    period: PeriodRow,
}

impl TryFrom<SubmissionRow> for Submission {
    type Error = sqlx::Error;

    fn try_from(row: SubmissionRow) -> Result<Self, Self::Error> {
        Ok(Submission {
            id: row.id,
            period: row.period.try_into()?,
            borough_code: row.borough_code,
            borough_name: row.borough_name,
            version: row.version,
            uploaded_by: row.uploaded_by,
            uploaded_at: row.uploaded_at,
            file_name: row.file_name,
            file_hash: row.file_hash,
            people_referred: row.people_referred,
            source_note: row.source_note,
            signed_off_by: row.signed_off_by,
            signed_off_at: row.signed_off_at,
            counts: row.counts,
        })
    }
}

/// Every version of every borough's return for `period`, newest version first.
pub async fn submissions_for_period(
    conn: &mut Conn,
    period: i64,
) -> Result<Vec<Submission>, sqlx::Error> {
    let rows: Vec<SubmissionRow> = on_conn!(conn, c => {
        sqlx::query_as(&format!(
            "{SUBMISSION_SELECT} WHERE s.period_id = $1 ORDER BY b.name, s.version DESC"
        ))
        .bind(period)
        .fetch_all(c)
        .await
    })?;
    rows.into_iter().map(Submission::try_from).collect()
}

/// Every version of every borough's return for every period, by period, then as
/// [`submissions_for_period`] orders them: the returns overview groups them by period.
pub async fn submissions_for_every_period(conn: &mut Conn) -> Result<Vec<Submission>, sqlx::Error> {
    let rows: Vec<SubmissionRow> = on_conn!(conn, c => {
        sqlx::query_as(&format!(
            "{SUBMISSION_SELECT} ORDER BY p.id, b.name, s.version DESC"
        ))
        .fetch_all(c)
        .await
    })?;
    rows.into_iter().map(Submission::try_from).collect()
}

/// The versions that count: the latest signed-off one of each borough and period.
pub async fn counted_submissions(conn: &mut Conn) -> Result<Vec<Submission>, sqlx::Error> {
    let rows: Vec<SubmissionRow> = on_conn!(conn, c => {
        sqlx::query_as(&format!(
            "{SUBMISSION_SELECT} WHERE s.signed_off_at IS NOT NULL AND s.version = \
             (SELECT MAX(x.version) FROM return_submissions x WHERE x.period_id = s.period_id \
             AND x.borough_id = s.borough_id AND x.signed_off_at IS NOT NULL) \
             ORDER BY p.financial_year, p.quarter, b.name"
        ))
        .fetch_all(c)
        .await
    })?;
    rows.into_iter().map(Submission::try_from).collect()
}

pub async fn find_submission(conn: &mut Conn, id: i64) -> Result<Option<Submission>, sqlx::Error> {
    let row: Option<SubmissionRow> = on_conn!(conn, c => {
        sqlx::query_as(&format!("{SUBMISSION_SELECT} WHERE s.id = $1"))
            .bind(id)
            .fetch_optional(c)
            .await
    })?;
    row.map(Submission::try_from).transpose()
}

/// The original uploaded file of a submission: (file name, bytes).
pub async fn submission_file(
    conn: &mut Conn,
    id: i64,
) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    let row: Option<(Option<String>, Option<Vec<u8>>)> = on_conn!(conn, c => {
        sqlx::query_as("SELECT file_name, file FROM return_submissions WHERE id = $1")
            .bind(id)
            .fetch_optional(c)
            .await
    })?;
    Ok(match row {
        Some((Some(name), Some(bytes))) => Some((name, bytes)),
        _ => None,
    })
}

pub struct NewSubmission<'a> {
    pub period: i64,
    pub borough: &'a str,
    pub uploaded_by: i64,
    pub file_name: &'a str,
    pub file_hash: &'a str,
    pub file: &'a [u8],
}

/// Stores a clean return as the borough's next version for the period, with its rows;
/// answers (id, version).
/// Takes the upload lock for a borough: a no-op UPDATE of its row, held to commit.
///
/// PostgreSQL: the row lock makes a second upload for the borough wait here until the first
/// commits; its version query then runs on a fresh snapshot (READ COMMITTED) and sees the
/// version just stored, so the two become consecutive versions. The lock does not block
/// other writes that merely reference the borough (they take KEY SHARE). SQLite: writers
/// are serialised database-wide; making the transaction's first statement a write takes
/// the write lock at once, so a second upload waits under the busy timeout rather than
/// failing when a read snapshot would have to be upgraded.
pub async fn lock_uploads(tx: &mut Tx, borough: &str) -> Result<(), sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query("UPDATE boroughs SET code = code WHERE code = $1")
            .bind(borough)
            .execute(c)
            .await
            .map(|_| ())
    })
}

/// The borough's newest version for the period and its file's SHA-256 (none for the
/// baseline), if it has any.
pub async fn newest_version(
    tx: &mut Tx,
    period: i64,
    borough: &str,
) -> Result<Option<(i64, Option<String>)>, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query_as(
            "SELECT s.version, s.file_hash FROM return_submissions s \
             JOIN boroughs b ON b.id = s.borough_id \
             WHERE s.period_id = $1 AND b.code = $2 ORDER BY s.version DESC LIMIT 1",
        )
        .bind(period)
        .bind(borough)
        .fetch_optional(c)
        .await
    })
}

pub async fn insert_submission(
    tx: &mut Tx,
    new: &NewSubmission<'_>,
    content: &ReturnContent,
    themes: &[NeedTheme],
    now: DateTime<Utc>,
) -> Result<(i64, i64), sqlx::Error> {
    let (id, version): (i64, i64) = on_conn!(tx, c => {
        sqlx::query_as(
            "INSERT INTO return_submissions \
             (period_id, borough_id, version, uploaded_by, uploaded_at, file_name, file_hash, \
              file, template_version, people_referred) \
             SELECT $1, b.id, COALESCE((SELECT MAX(version) FROM return_submissions x \
                 WHERE x.period_id = $1 AND x.borough_id = b.id), 0) + 1, \
                 $3, $4, $5, $6, $7, $8, $9 \
             FROM boroughs b WHERE b.code = $2 \
             RETURNING id, version",
        )
        .bind(new.period)
        .bind(new.borough)
        .bind(new.uploaded_by)
        .bind(now)
        .bind(new.file_name)
        .bind(new.file_hash)
        .bind(new.file)
        .bind(content.template_version)
        .bind(content.people_referred)
        .fetch_one(c)
        .await
    })?;
    let theme_id = |name: &str| {
        themes
            .iter()
            .find(|theme| theme.name == name)
            .map_or(0, |theme| theme.id)
    };
    for (batch_number, batch) in content.workforce.chunks(BATCH).enumerate() {
        let first = (batch_number * BATCH) as i64;
        on_conn!(tx, c => {
            let mut query = QueryBuilder::new(
                "INSERT INTO return_workforce \
                 (submission_id, row_number, pcn, role, employer, headcount, wte, vacancies) ",
            );
            query.push_values((first..).zip(batch), |mut row, (number, line)| {
                row.push_bind(id)
                    .push_bind(number + 1)
                    .push_bind(line.pcn.as_str())
                    .push_bind(line.role.code())
                    .push_bind(line.employer.code())
                    .push_bind(line.headcount)
                    .push_bind(line.wte)
                    .push_bind(line.vacancies);
            });
            query.build().execute(c).await.map(|_| ())
        })?;
    }
    for batch in content.referrals.chunks(BATCH) {
        on_conn!(tx, c => {
            let mut query = QueryBuilder::new(
                "INSERT INTO return_referrals (submission_id, theme_id, referrals) ",
            );
            query.push_values(batch, |mut row, line| {
                row.push_bind(id)
                    .push_bind(theme_id(&line.theme))
                    .push_bind(line.referrals);
            });
            query.build().execute(c).await.map(|_| ())
        })?;
    }
    for (batch_number, batch) in content.unmet_needs.chunks(BATCH).enumerate() {
        let first = (batch_number * BATCH) as i64;
        on_conn!(tx, c => {
            let mut query = QueryBuilder::new(
                "INSERT INTO return_unmet_needs \
                 (submission_id, row_number, theme_id, people, place, reason, notes) ",
            );
            query.push_values((first..).zip(batch), |mut row, (number, line)| {
                row.push_bind(id)
                    .push_bind(number + 1)
                    .push_bind(theme_id(&line.theme))
                    .push_bind(line.people)
                    .push_bind(line.place.as_deref())
                    .push_bind(line.reason.code())
                    .push_bind(line.notes.as_deref());
            });
            query.build().execute(c).await.map(|_| ())
        })?;
    }
    for line in &content.outcomes {
        on_conn!(tx, c => {
            sqlx::query(
                "INSERT INTO return_outcomes \
                 (submission_id, measure, before_mean, before_n, after_mean, after_n) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(line.measure.code())
            .bind(line.before_mean)
            .bind(line.before_n)
            .bind(line.after_mean)
            .bind(line.after_n)
            .execute(c)
            .await
            .map(|_| ())
        })?;
    }
    Ok((id, version))
}

/// Signs off a submission that is not yet signed off; answers whether it did.
pub async fn sign_off(
    tx: &mut Tx,
    id: i64,
    by: i64,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = on_conn!(tx, c => {
        sqlx::query(
            "UPDATE return_submissions SET signed_off_by = $2, signed_off_at = $3 \
             WHERE id = $1 AND signed_off_at IS NULL",
        )
        .bind(id)
        .bind(by)
        .bind(now)
        .execute(c)
        .await
        .map(|done| done.rows_affected())
    })?;
    Ok(done == 1)
}

#[derive(sqlx::FromRow)]
struct WorkforceRow {
    pcn: String,
    role: WorkforceRole,
    employer: Employer,
    headcount: Option<i64>,
    wte: f64,
    vacancies: f64,
}

#[derive(sqlx::FromRow)]
struct UnmetRow {
    theme: String,
    people: i64,
    place: Option<String>,
    reason: WhyUnmet,
    notes: Option<String>,
}

#[derive(sqlx::FromRow)]
struct OutcomeRow {
    measure: Ons4Measure,
    before_mean: Option<f64>,
    before_n: Option<i64>,
    after_mean: Option<f64>,
    after_n: Option<i64>,
}

/// How many workforce and unmet need rows a submission holds.
pub async fn row_counts(conn: &mut Conn, id: i64) -> Result<(i64, i64), sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM return_workforce WHERE submission_id = $1), \
             (SELECT COUNT(*) FROM return_unmet_needs WHERE submission_id = $1)",
        )
        .bind(id)
        .fetch_one(c)
        .await
    })
}

/// A submission's rows, in the order they were returned: at most `rows` workforce and
/// unmet need rows (a page shows the first few; the original file holds them all).
pub async fn content(conn: &mut Conn, id: i64, rows: i64) -> Result<ReturnContent, sqlx::Error> {
    let head: (Option<i64>, Option<i64>) = on_conn!(conn, c => {
        sqlx::query_as(
            "SELECT template_version, people_referred FROM return_submissions WHERE id = $1",
        )
        .bind(id)
        .fetch_one(c)
        .await
    })?;
    let workforce: Vec<WorkforceRow> = on_conn!(conn, c => {
        sqlx::query_as(
            "SELECT pcn, role, employer, headcount, wte, vacancies FROM return_workforce \
             WHERE submission_id = $1 ORDER BY row_number LIMIT $2",
        )
        .bind(id)
        .bind(rows)
        .fetch_all(c)
        .await
    })?;
    let referrals: Vec<(String, i64)> = on_conn!(conn, c => {
        sqlx::query_as(
            "SELECT t.name, r.referrals FROM return_referrals r \
             JOIN need_themes t ON t.id = r.theme_id \
             WHERE r.submission_id = $1 ORDER BY t.position, t.name",
        )
        .bind(id)
        .fetch_all(c)
        .await
    })?;
    let unmet: Vec<UnmetRow> = on_conn!(conn, c => {
        sqlx::query_as(
            "SELECT t.name AS theme, u.people, u.place, u.reason, u.notes \
             FROM return_unmet_needs u JOIN need_themes t ON t.id = u.theme_id \
             WHERE u.submission_id = $1 ORDER BY u.row_number LIMIT $2",
        )
        .bind(id)
        .bind(rows)
        .fetch_all(c)
        .await
    })?;
    let outcomes: Vec<OutcomeRow> = on_conn!(conn, c => {
        sqlx::query_as(
            "SELECT measure, before_mean, before_n, after_mean, after_n FROM return_outcomes \
             WHERE submission_id = $1",
        )
        .bind(id)
        .fetch_all(c)
        .await
    })?;
    let mut outcomes: Vec<OutcomeLine> = outcomes
        .into_iter()
        .map(|row| OutcomeLine {
            measure: row.measure,
            before_mean: row.before_mean,
            before_n: row.before_n,
            after_mean: row.after_mean,
            after_n: row.after_n,
        })
        .collect();
    outcomes.sort_by_key(|line| {
        Ons4Measure::ALL
            .iter()
            .position(|measure| *measure == line.measure)
    });
    Ok(ReturnContent {
        template_version: head.0,
        people_referred: head.1,
        workforce: workforce
            .into_iter()
            .map(|row| WorkforceLine {
                pcn: row.pcn,
                role: row.role,
                employer: row.employer,
                headcount: row.headcount,
                wte: row.wte,
                vacancies: row.vacancies,
            })
            .collect(),
        referrals: referrals
            .into_iter()
            .map(|(theme, referrals)| ReferralLine { theme, referrals })
            .collect(),
        unmet_needs: unmet
            .into_iter()
            .map(|row| UnmetNeedLine {
                theme: row.theme,
                people: row.people,
                place: row.place,
                reason: row.reason,
                notes: row.notes,
            })
            .collect(),
        outcomes,
    })
}

pub struct NewAttempt<'a> {
    pub period: i64,
    pub borough: &'a str,
    pub uploaded_by: i64,
    pub file_name: &'a str,
    pub file_size: i64,
    pub file_hash: &'a str,
    pub problems: &'a [Problem],
    pub submission: Option<i64>,
}

pub async fn insert_attempt(
    tx: &mut Tx,
    attempt: &NewAttempt<'_>,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    let problems = serde_json::to_string(attempt.problems)
        .map_err(|error| sqlx::Error::Encode(Box::new(error)))?;
    on_conn!(tx, c => {
        sqlx::query_scalar(
            "INSERT INTO return_attempts \
             (period_id, borough_id, uploaded_by, uploaded_at, file_name, file_size, file_hash, \
              problems, problem_count, submission_id) \
             SELECT $1, id, $3, $4, $5, $6, $7, $8, $9, $10 FROM boroughs WHERE code = $2 \
             RETURNING id",
        )
        .bind(attempt.period)
        .bind(attempt.borough)
        .bind(attempt.uploaded_by)
        .bind(now)
        .bind(attempt.file_name)
        .bind(attempt.file_size)
        .bind(attempt.file_hash)
        .bind(problems)
        .bind(attempt.problems.len() as i64)
        .bind(attempt.submission)
        .fetch_one(c)
        .await
    })
}

/// An attempt's columns: its problem list only for its own page (`with_problems`), an empty
/// list everywhere else, so lists never read what may be hundreds of problems each.
fn attempt_select(with_problems: bool) -> String {
    let problems = if with_problems { "a.problems" } else { "'[]'" };
    format!(
        "SELECT a.id, b.code AS borough_code, b.name AS borough_name, \
     u.name AS uploaded_by, a.uploaded_at, a.file_name, a.file_size, a.file_hash, \
     a.problem_count, {problems} AS problems, a.submission_id, p.id AS period_id, p.financial_year, p.quarter, p.opens_on, p.due_on, \
     p.closes_on, p.baseline, (SELECT code FROM icbs WHERE id = p.icb_id) AS icb_code \
     FROM return_attempts a \
     JOIN return_periods p ON p.id = a.period_id \
     JOIN boroughs b ON b.id = a.borough_id \
     JOIN users u ON u.id = a.uploaded_by"
    )
}

#[derive(sqlx::FromRow)]
struct AttemptRow {
    id: i64,
    borough_code: String,
    borough_name: String,
    uploaded_by: String,
    uploaded_at: DateTime<Utc>,
    file_name: String,
    file_size: i64,
    file_hash: String,
    problem_count: i64,
    problems: String,
    submission_id: Option<i64>,
    #[sqlx(flatten)]
    period: PeriodRow,
}

impl TryFrom<AttemptRow> for Attempt {
    type Error = sqlx::Error;

    /// Fails on stored problems that are not the JSON list Linkway writes: a damaged row
    /// is reported, never shown as an attempt without problems.
    fn try_from(row: AttemptRow) -> Result<Self, Self::Error> {
        let problems =
            serde_json::from_str(&row.problems).map_err(|error| sqlx::Error::ColumnDecode {
                index: "return_attempts.problems".to_owned(),
                source: Box::new(error),
            })?;
        Ok(Attempt {
            id: row.id,
            period: row.period.try_into()?,
            borough_code: row.borough_code,
            borough_name: row.borough_name,
            uploaded_by: row.uploaded_by,
            uploaded_at: row.uploaded_at,
            file_name: row.file_name,
            file_size: row.file_size,
            file_hash: row.file_hash,
            problem_count: row.problem_count,
            problems,
            submission_id: row.submission_id,
        })
    }
}

pub async fn find_attempt(conn: &mut Conn, id: i64) -> Result<Option<Attempt>, sqlx::Error> {
    let row: Option<AttemptRow> = on_conn!(conn, c => {
        sqlx::query_as(&format!("{} WHERE a.id = $1", attempt_select(true)))
            .bind(id)
            .fetch_optional(c)
            .await
    })?;
    row.map(Attempt::try_from).transpose()
}

/// Every upload to a period (one borough's, if named), newest first.
pub async fn attempts(
    conn: &mut Conn,
    period: i64,
    borough: Option<&str>,
) -> Result<Vec<Attempt>, sqlx::Error> {
    let rows: Vec<AttemptRow> = on_conn!(conn, c => {
        sqlx::query_as(&format!(
            "{} WHERE a.period_id = $1 AND ($2 IS NULL OR b.code = $2) \
             ORDER BY a.uploaded_at DESC, a.id DESC",
            attempt_select(false)
        ))
        .bind(period)
        .bind(borough)
        .fetch_all(c)
        .await
    })?;
    rows.into_iter().map(Attempt::try_from).collect()
}

/// How many of a borough's uploads to a period were refused (stored no version).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct FailedAttempts {
    pub period_id: i64,
    pub borough_code: String,
    pub failed: i64,
}

/// Refused uploads per period and borough (one period's, if named), counted by the database:
/// the dashboards need only the counts, and the attempts themselves may be many.
pub async fn failed_attempts(
    conn: &mut Conn,
    period: Option<i64>,
) -> Result<Vec<FailedAttempts>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as(
            "SELECT a.period_id, b.code AS borough_code, COUNT(*) AS failed \
             FROM return_attempts a JOIN boroughs b ON b.id = a.borough_id \
             WHERE a.submission_id IS NULL AND ($1 IS NULL OR a.period_id = $1) \
             GROUP BY a.period_id, b.code",
        )
        .bind(period)
        .fetch_all(c)
        .await
    })
}

/// WTE, headcount and vacancies per counted submission and role.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct WorkforceSum {
    pub submission_id: i64,
    pub role: WorkforceRole,
    pub wte: f64,
    pub headcount: Option<i64>,
    pub vacancies: f64,
}

pub async fn workforce_sums(conn: &mut Conn) -> Result<Vec<WorkforceSum>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, WorkforceSum>(
            "SELECT w.submission_id, w.role, SUM(w.wte) AS wte, \
             CASE WHEN COUNT(w.headcount) = COUNT(*) THEN CAST(SUM(w.headcount) AS BIGINT) END AS headcount, \
             SUM(w.vacancies) AS vacancies \
             FROM return_workforce w JOIN return_submissions s ON s.id = w.submission_id \
             WHERE s.signed_off_at IS NOT NULL \
             GROUP BY w.submission_id, w.role",
        )
        .fetch_all(c)
        .await
    })
}

/// People with unmet need per counted submission, theme and reason.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct UnmetSum {
    pub submission_id: i64,
    pub theme: String,
    pub reason: WhyUnmet,
    pub people: i64,
}

pub async fn unmet_sums(conn: &mut Conn) -> Result<Vec<UnmetSum>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, UnmetSum>(
            "SELECT u.submission_id, t.name AS theme, u.reason, CAST(SUM(u.people) AS BIGINT) AS people \
             FROM return_unmet_needs u \
             JOIN return_submissions s ON s.id = u.submission_id \
             JOIN need_themes t ON t.id = u.theme_id \
             WHERE s.signed_off_at IS NOT NULL \
             GROUP BY u.submission_id, t.name, u.reason",
        )
        .fetch_all(c)
        .await
    })
}
