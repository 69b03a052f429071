//! What the returns pages show, computed from the stored returns: each period's dashboard
//! (received, late, missing), a borough's versions and attempts, workforce coverage against
//! population and target, and unmet need rollups with small counts suppressed.

use super::db::{self, UnmetSum, WorkforceSum};
use super::model::{
    target_for, Attempt, BoroughReturn, BoroughReturnPage, Count, Coverage, CoverageLine,
    CoverageQuarter, NeedTheme, Period, PeriodDashboard, PeriodWindow, PopulationLine,
    ReturnSettings, ReturnState, ReturnsOverview, RoleCoverage, Submission, SubmissionView,
    ThemeRow, UnmetNeedRollup, WhyUnmet, WorkforceRole, WorkforceTarget,
};
use super::service::{self, can_sign_off, can_upload, can_view, sees_small_numbers};
use crate::auth::{CurrentUser, Permission, Scope};
use crate::boroughs::Borough;
use crate::error::AppError;
use crate::plumbing::Db;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// Where a borough's return stands, from its versions for the period.
fn state_of(versions: &[&Submission]) -> ReturnState {
    if versions.iter().any(|s| s.signed_off_at.is_some()) {
        ReturnState::SignedOff
    } else if versions.is_empty() {
        ReturnState::Missing
    } else {
        ReturnState::AwaitingSignOff
    }
}

/// One period's dashboard: every borough is expected to return.
pub fn dashboard(
    period: &Period,
    boroughs: &[Borough],
    submissions: &[Submission],
    attempts: &[Attempt],
    user: &CurrentUser,
    today: NaiveDate,
) -> PeriodDashboard {
    let window = period.window(today);
    let uploads_open = matches!(window, PeriodWindow::Open | PeriodWindow::Overdue);
    let rows: Vec<BoroughReturn> = boroughs
        .iter()
        .map(|borough| {
            let versions: Vec<&Submission> = submissions
                .iter()
                .filter(|s| s.borough_code == borough.code)
                .collect();
            let state = state_of(&versions);
            let first_received_at = versions.iter().map(|s| s.uploaded_at).min();
            let late = !period.baseline
                && match first_received_at {
                    Some(at) => at.date_naive() > period.due_on,
                    None => today > period.due_on,
                };
            BoroughReturn {
                borough_code: borough.code.clone(),
                borough_name: borough.name.clone(),
                state,
                late,
                first_received_at,
                latest_version: versions.iter().map(|s| s.version).max(),
                failed_attempts: attempts
                    .iter()
                    .filter(|a| a.borough_code == borough.code && a.submission_id.is_none())
                    .count() as i64,
                can_upload: uploads_open && can_upload(user, &borough.code),
            }
        })
        .collect();
    PeriodDashboard {
        period: period.clone(),
        can_chase: service::can_manage(user),
        window,
        received: rows
            .iter()
            .filter(|r| r.state != ReturnState::Missing)
            .count(),
        signed_off: rows
            .iter()
            .filter(|r| r.state == ReturnState::SignedOff)
            .count(),
        late: rows.iter().filter(|r| r.late).count(),
        missing: rows
            .iter()
            .filter(|r| r.state == ReturnState::Missing)
            .count(),
        boroughs: rows,
    }
}

pub async fn period_dashboard(
    db: &Db,
    user: &CurrentUser,
    period: &Period,
    today: NaiveDate,
) -> Result<PeriodDashboard, AppError> {
    let boroughs = crate::boroughs::db::list_boroughs(db).await?;
    let submissions = db::submissions_for_period(db, period.id).await?;
    let attempts = db::attempts(db, period.id, None).await?;
    Ok(dashboard(
        period,
        &boroughs,
        &submissions,
        &attempts,
        user,
        today,
    ))
}

pub async fn overview(
    db: &Db,
    user: &CurrentUser,
    today: NaiveDate,
) -> Result<ReturnsOverview, AppError> {
    let periods = db::periods(db).await?;
    let mut dashboards = Vec::new();
    for period in &periods {
        dashboards.push(period_dashboard(db, user, period, today).await?);
    }
    let next_quarter = periods
        .first()
        .map(|p| {
            if p.quarter == 4 {
                (p.financial_year + 1, 1)
            } else {
                (p.financial_year, p.quarter + 1)
            }
        })
        .unwrap_or_else(|| super::model::quarter_of(today));
    Ok(ReturnsOverview {
        periods: dashboards,
        can_manage: service::can_manage(user),
        today,
        next_quarter,
    })
}

