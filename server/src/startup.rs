//! The router (pages, server functions, area routes, health, static files) with its
//! layers, and serving it until SIGTERM or Ctrl-C.

use crate::health::{healthz, readyz};
use app::app::{shell, App};
use app::plumbing::AppState;
use axum::body::Body;
use axum::extract::{MatchedPath, Request};
use axum::http::Response;
use axum::routing::get;
use axum::serve::ListenerExt;
use axum::Router;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use std::sync::OnceLock;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;
use tracing::{field, Span};

pub fn router(state: AppState) -> Router {
    let routes = route_list();
    let leptos_options = state.leptos_options.clone();
    let static_files = app::plumbing::assets::static_routes(
        &leptos_options.site_root,
        &leptos_options.site_pkg_dir,
    );
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .merge(static_files)
        .merge(app::routes::area_routes())
        .leptos_routes(&state, routes, move || shell(leptos_options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            app::plumbing::form_posts::page_posts,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            app::plumbing::security::security_layer,
        ))
        .layer(axum::middleware::map_response(
            app::plumbing::server_fns::error_status,
        ))
        .layer(app::plumbing::assets::compression())
        .layer(
            // One span per request: method, route, status and latency.
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request| {
                    let route = request
                        .extensions()
                        .get::<MatchedPath>()
                        .map(|path| path.as_str().to_owned())
                        .unwrap_or_else(|| request.uri().path().to_owned());
                    tracing::info_span!(
                        "request",
                        method = %request.method(),
                        route,
                        status = field::Empty,
                        latency_ms = field::Empty,
                    )
                })
                .on_request(())
                .on_response(
                    |response: &Response<Body>, latency: Duration, span: &Span| {
                        span.record("status", response.status().as_u16());
                        span.record("latency_ms", latency.as_millis() as u64);
                        tracing::info!(parent: span, "response");
                    },
                ),
        )
        .with_state(state)
}

/// The page routes, generated once per process. Leptos generates them by rendering the
/// app with a process-wide "suppress resource loading" flag set, so generating them again
/// while another router in the same process is rendering (the integration tests run many
/// apps at once) would leave that render waiting forever for its data.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Serves `state`'s router on `listener` until SIGTERM or Ctrl-C, then finishes the
/// requests in flight.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    serve_until(listener, state, shutdown_signal()).await
}

/// Serves `state`'s router on `listener` until `shutdown` completes. Every connection has
/// `TCP_NODELAY` set: a response whose body follows its head in a second write (a file
/// streamed from disk) would otherwise wait for the browser's delayed acknowledgement,
/// up to 40 ms a response on a kept-alive connection.
pub async fn serve_until(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let listener = listener.tap_io(|connection| {
        if let Err(error) = connection.set_nodelay(true) {
            tracing::warn!(%error, "could not set TCP_NODELAY on a connection");
        }
    });
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "could not listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "could not listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
