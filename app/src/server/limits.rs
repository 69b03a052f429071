//! Limits on the expensive routes (workbook exports and return uploads): a few run at once,
//! the rest wait a little or are told Linkway is busy, and each answers within a time limit,
//! so one person's heavy requests cannot slow the pages everyone else is reading.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// Expensive requests served at once (two cores: more would only queue inside).
pub const EXPENSIVE_AT_ONCE: usize = 4;
/// How long an expensive request waits for a turn before it is told Linkway is busy.
pub const EXPENSIVE_WAIT: Duration = Duration::from_secs(20);
/// How long an export may take before it is answered 408.
pub const EXPORT_TIME_LIMIT: Duration = Duration::from_secs(60);
/// How long an upload may take: the upload's own slot wait and check limit, plus storing.
pub const UPLOAD_TIME_LIMIT: Duration = Duration::from_secs(180);

/// The turns expensive requests take (one set per router).
#[derive(Clone, Debug)]
pub struct ExpensiveTurns(Arc<Semaphore>);

impl Default for ExpensiveTurns {
    fn default() -> Self {
        Self(Arc::new(Semaphore::new(EXPENSIVE_AT_ONCE)))
    }
}

/// Middleware: runs the request in a turn, or answers 503 with a sentence.
pub async fn take_turn(
    State(turns): State<ExpensiveTurns>,
    request: Request,
    next: Next,
) -> Response {
    let turn = tokio::time::timeout(EXPENSIVE_WAIT, turns.0.clone().acquire_owned()).await;
    match turn {
        Ok(Ok(_turn)) => next.run(request).await,
        _ => {
            tracing::warn!(
                path = request.uri().path(),
                "expensive request refused: busy"
            );
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::RETRY_AFTER, HeaderValue::from_static("60"))],
                "Linkway is busy with other downloads and uploads. Try again in a minute.",
            )
                .into_response()
        }
    }
}
