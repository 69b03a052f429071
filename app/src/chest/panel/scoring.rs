//! The panel's arithmetic, in one place: a member's score for an application is the
//! weighted mean of the criteria they answered (an N/A leaves the criterion out and the
//! other weights count for more, rather than counting as 0); the application's score is the
//! mean of its members' scores; each criterion shows its spread (lowest to highest), flagged
//! where members differ by 2 points or more, and flagged where its mean falls under the
//! criterion's minimum.

use serde::{Deserialize, Serialize};

/// Members who differ by this much on a criterion are flagged.
pub const SPREAD_FLAG: i64 = 2;

/// A criterion as the arithmetic needs it: its id, weight and minimum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Weighting {
    pub criterion: i64,
    pub weight: i64,
    pub min_score: Option<i64>,
}

impl Weighting {
    /// The weightings of a round's criteria.
    pub fn of(criteria: &[crate::chest::rounds::Criterion]) -> Vec<Weighting> {
        criteria
            .iter()
            .map(|c| Weighting {
                criterion: c.id,
                weight: c.weight,
                min_score: c.min_score,
            })
            .collect()
    }
}

/// One member's submitted marks: (criterion id, score, None for N/A).
pub type Marks = Vec<(i64, Option<i64>)>;

/// A member's weighted mean over the criteria they answered; None when they answered none.
pub fn member_score(criteria: &[Weighting], marks: &[(i64, Option<i64>)]) -> Option<f64> {
    let mut weighted = 0_i64;
    let mut weights = 0_i64;
    for c in criteria {
        let answered = marks
            .iter()
            .find(|(criterion, _)| *criterion == c.criterion)
            .and_then(|(_, score)| *score);
        if let Some(score) = answered {
            weighted += c.weight * score;
            weights += c.weight;
        }
    }
    (weights > 0).then(|| weighted as f64 / weights as f64)
}

/// One criterion across the members who answered it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CriterionSummary {
    pub criterion: i64,
    /// The mean of the scores given (N/A left out); None if nobody scored it.
    pub mean: Option<f64>,
    pub lowest: Option<i64>,
    pub highest: Option<i64>,
    /// How many answered N/A.
    pub not_applicable: usize,
    /// Members differ by [`SPREAD_FLAG`] points or more.
    pub spread_flag: bool,
    /// The mean falls under the criterion's minimum.
    pub under_minimum: bool,
}

/// An application's scores over its members' submitted marks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreSummary {
    /// The mean of the members' weighted means; None with no marks.
    pub score: Option<f64>,
    /// How many members' marks it counts.
    pub members: usize,
    pub criteria: Vec<CriterionSummary>,
}

impl ScoreSummary {
    pub fn spread_flags(&self) -> usize {
        self.criteria.iter().filter(|c| c.spread_flag).count()
    }

    pub fn minimum_flags(&self) -> usize {
        self.criteria.iter().filter(|c| c.under_minimum).count()
    }
}

/// The summary of every member's `marks` on the round's `criteria`.
pub fn summarise(criteria: &[Weighting], marks: &[Marks]) -> ScoreSummary {
    let member_scores: Vec<f64> = marks
        .iter()
        .filter_map(|m| member_score(criteria, m))
        .collect();
    let score = (!member_scores.is_empty())
        .then(|| member_scores.iter().sum::<f64>() / member_scores.len() as f64);
    let criteria = criteria
        .iter()
        .map(|c| {
            let given: Vec<Option<i64>> = marks
                .iter()
                .filter_map(|m| m.iter().find(|(id, _)| *id == c.criterion).map(|(_, s)| *s))
                .collect();
            let scores: Vec<i64> = given.iter().flatten().copied().collect();
            let lowest = scores.iter().min().copied();
            let highest = scores.iter().max().copied();
            let mean = (!scores.is_empty())
                .then(|| scores.iter().sum::<i64>() as f64 / scores.len() as f64);
            CriterionSummary {
                criterion: c.criterion,
                mean,
                lowest,
                highest,
                not_applicable: given.iter().filter(|s| s.is_none()).count(),
                spread_flag: matches!((lowest, highest), (Some(l), Some(h)) if h - l >= SPREAD_FLAG),
                under_minimum: matches!((mean, c.min_score), (Some(m), Some(min)) if m < min as f64),
            }
        })
        .collect();
    ScoreSummary {
        score,
        members: marks.len(),
        criteria,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CRITERIA: [Weighting; 3] = [
        Weighting {
            criterion: 1,
            weight: 3,
            min_score: Some(2),
        },
        Weighting {
            criterion: 2,
            weight: 2,
            min_score: None,
        },
        Weighting {
            criterion: 3,
            weight: 1,
            min_score: None,
        },
    ];

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn a_members_score_is_the_weighted_mean_of_what_they_answered() {
        // (3×4 + 2×3 + 1×5) / 6 = 23 / 6
        let all = member_score(&CRITERIA, &[(1, Some(4)), (2, Some(3)), (3, Some(5))]);
        assert!(close(all.unwrap(), 23.0 / 6.0));
        // N/A on value for money: the other weights count for more, not a 0.
        // (3×4 + 2×3) / 5 = 3.6, where counting N/A as 0 would give 18 / 6 = 3.
        let na = member_score(&CRITERIA, &[(1, Some(4)), (2, Some(3)), (3, None)]);
        assert!(close(na.unwrap(), 3.6));
        assert_eq!(
            member_score(&CRITERIA, &[(1, None), (2, None), (3, None)]),
            None
        );
        assert_eq!(member_score(&CRITERIA, &[]), None);
    }

    #[test]
    fn an_application_averages_its_members_with_spread_and_flags() {
        let marks = vec![
            vec![(1, Some(1)), (2, Some(3)), (3, None)],
            vec![(1, Some(2)), (2, Some(5)), (3, Some(4))],
        ];
        let summary = summarise(&CRITERIA, &marks);
        // Member one: (3×1 + 2×3) / 5 = 1.8; member two: (3×2 + 2×5 + 1×4) / 6 = 20 / 6.
        assert!(close(summary.score.unwrap(), (1.8 + 20.0 / 6.0) / 2.0));
        assert_eq!(summary.members, 2);
        let need = &summary.criteria[0];
        assert_eq!((need.lowest, need.highest), (Some(1), Some(2)));
        assert!(!need.spread_flag, "1 and 2 differ by less than 2");
        assert!(
            need.under_minimum,
            "a mean of 1.5 is under the minimum of 2"
        );
        let reach = &summary.criteria[1];
        assert!(reach.spread_flag, "3 and 5 differ by 2");
        assert!(!reach.under_minimum, "no minimum");
        let value = &summary.criteria[2];
        assert_eq!(
            (value.not_applicable, value.lowest, value.highest),
            (1, Some(4), Some(4))
        );
        assert!(close(value.mean.unwrap(), 4.0));
        assert_eq!((summary.spread_flags(), summary.minimum_flags()), (1, 1));
        let nothing = summarise(&CRITERIA, &[]);
        assert_eq!((nothing.score, nothing.members), (None, 0));
        assert!(nothing
            .criteria
            .iter()
            .all(|c| c.mean.is_none() && !c.spread_flag));
    }
}
