//! Browser tests in headless Chromium: every page renders on the server, hydrates (the
//! Menu button works), and passes an axe-core scan with zero violations.

use fantoccini::Locator;
use tests::browser::{with_browser, Browser};
use tests::DbKind;

/// Opens `path`, checks its heading came from the server, that it hydrates, and that axe
/// finds nothing.
async fn page_renders_hydrates_and_is_accessible(
    kind: DbKind,
    path: &'static str,
    heading: &'static str,
) {
    with_browser(kind, async |browser: &Browser| {
        browser.sign_in("viewer@demo.linkway.test").await?;
        browser.open_hydrated(path).await?;
        let h1 = browser.text("h1").await?;
        if h1 != heading {
            return Err(format!("{path}: heading {h1:?}, expected {heading:?}"));
        }
        let title = browser.title().await?;
        if !title.ends_with("– Linkway") {
            return Err(format!("{path}: title {title:?}"));
        }
        browser.assert_accessible(path).await
    })
    .await;
}

macro_rules! page_tests {
    ($($name:ident: $path:literal => $heading:literal,)+) => {
        $(
            #[tokio::test]
            async fn $name() {
                page_renders_hydrates_and_is_accessible(DbKind::Sqlite, $path, $heading).await;
            }
        )+
    };
}

page_tests! {
    browser_home: "/" => "Social prescribing in North Central London",
    browser_sign_in: "/sign-in" => "Sign in",
    browser_recommendations: "/recommendations" => "Recommendations tracker",
    browser_tracker_overview: "/recommendations/overview" => "ICB overview of the recommendations",
    browser_my_actions: "/my-actions" => "My actions",
    browser_borough_plans: "/borough-plans" => "Borough plans",
    browser_borough_action: "/borough-plans/actions/1" => "1) Widen Participation of SP Steering Group",
    browser_recommendation: "/recommendations/2" => "Create a SP Steering Group with a dedicated borough lead across each borough with representation from all sectors",
    browser_maturity: "/maturity" => "Maturity",
    browser_workforce: "/workforce" => "Workforce",
    browser_unmet_need: "/unmet-need" => "Unmet need",
    browser_returns: "/returns" => "Returns",
    browser_chest: "/chest" => "Community chest",
    browser_community_of_practice: "/community-of-practice" => "Community of practice",
    browser_not_found: "/no-such-page" => "Page not found",
}

