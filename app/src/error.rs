//! `AppError`: the one error type of server functions, handlers and pages.
//!
//! Internal failures are logged with their detail on the server and reach the browser as a
//! plain sentence; validation failures carry one or more messages per form field.

use http::StatusCode;
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};
use std::collections::BTreeMap;

/// Key for a message about the form as a whole rather than one field.
pub const FORM: &str = "form";

/// Messages per form field, keyed by the field's `name` (and `id`) in the form.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Sign in to continue.")]
    Unauthorized,
    #[error("You do not have permission to do that.")]
    Forbidden,
    #[error("{what} could not be found.")]
    NotFound { what: String },
    #[error("There is a problem with what you entered.")]
    Validation(FieldErrors),
    /// Someone else saved first; `version` is the record's version now, so the form can
    /// be saved again (over their change) once the user has read the message.
    #[error("{message}")]
    Conflict {
        message: String,
        #[serde(default)]
        version: Option<i64>,
    },
    #[error("{message}")]
    BadRequest { message: String },
    #[error("Change your temporary password before you continue.")]
    PasswordChangeRequired,
    #[error("Sorry, there is a problem with the service. Try again later.")]
    Internal,
}

impl AppError {
    pub fn not_found(what: impl Into<String>) -> Self {
        Self::NotFound { what: what.into() }
    }

    /// A validation error for a single field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let mut errors = FieldErrors::new();
        errors.insert(field.to_owned(), vec![message.into()]);
        Self::Validation(errors)
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden | Self::PasswordChangeRequired => StatusCode::FORBIDDEN,
            Self::NotFound { .. } => StatusCode::NOT_FOUND,
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The page title that goes with this error, as the NHS service manual words them.
    pub fn title(&self) -> &'static str {
        match self {
            Self::Unauthorized => "Sign in to continue",
            Self::Forbidden => "You do not have permission to see this page",
            Self::NotFound { .. } => "Page not found",
            Self::Validation(_) | Self::BadRequest { .. } => "There is a problem",
            Self::Conflict { .. } => "Someone else changed this first",
            Self::PasswordChangeRequired => "Change your password",
            Self::Internal => "Sorry, there is a problem with the service",
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_) => Self::BadRequest {
                message: "The request could not be understood. Reload the page and try again."
                    .to_owned(),
            },
            other => {
                #[cfg(feature = "ssr")]
                tracing::error!(error = %other, "server function failed");
                #[cfg(not(feature = "ssr"))]
                let _ = other;
                Self::Internal
            }
        }
    }
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::AppError;
    use axum::response::{IntoResponse, Response};

    impl From<sqlx::Error> for AppError {
        fn from(error: sqlx::Error) -> Self {
            if let sqlx::Error::RowNotFound = error {
                return Self::not_found("The record");
            }
            if let Some(db_error) = error.as_database_error() {
                if db_error.is_unique_violation() {
                    tracing::warn!(error = %db_error, "unique constraint");
                    return Self::Conflict {
                        message: "A record with these details already exists.".to_owned(),
                        version: None,
                    };
                }
            }
            tracing::error!(error = ?error, "database error");
            Self::Internal
        }
    }

    impl From<rust_xlsxwriter::XlsxError> for AppError {
        fn from(error: rust_xlsxwriter::XlsxError) -> Self {
            tracing::error!(error = ?error, "could not write workbook");
            Self::Internal
        }
    }

    impl From<tokio::task::JoinError> for AppError {
        fn from(error: tokio::task::JoinError) -> Self {
            tracing::error!(error = ?error, "blocking task failed");
            Self::Internal
        }
    }

    /// Handlers outside Leptos (exports, health) answer with the status and the sentence.
    impl IntoResponse for AppError {
        fn into_response(self) -> Response {
            (self.status(), self.to_string()).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_error_shows_a_sentence_not_detail() {
        assert_eq!(
            AppError::Internal.to_string(),
            "Sorry, there is a problem with the service. Try again later."
        );
        assert_eq!(
            AppError::Internal.status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }

    #[test]
    fn field_error_keeps_field_and_message() {
        let AppError::Validation(errors) = AppError::field("name", "Enter a name") else {
            panic!("expected a validation error");
        };
        assert_eq!(errors["name"], vec!["Enter a name".to_owned()]);
    }

    #[test]
    fn bad_arguments_become_a_bad_request() {
        let error = AppError::from_server_fn_error(ServerFnErrorErr::Args("x".into()));
        assert_eq!(error.status(), StatusCode::BAD_REQUEST);
    }

    #[test]
    fn errors_round_trip_through_json() {
        let error = AppError::not_found("Recommendation 99");
        let json = serde_json::to_string(&error).unwrap();
        assert_eq!(serde_json::from_str::<AppError>(&json).unwrap(), error);
        assert_eq!(error.to_string(), "Recommendation 99 could not be found.");
    }
}
