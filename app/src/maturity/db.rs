//! SQL for the maturity framework.

use super::MaturityDomain;
use crate::on_db;
use crate::server::Db;

pub async fn list_domains(db: &Db) -> Result<Vec<MaturityDomain>, sqlx::Error> {
    on_db!(db, pool => {
        sqlx::query_as::<_, MaturityDomain>(
            "SELECT position, name FROM maturity_domains ORDER BY position",
        )
        .fetch_all(pool)
        .await
    })
}
