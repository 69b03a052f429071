//! Award rules: those who run the fund send the offer of an award decision, once (the
//! decision then stands as offered); the group accepts the offer and its conditions through
//! its private link, once; those who run the fund record its payments once accepted, never
//! beyond the award (a sentence says by how much), the first one paid making it active.
//! Each change is validated and audited in its transaction, under the fund's lock (as
//! decisions are); the award carries a version.

use super::db::{self, NewAward, NewPayment};
use super::model::{
    disbursed, Award, AwardStatus, AwardView, OfferTold, PaymentOutcome, MAX_ACCEPTED_NAME_CHARS,
};
use crate::audit::Entry;
use crate::auth::CurrentUser;
use crate::chest::applications::service::{by_link, round_and_fund};
use crate::chest::applications::{db as application_db, ApplicationStatus};
use crate::chest::decisions::{db as decision_db, Outcome};
use crate::chest::model::Fund;
use crate::chest::rounds::GrantRound;
use crate::chest::service::can_manage;
use crate::error::AppError;
use crate::format::money;
use crate::forms::Checks;
use crate::plumbing::{Conn, Db};
use chrono::{DateTime, NaiveDate, Utc};

/// The longest payment reference accepted.
const MAX_REFERENCE_CHARS: usize = 100;
/// The longest note on a payment accepted.
const MAX_PAYMENT_NOTE_CHARS: usize = 500;

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
        .filter(|_| application.status == ApplicationStatus::Eligible)
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

/// Award `id` with its application, round and fund, for `user` who runs the fund.
async fn managed_award(
    conn: &mut Conn,
    user: &CurrentUser,
    id: i64,
) -> Result<
    (
        Award,
        crate::chest::applications::Application,
        GrantRound,
        Fund,
    ),
    AppError,
> {
    let award = db::find(conn, id)
        .await?
        .ok_or_else(|| AppError::not_found("That award"))?;
    let application = application_db::find(conn, award.application_id)
        .await?
        .ok_or_else(|| AppError::not_found("That award"))?;
    let (round, fund) = round_and_fund(conn, application.round_id).await?;
    if !can_manage(user, &fund) {
        return Err(AppError::Forbidden);
    }
    Ok((award, application, round, fund))
}

/// `/chest/awards/{id}` for `user`, who runs the fund.
pub async fn award_view(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    today: NaiveDate,
) -> Result<AwardView, AppError> {
    let mut conn = db.conn().await?;
    let (award, application, round, fund) = managed_award(&mut conn, user, id).await?;
    Ok(AwardView {
        payments: db::payments(&mut conn, id).await?,
        award,
        fund_name: fund.name,
        round_id: round.id,
        round_title: round.title,
        reference: application.reference,
        org_name: application.org_name,
        project_title: application.project_title,
        today,
    })
}

/// What the fund manager typed to record a payment.
pub struct PaymentInput<'a> {
    pub paid_on: &'a str,
    pub amount: &'a str,
    pub reference: &'a str,
    pub outcome: &'a str,
    pub note: &'a str,
}

/// Records a payment of award `id` for `user`, who runs the fund, if the award is still at
/// `version`; answers the payment's id.
pub async fn record_payment(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    version: i64,
    input: PaymentInput<'_>,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let (award, application, _, fund) = managed_award(&mut tx, user, id).await?;
    crate::chest::db::lock_fund(&mut tx, fund.id).await?;
    if !award.status.takes_payments() {
        return Err(AppError::BadRequest {
            message: match award.status {
                AwardStatus::Offered => {
                    "The group has not accepted the offer yet: pay once it has.".to_owned()
                }
                status => format!(
                    "The award is {}: it takes no more payments.",
                    status.label().to_lowercase()
                ),
            },
        });
    }
    let paid = disbursed(&db::payments(&mut tx, id).await?);
    let left = award.amount_pence - paid;
    let mut checks = Checks::default();
    let paid_on = checks.date("paid_on", "the day it was paid", input.paid_on, true);
    if paid_on.is_some_and(|day| day > now.date_naive()) {
        checks.add(
            "paid_on",
            "The day it was paid cannot be in the future: record it once it is made",
        );
    }
    let amount = checks.money(
        "amount",
        input.amount,
        award.amount_pence,
        &format!(
            "Enter an amount from £0.01 up to the {} awarded, like 500 or 1,250.50",
            money(award.amount_pence)
        ),
    );
    let outcome = checks.choice::<PaymentOutcome>(
        "outcome",
        input.outcome,
        "Choose whether it was paid, failed or was stopped",
    );
    if let (Some(PaymentOutcome::Paid), Some(pence)) = (outcome, amount) {
        if pence > left {
            checks.add(
                "amount",
                format!(
                    "{} is awarded and {} is paid already: {} is {} more than is left ({})",
                    money(award.amount_pence),
                    money(paid),
                    money(pence),
                    money(pence - left),
                    money(left.max(0))
                ),
            );
        }
    }
    let reference = checks.text(
        "reference",
        "the payment's reference",
        input.reference,
        true,
        MAX_REFERENCE_CHARS,
    );
    let note = checks.text(
        "note",
        "the note",
        input.note,
        false,
        MAX_PAYMENT_NOTE_CHARS,
    );
    let (paid_on, amount, outcome) = checks.finish(|| Some((paid_on?, amount?, outcome?)))?;
    // Every payment moves the award's version on (and the first paid makes it active), so
    // a form read before another payment is refused.
    let status = if outcome == PaymentOutcome::Paid {
        AwardStatus::Active
    } else {
        award.status
    };
    if !db::set_status(&mut tx, id, version, status, now).await? {
        return Err(AppError::Conflict {
            message: "The award has changed since you opened this page (another payment, say): read it again, then record the payment.".to_owned(),
            version: Some(award.version),
        });
    }
    let new = NewPayment {
        award: id,
        paid_on,
        amount_pence: amount,
        reference: &reference,
        outcome,
        note: &note,
        by: user.id,
    };
    let payment = db::insert_payment(&mut tx, &new, now).await?;
    let entity_id = application.id.to_string();
    Entry::new(
        user.id,
        "record_payment",
        ("grant_application", entity_id.as_str()),
    )
    .fields(&[
        ("award", None, Some(award.identifier.clone())),
        ("paid_on", None, Some(paid_on.to_string())),
        ("amount", None, Some(money(amount))),
        ("reference", None, Some(reference)),
        ("outcome", None, Some(outcome.label().to_owned())),
        ("note", None, Some(note).filter(|n| !n.is_empty())),
        (
            "status",
            Some(award.status.label().to_owned()),
            Some(status.label().to_owned()),
        ),
    ])
    .version(award.version, award.version + 1)
    .record(&mut tx, now)
    .await?;
    tx.commit().await?;
    Ok(payment)
}
