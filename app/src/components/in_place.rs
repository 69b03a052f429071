//! Saving in place: the island that sends page forms in the background once scripts run.
//! The server answers exactly as it would a plain post (`plumbing::form_posts`): a refusal
//! is the page again with the error summary, what was typed, or "someone else saved
//! first"; a save is the page with the success banner. The island puts the answer's main
//! content in place of the page's, so the page does not reload, the header and scroll stay,
//! and focus moves to the banner or the summary. Without scripts the same forms post the
//! ordinary way; if anything goes wrong here, the browser is left to do just that.

use leptos::prelude::*;

/// The request header a form sent in place carries. A save is then answered 204 with
/// [`NEXT_PAGE_HEADER`] instead of a redirect, so the island decides how to show it.
pub const IN_PLACE_HEADER: &str = "linkway-in-place";
/// Where the browser goes after a save sent in place: the form's own page, or the page
/// the function sent it to (a new round's, the home page after signing in).
pub const NEXT_PAGE_HEADER: &str = "linkway-next-page";
/// The event the islands loader listens for to bring new content's islands to life.
pub const NEW_CONTENT_EVENT: &str = "linkway:new-content";

/// Rendered once in the layout; it listens for the submission of any page form.
#[island]
pub fn InPlaceForms() -> impl IntoView {
    // An effect runs only in the browser, never while the server renders.
    Effect::new(|_| {
        let handle = window_event_listener(leptos::ev::submit, browser::on_submit);
        on_cleanup(move || handle.remove());
    });
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::{IN_PLACE_HEADER, NEW_CONTENT_EVENT, NEXT_PAGE_HEADER};
    use leptos::prelude::{document, window};
    use leptos::wasm_bindgen::{JsCast, JsValue};
    use leptos::web_sys::{
        DomParser, Event, EventInit, FormData, Headers, HtmlElement, HtmlFormElement,
        RequestCredentials, RequestInit, Response, SubmitEvent, SupportedType, UrlSearchParams,
    };
    use wasm_bindgen_futures::JsFuture;

    /// The attribute that marks a page form ([`crate::components::Form`] writes it) for
    /// saving in place.
    const IN_PLACE_ATTRIBUTE: &str = "data-linkway-in-place";
    /// Marks a form whose post is on its way, so a second click sends nothing.
    const SENDING_ATTRIBUTE: &str = "data-linkway-sending";
    /// The page's main content, which an answer replaces.
    const MAIN_ID: &str = "maincontent";

    /// What to do when sending in place did not work out.
    enum Otherwise {
        /// Nothing reached the server, or it refused the form before reading it (an answer
        /// that is not a page): the browser posts the form itself.
        PostItPlainly,
        /// The form was saved, but its page could not be shown in place: go to it.
        Open(String),
    }

    pub fn on_submit(event: SubmitEvent) {
        let Some(form) = event
            .target()
            .and_then(|target| target.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        if event.default_prevented() || !form.has_attribute(IN_PLACE_ATTRIBUTE) {
            return;
        }
        event.prevent_default();
        if form.has_attribute(SENDING_ATTRIBUTE) {
            return;
        }
        let _ = form.set_attribute(SENDING_ATTRIBUTE, "");
        let submitter = event.submitter();
        leptos::task::spawn_local(async move {
            match send(&form, submitter).await {
                Ok(()) => {
                    let _ = form.remove_attribute(SENDING_ATTRIBUTE);
                }
                // The form stays marked as sending while the browser leaves the page, so
                // another click sends nothing more.
                Err(Otherwise::PostItPlainly) => {
                    // `submit()` fires no submit event, so this comes back to nobody here.
                    let _ = form.submit();
                }
                Err(Otherwise::Open(address)) => {
                    let _ = window().location().assign(&address);
                }
            }
        });
    }

    /// Posts `form` as the browser would (the button pressed included, when it has a
    /// name), with the in-place header, and shows the answer.
    async fn send(form: &HtmlFormElement, submitter: Option<HtmlElement>) -> Result<(), Otherwise> {
        let plainly = |_| Otherwise::PostItPlainly;
        let fields = FormData::new_with_form(form).map_err(plainly)?;
        if let Some(button) = submitter {
            if let Some(name) = button.get_attribute("name").filter(|name| !name.is_empty()) {
                let value = button.get_attribute("value").unwrap_or_default();
                fields.append_with_str(&name, &value).map_err(plainly)?;
            }
        }
        let body = UrlSearchParams::new_with_str_sequence_sequence(&fields).map_err(plainly)?;
        let headers = Headers::new().map_err(plainly)?;
        headers.set(IN_PLACE_HEADER, "yes").map_err(plainly)?;
        let request = RequestInit::new();
        request.set_method("POST");
        request.set_body(&body);
        request.set_headers(&headers);
        request.set_credentials(RequestCredentials::SameOrigin);
        let answer = fetch(&form.action(), &request)
            .await
            .ok_or(Otherwise::PostItPlainly)?;
        if answer.redirected() {
            // Sent somewhere else (signed out, say): go there, at its own address.
            return Err(Otherwise::Open(answer.url()));
        }
        if answer.status() == 204 {
            let next = answer
                .headers()
                .get(NEXT_PAGE_HEADER)
                .ok()
                .flatten()
                .ok_or(Otherwise::PostItPlainly)?;
            return show_saved(&next).await.map_err(|()| Otherwise::Open(next));
        }
        let page = page_text(&answer).await.ok_or(Otherwise::PostItPlainly)?;
        // The form was refused, or its page shows what it answered: either way the answer
        // is the page to show (and nothing further is sent if it cannot be shown).
        let here = here();
        show(&page).map_err(|()| Otherwise::Open(here))
    }

    /// After a save: the form's own page is fetched and put in place (the banner is in it);
    /// another page is opened.
    async fn show_saved(next: &str) -> Result<(), ()> {
        if next != here() {
            let _ = window().location().assign(next);
            return Ok(());
        }
        let request = RequestInit::new();
        request.set_credentials(RequestCredentials::SameOrigin);
        let answer = fetch(next, &request).await.ok_or(())?;
        if answer.redirected() {
            return Err(());
        }
        let page = page_text(&answer).await.ok_or(())?;
        show(&page)
    }

    /// The page's own address, as a form's page names it: path and query.
    fn here() -> String {
        let location = window().location();
        format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        )
    }

    async fn fetch(address: &str, request: &RequestInit) -> Option<Response> {
        let answer = JsFuture::from(window().fetch_with_str_and_init(address, request))
            .await
            .ok()?;
        answer.dyn_into::<Response>().ok()
    }

    /// The answer's HTML, if it is a page.
    async fn page_text(answer: &Response) -> Option<String> {
        let kind = answer.headers().get("content-type").ok().flatten()?;
        if !kind.starts_with("text/html") {
            return None;
        }
        let text = JsFuture::from(answer.text().ok()?).await.ok()?;
        text.as_string()
    }

    /// Puts `page`'s main content and title in place of this page's, brings its islands to
    /// life, and moves focus to what asks for it (the banner, or the error summary).
    fn show(page: &str) -> Result<(), ()> {
        let parsed = DomParser::new()
            .and_then(|parser| parser.parse_from_string(page, SupportedType::TextHtml))
            .map_err(|_: JsValue| ())?;
        let document = document();
        let (Some(arrived), Some(main)) = (
            parsed.get_element_by_id(MAIN_ID),
            document.get_element_by_id(MAIN_ID),
        ) else {
            return Err(());
        };
        main.set_inner_html(&arrived.inner_html());
        document.set_title(&parsed.title());
        let bubbles = EventInit::new();
        bubbles.set_bubbles(true);
        if let Ok(event) = Event::new_with_event_init_dict(NEW_CONTENT_EVENT, &bubbles) {
            let _ = main.dispatch_event(&event);
        }
        // Focus goes where the page asks (the banner, the error summary), else to the
        // content itself, never back to the top of the document.
        let asked = main
            .query_selector("[autofocus]")
            .ok()
            .flatten()
            .and_then(|element| element.dyn_into::<HtmlElement>().ok());
        let focus = match asked {
            Some(element) => Some(element),
            None => {
                let _ = main.set_attribute("tabindex", "-1");
                main.dyn_into::<HtmlElement>().ok()
            }
        };
        if let Some(focus) = focus {
            let _ = focus.focus();
        }
        Ok(())
    }
}

#[cfg(not(feature = "hydrate"))]
mod browser {
    /// On the server the island renders nothing and listens to nothing.
    pub fn on_submit(_: leptos::ev::SubmitEvent) {}
}
