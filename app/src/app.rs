//! The HTML shell, the root `<App/>` and the one routes table. URLs here are stable: board
//! papers and bookmarks point at them.

use crate::admin::pages::{AdminPage, ChangePasswordPage};
use crate::audit_trail::pages::AuditPage;
use crate::auth::pages::SignInPage;
use crate::borough_plans::pages::{BoroughActionPage, BoroughPlansPage};
use crate::boroughs::pages::AreasPage;
use crate::chest::applications::pages::{ApplicationPage, ApplicationStatusPage, ApplyPage};
use crate::chest::awards::pages::AwardPage;
use crate::chest::decisions::pages::{DecisionPackPage, DecisionPage};
use crate::chest::pages::{ChestPage, FundPage};
use crate::chest::panel::pages::{PanelPage, ReviewPage};
use crate::chest::rounds::pages::{GrantRoundPage, RoundSetupPage};
use crate::chest::votes::pages::{BallotPage, VotersPage};
use crate::components::{AreaNotYetAvailable, NotFoundPage};
use crate::email::pages::{AccountPage, OutboxPage};
use crate::home::HomePage;
use crate::maturity::pages::{
    BoroughMaturityPage, DomainPage, FrameworkPage, MaturityPage, ModerationDomainPage,
    ModerationPage, RoundPage,
};
use crate::recommendations::pages::{
    MyActionsPage, OverviewPage, RecommendationPage, RecommendationsPage,
};
use crate::returns::pages::{
    AttemptPage, BoroughReturnPage, PeriodPage, ReturnSettingsPage, ReturnsPage, SubmissionPage,
    UnmetNeedPage, WorkforcePage,
};
use crate::shell::Layout;
use crate::tasks::pages::MyTasksPage;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The name of the JS/wasm bundle and stylesheet under `/pkg`: the one place it is set.
/// The Makefile's `OUTPUT_NAME`, which names the files it builds, must equal it (a server
/// test reads the Makefile to check).
pub const OUTPUT_NAME: &str = "linkway";

pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::plumbing::security::set_page_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="stylesheet" href=format!("/{}/nhsuk.css", options.site_pkg_dir)/>
                <link
                    rel="stylesheet"
                    href=format!("/{}/{OUTPUT_NAME}.css", options.site_pkg_dir)
                />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <IslandScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Loads the bundle and brings each island on the page to life, in document order. Leptos's
/// own islands loader waits for `requestIdleCallback` with no timeout, which a busy page
/// (or a slow trust laptop) can put off indefinitely, leaving the Menu button dead; this one
/// starts as soon as the page has been parsed (a module script is deferred). Content a form
/// saved in place puts on the page (`components::InPlaceForms`) announces itself with the
/// new-content event, and its islands are brought to life the same way.
const ISLANDS_LOADER: &str = r#"(async (bundle, wasm, new_content) => {
  const code = await import(bundle);
  await code.default({ module_or_path: wasm });
  code.hydrate();
  const bring_to_life = async (root) => {
    for (const island of root.querySelectorAll("leptos-island")) {
      const component = code[island.dataset.component];
      if (component) {
        await component(island);
      } else {
        console.warn(`Linkway: no code for the island ${island.dataset.component}`);
      }
    }
  };
  document.addEventListener(new_content, (event) => bring_to_life(event.target));
  await bring_to_life(document);
})"#;

