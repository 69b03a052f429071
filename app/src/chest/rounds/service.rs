//! Grant round rules: setting a round up (its budget never more than what each
//! contributor has left, priorities from the need themes beside the place's top unmet
//! needs, criteria on a 0 to 5 scale) and the read models of its page and set-up form.
//! Every change is checked against the fund's place, validated and audited in its
//! transaction.

use super::db::{self, NewRound};
use super::model::{
    Criterion, RoundMethod, RoundSetup, RoundView, TopNeed, LEVELS, MAX_CRITERIA, MAX_GATES,
};
use crate::audit::Entry;
use crate::auth::CurrentUser;
use crate::chest::db as fund_db;
use crate::chest::model::{ledger, Allocation, Fund};
use crate::chest::service::MAX_CONTRIBUTION_PENCE;
use crate::chest::service::{can_manage, can_read};
use crate::error::AppError;
use crate::format::money;
use crate::forms::once::{self, Claim};
use crate::forms::Checks;
use crate::plumbing::{Conn, Db};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;

/// The largest award a round may offer: £1 million.
pub const MAX_AWARD_PENCE: i64 = 100_000_000;
/// The most panel dates a rolling round lists.
pub const MAX_PANEL_DATES: usize = 26;
const MAX_TITLE_CHARS: usize = 200;
const MAX_QUESTION_CHARS: usize = 300;
const MAX_LABEL_CHARS: usize = 120;

/// The fund `id` for `user`, who must read it; with its place's scope checked.
async fn readable_fund(conn: &mut Conn, user: &CurrentUser, id: i64) -> Result<Fund, AppError> {
    let fund = fund_db::find_fund(conn, id)
        .await?
        .ok_or_else(|| AppError::not_found("That fund"))?;
    if !can_read(user, &fund) {
        return Err(AppError::Forbidden);
    }
    Ok(fund)
}

/// The round set-up page of fund `id` for `user`, who must run the fund.
pub async fn setup_view(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    today: NaiveDate,
) -> Result<RoundSetup, AppError> {
    let mut conn = db.conn().await?;
    let fund = readable_fund(&mut conn, user, id).await?;
    if !can_manage(user, &fund) {
        return Err(AppError::Forbidden);
    }
    let contributions = fund_db::contributions(&mut conn, id).await?;
    let allocated = db::fund_allocations(&mut conn, id).await?;
    let (ledger, _) = ledger(&contributions, &allocated);
    let themes = crate::returns::db::themes(&mut conn)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    drop(conn);
    // The place's unmet need as its partners see it published: small counts suppressed. A
    // place whose returns the manager does not read shows none.
    let (top_needs, needs_from) =
        match crate::returns::views::unmet_view(db, user, &fund.place, None, false).await {
            Ok(needs) => (
                needs
                    .top
                    .iter()
                    .take(5)
                    .map(|(theme, people)| TopNeed {
                        theme: theme.clone(),
                        people: people.text(),
                    })
                    .collect(),
                needs
                    .quarter
                    .as_ref()
                    .map(|quarter| format!("{}, {}", needs.area.name, quarter.code())),
            ),
            Err(AppError::Forbidden | AppError::NotFound { .. }) => (Vec::new(), None),
            Err(other) => return Err(other),
        };
    Ok(RoundSetup {
        fund,
        ledger,
        themes,
        top_needs,
        needs_from,
        today,
        form_token: once::new_token()?,
    })
}

/// A criterion as typed: its label, weight, levels (one a line), N/A allowed ("on" or
/// empty) and minimum (empty for none).
#[derive(Default)]
pub struct CriterionInput<'a> {
    pub label: &'a str,
    pub weight: &'a str,
    pub levels: &'a str,
    pub na_allowed: &'a str,
    pub min_score: &'a str,
}

/// What a fund manager typed to set up a round.
pub struct RoundInput<'a> {
    /// The page's one-time form token: a repeat of the post answers the round it made.
    pub token: Option<&'a str>,
    pub code: &'a str,
    pub title: &'a str,
    pub opens_on: &'a str,
    pub closes_on: &'a str,
    /// Dates separated by commas, spaces or lines.
    pub panel_dates: &'a str,
    pub method: &'a str,
    pub min_award: &'a str,
    pub max_award: &'a str,
    /// Amount typed for each ledger line, by the line's key.
    pub allocations: &'a BTreeMap<String, String>,
    /// One question a line.
    pub gates: &'a str,
    /// The need themes ticked, by id.
    pub priorities: &'a BTreeMap<String, String>,
    /// Up to [`MAX_CRITERIA`], in order; wholly empty ones are skipped.
    pub criteria: Vec<CriterionInput<'a>>,
}

