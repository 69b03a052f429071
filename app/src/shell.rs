//! The page layout every route shares: skip link, NHS header with the service name and
//! the capability areas, the demo-data banner, the main wrapper and the footer.

use crate::auth::{current_user, CurrentUser, Permission, Scope, SignOut};
use crate::components::Form;
use crate::error::AppError;
use crate::site::load_site_status;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// What the signed-in person owes: first in the navigation.
pub const MY_TASKS: (&str, &str) = ("/my-tasks", "My tasks");

/// The capability areas in the header navigation, in the order the service presents them.
pub const AREAS: [(&str, &str); 8] = [
    ("/recommendations", "Recommendations"),
    ("/borough-plans", "Borough plans"),
    ("/maturity", "Maturity"),
    ("/workforce", "Workforce"),
    ("/unmet-need", "Unmet need"),
    ("/returns", "Returns"),
    ("/chest", "Community chest"),
    ("/community-of-practice", "Community of practice"),
];

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <a class="nhsuk-skip-link" href="#maincontent">"Skip to main content"</a>
        <Header/>
        <DemoBanner/>
        <div class="nhsuk-width-container">
            <main class="nhsuk-main-wrapper" id="maincontent">
                <crate::components::SavedBanner/>
                {children()}
            </main>
        </div>
        <Footer/>
        <crate::components::InPlaceForms/>
    }
}

#[component]
fn Header() -> impl IntoView {
    let location = use_location();
    let pathname = location.pathname;
    // Who is signed in, as this page's request says.
    let user = Resource::new(move || pathname.get(), |_| current_user());

    view! {
        <header class="nhsuk-header" role="banner">
            <div class="nhsuk-header__container nhsuk-width-container">
                <div class="nhsuk-header__service">
                    <A href="/" attr:class="nhsuk-header__service-logo" attr:aria-label="Linkway homepage">
                        <NhsLogo/>
                        <span class="nhsuk-header__service-name">"Linkway"</span>
                    </A>
                </div>
                <UserMenu user/>
                <MenuToggle/>
            </div>
            <nav class="nhsuk-header__navigation" id="linkway-navigation" aria-label="Capability areas">
                <div class="nhsuk-header__navigation-container nhsuk-width-container">
                    <ul class="nhsuk-header__navigation-list linkway-navigation-list">
                        <Suspense fallback=|| ()>
                            {move || Suspend::new(async move {
                                let user = user.await.ok().flatten();
                                navigation_items(user.as_ref())
                                    .into_iter()
                                    .map(|(href, label)| view! { <NavItem href label pathname/> })
                                    .collect_view()
                            })}
                        </Suspense>
                    </ul>
                </div>
            </nav>
        </header>
    }
}

/// The Menu button of narrow screens: an island, the one piece of the header that needs the
/// browser. Once it runs it marks the page (`linkway-js` on `<html>`) so the navigation
/// folds behind it; without JavaScript the button stays hidden and the links show. A link
/// followed inside the navigation closes it.
#[island]
fn MenuToggle() -> impl IntoView {
    let open = RwSignal::new(false);
    Effect::new(move |_| {
        let open = open.get();
        let document = document();
        if let Some(root) = document.document_element() {
            let _ = root.class_list().add_1("linkway-js");
        }
        if let Some(navigation) = document.get_element_by_id("linkway-navigation") {
            let _ = navigation
                .class_list()
                .toggle_with_force("linkway-navigation--open", open);
        }
    });
    let close_on_link = window_event_listener(leptos::ev::click, move |event| {
        use leptos::wasm_bindgen::JsCast;
        let followed_link = event
            .target()
            .and_then(|target| target.dyn_into::<leptos::web_sys::Element>().ok())
            .and_then(|target| target.closest("#linkway-navigation a").ok().flatten())
            .is_some();
        if followed_link {
            open.set(false);
        }
    });
    on_cleanup(move || close_on_link.remove());
    view! {
        <button
            type="button"
            class="linkway-menu-toggle"
            aria-controls="linkway-navigation"
            aria-expanded=move || open.get().to_string()
            on:click=move |_| open.update(|open| *open = !*open)
        >
            "Menu"
        </button>
    }
}

