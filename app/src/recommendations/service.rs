//! Tracker changes: who may make them, what is valid, and the audit row written in the same
//! transaction. Edits carry the version they started from; if someone else saved first the
//! change is refused with a sentence saying what they changed.
//!
//! Who may do what: ICB leads (`UpdateRecommendation`) plan every recommendation (owner,
//! lead organisation, milestones, borough lines) and post progress; a recommendation's
//! owner posts its progress and edits its milestones; a milestone's owner edits that
//! milestone; a borough line is edited by its owner or the borough's lead.

use super::db::{self, NewUpdate};
use super::model::{BoroughLine, Milestone, Person, Plan, Status};
use crate::audit::db::{record, NewAuditEvent};
use crate::audit::{describe_change, field_label, AuditEvent, FieldChange};
use crate::auth::{CurrentUser, Permission, Scope};
use crate::error::{AppError, FieldErrors};
use crate::server::{Db, Tx};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;

const LONG_TEXT: usize = 4000;
const SHORT_TEXT: usize = 200;

/// Whether the user plans recommendations (owner, lead organisation, milestones, lines).
pub fn can_plan(user: &CurrentUser) -> bool {
    user.can(Permission::UpdateRecommendation, &Scope::Icb)
}

/// Whether the user may post progress on (and edit the milestones of) a recommendation.
pub fn can_update(user: &CurrentUser, plan: &Plan) -> bool {
    can_plan(user) || plan.owner_id == Some(user.id)
}

/// Whether the user may edit a borough line.
pub fn can_edit_line(user: &CurrentUser, line: &BoroughLine) -> bool {
    can_plan(user)
        || line.owner_id == Some(user.id)
        || user.can(
            Permission::UpdateBoroughAction,
            &Scope::Borough(line.borough_code.clone()),
        )
}

/// Collects field messages; `finish` answers them all at once.
#[derive(Default)]
pub struct Checks(FieldErrors);

impl Checks {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0
            .entry(field.to_owned())
            .or_default()
            .push(message.into());
    }

    pub fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self.0))
        }
    }

    /// Trimmed text, required or not, at most `max` characters.
    pub fn text(
        &mut self,
        field: &str,
        label: &str,
        value: &str,
        required: bool,
        max: usize,
    ) -> String {
        let value = value.trim();
        if required && value.is_empty() {
            self.add(field, format!("Enter {label}"));
        } else if value.chars().count() > max {
            self.add(
                field,
                format!("{} must be {max} characters or fewer", field_label(label)),
            );
        }
        value.to_owned()
    }

    /// A `YYYY-MM-DD` date (as a date input sends it); empty is `None`.
    pub fn date(
        &mut self,
        field: &str,
        label: &str,
        value: &str,
        required: bool,
    ) -> Option<NaiveDate> {
        let value = value.trim();
        if value.is_empty() {
            if required {
                self.add(field, format!("Enter {label}"));
            }
            return None;
        }
        match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
            Ok(date) if (2000..=2100).contains(&chrono::Datelike::year(&date)) => Some(date),
            _ => {
                self.add(
                    field,
                    format!(
                        "{} must be a real date, like 2025-03-31",
                        field_label(label)
                    ),
                );
                None
            }
        }
    }

    /// An owner picked from the list of people, or nobody ("").
    pub fn owner(&mut self, field: &str, value: &str, people: &[Person]) -> Option<i64> {
        self.person(field, value, people, "an owner")
    }

    /// Someone (`what`: "an owner", "a participant") picked from the list of people, or
    /// nobody ("").
    pub fn person(
        &mut self,
        field: &str,
        value: &str,
        people: &[Person],
        what: &str,
    ) -> Option<i64> {
        let value = value.trim();
        if value.is_empty() {
            return None;
        }
        match value
            .parse::<i64>()
            .ok()
            .filter(|id| people.iter().any(|p| p.id == *id))
        {
            Some(id) => Some(id),
            None => {
                self.add(field, format!("Choose {what} from the list"));
                None
            }
        }
    }
}

