//! Changes to quarterly returns: who may make them, what is valid, and the audit row
//! written in the same transaction.
//!
//! Who may do what: an ICB's leads (`ManageReturns`) open its periods; administrators set
//! the suppression threshold and coverage targets, which every ICB shares; a borough's submitters and lead (`UploadReturn`) upload its return; the
//! borough lead (`SignOffReturn`) signs it off; administrators (`EditReferenceData`) keep
//! populations and the theme code list.

use super::check::{check_return, file_problem, Expected};
use super::db::{self, NewAttempt, NewPeriod, NewPopulation, NewSubmission};
use super::model::{
    period_code, NeedTheme, Period, PeriodWindow, Problem, ReturnContent, Submission, WorkforceRole,
};
use crate::audit::{conflict_at, Entry};
use crate::auth::{CurrentUser, Permission, Scope};
use crate::error::AppError;
use crate::forms::Checks;
use crate::plumbing::limits::Turns;
use crate::plumbing::workbook_limits::CHECK_TIME_LIMIT;
use crate::plumbing::{Conn, Db, Tx};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// The largest upload accepted.
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;

/// Whether the user opens and chases `icb`'s return periods (an ICB code): its leads.
pub fn can_manage(user: &CurrentUser, icb: &str) -> bool {
    user.can(Permission::ManageReturns, &Scope::Icb(icb.to_owned()))
}

/// Whether the user keeps what every ICB's returns rely on — populations, deprivation, the
/// need themes, the suppression threshold and the coverage targets: administrators, so no
/// ICB's lead changes what another ICB's figures are measured and published by.
pub fn can_keep_reference(user: &CurrentUser) -> bool {
    user.can(Permission::EditReferenceData, &Scope::Region)
}

fn borough_scope(borough: &str) -> Scope {
    Scope::Borough(borough.to_owned())
}

pub fn can_upload(user: &CurrentUser, borough: &str) -> bool {
    user.can(Permission::UploadReturn, &borough_scope(borough))
}

pub fn can_sign_off(user: &CurrentUser, borough: &str) -> bool {
    user.can(Permission::SignOffReturn, &borough_scope(borough))
}

/// Whether the user may see a borough's returns (versions, attempts, rows, files).
pub fn can_view(user: &CurrentUser, borough: &str) -> bool {
    user.can(Permission::ViewData, &borough_scope(borough))
}

/// Whether the user sees every count of a borough's own returns: the ICB team, and the
/// borough's own submitters and lead, who wrote them (suppression protects what is
/// published, not people from their own figures). The original file holds every count, so
/// the same people may download it.
pub fn sees_borough_small_numbers(user: &CurrentUser, borough: &str) -> bool {
    user.can(Permission::ViewSmallNumbers, &borough_scope(borough)) || can_upload(user, borough)
}

pub async fn period_of(conn: &mut Conn, id: i64) -> Result<Period, AppError> {
    db::find_period(conn, id)
        .await?
        .ok_or_else(|| AppError::not_found("That return period"))
}

/// The borough's name, if `code` is a borough.
pub async fn borough_name(conn: &mut Conn, code: &str) -> Result<String, AppError> {
    crate::boroughs::db::list_boroughs(conn)
        .await?
        .into_iter()
        .find(|borough| borough.code == code)
        .map(|borough| borough.name)
        .ok_or_else(|| AppError::not_found("That borough"))
}

/// The name of borough `code` when `period` asks it for a return (it is one of the
/// period's ICB's boroughs); otherwise not found.
pub async fn asked_borough_name(
    conn: &mut Conn,
    period: &Period,
    code: &str,
) -> Result<String, AppError> {
    crate::boroughs::db::list_boroughs(conn)
        .await?
        .into_iter()
        .find(|borough| borough.code == code && borough.icb_code == period.icb_code)
        .map(|borough| borough.name)
        .ok_or_else(|| AppError::not_found("That borough"))
}

