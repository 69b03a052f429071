//! SQL for `site_settings`: every installation-wide setting is read and saved here, each
//! with a version so two people saving at once cannot overwrite one another.

use crate::on_conn;
use crate::plumbing::{Conn, Tx};

const DEMO_DATA: &str = "demo_data";

/// A setting's value and version, if it has been set.
pub async fn setting(conn: &mut Conn, key: &str) -> Result<Option<(String, i64)>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as("SELECT value, version FROM site_settings WHERE key = $1")
            .bind(key)
            .fetch_optional(c)
            .await
    })
}

/// A setting read as a `T`, with its version, if it has been set. A stored value that is
/// not a `T` is reported as a decode error, never taken as unset.
pub async fn typed_setting<T>(conn: &mut Conn, key: &str) -> Result<Option<(T, i64)>, sqlx::Error>
where
    T: std::str::FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let Some((text, version)) = setting(conn, key).await? else {
        return Ok(None);
    };
    let value = text
        .parse::<T>()
        .map_err(|error| sqlx::Error::ColumnDecode {
            index: format!("site_settings[{key}]"),
            source: Box::new(error),
        })?;
    Ok(Some((value, version)))
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
    let changed = on_conn!(tx, c => {
        sqlx::query(sql)
            .bind(key)
            .bind(value)
            .bind(version)
            .execute(c)
            .await
            .map(|done| done.rows_affected())
    })?;
    Ok(changed == 1)
}

pub async fn demo_data_loaded(conn: &mut Conn) -> Result<bool, sqlx::Error> {
    let setting = setting(conn, DEMO_DATA).await?;
    Ok(setting.is_some_and(|(value, _)| value == "true"))
}

pub async fn mark_demo_data_loaded(tx: &mut Tx) -> Result<(), sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query(
            "INSERT INTO site_settings (key, value) VALUES ($1, 'true') \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(DEMO_DATA)
        .execute(c)
        .await
        .map(|done| done.rows_affected())
    })?;
    Ok(())
}
