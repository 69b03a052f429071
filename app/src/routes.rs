//! Routes outside Leptos's page router that belong to a capability (downloads, uploads).
//! Each area adds its own here; the server crate mounts them all.

use crate::plumbing::limits::{
    take_turn, Turns, EXPENSIVE_AT_ONCE, EXPENSIVE_WAIT, EXPORT_TIME_LIMIT, UPLOAD_TIME_LIMIT,
};
use crate::plumbing::AppState;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use axum::Router;
use tower_http::timeout::TimeoutLayer;

/// Every route here builds a workbook or checks one: each takes a turn among the expensive
/// requests ([`crate::plumbing::limits`]) and answers within its time limit.
pub fn area_routes() -> Router<AppState> {
    // Uploads and exports take turns separately, so slow uploads cannot hold up exports.
    let upload_turns = Turns::new(EXPENSIVE_AT_ONCE, EXPENSIVE_WAIT);
    let export_turns = Turns::new(EXPENSIVE_AT_ONCE, EXPENSIVE_WAIT);
    let uploads = Router::new()
        .route(
            "/returns/periods/{period}/boroughs/{borough}/upload",
            // The handler stops reading at the size limit; the body limit leaves room for
            // the form around the file so that an oversized file gets its own sentence.
            post(crate::returns::upload::upload).layer(DefaultBodyLimit::max(
                crate::returns::service::MAX_UPLOAD_BYTES + 1024 * 1024,
            )),
        )
        .route(
            "/admin/areas/pcns",
            post(crate::boroughs::import::upload).layer(DefaultBodyLimit::max(
                crate::boroughs::import::MAX_IMPORT_BYTES + 1024 * 1024,
            )),
        )
        .route(
            "/recommendations/import/{icb}",
            post(crate::recommendations::import::upload).layer(DefaultBodyLimit::max(
                crate::recommendations::import::MAX_IMPORT_BYTES + 1024 * 1024,
            )),
        )
        .route_layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            UPLOAD_TIME_LIMIT,
        ))
        .route_layer(from_fn_with_state(upload_turns, take_turn));
    exports()
        .route_layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            EXPORT_TIME_LIMIT,
        ))
        .route_layer(from_fn_with_state(export_turns, take_turn))
        .merge(uploads)
}

fn exports() -> Router<AppState> {
    Router::new()
        .route(
            "/recommendations.xlsx",
            get(crate::recommendations::export::download),
        )
        .route(
            "/chest/funds/{id}/ledger.xlsx",
            get(crate::chest::export::ledger),
        )
        .route(
            "/chest/rounds/{id}/applications.xlsx",
            get(crate::chest::export::round_applications),
        )
        .route(
            "/chest/rounds/{id}/decision-pack.xlsx",
            get(crate::chest::export::decision_pack),
        )
        .route(
            "/chest/rounds/{id}/voters.xlsx",
            get(crate::chest::export::voters),
        )
        .route(
            "/recommendations/board-paper.xlsx",
            get(crate::recommendations::export::board_paper),
        )
        .route(
            "/admin/audit.xlsx",
            get(crate::audit_trail::export::download),
        )
        .route(
            "/maturity/heatmap.xlsx",
            get(crate::maturity::export::heatmap),
        )
        .route(
            "/maturity/rounds/{id}/export.xlsx",
            get(crate::maturity::export::round),
        )
        .route(
            "/returns/periods/{period}/boroughs/{borough}/template.xlsx",
            get(crate::returns::upload::download_template),
        )
        .route(
            "/returns/submissions/{id}/file",
            get(crate::returns::upload::original_file),
        )
        .route(
            "/returns/periods/{id}/chase-list.xlsx",
            get(crate::returns::export::chase_list),
        )
        .route(
            "/workforce/coverage.xlsx",
            get(crate::returns::export::coverage),
        )
        .route(
            "/unmet-need/export.xlsx",
            get(crate::returns::export::unmet_need),
        )
}
