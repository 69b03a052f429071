//! The error-summary and field-error pattern of the NHS service manual: a summary at the
//! top of the form linking to each field, and the message again beside the field. While a
//! summary shows, the page title starts "Error:"; the summary takes focus as the page loads
//! (`autofocus`, no script needed), and with scripts each of its links moves focus to its
//! field (the one island here).

use super::page_title;
use crate::error::{AppError, FieldErrors, FORM};
use leptos::prelude::*;
use leptos_meta::Title;

/// The summary box, its problems in the order the form asks its questions. Renders nothing
/// while there are no errors.
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
                        let href = format!("#{field}");
                        view! { <li><a href=href>{message}</a></li> }.into_any()
                    }
                })
                .collect_view();
            view! {
                <Title formatter=|page: String| page_title(&format!("Error: {page}"))/>
                <div class="nhsuk-error-summary" tabindex="-1" autofocus>
                    <SummaryLinks/>
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

/// The one piece of the summary that needs the browser: an island that makes each summary
/// link move focus to its field, with the field's label scrolled into view (the link alone
/// would only scroll). Without JavaScript the links still jump to their fields.
#[island]
fn SummaryLinks() -> impl IntoView {
    // An effect runs only in the browser, never while the server renders.
    Effect::new(|_| {
        let handle = window_event_listener(leptos::ev::click, |event| {
            use leptos::wasm_bindgen::JsCast;
            let Some(link) = event
                .target()
                .and_then(|target| target.dyn_into::<leptos::web_sys::Element>().ok())
                .and_then(|target| {
                    target
                        .closest(".nhsuk-error-summary a[href^='#']")
                        .ok()
                        .flatten()
                })
            else {
                return;
            };
            let Some(id) = link
                .get_attribute("href")
                .map(|href| href.trim_start_matches('#').to_owned())
            else {
                return;
            };
            let document = document();
            let Some(field) = document.get_element_by_id(&id) else {
                return;
            };
            event.prevent_default();
            if let Ok(field) = field.clone().dyn_into::<leptos::web_sys::HtmlElement>() {
                let _ = field.focus();
            }
            match document.query_selector(&format!("label[for='{id}']")) {
                Ok(Some(label)) => label.scroll_into_view(),
                _ => field.scroll_into_view(),
            }
        });
        on_cleanup(move || handle.remove());
    });
}

/// The errors to show for an action's last result: its field errors, or any other error
/// as a message about the whole form.
pub fn action_errors<T, S>(value: S) -> Signal<FieldErrors>
where
    S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    Signal::derive(move || match value.get() {
        Some(Err(AppError::Validation(errors))) => errors,
        // Not a problem: the page shows the answers to check instead.
        Some(Err(AppError::NeedsConfirmation)) => FieldErrors::new(),
        Some(Err(other)) => FieldErrors::from([(FORM, other.to_string().as_str())]),
        _ => FieldErrors::new(),
    })
}

/// The id of the message beside field `id`, for the input's `aria-describedby`.
/// The class of a form group: with the error style while it has a problem.
pub fn form_group_class(has_error: bool) -> &'static str {
    if has_error {
        "nhsuk-form-group nhsuk-form-group--error"
    } else {
        "nhsuk-form-group"
    }
}

/// A field's error message, with the id its input's `aria-describedby` names.
#[component]
pub fn ErrorMessage(id: String, text: String) -> impl IntoView {
    view! {
        <span class="nhsuk-error-message" id=id>
            <span class="nhsuk-u-visually-hidden">"Error: "</span>
            {text}
        </span>
    }
}

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

/// [`described_by`] for a field whose name is built at run time (`allocation-12`).
pub fn described_by_name(
    errors: Signal<FieldErrors>,
    field: String,
) -> impl Fn() -> Option<String> + Clone {
    move || {
        errors
            .with(|errors| errors.contains_key(&field))
            .then(|| field_error_id(&field))
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
        <div class=move || form_group_class(!messages.get().is_empty())>
            <label class="nhsuk-label" for=id.clone()>{label}</label>
            {hint.map(|hint| view! { <div class="nhsuk-hint" id=hint_id>{hint}</div> })}
            {move || {
                let messages = messages.get();
                (!messages.is_empty()).then(|| view! {
                    <ErrorMessage id=error_id.clone() text=messages.join(". ")/>
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
        let errors = FieldErrors::from([
            ("email", "Enter an email address"),
            (FORM, "Sign-in failed"),
        ]);
        let html = render(errors);
        assert!(html.contains("There is a problem"));
        assert!(
            html.contains(r##"<a href="#email">Enter an email address</a>"##),
            "{html}"
        );
        assert!(html.contains("<li>Sign-in failed</li>"), "{html}");
    }

    #[test]
    fn problems_are_listed_in_the_order_the_form_asks_not_alphabetically() {
        let html = render(FieldErrors::from([
            ("status", "Select a status"),
            ("commentary", "Enter a commentary"),
            (
                "percent_complete",
                "Percent complete must be a whole number from 0 to 100",
            ),
        ]));
        let at = |text: &str| {
            html.find(text)
                .unwrap_or_else(|| panic!("{text} in {html}"))
        };
        assert!(at("#status") < at("#commentary"), "{html}");
        assert!(at("#commentary") < at("#percent_complete"), "{html}");
    }

    #[test]
    fn field_shows_its_own_message_beside_it() {
        let errors = FieldErrors::from([("email", "Enter an email address")]);
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

/// What was wrong with an uploaded list (PCNs, recommendations) that changed nothing: an
/// error summary titled `title` with every problem, each naming its cell.
#[component]
pub fn FileProblems(title: String, problems: Vec<String>) -> impl IntoView {
    view! {
        <div class="nhsuk-error-summary" aria-labelledby="file-problems-title" role="alert" tabindex="-1" id="file-problems">
            <h3 class="nhsuk-error-summary__title" id="file-problems-title">{title}</h3>
            <div class="nhsuk-error-summary__body">
                <p>"Correct these in the spreadsheet and upload it again."</p>
                <ul class="nhsuk-list nhsuk-error-summary__list">
                    {problems.into_iter().map(|problem| view! { <li>{problem}</li> }).collect_view()}
                </ul>
            </div>
        </div>
    }
}