fn name_of(people: &[Person], id: Option<i64>) -> Option<String> {
    id.and_then(|id| people.iter().find(|p| p.id == id).map(|p| p.name.clone()))
}

fn show_date(date: Option<NaiveDate>) -> Option<String> {
    date.map(|d| d.format("%-d %b %Y").to_string())
}

/// Writes the audit row of a tracker or borough plan change.
pub async fn audit(
    tx: &mut Tx,
    actor: i64,
    action: &str,
    entity: (&str, &str),
    changes: BTreeMap<String, FieldChange>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let event = NewAuditEvent {
        user_id: Some(actor),
        action,
        entity_type: entity.0,
        entity_id: entity.1,
        changes,
    };
    Ok(record(tx, event, now).await?)
}

/// The fields that differ, plus the version step, as audit changes.
pub fn changes(
    fields: &[(&str, Option<String>, Option<String>)],
    version: Option<(i64, i64)>,
) -> BTreeMap<String, FieldChange> {
    let mut map: BTreeMap<String, FieldChange> = fields
        .iter()
        .filter(|(_, before, after)| before != after)
        .map(|(field, before, after)| {
            (
                (*field).to_owned(),
                FieldChange::new(before.clone(), after.clone()),
            )
        })
        .collect();
    if let Some((before, after)) = version {
        map.insert(
            "version".into(),
            FieldChange::new(Some(before), Some(after)),
        );
    }
    map
}

/// The refusal when `entity` moved past `version`: who changed what since, and the
/// version it is at now.
pub async fn conflict(db: &Db, entity: (&str, &str), version: i64) -> Result<AppError, AppError> {
    let history = crate::audit::db::entity_history(db, entity.0, entity.1).await?;
    Ok(stale(&history, version, None))
}

/// The "someone else saved this first" refusal from `history` (the audit events of what
/// was saved, oldest first): each event that took the version past `version`, and the
/// version it is at now — `current` when the caller read it, otherwise the newest the
/// history records.
pub fn stale(history: &[AuditEvent], version: i64, current: Option<i64>) -> AppError {
    let version_after = |event: &AuditEvent| {
        event
            .changes
            .get("version")
            .and_then(|change| change.after.as_deref())
            .and_then(|after| after.parse::<i64>().ok())
    };
    let current = current.or_else(|| history.iter().filter_map(version_after).max());
    let since: Vec<String> = history
        .iter()
        .filter(|event| version_after(event).is_some_and(|after| after > version))
        .map(|event| {
            let what: Vec<String> = event
                .changes
                .iter()
                .filter(|(field, _)| field.as_str() != "version")
                .map(|(field, change)| describe_change(field, change))
                .collect();
            format!(
                "{} at {}: {}",
                event.user_name.as_deref().unwrap_or("Someone"),
                event.at.format("%-d %b %Y %H:%M"),
                if what.is_empty() {
                    "no visible change".to_owned()
                } else {
                    what.join("; ")
                }
            )
        })
        .collect();
    AppError::Conflict {
        message: format!(
            "Someone else saved this first — {}. Your changes have not been saved and are still in the form: check them and save again.",
            if since.is_empty() { "reload to see their change".to_owned() } else { since.join(". ") }
        ),
        version: current,
    }
}

async fn plan_of(db: &Db, number: i64) -> Result<Plan, AppError> {
    db::find_plan(db, number)
        .await?
        .ok_or_else(|| AppError::not_found(format!("Recommendation {number}")))
}