pub async fn period_page(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    today: NaiveDate,
) -> Result<PeriodDashboard, AppError> {
    let period = service::period_of(db, id).await?;
    period_dashboard(db, user, &period, today).await
}

pub async fn borough_return(
    db: &Db,
    user: &CurrentUser,
    period_id: i64,
    borough: &str,
    today: NaiveDate,
) -> Result<BoroughReturnPage, AppError> {
    let period = service::period_of(db, period_id).await?;
    let borough_name = service::borough_name(db, borough).await?;
    if !can_view(user, borough) {
        return Err(AppError::Forbidden);
    }
    let submissions: Vec<Submission> = db::submissions_for_period(db, period.id)
        .await?
        .into_iter()
        .filter(|s| s.borough_code == borough)
        .collect();
    let attempts = db::attempts(db, period.id, Some(borough)).await?;
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
    let attempt = db::find_attempt(db, id)
        .await?
        .ok_or_else(|| AppError::not_found("That upload"))?;
    if can_view(user, &attempt.borough_code) {
        Ok(attempt)
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn submission(db: &Db, user: &CurrentUser, id: i64) -> Result<SubmissionView, AppError> {
    let submission = service::submission_of(db, id).await?;
    if !can_view(user, &submission.borough_code) {
        return Err(AppError::Forbidden);
    }
    let mut content = db::content(db, id, SubmissionView::ROWS_SHOWN as i64).await?;
    let (workforce_rows, unmet_need_rows) = db::row_counts(db, id).await?;
    let threshold = service::threshold(db).await?;
    let suppress = !sees_small_numbers(user);
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
    let latest = db::submissions_for_period(db, submission.period.id)
        .await?
        .iter()
        .filter(|s| s.borough_code == submission.borough_code)
        .map(|s| s.version)
        .max()
        .unwrap_or(submission.version);
    Ok(SubmissionView {
        workforce_rows,
        unmet_need_rows,
        unmet_shown,
        can_sign_off: submission.signed_off_at.is_none()
            && submission.version == latest
            && can_sign_off(user, &submission.borough_code),
        can_download_file: submission.file_name.is_some()
            && service::can_download_original(user, &submission.borough_code),
        submission,
        content,
    })
}

/// The population in force on `day`: the latest recorded from or before it.
pub fn population_on(populations: &[PopulationLine], borough: &str, day: NaiveDate) -> Option<i64> {
    populations
        .iter()
        .filter(|p| p.borough_code == borough && p.effective_from <= day)
        .max_by_key(|p| p.effective_from)
        .map(|p| p.population)
}

fn role_coverage(
    role: WorkforceRole,
    sums: &[&WorkforceSum],
    population: Option<i64>,
    target_per_10k: Option<f64>,
) -> RoleCoverage {
    let lines: Vec<&&WorkforceSum> = sums.iter().filter(|s| s.role == role).collect();
    let wte: f64 = lines.iter().map(|s| s.wte).sum();
    let headcount = if lines.iter().all(|s| s.headcount.is_some()) && !lines.is_empty() {
        Some(lines.iter().filter_map(|s| s.headcount).sum())
    } else {
        None
    };
    measured(
        role,
        (wte, headcount, lines.iter().map(|s| s.vacancies).sum()),
        population,
        target_per_10k,
    )
}

/// WTE against population and target; nothing per 10,000 without a population.
fn measured(
    role: WorkforceRole,
    (wte, headcount, vacancies): (f64, Option<i64>, f64),
    population: Option<i64>,
    target_per_10k: Option<f64>,
) -> RoleCoverage {
    let per_10k = population
        .filter(|p| *p > 0)
        .map(|p| wte / p as f64 * 10_000.0);
    let gap_wte = match (target_per_10k, population) {
        (Some(target), Some(p)) if p > 0 => Some(target * p as f64 / 10_000.0 - wte),
        _ => None,
    };
    RoleCoverage {
        role,
        wte,
        headcount,
        vacancies,
        per_10k,
        target_per_10k,
        gap_wte,
    }
}

fn roles() -> impl Iterator<Item = WorkforceRole> {
    WorkforceRole::ALL.into_iter()
}

/// Coverage per quarter with a counted return: each borough, then the ICB, whose per
/// 10,000 figures cover only boroughs with both a return and a recorded population.
pub fn coverage(
    periods: &[Period],
    boroughs: &[Borough],
    counted: &[Submission],
    sums: &[WorkforceSum],
    populations: &[PopulationLine],
    targets: &[WorkforceTarget],
) -> Coverage {
    let mut ordered: Vec<&Period> = periods.iter().collect();
    ordered.sort_by_key(|p| (p.financial_year, p.quarter));
    let mut quarters = Vec::new();
    for period in ordered {
        let in_period: Vec<&Submission> = counted
            .iter()
            .filter(|s| s.period.id == period.id)
            .collect();
        if in_period.is_empty() {
            continue;
        }
        let day = period.ends_on();
        let mut lines = Vec::new();
        for borough in boroughs {
            let submission = in_period.iter().find(|s| s.borough_code == borough.code);
            let population = population_on(populations, &borough.code, day);
            let borough_sums: Vec<&WorkforceSum> = submission
                .map(|s| {
                    sums.iter()
                        .filter(|sum| sum.submission_id == s.id)
                        .collect()
                })
                .unwrap_or_default();
            lines.push(CoverageLine {
                borough_code: Some(borough.code.clone()),
                name: borough.name.clone(),
                submission_id: submission.map(|s| s.id),
                population,
                roles: if submission.is_some() {
                    roles()
                        .map(|role| {
                            let target = target_for(targets, role);
                            role_coverage(role, &borough_sums, population, target)
                        })
                        .collect()
                } else {
                    Vec::new()
                },
                note: None,
            });
        }
        let icb = icb_line(&lines, targets);
        let notes: BTreeSet<String> = in_period
            .iter()
            .filter_map(|s| s.source_note.clone())
            .collect();
        quarters.push(CoverageQuarter {
            period: period.clone(),
            boroughs: lines,
            icb,
            notes: notes.into_iter().collect(),
        });
    }
    Coverage {
        quarters,
        targets: targets.to_vec(),
    }
}

fn names(lines: &[&CoverageLine]) -> String {
    lines
        .iter()
        .map(|line| line.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn icb_line(lines: &[CoverageLine], targets: &[WorkforceTarget]) -> CoverageLine {
    let reporting: Vec<&CoverageLine> =
        lines.iter().filter(|l| l.submission_id.is_some()).collect();
    let measured_lines: Vec<&CoverageLine> = reporting
        .iter()
        .copied()
        .filter(|l| l.population.is_some())
        .collect();
    let population: Option<i64> = if measured_lines.is_empty() {
        None
    } else {
        Some(measured_lines.iter().filter_map(|l| l.population).sum())
    };
    let roles = roles()
        .map(|role| {
            let total = |of: &[&CoverageLine]| -> f64 {
                of.iter().filter_map(|l| l.role(role)).map(|r| r.wte).sum()
            };
            let measured_wte = total(&measured_lines);
            let target = target_for(targets, role);
            let mut line = measured(role, (measured_wte, None, 0.0), population, target);
            line.wte = total(&reporting);
            line.vacancies = reporting
                .iter()
                .filter_map(|l| l.role(role))
                .map(|r| r.vacancies)
                .sum();
            line.headcount = reporting
                .iter()
                .map(|l| l.role(role).and_then(|r| r.headcount))
                .sum::<Option<i64>>();
            line
        })
        .collect();
    let mut notes = Vec::new();
    let missing: Vec<&CoverageLine> = lines.iter().filter(|l| l.submission_id.is_none()).collect();
    if !missing.is_empty() {
        notes.push(format!("no signed-off return from {}", names(&missing)));
    }
    let unknown: Vec<&CoverageLine> = reporting
        .iter()
        .copied()
        .filter(|l| l.population.is_none())
        .collect();
    if !unknown.is_empty() {
        notes.push(format!(
            "population not recorded for {}, so they are left out of the per 10,000 figures",
            names(&unknown)
        ));
    }
    CoverageLine {
        borough_code: None,
        name: "North Central London".into(),
        submission_id: None,
        population,
        roles,
        note: if notes.is_empty() {
            None
        } else {
            Some(format!("ICB total: {}.", notes.join("; ")))
        },
    }
}

pub async fn coverage_view(db: &Db) -> Result<Coverage, AppError> {
    let periods = db::periods(db).await?;
    let boroughs = crate::boroughs::db::list_boroughs(db).await?;
    let counted = db::counted_submissions(db).await?;
    let sums = db::workforce_sums(db).await?;
    let populations = db::populations(db).await?;
    let targets = db::targets(db).await?;
    Ok(coverage(
        &periods,
        &boroughs,
        &counted,
        &sums,
        &populations,
        &targets,
    ))
}

/// One unmet need cell: (period id, borough code, theme, why unmet).
type CellKey = (i64, String, String, WhyUnmet);

/// Unmet need over the counted returns: theme × borough for one quarter (the newest with
/// unmet need by default), the ICB trend per theme, the top themes and why needs were unmet.
pub fn unmet_rollup(
    boroughs: &[Borough],
    counted: &[Submission],
    sums: &[UnmetSum],
    themes: &[NeedTheme],
    quarter: Option<i64>,
    threshold: i64,
    suppress: bool,
) -> UnmetNeedRollup {
    let of = |id: i64| counted.iter().find(|s| s.id == id);
    let mut cells: BTreeMap<CellKey, i64> = BTreeMap::new();
    for sum in sums {
        if let Some(submission) = of(sum.submission_id) {
            *cells
                .entry((
                    submission.period.id,
                    submission.borough_code.clone(),
                    sum.theme.clone(),
                    sum.reason,
                ))
                .or_default() += sum.people;
        }
    }
    let mut quarters: Vec<Period> = Vec::new();
    for submission in counted {
        let has_need = cells
            .keys()
            .any(|(period, ..)| *period == submission.period.id);
        if has_need && !quarters.iter().any(|p| p.id == submission.period.id) {
            quarters.push(submission.period.clone());
        }
    }
    quarters.sort_by_key(|p| (p.financial_year, p.quarter));
    let selected = quarter
        .and_then(|id| quarters.iter().find(|p| p.id == id))
        .or_else(|| quarters.last())
        .cloned();
    let count = |value: i64| Count::new(value, threshold, suppress);
    let total = |filter: &dyn Fn(&CellKey) -> bool| -> i64 {
        cells
            .iter()
            .filter(|(key, _)| filter(key))
            .map(|(_, people)| *people)
            .sum()
    };
    let theme_names: Vec<&str> = themes.iter().map(|t| t.name.as_str()).collect();
    let mut by_borough = Vec::new();
    let mut why_unmet = Vec::new();
    let mut top = Vec::new();
    if let Some(period) = &selected {
        for theme in &theme_names {
            let in_quarter = |key: &CellKey| key.0 == period.id && key.2 == *theme;
            let icb_total = total(&in_quarter);
            if icb_total == 0 {
                continue;
            }
            let mut raw: Vec<i64> = boroughs
                .iter()
                .map(|b| total(&|key| in_quarter(key) && key.1 == b.code))
                .collect();
            raw.push(icb_total);
            by_borough.push(ThemeRow {
                label: (*theme).to_owned(),
                counts: protected(&raw, threshold, suppress),
            });
            top.push(((*theme).to_owned(), icb_total));
        }
        for reason in WhyUnmet::ALL {
            let in_quarter = |key: &CellKey| key.0 == period.id && key.3 == reason;
            let mut raw: Vec<i64> = boroughs
                .iter()
                .map(|b| total(&|key| in_quarter(key) && key.1 == b.code))
                .collect();
            raw.push(total(&in_quarter));
            why_unmet.push(ThemeRow {
                label: reason.label().to_owned(),
                counts: protected(&raw, threshold, suppress),
            });
        }
    }
    top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let trend = theme_names
        .iter()
        .filter(|theme| total(&|key| key.2 == **theme) > 0)
        .map(|theme| ThemeRow {
            label: (*theme).to_owned(),
            counts: quarters
                .iter()
                .map(|p| count(total(&|key| key.0 == p.id && key.2 == *theme)))
                .collect(),
        })
        .collect();
    UnmetNeedRollup {
        threshold,
        suppressed: suppress,
        boroughs: boroughs
            .iter()
            .map(|b| (b.code.clone(), b.name.clone()))
            .collect(),
        quarters,
        quarter: selected,
        by_borough,
        trend,
        top: top
            .into_iter()
            .take(10)
            .map(|(theme, people)| (theme, count(people)))
            .collect(),
        why_unmet,
    }
}

/// A row of borough counts with its total last, suppressed: small counts first, then — if
/// the borough cells hide exactly one while the total shows — the smallest other shown
/// count too, so that the hidden one cannot be worked out by subtraction.
fn protected(raw: &[i64], threshold: i64, suppress: bool) -> Vec<Count> {
    let mut counts: Vec<Count> = raw
        .iter()
        .map(|value| Count::new(*value, threshold, suppress))
        .collect();
    let Some((total, cells)) = counts.split_last_mut() else {
        return counts;
    };
    let hidden = cells
        .iter()
        .filter(|c| !matches!(c, Count::Shown(_)))
        .count();
    if hidden == 1 && matches!(total, Count::Shown(_)) {
        let smallest = cells
            .iter_mut()
            .filter(|c| matches!(c, Count::Shown(value) if *value > 0))
            .min_by_key(|c| match c {
                Count::Shown(value) => *value,
                _ => i64::MAX,
            });
        if let Some(cell) = smallest {
            *cell = Count::Withheld;
        }
    }
    counts
}

/// The rollup for a viewer (`suppress` = not in the ICB team) or for publication.
pub async fn unmet_view(
    db: &Db,
    quarter: Option<i64>,
    suppress: bool,
) -> Result<UnmetNeedRollup, AppError> {
    let boroughs = crate::boroughs::db::list_boroughs(db).await?;
    let counted = db::counted_submissions(db).await?;
    let sums = db::unmet_sums(db).await?;
    let themes = db::themes(db).await?;
    let threshold = service::threshold(db).await?;
    Ok(unmet_rollup(
        &boroughs, &counted, &sums, &themes, quarter, threshold, suppress,
    ))
}

pub async fn settings(db: &Db, user: &CurrentUser) -> Result<ReturnSettings, AppError> {
    Ok(ReturnSettings {
        populations: db::populations(db).await?,
        targets: db::targets(db).await?,
        themes: db::themes(db).await?,
        threshold: service::threshold(db).await?,
        threshold_version: db::threshold(db).await?.map_or(0, |(_, version)| version),
        target_versions: db::target_versions(db).await?.into_iter().collect(),
        can_edit_reference: user.can(Permission::EditReferenceData, &Scope::Icb),
        can_manage: service::can_manage(user),
        boroughs: crate::boroughs::db::list_boroughs(db)
            .await?
            .into_iter()
            .map(|b| (b.code, b.name))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn period(id: i64, quarter: u32) -> Period {
        Period {
            id,
            financial_year: 2025,
            quarter,
            opens_on: NaiveDate::from_ymd_opt(2025, 7, 1).unwrap(),
            due_on: NaiveDate::from_ymd_opt(2025, 7, 31).unwrap(),
            closes_on: NaiveDate::from_ymd_opt(2025, 8, 31).unwrap(),
            baseline: false,
        }
    }

    fn borough(code: &str) -> Borough {
        Borough {
            code: code.into(),
            name: code.to_uppercase(),
            gp_registered_population: None,
            population_source: None,
        }
    }

    fn submission(id: i64, period: &Period, borough: &str) -> Submission {
        Submission {
            id,
            period: period.clone(),
            borough_code: borough.into(),
            borough_name: borough.to_uppercase(),
            version: 1,
            uploaded_by: Some("A".into()),
            uploaded_at: Utc.with_ymd_and_hms(2025, 7, 10, 9, 0, 0).unwrap(),
            file_name: None,
            file_hash: None,
            people_referred: None,
            source_note: None,
            signed_off_by: Some("B".into()),
            signed_off_at: Some(Utc.with_ymd_and_hms(2025, 7, 11, 9, 0, 0).unwrap()),
            counts: true,
        }
    }

    fn wte(submission_id: i64, role: WorkforceRole, wte: f64) -> WorkforceSum {
        WorkforceSum {
            submission_id,
            role,
            wte,
            headcount: None,
            vacancies: 0.0,
        }
    }

    #[test]
    fn coverage_is_wte_per_10000_and_unknown_population_gives_no_figure() {
        let q1 = period(1, 1);
        let boroughs = [borough("a"), borough("b"), borough("c")];
        let counted = [submission(10, &q1, "a"), submission(11, &q1, "b")];
        let sums = [
            wte(10, WorkforceRole::Splw, 15.0),
            wte(10, WorkforceRole::Splw, 5.0),
            wte(11, WorkforceRole::Splw, 7.0),
        ];
        let populations = [PopulationLine {
            borough_code: "a".into(),
            borough_name: "A".into(),
            effective_from: NaiveDate::from_ymd_opt(2024, 4, 1).unwrap(),
            population: 400_000,
            source: "test".into(),
            version: 1,
        }];
        let targets = [
            WorkforceTarget {
                role: WorkforceRole::Splw,
                per_10k: 1.0,
                source: "UPC".into(),
            },
            WorkforceTarget {
                role: WorkforceRole::Hwbc,
                per_10k: 0.25,
                source: "local".into(),
            },
        ];
        let sums = [&sums[..], &[wte(10, WorkforceRole::Hwbc, 4.0)]].concat();
        let coverage = coverage(&[q1], &boroughs, &counted, &sums, &populations, &targets);
        let quarter = &coverage.quarters[0];
        let a = quarter.boroughs[0].role(WorkforceRole::Splw).unwrap();
        assert_eq!(a.wte, 20.0);
        assert_eq!(a.per_10k, Some(0.5));
        assert_eq!(a.gap_wte, Some(20.0));
        let b = quarter.boroughs[1].role(WorkforceRole::Splw).unwrap();
        assert_eq!((b.wte, b.per_10k, b.gap_wte), (7.0, None, None));
        assert!(quarter.boroughs[2].roles.is_empty());
        let hwbc = quarter.boroughs[0].role(WorkforceRole::Hwbc).unwrap();
        assert_eq!((hwbc.per_10k, hwbc.gap_wte), (Some(0.1), Some(6.0)));
        let cc = quarter.boroughs[0]
            .role(WorkforceRole::CareCoordinator)
            .unwrap();
        assert_eq!((cc.wte, cc.target_per_10k, cc.gap_wte), (0.0, None, None));
        let icb = quarter.icb.role(WorkforceRole::Splw).unwrap();
        assert_eq!(icb.wte, 27.0);
        assert_eq!(
            icb.per_10k,
            Some(0.5),
            "only boroughs with a population count"
        );
        let note = quarter.icb.note.clone().unwrap();
        assert!(note.contains("no signed-off return from C"), "{note}");
        assert!(note.contains("population not recorded for B"), "{note}");
    }

    #[test]
    fn small_unmet_need_counts_are_suppressed_for_publication() {
        let q1 = period(1, 1);
        let boroughs = [borough("a"), borough("b")];
        let counted = [submission(10, &q1, "a"), submission(11, &q1, "b")];
        let sums = [
            UnmetSum {
                submission_id: 10,
                theme: "Housing".into(),
                reason: WhyUnmet::WaitingList,
                people: 3,
            },
            UnmetSum {
                submission_id: 11,
                theme: "Housing".into(),
                reason: WhyUnmet::NoService,
                people: 9,
            },
        ];
        let themes = [NeedTheme {
            id: 1,
            name: "Housing".into(),
            position: 1,
        }];
        let open = unmet_rollup(&boroughs, &counted, &sums, &themes, None, 5, false);
        let row = &open.by_borough[0];
        assert_eq!(
            row.counts.iter().map(|c| c.text()).collect::<Vec<_>>(),
            ["3", "9", "12"]
        );
        let published = unmet_rollup(&boroughs, &counted, &sums, &themes, None, 5, true);
        let row = &published.by_borough[0];
        assert_eq!(
            row.counts.iter().map(|c| c.text()).collect::<Vec<_>>(),
            ["<5", "*", "12"],
            "9 is withheld too: with the total it would give the 3 away"
        );
        let waiting = &published.why_unmet[1];
        assert_eq!(waiting.label, "Waiting list");
        assert_eq!(waiting.counts[0].text(), "<5");
    }
}
