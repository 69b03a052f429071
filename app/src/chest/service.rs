//! The community chest's rules: who reads and runs a fund, starting a fund, appointing
//! those who run it, recording a contribution, and the read models of `/chest` and a
//! fund's page. Every change is
//! checked against the fund's place, validated and audited in its transaction.

use super::db::{self, NewContribution, NewFund};
use super::model::{
    financial_year_of, is_identifier_prefix, is_org_id, ledger, with_awards, ChestView, Fund,
    FundManager, FundView, LedgerLine, RoundLine,
};
use crate::audit::Entry;
use crate::auth::{CurrentUser, Permission, Role, Scope};
use crate::boroughs::area::REGION_AREA;
use crate::error::AppError;
use crate::forms::once::{self, Claim};
use crate::forms::Checks;
use crate::plumbing::{Conn, Db};
use chrono::{DateTime, NaiveDate, Utc};

/// The longest name, holder or contributor accepted.
pub const MAX_NAME_CHARS: usize = 200;
/// The longest restriction accepted.
pub const MAX_RESTRICTION_CHARS: usize = 500;
/// The first pledge date taken: the start of the 2000/01 financial year.
const FIRST_PLEDGE: NaiveDate = match NaiveDate::from_ymd_opt(2000, 4, 1) {
    Some(day) => day,
    None => NaiveDate::MIN,
};
/// The largest contribution accepted: £100 million.
pub const MAX_CONTRIBUTION_PENCE: i64 = 10_000_000_000;

/// Whether `user` reads `fund`: any role for a regional fund; any role reaching the ICB
/// for an ICB's or a borough's fund (its appointed managers among them).
pub(super) fn can_read(user: &CurrentUser, fund: &Fund) -> bool {
    match fund.scope() {
        Scope::Region => user.can(Permission::SignedInWithRole, &Scope::Region),
        scope => user.can(Permission::ViewTracker, &scope),
    }
}

/// Whether `user` runs `fund`: they manage every fund of its place (an ICB lead there, a
/// regional lead), or they are appointed to run this one and still hold a role that may be.
pub(super) fn can_manage(user: &CurrentUser, fund: &Fund) -> bool {
    user.can(Permission::ManageFunds, &fund.scope())
        || (fund.managers.contains(&user.id) && may_be_appointed(user, fund))
}

/// The roles whose holders may be appointed to run a fund of their ICB (as
/// [`db::appointable`] offers them): not panel members, who score, nor the region's
/// roles, which run or read every fund already.
const APPOINTABLE: [Role; 4] = [
    Role::IcbLead,
    Role::BoroughLead,
    Role::Submitter,
    Role::Viewer,
];

/// Whether `user` holds a role that may be appointed to run `fund`: one of
/// [`APPOINTABLE`] in its ICB (for a regional fund, in any ICB).
fn may_be_appointed(user: &CurrentUser, fund: &Fund) -> bool {
    let place = fund.scope();
    user.grants.0.iter().any(|grant| {
        APPOINTABLE.contains(&grant.role)
            && match &place {
                Scope::Region => grant.icb.is_some(),
                Scope::Icb(icb) => grant.icb.as_deref() == Some(icb.as_str()),
                Scope::Borough(borough) => grant.icb_boroughs.contains(borough),
            }
    })
}

/// The fund `id`, for `user` who runs it.
async fn managed_fund(conn: &mut Conn, user: &CurrentUser, id: i64) -> Result<Fund, AppError> {
    let fund = db::find_fund(conn, id)
        .await?
        .ok_or_else(|| AppError::not_found("That fund"))?;
    if !can_manage(user, &fund) {
        return Err(AppError::Forbidden);
    }
    Ok(fund)
}

/// The ICB of `fund`'s place (`None` for a regional fund).
async fn icb_of(conn: &mut Conn, fund: &Fund) -> Result<Option<String>, AppError> {
    Ok(match fund.scope() {
        Scope::Region => None,
        Scope::Icb(icb) => Some(icb),
        Scope::Borough(borough) => crate::boroughs::db::icb_of_borough(conn, &borough).await?,
    })
}

