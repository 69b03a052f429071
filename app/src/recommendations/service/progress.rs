//! Progress updates: status, percent complete, commentary and evidence, never overwritten.

use super::{plan_to_update, LONG_TEXT};
use crate::audit::Entry;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::forms::once::{self, Claim};
use crate::forms::Checks;
use crate::plumbing::Db;
use crate::recommendations::db::{self, NewUpdate};
use crate::recommendations::model::Status;
use chrono::{DateTime, Utc};

pub struct ProgressInput<'a> {
    /// The page's one-time form token, when the post comes from the form: a repeat of a
    /// stored update answers its id and stores nothing.
    pub token: Option<&'a str>,
    pub status: &'a str,
    pub commentary: &'a str,
    pub percent_complete: &'a str,
    pub evidence: &'a str,
    pub reported_on: &'a str,
}

/// Posts progress on recommendation `number` of `icb`'s review.
pub async fn add_progress(
    db: &Db,
    user: &CurrentUser,
    (icb, number): (&str, i64),
    input: ProgressInput<'_>,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let plan = plan_to_update(&mut tx, user, (icb, number)).await?;
    let mut checks = Checks::default();
    let status: Option<Status> = checks.choice("status", input.status, "Select a status");
    let commentary = checks.text(
        "commentary",
        "a commentary",
        input.commentary,
        true,
        LONG_TEXT,
    );
    let percent = match input.percent_complete.trim().parse::<i64>() {
        Ok(value) if (0..=100).contains(&value) => Some(value),
        _ => {
            checks.add(
                "percent_complete",
                "Percent complete must be a whole number from 0 to 100",
            );
            None
        }
    };
    if status == Some(Status::Complete) && percent.is_some_and(|p| p < 100) {
        checks.add(
            "percent_complete",
            "A complete recommendation is 100% complete",
        );
    }
    let evidence = checks.text("evidence", "the evidence", input.evidence, false, LONG_TEXT);
    if evidence.starts_with("http://") {
        checks.add("evidence", "Evidence links must start with https://");
    }
    let reported_on = checks.date(
        "reported_on",
        "the date of the update",
        input.reported_on,
        true,
    );
    if reported_on.is_some_and(|day| day > now.date_naive()) {
        checks.add(
            "reported_on",
            "The date of the update cannot be in the future",
        );
    }
    let (status, percent_complete, reported_on, commentary, evidence) =
        checks.finish(|| Some((status?, percent?, reported_on?, commentary, evidence)))?;
    const ACTION: &str = "add_progress_update";
    if let Some(token) = input.token {
        let said = once::fingerprint(&[
            &number.to_string(),
            status.code(),
            &commentary,
            &percent_complete.to_string(),
            &evidence,
            &reported_on.to_string(),
        ]);
        if let Claim::Repeat(id) =
            once::claim(&mut tx, (token, ACTION), user.id, &said, now).await?
        {
            return id.parse().map_err(|_| AppError::Internal);
        }
    }
    let update = NewUpdate {
        recommendation_id: plan.id,
        status,
        commentary: &commentary,
        percent_complete,
        evidence: &evidence,
        reported_on,
    };
    let id = db::insert_update(&mut tx, &update, user.id, now).await?;
    if let Some(token) = input.token {
        once::made(&mut tx, token, ACTION, &id.to_string()).await?;
    }

    Entry::new(user.id, ACTION, ("progress_update", &id.to_string()))
        .fields(&[
            ("recommendation", None, Some(number.to_string())),
            ("status", None, Some(status.label().to_owned())),
            ("commentary", None, Some(commentary.clone())),
            (
                "percent_complete",
                None,
                Some(format!("{percent_complete}%")),
            ),
            (
                "evidence",
                None,
                Some(evidence.clone()).filter(|e| !e.is_empty()),
            ),
            ("reported_on", None, Some(crate::format::date(reported_on))),
        ])
        .record(&mut tx, now)
        .await?;
    tx.commit().await?;
    Ok(id)
}
