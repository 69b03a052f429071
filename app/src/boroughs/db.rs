//! SQL for the region's places: ICBs, boroughs and PCNs.

use super::{AreaBorough, AreaIcb, Borough, Pcn, PcnImport};
use crate::on_conn;
use crate::plumbing::{Conn, Tx};
use chrono::{DateTime, Utc};

/// The boroughs of the ICBs whose programme this installation holds (`icbs.programme`):
/// the places every programme page and form works with.
pub async fn list_boroughs(conn: &mut Conn) -> Result<Vec<Borough>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, Borough>(
            "SELECT b.code, b.name, b.gp_registered_population, b.population_source, \
             i.code AS icb_code \
             FROM boroughs b JOIN icbs i ON i.id = b.icb_id WHERE i.programme = TRUE \
             ORDER BY b.name",
        )
        .fetch_all(c)
        .await
    })
}

/// The code of the first ICB (by name) whose programme this installation holds: where a
/// region-wide user's ICB pages open.
pub async fn first_programme_icb(conn: &mut Conn) -> Result<Option<String>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_scalar::<_, String>(
            "SELECT code FROM icbs WHERE programme = TRUE ORDER BY name LIMIT 1",
        )
        .fetch_optional(c)
        .await
    })
}

/// The code of the ICB `borough` (a borough code) belongs to.
pub async fn icb_of_borough(conn: &mut Conn, borough: &str) -> Result<Option<String>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_scalar::<_, String>(
            "SELECT i.code FROM boroughs b JOIN icbs i ON i.id = b.icb_id WHERE b.code = $1",
        )
        .bind(borough)
        .fetch_optional(c)
        .await
    })
}

/// Marks `icb` (its code) as an ICB whose programme this installation holds.
pub async fn hold_programme(tx: &mut Tx, icb: &str) -> Result<(), sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query("UPDATE icbs SET programme = TRUE WHERE code = $1")
            .bind(icb)
            .execute(c)
            .await
            .map(|_| ())
    })
}

/// Every ICB of the region, by name.
pub async fn icbs(conn: &mut Conn) -> Result<Vec<AreaIcb>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, AreaIcb>(
            "SELECT code, name, ods_code, programme FROM icbs ORDER BY name",
        )
        .fetch_all(c)
        .await
    })
}

/// Every borough of the region with its ICB's code, by name.
pub async fn area_boroughs(conn: &mut Conn) -> Result<Vec<AreaBorough>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, AreaBorough>(
            "SELECT b.code, b.name, b.ons_code, i.code AS icb_code, b.gp_registered_population \
             FROM boroughs b JOIN icbs i ON i.id = b.icb_id ORDER BY b.name",
        )
        .fetch_all(c)
        .await
    })
}

/// Every PCN, by borough and name.
pub async fn pcns(conn: &mut Conn) -> Result<Vec<Pcn>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, Pcn>(
            "SELECT p.code, p.name, b.code AS borough_code FROM pcns p \
             JOIN boroughs b ON b.id = p.borough_id ORDER BY b.name, p.name",
        )
        .fetch_all(c)
        .await
    })
}

/// The names of `borough`'s PCNs, by name: what its return's PCN column offers.
pub async fn pcn_names(conn: &mut Conn, borough: &str) -> Result<Vec<String>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_scalar::<_, String>(
            "SELECT p.name FROM pcns p JOIN boroughs b ON b.id = p.borough_id \
             WHERE b.code = $1 ORDER BY p.name",
        )
        .bind(borough)
        .fetch_all(c)
        .await
    })
}

/// The PCN recorded with `code` (compared without regard to case), if any.
pub async fn find_pcn(conn: &mut Conn, code: &str) -> Result<Option<Pcn>, sqlx::Error> {
    on_conn!(conn, c => {
        sqlx::query_as::<_, Pcn>(
            "SELECT p.code, p.name, b.code AS borough_code FROM pcns p \
             JOIN boroughs b ON b.id = p.borough_id WHERE UPPER(p.code) = UPPER($1)",
        )
        .bind(code)
        .fetch_optional(c)
        .await
    })
}

/// Records a PCN; answers its id.
pub async fn insert_pcn(tx: &mut Tx, pcn: &Pcn, now: DateTime<Utc>) -> Result<i64, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO pcns (code, name, borough_id, created_at) \
             SELECT $1, $2, id, $4 FROM boroughs WHERE code = $3 RETURNING id",
        )
        .bind(&pcn.code)
        .bind(&pcn.name)
        .bind(&pcn.borough_code)
        .bind(now)
        .fetch_one(c)
        .await
    })
}

/// Records an import of a PCN list by `user`; answers its id.
pub async fn insert_import(tx: &mut Tx, import: &PcnImport, user: i64) -> Result<i64, sqlx::Error> {
    on_conn!(tx, c => {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO pcn_imports (file_name, added, already, problems, imported_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(&import.file_name)
        .bind(import.added)
        .bind(import.already)
        .bind(import.problems.join("\n"))
        .bind(user)
        .bind(import.created_at)
        .fetch_one(c)
        .await
    })
}

/// The import recorded as `id`, if any.
pub async fn find_import(conn: &mut Conn, id: i64) -> Result<Option<PcnImport>, sqlx::Error> {
    let row = on_conn!(conn, c => {
        sqlx::query_as::<_, (i64, String, i64, i64, String, DateTime<Utc>)>(
            "SELECT id, file_name, added, already, problems, created_at FROM pcn_imports WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(c)
        .await
    })?;
    Ok(row.map(
        |(id, file_name, added, already, problems, created_at)| PcnImport {
            id,
            file_name,
            added,
            already,
            problems: problems
                .lines()
                .map(str::to_owned)
                .filter(|line| !line.is_empty())
                .collect(),
            created_at,
        },
    ))
}
