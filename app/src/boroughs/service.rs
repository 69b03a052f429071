//! Reading the region, and recording PCNs (validated, audited).

use super::{clean_pcn_name, db, Pcn, Region, MAX_PCN_NAME_CHARS};
use crate::audit::Entry;
use crate::auth::{CurrentUser, Permission, Scope};
use crate::error::AppError;
use crate::forms::Checks;
use crate::plumbing::Db;
use chrono::{DateTime, Utc};

pub async fn region(db: &Db, user: &CurrentUser) -> Result<Region, AppError> {
    let mut conn = db.conn().await?;
    Ok(Region {
        name: "London".to_owned(),
        can_edit: user.can(Permission::EditReferenceData, &Scope::Region),
        icbs: db::icbs(&mut conn).await?,
        boroughs: db::area_boroughs(&mut conn).await?,
        pcns: db::pcns(&mut conn).await?,
    })
}

/// A PCN's ODS code as typed: letters and digits, trimmed and upper-cased.
pub fn pcn_code(checks: &mut Checks, code: &str) -> String {
    let code = code.trim().to_uppercase();
    if code.is_empty() {
        checks.add("code", "Enter the PCN's ODS code, like U12345");
    } else if code.len() > 12 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        checks.add(
            "code",
            "The ODS code must be letters and numbers only, 12 or fewer, like U12345",
        );
    }
    code
}

/// Records PCN (`code`, `name`) for `borough`, which may be any borough of the region.
pub async fn add_pcn(
    db: &Db,
    user: &CurrentUser,
    (code, name, borough): (&str, &str, &str),
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if !user.can(Permission::EditReferenceData, &Scope::Region) {
        return Err(AppError::Forbidden);
    }
    let mut checks = Checks::default();
    let code = pcn_code(&mut checks, code);
    let name = clean_pcn_name(name);
    let name = checks.text("name", "the PCN's name", &name, true, MAX_PCN_NAME_CHARS);
    let mut tx = db.begin().await?;
    let boroughs = db::area_boroughs(&mut tx).await?;
    let borough = boroughs.iter().find(|known| known.code == borough.trim());
    if borough.is_none() {
        checks.add("borough", "Select the borough the PCN serves");
    }
    if !checks.has("code") {
        if let Some(known) = db::find_pcn(&mut tx, &code).await? {
            checks.add(
                "code",
                format!("{} is already recorded, as {}", known.code, known.name),
            );
        }
    }
    if let (Some(borough), false) = (borough, checks.has("name")) {
        if let Some(twin) = same_name(&db::pcns(&mut tx).await?, &borough.code, &name) {
            checks.add(
                "name",
                format!(
                    "{} already has a PCN called {} ({})",
                    borough.name, twin.name, twin.code
                ),
            );
        }
    }
    let borough = checks.finish(|| borough)?;
    let pcn = Pcn {
        code,
        name,
        borough_code: borough.code.clone(),
    };
    let id = db::insert_pcn(&mut tx, &pcn, now).await?;
    audit_added(&mut tx, user, (id, &pcn, &borough.name), now).await?;
    Ok(tx.commit().await?)
}

/// The PCN of `borough` already called `name` (whatever the case), if any: a return's PCN
/// column tells PCNs apart by name.
pub fn same_name<'a>(recorded: &'a [Pcn], borough: &str, name: &str) -> Option<&'a Pcn> {
    recorded
        .iter()
        .find(|pcn| pcn.borough_code == borough && pcn.name.eq_ignore_ascii_case(name))
}

/// `pcn` added to the audit trail in `tx`, the transaction that records it as `id`.
pub async fn audit_added(
    tx: &mut crate::plumbing::Tx,
    user: &CurrentUser,
    (id, pcn, borough_name): (i64, &Pcn, &str),
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let entity_id = id.to_string();
    Entry::new(user.id, "add_pcn", ("pcn", entity_id.as_str()))
        .fields(&[
            ("code", None, Some(pcn.code.clone())),
            ("name", None, Some(pcn.name.clone())),
            ("borough", None, Some(borough_name.to_owned())),
        ])
        .record(tx, now)
        .await
}

/// The ICB an ICB-level page shows: `asked` (an ICB code from the address) when the user
/// reaches it, otherwise the ICB the user works in, and for region-wide users the first ICB
/// whose programme Linkway holds. An unknown ICB is not found; one the user does not reach
/// is refused.
pub async fn icb_in_view(
    conn: &mut crate::plumbing::Conn,
    user: &CurrentUser,
    asked: &str,
) -> Result<String, AppError> {
    let asked = asked.trim();
    if !asked.is_empty() {
        if !db::icbs(conn).await?.iter().any(|icb| icb.code == asked) {
            return Err(AppError::not_found("That ICB"));
        }
        if !user.reaches_icb(asked) {
            return Err(AppError::Forbidden);
        }
        return Ok(asked.to_owned());
    }
    match user.own_icb() {
        Some(icb) => Ok(icb.to_owned()),
        None => db::first_programme_icb(conn)
            .await?
            .ok_or_else(|| AppError::not_found("An ICB whose programme Linkway holds")),
    }
}
