//! Linkway's Leptos application: pages, server functions and the types both sides share.
//! Compiled twice — with `ssr` into the server, with `hydrate` into the browser's wasm,
//! which holds only the `#[island]`s.

// Leptos's view types nest deeply; the default limit is too low for a full page.
#![recursion_limit = "256"]

pub mod admin;
pub mod app;
pub mod audit;
pub mod audit_trail;
pub mod auth;
pub mod borough_plans;
pub mod boroughs;
pub mod chest;
pub mod codes;
pub mod components;
pub mod email;
pub mod error;
pub mod format;
#[cfg(feature = "ssr")]
pub mod forms;
pub mod home;
pub mod maturity;
pub mod recommendations;
pub mod returns;
pub mod shell;
pub mod site;
pub mod tasks;

#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod plumbing;
#[cfg(feature = "ssr")]
pub mod routes;

/// The browser entry point: brings the page's islands to life. Everything else on the page
/// is plain server-rendered HTML (pages, tables, forms), so the wasm holds only the islands
/// and stays the same size as capabilities are added.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