pub async fn threshold(conn: &mut Conn) -> Result<i64, AppError> {
    Ok(db::threshold(conn)
        .await?
        .map_or(super::model::DEFAULT_SUPPRESSION_THRESHOLD, |(value, _)| {
            value
        }))
}

pub struct PeriodInput<'a> {
    pub financial_year: &'a str,
    pub quarter: &'a str,
    pub opens_on: &'a str,
    pub due_on: &'a str,
    pub closes_on: &'a str,
}

/// Opens a period for `icb` (an ICB code), asking each of its boroughs for a return.
pub async fn create_period(
    db: &Db,
    user: &CurrentUser,
    icb: &str,
    input: &PeriodInput<'_>,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    if !can_manage(user, icb) {
        return Err(AppError::Forbidden);
    }
    let mut checks = Checks::default();
    let financial_year = input
        .financial_year
        .trim()
        .split('/')
        .next()
        .and_then(|year| year.trim().parse::<i32>().ok())
        .filter(|year| (2000..=2100).contains(year));
    if financial_year.is_none() {
        checks.add(
            "financial_year",
            "Enter the year the financial year starts, like 2025 for 2025/26",
        );
    }
    let quarter = input
        .quarter
        .trim()
        .trim_start_matches(['Q', 'q'])
        .parse::<u32>()
        .ok()
        .filter(|quarter| (1..=4).contains(quarter));
    if quarter.is_none() {
        checks.add("quarter", "Choose a quarter from 1 to 4");
    }
    let opens_on = checks.date("opens_on", "the opening date", input.opens_on, true);
    let due_on = checks.date("due_on", "the due date", input.due_on, true);
    let closes_on = checks.date("closes_on", "the closing date", input.closes_on, true);
    if let (Some(opens), Some(due)) = (opens_on, due_on) {
        if due < opens {
            checks.add(
                "due_on",
                "The due date must be on or after the opening date",
            );
        }
    }
    if let (Some(due), Some(closes)) = (due_on, closes_on) {
        if closes < due {
            checks.add(
                "closes_on",
                "The closing date must be on or after the due date",
            );
        }
    }
    let mut tx = db.begin().await?;
    if let (Some(year), Some(quarter)) = (financial_year, quarter) {
        let exists = db::periods(&mut tx)
            .await?
            .iter()
            .any(|p| p.icb_code == icb && p.financial_year == year && p.quarter == quarter);
        if exists {
            checks.add(
                "quarter",
                format!("{} already has a return period", period_code(year, quarter)),
            );
        }
    }
    let (financial_year, quarter, opens_on, due_on, closes_on) =
        checks.finish(|| Some((financial_year?, quarter?, opens_on?, due_on?, closes_on?)))?;
    let id = db::insert_period(
        &mut tx,
        &NewPeriod {
            financial_year,
            quarter,
            opens_on,
            due_on,
            closes_on,
            created_by: user.id,
            icb: icb.to_owned(),
        },
        now,
    )
    .await?;
    let period = period_of(&mut tx, id).await?;
    super::messages::period_opened(&mut tx, &period, now).await?;
    let entity_id = id.to_string();
    Entry::new(
        user.id,
        "create_return_period",
        ("return_period", entity_id.as_str()),
    )
    .fields(&[
        ("period", None, Some(period_code(financial_year, quarter))),
        ("opens_on", None, Some(crate::format::date(opens_on))),
        ("due_on", None, Some(crate::format::date(due_on))),
        ("closes_on", None, Some(crate::format::date(closes_on))),
    ])
    .record(&mut tx, now)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The file as the upload handler received it (up to [`MAX_UPLOAD_BYTES`]).
pub use crate::plumbing::upload::Upload;

/// What became of an upload: the attempt (always) and the submission (when clean).
pub struct Received {
    pub attempt_id: i64,
    pub submission_id: Option<i64>,
}

pub use crate::plumbing::digest::sha256_hex;

