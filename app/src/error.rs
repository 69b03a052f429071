//! `AppError`: the one error type of server functions, handlers and pages.
//!
//! Internal failures are logged with their detail on the server and reach the browser as a
//! plain sentence; validation failures carry one or more messages per form field.

use http::StatusCode;
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// Key for a message about the form as a whole rather than one field.
pub const FORM: &str = "form";

/// Messages per form field, keyed by the field's `name` (and `id`) in the form, in the
/// order they were found: checks read a form top to bottom, so the error summary lists its
/// problems in the order the form asks its questions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FieldErrors(Vec<(String, Vec<String>)>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds `message` to `field`'s messages; a field met for the first time goes last.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        match self.0.iter_mut().find(|(name, _)| name == field) {
            Some((_, messages)) => messages.push(message.into()),
            None => self.0.push((field.to_owned(), vec![message.into()])),
        }
    }

    pub fn get(&self, field: &str) -> Option<&Vec<String>> {
        self.0
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, messages)| messages)
    }

    pub fn contains_key(&self, field: &str) -> bool {
        self.get(field).is_some()
    }

    /// The fields with messages, in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(name, _)| name)
    }

    /// Every message, in order.
    pub fn messages(self) -> impl Iterator<Item = String> {
        self.0.into_iter().flat_map(|(_, messages)| messages)
    }
}

impl IntoIterator for FieldErrors {
    type Item = (String, Vec<String>);
    type IntoIter = std::vec::IntoIter<(String, Vec<String>)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl FromIterator<(String, Vec<String>)> for FieldErrors {
    fn from_iter<I: IntoIterator<Item = (String, Vec<String>)>>(pairs: I) -> Self {
        let mut errors = Self::new();
        for (field, messages) in pairs {
            for message in messages {
                errors.add(&field, message);
            }
        }
        errors
    }
}

impl<const N: usize> From<[(&str, &str); N]> for FieldErrors {
    fn from(pairs: [(&str, &str); N]) -> Self {
        let mut errors = Self::new();
        for (field, message) in pairs {
            errors.add(field, message);
        }
        errors
    }
}

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
    /// Everything checked out, and the change asks to be confirmed first: the page shows
    /// what was sent back for checking (`components::checking`), and sending it again with
    /// `confirm` = `yes` (`components::ConfirmTyped`) makes it.
    #[error("Check your answers, then confirm.")]
    NeedsConfirmation,
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
        errors.add(field, message);
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
            Self::NeedsConfirmation => StatusCode::PRECONDITION_REQUIRED,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The status of the page a refused form renders: a request to check and confirm is
    /// an ordinary page, not a failure.
    pub fn page_status(&self) -> StatusCode {
        match self {
            Self::NeedsConfirmation => StatusCode::OK,
            other => other.status(),
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
            Self::NeedsConfirmation => "Check your answers",
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
        assert_eq!(errors.get("name"), Some(&vec!["Enter a name".to_owned()]));
    }

    #[test]
    fn a_request_to_confirm_is_an_ordinary_page_but_not_a_success_to_a_script() {
        let error = AppError::NeedsConfirmation;
        assert_eq!(error.page_status(), StatusCode::OK);
        assert_eq!(error.status(), StatusCode::PRECONDITION_REQUIRED);
        assert_eq!(AppError::Forbidden.page_status(), StatusCode::FORBIDDEN);
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