/// Sets the programme start, if the setting is still at `version` (the one the form was
/// loaded with; 0: never set).
pub async fn set_programme_start(
    db: &Db,
    user: &CurrentUser,
    start: &str,
    version: i64,
) -> Result<(), AppError> {
    if !can_plan(user) {
        return Err(AppError::Forbidden);
    }
    let mut checks = Checks::default();
    let start = checks.date("programme_start", "the programme start date", start, true);
    checks.finish()?;
    let Some(start) = start else {
        return Err(AppError::field(
            "programme_start",
            "Enter the programme start date",
        ));
    };
    let before = db::programme_start(db).await?;
    if before == Some(start) {
        return Ok(());
    }
    let entity = ("setting", "programme_start");
    let now = Utc::now();
    let mut tx = db.begin().await?;
    if !db::set_programme_start(&mut tx, start, version).await? {
        drop(tx);
        let current = db::programme_start_version(db).await?;
        let history = crate::audit::db::entity_history(db, entity.0, entity.1).await?;
        return Err(stale(&history, version, Some(current)));
    }
    let changes = changes(
        &[("programme_start", show_date(before), show_date(Some(start)))],
        Some((version, version + 1)),
    );
    audit(
        &mut tx,
        user.id,
        "set_programme_start",
        entity,
        changes,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub struct PlanInput<'a> {
    pub number: i64,
    pub owner_id: &'a str,
    pub lead_organisation: &'a str,
    pub version: i64,
}

pub async fn update_plan(
    db: &Db,
    user: &CurrentUser,
    input: PlanInput<'_>,
) -> Result<(), AppError> {
    if !can_plan(user) {
        return Err(AppError::Forbidden);
    }
    let before = plan_of(db, input.number).await?;
    let people = db::people(db).await?;
    let mut checks = Checks::default();
    let owner = checks.owner("owner", input.owner_id, &people);
    let lead = checks.text(
        "lead_organisation",
        "the lead organisation",
        input.lead_organisation,
        false,
        SHORT_TEXT,
    );
    checks.finish()?;
    let entity_id = input.number.to_string();
    let entity = ("recommendation", entity_id.as_str());
    let now = Utc::now();
    let mut tx = db.begin().await?;
    if !db::update_plan(&mut tx, input.number, owner, &lead, input.version).await? {
        drop(tx);
        return Err(conflict(db, entity, input.version).await?);
    }
    let changes = changes(
        &[
            ("owner", before.owner_name.clone(), name_of(&people, owner)),
            (
                "lead_organisation",
                Some(before.lead_organisation.clone()).filter(|s| !s.is_empty()),
                Some(lead).filter(|s| !s.is_empty()),
            ),
        ],
        Some((input.version, input.version + 1)),
    );
    audit(&mut tx, user.id, "update_plan", entity, changes, now).await?;
    tx.commit().await?;
    Ok(())
}

pub struct MilestoneInput<'a> {
    pub title: &'a str,
    pub due_on: &'a str,
    pub done_on: &'a str,
    pub owner_id: &'a str,
}

struct CheckedMilestone {
    title: String,
    due_on: NaiveDate,
    done_on: Option<NaiveDate>,
    owner_id: Option<i64>,
}

fn check_milestone(
    input: &MilestoneInput<'_>,
    people: &[Person],
    today: NaiveDate,
) -> Result<CheckedMilestone, AppError> {
    let mut checks = Checks::default();
    let title = checks.text("title", "the milestone", input.title, true, SHORT_TEXT);
    let due_on = checks.date("due_on", "the due date", input.due_on, true);
    let done_on = checks.date("done_on", "the date it was done", input.done_on, false);
    if done_on.is_some_and(|done| done > today) {
        checks.add("done_on", "The date it was done cannot be in the future");
    }
    let owner_id = checks.owner("owner_id", input.owner_id, people);
    checks.finish()?;
    match due_on {
        Some(due_on) => Ok(CheckedMilestone {
            title,
            due_on,
            done_on,
            owner_id,
        }),
        None => Err(AppError::field("due_on", "Enter the due date")),
    }
}

