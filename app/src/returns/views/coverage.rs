//! Workforce coverage: each borough's WTE per role against its population and the target,
//! quarter by quarter, with the ICB total over the boroughs that can be measured — for one
//! ICB, one borough beside its ICB, or London: each ICB's total beside the region's, which
//! is taken over every borough (so the region adds up from its boroughs, not from rates).

use crate::auth::Scope;
use crate::boroughs::{AreaIcb, Borough};
use crate::error::AppError;
use crate::plumbing::Db;
use crate::returns::db::{self, WorkforceSum};
use crate::returns::model::{
    target_for, Coverage, CoverageLine, CoverageQuarter, DeprivationLine, Period, PopulationLine,
    RoleCoverage, Submission, WorkforceRole, WorkforceTarget,
};
use chrono::NaiveDate;
use std::collections::BTreeSet;

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

/// Coverage per quarter with a counted return: each borough, then the total named `name`
/// (the ICB's), whose per 10,000 figures cover only boroughs with both a return and a
/// recorded population.
pub fn coverage(
    (name, periods): (&str, &[Period]),
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
        let icb = total_line(name, &lines, targets);
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
        ..Coverage::default()
    }
}

/// London's coverage from each ICB's (`of_icbs`: ICB code, name and coverage): for every
/// quarter any ICB has, each ICB's total as a line (none when it has no return for the
/// quarter), then London's, taken over every borough line of every ICB.
pub fn region_coverage(of_icbs: &[(String, Coverage)], targets: &[WorkforceTarget]) -> Coverage {
    let mut codes: Vec<(i32, u32)> = of_icbs
        .iter()
        .flat_map(|(_, c)| c.quarters.iter())
        .map(|q| (q.period.financial_year, q.period.quarter))
        .collect();
    codes.sort_unstable();
    codes.dedup();
    let mut quarters = Vec::new();
    for code in codes {
        let in_quarter = |c: &Coverage| {
            c.quarters
                .iter()
                .find(|q| (q.period.financial_year, q.period.quarter) == code)
                .cloned()
        };
        let mut lines = Vec::new();
        let mut borough_lines = Vec::new();
        let mut period = None;
        let mut notes = BTreeSet::new();
        for (icb, coverage) in of_icbs {
            match in_quarter(coverage) {
                Some(quarter) => {
                    period.get_or_insert(quarter.period.clone());
                    notes.extend(quarter.notes.iter().cloned());
                    lines.push(CoverageLine {
                        borough_code: Some(icb.clone()),
                        // One of its boroughs' counted returns: the ICB line has figures.
                        submission_id: quarter.boroughs.iter().find_map(|l| l.submission_id),
                        note: quarter.icb.note.clone(),
                        ..quarter.icb.clone()
                    });
                    borough_lines.extend(quarter.boroughs);
                }
                None => lines.push(CoverageLine {
                    borough_code: Some(icb.clone()),
                    name: coverage.area.name.clone(),
                    submission_id: None,
                    population: None,
                    roles: Vec::new(),
                    note: None,
                }),
            }
        }
        let Some(period) = period else { continue };
        quarters.push(CoverageQuarter {
            period,
            icb: total_line("London", &borough_lines, targets),
            boroughs: lines,
            notes: notes.into_iter().collect(),
        });
    }
    Coverage {
        quarters,
        targets: targets.to_vec(),
        ..Coverage::default()
    }
}

/// One borough's coverage beside its ICB's total (`of_icb`).
pub fn borough_coverage(of_icb: Coverage, borough: &str) -> Coverage {
    Coverage {
        quarters: of_icb
            .quarters
            .into_iter()
            .map(|quarter| CoverageQuarter {
                boroughs: quarter
                    .boroughs
                    .into_iter()
                    .filter(|line| line.borough_code.as_deref() == Some(borough))
                    .collect(),
                ..quarter
            })
            .collect(),
        ..of_icb
    }
}

fn names(lines: &[&CoverageLine]) -> String {
    lines
        .iter()
        .map(|line| line.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The total named `name` over `lines`: WTE over every line that reported, per 10,000 over
/// those with a population too, with a note naming what was left out and why.
fn total_line(name: &str, lines: &[CoverageLine], targets: &[WorkforceTarget]) -> CoverageLine {
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
        name: name.to_owned(),
        submission_id: None,
        population,
        roles,
        note: if notes.is_empty() {
            None
        } else {
            Some(format!("{name} total: {}.", notes.join("; ")))
        },
    }
}

/// The coverage of `area` (London, an ICB or a borough) for `user`, with the area chooser.
pub async fn coverage_view(
    db: &Db,
    user: &crate::auth::CurrentUser,
    area: &str,
) -> Result<Coverage, AppError> {
    let mut conn = db.conn().await?;
    let (scope, choice) = crate::boroughs::area::area_in_view(&mut conn, user, area).await?;
    let periods = db::periods(&mut conn).await?;
    let boroughs = crate::boroughs::db::list_boroughs(&mut conn).await?;
    let icbs = crate::boroughs::db::icbs(&mut conn).await?;
    let counted = db::counted_submissions(&mut conn).await?;
    let sums = db::workforce_sums(&mut conn).await?;
    let populations = db::populations(&mut conn).await?;
    let targets = db::targets(&mut conn).await?;
    let deprivation = db::deprivation(&mut conn).await?;
    let of_icb = |icb: &AreaIcb| {
        let periods: Vec<Period> = periods
            .iter()
            .filter(|p| p.icb_code == icb.code)
            .cloned()
            .collect();
        let boroughs: Vec<Borough> = boroughs
            .iter()
            .filter(|b| b.icb_code == icb.code)
            .cloned()
            .collect();
        let mut coverage = coverage(
            (&icb.name, &periods),
            &boroughs,
            &counted,
            &sums,
            &populations,
            &targets,
        );
        coverage.area.name = icb.name.clone();
        coverage
    };
    let icb_named = |code: &str| icbs.iter().find(|icb| icb.code == code);
    let coverage = match &scope {
        Scope::Region => {
            let of_icbs: Vec<(String, Coverage)> = icbs
                .iter()
                .filter(|icb| icb.programme)
                .map(|icb| (icb.code.clone(), of_icb(icb)))
                .collect();
            region_coverage(&of_icbs, &targets)
        }
        Scope::Icb(code) => icb_named(code).map(of_icb).unwrap_or_default(),
        Scope::Borough(code) => {
            let icb = boroughs
                .iter()
                .find(|b| &b.code == code)
                .and_then(|b| icb_named(&b.icb_code));
            borough_coverage(icb.map(of_icb).unwrap_or_default(), code)
        }
    };
    let in_area = |line: &DeprivationLine| match &scope {
        Scope::Region => true,
        Scope::Icb(code) => boroughs
            .iter()
            .any(|b| b.code == line.borough_code && &b.icb_code == code),
        Scope::Borough(code) => &line.borough_code == code,
    };
    Ok(Coverage {
        deprivation: deprivation.into_iter().filter(in_area).collect(),
        area: choice,
        ..coverage
    })
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{borough, period, submission};
    use super::*;

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
        let coverage = coverage(
            ("North Central London", &[q1]),
            &boroughs,
            &counted,
            &sums,
            &populations,
            &targets,
        );
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
}
