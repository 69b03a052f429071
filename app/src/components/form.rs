//! The page form: an ordinary HTML form that posts to its own page's address, naming the
//! server function it calls in a hidden field. `plumbing::form_posts` runs that function.
//! After a refusal the page renders again with what was typed ([`PostedForm`]); after a
//! save the page shows the success banner. Forms work the same with JavaScript on or off;
//! with it, [`super::InPlaceForms`] sends them without reloading the page.

use super::{action_errors, form_version};
use crate::error::{AppError, FieldErrors};
use leptos::prelude::*;
use server_fn::ServerFn;

/// The hidden field that names a form's server function.
pub const ACTION_FIELD: &str = "linkway_action";
/// The hidden field with the banner's sentence for a successful save.
pub const SAVED_FIELD: &str = "linkway_saved";
/// The longest banner sentence a form may name.
pub const MAX_SAVED_CHARS: usize = 200;
/// The banner's sentence for the page being rendered, after a save sent the browser back to
/// it: `plumbing::form_posts` puts it in the request's extensions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedSentence(pub String);
/// The hidden field of a form whose page shows what its function answered (a temporary
/// password): the page the browser returns to shows the answer, once.
pub const SHOWS_ANSWER_FIELD: &str = "linkway_shows_answer";

/// A page form for server function `S`. `saved` is the success banner's sentence (a
/// sensible default otherwise); with `shows_answer` the page the browser returns to shows
/// the function's answer ([`answer_of`]), once. Attributes such as
/// `attr:aria-labelledby` land on the `<form>`.
#[component]
pub fn Form<S>(
    /// The action the form's fields belong to: its refusal fills the page's error summary.
    action: ServerAction<S>,
    #[prop(optional)] saved: Option<&'static str>,
    #[prop(optional)] shows_answer: bool,
    children: Children,
) -> impl IntoView
where
    S: ServerFn + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    let _ = action;
    view! {
        <form method="post" action=page_address() novalidate data-linkway-in-place="">
            <input type="hidden" name=ACTION_FIELD value=S::url()/>
            {saved.map(|sentence| view! { <input type="hidden" name=SAVED_FIELD value=sentence/> })}
            {shows_answer.then(|| view! { <input type="hidden" name=SHOWS_ANSWER_FIELD value="yes"/> })}
            {children()}
        </form>
    }
}

/// The address of the page being rendered, without any `#fragment`: a form posts there,
/// and the page it returns to does not jump to a field the user last followed a link to.
fn page_address() -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>().map(|parts| local_address(&parts.uri))
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// The path and query of `uri` as an address on this site: one leading `/`, so that a
/// request for `//elsewhere.example/x` can never become a form action or a redirect to
/// another host.
pub fn local_address(uri: &http::Uri) -> String {
    let address = uri
        .path_and_query()
        .map_or_else(|| uri.path(), |address| address.as_str());
    format!("/{}", address.trim_start_matches(['/', '\\']))
}

/// What a form held when its server function refused it, so the page can show it again.
/// Provided to the page render that follows a refused post; absent otherwise.
#[derive(Clone, Debug, Default)]
pub struct PostedForm {
    action: String,
    fields: std::sync::Arc<[(String, String)]>,
}

impl PostedForm {
    pub fn new(action: String, fields: Vec<(String, String)>) -> Self {
        Self {
            action,
            fields: fields.into(),
        }
    }
}

/// What a form's function answered, for a page that shows it (`shows_answer`): held for
/// the page the browser returns to after the save (`plumbing::answers`), which finds it
/// in its request's extensions, once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostedAnswer {
    action: String,
    answer: String,
}

impl PostedAnswer {
    pub fn new(action: String, answer: String) -> Self {
        Self { action, answer }
    }

    /// Its length in bytes, function name included.
    pub fn len(&self) -> usize {
        self.action.len() + self.answer.len()
    }

    pub fn is_empty(&self) -> bool {
        self.answer.is_empty()
    }
}

/// What the form for `S` was just answered, when its page shows the answer.
pub fn answer_of<S>() -> Option<S::Output>
where
    S: ServerFn,
    S::Output: serde::de::DeserializeOwned,
{
    posted_answer()
        .filter(|posted| posted.action == S::url())
        .and_then(|posted| serde_json::from_str(&posted.answer).ok())
}

fn posted_answer() -> Option<PostedAnswer> {
    use_context::<http::request::Parts>()?
        .extensions
        .get::<PostedAnswer>()
        .cloned()
}

/// The form for `S`, if it is the one this page shows again after a refusal.
fn refused_form<S: ServerFn>() -> Option<PostedForm> {
    use_context::<PostedForm>().filter(|posted| posted.action == S::url())
}

/// What was typed into field `name` of the form for `S` that was just refused: `None`
/// on a first visit, or when another form on the page was the one posted.
pub fn typed<S: ServerFn>(name: &str) -> Option<String> {
    refused_form::<S>().and_then(|posted| {
        posted
            .fields
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.clone())
    })
}

/// Every field of the form for `S` that was just refused, in the order it sent them.
pub fn typed_fields<S: ServerFn>() -> Vec<(String, String)> {
    refused_form::<S>().map_or_else(Vec::new, |posted| posted.fields.to_vec())
}

/// The value field `name` shows: what was typed, if the form was just refused, else `shown`.
pub fn typed_or<S: ServerFn>(name: &str, shown: impl Into<String>) -> String {
    typed::<S>(name).unwrap_or_else(|| shown.into())
}

/// Whether a refusal of `S` belongs to this copy of its form, when a page has several (a
/// row each) told apart by field `key` holding `value`. True when no `S` form was posted,
/// so the copy shows its action's state as usual.
pub fn refusal_is_here<S: ServerFn>(key: &str, value: &str) -> bool {
    refused_form::<S>().is_none_or(|posted| {
        posted
            .fields
            .iter()
            .any(|(field, held)| field == key && held == value)
    })
}

/// One of several forms for `S` on a page (a row each, a domain each), told apart by field
/// `key` holding `value`. A refusal belongs to the copy that was posted: only that copy
/// shows its errors, gets its typed values back and sends the version now stored after
/// "someone else saved first"; the other copies show as they were loaded.
pub struct FormCopy<S> {
    here: bool,
    action: std::marker::PhantomData<S>,
}

impl<S: ServerFn> FormCopy<S> {
    pub fn new(key: &'static str, value: impl ToString) -> Self {
        Self {
            here: refusal_is_here::<S>(key, &value.to_string()),
            action: std::marker::PhantomData,
        }
    }

    /// Also told apart by field `key` holding `value` (two forms for `S` in one row).
    pub fn and(self, key: &'static str, value: impl ToString) -> Self {
        Self {
            here: self.here && refusal_is_here::<S>(key, &value.to_string()),
            action: self.action,
        }
    }

    /// This copy's errors from the action's result.
    pub fn errors<V, T>(&self, result: V) -> Signal<FieldErrors>
    where
        V: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
    {
        if self.here {
            action_errors(result)
        } else {
            Signal::stored(FieldErrors::new())
        }
    }

    /// The version this copy sends: `loaded`, or the stored one after its own conflict.
    pub fn version<V, T>(&self, loaded: i64, result: V) -> i64
    where
        V: With<Value = Option<Result<T, AppError>>> + std::marker::Copy + Send + Sync + 'static,
    {
        if self.here {
            form_version(loaded, result)()
        } else {
            loaded
        }
    }

    /// What was typed into field `name` of this copy, if it was the one refused.
    pub fn typed(&self, name: &str) -> Option<String> {
        if self.here {
            typed::<S>(name)
        } else {
            None
        }
    }
}
