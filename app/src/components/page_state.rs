//! Whole-page states: loading, an error page that also sets the HTTP status, the 404 page,
//! and the empty state of an area whose capability has not been built yet.

use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// Renders `result` with `render`, or the error page when it failed.
pub fn render_or_error<T, V>(result: Result<T, AppError>, render: impl FnOnce(T) -> V) -> AnyView
where
    V: IntoView + 'static,
{
    match result {
        Ok(value) => render(value).into_any(),
        Err(error) => view! { <ErrorPage error/> }.into_any(),
    }
}

/// A whole number from the address (a route parameter or a path segment), or "not found":
/// an address whose number is not a number names a page that does not exist.
pub fn number_in_address(text: Option<&str>, what: &str) -> Result<i64, AppError> {
    text.and_then(|text| text.parse::<i64>().ok())
        .ok_or_else(|| AppError::not_found(what.to_owned()))
}

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="nhsuk-body" aria-live="polite">"Loading…"</p> }
}

/// The page shown for any error: a plain sentence, and the response status to match.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(error.status());
    }
    let title = error.title();
    if error == AppError::Unauthorized {
        // Sign-in brings the person back to this page afterwards; a page visit goes there
        // straight away.
        let sign_in = sign_in_for_this_page();
        return view! {
            <Title text=title/>
            <h1>{title}</h1>
            <p class="nhsuk-body">"You need to sign in with your Linkway account to see this page."</p>
            <p class="nhsuk-body"><A href=sign_in>"Sign in"</A></p>
        }
        .into_any();
    }
    let next_step = match &error {
        AppError::NotFound { .. } => "Check the address, or start again from the home page.",
        AppError::Internal => "Try again later. If the problem goes on, contact the Linkway team.",
        _ => "Go back and try again, or start again from the home page.",
    };
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p class="nhsuk-body">{error.to_string()}</p>
        <p class="nhsuk-body">{next_step}</p>
        <p class="nhsuk-body"><A href="/">"Go to the Linkway home page"</A></p>
    }
    .into_any()
}

/// The sign-in address that returns to the page being rendered; on the server, the page
/// answers with a redirect there (303), so a signed-out visit goes straight to sign-in.
fn sign_in_for_this_page() -> String {
    #[cfg(feature = "ssr")]
    {
        let page = use_context::<http::request::Parts>()
            .map(|parts| crate::components::local_address(&parts.uri))
            .unwrap_or_else(|| "/".to_owned());
        let address = crate::auth::return_to::sign_in_returning_to(&page);
        if let (Some(response), Ok(location)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            http::HeaderValue::from_str(&address),
        ) {
            response.set_status(http::StatusCode::SEE_OTHER);
            response.insert_header(http::header::LOCATION, location);
        }
        address
    }
    #[cfg(not(feature = "ssr"))]
    {
        crate::auth::return_to::sign_in_returning_to("/")
    }
}

/// The router's fallback: any address that matches no page.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! { <ErrorPage error=AppError::not_found("The page you asked for")/> }
}

/// The empty state of an area whose pages arrive with a later release.
#[component]
pub fn AreaNotYetAvailable(
    #[prop(into)] title: String,
    #[prop(into)] purpose: String,
) -> impl IntoView {
    view! {
        <Title text=title.clone()/>
        <h1>{title}</h1>
        <p class="nhsuk-lede-text">{purpose}</p>
        <div class="nhsuk-inset-text">
            <span class="nhsuk-u-visually-hidden">"Information: "</span>
            <p>"Nothing has been recorded here yet. This area opens in a later release of Linkway."</p>
        </div>
    }
}
