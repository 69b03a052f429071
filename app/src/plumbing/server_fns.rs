//! Server functions answer every error with 500 (server_fn's rule); this gives each refusal
//! its own status instead, read from the `AppError` in the answer: 422 for a form's
//! problems, 401, 403, 404, 409, 400, and 500 only for a failure of the service.

use crate::error::AppError;
use axum::body::Body;
use axum::http::{Response, StatusCode};
use server_fn::error::SERVER_FN_ERROR_HEADER;

/// An error answer is a few hundred bytes; anything longer is left as it is.
const MAX_ERROR_BYTES: usize = 64 * 1024;

/// The middleware (`axum::middleware::map_response`) that sets a server function error's
/// status from the error it carries.
pub async fn error_status(response: Response<Body>) -> Response<Body> {
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BYTES).await else {
        return Response::from_parts(parts, Body::from(AppError::Internal.to_string()));
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = error.status();
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn answered(error: &AppError) -> StatusCode {
        let body = serde_json::to_vec(error).unwrap();
        let response = Response::builder()
            .status(StatusCode::INTERNAL_SERVER_ERROR)
            .header(SERVER_FN_ERROR_HEADER, "/api/save")
            .body(Body::from(body.clone()))
            .unwrap();
        let response = error_status(response).await;
        let status = response.status();
        let kept = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        assert_eq!(kept.to_vec(), body, "the error itself is kept");
        status
    }

    #[tokio::test]
    async fn each_refusal_keeps_its_own_status() {
        let problems = AppError::field("commentary", "Enter a commentary");
        assert_eq!(answered(&problems).await, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(answered(&AppError::Forbidden).await, StatusCode::FORBIDDEN);
        assert_eq!(
            answered(&AppError::Unauthorized).await,
            StatusCode::UNAUTHORIZED
        );
        let missing = AppError::not_found("That milestone");
        assert_eq!(answered(&missing).await, StatusCode::NOT_FOUND);
        assert_eq!(
            answered(&AppError::Internal).await,
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }

    #[tokio::test]
    async fn other_answers_are_left_alone() {
        let page = Response::builder()
            .status(StatusCode::INTERNAL_SERVER_ERROR)
            .body(Body::from(
                serde_json::to_vec(&AppError::Forbidden).unwrap(),
            ))
            .unwrap();
        assert_eq!(
            error_status(page).await.status(),
            StatusCode::INTERNAL_SERVER_ERROR,
            "not a server function's answer"
        );
        let saved = Response::builder()
            .status(StatusCode::OK)
            .header(SERVER_FN_ERROR_HEADER, "/api/save")
            .body(Body::from("{}"))
            .unwrap();
        assert_eq!(error_status(saved).await.status(), StatusCode::OK);
    }
}