/// Checks an upload and stores it: a clean return as the borough's next version (with its
/// original file) waiting for sign-off; otherwise only the attempt and its problems.
pub async fn receive_upload(
    db: &Db,
    slots: &Turns,
    user: &CurrentUser,
    period_id: i64,
    borough: &str,
    upload: Upload,
    now: DateTime<Utc>,
) -> Result<Received, AppError> {
    let mut conn = db.conn().await?;
    let period = period_of(&mut conn, period_id).await?;
    let borough_name = asked_borough_name(&mut conn, &period, borough).await?;
    drop(conn);
    if !can_upload(user, borough) {
        return Err(AppError::Forbidden);
    }
    let today = now.date_naive();
    let refusal = match period.window(today) {
        PeriodWindow::NotOpen => Some(format!(
            "Returns for {} open on {}.",
            period.code(),
            crate::format::date(period.opens_on)
        )),
        PeriodWindow::Closed if period.baseline => Some(format!(
            "{} is the baseline loaded from the review; it takes no uploads.",
            period.code()
        )),
        PeriodWindow::Closed => Some(format!(
            "Returns for {} closed on {}. Ask the ICB team about a late return.",
            period.code(),
            crate::format::date(period.closes_on)
        )),
        PeriodWindow::Open | PeriodWindow::Overdue => None,
    };
    if let Some(message) = refusal {
        return Err(AppError::BadRequest { message });
    }
    store_upload(
        db,
        slots,
        user,
        &period,
        (borough, &borough_name),
        upload,
        now,
    )
    .await
}

/// Checks an upload and stores the outcome, once [`receive_upload`] has checked who may
/// upload and the period's window.
async fn store_upload(
    db: &Db,
    slots: &Turns,
    user: &CurrentUser,
    period: &Period,
    (borough, borough_name): (&str, &str),
    upload: Upload,
    now: DateTime<Utc>,
) -> Result<Received, AppError> {
    let file_name = clean_file_name(&upload.file_name);
    let file_hash = sha256_hex(&upload.bytes);
    let file_size = upload.bytes.len() as i64;
    let outcome: Result<_, Vec<Problem>> = if upload.too_large {
        Err(vec![file_problem(format!(
            "The file is larger than {} MB. Remove anything that is not part of the return (pictures, extra sheets) and upload it again.",
            MAX_UPLOAD_BYTES / (1024 * 1024)
        ))])
    } else if !file_name.to_lowercase().ends_with(".xlsx") && !upload.bytes.starts_with(b"PK") {
        Err(vec![file_problem(
            "The file is not an Excel workbook. Save the return as an Excel Workbook (.xlsx) and upload it again.",
        )])
    } else {
        let mut conn = db.conn().await?;
        let themes = db::themes(&mut conn).await?;
        let pcns = crate::boroughs::db::pcn_names(&mut conn, borough).await?;
        drop(conn);
        let expected = (period.code(), borough.to_owned(), borough_name.to_owned());
        check_in_slot(slots, upload.bytes, (themes, pcns), expected).await?
    };
    let attempt = AttemptFile {
        file_name: &file_name,
        file_hash: &file_hash,
        file_size,
    };
    let problems = match outcome {
        Ok(checked) => {
            let mut tries = 0;
            loop {
                tries += 1;
                match store_submission(
                    db,
                    user,
                    period,
                    (borough, borough_name),
                    &attempt,
                    &checked,
                    now,
                )
                .await
                {
                    Ok(received) => return Ok(received),
                    Err(StoreFailure::Contention(error)) if tries < STORE_TRIES => {
                        tracing::info!(%error, tries, "return upload met another; trying again");
                    }
                    Err(StoreFailure::Contention(error)) => {
                        tracing::warn!(%error, tries, "return upload kept meeting others");
                        break vec![file_problem(
                            "Another upload for this borough and period was being stored at the same moment, so this one was not saved. Upload it again.",
                        )];
                    }
                    Err(StoreFailure::Identical(version)) => {
                        break vec![file_problem(format!(
                            "This file is the same as version {version}, which is already stored, so nothing new was saved. To send a corrected return, upload the corrected file."
                        ))];
                    }
                    Err(StoreFailure::Other) => {
                        break vec![file_problem(
                            "Linkway could not store this return just now; nothing was saved. Upload it again in a minute.",
                        )];
                    }
                }
            }
        }
        Err(problems) => problems,
    };
    let mut tx = db.begin().await?;
    let attempt_id = db::insert_attempt(
        &mut tx,
        &attempt.recorded(period, borough, user, &problems, None),
        now,
    )
    .await?;
    let entity_id = attempt_id.to_string();
    Entry::new(
        user.id,
        "reject_return",
        ("return_attempt", entity_id.as_str()),
    )
    .fields(&[
        ("period", None, Some(period.code())),
        ("borough", None, Some(borough_name.to_owned())),
        ("file", None, Some(file_name.clone())),
        ("file_hash", None, Some(file_hash.clone())),
        ("problems", None, Some(problems.len().to_string())),
    ])
    .record(&mut tx, now)
    .await?;
    tx.commit().await?;
    Ok(Received {
        attempt_id,
        submission_id: None,
    })
}

