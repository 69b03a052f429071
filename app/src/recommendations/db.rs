//! SQL for recommendations and the tracker.

use super::model::{
    BoroughLine, LinkedAction, Milestone, Plan, ProgressUpdate, RecommendationImport, Status,
};
use super::tracker::TrackerData;
use super::Recommendation;
use crate::on_conn;
use crate::plumbing::{Conn, Tx};
use chrono::{DateTime, NaiveDate, Utc};

const COLUMNS: &str =
    "number, category, recommendation, specific_actions, timeline, cost_implication, priority";

/// The recommendations of `icb`'s review (an ICB code), by number.
pub async fn list_recommendations(
    conn: &mut Conn,
    icb: &str,
) -> Result<Vec<Recommendation>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM recommendations \
         WHERE icb_id = (SELECT id FROM icbs WHERE code = $1) ORDER BY number"
    );
    on_conn!(conn, c => sqlx::query_as::<_, Recommendation>(&sql).bind(icb).fetch_all(c).await)
}

/// The setting that holds `icb`'s programme start.
fn programme_start_key(icb: &str) -> String {
    format!("programme_start:{icb}")
}

/// The programme start of `icb`'s review, `None` until it is set.
pub async fn programme_start(conn: &mut Conn, icb: &str) -> Result<Option<NaiveDate>, sqlx::Error> {
    let setting = crate::site::db::typed_setting(conn, &programme_start_key(icb)).await?;
    Ok(setting.map(|(start, _)| start))
}

/// The programme start setting's version (0: never set).
pub async fn programme_start_version(conn: &mut Conn, icb: &str) -> Result<i64, sqlx::Error> {
    let setting = crate::site::db::setting(conn, &programme_start_key(icb)).await?;
    Ok(setting.map_or(0, |(_, version)| version))
}

/// Sets `icb`'s programme start if its setting is still at `version` (0: never set);
/// answers whether it was.
pub async fn set_programme_start(
    tx: &mut Tx,
    icb: &str,
    start: NaiveDate,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let value = crate::format::iso_date(start);
    crate::site::db::save_setting(tx, &programme_start_key(icb), &value, version).await
}

/// A recommendation with its plan: the reference columns, then owner and version.
#[derive(sqlx::FromRow)]
struct PlanRow {
    #[sqlx(flatten)]
    recommendation: Recommendation,
    #[sqlx(flatten)]
    plan: Plan,
}

const PLAN_SELECT: &str = "SELECT r.id, r.number, r.category, r.recommendation, r.specific_actions, r.timeline, \
     r.cost_implication, r.priority, r.owner_id, u.name AS owner_name, r.lead_organisation, r.version, \
     i.code AS icb_code \
     FROM recommendations r JOIN icbs i ON i.id = r.icb_id LEFT JOIN users u ON u.id = r.owner_id";

/// The plan of recommendation `number` of `icb`'s review.
pub async fn find_plan(
    conn: &mut Conn,
    icb: &str,
    number: i64,
) -> Result<Option<Plan>, sqlx::Error> {
    let sql = format!("{PLAN_SELECT} WHERE r.number = $2 AND {OF_ICB}");
    let row = on_conn!(conn, c => {
        sqlx::query_as::<_, PlanRow>(&sql).bind(icb).bind(number).fetch_optional(c).await
    })?;
    Ok(row.map(|row| row.plan))
}

/// The plan of the recommendation milestone `id` belongs to.
pub async fn plan_of_milestone(conn: &mut Conn, id: i64) -> Result<Option<Plan>, sqlx::Error> {
    let sql = format!(
        "{PLAN_SELECT} WHERE r.id = (SELECT recommendation_id FROM milestones WHERE id = $1)"
    );
    let row = on_conn!(conn, c => {
        sqlx::query_as::<_, PlanRow>(&sql).bind(id).fetch_optional(c).await
    })?;
    Ok(row.map(|row| row.plan))
}

