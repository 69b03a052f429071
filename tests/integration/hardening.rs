//! What Linkway does before it trusts a request: signed-out requests are refused before any
//! record is looked up, so they cannot learn which ids exist.

use tests::{both_databases, TestApp};

/// Downloads and uploads by id answer a signed-out caller 401 whether or not the id exists
/// (or is even a number), and a malformed filter comes after authentication too.
async fn signed_out_requests_learn_nothing_about_ids(app: TestApp) {
    app.seed_demo().await;
    let gets = [
        "/returns/submissions/1/file",
        "/returns/submissions/987654/file",
        "/returns/submissions/not-a-number/file",
        "/returns/periods/1/boroughs/camden/template.xlsx",
        "/returns/periods/987654/boroughs/atlantis/template.xlsx",
        "/returns/periods/987654/chase-list.xlsx",
        "/maturity/rounds/987654/export.xlsx",
        "/recommendations.xlsx?as_at=not-a-date&as_at=twice",
        "/recommendations/board-paper.xlsx?borough=atlantis",
        "/unmet-need/export.xlsx?quarter=1&quarter=2",
        "/admin/audit.xlsx?page=-1&page=x",
    ];
    for path in gets {
        let response = app.get(path).await;
        assert_eq!(response.status().as_u16(), 401, "GET {path} signed out");
    }
    for path in [
        "/returns/periods/987654/boroughs/atlantis/upload",
        "/returns/periods/x/boroughs/camden/upload",
    ] {
        let response = app
            .upload_file(path, "return.xlsx", b"PK", "linkway_session=forged")
            .await;
        assert_eq!(response.status().as_u16(), 401, "POST {path} signed out");
    }
}

both_databases!(signed_out_requests_learn_nothing_about_ids);