fn milestone_fields(
    m: &Milestone,
    people: &[Person],
) -> [(&'static str, Option<String>, Option<String>); 4] {
    [
        ("title", None, Some(m.title.clone())),
        ("due", None, show_date(Some(m.due_on))),
        ("done", None, show_date(m.done_on)),
        ("owner", None, name_of(people, m.owner_id)),
    ]
}

pub async fn add_milestone(
    db: &Db,
    user: &CurrentUser,
    number: i64,
    input: MilestoneInput<'_>,
) -> Result<i64, AppError> {
    let plan = plan_of(db, number).await?;
    if !can_update(user, &plan) {
        return Err(AppError::Forbidden);
    }
    let people = db::people(db).await?;
    let now = Utc::now();
    let checked = check_milestone(&input, &people, now.date_naive())?;
    let mut tx = db.begin().await?;
    let id = db::insert_milestone(&mut tx, number, now).await?;
    let milestone = Milestone {
        id,
        recommendation_number: number,
        version: 1,
        title: checked.title,
        due_on: checked.due_on,
        done_on: checked.done_on,
        owner_id: checked.owner_id,
        owner_name: None,
        recorded_at: now,
    };
    db::insert_milestone_revision(&mut tx, &milestone, user.id).await?;
    let mut fields = changes(&milestone_fields(&milestone, &people), Some((0, 1)));
    fields.insert("recommendation".into(), FieldChange::created(number));
    audit(
        &mut tx,
        user.id,
        "add_milestone",
        ("milestone", &id.to_string()),
        fields,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update_milestone(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    version: i64,
    input: MilestoneInput<'_>,
) -> Result<(), AppError> {
    let current = db::current_milestone(db, id)
        .await?
        .ok_or_else(|| AppError::not_found("That milestone"))?;
    let plan = plan_of(db, current.recommendation_number).await?;
    if !(can_update(user, &plan) || current.owner_id == Some(user.id)) {
        return Err(AppError::Forbidden);
    }
    let entity_id = id.to_string();
    let entity = ("milestone", entity_id.as_str());
    if current.version != version {
        return Err(conflict(db, entity, version).await?);
    }
    let people = db::people(db).await?;
    let now = Utc::now();
    let checked = check_milestone(&input, &people, now.date_naive())?;
    let next = Milestone {
        version: version + 1,
        title: checked.title,
        due_on: checked.due_on,
        done_on: checked.done_on,
        owner_id: checked.owner_id,
        recorded_at: now,
        ..current.clone()
    };
    let before = milestone_fields(&current, &people);
    let after = milestone_fields(&next, &people);
    let fields: Vec<_> = before
        .into_iter()
        .zip(after)
        .map(|((field, _, old), (_, _, new))| (field, old, new))
        .collect();
    let mut tx = db.begin().await?;
    if let Err(error) = db::insert_milestone_revision(&mut tx, &next, user.id).await {
        drop(tx);
        if error
            .as_database_error()
            .is_some_and(|e| e.is_unique_violation())
        {
            return Err(conflict(db, entity, version).await?);
        }
        return Err(error.into());
    }
    audit(
        &mut tx,
        user.id,
        "update_milestone",
        entity,
        changes(&fields, Some((version, version + 1))),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub struct ProgressInput<'a> {
    pub status: &'a str,
    pub commentary: &'a str,
    pub percent_complete: &'a str,
    pub evidence: &'a str,
    pub reported_on: &'a str,
}

pub async fn add_progress(
    db: &Db,
    user: &CurrentUser,
    number: i64,
    input: ProgressInput<'_>,
) -> Result<i64, AppError> {
    let plan = plan_of(db, number).await?;
    if !can_update(user, &plan) {
        return Err(AppError::Forbidden);
    }
    let now = Utc::now();
    let mut checks = Checks::default();
    let status = Status::from_code(input.status);
    if status.is_none() {
        checks.add("status", "Select a status");
    }
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
    checks.finish()?;
    let (Some(status), Some(percent_complete), Some(reported_on)) = (status, percent, reported_on)
    else {
        return Err(AppError::field("status", "Select a status"));
    };
    let update = NewUpdate {
        number,
        status,
        commentary: &commentary,
        percent_complete,
        evidence: &evidence,
        reported_on,
    };
    let mut tx = db.begin().await?;
    let id = db::insert_update(&mut tx, &update, user.id, now).await?;
    let fields = changes(
        &[
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
            ("reported_on", None, show_date(Some(reported_on))),
        ],
        None,
    );
    audit(
        &mut tx,
        user.id,
        "add_progress_update",
        ("progress_update", &id.to_string()),
        fields,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn add_borough_line(
    db: &Db,
    user: &CurrentUser,
    number: i64,
    borough: &str,
) -> Result<(), AppError> {
    if !can_plan(user) {
        return Err(AppError::Forbidden);
    }
    plan_of(db, number).await?;
    let boroughs = crate::boroughs::db::list_boroughs(db).await?;
    let Some(borough) = boroughs.iter().find(|b| b.code == borough) else {
        return Err(AppError::field("borough", "Select a borough"));
    };
    let now = Utc::now();
    let mut tx = db.begin().await?;
    let Some(id) = db::insert_borough_line(&mut tx, number, &borough.code).await? else {
        return Err(AppError::field(
            "borough",
            format!("{} already has a line on this recommendation", borough.name),
        ));
    };
    let fields = changes(
        &[
            ("recommendation", None, Some(number.to_string())),
            ("borough", None, Some(borough.name.clone())),
        ],
        Some((0, 1)),
    );
    audit(
        &mut tx,
        user.id,
        "add_borough_line",
        ("borough_line", &id.to_string()),
        fields,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub struct LineInput<'a> {
    pub owner_id: &'a str,
    pub status: &'a str,
    pub note: &'a str,
}

pub async fn update_borough_line(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    version: i64,
    input: LineInput<'_>,
) -> Result<(), AppError> {
    // A first look, so a stranger is refused before their input is checked; the line is
    // read again, and authorised against, inside the transaction that changes it.
    let loaded = db::find_borough_line(db, id)
        .await?
        .ok_or_else(|| AppError::not_found("That borough line"))?;
    if !can_edit_line(user, &loaded) {
        return Err(AppError::Forbidden);
    }
    let people = db::people(db).await?;
    let mut checks = Checks::default();
    let owner_id = checks.owner("owner_id", input.owner_id, &people);
    let status = Status::from_code(input.status);
    if status.is_none() {
        checks.add("status", "Select a status");
    }
    let note = checks.text("note", "the note", input.note, false, LONG_TEXT);
    checks.finish()?;
    let entity_id = id.to_string();
    let entity = ("borough_line", entity_id.as_str());
    let now = Utc::now();
    let mut tx = db.begin().await?;
    let before = db::lock_borough_line(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::not_found("That borough line"))?;
    if !can_edit_line(user, &before) {
        return Err(AppError::Forbidden);
    }
    if before.version != version {
        drop(tx);
        return Err(conflict(db, entity, version).await?);
    }
    let after = BoroughLine {
        owner_id,
        status: status.unwrap_or(before.status),
        note,
        ..before.clone()
    };
    if !db::update_borough_line(&mut tx, &after, version).await? {
        drop(tx);
        return Err(conflict(db, entity, version).await?);
    }
    let fields = changes(
        &[
            (
                "owner",
                before.owner_name.clone(),
                name_of(&people, after.owner_id),
            ),
            (
                "status",
                Some(before.status.label().to_owned()),
                Some(after.status.label().to_owned()),
            ),
            (
                "note",
                Some(before.note.clone()).filter(|n| !n.is_empty()),
                Some(after.note.clone()).filter(|n| !n.is_empty()),
            ),
        ],
        Some((version, version + 1)),
    );
    audit(&mut tx, user.id, "update_borough_line", entity, fields, now).await?;
    tx.commit().await?;
    Ok(())
}