#[derive(sqlx::FromRow)]
struct MilestoneRow {
    id: i64,
    recommendation_number: i64,
    version: i64,
    title: String,
    due_on: NaiveDate,
    done_on: Option<NaiveDate>,
    owner_id: Option<i64>,
    owner_name: Option<String>,
    recorded_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct UpdateRow {
    id: i64,
    recommendation_number: i64,
    status: Status,
    commentary: String,
    percent_complete: i64,
    evidence: String,
    reported_on: NaiveDate,
    recorded_at: DateTime<Utc>,
    recorded_by: String,
}

#[derive(sqlx::FromRow)]
struct LineRow {
    id: i64,
    recommendation_number: i64,
    borough_code: String,
    borough_name: String,
    owner_id: Option<i64>,
    owner_name: Option<String>,
    status: Status,
    note: String,
    version: i64,
    icb_code: String,
}

const MILESTONE_SELECT: &str =
    "SELECT m.id, r.number AS recommendation_number, mr.version, mr.title, \
     mr.due_on, mr.done_on, mr.owner_id, u.name AS owner_name, mr.recorded_at \
     FROM milestone_revisions mr \
     JOIN milestones m ON m.id = mr.milestone_id \
     JOIN recommendations r ON r.id = m.recommendation_id \
     LEFT JOIN users u ON u.id = mr.owner_id";

fn into_milestone(row: MilestoneRow) -> Milestone {
    Milestone {
        id: row.id,
        recommendation_number: row.recommendation_number,
        version: row.version,
        title: row.title,
        due_on: row.due_on,
        done_on: row.done_on,
        owner_id: row.owner_id,
        owner_name: row.owner_name,
        recorded_at: row.recorded_at,
    }
}

/// The recommendations of one ICB (`icb`, its code).
const OF_ICB: &str = "r.icb_id = (SELECT id FROM icbs WHERE code = $1)";

/// Everything one ICB's tracker is built from (`icb`, its code): every recommendation of
/// its review with its plan, every milestone revision, every progress update and every
/// borough line.
pub async fn tracker_data(conn: &mut Conn, icb: &str) -> Result<TrackerData, sqlx::Error> {
    let sql = format!("{PLAN_SELECT} WHERE {OF_ICB} ORDER BY r.number");
    let plans =
        on_conn!(conn, c => sqlx::query_as::<_, PlanRow>(&sql).bind(icb).fetch_all(c).await)?;
    let sql = format!("{MILESTONE_SELECT} WHERE {OF_ICB} ORDER BY m.id, mr.version");
    let milestones = on_conn!(conn, c => {
        sqlx::query_as::<_, MilestoneRow>(&sql).bind(icb).fetch_all(c).await
    })?;
    let sql = format!(
        "SELECT p.id, r.number AS recommendation_number, p.status, p.commentary, p.percent_complete, \
         p.evidence, p.reported_on, p.recorded_at, u.name AS recorded_by \
         FROM progress_updates p JOIN recommendations r ON r.id = p.recommendation_id \
         JOIN users u ON u.id = p.recorded_by WHERE {OF_ICB} ORDER BY p.id"
    );
    let updates = on_conn!(conn, c => {
        sqlx::query_as::<_, UpdateRow>(&sql).bind(icb).fetch_all(c).await
    })?;
    Ok(TrackerData {
        programme_start: programme_start(conn, icb).await?,
        recommendations: plans
            .into_iter()
            .map(|row| (row.recommendation, row.plan))
            .collect(),
        milestone_revisions: milestones.into_iter().map(into_milestone).collect(),
        updates: updates
            .into_iter()
            .map(|row| ProgressUpdate {
                id: row.id,
                recommendation_number: row.recommendation_number,
                status: row.status,
                commentary: row.commentary,
                percent_complete: row.percent_complete,
                evidence: row.evidence,
                reported_on: row.reported_on,
                recorded_at: row.recorded_at,
                recorded_by: row.recorded_by,
            })
            .collect(),
        borough_lines: borough_lines(conn)
            .await?
            .into_iter()
            .filter(|line| line.icb_code == icb)
            .collect(),
    })
}

const LINE_SELECT: &str =
    "SELECT l.id, r.number AS recommendation_number, b.code AS borough_code, b.name AS borough_name, \
     l.owner_id, u.name AS owner_name, l.status, l.note, l.version, i.code AS icb_code \
     FROM borough_lines l JOIN recommendations r ON r.id = l.recommendation_id \
     JOIN icbs i ON i.id = r.icb_id \
     JOIN boroughs b ON b.id = l.borough_id LEFT JOIN users u ON u.id = l.owner_id \
     WHERE ($1 IS NULL OR l.id = $1) ORDER BY r.number, b.name";

/// Every borough line.
pub async fn borough_lines(conn: &mut Conn) -> Result<Vec<BoroughLine>, sqlx::Error> {
    let rows = on_conn!(conn, c => {
        sqlx::query_as::<_, LineRow>(LINE_SELECT)
            .bind(None::<i64>)
            .fetch_all(c)
            .await
    })?;
    Ok(rows.into_iter().map(into_line).collect())
}

/// The borough line `id` as it stands inside `tx`, held until the transaction ends: a
/// no-op write takes the row lock first (PostgreSQL) or the write lock (SQLite), so no
/// other save can change the line between this read and the caller's update.
pub async fn lock_borough_line(tx: &mut Tx, id: i64) -> Result<Option<BoroughLine>, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query("UPDATE borough_lines SET version = version WHERE id = $1")
            .bind(id)
            .execute(c)
            .await
            .map(|_| ())
    })?;
    let row = on_conn!(tx, c => {
        sqlx::query_as::<_, LineRow>(LINE_SELECT)
            .bind(Some(id))
            .fetch_optional(c)
            .await
    })?;
    Ok(row.map(into_line))
}