/// Times a clean return is offered to the database when uploads for the same borough and
/// period meet.
const STORE_TRIES: usize = 3;

/// The uploaded file as an attempt records it.
struct AttemptFile<'a> {
    file_name: &'a str,
    file_hash: &'a str,
    file_size: i64,
}

impl<'a> AttemptFile<'a> {
    /// The attempt row for this file: refused with `problems`, or stored as `submission`.
    fn recorded(
        &self,
        period: &Period,
        borough: &'a str,
        user: &CurrentUser,
        problems: &'a [Problem],
        submission: Option<i64>,
    ) -> NewAttempt<'a> {
        NewAttempt {
            period: period.id,
            borough,
            uploaded_by: user.id,
            file_name: self.file_name,
            file_size: self.file_size,
            file_hash: self.file_hash,
            problems,
            submission,
        }
    }
}

/// Why a checked return was not stored.
enum StoreFailure {
    /// Another upload for the same borough and period was being stored at the same moment
    /// (a version number taken first, a lock, a serialisation failure): trying again may
    /// succeed.
    Contention(sqlx::Error),
    /// The file is the same (by SHA-256) as the borough's newest version, this one.
    Identical(i64),
    /// Anything else (logged where it was turned into an `AppError`).
    Other,
}

impl From<sqlx::Error> for StoreFailure {
    fn from(error: sqlx::Error) -> Self {
        let contention = error.as_database_error().is_some_and(|db_error| {
            db_error.is_unique_violation()
                || matches!(
                    db_error.code().as_deref(),
                    // SQLite: busy, locked, busy snapshot; PostgreSQL: serialisation, deadlock.
                    Some("5" | "6" | "517" | "40001" | "40P01")
                )
        });
        if contention {
            Self::Contention(error)
        } else {
            let _logged = AppError::from(error);
            Self::Other
        }
    }
}

impl From<AppError> for StoreFailure {
    fn from(_: AppError) -> Self {
        Self::Other
    }
}

/// Stores a clean return as the borough's next version, with its attempt and audit row, in
/// one transaction. The transaction first takes the borough's upload lock
/// ([`db::lock_uploads`]) so two uploads at the same moment become consecutive versions.
async fn store_submission(
    db: &Db,
    user: &CurrentUser,
    period: &Period,
    (borough, borough_name): (&str, &str),
    file: &AttemptFile<'_>,
    (content, themes, bytes): &Checked,
    now: DateTime<Utc>,
) -> Result<Received, StoreFailure> {
    let mut tx = db.begin().await?;
    db::lock_uploads(&mut tx, borough).await?;
    // Checked under the borough's upload lock: the same file twice is flagged, not stored
    // again as a new version.
    if let Some((version, Some(hash))) = db::newest_version(&mut tx, period.id, borough).await? {
        if hash == file.file_hash {
            return Err(StoreFailure::Identical(version));
        }
    }
    let (id, version) = db::insert_submission(
        &mut tx,
        &NewSubmission {
            period: period.id,
            borough,
            uploaded_by: user.id,
            file_name: file.file_name,
            file_hash: file.file_hash,
            file: bytes,
        },
        content,
        themes,
        now,
    )
    .await?;
    let attempt_id = db::insert_attempt(
        &mut tx,
        &file.recorded(period, borough, user, &[], Some(id)),
        now,
    )
    .await?;
    super::messages::version_uploaded(&mut tx, period, (borough, borough_name), version, now)
        .await?;
    let entity_id = id.to_string();
    let rows = |count: usize| Some(count.to_string());
    Entry::new(
        user.id,
        "upload_return",
        ("return_submission", entity_id.as_str()),
    )
    .fields(&[
        ("period", None, Some(period.code())),
        ("borough", None, Some(borough_name.to_owned())),
        ("version", None, Some(version.to_string())),
        ("file", None, Some(file.file_name.to_owned())),
        ("file_hash", None, Some(file.file_hash.to_owned())),
        ("workforce_rows", None, rows(content.workforce.len())),
        ("unmet_need_rows", None, rows(content.unmet_needs.len())),
    ])
    .record(&mut tx, now)
    .await?;
    tx.commit().await?;
    Ok(Received {
        attempt_id,
        submission_id: Some(id),
    })
}

