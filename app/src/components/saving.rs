//! What a form does once its action answers: reload what the page shows after a save,
//! and send the right version after "someone else saved first".

use crate::error::AppError;
use leptos::prelude::*;

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
