//! Routes outside Leptos's page router that belong to a capability (downloads, uploads).
//! Each area adds its own here; the server crate mounts them all.

use crate::server::AppState;
use axum::routing::get;
use axum::Router;

pub fn area_routes() -> Router<AppState> {
    Router::new()
        .route(
            "/recommendations.xlsx",
            get(crate::recommendations::export::download),
        )
        .route(
            "/recommendations/board-paper.xlsx",
            get(crate::recommendations::export::board_paper),
        )
        .route("/admin/audit.xlsx", get(crate::audit::export::download))
        .route(
            "/maturity/heatmap.xlsx",
            get(crate::maturity::export::heatmap),
        )
        .route(
            "/maturity/rounds/{id}/export.xlsx",
            get(crate::maturity::export::round),
        )
}