/// What a clean check hands on to be stored.
type Checked = (ReturnContent, Vec<NeedTheme>, Vec<u8>);

/// Runs the workbook check off the async runtime in one of the shared slots. Linkway
/// answers within the slots' wait ([`crate::plumbing::workbook_limits::SLOT_WAIT`]) plus
/// [`CHECK_TIME_LIMIT`] whatever the file: a check that runs longer keeps its slot until
/// it ends (so no more than the slots' worth of checks ever run), but the upload is
/// answered with a sentence.
async fn check_in_slot(
    slots: &Turns,
    bytes: Vec<u8>,
    (themes, pcns): (Vec<NeedTheme>, Vec<String>),
    (period_code, borough_code, borough_name): (String, String, String),
) -> Result<Result<Checked, Vec<Problem>>, AppError> {
    let Some(slot) = slots.take().await else {
        tracing::warn!("upload refused: every workbook check slot stayed busy");
        return Ok(Err(vec![file_problem(
            "Linkway is busy checking other returns. Try again in a minute.",
        )]));
    };
    let check = tokio::task::spawn_blocking(move || {
        let _slot = slot;
        let expected = Expected {
            borough_code: &borough_code,
            borough_name: &borough_name,
            period_code: &period_code,
            themes: &themes,
            pcns: &pcns,
        };
        check_return(&bytes, &expected).map(|content| (content, themes, bytes))
    });
    match tokio::time::timeout(CHECK_TIME_LIMIT, check).await {
        Ok(Ok(outcome)) => Ok(outcome),
        Ok(Err(error)) => {
            tracing::error!(%error, "the workbook check failed");
            Ok(Err(vec![file_problem(
                "Linkway could not check this file. Download a new template, copy your figures into it and upload that; if it happens again, tell the ICB team.",
            )]))
        }
        Err(_) => {
            tracing::warn!("upload check ran past its time limit");
            Ok(Err(vec![file_problem(
                "Linkway could not finish checking this file in time. Download a new template, copy your figures into it and upload that; if it happens again, tell the ICB team.",
            )]))
        }
    }
}

/// A file name fit to store and show: its last path part, printable, at most 200 chars.
fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .take(200)
        .collect();
    if cleaned.trim().is_empty() {
        "return.xlsx".to_owned()
    } else {
        cleaned.trim().to_owned()
    }
}

pub async fn submission_of(conn: &mut Conn, id: i64) -> Result<Submission, AppError> {
    db::find_submission(conn, id)
        .await?
        .ok_or_else(|| AppError::not_found("That return"))
}

/// The borough lead signs off the latest version of their borough's return, having
/// `declared` [`super::model::DECLARATION`].
pub async fn sign_off(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    declared: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let submission = submission_of(&mut tx, id).await?;
    if !can_sign_off(user, &submission.borough_code) {
        return Err(AppError::Forbidden);
    }
    if !declared {
        return Err(AppError::field(
            "declaration",
            "Tick the declaration to confirm the figures before you sign them off",
        ));
    }
    record_sign_off(tx, user, &submission, now).await
}

