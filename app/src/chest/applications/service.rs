//! Grant application rules: the public form (open rounds only, every field checked and
//! every problem answered at once, nothing stored on a refusal, a honeypot, a limit per
//! address), the private link that shows where an application stands and nothing else,
//! answering a request for more information or withdrawing through it, and screening by
//! the fund's managers. Contact details are read only by the fund's managers.

use super::db::{self, NewApplication};
use super::model::{
    is_postcode, tidy_postcode, ApplicationStatus, ApplicationView, ApplyView, BudgetLine, OrgType,
    Sent, StatusView, MAX_BUDGET_LINES,
};
use crate::audit::Entry;
use crate::auth::CurrentUser;
use crate::chest::db as fund_db;
use crate::chest::model::Fund;
use crate::chest::rounds::db as round_db;
use crate::chest::rounds::{GrantRound, RoundStatus};
use crate::chest::service::{can_manage, can_read};
use crate::error::{AppError, FORM};
use crate::format::money;
use crate::forms::Checks;
use crate::plumbing::digest::sha256_hex;
use crate::plumbing::{Conn, Db};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use std::collections::BTreeMap;

/// Applications one address may send an hour (a person, or an office sharing one address,
/// sends a few; a script sends many).
pub const APPLICATIONS_PER_HOUR: i64 = 10;
const MAX_NAME_CHARS: usize = 200;
const MAX_SHORT_CHARS: usize = 300;
const MAX_SUMMARY_CHARS: usize = 500;
const MAX_DESCRIPTION_CHARS: usize = 5_000;
const MAX_EMAIL_CHARS: usize = 254;
const MAX_PHONE_CHARS: usize = 30;
const MAX_NOTE_CHARS: usize = 2_000;
/// The most people an application may say it will reach.
const MAX_BENEFICIARIES: i64 = 1_000_000;

/// Whether `text` reads as an email address: one `@`, something before it, a dot in the
/// domain after it, and no spaces.
fn is_email(text: &str) -> bool {
    let Some((name, host)) = text.split_once('@') else {
        return false;
    };
    !name.is_empty()
        && !host.contains('@')
        && host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && !text.chars().any(char::is_whitespace)
}

/// The round `id` and its fund.
pub(in crate::chest) async fn round_and_fund(
    conn: &mut Conn,
    id: i64,
) -> Result<(GrantRound, Fund), AppError> {
    let round = round_db::find_round(conn, id)
        .await?
        .ok_or_else(|| AppError::not_found("That round"))?;
    let fund = fund_db::find_fund(conn, round.fund_id)
        .await?
        .ok_or_else(|| AppError::not_found("That round"))?;
    Ok((round, fund))
}

/// The boroughs a group applying to `fund` may work in (code, name).
async fn fund_boroughs(conn: &mut Conn, fund: &Fund) -> Result<Vec<(String, String)>, AppError> {
    Ok(crate::boroughs::db::area_boroughs(conn)
        .await?
        .into_iter()
        .filter(|b| match fund.place_level.as_str() {
            "borough" => b.code == fund.place,
            "icb" => b.icb_code == fund.place,
            _ => true,
        })
        .map(|b| (b.code, b.name))
        .collect())
}

/// Whether `user` may enter applications to `fund` on a group's behalf: anyone whose role
/// reads the fund (its managers, the borough's people helping a small group).
fn can_support(user: Option<&CurrentUser>, fund: &Fund) -> bool {
    user.is_some_and(|user| can_read(user, fund))
}