fn into_line(row: LineRow) -> BoroughLine {
    BoroughLine {
        id: row.id,
        recommendation_number: row.recommendation_number,
        borough_code: row.borough_code,
        borough_name: row.borough_name,
        owner_id: row.owner_id,
        owner_name: row.owner_name,
        status: row.status,
        note: row.note,
        version: row.version,
        icb_code: row.icb_code,
    }
}

#[derive(sqlx::FromRow)]
struct LinkedActionRow {
    id: i64,
    borough_name: String,
    domain: String,
    number: i64,
    title: String,
    status: Status,
}

/// The borough plan actions linked to recommendation `id`.
pub async fn linked_actions(conn: &mut Conn, id: i64) -> Result<Vec<LinkedAction>, sqlx::Error> {
    let rows = on_conn!(conn, c => {
        sqlx::query_as::<_, LinkedActionRow>(
            "SELECT a.id, b.name AS borough_name, d.name AS domain, a.number, a.title, a.status \
             FROM borough_action_recommendations l \
             JOIN borough_actions a ON a.id = l.action_id \
             JOIN recommendations r ON r.id = l.recommendation_id \
             JOIN boroughs b ON b.id = a.borough_id \
             JOIN maturity_domains d ON d.id = a.domain_id \
             WHERE r.id = $1 ORDER BY b.name, d.position, a.number",
        )
        .bind(id)
        .fetch_all(c)
        .await
    })?;
    Ok(rows
        .into_iter()
        .map(|row| LinkedAction {
            id: row.id,
            borough_name: row.borough_name,
            domain: row.domain,
            number: row.number,
            title: row.title,
            status: row.status,
        })
        .collect())
}