/// Signs a version off for `user` once its borough lead's permission has been checked.
async fn record_sign_off(
    mut tx: Tx,
    user: &CurrentUser,
    submission: &Submission,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let id = submission.id;
    if submission.signed_off_at.is_some() {
        return Err(AppError::BadRequest {
            message: format!("Version {} is already signed off.", submission.version),
        });
    }
    // Held until the sign-off commits: no upload can make this version stale meanwhile.
    db::lock_uploads(&mut tx, &submission.borough_code).await?;
    let latest = db::submissions_for_period(&mut tx, submission.period.id)
        .await?
        .into_iter()
        .filter(|other| other.borough_code == submission.borough_code)
        .map(|other| other.version)
        .max()
        .unwrap_or(submission.version);
    if latest != submission.version {
        return Err(AppError::BadRequest {
            message: format!(
                "Version {latest} has been uploaded since; sign that one off instead."
            ),
        });
    }
    if !db::sign_off(&mut tx, id, user.id, now).await? {
        return Err(AppError::Conflict {
            message: "Someone signed this return off while you were looking at it.".into(),
            version: None,
        });
    }
    let entity_id = id.to_string();
    Entry::new(
        user.id,
        "sign_off_return",
        ("return_submission", entity_id.as_str()),
    )
    .fields(&[
        ("period", None, Some(submission.period.code())),
        ("borough", None, Some(submission.borough_name.clone())),
        ("version", None, Some(submission.version.to_string())),
        (
            "status",
            Some("Awaiting sign-off".into()),
            Some("Signed off".into()),
        ),
    ])
    .record(&mut tx, now)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The name of the borough a form chose by `code`, or a message against `field`.
async fn chosen_borough(
    conn: &mut Conn,
    checks: &mut Checks,
    field: &str,
    code: &str,
) -> Result<Option<String>, AppError> {
    match borough_name(conn, code).await {
        Ok(name) => Ok(Some(name)),
        Err(AppError::NotFound { .. }) => {
            checks.add(field, "Choose a borough");
            Ok(None)
        }
        Err(error) => Err(error),
    }
}

pub struct DeprivationInput<'a> {
    pub borough: &'a str,
    pub score: &'a str,
    pub year: &'a str,
    pub source: &'a str,
    /// The version of each borough's measure the form was loaded with, by borough code; a
    /// borough not named had none (version 0).
    pub versions: &'a BTreeMap<String, i64>,
}

/// Records a borough's deprivation measure (administrators), replacing the one it had.
pub async fn record_deprivation(
    db: &Db,
    user: &CurrentUser,
    input: &DeprivationInput<'_>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if !can_keep_reference(user) {
        return Err(AppError::Forbidden);
    }
    let mut tx = db.begin().await?;
    let mut checks = Checks::default();
    let borough =
        chosen_borough(&mut tx, &mut checks, "deprivation_borough", input.borough).await?;
    let score = checks.decimal(
        "score",
        input.score,
        true,
        |score| score > 0.0 && score <= 100.0,
        "Enter the IMD average score, more than 0 and at most 100, like 21.8",
    );
    let year = input
        .year
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|year| (2000..=2100).contains(year));
    if year.is_none() {
        checks.add("year", "Enter the year of the indices, like 2019");
    }
    let source = checks.text(
        "deprivation_source",
        "where the score comes from",
        input.source,
        true,
        200,
    );
    let (borough_name, score, year, source) =
        checks.finish(|| Some((borough?, score?, year?, source)))?;
    let version = input.versions.get(input.borough).copied().unwrap_or(0);
    let before = db::deprivation(&mut tx)
        .await?
        .into_iter()
        .find(|line| line.borough_code == input.borough);
    let current = before.as_ref().map_or(0, |line| line.version);
    let entity = ("borough_deprivation", input.borough);
    if current != version
        || !db::save_deprivation(
            &mut tx,
            input.borough,
            (score, year, &source),
            version,
            (user.id, now),
        )
        .await?
    {
        return Err(conflict_at(&mut tx, entity, version, current).await?);
    }
    Entry::new(user.id, "record_deprivation", entity)
        .fields(&[
            ("borough", None, Some(borough_name)),
            (
                "score",
                before.as_ref().map(|line| line.score.to_string()),
                Some(score.to_string()),
            ),
            (
                "year",
                before.as_ref().map(|line| line.year.to_string()),
                Some(year.to_string()),
            ),
            ("source", before.map(|line| line.source), Some(source)),
        ])
        .version(version, version + 1)
        .record(&mut tx, now)
        .await?;
    tx.commit().await?;
    Ok(())
}