/// `/apply/{round}` for anyone, signed in or not.
pub async fn apply_view(
    db: &Db,
    user: Option<&CurrentUser>,
    id: i64,
    today: NaiveDate,
) -> Result<ApplyView, AppError> {
    let mut conn = db.conn().await?;
    let (round, fund) = round_and_fund(&mut conn, id).await?;
    // Public while it is open; before and after, only to those who read the fund.
    if round.status(today) != RoundStatus::Open && !can_support(user, &fund) {
        return Err(AppError::not_found("That round"));
    }
    Ok(ApplyView {
        priorities: round_db::priorities(&mut conn, id).await?,
        gates: round_db::gates(&mut conn, id).await?,
        boroughs: fund_boroughs(&mut conn, &fund).await?,
        supporter: user
            .filter(|_| can_support(user, &fund))
            .map(|u| u.name.clone()),
        status: round.status(today),
        fund_name: fund.name,
        place_name: fund.place_name,
        round,
        today,
        form_token: crate::forms::once::new_token()?,
    })
}

/// Who is sending an application: a member of the public from an address, or someone
/// signed in entering it on a group's behalf.
pub struct Sender<'a> {
    pub user: Option<&'a CurrentUser>,
    pub address: &'a str,
    /// Derive the application's private link from the form's token.
    pub keys: &'a crate::plumbing::session::SessionKeys,
}

/// What the public form sent.
pub struct ApplicationInput<'a> {
    /// The form's one-time token: a repeat of the post gets a fresh link to the same
    /// application.
    pub token: &'a str,
    /// The honeypot: people leave it empty.
    pub leave_empty: &'a str,
    pub org_name: &'a str,
    pub org_type: &'a str,
    pub org_number: &'a str,
    pub postcode: &'a str,
    pub borough: &'a str,
    pub wards: &'a str,
    pub contact_name: &'a str,
    pub contact_email: &'a str,
    pub contact_phone: &'a str,
    pub project_title: &'a str,
    pub summary: &'a str,
    pub description: &'a str,
    pub amount: &'a str,
    /// (item, amount) by line number from 0.
    pub budget: BTreeMap<usize, (&'a str, &'a str)>,
    pub beneficiaries: &'a str,
    pub beneficiaries_where: &'a str,
    pub starts_on: &'a str,
    pub ends_on: &'a str,
    /// Ticked priorities by theme id.
    pub priorities: &'a BTreeMap<String, String>,
    /// `yes` or `no` by gate id.
    pub answers: &'a BTreeMap<String, String>,
}

