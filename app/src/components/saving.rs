//! What a form does once its action answers: reload what the page shows after a save,
//! say so in the NHS success banner with the form emptied, and send the right version after
//! "someone else saved first".

use crate::error::AppError;
use leptos::html::Form;
use leptos::prelude::*;

/// The sentence of the page's success banner, if a form has just saved. The page shell
/// provides it ([`provide_saved_message`]) and shows it ([`SavedBanner`]); forms set it.
#[derive(Clone, Copy)]
struct SavedMessage(RwSignal<Option<String>>);

/// Called once by the page shell, above every page.
pub fn provide_saved_message() {
    provide_context(SavedMessage(RwSignal::new(None)));
}

/// Forgets the banner (the shell calls this as another page opens).
pub fn clear_saved_message() {
    if let Some(SavedMessage(message)) = use_context::<SavedMessage>() {
        message.set(None);
    }
}

/// The NHS success banner for the form that has just saved; focus moves to it as it
/// appears, so it is read out and the next Tab starts from it.
#[component]
pub fn SavedBanner() -> impl IntoView {
    let message = use_context::<SavedMessage>().map(|SavedMessage(message)| message);
    let banner = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(banner) = banner.get() {
            let _ = banner.focus();
        }
    });
    move || {
        message.and_then(|message| message.get()).map(|text| {
            view! {
                <div
                    class="nhsuk-notification-banner nhsuk-notification-banner--success"
                    role="alert"
                    aria-labelledby="saved-banner-title"
                    tabindex="-1"
                    id="saved-banner"
                    node_ref=banner
                >
                    <div class="nhsuk-notification-banner__header">
                        <h2 class="nhsuk-notification-banner__title" id="saved-banner-title">
                            "Success"
                        </h2>
                    </div>
                    <div class="nhsuk-notification-banner__content">
                        <p class="nhsuk-notification-banner__heading">{text}</p>
                    </div>
                </div>
            }
        })
    }
}

/// What a form that adds something does when its action answers: on success the page's
/// data reloads (`refresh`), the form is emptied for the next one, and the banner says
/// `message`; on a refusal the banner goes and the form keeps what was typed.
pub fn on_save<T, S>(value: S, refresh: RwSignal<usize>, form: NodeRef<Form>, message: &'static str)
where
    S: With<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    let banner = use_context::<SavedMessage>().map(|SavedMessage(banner)| banner);
    Effect::new(move |_| {
        let saved = value.with(|value| match value {
            Some(Ok(_)) => Some(true),
            Some(Err(_)) => Some(false),
            None => None,
        });
        match saved {
            Some(true) => {
                if let Some(form) = form.get_untracked() {
                    form.reset();
                }
                if let Some(banner) = banner {
                    banner.set(Some(message.to_owned()));
                }
                refresh.update(|count| *count += 1);
            }
            Some(false) => {
                if let Some(banner) = banner {
                    banner.set(None);
                }
            }
            None => {}
        }
    });
}

/// Bumps `refresh` whenever the action succeeds: the page's resource is keyed on it, so
/// it reloads after a save but not after a refusal, and a refused form keeps what was typed.
pub fn refresh_on_save<T, S>(value: S, refresh: RwSignal<usize>)
where
    S: With<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if value.with(|value| matches!(value, Some(Ok(_)))) {
            refresh.update(|count| *count += 1);
        }
    });
}

/// The version a form should send: the one loaded, or — after "someone else saved
/// first" — the version now stored, so saving again is a deliberate overwrite.
pub fn form_version<T, S>(loaded: i64, value: S) -> impl Fn() -> i64 + Copy
where
    S: With<Value = Option<Result<T, AppError>>> + Copy + Send + Sync + 'static,
{
    move || {
        value.with(|value| match value {
            Some(Err(AppError::Conflict {
                version: Some(now), ..
            })) => *now,
            _ => loaded,
        })
    }
}
