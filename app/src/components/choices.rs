//! Groups of radios or checkboxes under a legend, and the summary list of a record's facts:
//! the two shapes every form and record page repeats.

use super::field_error_id;
use crate::error::FieldErrors;
use leptos::prelude::*;

/// A group of checkboxes or radios (the children) under a legend, with the group's error.
/// The first input's id should be `id`, so the error summary's link lands on it.
#[component]
pub fn Choices(
    #[prop(into)] id: String,
    #[prop(into)] legend: String,
    #[prop(optional, into)] hint: Option<String>,
    errors: Signal<FieldErrors>,
    children: Children,
) -> impl IntoView {
    let message = {
        let id = id.clone();
        move || errors.with(|e| e.get(&id).cloned()).map(|m| m.join(". "))
    };
    let hint_id = format!("{id}-hint");
    let error_id = field_error_id(&id);
    let described = {
        let (hint_id, error_id, has_hint, message) = (
            hint_id.clone(),
            error_id.clone(),
            hint.is_some(),
            message.clone(),
        );
        move || {
            let mut ids: Vec<String> = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if message().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let group = {
        let message = message.clone();
        move || {
            if message().is_some() {
                "nhsuk-form-group nhsuk-form-group--error"
            } else {
                "nhsuk-form-group"
            }
        }
    };
    view! {
        <div class=group>
            <fieldset class="nhsuk-fieldset" aria-describedby=described>
                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
                {hint.map(|hint| view! { <div class="nhsuk-hint" id=hint_id>{hint}</div> })}
                {move || message().map(|message| view! {
                    <span class="nhsuk-error-message" id=error_id.clone()>
                        <span class="nhsuk-u-visually-hidden">"Error: "</span>{message}
                    </span>
                })}
                {children()}
            </fieldset>
        </div>
    }
}

/// A record's facts as an NHS summary list: (key, value) rows.
#[component]
pub fn SummaryList(
    #[prop(optional)] id: Option<&'static str>,
    rows: Vec<(String, String)>,
) -> impl IntoView {
    view! {
        <dl class="nhsuk-summary-list" id=id>
            {rows.into_iter().map(|(key, value)| view! {
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">{key}</dt>
                    <dd class="nhsuk-summary-list__value">{value}</dd>
                </div>
            }).collect_view()}
        </dl>
    }
}

/// Radios posting `name`, one per (value, label) of `options`, with `chosen` checked. The
/// first radio's id is `id` (where the error summary's link lands), the others'
/// `{id}-{value}`. Goes inside [`Choices`].
#[component]
pub fn Radios(
    #[prop(into)] id: String,
    #[prop(into)] name: String,
    options: Vec<(String, String)>,
    #[prop(into)] chosen: String,
    #[prop(optional)] inline: bool,
) -> impl IntoView {
    let class = if inline {
        "nhsuk-radios nhsuk-radios--inline"
    } else {
        "nhsuk-radios"
    };
    view! {
        <div class=class>
            {options.into_iter().enumerate().map(|(n, (value, label))| {
                let input_id = if n == 0 { id.clone() } else { format!("{id}-{value}") };
                let checked = chosen == value;
                view! {
                    <div class="nhsuk-radios__item">
                        <input class="nhsuk-radios__input" id=input_id.clone() name=name.clone() type="radio" value=value checked=checked/>
                        <label class="nhsuk-label nhsuk-radios__label" for=input_id>{label}</label>
                    </div>
                }
            }).collect_view()}
        </div>
    }
}
