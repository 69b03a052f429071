//! Browser security for pages: the Content-Security-Policy with this response's nonce
//! (Leptos puts it on its inline hydration and data scripts).

use leptos::nonce::use_nonce;
use leptos::prelude::use_context;

/// The policy for a page whose inline scripts carry `nonce`.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Sets the page's CSP header. Called while the shell renders.
pub fn set_page_policy() {
    let (Some(nonce), Some(response)) =
        (use_nonce(), use_context::<leptos_axum::ResponseOptions>())
    else {
        return;
    };
    match http::HeaderValue::from_str(&page_policy(&nonce.to_string())) {
        Ok(value) => response.insert_header(http::header::CONTENT_SECURITY_POLICY, value),
        Err(error) => tracing::error!(%error, "could not build the CSP header"),
    }
}
