//! The return's file routes: the template download, the multipart upload (read up to the
//! size limit, checked off the async runtime, then stored) and the original file of a
//! stored version.

use super::service::{self, MAX_UPLOAD_BYTES};
use super::template::{template, Fill, TemplateSpec, TEMPLATE_VERSION};
use crate::auth::guard::authorize;
use crate::auth::{CurrentUser, Permission, Scope};
use crate::error::AppError;
use crate::plumbing::query::PathId;
use crate::plumbing::upload::read_file;
use crate::plumbing::xlsx::{workbook_response, xlsx_download};
use crate::plumbing::AppState;
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Redirect, Response};

/// The template a borough fills in for a period.
pub async fn download_template(
    user: CurrentUser,
    State(state): State<AppState>,
    PathId((period, borough)): PathId<(i64, String)>,
) -> Result<Response, AppError> {
    authorize(&user, Permission::ViewData, Scope::Borough(borough.clone()))?;
    let mut conn = state.db.conn().await?;
    let period = service::period_of(&mut conn, period).await?;
    let borough_name = service::asked_borough_name(&mut conn, &period, &borough).await?;
    let themes = super::db::themes(&mut conn).await?;
    let pcns = crate::boroughs::db::pcn_names(&mut conn, &borough).await?;
    drop(conn);
    let spec = TemplateSpec {
        borough_code: borough.clone(),
        borough_name,
        period_code: period.code(),
        due_on: crate::format::long_date(period.due_on),
        version: TEMPLATE_VERSION,
        themes: themes.into_iter().map(|theme| theme.name).collect(),
        pcns,
    };
    let workbook = template(&spec, &Fill::default())?;
    let file_name = format!(
        "linkway-return-{borough}-{}-q{}.xlsx",
        period.financial_year, period.quarter
    );
    workbook_response(workbook, &file_name).await
}

/// Takes a borough's return; answers with the upload's result page (problems listed, or
/// the stored version waiting for sign-off).
pub async fn upload(
    user: CurrentUser,
    State(state): State<AppState>,
    PathId((period, borough)): PathId<(i64, String)>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    authorize(
        &user,
        Permission::UploadReturn,
        Scope::Borough(borough.clone()),
    )?;
    let upload = match read_file(
        &mut multipart,
        MAX_UPLOAD_BYTES,
        "Choose the completed return to upload",
    )
    .await
    {
        Ok(upload) => upload,
        Err(AppError::Validation(_)) => {
            return Ok(Redirect::to(&format!(
                "/returns/periods/{period}/boroughs/{borough}?missing_file=1"
            ))
            .into_response())
        }
        Err(error) => return Err(error),
    };
    let received = service::receive_upload(
        &state.db,
        &state.workbook_checks,
        &user,
        period,
        &borough,
        upload,
        chrono::Utc::now(),
    )
    .await?;
    Ok(Redirect::to(&format!("/returns/attempts/{}", received.attempt_id)).into_response())
}

/// The original file of a stored version, as it was uploaded.
pub async fn original_file(
    user: CurrentUser,
    State(state): State<AppState>,
    PathId(id): PathId,
) -> Result<Response, AppError> {
    let mut conn = state.db.conn().await?;
    let submission = service::submission_of(&mut conn, id).await?;
    authorize(
        &user,
        Permission::ViewData,
        Scope::Borough(submission.borough_code.clone()),
    )?;
    if !service::sees_borough_small_numbers(&user, &submission.borough_code) {
        return Err(AppError::Forbidden);
    }
    let (file_name, bytes) = super::db::submission_file(&mut conn, id)
        .await?
        .ok_or_else(|| AppError::not_found("The original file of that return"))?;
    drop(conn);
    crate::audit::Entry::export(user.id, "return_file", 1)
        .record_alone(&state.db, chrono::Utc::now())
        .await?;
    xlsx_download(bytes, &file_name)
}
