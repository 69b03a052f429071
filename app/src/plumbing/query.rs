//! What axum handlers read from the address, read after the user is authenticated: a
//! malformed query is refused with a sentence only once the caller is known, so a
//! signed-out request learns nothing from it. The path's ids come through [`PathId`],
//! taken after the signed-in user among a handler's arguments (axum runs them in order).

use crate::error::AppError;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{FromRequestParts, Path, Query};
use http::request::Parts;
use serde::de::DeserializeOwned;

/// The parsed query string, or the sentence for one that could not be understood. Take
/// the extractor as `Result<Query<T>, QueryRejection>` and call this after authenticating.
pub fn parsed<T>(query: Result<Query<T>, QueryRejection>) -> Result<T, AppError> {
    match query {
        Ok(Query(value)) => Ok(value),
        Err(rejection) => {
            tracing::info!(%rejection, "query string not understood");
            Err(AppError::BadRequest {
                message: "The filter in the address could not be understood.".to_owned(),
            })
        }
    }
}

/// The ids in the address's path: one number by default, or a tuple or struct of the
/// route's parameters. An address whose id is not a number (`/returns/submissions/abc/file`)
/// names no page, so it answers the usual "not found" rather than axum's own 400 text.
pub struct PathId<T = i64>(pub T);

impl<T, S> FromRequestParts<S> for PathId<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(PathId(value)),
            Err(PathRejection::FailedToDeserializePathParams(rejection)) => {
                tracing::info!(%rejection, "no page at this address");
                Err(AppError::not_found("The page at that address"))
            }
            // The route and the handler disagree about the parameters: our mistake.
            Err(rejection) => {
                tracing::error!(%rejection, "route parameters missing");
                Err(AppError::Internal)
            }
        }
    }
}