/// The head's scripts: the bundle and its wasm preloaded, and the islands loader with this
/// response's nonce. Pages are islands pages: nothing outside an island is hydrated.
#[component]
fn IslandScripts(options: LeptosOptions) -> impl IntoView {
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    #[cfg(feature = "ssr")]
    let nonce = leptos::nonce::use_nonce().map(|nonce| nonce.to_string());
    #[cfg(not(feature = "ssr"))]
    let nonce = None::<String>;
    let bundle = format!("/{}/{OUTPUT_NAME}.js", options.site_pkg_dir);
    let wasm = format!("/{}/{OUTPUT_NAME}_bg.wasm", options.site_pkg_dir);
    view! {
        <link rel="modulepreload" href=bundle.clone()/>
        <link rel="preload" href=wasm.clone() r#as="fetch" r#type="application/wasm" crossorigin=""/>
        <script type="module" nonce=nonce>
            {format!("{ISLANDS_LOADER}({bundle:?}, {wasm:?}, {:?});", crate::components::NEW_CONTENT_EVENT)}
        </script>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Pages wait for their data on the server (SsrMode::Async) so that an error or a
    // missing record sets the HTTP status before the first byte is sent.
    view! {
        <Title formatter=|page: String| crate::components::page_title(&page)/>
        <Router>
            <Layout>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/recommendations") view=RecommendationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/recommendations/overview") view=OverviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/recommendations/:number") view=RecommendationPage ssr=SsrMode::Async/>
                    <Route path=path!("/my-actions") view=MyActionsPage ssr=SsrMode::Async/>
                    <Route path=path!("/my-tasks") view=MyTasksPage ssr=SsrMode::Async/>
                    <Route path=path!("/borough-plans") view=BoroughPlansPage ssr=SsrMode::Async/>
                    <Route path=path!("/borough-plans/actions/:id") view=BoroughActionPage ssr=SsrMode::Async/>
                    <Route path=path!("/maturity") view=MaturityPage ssr=SsrMode::Async/>
                    <Route path=path!("/maturity/framework") view=FrameworkPage ssr=SsrMode::Async/>
                    <Route path=path!("/maturity/rounds/:id") view=RoundPage ssr=SsrMode::Async/>
                    <Route path=path!("/maturity/rounds/:id/moderation") view=ModerationPage ssr=SsrMode::Async/>
                    <Route path=path!("/maturity/rounds/:id/moderation/:domain") view=ModerationDomainPage ssr=SsrMode::Async/>
                    <Route path=path!("/maturity/boroughs/:code") view=BoroughMaturityPage ssr=SsrMode::Async/>
                    <Route path=path!("/maturity/domains/:position") view=DomainPage ssr=SsrMode::Async/>
                    <Route path=path!("/workforce") view=WorkforcePage ssr=SsrMode::Async/>
                    <Route path=path!("/unmet-need") view=UnmetNeedPage ssr=SsrMode::Async/>
                    <Route path=path!("/returns") view=ReturnsPage ssr=SsrMode::Async/>
                    <Route path=path!("/returns/settings") view=ReturnSettingsPage ssr=SsrMode::Async/>
                    <Route path=path!("/returns/periods/:id") view=PeriodPage ssr=SsrMode::Async/>
                    <Route path=path!("/returns/periods/:id/boroughs/:code") view=BoroughReturnPage ssr=SsrMode::Async/>
                    <Route path=path!("/returns/attempts/:id") view=AttemptPage ssr=SsrMode::Async/>
                    <Route path=path!("/returns/submissions/:id") view=SubmissionPage ssr=SsrMode::Async/>
                    <Route path=path!("/chest") view=ChestPage ssr=SsrMode::Async/>
                    <Route path=path!("/chest/funds/:id") view=FundPage ssr=SsrMode::Async/>
                    <Route path=path!("/chest/funds/:id/rounds/new") view=RoundSetupPage ssr=SsrMode::Async/>
                    <Route path=path!("/chest/rounds/:id") view=GrantRoundPage ssr=SsrMode::Async/>
                    <Route path=path!("/chest/applications/:id") view=ApplicationPage ssr=SsrMode::Async/>
                    <Route path=path!("/chest/applications/:id/review") view=ReviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/chest/rounds/:id/panel") view=PanelPage ssr=SsrMode::Async/>
                    <Route path=path!("/chest/rounds/:id/decisions") view=DecisionPackPage ssr=SsrMode::Async/>
                    <Route path=path!("/chest/applications/:id/decision") view=DecisionPage ssr=SsrMode::Async/>
                    <Route path=path!("/chest/awards/:id") view=AwardPage ssr=SsrMode::Async/>
                    <Route path=path!("/chest/rounds/:id/voters") view=VotersPage ssr=SsrMode::Async/>
                    <Route path=path!("/vote/:link") view=BallotPage ssr=SsrMode::Async/>
                    <Route path=path!("/apply/:round") view=ApplyPage ssr=SsrMode::Async/>
                    <Route path=path!("/apply/application/:link") view=ApplicationStatusPage ssr=SsrMode::Async/>
                    <Route path=path!("/community-of-practice") view=CommunityOfPracticePage ssr=SsrMode::Async/>
                    <Route path=path!("/admin") view=AdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/audit") view=AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/messages") view=OutboxPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/areas") view=AreasPage ssr=SsrMode::Async/>
                    <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/password") view=ChangePasswordPage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}

// Areas whose capability arrives in a later release keep their address from day one.

#[component]
fn CommunityOfPracticePage() -> impl IntoView {
    view! {
        <AreaNotYetAvailable
            title="Community of practice"
            purpose="Meetings of link workers and their managers: attendance, topics and actions."
        />
    }
}