pub struct PopulationInput<'a> {
    pub borough: &'a str,
    pub effective_from: &'a str,
    pub population: &'a str,
    pub source: &'a str,
    /// The version of each population line the form was loaded with, by
    /// [`super::model::population_key`]; a line not named was not there (version 0).
    pub versions: &'a BTreeMap<String, i64>,
}

/// Records a borough's population from a date (correcting it if that date has one).
pub async fn record_population(
    db: &Db,
    user: &CurrentUser,
    input: &PopulationInput<'_>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if !can_keep_reference(user) {
        return Err(AppError::Forbidden);
    }
    let mut tx = db.begin().await?;
    let mut checks = Checks::default();
    let borough = chosen_borough(&mut tx, &mut checks, "borough", input.borough).await?;
    let effective_from = checks.date(
        "effective_from",
        "the date the population applies from",
        input.effective_from,
        true,
    );
    let population = input
        .population
        .trim()
        .replace(',', "")
        .parse::<i64>()
        .ok()
        .filter(|population| (1..=100_000_000).contains(population));
    if population.is_none() {
        checks.add(
            "population",
            "Enter the population as a whole number, like 299852",
        );
    }
    let source = checks.text(
        "source",
        "where the figure comes from",
        input.source,
        true,
        200,
    );
    let (borough_name, effective_from, population, source) =
        checks.finish(|| Some((borough?, effective_from?, population?, source)))?;
    let version = input
        .versions
        .get(&super::model::population_key(input.borough, effective_from))
        .copied()
        .unwrap_or(0);
    let stored = db::population_on(&mut tx, input.borough, effective_from).await?;
    let entity_id = format!("{}:{effective_from}", input.borough);
    let entity = ("borough_population", entity_id.as_str());
    let line = NewPopulation {
        borough: input.borough,
        effective_from,
        population,
        source: &source,
        recorded_by: user.id,
    };
    let current = stored.map_or(0, |(_, version)| version);
    if current != version || !db::save_population(&mut tx, &line, version, now).await? {
        let current = db::population_on(&mut tx, input.borough, effective_from)
            .await?
            .map_or(0, |(_, version)| version);
        return Err(conflict_at(&mut tx, entity, version, current).await?);
    }
    Entry::new(user.id, "record_population", entity)
        .fields(&[
            ("borough", None, Some(borough_name)),
            (
                "effective_from",
                None,
                Some(crate::format::date(effective_from)),
            ),
            (
                "population",
                stored.map(|(population, _)| population.to_string()),
                Some(population.to_string()),
            ),
            ("source", None, Some(source)),
        ])
        .version(version, version + 1)
        .record(&mut tx, now)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Adds a theme to the code list referral reasons and unmet needs are coded with.
