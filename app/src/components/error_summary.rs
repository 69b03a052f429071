//! The error-summary and field-error pattern of the NHS service manual: a summary at the
//! top of the form linking to each field, and the message again beside the field.

use crate::error::{AppError, FieldErrors, FORM};
use leptos::prelude::*;

/// The summary box. Renders nothing while there are no errors.
#[component]
pub fn ErrorSummary(#[prop(into)] errors: Signal<FieldErrors>) -> impl IntoView {
    move || {
        let errors = errors.get();
        (!errors.is_empty()).then(|| {
            let items = errors
                .into_iter()
                .flat_map(|(field, messages)| messages.into_iter().map(move |m| (field.clone(), m)))
                .map(|(field, message)| {
                    if field == FORM {
                        view! { <li>{message}</li> }.into_any()
                    } else {
                        view! { <li><a href=format!("#{field}")>{message}</a></li> }.into_any()
                    }
                })
                .collect_view();
            view! {
                <div class="nhsuk-error-summary" tabindex="-1">
                    <div role="alert">
                        <h2 class="nhsuk-error-summary__heading">"There is a problem"</h2>
                        <div class="nhsuk-error-summary__body">
                            <ul class="nhsuk-list nhsuk-error-summary__list">{items}</ul>
                        </div>
                    </div>
                </div>
            }
        })
    }
}

/// The errors to show for an action's last result: its field errors, or any other error
/// as a message about the whole form.
pub fn action_errors<T, S>(value: S) -> Signal<FieldErrors>
where
    S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    Signal::derive(move || match value.get() {
        Some(Err(AppError::Validation(errors))) => errors,
        Some(Err(other)) => FieldErrors::from([(FORM.to_owned(), vec![other.to_string()])]),
        _ => FieldErrors::new(),
    })
}

/// The id of the message beside field `id`, for the input's `aria-describedby`.
pub fn field_error_id(id: &str) -> String {
    format!("{id}-error")
}

/// The input's `aria-describedby`: its error message's id while it has one, else nothing.
pub fn described_by(
    errors: Signal<FieldErrors>,
    field: &'static str,
) -> impl Fn() -> Option<String> + Copy {
    move || {
        errors
            .with(|errors| errors.contains_key(field))
            .then(|| field_error_id(field))
    }
}

/// A form group: label, optional hint, the field's errors, then the input (the children,
/// whose `id` must equal `id` and whose `aria-describedby` names [`field_error_id`]).
#[component]
pub fn FormField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(into)] errors: Signal<FieldErrors>,
    children: Children,
) -> impl IntoView {
    let messages = {
        let id = id.clone();
        Memo::new(move |_| errors.with(|errors| errors.get(&id).cloned().unwrap_or_default()))
    };
    let error_id = field_error_id(&id);
    let hint_id = format!("{id}-hint");
    view! {
        <div class=move || {
            if messages.get().is_empty() {
                "nhsuk-form-group"
            } else {
                "nhsuk-form-group nhsuk-form-group--error"
            }
        }>
            <label class="nhsuk-label" for=id.clone()>{label}</label>
            {hint.map(|hint| view! { <div class="nhsuk-hint" id=hint_id>{hint}</div> })}
            {move || {
                let messages = messages.get();
                (!messages.is_empty()).then(|| view! {
                    <span class="nhsuk-error-message" id=error_id.clone()>
                        <span class="nhsuk-u-visually-hidden">"Error: "</span>
                        {messages.join(". ")}
                    </span>
                })
            }}
            {children()}
        </div>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn render(errors: FieldErrors) -> String {
        Owner::new().with(|| view! { <ErrorSummary errors=Signal::stored(errors)/> }.to_html())
    }

    #[test]
    fn no_errors_render_no_summary() {
        assert!(!render(FieldErrors::new()).contains("nhsuk-error-summary"));
    }

    #[test]
    fn each_field_error_links_to_its_field() {
        let mut errors = FieldErrors::new();
        errors.insert("email".into(), vec!["Enter an email address".into()]);
        errors.insert(FORM.into(), vec!["Sign-in failed".into()]);
        let html = render(errors);
        assert!(html.contains("There is a problem"));
        assert!(
            html.contains(r##"<a href="#email">Enter an email address</a>"##),
            "{html}"
        );
        assert!(html.contains("<li>Sign-in failed</li>"), "{html}");
    }

    #[test]
    fn field_shows_its_own_message_beside_it() {
        let mut errors = FieldErrors::new();
        errors.insert("email".into(), vec!["Enter an email address".into()]);
        let html = Owner::new().with(|| {
            view! {
                <FormField id="email" label="Email address" errors=Signal::stored(errors)>
                    <input class="nhsuk-input" id="email" name="email"/>
                </FormField>
            }
            .to_html()
        });
        assert!(html.contains("nhsuk-form-group--error"), "{html}");
        assert!(html.contains(r#"id="email-error""#), "{html}");
        assert!(html.contains("Enter an email address"));
    }
}
