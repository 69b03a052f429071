//! The box a person ticks to confirm a change that is hard to undo (making someone an
//! administrator, dismissing an accepted action): an NHS checkbox with its error beside it.

use super::error_summary::{form_group_class, ErrorMessage};
use super::field_error_id;
use crate::error::FieldErrors;
use leptos::prelude::*;

/// The value a ticked confirmation box sends; the server checks for exactly this.
pub const CONFIRMED: &str = "yes";

/// A confirmation checkbox posting `name` = [`CONFIRMED`] when ticked. `id` is the input's
/// id; `field` is the key its errors come under in `errors`.
#[component]
pub fn ConfirmBox(
    #[prop(into)] id: String,
    name: &'static str,
    #[prop(into)] field: String,
    #[prop(into)] label: String,
    #[prop(into)] errors: Signal<FieldErrors>,
) -> impl IntoView {
    let message = Memo::new(move |_| {
        errors.with(|errors| errors.get(&field).map(|messages| messages.join(". ")))
    });
    let error_id = field_error_id(&id);
    let described = {
        let error_id = error_id.clone();
        move || message.get().map(|_| error_id.clone())
    };
    view! {
        <div class=move || form_group_class(message.get().is_some())>
            {move || message.get().map(|text| view! { <ErrorMessage id=error_id.clone() text/> })}
            <div class="nhsuk-checkboxes">
                <div class="nhsuk-checkboxes__item">
                    <input class="nhsuk-checkboxes__input" id=id.clone() name=name type="checkbox" value=CONFIRMED aria-describedby=described/>
                    <label class="nhsuk-label nhsuk-checkboxes__label" for=id>{label}</label>
                </div>
            </div>
        </div>
    }
}
