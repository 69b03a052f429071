//! SQL for `site_settings`: every installation-wide setting is read and saved here, each
//! with a version so two people saving at once cannot overwrite one another.

use crate::on_db;
use crate::on_tx;
use crate::plumbing::{Db, Tx};

const DEMO_DATA: &str = "demo_data";

/// A setting's value and version, if it has been set.
pub async fn setting(db: &Db, key: &str) -> Result<Option<(String, i64)>, sqlx::Error> {
    on_db!(db, pool => {
        sqlx::query_as("SELECT value, version FROM site_settings WHERE key = $1")
            .bind(key)
            .fetch_optional(pool)
            .await
    })
}

/// Saves a setting if it is still at `version` (0: never set); answers whether it was.
pub async fn save_setting(
    tx: &mut Tx,
    key: &str,
    value: &str,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let sql = if version == 0 {
        "INSERT INTO site_settings (key, value, version) VALUES ($1, $2, $3 + 1) \
         ON CONFLICT (key) DO NOTHING"
    } else {
        "UPDATE site_settings SET value = $2, version = version + 1 WHERE key = $1 AND version = $3"
    };
    let changed = on_tx!(tx, conn => {
        sqlx::query(sql)
            .bind(key)
            .bind(value)
            .bind(version)
            .execute(conn)
            .await
            .map(|done| done.rows_affected())
    })?;
    Ok(changed == 1)
}

pub async fn demo_data_loaded(db: &Db) -> Result<bool, sqlx::Error> {
    let setting = setting(db, DEMO_DATA).await?;
    Ok(setting.is_some_and(|(value, _)| value == "true"))
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