/// Sends an application to round `id`. Refused, it stores nothing (the count of posts
/// from the address aside).
pub async fn submit(
    db: &Db,
    sender: Sender<'_>,
    id: i64,
    input: ApplicationInput<'_>,
    now: DateTime<Utc>,
) -> Result<Sent, AppError> {
    let mut conn = db.conn().await?;
    let (round, fund) = round_and_fund(&mut conn, id).await?;
    let supporter = sender.user.filter(|_| can_support(sender.user, &fund));
    if supporter.is_none() {
        let subject = format!("apply:{}", sender.address);
        let sent =
            crate::plumbing::attempts::count(&mut conn, &subject, now, now - Duration::hours(1))
                .await?;
        if sent > APPLICATIONS_PER_HOUR {
            tracing::info!(
                address = sender.address,
                "application refused: too many from the address"
            );
            return Err(AppError::field(
                FORM,
                "Too many applications have been sent from your connection in the last hour. Wait an hour, then send it again: what you typed is kept below.",
            ));
        }
    }
    if !input.leave_empty.trim().is_empty() {
        tracing::info!(
            address = sender.address,
            "application refused: the honeypot was filled"
        );
        return Err(AppError::field(
            "leave_empty",
            "Leave the last field empty: it is there to catch automated messages",
        ));
    }
    if !crate::plumbing::random::is_token(input.token) {
        return Err(AppError::BadRequest {
            message: "This form has expired. Reload the page and send it again.".to_owned(),
        });
    }
    let today = now.date_naive();
    if round.status(today) != RoundStatus::Open {
        return Err(AppError::BadRequest {
            message: format!(
                "{} is not taking applications: it runs {}.",
                round.title,
                round.dates()
            ),
        });
    }
    let boroughs = fund_boroughs(&mut conn, &fund).await?;
    let priorities_offered = round_db::priorities(&mut conn, id).await?;
    let gates = round_db::gates(&mut conn, id).await?;
    drop(conn);

    let mut checks = Checks::default();
    let org_name = checks.text(
        "org_name",
        "your group's name",
        input.org_name,
        true,
        MAX_NAME_CHARS,
    );
    let org_type = checks.choice::<OrgType>(
        "org_type",
        input.org_type,
        "Choose what kind of organisation your group is",
    );
    let org_number = input.org_number.trim().to_ascii_uppercase();
    match org_type {
        Some(kind) if kind.registered() => {
            let valid = (6..=8).contains(&org_number.len())
                && org_number.chars().all(|c| c.is_ascii_alphanumeric());
            if !valid {
                checks.add(
                    "org_number",
                    "Enter your charity or company number: 6 to 8 letters and digits, like 1234567 or SC012345",
                );
            }
        }
        Some(_) if !org_number.is_empty() => {
            checks.add(
                "org_number",
                "Leave the number empty for a group that is not registered",
            );
        }
        _ => {}
    }
    let postcode = input.postcode.trim();
    if !is_postcode(postcode) {
        checks.add("postcode", "Enter your group's postcode, like N9 0PZ");
    }
    let borough = input.borough.trim();
    if !boroughs.iter().any(|(code, _)| code == borough) {
        checks.add(
            "borough",
            "Choose the borough your group works in from the list",
        );
    }
    let wards = checks.text(
        "wards",
        "the wards your group serves",
        input.wards,
        true,
        MAX_SHORT_CHARS,
    );
    let contact_name = checks.text(
        "contact_name",
        "the name of the person to contact",
        input.contact_name,
        true,
        MAX_NAME_CHARS,
    );
    let contact_email = checks.text(
        "contact_email",
        "an email address",
        input.contact_email,
        true,
        MAX_EMAIL_CHARS,
    );
    if !contact_email.is_empty() && !checks.has("contact_email") && !is_email(&contact_email) {
        checks.add(
            "contact_email",
            "Enter an email address like name@example.org",
        );
    }
    let contact_phone = checks.text(
        "contact_phone",
        "a phone number",
        input.contact_phone,
        false,
        MAX_PHONE_CHARS,
    );
    if !contact_phone.is_empty()
        && !contact_phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +()-".contains(c))
    {
        checks.add(
            "contact_phone",
            "Enter a phone number with digits, spaces, brackets, hyphens and + only, like 020 7946 0000",
        );
    }
    let project_title = checks.text(
        "project_title",
        "your project's title",
        input.project_title,
        true,
        MAX_NAME_CHARS,
    );
    let summary = checks.text(
        "summary",
        "a summary of your project",
        input.summary,
        true,
        MAX_SUMMARY_CHARS,
    );
    let description = checks.text(
        "description",
        "what your project will do",
        input.description,
        true,
        MAX_DESCRIPTION_CHARS,
    );
    let amount_message = format!(
        "Enter the amount you are asking for in pounds, from {} to {}",
        money(round.min_award_pence),
        money(round.max_award_pence)
    );
    let amount = checks.money(
        "amount",
        input.amount,
        round.max_award_pence,
        &amount_message,
    );
    if amount.is_some_and(|a| a < round.min_award_pence) {
        checks.add("amount", amount_message);
    }
    let mut budget = Vec::new();
    let mut budget_total: i64 = 0;
    for (&line, &(item, cost)) in input.budget.iter().take(MAX_BUDGET_LINES) {
        if item.trim().is_empty() && cost.trim().is_empty() {
            continue;
        }
        let item_field = format!("item-{line}");
        let cost_field = format!("cost-{line}");
        let item = checks.text(&item_field, "what it pays for", item, true, MAX_SHORT_CHARS);
        let cost = checks.money(
            &cost_field,
            cost,
            round.max_award_pence,
            "Enter what it costs in pounds, like 250",
        );
        if let Some(cost) = cost {
            budget_total = budget_total.saturating_add(cost);
            budget.push(BudgetLine {
                item,
                amount_pence: cost,
            });
        }
    }
    if budget.is_empty() && !(0..MAX_BUDGET_LINES).any(|l| checks.has(&format!("cost-{l}"))) {
        checks.add(
            "item-0",
            "List what the money will pay for, with what each costs",
        );
    } else if let Some(amount) = amount {
        if budget_total != amount && !checks.has("amount") {
            checks.add(
                "item-0",
                format!(
                    "Your budget lines add up to {}, but you are asking for {}: they must match",
                    money(budget_total),
                    money(amount)
                ),
            );
        }
    }
    let beneficiaries = input
        .beneficiaries
        .trim()
        .replace(',', "")
        .parse::<i64>()
        .ok()
        .filter(|n| (1..=MAX_BENEFICIARIES).contains(n));
    if beneficiaries.is_none() {
        checks.add(
            "beneficiaries",
            "Enter how many people will benefit, as a whole number, like 40",
        );
    }
    let beneficiaries_where = checks.text(
        "beneficiaries_where",
        "who will benefit and where",
        input.beneficiaries_where,
        true,
        MAX_SHORT_CHARS,
    );
    let starts_on = checks.date("starts_on", "the day it starts", input.starts_on, true);
    let ends_on = checks.date("ends_on", "the day it ends", input.ends_on, true);
    if starts_on.is_some_and(|day| day < round.opens_on) {
        checks.add(
            "starts_on",
            "The project cannot start before the round opens",
        );
    }
    if let (Some(starts), Some(ends)) = (starts_on, ends_on) {
        if ends < starts {
            checks.add("ends_on", "The day it ends cannot be before it starts");
        } else if ends > starts + Duration::days(3 * 365) {
            checks.add(
                "ends_on",
                "A project this fund pays for lasts at most three years",
            );
        }
    }
    let mut priorities = Vec::new();
    for (key, value) in input.priorities {
        if value.trim().is_empty() {
            continue;
        }
        match priorities_offered
            .iter()
            .find(|(id, _)| id.to_string() == *key)
        {
            Some((theme, _)) => priorities.push(*theme),
            None if !checks.has("priorities") => {
                checks.add("priorities", "Choose only from the round's priorities")
            }
            None => {}
        }
    }
    if !priorities_offered.is_empty() && priorities.is_empty() && !checks.has("priorities") {
        checks.add(
            "priorities",
            "Choose at least one of the round's priorities your project meets",
        );
    }
    let mut answers = Vec::new();
    for gate in &gates {
        let field = format!("answer-{}", gate.id);
        match input.answers.get(&gate.id.to_string()).map(|a| a.trim()) {
            Some("yes") => answers.push((gate.id, true)),
            Some("no") => answers.push((gate.id, false)),
            _ => checks.add(&field, format!("Answer yes or no: {}", gate.question)),
        }
    }
    let (org_type, amount, beneficiaries, starts_on, ends_on) =
        checks.finish(|| Some((org_type?, amount?, beneficiaries?, starts_on?, ends_on?)))?;

    // Everything the form said, to tell a repeat of it from a different post with its token.
    let mut said: Vec<String> = vec![
        id.to_string(),
        org_name.clone(),
        org_type.code().to_owned(),
        org_number.clone(),
        tidy_postcode(postcode),
        borough.to_owned(),
        wards.clone(),
        contact_name.clone(),
        contact_email.clone(),
        contact_phone.clone(),
        project_title.clone(),
        summary.clone(),
        description.clone(),
        amount.to_string(),
        beneficiaries.to_string(),
        beneficiaries_where.clone(),
        starts_on.to_string(),
        ends_on.to_string(),
    ];
    said.extend(
        budget
            .iter()
            .map(|l| format!("{}={}", l.item, l.amount_pence)),
    );
    said.extend(priorities.iter().map(|p| format!("priority {p}")));
    said.extend(
        answers
            .iter()
            .map(|(gate, yes)| format!("gate {gate} {yes}")),
    );
    let said: Vec<&str> = said.iter().map(String::as_str).collect();
    let fingerprint = crate::forms::once::fingerprint(&said);
    let form_hash = sha256_hex(input.token.as_bytes());
    // The link follows from the form's token: the same form sent again gets the same link.
    let link = sender
        .keys
        .application_link(input.token)
        .ok_or(AppError::Internal)?;
    let link_hash = sha256_hex(link.as_bytes());
    let mut tx = db.begin().await?;
    db::lock_round(&mut tx, id).await?;
    if let Some((made, said)) = db::find_by_form(&mut tx, &form_hash).await? {
        if said != fingerprint {
            return Err(AppError::BadRequest {
                message: "This form was sent already. Reload the page to send another application."
                    .to_owned(),
            });
        }
        let found = db::find(&mut tx, made).await?.ok_or(AppError::Internal)?;
        // The same form again (a double click, a page sent twice): the same application
        // and link; a new link only if the server's secret has changed since.
        if db::link_hash(&mut tx, made).await?.as_deref() != Some(link_hash.as_str()) {
            db::set_link(&mut tx, made, &link_hash).await?;
            let entity_id = made.to_string();
            Entry::new(
                supporter.map(|u| u.id),
                "renew_application_link",
                ("grant_application", entity_id.as_str()),
            )
            .record(&mut tx, now)
            .await?;
        }
        tx.commit().await?;
        return Ok(Sent {
            reference: found.reference,
            link,
        });
    }
    let number = db::count_in_round(&mut tx, id).await? + 1;
    let reference = format!("{}-{number:04}", round.code);
    let postcode = tidy_postcode(postcode);
    let new = NewApplication {
        round: id,
        reference: &reference,
        link_hash: &link_hash,
        form_hash: &form_hash,
        form_fingerprint: &fingerprint,
        org_name: &org_name,
        org_type,
        org_number: if org_type.registered() {
            &org_number
        } else {
            ""
        },
        postcode: &postcode,
        borough,
        wards: &wards,
        contact_name: &contact_name,
        contact_email: &contact_email,
        contact_phone: &contact_phone,
        project_title: &project_title,
        summary: &summary,
        description: &description,
        amount_pence: amount,
        beneficiaries,
        beneficiaries_where: &beneficiaries_where,
        starts_on,
        ends_on,
        supported_by: supporter.map(|u| u.id),
        budget: &budget,
        priorities: &priorities,
        answers: &answers,
    };
    let application = db::insert(&mut tx, &new, now).await?;
    let entity_id = application.to_string();
    let failed = answers.iter().filter(|(_, yes)| !yes).count();
    Entry::new(
        supporter.map(|u| u.id),
        "submit_application",
        ("grant_application", entity_id.as_str()),
    )
    .fields(&[
        ("reference", None, Some(reference.clone())),
        ("round", None, Some(round.code.clone())),
        ("group", None, Some(org_name.clone())),
        ("project", None, Some(project_title.clone())),
        ("amount", None, Some(money(amount))),
        ("supported_by", None, supporter.map(|u| u.name.clone())),
        (
            "eligibility",
            None,
            Some(if failed == 0 {
                "every question answered yes".to_owned()
            } else {
                format!("{failed} answered no")
            }),
        ),
    ])
    .record(&mut tx, now)
    .await?;
    tx.commit().await?;
    Ok(Sent { reference, link })
}

