//! Writing messages: [`post`] puts a letter in the outbox inside the transaction of the
//! change that causes it, as its person chose (straight away, held for the weekly digest,
//! or not at all); late returns are copied to the ICB leads.

use super::db::{self, NewMessage};
use super::letter::{Letter, Recipient};
use super::{Delivery, MessageKind, MessageStatus};
use crate::auth::Role;
use crate::error::AppError;
use crate::plumbing::digest::sha256_of_parts;
use crate::plumbing::Tx;
use chrono::{DateTime, Utc};

/// Writes `letter` to the outbox in `tx` unless its person chose not to have its kind
/// (chasers and digests go regardless), or the same message was written before. Answers its id when it was written.
pub async fn post(
    tx: &mut Tx,
    letter: &Letter,
    now: DateTime<Utc>,
) -> Result<Option<i64>, AppError> {
    let delivery = if letter.insist {
        Delivery::Immediately
    } else {
        db::delivery(tx, letter.to.id, letter.kind).await?
    };
    let status = match delivery {
        Delivery::Never => return Ok(None),
        Delivery::Weekly => MessageStatus::Held,
        Delivery::Immediately => MessageStatus::Pending,
    };
    // The leads of the ICB the late borough belongs to (the recipient's), on one of the
    // letters the borough's people get about it each week, not on every one.
    let copied = letter.kind == MessageKind::ReturnLate
        && db::copied_since(
            tx,
            (letter.kind, &letter.link, &letter.subject),
            now - chrono::Duration::days(6),
        )
        .await?;
    let copy_to = if letter.kind == MessageKind::ReturnLate && !copied {
        db::icb_leads_over(tx, letter.to.id)
            .await?
            .into_iter()
            .filter(|lead| lead.id != letter.to.id)
            .map(|lead| lead.email)
            .collect::<Vec<_>>()
            .join("; ")
    } else {
        String::new()
    };
    let once_key = sha256_of_parts(&[&letter.to.id.to_string(), &letter.once]);
    let written = db::insert_message(
        tx,
        &NewMessage {
            kind: letter.kind,
            to: &letter.to,
            copy_to: &copy_to,
            subject: &letter.subject,
            body: &letter.body.join("\n\n"),
            link: &letter.link,
            once_key: &once_key,
            status,
        },
        now,
    )
    .await?;
    Ok(written)
}

/// Writes each letter; answers how many were written.
pub async fn post_all(
    tx: &mut Tx,
    letters: impl IntoIterator<Item = Letter>,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let mut written = 0;
    for letter in letters {
        written += usize::from(post(tx, &letter, now).await?.is_some());
    }
    Ok(written)
}

/// The active submitters and lead of `borough`: who uploads its returns.
pub async fn borough_team(tx: &mut Tx, borough: &str) -> Result<Vec<Recipient>, AppError> {
    let mut people = db::people_with_role(tx, Role::Submitter, Some(borough)).await?;
    for lead in db::people_with_role(tx, Role::BoroughLead, Some(borough)).await? {
        if !people.iter().any(|person| person.id == lead.id) {
            people.push(lead);
        }
    }
    Ok(people)
}
