//! Limits on the expensive routes (workbook exports and return uploads): a few run at once,
//! the rest wait a little or are told Linkway is busy, and each answers within a time limit,
//! so one person's heavy requests cannot slow the pages everyone else is reading.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Expensive requests served at once (two cores: more would only queue inside).
pub const EXPENSIVE_AT_ONCE: usize = 4;
/// How long an expensive request waits for a turn before it is told Linkway is busy.
pub const EXPENSIVE_WAIT: Duration = Duration::from_secs(20);
/// How long an export may take before it is answered 408.
pub const EXPORT_TIME_LIMIT: Duration = Duration::from_secs(60);
/// How long an upload may take: the upload's own slot wait and check limit, plus storing.
pub const UPLOAD_TIME_LIMIT: Duration = Duration::from_secs(180);

/// A fixed number of turns at some costly work, shared by everyone who does it: the
/// expensive routes, and the workbook checks inside uploads.
#[derive(Clone, Debug)]
pub struct Turns {
    turns: Arc<Semaphore>,
    /// How long one waits for a turn.
    wait: Duration,
}

impl Turns {
    pub fn new(at_once: usize, wait: Duration) -> Self {
        Self {
            turns: Arc::new(Semaphore::new(at_once.max(1))),
            wait,
        }
    }

    /// A turn, waiting for one at most as long as these turns allow; `None` when none came
    /// free in time. The turn lasts until the permit is dropped (move it into blocking work
    /// to hold it there).
    pub async fn take(&self) -> Option<OwnedSemaphorePermit> {
        tokio::time::timeout(self.wait, self.turns.clone().acquire_owned())
            .await
            .ok()?
            .ok()
    }
}

/// Middleware for the expensive routes: runs the request in one of their turns, or
/// answers 503 with a sentence.
pub async fn take_turn(State(turns): State<Turns>, request: Request, next: Next) -> Response {
    match turns.take().await {
        Some(_turn) => next.run(request).await,
        None => {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_turn_is_refused_while_every_turn_is_taken_and_given_once_one_is_free() {
        let turns = Turns::new(2, Duration::from_millis(20));
        let first = turns.take().await;
        let second = turns.take().await;
        assert!(first.is_some() && second.is_some());
        assert!(turns.take().await.is_none(), "busy");
        drop(first);
        assert!(turns.take().await.is_some());
    }

    #[tokio::test]
    async fn an_expensive_request_gets_a_sentence_when_linkway_stays_busy() {
        use axum::routing::get;
        use tower::ServiceExt;
        let turns = Turns::new(1, Duration::from_millis(20));
        let held = turns.take().await;
        assert!(held.is_some());
        let router = axum::Router::new()
            .route("/export", get(|| async { "done" }))
            .route_layer(axum::middleware::from_fn_with_state(turns, take_turn));
        let request = axum::http::Request::get("/export")
            .body(axum::body::Body::empty())
            .unwrap();
        let response = router.oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers()[header::RETRY_AFTER], "60");
    }
}