/// The administration page and the change-password page, as an admin.
#[tokio::test]
async fn browser_admin_pages() {
    with_browser(DbKind::Sqlite, async |browser: &Browser| {
        browser.sign_in("admin@demo.linkway.test").await?;
        for (path, heading) in [
            ("/admin", "Administration"),
            ("/admin/audit", "Audit trail"),
            ("/account/password", "Change your password"),
        ] {
            browser.open_hydrated(path).await?;
            let h1 = browser.text("h1").await?;
            if h1 != heading {
                return Err(format!("{path}: heading {h1:?}"));
            }
            browser.assert_accessible(path).await?;
        }
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn browser_home_on_postgres() {
    page_renders_hydrates_and_is_accessible(
        DbKind::Postgres,
        "/",
        "Social prescribing in North Central London",
    )
    .await;
}

/// After hydration, links navigate in the browser: the next page's data comes from a
/// server function over HTTP, not from a new server render.
#[tokio::test]
async fn browser_navigation_loads_the_next_page_client_side() {
    with_browser(DbKind::Sqlite, async |browser: &Browser| {
        browser.sign_in("viewer@demo.linkway.test").await?;
        browser.open_hydrated("/").await?;
        // Mark this document: a full page load would lose the mark.
        browser
            .client
            .execute("window.__linkway_same_document = true;", vec![])
            .await
            .map_err(|e| e.to_string())?;
        browser
            .client
            .find(Locator::Css(
                ".nhsuk-header__navigation a[href='/recommendations']",
            ))
            .await
            .map_err(|e| e.to_string())?
            .click()
            .await
            .map_err(|e| e.to_string())?;
        browser
            .client
            .wait()
            .for_element(Locator::Css("a[href='/recommendations/21']"))
            .await
            .map_err(|e| format!("the recommendations did not load: {e}"))?;
        let same_document = browser
            .client
            .execute("return window.__linkway_same_document === true;", vec![])
            .await
            .map_err(|e| e.to_string())?;
        if same_document != serde_json::Value::Bool(true) {
            return Err("following a link reloaded the whole page".into());
        }
        let current = browser
            .client
            .current_url()
            .await
            .map_err(|e| e.to_string())?;
        if current.path() != "/recommendations" {
            return Err(format!("navigated to {current}"));
        }
        browser
            .assert_accessible("/recommendations (after navigation)")
            .await
    })
    .await;
}

/// Signing in shows the user and the areas their roles open (Administration for an
/// admin, not for a viewer); signing out takes them away again.
#[tokio::test]
async fn browser_sign_in_shows_role_navigation_and_sign_out_ends_it() {
    with_browser(DbKind::Sqlite, async |browser: &Browser| {
        browser.sign_in("admin@demo.linkway.test").await?;
        let name = browser.text(".linkway-user__name").await?;
        if name != "Ada Admin (demo)" {
            return Err(format!("header names {name:?}"));
        }
        let admin_nav = browser.navigation().await?;
        if !admin_nav.iter().any(|label| label == "Administration") {
            return Err(format!(
                "admin navigation lacks Administration: {admin_nav:?}"
            ));
        }
        browser.assert_accessible("/ (signed in as admin)").await?;

        browser
            .client
            .find(Locator::Css(".linkway-user__button"))
            .await
            .map_err(|e| e.to_string())?
            .click()
            .await
            .map_err(|e| e.to_string())?;
        browser
            .client
            .wait()
            .for_element(Locator::Css(".linkway-user__link"))
            .await
            .map_err(|e| format!("after signing out the header still shows a user: {e}"))?;
        let signed_out_nav = browser.navigation().await?;
        if signed_out_nav != ["Sign in"] {
            return Err(format!("signed-out navigation: {signed_out_nav:?}"));
        }

        browser.sign_in("viewer@demo.linkway.test").await?;
        let viewer_nav = browser.navigation().await?;
        if viewer_nav.iter().any(|label| label == "Administration")
            || !viewer_nav.iter().any(|l| l == "Recommendations")
        {
            return Err(format!("viewer navigation: {viewer_nav:?}"));
        }
        Ok(())
    })
    .await;
}

/// An owner posts progress on their recommendation, sees the derived RAG's reason update
/// without a reload, and downloads the tracker; axe finds nothing on the way.
#[tokio::test]
async fn browser_owner_updates_a_recommendation_and_downloads_the_tracker() {
    with_browser(DbKind::Sqlite, async |browser: &Browser| {
        browser.sign_in("camden.lead@demo.linkway.test").await?;
        browser.open_hydrated("/recommendations/2").await?;
        browser.assert_accessible("/recommendations/2 (owner)").await?;
        let find = |css: &'static str| async move {
            browser.client.find(Locator::Css(css)).await.map_err(|e| format!("{css}: {e}"))
        };
        find("#status").await?.select_by_value("at_risk").await.map_err(|e| e.to_string())?;
        find("#commentary").await?.send_keys("Enfield's first meeting slipped to next month.").await.map_err(|e| e.to_string())?;
        find("#percent_complete").await?.send_keys("45").await.map_err(|e| e.to_string())?;
        find("#progress-form button[type=submit]").await?.click().await.map_err(|e| e.to_string())?;
        let expected = "Reported amber; derived red: milestone 'Steering group terms agreed' 21 days overdue";
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let reason = browser.text("#derived-rag-reason").await.unwrap_or_default();
            let latest = browser.text("#updates li").await.unwrap_or_default();
            if reason.starts_with(expected) && latest.contains("Enfield's first meeting slipped") {
                break;
            }
            if std::time::Instant::now() > deadline {
                return Err(format!("after posting, reason {reason:?} and latest update {latest:?}"));
            }
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        browser.assert_accessible("/recommendations/2 (after update)").await?;

        browser.open_hydrated("/recommendations").await?;
        let href = find("a[href^='/recommendations.xlsx']").await?.attr("href").await.map_err(|e| e.to_string())?.unwrap_or_default();
        let answer = browser
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1]; fetch(arguments[0]).then(async r => done([r.status, r.headers.get('content-type'), (await r.arrayBuffer()).byteLength])).catch(e => done([0, String(e), 0]));",
                vec![serde_json::Value::String(href.clone())],
            )
            .await
            .map_err(|e| e.to_string())?;
        let status = answer[0].as_u64().unwrap_or(0);
        let kind = answer[1].as_str().unwrap_or_default().to_owned();
        let size = answer[2].as_u64().unwrap_or(0);
        if status != 200 || !kind.contains("spreadsheetml") || size < 5_000 {
            return Err(format!("downloading {href}: status {status}, type {kind:?}, {size} bytes"));
        }
        Ok(())
    })
    .await;
}

/// The forms other roles see: an ICB lead's programme start, plan, borough-line forms and
/// history panel; a borough lead's edit form on their borough's plan action. Each renders,
/// hydrates and passes axe.
#[tokio::test]
async fn browser_planning_and_borough_action_forms_are_accessible() {
    with_browser(DbKind::Sqlite, async |browser: &Browser| {
        browser.sign_in("icb.lead@demo.linkway.test").await?;
        for (path, shown) in [
            ("/recommendations/overview", &["#programme_start"][..]),
            (
                "/recommendations/2",
                &["#lead_organisation", "#borough", "#history-heading"][..],
            ),
        ] {
            browser.open_hydrated(path).await?;
            for css in shown {
                browser.text(css).await?;
            }
            browser.assert_accessible(path).await?;
        }
        Ok(())
    })
    .await;
    with_browser(DbKind::Sqlite, async |browser: &Browser| {
        browser.sign_in("camden.lead@demo.linkway.test").await?;
        browser
            .open_hydrated("/borough-plans?borough=camden")
            .await?;
        let link = browser
            .client
            .find(Locator::Css("a[href^='/borough-plans/actions/']"))
            .await
            .map_err(|e| e.to_string())?
            .attr("href")
            .await
            .map_err(|e| e.to_string())?
            .unwrap_or_default();
        browser.open_hydrated(&link).await?;
        browser.text("#recommendations").await.map(|_| ())?;
        browser.assert_accessible(&link).await
    })
    .await;
}
