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
    /// The ICB it belongs to (`NCL`).
    pub icb_code: String,
}

/// An ICB of the region, as reference data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct AreaIcb {
    /// `NCL`, `NEL`, …
    pub code: String,
    pub name: String,
    /// The ICB's code in the NHS Organisation Data Service (`QMJ` for North Central London).
    pub ods_code: Option<String>,
    /// Whether this installation holds the ICB's programme.
    pub programme: bool,
}

/// A borough (local authority) of the region, as reference data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct AreaBorough {
    pub code: String,
    pub name: String,
    /// The local authority's ONS code (`E09000007` for Camden).
    pub ons_code: Option<String>,
    pub icb_code: String,
    pub gp_registered_population: Option<i64>,
}

/// The longest PCN name: what a return's PCN column takes.
pub const MAX_PCN_NAME_CHARS: usize = 100;

/// A PCN's name as it is recorded and matched: trimmed, with any line breaks or other
/// control characters (an Alt+Enter in a cell) as single spaces.
pub fn clean_pcn_name(name: &str) -> String {
    name.split(char::is_control)
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A primary care network and the borough it serves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Pcn {
    /// Its ODS code (`U12345`).
    pub code: String,
    pub name: String,
    pub borough_code: String,
}

/// One upload of a PCN list: what it added, what was recorded already, and (when refused,
/// with nothing added) every problem found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PcnImport {
    pub id: i64,
    pub file_name: String,
    pub added: i64,
    pub already: i64,
    pub problems: Vec<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// The region: its ICBs, their boroughs and the boroughs' PCNs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    pub name: String,
    /// Whether the viewer keeps the PCNs (administrators).
    #[serde(default)]
    pub can_edit: bool,
    pub icbs: Vec<AreaIcb>,
    pub boroughs: Vec<AreaBorough>,
    pub pcns: Vec<Pcn>,
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
            icb_code: "NCL".into(),
        }
    }

    #[test]
    fn unknown_populations_are_left_out_of_the_total_not_counted_as_zero() {
        let boroughs = [borough(Some(100)), borough(None), borough(Some(50))];
        assert_eq!(known_population_total(&boroughs), (150, 2));
        assert_eq!(known_population_total(&[]), (0, 0));
    }
}
