//! Cross-area UI: the page form and its saving in place, the error-summary and field-error
//! pattern, check your answers, the confirmation box and the NHS date input, error and empty states, what a
//! form does after it saves, the head of a data table, the task list, the live table search.

mod check_answers;
mod choices;
mod confirm;
mod date_input;
mod error_summary;
mod form;
mod in_place;
mod live_filters;
mod page_state;
mod saving;
mod table;
mod task_list;

pub use check_answers::{checking, ConfirmTyped, CONFIRM_FIELD};
pub use choices::{Choices, Radios, SummaryList};
pub use confirm::{ConfirmBox, CONFIRMED};
pub use date_input::DateInput;
pub use error_summary::{
    action_errors, described_by, described_by_name, field_error_id, ErrorSummary, FileProblems,
    FormField,
};
pub use form::{
    answer_of, local_address, refusal_is_here, typed, typed_fields, typed_or, Form, FormCopy,
    PostedAnswer, PostedForm, SavedSentence, ACTION_FIELD, MAX_SAVED_CHARS, SAVED_FIELD,
    SHOWS_ANSWER_FIELD,
};
pub use in_place::{InPlaceForms, IN_PLACE_HEADER, NEW_CONTENT_EVENT, NEXT_PAGE_HEADER};
pub use live_filters::TableSearch;
pub use page_state::{
    number_in_address, render_or_error, AreaNotYetAvailable, ErrorPage, Loading, NotFoundPage,
};
pub use saving::{form_version, SavedBanner};
pub use table::{ScrollRegion, TableHead};
pub use task_list::{Task, TaskList};

/// A page's `<title>`: the page's own words, then the service's name.
pub fn page_title(page: &str) -> String {
    format!("{page} – Linkway")
}