pub async fn add_theme(
    db: &Db,
    user: &CurrentUser,
    name: &str,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    if !can_keep_reference(user) {
        return Err(AppError::Forbidden);
    }
    let mut checks = Checks::default();
    let name = checks.text("name", "the theme", name, true, 100);
    let mut tx = db.begin().await?;
    let themes = db::themes(&mut tx).await?;
    if themes
        .iter()
        .any(|theme| theme.name.eq_ignore_ascii_case(&name))
    {
        checks.add("name", format!("\"{name}\" is already on the list"));
    }
    let name = checks.finish(|| Some(name))?;
    let id = db::insert_theme(&mut tx, &name).await?;
    let entity_id = id.to_string();
    Entry::new(
        user.id,
        "add_need_theme",
        ("need_theme", entity_id.as_str()),
    )
    .fields(&[("name", None, Some(name))])
    .record(&mut tx, now)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Sets the count below which unmet need figures are suppressed outside the ICB team, if
/// the setting is still at `version` (the one the form was loaded with; 0: never set).
pub async fn set_threshold(
    db: &Db,
    user: &CurrentUser,
    value: &str,
    version: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if !can_keep_reference(user) {
        return Err(AppError::Forbidden);
    }
    let Some(value) = value
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|value| (2..=50).contains(value))
    else {
        return Err(AppError::field(
            "threshold",
            "Enter the threshold as a whole number from 2 to 50",
        ));
    };
    let mut tx = db.begin().await?;
    let before = threshold(&mut tx).await?;
    let entity = ("setting", "unmet_need_suppression_threshold");
    if !db::set_threshold(&mut tx, value, version).await? {
        let current = db::threshold(&mut tx)
            .await?
            .map_or(0, |(_, version)| version);
        return Err(conflict_at(&mut tx, entity, version, current).await?);
    }
    Entry::new(user.id, "set_suppression_threshold", entity)
        .fields(&[(
            "threshold",
            Some(before.to_string()),
            Some(value.to_string()),
        )])
        .version(version, version + 1)
        .record(&mut tx, now)
        .await?;
    tx.commit().await?;
    Ok(())
}

pub struct TargetInput<'a> {
    pub role: &'a str,
    /// Empty removes the role's target.
    pub per_10k: &'a str,
    pub source: &'a str,
    /// The version of each role's target the form was loaded with, by role code; a role not
    /// named never had a target (version 0).
    pub versions: &'a BTreeMap<String, i64>,
}

/// Sets the WTE per 10,000 a role is measured against; an empty `per_10k` removes it.
pub async fn set_target(
    db: &Db,
    user: &CurrentUser,
    input: &TargetInput<'_>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if !can_keep_reference(user) {
        return Err(AppError::Forbidden);
    }
    let mut checks = Checks::default();
    let role: Option<WorkforceRole> = checks.choice("role", input.role, "Choose a role");
    let value = checks.decimal(
        "per_10k",
        input.per_10k,
        false,
        |value| value > 0.0 && value <= 100.0,
        "Enter the target as WTE per 10,000 population, more than 0 and at most 100, like 1.0",
    );
    let source = checks.text(
        "target_source",
        "where the target comes from",
        input.source,
        value.is_some(),
        200,
    );
    let (role, value, source) = checks.finish(|| Some((role?, value, source)))?;
    let version = input.versions.get(role.code()).copied().unwrap_or(0);
    let stored_version = |versions: Vec<(String, i64)>| {
        versions
            .into_iter()
            .find(|(code, _)| code == role.code())
            .map_or(0, |(_, version)| version)
    };
    let mut tx = db.begin().await?;
    let current = stored_version(db::target_versions(&mut tx).await?);
    let before = db::targets(&mut tx)
        .await?
        .into_iter()
        .find(|target| target.role == role)
        .map(|target| target.per_10k.to_string());
    if before.is_none() && value.is_none() && current == version {
        // No target to remove.
        return Ok(());
    }
    let entity = ("workforce_target", role.code());
    let target = value.map(|v| (v, source.as_str()));
    if current != version
        || !db::save_target(&mut tx, role, target, version, (user.id, now)).await?
    {
        let current = stored_version(db::target_versions(&mut tx).await?);
        return Err(conflict_at(&mut tx, entity, version, current).await?);
    }
    Entry::new(user.id, "set_workforce_target", entity)
        .fields(&[
            ("per_10k", before, value.map(|v| v.to_string())),
            ("source", None, Some(source).filter(|s| !s.is_empty())),
        ])
        .version(version, version + 1)
        .record(&mut tx, now)
        .await?;
    tx.commit().await?;
    Ok(())
}