/// The application whose private link is `link`; a link that is not one is "not found",
/// whatever it is.
pub(in crate::chest) async fn by_link(
    conn: &mut Conn,
    link: &str,
) -> Result<super::model::Application, AppError> {
    let found = if crate::plumbing::random::is_token(link) {
        db::find_by_link(conn, &sha256_hex(link.as_bytes())).await?
    } else {
        None
    };
    found.ok_or_else(|| AppError::not_found("That application"))
}

/// Where the application with private link `link` stands, and nothing else about it.
pub async fn status_view(db: &Db, link: &str) -> Result<StatusView, AppError> {
    let mut conn = db.conn().await?;
    let application = by_link(&mut conn, link).await?;
    let (round, fund) = round_and_fund(&mut conn, application.round_id).await?;
    // The decision shows while the application is with the panel (not once withdrawn).
    let (decision, offer) = if application.status == ApplicationStatus::Eligible {
        (
            crate::chest::decisions::service::decision_on(&mut conn, application.id)
                .await?
                .map(|d| (&d).into()),
            crate::chest::awards::service::offer_on(&mut conn, application.id).await?,
        )
    } else {
        (None, None)
    };
    Ok(StatusView {
        decision,
        offer,
        reference: application.reference,
        project_title: application.project_title,
        round_title: round.title,
        fund_name: fund.name,
        status: application.status,
        status_note: application.status_note,
        info_response: application.info_response,
        submitted_at: application.submitted_at,
        version: application.version,
    })
}

