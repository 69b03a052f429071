//! What a page shows once a form's action answers: the NHS success banner after a save,
//! and the right version to send after "someone else saved first".

use crate::error::AppError;
use leptos::prelude::*;

/// The NHS success banner for the form that has just saved; the banner
/// takes focus as the page loads (`autofocus`), so it is read out and the next Tab starts
/// from it.
#[component]
pub fn SavedBanner() -> impl IntoView {
    saved_by_last_post().map(|text| {
        view! {
            <div
                class="nhsuk-notification-banner nhsuk-notification-banner--success"
                role="alert"
                aria-labelledby="saved-banner-title"
                tabindex="-1"
                autofocus
                id="saved-banner"
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

/// The sentence a form's successful post left for this page, if any: the browser came back
/// from the save (`plumbing::form_posts` read the banner's cookie into the request).
fn saved_by_last_post() -> Option<String> {
    use_context::<http::request::Parts>()?
        .extensions
        .get::<super::SavedSentence>()
        .map(|super::SavedSentence(sentence)| sentence.clone())
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
