//! Award rules: those who run the fund send the offer of an award decision, once (the
//! decision then stands as offered); the group accepts the offer and its conditions through
//! its private link, once. Each change is validated and audited in its transaction, under
//! the fund's lock (as decisions are).

use super::db::{self, NewAward};
use super::model::{AwardStatus, OfferTold, MAX_ACCEPTED_NAME_CHARS};
use crate::audit::Entry;
use crate::auth::CurrentUser;
use crate::chest::applications::service::{by_link, round_and_fund};
use crate::chest::applications::{db as application_db, ApplicationStatus};
use crate::chest::decisions::{db as decision_db, Outcome};
use crate::chest::service::can_manage;
use crate::error::AppError;
use crate::format::money;
use crate::forms::Checks;
use crate::plumbing::{Conn, Db};
use chrono::{DateTime, Utc};

/// The offer made on application `id`, as the group reads it, if one has been sent.
pub async fn offer_on(conn: &mut Conn, id: i64) -> Result<Option<OfferTold>, AppError> {
    Ok(db::for_application(conn, id)
        .await?
        .as_ref()
        .map(Into::into))
}

/// Sends the offer of the award decided on application `id`, for `user` who runs the fund,
/// if the decision is still at `version` as they read it; answers the award's id.
pub async fn send_offer(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    version: i64,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let application = application_db::find(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::not_found("That application"))?;
    let (_, fund) = round_and_fund(&mut tx, application.round_id).await?;
    if !can_manage(user, &fund) {
        return Err(AppError::Forbidden);
    }
    crate::chest::db::lock_fund(&mut tx, fund.id).await?;
    let decision = decision_db::find(&mut tx, id)
        .await?
        .filter(|d| {
            d.outcome == Outcome::Award && application.status == ApplicationStatus::Eligible
        })
        .ok_or_else(|| AppError::BadRequest {
            message:
                "Only an award is offered: the panel has not awarded this application a grant."
                    .to_owned(),
        })?;
    if decision.version != version {
        return Err(AppError::Conflict {
            message: "The decision has changed since you opened this page. Read it again before you send the offer.".to_owned(),
            version: Some(decision.version),
        });
    }
    let new = NewAward {
        application: id,
        prefix: &fund.identifier_prefix,
        amount_pence: decision.amount_pence,
        conditions: &decision.conditions,
        by: user.id,
    };
    let award = db::insert(&mut tx, &new, now)
        .await?
        .ok_or_else(|| AppError::BadRequest {
            message: "The offer has been sent already.".to_owned(),
        })?;
    let identifier = super::model::award_identifier(&fund.identifier_prefix, award);
    let entity_id = id.to_string();
    Entry::new(
        user.id,
        "send_offer",
        ("grant_application", entity_id.as_str()),
    )
    .fields(&[
        ("identifier", None, Some(identifier)),
        ("amount", None, Some(money(decision.amount_pence))),
        (
            "conditions",
            None,
            Some(decision.conditions.clone()).filter(|c| !c.is_empty()),
        ),
    ])
    .record(&mut tx, now)
    .await?;
    tx.commit().await?;
    Ok(award)
}

/// The group's acceptance of its offer through its private `link`: the name of the person
/// accepting for the group and `accept` (the group accepts the grant and its
/// conditions, ticked), if the offer is still as they read it at `version`.
pub async fn accept_offer(
    db: &Db,
    link: &str,
    version: i64,
    name: &str,
    accept: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let application = by_link(&mut tx, link).await?;
    let award = db::for_application(&mut tx, application.id)
        .await?
        .filter(|award| award.status == AwardStatus::Offered)
        .ok_or_else(|| AppError::BadRequest {
            message: "There is no offer to accept.".to_owned(),
        })?;
    let mut checks = Checks::default();
    let name = checks.text(
        "name",
        "your full name",
        name,
        true,
        MAX_ACCEPTED_NAME_CHARS,
    );
    if accept != crate::components::CONFIRMED {
        checks.add(
            "accept",
            "Confirm that your group accepts the grant and its conditions",
        );
    }
    checks.finish(|| Some(()))?;
    if !db::accept(&mut tx, award.id, version, &name, now).await? {
        return Err(AppError::Conflict {
            message:
                "The offer has changed since you opened this page. Reload it to read it again."
                    .to_owned(),
            version: None,
        });
    }
    let entity_id = application.id.to_string();
    Entry::new(
        None,
        "accept_offer",
        ("grant_application", entity_id.as_str()),
    )
    .fields(&[
        (
            "status",
            Some(AwardStatus::Offered.label().to_owned()),
            Some(AwardStatus::Accepted.label().to_owned()),
        ),
        ("accepted_by", None, Some(name)),
    ])
    .version(award.version, award.version + 1)
    .record(&mut tx, now)
    .await?;
    tx.commit().await?;
    Ok(())
}