/// Sets recommendation `id`'s owner and lead organisation if the row is still at
/// `version`; answers whether it was.
pub async fn update_plan(
    tx: &mut Tx,
    id: i64,
    owner_id: Option<i64>,
    lead_organisation: &str,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let changed = on_conn!(tx, c => {
        sqlx::query(
            "UPDATE recommendations SET owner_id = $1, lead_organisation = $2, version = version + 1 \
             WHERE id = $3 AND version = $4",
        )
        .bind(owner_id)
        .bind(lead_organisation)
        .bind(id)
        .bind(version)
        .execute(c)
        .await
        .map(|done| done.rows_affected())
    })?;
    Ok(changed == 1)
}

/// Adds a milestone to recommendation `recommendation_id`.
pub async fn insert_milestone(
    tx: &mut Tx,
    recommendation_id: i64,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO milestones (recommendation_id, created_at) VALUES ($1, $2) RETURNING id",
        )
        .bind(recommendation_id)
        .bind(now)
        .fetch_one(c)
        .await
    })
}

/// Records a milestone's next revision; answers false, writing nothing, when someone else
/// has recorded that version first.
pub async fn insert_milestone_revision(
    tx: &mut Tx,
    revision: &Milestone,
    recorded_by: i64,
) -> Result<bool, sqlx::Error> {
    let inserted = on_conn!(tx, c => {
        sqlx::query(
            "INSERT INTO milestone_revisions \
             (milestone_id, version, title, due_on, done_on, owner_id, recorded_at, recorded_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (milestone_id, version) DO NOTHING",
        )
        .bind(revision.id)
        .bind(revision.version)
        .bind(&revision.title)
        .bind(revision.due_on)
        .bind(revision.done_on)
        .bind(revision.owner_id)
        .bind(revision.recorded_at)
        .bind(recorded_by)
        .execute(c)
        .await
        .map(|done| done.rows_affected())
    })?;
    Ok(inserted == 1)
}

/// A milestone's current (highest) revision.
pub async fn current_milestone(conn: &mut Conn, id: i64) -> Result<Option<Milestone>, sqlx::Error> {
    let sql = format!("{MILESTONE_SELECT} WHERE m.id = $1 ORDER BY mr.version DESC LIMIT 1");
    let row = on_conn!(conn, c => {
        sqlx::query_as::<_, MilestoneRow>(&sql).bind(id).fetch_optional(c).await
    })?;
    Ok(row.map(into_milestone))
}

pub struct NewUpdate<'a> {
    /// The recommendation's row id.
    pub recommendation_id: i64,
    pub status: Status,
    pub commentary: &'a str,
    pub percent_complete: i64,
    pub evidence: &'a str,
    pub reported_on: NaiveDate,
}

pub async fn insert_update(
    tx: &mut Tx,
    update: &NewUpdate<'_>,
    recorded_by: i64,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO progress_updates \
             (recommendation_id, status, commentary, percent_complete, evidence, reported_on, recorded_at, recorded_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(update.recommendation_id)
        .bind(update.status.code())
        .bind(update.commentary)
        .bind(update.percent_complete)
        .bind(update.evidence)
        .bind(update.reported_on)
        .bind(now)
        .bind(recorded_by)
        .fetch_one(c)
        .await
    })
}

/// Adds a line for `borough_code` to recommendation `recommendation_id`; `None` when it
/// already has one.
pub async fn insert_borough_line(
    tx: &mut Tx,
    recommendation_id: i64,
    borough_code: &str,
) -> Result<Option<i64>, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO borough_lines (recommendation_id, borough_id, owner_id, status, note, version) \
             SELECT r.id, b.id, NULL, 'not_started', '', 1 FROM recommendations r, boroughs b \
             WHERE r.id = $1 AND b.code = $2 \
             ON CONFLICT (recommendation_id, borough_id) DO NOTHING RETURNING id",
        )
        .bind(recommendation_id)
        .bind(borough_code)
        .fetch_optional(c)
        .await
    })
}

