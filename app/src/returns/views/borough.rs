//! One borough's return for a period (its versions and upload attempts), one attempt, and
//! one submitted version with its rows.

use super::dashboard::state_of;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::plumbing::Db;
use crate::returns::db;
use crate::returns::model::{
    Attempt, BoroughReturnPage, Count, PeriodWindow, Submission, SubmissionView,
};
use crate::returns::service::{self, can_sign_off, can_upload, can_view};
use chrono::NaiveDate;

pub async fn borough_return(
    db: &Db,
    user: &CurrentUser,
    period_id: i64,
    borough: &str,
    today: NaiveDate,
) -> Result<BoroughReturnPage, AppError> {
    let mut conn = db.conn().await?;
    let period = service::period_of(&mut conn, period_id).await?;
    let borough_name = service::asked_borough_name(&mut conn, &period, borough).await?;
    if !can_view(user, borough) {
        return Err(AppError::Forbidden);
    }
    let submissions: Vec<Submission> = db::submissions_for_period(&mut conn, period.id)
        .await?
        .into_iter()
        .filter(|s| s.borough_code == borough)
        .collect();
    let attempts = db::attempts(&mut conn, period.id, Some(borough)).await?;
    let window = period.window(today);
    let uploads_open = matches!(window, PeriodWindow::Open | PeriodWindow::Overdue);
    let latest_unsigned = submissions
        .first()
        .is_some_and(|s| s.signed_off_at.is_none());
    Ok(BoroughReturnPage {
        state: state_of(&submissions.iter().collect::<Vec<_>>()),
        can_upload: uploads_open && can_upload(user, borough),
        can_sign_off: latest_unsigned && can_sign_off(user, borough),
        period,
        window,
        borough_code: borough.to_owned(),
        borough_name,
        submissions,
        attempts,
        max_upload_mb: (service::MAX_UPLOAD_BYTES / (1024 * 1024)) as u64,
    })
}

pub async fn attempt(db: &Db, user: &CurrentUser, id: i64) -> Result<Attempt, AppError> {
    let mut conn = db.conn().await?;
    let attempt = db::find_attempt(&mut conn, id)
        .await?
        .ok_or_else(|| AppError::not_found("That upload"))?;
    if can_view(user, &attempt.borough_code) {
        Ok(attempt)
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn submission(db: &Db, user: &CurrentUser, id: i64) -> Result<SubmissionView, AppError> {
    let mut conn = db.conn().await?;
    let submission = service::submission_of(&mut conn, id).await?;
    if !can_view(user, &submission.borough_code) {
        return Err(AppError::Forbidden);
    }
    let mut content = db::content(&mut conn, id, SubmissionView::ROWS_SHOWN as i64).await?;
    let (workforce_rows, unmet_need_rows) = db::row_counts(&mut conn, id).await?;
    let threshold = service::threshold(&mut conn).await?;
    let suppress = !service::sees_borough_small_numbers(user, &submission.borough_code);
    let unmet_shown: Vec<Count> = content
        .unmet_needs
        .iter()
        .map(|line| Count::new(line.people, threshold, suppress))
        .collect();
    // A suppressed count never leaves the server, not even in the page's data.
    for (line, shown) in content.unmet_needs.iter_mut().zip(&unmet_shown) {
        if matches!(shown, Count::Suppressed { .. }) {
            line.people = 0;
        }
    }
    let latest = db::submissions_for_period(&mut conn, submission.period.id)
        .await?
        .iter()
        .filter(|s| s.borough_code == submission.borough_code)
        .map(|s| s.version)
        .max()
        .unwrap_or(submission.version);
    Ok(SubmissionView {
        latest_version: latest,
        workforce_rows,
        unmet_need_rows,
        unmet_shown,
        can_sign_off: submission.signed_off_at.is_none()
            && submission.version == latest
            && can_sign_off(user, &submission.borough_code),
        can_download_file: submission.file_name.is_some()
            && service::sees_borough_small_numbers(user, &submission.borough_code),
        submission,
        content,
    })
}
