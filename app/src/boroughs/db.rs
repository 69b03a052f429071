//! SQL for boroughs.

use super::Borough;
use crate::on_conn;
use crate::plumbing::Conn;

pub async fn list_boroughs(conn: &mut Conn) -> Result<Vec<Borough>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, Borough>(
            "SELECT code, name, gp_registered_population, population_source \
             FROM boroughs ORDER BY name",
        )
        .fetch_all(c)
        .await
    })
}