/// Sets a line's owner, status and note if it is still at `version`; answers whether it was.
pub async fn update_borough_line(
    tx: &mut Tx,
    line: &BoroughLine,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let changed = on_conn!(tx, c => {
        sqlx::query(
            "UPDATE borough_lines SET owner_id = $1, status = $2, note = $3, version = version + 1 \
             WHERE id = $4 AND version = $5",
        )
        .bind(line.owner_id)
        .bind(line.status.code())
        .bind(&line.note)
        .bind(line.id)
        .bind(version)
        .execute(c)
        .await
        .map(|done| done.rows_affected())
    })?;
    Ok(changed == 1)
}

/// Every recommendation of `icb`'s review with its plan, by number.
pub async fn plans(conn: &mut Conn, icb: &str) -> Result<Vec<(Recommendation, Plan)>, sqlx::Error> {
    let sql = format!("{PLAN_SELECT} WHERE {OF_ICB} ORDER BY r.number");
    let rows = on_conn!(conn, c => {
        sqlx::query_as::<_, PlanRow>(&sql).bind(icb).fetch_all(c).await
    })?;
    Ok(rows
        .into_iter()
        .map(|row| (row.recommendation, row.plan))
        .collect())
}

/// Adds recommendation `recommendation` to `icb`'s review with its owner and lead
/// organisation; answers its row id.
pub async fn insert_recommendation(
    tx: &mut Tx,
    icb: &str,
    recommendation: &Recommendation,
    owner_id: Option<i64>,
    lead_organisation: &str,
) -> Result<i64, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO recommendations (number, category, recommendation, specific_actions, \
             timeline, cost_implication, priority, owner_id, lead_organisation, icb_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, (SELECT id FROM icbs WHERE code = $10)) \
             RETURNING id",
        )
        .bind(recommendation.number)
        .bind(&recommendation.category)
        .bind(&recommendation.recommendation)
        .bind(&recommendation.specific_actions)
        .bind(&recommendation.timeline)
        .bind(&recommendation.cost_implication)
        .bind(&recommendation.priority)
        .bind(owner_id)
        .bind(lead_organisation)
        .bind(icb)
        .fetch_one(c)
        .await
    })
}

/// Records a load of `import.icb_code`'s recommendations by `user`; answers its id.
pub async fn insert_import(
    tx: &mut Tx,
    import: &RecommendationImport,
    user: i64,
) -> Result<i64, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO recommendation_imports (icb_id, file_name, added, updated, unchanged, \
             problems, imported_by, created_at) \
             VALUES ((SELECT id FROM icbs WHERE code = $1), $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(&import.icb_code)
        .bind(&import.file_name)
        .bind(import.added)
        .bind(import.updated)
        .bind(import.unchanged)
        .bind(import.problems.join("\n"))
        .bind(user)
        .bind(import.created_at)
        .fetch_one(c)
        .await
    })
}

/// The load recorded as `id`, if any.
pub async fn find_import(
    conn: &mut Conn,
    id: i64,
) -> Result<Option<RecommendationImport>, sqlx::Error> {
    let row = on_conn!(conn, c => {
        sqlx::query_as::<_, (i64, String, String, i64, i64, i64, String, DateTime<Utc>)>(
            "SELECT m.id, i.code, m.file_name, m.added, m.updated, m.unchanged, m.problems, \
             m.created_at FROM recommendation_imports m JOIN icbs i ON i.id = m.icb_id \
             WHERE m.id = $1",
        )
        .bind(id)
        .fetch_optional(c)
        .await
    })?;
    Ok(row.map(
        |(id, icb_code, file_name, added, updated, unchanged, problems, created_at)| {
            RecommendationImport {
                id,
                icb_code,
                file_name,
                added,
                updated,
                unchanged,
                problems: problems
                    .lines()
                    .map(str::to_owned)
                    .filter(|line| !line.is_empty())
                    .collect(),
                created_at,
            }
        },
    ))
}
