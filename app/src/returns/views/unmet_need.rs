//! Unmet need over the counted returns: theme by borough for a quarter, the ICB trend, the
//! top themes and why needs were unmet, with small counts suppressed.

use crate::auth::{CurrentUser, Permission, Scope};
use crate::boroughs::{AreaLevel, Borough};
use crate::error::AppError;
use crate::plumbing::Db;
use crate::returns::db::{self, UnmetSum};
use crate::returns::model::{
    Count, NeedTheme, Period, Submission, ThemeRow, UnmetNeedRollup, WhyUnmet,
};
use crate::returns::service;
use std::collections::{BTreeMap, BTreeSet};

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
    // Who returned each quarter: a borough without a signed-off return is unknown, not 0.
    let returned_in = |period: i64| -> BTreeSet<&str> {
        counted
            .iter()
            .filter(|s| s.period.id == period)
            .map(|s| s.borough_code.as_str())
            .collect()
    };
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
    let mut not_returned = Vec::new();
    if let Some(period) = &selected {
        let returned = returned_in(period.id);
        not_returned = boroughs
            .iter()
            .filter(|b| !returned.contains(b.code.as_str()))
            .map(|b| b.name.clone())
            .collect();
        // Each borough's figure, none for a borough that did not return; the total last.
        let row = |in_quarter: &dyn Fn(&CellKey) -> bool| -> Vec<Option<i64>> {
            let mut raw: Vec<Option<i64>> = boroughs
                .iter()
                .map(|b| {
                    returned
                        .contains(b.code.as_str())
                        .then(|| total(&|key| in_quarter(key) && key.1 == b.code))
                })
                .collect();
            raw.push(Some(total(in_quarter)));
            raw
        };
        for theme in &theme_names {
            let in_quarter = |key: &CellKey| key.0 == period.id && key.2 == *theme;
            let icb_total = total(&in_quarter);
            if icb_total == 0 {
                continue;
            }
            by_borough.push(ThemeRow {
                label: (*theme).to_owned(),
                counts: protected(&row(&in_quarter), threshold, suppress),
            });
            top.push(((*theme).to_owned(), icb_total));
        }
        for reason in WhyUnmet::ALL {
            let in_quarter = |key: &CellKey| key.0 == period.id && key.3 == reason;
            why_unmet.push(ThemeRow {
                label: reason.label().to_owned(),
                counts: protected(&row(&in_quarter), threshold, suppress),
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
    let returned = quarters.iter().map(|p| returned_in(p.id).len()).collect();
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
        returned,
        not_returned,
        parts: boroughs_word(),
        total_name: "ICB total".to_owned(),
        area: Default::default(),
    }
}

fn boroughs_word() -> String {
    "boroughs".to_owned()
}

/// A row of borough counts with its total last (none: the borough sent no return),
/// suppressed: small counts first, then — if the borough cells hide exactly one while the
/// total shows — the smallest other shown count too, so that the hidden one cannot be
/// worked out by subtraction.
fn protected(raw: &[Option<i64>], threshold: i64, suppress: bool) -> Vec<Count> {
    let mut counts: Vec<Count> = raw
        .iter()
        .map(|value| {
            value.map_or(Count::NoReturn, |value| {
                Count::new(value, threshold, suppress)
            })
        })
        .collect();
    let Some((total, cells)) = counts.split_last_mut() else {
        return counts;
    };
    let hidden = cells
        .iter()
        .filter(|c| matches!(c, Count::Suppressed { .. } | Count::Withheld))
        .count();
    if hidden == 1 && matches!(total, Count::Shown(_)) {
        let smallest = cells
            .iter_mut()
            .filter(|c| matches!(c, Count::Shown(value) if *value > 0))
            .min_by_key(|c| match c {
                Count::Shown(value) => *value,
                _ => i64::MAX,
            });
        // A shown total is at least the threshold, so some other cell holds more than 0.
        if let Some(cell) = smallest {
            *cell = Count::Withheld;
        }
    }
    counts
}

/// The rollup of `area` (London, an ICB or a borough; empty: the viewer's own) for `user`:
/// theme by ICB for London, by borough for an ICB, the borough alone for a borough. Small
/// counts are suppressed at every level unless `every_count` is asked for by someone who
/// may see them there (the ICB team for its ICB and boroughs, the regional team).
pub async fn unmet_view(
    db: &Db,
    user: &CurrentUser,
    area: &str,
    quarter: Option<i64>,
    every_count: bool,
) -> Result<UnmetNeedRollup, AppError> {
    let mut conn = db.conn().await?;
    let (scope, choice) = crate::boroughs::area::area_in_view(&mut conn, user, area).await?;
    let suppress = !(every_count && user.can(Permission::ViewSmallNumbers, &scope));
    let boroughs = crate::boroughs::db::list_boroughs(&mut conn).await?;
    let icbs = crate::boroughs::db::icbs(&mut conn).await?;
    let counted = db::counted_submissions(&mut conn).await?;
    let sums = db::unmet_sums(&mut conn).await?;
    let themes = db::themes(&mut conn).await?;
    let threshold = service::threshold(&mut conn).await?;
    // Only the returns of the area's boroughs: nothing of another ICB's reaches the totals,
    // the quarters or the top themes.
    let in_area = |borough: &Borough| match &scope {
        Scope::Region => true,
        Scope::Icb(code) => &borough.icb_code == code,
        Scope::Borough(code) => &borough.code == code,
    };
    let area_boroughs: Vec<Borough> = boroughs.iter().filter(|b| in_area(b)).cloned().collect();
    let counted: Vec<Submission> = counted
        .into_iter()
        .filter(|s| {
            area_boroughs
                .iter()
                .any(|b| b.code == s.borough_code && b.icb_code == s.period.icb_code)
        })
        .collect();
    let (columns, counted) = match scope {
        // London: each ICB is a column, and each quarter one period whichever ICB opened it.
        Scope::Region => {
            let columns: Vec<Borough> = icbs
                .iter()
                .filter(|icb| icb.programme)
                .map(|icb| Borough {
                    code: icb.code.clone(),
                    name: icb.name.clone(),
                    gp_registered_population: None,
                    population_source: None,
                    icb_code: icb.code.clone(),
                })
                .collect();
            let canonical = |period: &Period| {
                counted
                    .iter()
                    .map(|s| &s.period)
                    .filter(|p| {
                        (p.financial_year, p.quarter) == (period.financial_year, period.quarter)
                    })
                    .min_by_key(|p| p.id)
                    .cloned()
                    .unwrap_or_else(|| period.clone())
            };
            let counted = counted
                .iter()
                .map(|s| Submission {
                    borough_code: s.period.icb_code.clone(),
                    period: canonical(&s.period),
                    ..s.clone()
                })
                .collect();
            (columns, counted)
        }
        _ => (area_boroughs, counted),
    };
    let mut rollup = unmet_rollup(
        &columns, &counted, &sums, &themes, quarter, threshold, suppress,
    );
    rollup.parts = if choice.level() == Some(AreaLevel::Region) {
        "ICBs".to_owned()
    } else {
        "boroughs".to_owned()
    };
    rollup.total_name = format!("{} total", choice.name);
    rollup.area = choice;
    Ok(rollup)
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{borough, period, submission};
    use super::*;

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

    /// A borough that sent no return is "No return", never 0, and every total says what it
    /// covers: the fall from one quarter to the next is read against who returned.
    #[test]
    fn a_borough_without_a_return_is_unknown_not_zero() {
        let (q1, q2) = (period(1, 1), period(2, 2));
        let boroughs = [borough("a"), borough("b"), borough("c")];
        let counted = [
            submission(10, &q1, "a"),
            submission(11, &q1, "b"),
            submission(12, &q1, "c"),
            submission(20, &q2, "a"),
            submission(21, &q2, "b"),
        ];
        let housing = |submission_id, people| UnmetSum {
            submission_id,
            theme: "Housing".into(),
            reason: WhyUnmet::NoService,
            people,
        };
        let sums = [
            housing(10, 40),
            housing(11, 30),
            housing(12, 38),
            housing(20, 25),
        ];
        let themes = [NeedTheme {
            id: 1,
            name: "Housing".into(),
            position: 1,
        }];
        let rollup = unmet_rollup(&boroughs, &counted, &sums, &themes, None, 5, true);
        assert_eq!(rollup.quarter.as_ref().map(|p| p.id), Some(2));
        let texts = |row: &ThemeRow| row.counts.iter().map(|c| c.text()).collect::<Vec<_>>();
        assert_eq!(
            texts(&rollup.by_borough[0]),
            ["25", "0", "No return", "25"],
            "b returned no housing need (0); c sent no return"
        );
        assert_eq!(texts(&rollup.why_unmet[0])[2], "No return");
        assert_eq!(rollup.not_returned, ["C"]);
        assert_eq!(rollup.returned, [3, 2]);
        assert_eq!(
            rollup.total_heading(),
            "ICB total (2 of 3 boroughs returned)"
        );
        assert_eq!(rollup.quarter_heading(0), "2025/26 Q1");
        assert_eq!(
            rollup.quarter_heading(1),
            "2025/26 Q2 (2 of 3 boroughs returned)"
        );
        assert_eq!(texts(&rollup.trend[0]), ["108", "25"]);
        // A hidden count beside nothing but zeros and "No return": the total is that count,
        // so it is suppressed too.
        let alone = [housing(20, 3)];
        let rollup = unmet_rollup(&boroughs, &counted, &alone, &themes, Some(2), 5, true);
        assert_eq!(texts(&rollup.by_borough[0]), ["<5", "0", "No return", "<5"]);
        // With one borough missing and one small count hidden, the rest still protects it.
        let small = [housing(20, 3), housing(21, 30)];
        let rollup = unmet_rollup(&boroughs, &counted, &small, &themes, Some(2), 5, true);
        assert_eq!(texts(&rollup.by_borough[0]), ["<5", "*", "No return", "33"]);
    }
}
