//! What axum handlers read from the address, read after the user is authenticated: a
//! malformed query is refused with a sentence only once the caller is known, so a
//! signed-out request learns nothing from it.

use crate::error::AppError;
use axum::extract::rejection::QueryRejection;
use axum::extract::Query;

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