/// Whether `code` is a round code: 1 to 30 letters, digits or hyphens.
fn is_round_code(code: &str) -> bool {
    (1..=30).contains(&code.len()) && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Sets up a round of `fund` for `user` (who runs it); answers its id.
pub async fn create_round(
    db: &Db,
    user: &CurrentUser,
    fund: i64,
    input: RoundInput<'_>,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let found = readable_fund(&mut tx, user, fund).await?;
    if !can_manage(user, &found) {
        return Err(AppError::Forbidden);
    }
    // What each contributor has left is read under the fund's lock: two rounds set up at
    // once cannot both take the same money.
    fund_db::lock_fund(&mut tx, fund).await?;
    let contributions = fund_db::contributions(&mut tx, fund).await?;
    let (lines, _) = ledger(&contributions, &db::fund_allocations(&mut tx, fund).await?);
    let themes = crate::returns::db::themes(&mut tx).await?;
    // A repeat of the post (a double click) is answered with the round the first made,
    // before anything is checked: the first has taken its code and its money.
    const ACTION: &str = "set_up_round";
    if let Some(token) = input.token {
        let said = once::fingerprint(&[&fund.to_string(), input.code.trim(), input.title.trim()]);
        if let Claim::Repeat(id) =
            once::claim(&mut tx, (token, ACTION), user.id, &said, now).await?
        {
            return id.parse().map_err(|_| AppError::Internal);
        }
    }

    let mut checks = Checks::default();
    let code = input.code.trim().to_owned();
    if !is_round_code(&code) {
        checks.add(
            "code",
            "Enter the round's code: up to 30 letters, digits or hyphens, like ELF-2027-1",
        );
    } else if db::code_taken(&mut tx, &code).await? {
        checks.add(
            "code",
            format!("{code} is another round's code: give each round its own (its applications' references start with it)"),
        );
    }
    let title = checks.text(
        "title",
        "the round's title",
        input.title,
        true,
        MAX_TITLE_CHARS,
    );
    let opens_on = checks.date("opens_on", "the day it opens", input.opens_on, true);
    let closes_on = checks.date("closes_on", "the day it closes", input.closes_on, false);
    if let (Some(opens), Some(closes)) = (opens_on, closes_on) {
        if closes < opens {
            checks.add("closes_on", "The day it closes cannot be before it opens");
        }
    }
    let mut panel_dates: Vec<NaiveDate> = Vec::new();
    let typed_dates: Vec<&str> = input
        .panel_dates
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|d| !d.is_empty())
        .take(MAX_PANEL_DATES + 1)
        .collect();
    if typed_dates.len() > MAX_PANEL_DATES {
        checks.add(
            "panel_dates",
            format!("List at most {MAX_PANEL_DATES} panel dates"),
        );
    } else {
        for typed in typed_dates {
            match NaiveDate::parse_from_str(typed, "%Y-%m-%d") {
                Ok(day) if opens_on.is_none_or(|opens| day >= opens) => {
                    if !panel_dates.contains(&day) {
                        panel_dates.push(day);
                    }
                }
                Ok(_) => {
                    checks.add(
                        "panel_dates",
                        format!("The panel date {typed} is before the round opens"),
                    );
                    break;
                }
                Err(_) => {
                    checks.add(
                        "panel_dates",
                        format!(
                            "\"{}\" is not a date: write each like 2027-03-15",
                            crate::format::shortened(typed, 20)
                        ),
                    );
                    break;
                }
            }
        }
    }
    panel_dates.sort();
    if closes_on.is_none() && panel_dates.is_empty() && !checks.has("panel_dates") {
        checks.add(
            "panel_dates",
            "Enter the panel dates of a rolling round, or the day it closes",
        );
    }
    let method = checks.choice::<RoundMethod>(
        "method",
        input.method,
        "Choose how the round decides: a scored panel or a community vote",
    );
    if method == Some(RoundMethod::Vote) && closes_on.is_none() && !checks.has("closes_on") {
        checks.add(
            "closes_on",
            "A community vote needs the day applications close: voting opens after it",
        );
    }
    let money_message = "Enter an amount in pounds, like 500 or 5,000, at most £1 million";
    let min_award = checks.money("min_award", input.min_award, MAX_AWARD_PENCE, money_message);
    let max_award = checks.money("max_award", input.max_award, MAX_AWARD_PENCE, money_message);
    if let (Some(min), Some(max)) = (min_award, max_award) {
        if max < min {
            checks.add(
                "max_award",
                "The largest award cannot be smaller than the smallest",
            );
        }
    }

    // The budget: from each contributor, at most what they have left. Problems that belong
    // to no one line go by the first.
    let allocation_field = lines.first().map_or_else(
        || "allocation".to_owned(),
        |l| format!("allocation-{}", l.key),
    );
    let mut allocations = Vec::new();
    for (key, typed) in input.allocations {
        if typed.trim().is_empty() {
            continue;
        }
        let field = format!("allocation-{key}");
        let Some(line) = lines.iter().find(|line| line.key.to_string() == *key) else {
            if !checks.has(&allocation_field) {
                checks.add(
                    &allocation_field,
                    "A contributor in the form is no longer in the fund: reload the page",
                );
            }
            continue;
        };
        let Some(amount) = checks.money(
            &field,
            typed,
            MAX_CONTRIBUTION_PENCE,
            "Enter an amount in pounds, like 5000 or 5,000.50",
        ) else {
            continue;
        };
        if amount > line.balance_pence() {
            checks.add(
                &field,
                format!(
                    "{} has {} left to allocate: {} is {} more",
                    line.contributor_name,
                    money(line.balance_pence()),
                    money(amount),
                    money(amount - line.balance_pence())
                ),
            );
            continue;
        }
        allocations.push(Allocation {
            round_id: 0,
            contributor_name: line.contributor_name.clone(),
            contributor_org_id: line.contributor_org_id.clone(),
            amount_pence: amount,
        });
    }
    let budget: i64 = allocations.iter().map(|a| a.amount_pence).sum();
    let allocation_field = lines.first().map_or_else(
        || "allocation".to_owned(),
        |l| format!("allocation-{}", l.key),
    );
    if lines.is_empty() {
        checks.add(
            "allocation",
            "The fund has no contributions yet: record what its contributors have pledged first",
        );
    } else if budget == 0 && !input.allocations.values().any(|v| !v.trim().is_empty()) {
        checks.add(
            &allocation_field,
            "Allocate the round a budget from at least one contributor",
        );
    }
    if let Some(max) = max_award {
        if budget > 0 && max > budget {
            checks.add(
                "max_award",
                format!(
                    "The largest award cannot be more than the round's budget of {}",
                    money(budget)
                ),
            );
        }
    }

    let gates: Vec<String> = input
        .gates
        .lines()
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .map(str::to_owned)
        .collect();
    if gates.len() > MAX_GATES {
        checks.add("gates", format!("Ask at most {MAX_GATES} questions"));
    } else if let Some(long) = gates
        .iter()
        .find(|q| q.chars().count() > MAX_QUESTION_CHARS)
    {
        checks.add(
            "gates",
            format!(
                "Each question must be {MAX_QUESTION_CHARS} characters or fewer: \"{}\" is longer",
                crate::format::shortened(long, 40)
            ),
        );
    }

    let mut priorities = Vec::new();
    let ticked = input
        .priorities
        .iter()
        .filter(|(_, value)| !value.trim().is_empty())
        .map(|(key, _)| key);
    for key in ticked {
        match themes.iter().find(|t| t.id.to_string() == *key) {
            Some(theme) => priorities.push(theme.id),
            None if !checks.has("priorities") => checks.add(
                "priorities",
                "A need theme in the form is no longer on the list: reload the page",
            ),
            None => {}
        }
    }
    if priorities.is_empty() && !checks.has("priorities") {
        checks.add(
            "priorities",
            "Choose at least one need theme the round prioritises",
        );
    }

    let mut criteria = Vec::new();
    for (index, typed) in input.criteria.iter().enumerate().take(MAX_CRITERIA) {
        if [typed.label, typed.levels, typed.min_score]
            .iter()
            .all(|t| t.trim().is_empty())
        {
            continue;
        }
        let label = checks.text(
            &format!("label-{index}"),
            "the criterion",
            typed.label,
            true,
            MAX_LABEL_CHARS,
        );
        let weight = typed
            .weight
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|w| (1..=100).contains(w));
        if weight.is_none() {
            checks.add(
                &format!("weight-{index}"),
                "Enter the weight as a whole number from 1 to 100",
            );
        }
        let levels: Vec<String> = typed
            .levels
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        if levels.len() != LEVELS
            || levels
                .iter()
                .any(|l| l.chars().count() > MAX_QUESTION_CHARS)
        {
            checks.add(
                &format!("levels-{index}"),
                format!(
                    "Describe each score from 0 to 5, one a line: 6 lines of at most {MAX_QUESTION_CHARS} characters ({} given)",
                    levels.len()
                ),
            );
        }
        let min_score = match typed.min_score.trim() {
            "" => None,
            text => {
                let min = text.parse::<i64>().ok().filter(|m| (0..=5).contains(m));
                if min.is_none() {
                    checks.add(
                        &format!("min-{index}"),
                        "Enter the minimum score as a whole number from 0 to 5, or leave it empty",
                    );
                }
                min
            }
        };
        criteria.push(Criterion {
            id: 0,
            position: 0,
            label,
            weight: weight.unwrap_or(1),
            levels,
            na_allowed: !typed.na_allowed.trim().is_empty(),
            min_score,
        });
    }
    if method == Some(RoundMethod::Panel) && criteria.is_empty() {
        checks.add("label-0", "A scored round needs at least one criterion");
    }
    let (opens_on, method, min_award, max_award) =
        checks.finish(|| Some((opens_on?, method?, min_award?, max_award?)))?;

    let new = NewRound {
        fund,
        code: &code,
        title: &title,
        opens_on,
        closes_on,
        method,
        min_award_pence: min_award,
        max_award_pence: max_award,
        panel_dates: &panel_dates,
        allocations: &allocations,
        gates: &gates,
        priorities: &priorities,
        criteria: &criteria,
    };
    let id = db::insert_round(&mut tx, &new, user.id, now).await?;
    if let Some(token) = input.token {
        once::made(&mut tx, token, ACTION, &id.to_string()).await?;
    }
    let budget_lines = allocations
        .iter()
        .map(|a| format!("{} {}", a.contributor_name, money(a.amount_pence)))
        .collect::<Vec<_>>()
        .join("; ");
    let priority_names = themes
        .iter()
        .filter(|t| priorities.contains(&t.id))
        .map(|t| t.name.clone())
        .collect::<Vec<_>>()
        .join("; ");
    let entity_id = id.to_string();
    Entry::new(user.id, ACTION, ("grant_round", entity_id.as_str()))
        .fields(&[
            ("fund", None, Some(found.name.clone())),
            ("round", None, Some(format!("{code}: {title}"))),
            ("method", None, Some(method.label().to_owned())),
            (
                "awards",
                None,
                Some(format!("{} to {}", money(min_award), money(max_award))),
            ),
            (
                "budget",
                None,
                Some(format!("{} ({budget_lines})", money(budget))),
            ),
            ("priorities", None, Some(priority_names)),
            ("questions", None, Some(gates.len().to_string())),
            ("criteria", None, Some(criteria.len().to_string())),
        ])
        .record(&mut tx, now)
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// Round `id`'s page for `user`: refused unless they read its fund's place.
pub async fn round_view(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    today: NaiveDate,
) -> Result<RoundView, AppError> {
    let mut conn = db.conn().await?;
    let round = db::find_round(&mut conn, id)
        .await?
        .ok_or_else(|| AppError::not_found("That round"))?;
    let fund = readable_fund(&mut conn, user, round.fund_id).await?;
    let allocations: Vec<Allocation> = db::fund_allocations(&mut conn, fund.id)
        .await?
        .into_iter()
        .filter(|a| a.round_id == id)
        .collect();
    let applications =
        crate::chest::applications::service::round_applications(&mut conn, user, &fund, id).await?;
    let on_panel = crate::chest::panel::service::sits_on(&mut conn, user, &fund, id).await?;
    Ok(RoundView {
        on_panel,
        applications,
        can_manage: can_manage(user, &fund),
        status: round.status(today),
        budget_pence: crate::chest::model::round_budget(&allocations, id),
        allocations,
        panel_dates: db::panel_dates(&mut conn, id).await?,
        gates: db::gates(&mut conn, id).await?,
        priorities: db::priorities(&mut conn, id)
            .await?
            .into_iter()
            .map(|(_, name)| name)
            .collect(),
        criteria: db::criteria(&mut conn, id).await?,
        fund,
        round,
    })
}

#[cfg(test)]
mod tests {
    use super::is_round_code;

    #[test]
    fn round_codes_are_short_and_plain() {
        assert!(is_round_code("ELF-2027-1"));
        assert!(!is_round_code(""));
        assert!(!is_round_code("ELF 2027"));
        assert!(!is_round_code(&"A".repeat(31)));
    }
}