/// The applicant's answer to a request for more information, through their link.
pub async fn respond(
    db: &Db,
    link: &str,
    version: i64,
    response: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let application = by_link(&mut tx, link).await?;
    if application.status != ApplicationStatus::MoreInfo {
        return Err(AppError::BadRequest {
            message: "No more information has been asked for.".to_owned(),
        });
    }
    let mut checks = Checks::default();
    let response = checks.text(
        "response",
        "your answer",
        response,
        true,
        MAX_DESCRIPTION_CHARS,
    );
    checks.finish(|| Some(()))?;
    if !db::respond(&mut tx, application.id, version, &response, now).await? {
        return Err(changed_meanwhile());
    }
    let entity_id = application.id.to_string();
    Entry::new(
        None,
        "answer_information_request",
        ("grant_application", entity_id.as_str()),
    )
    .fields(&[("response", None, Some(response))])
    .version(application.version, application.version + 1)
    .record(&mut tx, now)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The applicant's refusal when the fund's managers changed the application after the
/// applicant's page was loaded: they read the change before they act on it.
fn changed_meanwhile() -> AppError {
    AppError::Conflict {
        message: "The fund's managers have changed this application since you opened this page. Reload it to see what they said.".to_owned(),
        version: None,
    }
}

/// Withdraws the application through its link, until the panel has decided.
pub async fn withdraw(
    db: &Db,
    link: &str,
    version: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let application = by_link(&mut tx, link).await?;
    let decided = crate::chest::decisions::service::decision_on(&mut tx, application.id)
        .await?
        .is_some_and(|d| d.outcome.is_final());
    if !application.status.can_withdraw() || decided {
        return Err(AppError::BadRequest {
            message: "This application can no longer be withdrawn.".to_owned(),
        });
    }
    if !db::set_status(
        &mut tx,
        application.id,
        version,
        (ApplicationStatus::Withdrawn, &application.status_note),
        now,
    )
    .await?
    {
        return Err(changed_meanwhile());
    }
    let entity_id = application.id.to_string();
    Entry::new(
        None,
        "withdraw_application",
        ("grant_application", entity_id.as_str()),
    )
    .fields(&[(
        "status",
        Some(application.status.label().to_owned()),
        Some(ApplicationStatus::Withdrawn.label().to_owned()),
    )])
    .version(application.version, application.version + 1)
    .record(&mut tx, now)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Application `id` in full, with its contact, for `user` who runs its fund.
pub async fn application_view(
    db: &Db,
    user: &CurrentUser,
    id: i64,
) -> Result<ApplicationView, AppError> {
    let mut conn = db.conn().await?;
    let application = db::find(&mut conn, id)
        .await?
        .ok_or_else(|| AppError::not_found("That application"))?;
    let (round, fund) = round_and_fund(&mut conn, application.round_id).await?;
    if !can_manage(user, &fund) {
        return Err(AppError::Forbidden);
    }
    Ok(ApplicationView {
        fund_name: fund.name,
        round,
        contact: db::contact(&mut conn, id)
            .await?
            .ok_or_else(|| AppError::not_found("That application"))?,
        budget: db::budget(&mut conn, id).await?,
        priorities: db::priorities(&mut conn, id).await?,
        answers: db::answers(&mut conn, id).await?,
        application,
    })
}

/// The applications to round `id`, for those who run its fund; empty for others.
pub async fn round_applications(
    conn: &mut Conn,
    user: &CurrentUser,
    fund: &Fund,
    round: i64,
) -> Result<Vec<super::model::ApplicationLine>, AppError> {
    if !can_manage(user, fund) {
        return Ok(Vec::new());
    }
    Ok(db::lines(conn, round).await?)
}

/// A fund manager's screening of application `id` at `version`: eligible, ineligible
/// (with the reason the applicant reads) or more information needed (with the request).
pub async fn screen(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    version: i64,
    outcome: &str,
    note: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let application = db::find(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::not_found("That application"))?;
    let (_, fund) = round_and_fund(&mut tx, application.round_id).await?;
    if !can_manage(user, &fund) {
        return Err(AppError::Forbidden);
    }
    let mut checks = Checks::default();
    let outcome = checks.choice::<ApplicationStatus>(
        "outcome",
        outcome,
        "Choose eligible, not eligible or more information needed",
    );
    let outcome = outcome.filter(|o| {
        matches!(
            o,
            ApplicationStatus::Eligible
                | ApplicationStatus::Ineligible
                | ApplicationStatus::MoreInfo
        )
    });
    if outcome.is_none() && !checks.has("outcome") {
        checks.add(
            "outcome",
            "Choose eligible, not eligible or more information needed",
        );
    }
    let note = checks.text("note", "the note", note, false, MAX_NOTE_CHARS);
    match outcome {
        Some(ApplicationStatus::Ineligible) if note.is_empty() => checks.add(
            "note",
            "Say why it is not eligible: the applicant will read it",
        ),
        Some(ApplicationStatus::MoreInfo) if note.is_empty() => {
            checks.add("note", "Say what more you need: the applicant will read it")
        }
        _ => {}
    }
    let outcome = checks.finish(|| outcome)?;
    if application.status == ApplicationStatus::Withdrawn {
        return Err(AppError::BadRequest {
            message: "The applicant has withdrawn this application.".to_owned(),
        });
    }
    if crate::chest::decisions::service::decision_on(&mut tx, id)
        .await?
        .is_some_and(|d| d.outcome.is_final())
    {
        return Err(AppError::BadRequest {
            message: "The panel has decided on this application: it is no longer screened."
                .to_owned(),
        });
    }
    let note = if outcome == ApplicationStatus::Eligible {
        String::new()
    } else {
        note
    };
    if !db::set_status(&mut tx, id, version, (outcome, &note), now).await? {
        return Err(AppError::Conflict {
            message: "Someone else screened this application first: read what they decided, then decide again.".to_owned(),
            version: Some(application.version),
        });
    }
    let entity_id = id.to_string();
    Entry::new(
        user.id,
        "screen_application",
        ("grant_application", entity_id.as_str()),
    )
    .fields(&[
        (
            "status",
            Some(application.status.label().to_owned()),
            Some(outcome.label().to_owned()),
        ),
        (
            "note",
            Some(application.status_note.clone()).filter(|n| !n.is_empty()),
            Some(note).filter(|n| !n.is_empty()),
        ),
    ])
    .version(version, version + 1)
    .record(&mut tx, now)
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::is_email;

    #[test]
    fn email_addresses_have_one_at_and_a_domain() {
        assert!(is_email("ada@lunchclub.example.org"));
        for bad in [
            "",
            "ada",
            "@example.org",
            "ada@",
            "ada@example",
            "a@b@c.d",
            "ada @x.org",
            "ada@.org",
            "ada@x.org.",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
