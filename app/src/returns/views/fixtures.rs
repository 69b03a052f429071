//! Periods, boroughs and submissions for the read models' unit tests.

use crate::boroughs::Borough;
use crate::returns::model::{Period, Submission};
use chrono::{NaiveDate, TimeZone, Utc};

pub fn period(id: i64, quarter: u32) -> Period {
    Period {
        id,
        financial_year: 2025,
        quarter,
        opens_on: NaiveDate::from_ymd_opt(2025, 7, 1).unwrap(),
        due_on: NaiveDate::from_ymd_opt(2025, 7, 31).unwrap(),
        closes_on: NaiveDate::from_ymd_opt(2025, 8, 31).unwrap(),
        baseline: false,
        icb_code: "NCL".into(),
    }
}

pub fn borough(code: &str) -> Borough {
    Borough {
        code: code.into(),
        name: code.to_uppercase(),
        gp_registered_population: None,
        population_source: None,
        icb_code: "NCL".into(),
    }
}

pub fn submission(id: i64, period: &Period, borough: &str) -> Submission {
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