/// Whom those who run `fund` may appoint to run it: people holding an [`APPOINTABLE`]
/// role in its ICB, not appointed yet.
async fn candidates(conn: &mut Conn, fund: &Fund) -> Result<Vec<(i64, String)>, AppError> {
    let icb = icb_of(conn, fund).await?;
    Ok(db::appointable(conn, icb.as_deref())
        .await?
        .into_iter()
        .filter(|(id, _)| !fund.managers.contains(id))
        .collect())
}

/// The places (code, name) `user` may start a fund for: the region, the ICBs whose
/// programme Linkway holds and their boroughs, as far as they manage funds there.
pub async fn fund_places(
    conn: &mut Conn,
    user: &CurrentUser,
) -> Result<Vec<(String, String)>, AppError> {
    let mut places = Vec::new();
    if user.can(Permission::ManageFunds, &Scope::Region) {
        places.push((REGION_AREA.to_owned(), "London".to_owned()));
    }
    let boroughs = crate::boroughs::db::list_boroughs(conn).await?;
    for icb in crate::boroughs::db::icbs(conn).await? {
        if !icb.programme {
            continue;
        }
        if user.can(Permission::ManageFunds, &Scope::Icb(icb.code.clone())) {
            places.push((icb.code.clone(), icb.name.clone()));
        }
        places.extend(
            boroughs
                .iter()
                .filter(|b| b.icb_code == icb.code)
                .filter(|b| user.can(Permission::ManageFunds, &Scope::Borough(b.code.clone())))
                .map(|b| (b.code.clone(), b.name.clone())),
        );
    }
    Ok(places)
}

/// What a person typed to start a fund.
pub struct FundInput<'a> {
    pub name: &'a str,
    pub place: &'a str,
    pub holder_name: &'a str,
    pub holder_org_id: &'a str,
    pub identifier_prefix: &'a str,
}

/// Starts a fund for `user` (who manages funds for its place), with them its manager;
/// answers its id.
pub async fn create_fund(
    db: &Db,
    user: &CurrentUser,
    input: FundInput<'_>,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let mut conn = db.conn().await?;
    let places = fund_places(&mut conn, user).await?;
    let asked = input.place.trim();
    let place = places.iter().find(|(code, _)| code == asked);
    // A place the user does not run funds for is refused; one nobody knows is a mistake.
    let known = asked == REGION_AREA
        || crate::boroughs::db::icbs(&mut conn)
            .await?
            .iter()
            .any(|icb| icb.code == asked)
        || crate::boroughs::db::area_boroughs(&mut conn)
            .await?
            .iter()
            .any(|b| b.code == asked);
    drop(conn);
    if places.is_empty() || (place.is_none() && known) {
        return Err(AppError::Forbidden);
    }
    let mut checks = Checks::default();
    let name = checks.text("name", "the fund's name", input.name, true, MAX_NAME_CHARS);
    if place.is_none() {
        checks.add("place", "Choose where the fund belongs from the list");
    }
    let holder_name = checks.text(
        "holder_name",
        "the holder organisation's name",
        input.holder_name,
        true,
        MAX_NAME_CHARS,
    );
    let holder_org_id = input.holder_org_id.trim().to_owned();
    if !is_org_id(&holder_org_id) {
        checks.add(
            "holder_org_id",
            "Enter the holder's org-id, like GB-LAE-ENF, GB-CHC-1234567 or GB-NHS-QMJ",
        );
    }
    let prefix = input.identifier_prefix.trim().to_owned();
    let mut tx = db.begin().await?;
    if !is_identifier_prefix(&prefix) {
        checks.add(
            "identifier_prefix",
            "Enter the fund's 360Giving prefix: 360G- then letters, digits or hyphens, like 360G-enfieldlocalfund",
        );
    } else if db::prefix_taken(&mut tx, &prefix).await? {
        checks.add(
            "identifier_prefix",
            format!("{prefix} is another fund's prefix: each fund's grants need their own"),
        );
    }
    let (place, place_name) = checks.finish(|| place.cloned())?;
    let fund = NewFund {
        name: &name,
        place: &place,
        holder_name: &holder_name,
        holder_org_id: &holder_org_id,
        identifier_prefix: &prefix,
    };
    let id = db::insert_fund(&mut tx, &fund, user.id, now).await?;
    db::insert_manager(&mut tx, id, user.id, user.id, now).await?;
    let entity_id = id.to_string();
    Entry::new(user.id, "create_fund", ("fund", entity_id.as_str()))
        .fields(&[
            ("name", None, Some(name.clone())),
            ("place", None, Some(place_name.clone())),
            (
                "holder",
                None,
                Some(format!("{holder_name} ({holder_org_id})")),
            ),
            ("identifier_prefix", None, Some(prefix.clone())),
            ("manager", None, Some(user.name.clone())),
        ])
        .record(&mut tx, now)
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// What a person typed to record a contribution.
pub struct ContributionInput<'a> {
    /// The page's one-time form token, when the post comes from the form: a repeat of a
    /// post is answered with the contribution the first one recorded.
    pub token: Option<&'a str>,
    pub contributor_name: &'a str,
    pub contributor_org_id: &'a str,
    pub amount: &'a str,
    pub pledged_on: &'a str,
    pub received_on: &'a str,
    pub restrictions: &'a str,
}

