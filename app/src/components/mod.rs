//! Cross-area UI: the error-summary and field-error pattern, error and
//! empty states, what a form does after it saves, the head of a data table.

mod error_summary;
mod page_state;
mod saving;
mod table;

pub use error_summary::{action_errors, described_by, field_error_id, ErrorSummary, FormField};
pub use page_state::{
    number_in_address, render_or_error, AreaNotYetAvailable, ErrorPage, Loading, NotFoundPage,
};
pub use saving::{
    clear_saved_message, form_version, on_save, provide_saved_message, refresh_on_save, SavedBanner,
};
pub use table::TableHead;

/// A page's `<title>`: the page's own words, then the service's name.
pub fn page_title(page: &str) -> String {
    format!("{page} – Linkway")
}
