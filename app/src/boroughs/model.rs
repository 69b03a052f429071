//! Borough types both sides use.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Borough {
    /// Stable slug used in URLs and returns: `barnet`, `camden`, …
    pub code: String,
    pub name: String,
    /// GP registered population; `None` when not recorded (never zero).
    pub gp_registered_population: Option<i64>,
    pub population_source: Option<String>,
}

/// The sum of the populations that are recorded, and how many boroughs that covers.
pub fn known_population_total(boroughs: &[Borough]) -> (i64, usize) {
    boroughs
        .iter()
        .filter_map(|borough| borough.gp_registered_population)
        .fold((0, 0), |(sum, count), population| {
            (sum + population, count + 1)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn borough(population: Option<i64>) -> Borough {
        Borough {
            code: "x".into(),
            name: "X".into(),
            gp_registered_population: population,
            population_source: None,
        }
    }

    #[test]
    fn unknown_populations_are_left_out_of_the_total_not_counted_as_zero() {
        let boroughs = [borough(Some(100)), borough(None), borough(Some(50))];
        assert_eq!(known_population_total(&boroughs), (150, 2));
        assert_eq!(known_population_total(&[]), (0, 0));
    }
}
