//! The reminder sweep: each day's reminders worked out from everyone's tasks (a return
//! now open, due within a week, due today or late; a sign-off waiting; ratings owed; a
//! milestone or plan action due or overdue), written once each however often the sweep
//! runs and however many processes run it; and on Mondays, each person's held messages
//! gathered into their weekly digest.

use super::db;
use super::letter::{reminder, Letter, Recipient, LINKWAY};
use super::outbox::post;
use super::MessageKind;
use crate::auth::{CurrentUser, Grants};
use crate::error::AppError;
use crate::plumbing::Db;
use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};

/// Writes the reminders due on `today` for every active account with a role, and (on a
/// Monday) the weekly digests. Answers how many messages were written.
pub async fn sweep(db: &Db, today: NaiveDate, now: DateTime<Utc>) -> Result<usize, AppError> {
    let people = crate::admin::db::list_users(&mut db.conn().await?).await?;
    let mut written = 0;
    for person in people
        .into_iter()
        .filter(|p| p.active && !p.grants.is_empty())
    {
        let to = Recipient {
            id: person.id,
            name: person.name.clone(),
            email: person.email.clone(),
        };
        let user = CurrentUser {
            id: person.id,
            name: person.name,
            email: person.email,
            must_change_password: person.must_change_password,
            grants: Grants(person.grants),
        };
        // One person's trouble does not stop everyone else's reminders, or the digests.
        match remind(db, &user, &to, today, now).await {
            Ok(count) => written += count,
            Err(error) => {
                tracing::warn!(user = user.id, %error, "one person's reminders could not be worked out");
            }
        }
    }
    if today.weekday() == Weekday::Mon {
        written += digests(db, today, now).await?;
    }
    Ok(written)
}

/// Writes `user`'s reminders due on `today`.
async fn remind(
    db: &Db,
    user: &CurrentUser,
    to: &Recipient,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let tasks = crate::tasks::views::my_tasks(db, user, today).await?;
    let letters: Vec<Letter> = tasks
        .tasks
        .iter()
        .filter_map(|task| reminder(task, to, today))
        .collect();
    if letters.is_empty() {
        return Ok(0);
    }
    let mut tx = db.begin().await?;
    let written = super::outbox::post_all(&mut tx, letters, now).await?;
    tx.commit().await?;
    Ok(written)
}

/// Gathers each person's held messages into one digest for `today`'s week.
pub async fn digests(db: &Db, today: NaiveDate, now: DateTime<Utc>) -> Result<usize, AppError> {
    let held = db::held(&mut db.conn().await?).await?;
    let week = today.iso_week();
    let mut written = 0;
    for person in held.chunk_by(|a, b| a.user_id == b.user_id) {
        let Some(first) = person.first() else {
            continue;
        };
        let mut body = vec![format!(
            "Here is what Linkway held for your weekly digest ({}):",
            crate::format::plural(person.len() as i64, "message")
        )];
        body.extend(
            person
                .iter()
                .map(|message| format!("- {}\n  {LINKWAY}{}", message.subject, message.link)),
        );
        let letter = Letter {
            kind: MessageKind::Digest,
            to: Recipient {
                id: first.user_id,
                name: first.user_name.clone(),
                email: first.recipient.clone(),
            },
            subject: format!(
                "Your Linkway weekly digest: {}",
                crate::format::plural(person.len() as i64, "item")
            ),
            body,
            link: "/my-tasks".to_owned(),
            once: format!("digest|{}-W{:02}", week.year(), week.week()),
            insist: true,
        };
        let mut tx = db.begin().await?;
        let Some(digest) = post(&mut tx, &letter, now).await? else {
            // This week's digest is already written (by another process, or earlier).
            continue;
        };
        for message in person {
            db::put_in_digest(&mut tx, message.id, digest).await?;
        }
        tx.commit().await?;
        written += 1;
    }
    Ok(written)
}