/// Records a contribution to `fund` for `user` (who runs it); answers its id.
pub async fn add_contribution(
    db: &Db,
    user: &CurrentUser,
    fund: i64,
    input: ContributionInput<'_>,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let found = managed_fund(&mut tx, user, fund).await?;
    let mut checks = Checks::default();
    let name = checks.text(
        "contributor_name",
        "the contributor's name",
        input.contributor_name,
        true,
        MAX_NAME_CHARS,
    );
    let org_id = input.contributor_org_id.trim().to_owned();
    if !org_id.is_empty() && !is_org_id(&org_id) {
        checks.add(
            "contributor_org_id",
            "Enter the contributor's org-id, like GB-CHC-1234567, or leave it empty",
        );
    }
    let amount = checks.money(
        "amount",
        input.amount,
        MAX_CONTRIBUTION_PENCE,
        "Enter the amount in pounds, like 5000 or 5,000.50, more than £0 and at most £100 million",
    );
    let pledged = checks.date(
        "pledged_on",
        "the date it was pledged",
        input.pledged_on,
        true,
    );
    let received = checks.date(
        "received_on",
        "the date it arrived",
        input.received_on,
        false,
    );
    // Financial years are counted from April 2000; money arrives by today.
    if pledged.is_some_and(|day| day < FIRST_PLEDGE) {
        checks.add(
            "pledged_on",
            "The date it was pledged must be from April 2000 onwards",
        );
    }
    if let (Some(pledged), Some(received)) = (pledged, received) {
        if received < pledged {
            checks.add(
                "received_on",
                "The date it arrived cannot be before the pledge",
            );
        }
    }
    if received.is_some_and(|day| day > now.date_naive()) {
        checks.add(
            "received_on",
            "The date it arrived cannot be in the future: record it once the money is in",
        );
    }
    let restrictions = checks.text(
        "restrictions",
        "the restrictions",
        input.restrictions,
        false,
        MAX_RESTRICTION_CHARS,
    );
    let (amount, pledged) = checks.finish(|| Some((amount?, pledged?)))?;
    const ACTION: &str = "add_contribution";
    if let Some(token) = input.token {
        let said = once::fingerprint(&[
            &fund.to_string(),
            &name,
            &org_id,
            &amount.to_string(),
            &pledged.to_string(),
            &received.map(|d| d.to_string()).unwrap_or_default(),
            &restrictions,
        ]);
        if let Claim::Repeat(id) =
            once::claim(&mut tx, (token, ACTION), user.id, &said, now).await?
        {
            return id.parse().map_err(|_| AppError::Internal);
        }
    }
    let new = NewContribution {
        fund,
        contributor_name: &name,
        contributor_org_id: &org_id,
        amount_pence: amount,
        pledged_on: pledged,
        received_on: received,
        financial_year: financial_year_of(pledged),
        restrictions: &restrictions,
    };
    let id = db::insert_contribution(&mut tx, &new, user.id, now).await?;
    if let Some(token) = input.token {
        once::made(&mut tx, token, ACTION, &id.to_string()).await?;
    }
    let entity_id = id.to_string();
    Entry::new(user.id, ACTION, ("contribution", entity_id.as_str()))
        .fields(&[
            ("fund", None, Some(found.name.clone())),
            ("contributor", None, Some(name.clone())),
            ("amount", None, Some(crate::format::money(amount))),
            ("pledged_on", None, Some(pledged.to_string())),
            ("received_on", None, received.map(|d| d.to_string())),
            (
                "restrictions",
                None,
                Some(restrictions.clone()).filter(|r| !r.is_empty()),
            ),
        ])
        .record(&mut tx, now)
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// `/chest` for `user`: every fund they read, with its pot, and where they may start one.
pub async fn chest_view(db: &Db, user: &CurrentUser) -> Result<ChestView, AppError> {
    let mut conn = db.conn().await?;
    let pots = db::pots(&mut conn).await?;
    let funds = db::funds(&mut conn)
        .await?
        .into_iter()
        .filter(|fund| can_read(user, fund))
        .map(|fund| {
            let (pledged, received) = pots
                .iter()
                .find(|(id, ..)| *id == fund.id)
                .map_or((0, 0), |(_, pledged, received)| (*pledged, *received));
            let total = LedgerLine {
                pledged_pence: pledged,
                received_pence: received,
                ..LedgerLine::default()
            };
            (fund, total)
        })
        .collect();
    Ok(ChestView {
        funds,
        places: fund_places(&mut conn, user).await?,
    })
}

/// A fund's page for `user`: refused unless they read its place.
pub async fn fund_view(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    today: NaiveDate,
) -> Result<FundView, AppError> {
    let mut conn = db.conn().await?;
    let fund = db::find_fund(&mut conn, id)
        .await?
        .ok_or_else(|| AppError::not_found("That fund"))?;
    if !can_read(user, &fund) {
        return Err(AppError::Forbidden);
    }
    let manages = can_manage(user, &fund);
    let contributions = db::contributions(&mut conn, id).await?;
    let allocated = super::rounds::db::fund_allocations(&mut conn, id).await?;
    let (mut ledger, mut total) = ledger(&contributions, &allocated);
    let awarded = super::decisions::db::awarded_by_round(&mut conn, id).await?;
    with_awards(&mut ledger, &mut total, &allocated, &awarded);
    let rounds = super::rounds::db::rounds(&mut conn, id)
        .await?
        .into_iter()
        .map(|round| RoundLine {
            status: round.status(today),
            budget_pence: super::model::round_budget(&allocated, round.id),
            round,
        })
        .collect();
    Ok(FundView {
        rounds,
        form_token: crate::forms::once::new_token()?,
        can_manage: manages,
        managers: db::managers(&mut conn, id)
            .await?
            .into_iter()
            .map(|m| FundManager {
                user_id: m.user_id.filter(|_| manages),
                ..m
            })
            .collect(),
        candidates: if manages {
            candidates(&mut conn, &fund).await?
        } else {
            Vec::new()
        },
        fund,
        ledger,
        total,
        contributions,
        today,
    })
}

/// Appoints `person` (a user id, as the form sends it) to run `fund`, for `user` who runs
/// it: someone [`candidates`] offers.
pub async fn appoint_manager(
    db: &Db,
    user: &CurrentUser,
    fund: i64,
    person: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let found = managed_fund(&mut tx, user, fund).await?;
    // Under the fund's lock: two appointments of one person at once make one.
    crate::chest::db::lock_fund(&mut tx, fund).await?;
    let offered = candidates(&mut tx, &found).await?;
    let mut checks = Checks::default();
    let chosen = checks.offered_person("manager", person, &offered, "someone to appoint");
    let (chosen, name) = checks.finish(|| chosen)?;
    if db::insert_manager(&mut tx, fund, chosen, user.id, now).await? {
        let entity_id = fund.to_string();
        Entry::new(
            user.id,
            "appoint_fund_manager",
            ("fund", entity_id.as_str()),
        )
        .fields(&[
            ("fund", None, Some(found.name.clone())),
            ("manager", None, Some(name)),
        ])
        .record(&mut tx, now)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Ends `person`'s appointment to run `fund`, for `user` who runs it. Whoever manages
/// every fund of its place still runs it, so a fund is never left without anyone.
pub async fn remove_manager(
    db: &Db,
    user: &CurrentUser,
    fund: i64,
    person: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let found = managed_fund(&mut tx, user, fund).await?;
    crate::chest::db::lock_fund(&mut tx, fund).await?;
    let appointed = db::managers(&mut tx, fund).await?;
    let Some(manager) = appointed.iter().find(|m| m.user_id == Some(person)) else {
        return Err(AppError::BadRequest {
            message: "That person is not appointed to run this fund.".to_owned(),
        });
    };
    if db::delete_manager(&mut tx, fund, person).await? {
        let entity_id = fund.to_string();
        Entry::new(user.id, "remove_fund_manager", ("fund", entity_id.as_str()))
            .fields(&[
                ("fund", None, Some(found.name.clone())),
                ("manager", Some(manager.name.clone()), None),
            ])
            .record(&mut tx, now)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::{Grant, Grants};

    fn fund(place: &str, level: &str, managers: Vec<i64>) -> Fund {
        Fund {
            id: 1,
            name: "Fund".into(),
            place: place.into(),
            place_name: place.into(),
            place_level: level.into(),
            holder_name: "Holder".into(),
            holder_org_id: "GB-LAE-ENF".into(),
            identifier_prefix: "360G-x".into(),
            illustrative: false,
            managers,
        }
    }

    fn person(id: i64, role: Role) -> CurrentUser {
        CurrentUser {
            id,
            name: "Fola".into(),
            email: "fola@example.org".into(),
            must_change_password: false,
            grants: Grants(vec![Grant {
                role,
                scope: Scope::Icb("NCL".into()),
                icb: Some("NCL".into()),
                icb_boroughs: vec!["enfield".into()],
            }]),
        }
    }

    #[test]
    fn an_appointed_manager_runs_their_fund_and_no_other() {
        let viewer = person(7, Role::Viewer);
        let theirs = fund("enfield", "borough", vec![7]);
        let another = fund("enfield", "borough", vec![3]);
        assert!(can_manage(&viewer, &theirs));
        assert!(!can_manage(&viewer, &another));
        assert!(can_read(&viewer, &another));
        // Appointed to NCL's and the region's funds, they run them too.
        assert!(can_manage(&viewer, &fund("NCL", "icb", vec![7])));
        assert!(can_manage(&viewer, &fund("london", "region", vec![7])));
        // An appointment outside their ICB does not hold.
        assert!(!can_manage(&viewer, &fund("NEL", "icb", vec![7])));
        // A panel member scores; an appointment does not make them a manager.
        assert!(!can_manage(&person(7, Role::PanelMember), &theirs));
        // The ICB lead runs every fund of the ICB, appointed or not.
        assert!(can_manage(&person(2, Role::IcbLead), &another));
    }
}
