//! A person's choice of how they get each kind of message, read and saved (with its audit
//! entry) for themselves only.

use super::db;
use super::{Delivery, EmailChoices, MessageKind};
use crate::audit::Entry;
use crate::auth::CurrentUser;
use crate::error::{AppError, FieldErrors};
use crate::plumbing::Db;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

pub async fn of(db: &Db, user: &CurrentUser) -> Result<EmailChoices, AppError> {
    let chosen = db::choices(&mut db.conn().await?, user.id).await?;
    Ok(EmailChoices {
        email: user.email.clone(),
        choices: MessageKind::chosen()
            .map(|kind| {
                let delivery = chosen
                    .iter()
                    .find(|(made, _)| *made == kind)
                    .map_or_else(Delivery::default, |(_, delivery)| *delivery);
                (kind, delivery)
            })
            .collect(),
    })
}

/// Saves `choices` (kind code → delivery code) for `user`. Every kind must be answered
/// with a known delivery; anything else is refused and nothing is saved.
pub async fn save(
    db: &Db,
    user: &CurrentUser,
    choices: &BTreeMap<String, String>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
    let mut wanted = Vec::new();
    for kind in MessageKind::chosen() {
        match choices
            .get(kind.code())
            .and_then(|code| Delivery::from_code(code))
        {
            Some(delivery) => wanted.push((kind, delivery)),
            None => errors.add(
                kind.code(),
                format!(
                    "Choose how you want to hear that {}",
                    lowercase_first(kind.label())
                ),
            ),
        }
    }
    if let Some(unknown) = choices
        .keys()
        .find(|code| MessageKind::from_code(code).is_none_or(|kind| kind == MessageKind::Digest))
    {
        errors.add(
            crate::error::FORM,
            format!(
                "Linkway has no messages of the kind {unknown:?}; reload the page and choose again"
            ),
        );
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let before = of(db, user).await?;
    let mut tx = db.begin().await?;
    let mut fields = Vec::new();
    for (kind, delivery) in wanted {
        let was = before
            .choices
            .iter()
            .find(|(made, _)| *made == kind)
            .map(|(_, was)| *was)
            .unwrap_or_default();
        if was != delivery {
            db::set_choice(&mut tx, user.id, kind, delivery, now).await?;
            fields.push((
                kind.code(),
                Some(was.label().to_owned()),
                Some(delivery.label().to_owned()),
            ));
        }
    }
    if !fields.is_empty() {
        let id = user.id.to_string();
        Entry::new(user.id, "change_email_choices", ("user", id.as_str()))
            .fields(&fields)
            .record(&mut tx, now)
            .await?;
    }
    Ok(tx.commit().await?)
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
