//! Check your answers: a change that is hard to undo (submitting ratings, closing scoring,
//! publishing, signing a return off) is made only once the person has seen it. Its server
//! function answers [`AppError::NeedsConfirmation`] to a form without `confirm` = `yes`;
//! the page then shows what was sent for checking, above the form it came from (every
//! typed value kept), with one button that sends the same fields again, confirmed.

use super::{typed, typed_fields, Form, CONFIRMED};
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::ServerFn;

/// The field a confirmed form sends as [`CONFIRMED`].
pub const CONFIRM_FIELD: &str = "confirm";

/// Whether the page is checking the form for `S`: its function asked for confirmation, or
/// the confirmed form was refused (say, a declaration left unticked) and is shown again.
pub fn checking<S, T, V>(result: V) -> bool
where
    S: ServerFn,
    V: With<Value = Option<Result<T, AppError>>>,
{
    result.with(|result| matches!(result, Some(Err(AppError::NeedsConfirmation))))
        || typed::<S>(CONFIRM_FIELD).as_deref() == Some(CONFIRMED)
}

/// The confirming form: every field the checked form sent, hidden, with `confirm` = `yes`,
/// and the button. `saved` is the banner's sentence after the change is made.
#[component]
pub fn ConfirmTyped<S>(
    action: ServerAction<S>,
    #[prop(into)] button: String,
    #[prop(into)] button_id: String,
    saved: &'static str,
) -> impl IntoView
where
    S: ServerFn + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    let fields = typed_fields::<S>()
        .into_iter()
        .filter(|(name, _)| name != CONFIRM_FIELD)
        .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
        .collect_view();
    view! {
        <Form action saved>
            {fields}
            <input type="hidden" name=CONFIRM_FIELD value=CONFIRMED/>
            <button class="nhsuk-button" type="submit" id=button_id>{button}</button>
        </Form>
    }
}
