//! Demo content, loaded only by `linkway seed-demo` (and the README's run command), never
//! by migrations. Everything it adds is marked as demo wherever it shows.

use crate::server::Db;

/// Loads the demo content in one transaction. Running it again changes nothing.
pub async fn seed_demo(db: &Db) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    crate::site::db::mark_demo_data_loaded(&mut tx).await?;
    tx.commit().await
}
