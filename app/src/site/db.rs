//! SQL for `site_settings`.

use crate::on_db;
use crate::on_tx;
use crate::server::{Db, Tx};

const DEMO_DATA: &str = "demo_data";

pub async fn demo_data_loaded(db: &Db) -> Result<bool, sqlx::Error> {
    let value: Option<String> = on_db!(db, pool => {
        sqlx::query_scalar("SELECT value FROM site_settings WHERE key = $1")
            .bind(DEMO_DATA)
            .fetch_optional(pool)
            .await
    })?;
    Ok(value.as_deref() == Some("true"))
}

pub async fn mark_demo_data_loaded(tx: &mut Tx) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO site_settings (key, value) VALUES ($1, 'true') \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(DEMO_DATA)
        .execute(conn)
        .await
        .map(|done| done.rows_affected())
    })?;
    Ok(())
}
