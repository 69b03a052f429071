//! SQL for recommendations.

use super::Recommendation;
use crate::on_db;
use crate::server::Db;

const COLUMNS: &str =
    "number, category, recommendation, specific_actions, timeline, cost_implication, priority";

pub async fn list_recommendations(db: &Db) -> Result<Vec<Recommendation>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM recommendations ORDER BY number");
    on_db!(db, pool => sqlx::query_as::<_, Recommendation>(&sql).fetch_all(pool).await)
}

pub async fn find_recommendation(
    db: &Db,
    number: i64,
) -> Result<Option<Recommendation>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM recommendations WHERE number = $1");
    on_db!(db, pool => {
        sqlx::query_as::<_, Recommendation>(&sql).bind(number).fetch_optional(pool).await
    })
}
