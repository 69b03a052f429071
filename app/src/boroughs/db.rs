//! SQL for boroughs.

use super::Borough;
use crate::on_db;
use crate::plumbing::Db;

pub async fn list_boroughs(db: &Db) -> Result<Vec<Borough>, sqlx::Error> {
    on_db!(db, pool => {
        sqlx::query_as::<_, Borough>(
            "SELECT code, name, gp_registered_population, population_source \
             FROM boroughs ORDER BY name",
        )
        .fetch_all(pool)
        .await
    })
}
