//! `.xlsx` exports, read back with calamine.

use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;
use tests::{both_databases, TestApp};

async fn the_recommendations_export_has_21_rows_and_the_review_columns(app: TestApp) {
    let viewer = app.viewer().await;
    let response = app.get_as("/recommendations.xlsx", Some(&viewer)).await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("linkway-recommendations.xlsx"));
    let bytes = response.bytes().await.unwrap();

    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let sheet = workbook.worksheet_range("Recommendations").unwrap();
    assert_eq!(sheet.height(), 22, "header + 21 recommendations");
    let header: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header, app::recommendations::export::HEADERS);
    let first = sheet.rows().nth(1).unwrap();
    assert_eq!(first[0], Data::Float(1.0));
    assert_eq!(
        first[1],
        Data::String("Strengthen Leadership & Governance".into())
    );
    assert_eq!(first[4], Data::String("3-6 months".into()));
    let last = sheet.rows().nth(21).unwrap();
    assert_eq!(last[0], Data::Float(21.0));
}

both_databases!(the_recommendations_export_has_21_rows_and_the_review_columns);
