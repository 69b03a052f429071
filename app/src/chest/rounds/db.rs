//! SQL for grant rounds: the round, its panel dates, budget lines, eligibility questions,
//! priorities and scoring criteria.

use super::model::{Criterion, Gate, GrantRound, RoundMethod};
use crate::chest::model::Allocation;
use crate::on_conn;
use crate::plumbing::{Conn, Tx};
use chrono::{DateTime, NaiveDate, Utc};

const ROUND_SELECT: &str = "SELECT id, fund_id, code, title, opens_on, closes_on, method, \
     min_award_pence, max_award_pence FROM grant_rounds";

/// The rounds of `fund`, newest first.
pub async fn rounds(conn: &mut Conn, fund: i64) -> Result<Vec<GrantRound>, sqlx::Error> {
    let sql = format!("{ROUND_SELECT} WHERE fund_id = $1 ORDER BY opens_on DESC, id DESC");
    on_conn!(conn, c => sqlx::query_as::<_, GrantRound>(&sql).bind(fund).fetch_all(c).await)
}

/// The round `id`, if any.
pub async fn find_round(conn: &mut Conn, id: i64) -> Result<Option<GrantRound>, sqlx::Error> {
    let sql = format!("{ROUND_SELECT} WHERE id = $1");
    on_conn!(conn, c => sqlx::query_as::<_, GrantRound>(&sql).bind(id).fetch_optional(c).await)
}

/// Whether a round (of any fund) already uses `code`, whatever its case.
pub async fn code_taken(conn: &mut Conn, code: &str) -> Result<bool, sqlx::Error> {
    let found = on_conn!(conn, c => {
        sqlx::query_scalar::<_, i64>("SELECT id FROM grant_rounds WHERE LOWER(code) = LOWER($1)")
            .bind(code)
        .fetch_optional(c)
        .await
    })?;
    Ok(found.is_some())
}

/// Every budget line of every round of `fund`.
pub async fn fund_allocations(conn: &mut Conn, fund: i64) -> Result<Vec<Allocation>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, Allocation>(
            "SELECT a.round_id, a.contributor_name, a.contributor_org_id, a.amount_pence \
             FROM round_allocations a JOIN grant_rounds r ON r.id = a.round_id \
             WHERE r.fund_id = $1 ORDER BY a.round_id, a.amount_pence DESC, a.id",
        )
        .bind(fund)
        .fetch_all(c)
        .await
    })
}

pub async fn panel_dates(conn: &mut Conn, round: i64) -> Result<Vec<NaiveDate>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_scalar::<_, NaiveDate>(
            "SELECT meets_on FROM round_panel_dates WHERE round_id = $1 ORDER BY meets_on",
        )
        .bind(round)
        .fetch_all(c)
        .await
    })
}

pub async fn gates(conn: &mut Conn, round: i64) -> Result<Vec<Gate>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, Gate>(
            "SELECT id, position, question FROM round_gates WHERE round_id = $1 ORDER BY position",
        )
        .bind(round)
        .fetch_all(c)
        .await
    })
}

/// The need themes `round` prioritises, in the themes' order.
pub async fn priorities(conn: &mut Conn, round: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, (i64, String)>(
            "SELECT t.id, t.name FROM round_priorities p JOIN need_themes t ON t.id = p.theme_id \
             WHERE p.round_id = $1 ORDER BY t.position, t.name",
        )
        .bind(round)
        .fetch_all(c)
        .await
    })
}

#[derive(sqlx::FromRow)]
struct CriterionRow {
    id: i64,
    position: i64,
    label: String,
    weight: i64,
    levels: String,
    na_allowed: bool,
    min_score: Option<i64>,
}

pub async fn criteria(conn: &mut Conn, round: i64) -> Result<Vec<Criterion>, sqlx::Error> {
    let rows = on_conn!(conn, c => {
        sqlx::query_as::<_, CriterionRow>(
            "SELECT id, position, label, weight, levels, na_allowed, min_score \
             FROM round_criteria WHERE round_id = $1 ORDER BY position",
        )
        .bind(round)
        .fetch_all(c)
        .await
    })?;
    Ok(rows
        .into_iter()
        .map(|row| Criterion {
            id: row.id,
            position: row.position,
            label: row.label,
            weight: row.weight,
            levels: row.levels.lines().map(str::to_owned).collect(),
            na_allowed: row.na_allowed,
            min_score: row.min_score,
        })
        .collect())
}

/// A round as it is set up.
pub struct NewRound<'a> {
    pub fund: i64,
    pub code: &'a str,
    pub title: &'a str,
    pub opens_on: NaiveDate,
    pub closes_on: Option<NaiveDate>,
    pub method: RoundMethod,
    pub min_award_pence: i64,
    pub max_award_pence: i64,
    pub panel_dates: &'a [NaiveDate],
    pub allocations: &'a [Allocation],
    pub gates: &'a [String],
    pub priorities: &'a [i64],
    pub criteria: &'a [Criterion],
}

/// Stores a new round and everything it is set up with; answers its id.
pub async fn insert_round(
    tx: &mut Tx,
    round: &NewRound<'_>,
    user: i64,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    let id = on_conn!(tx, c => {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO grant_rounds (fund_id, code, title, opens_on, closes_on, method, \
             min_award_pence, max_award_pence, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(round.fund)
        .bind(round.code)
        .bind(round.title)
        .bind(round.opens_on)
        .bind(round.closes_on)
        .bind(round.method.code())
        .bind(round.min_award_pence)
        .bind(round.max_award_pence)
        .bind(user)
        .bind(now)
        .fetch_one(c)
        .await
    })?;
    for day in round.panel_dates {
        on_conn!(tx, c => {
            sqlx::query("INSERT INTO round_panel_dates (round_id, meets_on) VALUES ($1, $2)")
                .bind(id)
                .bind(day)
                .execute(c)
                .await
                .map(|_| ())
        })?;
    }
    for a in round.allocations {
        on_conn!(tx, c => {
            sqlx::query(
                "INSERT INTO round_allocations (round_id, contributor_name, contributor_org_id, \
                 amount_pence) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(&a.contributor_name)
            .bind(&a.contributor_org_id)
            .bind(a.amount_pence)
            .execute(c)
            .await
            .map(|_| ())
        })?;
    }
    for (position, question) in (1_i64..).zip(round.gates) {
        on_conn!(tx, c => {
            sqlx::query("INSERT INTO round_gates (round_id, position, question) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(position)
                .bind(question)
                .execute(c)
                .await
                .map(|_| ())
        })?;
    }
    for theme in round.priorities {
        on_conn!(tx, c => {
            sqlx::query("INSERT INTO round_priorities (round_id, theme_id) VALUES ($1, $2)")
                .bind(id)
                .bind(theme)
                .execute(c)
                .await
                .map(|_| ())
        })?;
    }
    for (position, criterion) in (1_i64..).zip(round.criteria) {
        on_conn!(tx, c => {
            sqlx::query(
                "INSERT INTO round_criteria (round_id, position, label, weight, levels, \
                 na_allowed, min_score) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(position)
            .bind(&criterion.label)
            .bind(criterion.weight)
            .bind(criterion.levels.join("\n"))
            .bind(criterion.na_allowed)
            .bind(criterion.min_score)
            .execute(c)
            .await
            .map(|_| ())
        })?;
    }
    Ok(id)
}