/// The areas `user` may open: every area once signed in with a role (none before a
/// temporary password is changed), Administration for admins, and only Sign in for a
/// visitor.
pub fn navigation_items(user: Option<&CurrentUser>) -> Vec<(&'static str, &'static str)> {
    match user {
        None => vec![("/sign-in", "Sign in")],
        Some(user) => {
            if user.must_change_password {
                return Vec::new();
            }
            let mut items = if user.can(Permission::SignedInWithRole, &Scope::Region) {
                std::iter::once(MY_TASKS).chain(AREAS).collect()
            } else {
                Vec::new()
            };
            if user.can(Permission::ManageUsers, &Scope::Region) {
                items.push(("/admin", "Administration"));
            } else if user.can(Permission::ViewAudit, &Scope::Region) {
                items.push(("/admin/audit", "Audit trail"));
            }
            items
        }
    }
}

#[component]
fn NavItem(href: &'static str, label: &'static str, pathname: Memo<String>) -> impl IntoView {
    let current = move || {
        let path = pathname.get();
        path == href || path.starts_with(&format!("{href}/"))
    };
    view! {
        <li class=move || {
            if current() {
                "nhsuk-header__navigation-item nhsuk-header__navigation-item--current"
            } else {
                "nhsuk-header__navigation-item"
            }
        }>
            <A href=href attr:class="nhsuk-header__navigation-link">{label}</A>
        </li>
    }
}

/// Who is signed in (a link to their account page), with a sign-out button; or a sign-in
/// link.
#[component]
fn UserMenu(user: Resource<Result<Option<CurrentUser>, AppError>>) -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    view! {
        <div class="linkway-user">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match user.await {
                        Ok(Some(user)) => view! {
                            // Someone with no role has no account page to go to.
                            {if user.grants.0.is_empty() {
                                view! { <span class="linkway-user__name">{user.name}</span> }.into_any()
                            } else {
                                view! {
                                    <a href="/account" class="linkway-user__account">
                                        <span class="nhsuk-u-visually-hidden">"Your account: "</span>
                                        <span class="linkway-user__name">{user.name}</span>
                                    </a>
                                }.into_any()
                            }}
                            <Form action=sign_out attr:class="linkway-user__sign-out">
                                <button type="submit" class="linkway-user__button">"Sign out"</button>
                            </Form>
                        }
                        .into_any(),
                        _ => view! {
                            <a href="/sign-in" class="linkway-user__link">"Sign in"</a>
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

/// The NHS logo as the NHS.UK frontend draws it (inline, so nothing is fetched).
#[component]
fn NhsLogo() -> impl IntoView {
    view! {
        <svg
            class="nhsuk-header__logo"
            xmlns="http://www.w3.org/2000/svg"
            viewBox="0 0 200 80"
            height="40"
            width="100"
            focusable="false"
            role="img"
            aria-label="NHS"
        >
            <title>"NHS"</title>
            <path
                fill="currentcolor"
                d="M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z"
            ></path>
        </svg>
    }
}

/// Shown on every page while the installation holds demo content, so that illustrative
/// figures are never mistaken for real ones.
#[component]
fn DemoBanner() -> impl IntoView {
    let status = Resource::new(|| (), |_| load_site_status());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let demo = matches!(status.await, Ok(status) if status.demo_data);
                demo.then(|| view! {
                    <div class="linkway-demo-banner" role="region" aria-label="Demo data">
                        <div class="nhsuk-width-container">
                            <strong class="nhsuk-tag nhsuk-tag--orange">"Demo"</strong>
                            " This installation holds demonstration data. People, scores and returns marked as demo are illustrative, not real."
                        </div>
                    </div>
                })
            })}
        </Suspense>
    }
}

#[component]
fn Footer() -> impl IntoView {
    view! {
        <footer class="nhsuk-footer" role="contentinfo">
            <div class="nhsuk-width-container">
                <div class="nhsuk-footer__meta">
                    <h2 class="nhsuk-u-visually-hidden">"Support links"</h2>
                    <ul class="nhsuk-footer__list">
                        <li class="nhsuk-footer__list-item">
                            <A href="/" attr:class="nhsuk-footer__list-item-link">"Home"</A>
                        </li>
                    </ul>
                    <p class="nhsuk-body-s">
                        "Linkway holds programme data and aggregated returns for social prescribing in North Central London. It holds no patient records."
                    </p>
                </div>
            </div>
        </footer>
    }
}
