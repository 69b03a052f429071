//! The NHS date input: a date asked as day, month and year in three short fields, under
//! one legend, with its error beside it.

use super::error_summary::{form_group_class, ErrorMessage};
use super::field_error_id;
use crate::error::FieldErrors;
use leptos::prelude::*;

/// A date as three fields named `{id}_day`, `{id}_month` and `{id}_year`, holding
/// `values` (as typed). Its problems come under `{id}_day` in `errors`, so the error
/// summary's link leads to the day field.
#[component]
pub fn DateInput(
    id: &'static str,
    #[prop(into)] legend: String,
    #[prop(optional, into)] hint: Option<String>,
    values: [String; 3],
    #[prop(into)] errors: Signal<FieldErrors>,
) -> impl IntoView {
    let day = format!("{id}_day");
    let message = {
        let day = day.clone();
        Memo::new(move |_| errors.with(|errors| errors.get(&day).map(|m| m.join(". "))))
    };
    let hint_id = format!("{id}-hint");
    let error_id = field_error_id(&day);
    let described = {
        let (hint_id, error_id, has_hint) = (hint_id.clone(), error_id.clone(), hint.is_some());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if message.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let fields = ["Day", "Month", "Year"]
        .into_iter()
        .zip(values)
        .map(|(label, value)| {
            let name = format!("{id}_{}", label.to_lowercase());
            let width = if label == "Year" { 4 } else { 2 };
            let class = move || {
                let error = if message.get().is_some() { " nhsuk-input--error" } else { "" };
                format!("nhsuk-input nhsuk-date-input__input nhsuk-input--width-{width}{error}")
            };
            view! {
                <div class="nhsuk-date-input__item">
                    <div class="nhsuk-form-group">
                        <label class="nhsuk-label nhsuk-date-input__label" for=name.clone()>{label}</label>
                        <input class=class id=name.clone() name=name type="text" inputmode="numeric" value=value/>
                    </div>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class=move || form_group_class(message.get().is_some())>
            <fieldset class="nhsuk-fieldset" role="group" aria-describedby=described>
                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
                {hint.map(|hint| view! { <div class="nhsuk-hint" id=hint_id>{hint}</div> })}
                {move || message.get().map(|text| view! { <ErrorMessage id=error_id.clone() text/> })}
                <div class="nhsuk-date-input" id=id>{fields}</div>
            </fieldset>
        </div>
    }
}
