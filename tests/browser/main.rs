//! Browser tests in headless Chromium: every page renders on the server, hydrates (the
//! Menu button works), and passes an axe-core scan with zero violations.

use fantoccini::Locator;
use server_fn::ServerFn;
use tests::browser::{with_browser, with_browser_scripts, Browser, Scripts};
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
        browser.open(path).await?;
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
    browser_my_tasks: "/my-tasks" => "My tasks",
    browser_account: "/account" => "Your account",
    browser_borough_plans: "/borough-plans" => "Borough plans",
    browser_borough_action: "/borough-plans/actions/1" => "1) Widen Participation of SP Steering Group",
    browser_recommendation: "/recommendations/2" => "Create a SP Steering Group with a dedicated borough lead across each borough with representation from all sectors",
    browser_maturity: "/maturity" => "Maturity",
    browser_maturity_framework: "/maturity/framework" => "Maturity framework",
    browser_maturity_round: "/maturity/rounds/1" => "Baseline 2025",
    browser_maturity_borough: "/maturity/boroughs/barnet" => "Barnet: maturity over time",
    browser_maturity_domain: "/maturity/domains/4" => "Digital Systems and Enablers",
    browser_workforce: "/workforce" => "Workforce coverage",
    browser_unmet_need: "/unmet-need" => "Unmet need",
    browser_returns: "/returns" => "Quarterly returns",
    browser_return_period: "/returns/periods/1" => "Returns for 2024/25 Q1",
    browser_return_submission: "/returns/submissions/1" => "Barnet return for 2024/25 Q1, version 1",
    browser_return_settings: "/returns/settings" => "Populations, need themes and suppression",
    browser_chest: "/chest" => "Community chest",
    browser_chest_fund: "/chest/funds/1" => "Enfield Local Fund",
    browser_chest_round: "/chest/rounds/1" => "Edmonton small grants, winter 2026/27",
    browser_chest_vote_round: "/chest/rounds/3" => "Edmonton Green community vote, 2026",
    browser_apply: "/apply/1" => "Edmonton small grants, winter 2026/27",
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
            ("/admin/messages", "Email outbox"),
            ("/admin/areas", "London: ICBs, boroughs and PCNs"),
            ("/account/password", "Change your password"),
            ("/maturity/framework", "Maturity framework"),
        ] {
            browser.open(path).await?;
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

/// Pages are plain server-rendered HTML: a link loads the next page as a new document,
/// and the only code that runs in the browser is the islands' (the Menu button). The wasm
/// holds no page: it is fetched once and never asked for a page's data.
#[tokio::test]
async fn browser_links_load_server_rendered_pages_and_only_islands_run() {
    with_browser(DbKind::Sqlite, async |browser: &Browser| {
        browser.sign_in("viewer@demo.linkway.test").await?;
        browser.open("/").await?;
        // Mark this document: a new page load loses the mark.
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
        if same_document != serde_json::Value::Bool(false) {
            return Err("following a link did not load the page from the server".into());
        }
        browser.assert_ready("/recommendations").await?;
        // The islands on the page are the header's Menu button, the table search and the
        // one that sends forms in place; the page asked the server for no data after it
        // loaded (no server function calls).
        let islands = browser
            .client
            .execute(
                "return [...document.querySelectorAll('leptos-island')].map(i => i.getAttribute('data-component'));",
                vec![],
            )
            .await
            .map_err(|e| e.to_string())?;
        // An island's name carries a hash: `MenuToggle_16917506096884297154`.
        let islands: Vec<String> = islands
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|island| island.as_str())
            .map(|island| island.rsplit_once('_').map_or(island, |(name, _)| name).to_owned())
            .collect();
        if islands != ["MenuToggle", "TableSearch", "InPlaceForms"] {
            return Err(format!("islands on /recommendations: {islands:?}"));
        }
        let calls = browser
            .client
            .execute(
                "return performance.getEntriesByType('resource').map(r => r.name).filter(n => n.includes('/api/'));",
                vec![],
            )
            .await
            .map_err(|e| e.to_string())?;
        if calls != serde_json::json!([]) {
            return Err(format!("the page called server functions: {calls}"));
        }
        browser
            .assert_accessible("/recommendations (after following a link)")
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
        browser.open("/recommendations/2").await?;
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
        // The NHS success banner says so and takes focus; the form is empty for the next.
        let banner = browser.text("#saved-banner").await?;
        if !banner.contains("Your progress update has been posted") {
            return Err(format!("success banner {banner:?}"));
        }
        let focused = browser.client.execute("return document.activeElement.id;", vec![]).await.map_err(|e| e.to_string())?;
        if focused.as_str() != Some("saved-banner") {
            return Err(format!("focus after saving: {focused:?}"));
        }
        let commentary = find("#commentary").await?.prop("value").await.map_err(|e| e.to_string())?;
        if commentary.as_deref() != Some("") {
            return Err(format!("the form keeps {commentary:?} after saving"));
        }
        browser.assert_accessible("/recommendations/2 (after update)").await?;

        browser.open("/recommendations").await?;
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

/// How the page's last form post was answered: [whether it was sent in place (the page
/// never reloaded), its status, the address shown]. A post sent in place is the page's
/// last fetch of its own address; a plain post is the page's navigation.
const ANSWERED: &str = "const stayed = window.linkwayStayed === true; \
    const fetched = performance.getEntriesByType('resource').filter(e => e.initiatorType === 'fetch' && new URL(e.name).pathname === location.pathname); \
    const answer = stayed ? fetched[fetched.length - 1] : performance.getEntriesByType('navigation')[0]; \
    return [stayed, answer ? answer.responseStatus : null, location.pathname + location.search];";

/// A progress update the NHS way, with scripts on and off: the first try has problems.
/// The summary lists them in form order (not alphabetically), is in view with focus, and
/// the title starts "Error:". Each link leads to its field, fields in error take the error
/// style, what was typed stays, and the answer is a 422 at the page's own clean address.
/// The corrected form saves with the success banner in focus and the form empty; posting
/// the same form again stores nothing more. With scripts both answers arrive in place (the
/// page never reloads); without, as page loads. Axe finds nothing.
async fn progress_update_journey(scripts: Scripts) {
    with_browser_scripts(DbKind::Sqlite, scripts, async |browser: &Browser| {
        browser.sign_in("camden.lead@demo.linkway.test").await?;
        browser.open("/recommendations/2").await?;
        let find = |css: &'static str| async move {
            browser.client.find(Locator::Css(css)).await.map_err(|e| format!("{css}: {e}"))
        };
        let script = |js: &'static str| async move {
            browser.client.execute(js, vec![]).await.map_err(|e| format!("{js}: {e}"))
        };
        // A percentage out of range and evidence not https: alphabetically evidence would
        // come before percent complete; the form asks it after.
        let commentary = "Terms of reference drafted; first meeting booked.";
        find("#commentary").await?.send_keys(commentary).await.map_err(|e| e.to_string())?;
        find("#percent_complete").await?.send_keys("150").await.map_err(|e| e.to_string())?;
        find("#evidence").await?.send_keys("http://example.org/minutes").await.map_err(|e| e.to_string())?;
        // Forgotten if the page reloads: with scripts the form is sent in place.
        script("window.linkwayStayed = true;").await?;
        find("#progress-form button[type=submit]").await?.click().await.map_err(|e| e.to_string())?;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while browser.client.find(Locator::Css(".nhsuk-error-summary a")).await.is_err() {
            if std::time::Instant::now() > deadline {
                return Err("no error summary after posting an invalid update".into());
            }
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        let links = script("return [...document.querySelectorAll('.nhsuk-error-summary a')].map(a => a.getAttribute('href'));").await?;
        let links: Vec<&str> = links.as_array().into_iter().flatten().filter_map(|l| l.as_str()).collect();
        if links != ["#percent_complete", "#evidence"] {
            return Err(format!("summary links in form order, got {links:?}"));
        }
        let focused = script("return document.activeElement.className;").await?;
        if focused.as_str() != Some("nhsuk-error-summary") {
            return Err(format!("focus on the summary, got {focused:?}"));
        }
        let in_view = script("const r = document.querySelector('.nhsuk-error-summary').getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight;").await?;
        if in_view != serde_json::Value::Bool(true) {
            return Err("the error summary is not in view".into());
        }
        let title = browser.title().await?;
        if !title.starts_with("Error: ") || !title.ends_with("– Linkway") {
            return Err(format!("title {title:?}"));
        }
        let answer = script(ANSWERED).await?;
        let in_place = scripts == Scripts::On;
        if answer != serde_json::json!([in_place, 422, "/recommendations/2"]) {
            return Err(format!("the refused post was answered [in place, status, address] {answer}"));
        }
        // The header still works as it should (this moves focus to the Menu button).
        browser.assert_ready("/recommendations/2 (with problems)").await?;
        let border = script("return getComputedStyle(document.getElementById('percent_complete')).borderTopColor;").await?;
        if border.as_str() != Some("rgb(213, 40, 27)") {
            return Err(format!("percent complete's border {border:?}"));
        }
        for (css, kept) in [("#percent_complete", "150"), ("#commentary", commentary)] {
            let typed = find(css).await?.prop("value").await.map_err(|e| e.to_string())?;
            if typed.as_deref() != Some(kept) {
                return Err(format!("{css} kept {typed:?}"));
            }
        }
        browser.assert_accessible("/recommendations/2 (with problems)").await?;
        find(".nhsuk-error-summary a[href='#percent_complete']").await?.click().await.map_err(|e| e.to_string())?;
        let reached = script("const r = document.getElementById('percent_complete').getBoundingClientRect(); return [document.activeElement.id, location.hash, r.top >= 0 && r.bottom <= window.innerHeight];").await?;
        // With scripts the summary's island focuses the field; without, the link jumps to
        // it (the browser focuses the field it jumps to). Either way it is in view.
        let expected = match scripts {
            Scripts::On => serde_json::json!(["percent_complete", "", true]),
            Scripts::Off => serde_json::json!(["percent_complete", "#percent_complete", true]),
        };
        if reached != expected {
            return Err(format!("the summary link reached [focus, hash] {reached}"));
        }

        // Corrected: the update saves once, however often the same form is sent.
        find("#status").await?.select_by_value("on_track").await.map_err(|e| e.to_string())?;
        for css in ["#percent_complete", "#evidence"] {
            find(css).await?.clear().await.map_err(|e| e.to_string())?;
        }
        find("#percent_complete").await?.send_keys("40").await.map_err(|e| e.to_string())?;
        let sent = script("return new URLSearchParams(new FormData(document.getElementById('progress-form'))).toString();").await?;
        find("#progress-form button[type=submit]").await?.click().await.map_err(|e| e.to_string())?;
        let banner = wait_for_text(browser, "#saved-banner", "Your progress update has been posted").await?;
        let focused = script("return [document.activeElement.id, location.pathname + location.search + location.hash, window.linkwayStayed === true];").await?;
        if focused != serde_json::json!(["saved-banner", "/recommendations/2", in_place]) {
            return Err(format!("after saving ({banner:?}), [focus, address, in place] {focused}"));
        }
        browser.assert_ready("/recommendations/2 (saved)").await?;
        let emptied = find("#commentary").await?.prop("value").await.map_err(|e| e.to_string())?;
        if emptied.as_deref() != Some("") {
            return Err(format!("the form keeps {emptied:?} after saving"));
        }
        browser.assert_accessible("/recommendations/2 (saved)").await?;
        let again = browser
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1]; fetch(location.pathname, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: arguments[0] }).then(r => done(r.status)).catch(e => done(String(e)));",
                vec![sent],
            )
            .await
            .map_err(|e| e.to_string())?;
        if again.as_u64() != Some(200) {
            return Err(format!("sending the same form again was answered {again}"));
        }
        browser.open("/recommendations/2").await?;
        let stored = script("return [...document.querySelectorAll('#updates li')].filter(li => li.textContent.includes('Terms of reference drafted')).length;").await?;
        if stored != serde_json::json!(1) {
            return Err(format!("the update is stored {stored} times"));
        }
        Ok(())
    })
    .await;
}

/// "Someone else saved this first", with scripts on and off: the ICB lead edits the lead
/// organisation while someone else saves the plan. The save is refused with a 409, the
/// error summary says so in focus, what was typed stays, and saving again (now a
/// deliberate overwrite) stores it. With scripts all of it happens in place.
async fn conflict_journey(scripts: Scripts) {
    with_browser_scripts(DbKind::Sqlite, scripts, async |browser: &Browser| {
        browser.sign_in("icb.lead@demo.linkway.test").await?;
        browser.open("/recommendations/2").await?;
        let script = |js: &'static str| async move {
            browser.client.execute(js, vec![]).await.map_err(|e| format!("{js}: {e}"))
        };
        // The plan form is folded below the summary list; "Change" opens it at its field.
        click(browser, "a[href$='#lead_organisation']").await?;
        let mut opened = serde_json::Value::Null;
        for _ in 0..50 {
            opened = script("return location.search === '?change=plan' && document.getElementById('change-plan').open;").await?;
            if opened == serde_json::json!(true) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        if opened != serde_json::json!(true) {
            return Err(format!("\"Change\" left the plan form folded: {opened}"));
        }
        let loaded = script("const f = document.getElementById('lead_organisation').form; return [f.elements.version.value, f.elements.owner.value];").await?;
        let (Some(version), Some(owner)) = (loaded[0].as_str(), loaded[1].as_str()) else {
            return Err(format!("the plan form holds {loaded}"));
        };
        let field = browser.client.find(Locator::Css("#lead_organisation")).await.map_err(|e| e.to_string())?;
        field.clear().await.map_err(|e| e.to_string())?;
        field.send_keys("Whittington Health").await.map_err(|e| e.to_string())?;

        // Someone else saves the plan from the version this page loaded.
        let other = browser.app.sign_in("icb.lead@demo.linkway.test").await;
        let saved: Result<(), app::error::AppError> = tests::call(
            &browser.app,
            app::recommendations::UpdatePlan::PATH,
            &[("number", "2"), ("owner", owner), ("lead_organisation", "Camden Council"), ("version", version)],
            &other,
        )
        .await;
        saved.map_err(|e| format!("the other save: {e:?}"))?;

        script("window.linkwayStayed = true;").await?;
        let save = "form[aria-labelledby='plan-heading'] button[type=submit]";
        click(browser, save).await?;
        let summary = wait_for_text(browser, ".nhsuk-error-summary", "Someone else saved this first").await?;
        let answer = script(ANSWERED).await?;
        let in_place = scripts == Scripts::On;
        // The page's own address, as the "Change" link opened it.
        if answer != serde_json::json!([in_place, 409, "/recommendations/2?change=plan"]) {
            return Err(format!("the refusal ({summary:?}) was answered [in place, status, address] {answer}"));
        }
        let now = script("return [document.activeElement.className, document.getElementById('lead_organisation').value];").await?;
        if now != serde_json::json!(["nhsuk-error-summary", "Whittington Health"]) {
            return Err(format!("after the refusal [focus, typed] {now}"));
        }
        browser.assert_accessible("/recommendations/2 (someone else saved first)").await?;

        click(browser, save).await?;
        wait_for_text(browser, "#saved-banner", "saved").await?;
        let stored = script("return [document.getElementById('lead_organisation').value, window.linkwayStayed === true];").await?;
        if stored != serde_json::json!(["Whittington Health", in_place]) {
            return Err(format!("after saving again [stored, in place] {stored}"));
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
            // The load from a spreadsheet, opened on a missing file's message.
            (
                "/recommendations?missing_file=1",
                &["#load-heading", "#file"][..],
            ),
        ] {
            browser.open(path).await?;
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
        browser.open("/borough-plans?borough=camden").await?;
        let link = browser
            .client
            .find(Locator::Css("a[href^='/borough-plans/actions/']"))
            .await
            .map_err(|e| e.to_string())?
            .attr("href")
            .await
            .map_err(|e| e.to_string())?
            .unwrap_or_default();
        browser.open(&link).await?;
        browser.text("#recommendations").await.map(|_| ())?;
        browser.assert_accessible(&link).await
    })
    .await;
}

/// WebDriver's codes for the keys a keyboard user presses.
const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const SPACE: &str = "\u{E00D}";
const ARROW_DOWN: &str = "\u{E015}";

/// Waits up to 20 seconds for the text of `css` to contain `wanted`.
async fn wait_for_text(browser: &Browser, css: &str, wanted: &str) -> Result<String, String> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let text = browser.text(css).await.unwrap_or_default();
        if text.contains(wanted) {
            return Ok(text);
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("{css} shows {text:?}, not {wanted:?}"));
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

async fn click(browser: &Browser, css: &str) -> Result<(), String> {
    browser
        .client
        .find(Locator::Css(css))
        .await
        .map_err(|e| format!("{css}: {e}"))?
        .click()
        .await
        .map_err(|e| format!("{css}: {e}"))
}

async fn type_into(browser: &Browser, css: &str, text: &str) -> Result<(), String> {
    browser
        .client
        .find(Locator::Css(css))
        .await
        .map_err(|e| format!("{css}: {e}"))?
        .send_keys(text)
        .await
        .map_err(|e| format!("{css}: {e}"))
}

/// The value a form field holds now.
async fn value_of(browser: &Browser, id: &str) -> Result<String, String> {
    Ok(browser
        .client
        .find(Locator::Id(id))
        .await
        .map_err(|e| format!("#{id}: {e}"))?
        .prop("value")
        .await
        .map_err(|e| format!("#{id}: {e}"))?
        .unwrap_or_default())
}

/// Empties a field, then types `text` into it.
async fn retype(browser: &Browser, id: &str, text: &str) -> Result<(), String> {
    let field = browser
        .client
        .find(Locator::Id(id))
        .await
        .map_err(|e| format!("#{id}: {e}"))?;
    field.clear().await.map_err(|e| format!("#{id}: {e}"))?;
    field
        .send_keys(text)
        .await
        .map_err(|e| format!("#{id}: {e}"))
}

/// Sets a date field's value (the test's own script: a date picker is the browser's).
async fn set_date(browser: &Browser, id: &str, day: &str) -> Result<(), String> {
    browser
        .client
        .execute(
            "document.getElementById(arguments[0]).value = arguments[1];",
            vec![id.into(), day.into()],
        )
        .await
        .map(|_| ())
        .map_err(|e| format!("#{id}: {e}"))
}

async fn select(browser: &Browser, css: &str, value: &str) -> Result<(), String> {
    browser
        .client
        .find(Locator::Css(css))
        .await
        .map_err(|e| format!("{css}: {e}"))?
        .select_by_value(value)
        .await
        .map_err(|e| format!("{css} = {value}: {e}"))
}

/// Keys typed where the focus is.
async fn press(browser: &Browser, keys: &str) -> Result<(), String> {
    browser
        .client
        .active_element()
        .await
        .map_err(|e| e.to_string())?
        .send_keys(keys)
        .await
        .map_err(|e| e.to_string())
}

async fn switch_user(browser: &Browser, email: &str) -> Result<(), String> {
    browser
        .client
        .delete_all_cookies()
        .await
        .map_err(|e| e.to_string())?;
    browser.sign_in(email).await
}

/// A round end to end: the Camden lead starts it and adds two raters; the lead rates by
/// keyboard alone, the submitter with the mouse (seeing no one else's ratings until they
/// submit); the lead moderates, accepts a gap action, agrees and publishes; the heatmap
/// then shows the new levels. Axe scans the heatmap, round and moderation pages.
async fn maturity_round_journey(scripts: Scripts) {
    with_browser_scripts(DbKind::Sqlite, scripts, async |browser: &Browser| {
        let id_of = async |email: &str| -> Result<String, String> {
            let sql = format!("SELECT id FROM users WHERE email_key = '{email}'");
            app::on_conn!(&mut browser.app.db.conn().await.unwrap(), pool => sqlx::query_scalar::<_, i64>(&sql).fetch_one(pool).await)
                .map(|id| id.to_string())
                .map_err(|e| e.to_string())
        };
        let lead = "camden.lead@demo.linkway.test";
        let submitter = "camden.submitter@demo.linkway.test";
        browser.sign_in(lead).await?;
        browser.open("/maturity").await?;
        browser.assert_accessible("/maturity (borough lead)").await?;
        type_into(browser, "#title", "Winter 2026 self-assessment").await?;
        click(browser, "form[aria-labelledby='start-heading'] button").await?;
        wait_for_text(browser, "h1", "Winter 2026 self-assessment").await?;
        let round = browser.client.current_url().await.map_err(|e| e.to_string())?.path().to_owned();
        for email in [lead, submitter] {
            select(browser, "#participant", &id_of(email).await?).await?;
            click(browser, "form[aria-label='Add a participant'] button").await?;
            let name = if email == lead { "Cam Lead" } else { "Sam Submitter" };
            wait_for_text(browser, "#participants", name).await?;
        }
        browser.assert_accessible(&format!("{round} (draft)")).await?;
        click(browser, "#move-round").await?;
        wait_for_text(browser, "#round-status", "Scoring").await?;

        // The lead rates every domain with the keyboard: Space picks level 1, two arrow
        // presses move to level 3, Tab goes on to the evidence and rationale.
        browser.text("#level_1").await.map(|_| ())?;
        browser
            .client
            .execute("document.getElementById('level_1').focus();", vec![])
            .await
            .map_err(|e| e.to_string())?;
        for domain in 1..=6 {
            press(browser, SPACE).await?;
            press(browser, ARROW_DOWN).await?;
            press(browser, ARROW_DOWN).await?;
            press(browser, TAB).await?;
            press(browser, &format!("Keyboard evidence {domain}")).await?;
            press(browser, TAB).await?;
            press(browser, TAB).await?;
        }
        // Enter on "Continue" shows the ratings to check; then they are submitted.
        press(browser, ENTER).await?;
        wait_for_text(browser, "#check-ratings", "Keyboard evidence 6").await?;
        browser.assert_accessible(&format!("{round} (check your ratings)")).await?;
        click(browser, "#submit-ratings").await?;
        wait_for_text(browser, "#ratings", "Keyboard evidence 6").await?;
        let ratings = browser.text("#ratings").await?;
        if ratings.matches("3 Established").count() != 6 {
            return Err(format!("the lead's ratings: {ratings}"));
        }

        // The submitter sees none of the lead's ratings until they submit theirs.
        switch_user(browser, submitter).await?;
        browser.open(&round).await?;
        let hidden = browser.text(".nhsuk-inset-text").await?;
        if !hidden.contains("until you submit your own") || browser.text("#ratings").await.is_ok() {
            return Err(format!("before submitting the submitter sees: {hidden}"));
        }
        browser.assert_accessible(&format!("{round} (rating form)")).await?;
        for domain in 1..=6 {
            click(browser, &format!("#level_{domain}-2")).await?;
            type_into(browser, &format!("#evidence_{domain}"), &format!("Submitter evidence {domain}")).await?;
        }
        click(browser, "#continue-ratings").await?;
        wait_for_text(browser, "#check-ratings", "2 Developing").await?;
        click(browser, "#submit-ratings").await?;
        wait_for_text(browser, "#ratings", "Keyboard evidence 1").await?;

        // The lead moderates: spread, agreed levels, a gap action; agrees and publishes.
        switch_user(browser, lead).await?;
        // Closing scoring (below the lead's own form) asks first, naming who is missing.
        browser.open(&round).await?;
        click(browser, "#move-round").await?;
        wait_for_text(browser, "#check-move-heading", "Close scoring?").await?;
        wait_for_text(browser, "main", "Every participant has submitted").await?;
        browser.assert_accessible(&format!("{round} (close scoring?)")).await?;
        click(browser, "#confirm-move").await?;
        wait_for_text(browser, "#round-status", "Moderation").await?;
        wait_for_text(browser, "#domains", "Not yet agreed").await?;
        let moderation = format!("{round}/moderation");
        browser.open(&moderation).await?;
        wait_for_text(browser, "#domains", "lowest 2 Developing, highest 3 Established").await?;
        wait_for_text(browser, "#domains-done", "0 of 6 domains agreed").await?;
        browser.assert_accessible(&moderation).await?;
        for domain in 1..=6 {
            let page = format!("{moderation}/{domain}");
            browser.open(&page).await?;
            if domain == 1 {
                wait_for_text(browser, "#spread-1", "lowest 2 Developing, highest 3 Established").await?;
                browser.assert_accessible(&page).await?;
            }
            select(browser, &format!("#level_{domain}"), "3").await?;
            select(browser, &format!("#target_level_{domain}"), if domain == 4 { "4" } else { "3" }).await?;
            type_into(browser, &format!("#rationale_{domain}"), "Agreed at the steering group").await?;
            click(browser, &format!("form[aria-labelledby='decide-{domain}-heading'] button")).await?;
            wait_for_text(browser, &format!("#agreed-{domain}"), "Agreed: 3 Established").await?;
            if domain == 4 {
                wait_for_text(browser, "#gap-4", "Raise Digital Systems and Enablers from 3 Established to 4 Embedded").await?;
                click(browser, "form[aria-labelledby='gap-4-heading'] button").await?;
                wait_for_text(browser, "#gap-4-heading", "Accepted").await?;
                browser.assert_accessible(&format!("{page} (decided)")).await?;
            }
        }
        browser.open(&moderation).await?;
        wait_for_text(browser, "#domains-done", "6 of 6 domains agreed").await?;
        click(browser, "#agree-round").await?;
        wait_for_text(browser, "main", "no longer in moderation").await?;
        // Publishing shows what every borough will see before it is shared.
        browser.open(&round).await?;
        wait_for_text(browser, "#gap-actions", "Raise Digital Systems and Enablers").await?;
        click(browser, "#move-round").await?;
        wait_for_text(browser, "#publish-summary", "3 Established").await?;
        browser.assert_accessible(&format!("{round} (check before publishing)")).await?;
        click(browser, "#confirm-move").await?;
        wait_for_text(browser, "#round-status", "Published").await?;
        browser.assert_accessible(&format!("{round} (published)")).await?;

        // The heatmap now shows Camden's new round: 3 everywhere.
        switch_user(browser, "viewer@demo.linkway.test").await?;
        browser.open("/maturity").await?;
        let row = browser.text("#heatmap tbody tr:nth-child(2)").await?;
        if !row.contains("Camden") || row.matches("Established").count() != 6 {
            return Err(format!("Camden's heatmap row: {row}"));
        }
        browser.assert_accessible("/maturity (after publishing)").await
    })
    .await;
}

/// A return end to end: a new quarter opens; the Camden submitter follows a link to it,
/// signs in and lands there, sees it owed on home, downloads the template, uploads a file
/// with errors and sees every problem with its cell, uploads a clean one; the task moves to
/// the Camden lead, who signs it off from home; the coverage and unmet need pages then count
/// it. Axe scans every page on the way.
async fn return_journey(scripts: Scripts) {
    use app::returns::template::{template, Cell, Fill, TemplateSpec, TEMPLATE_VERSION};
    with_browser_scripts(DbKind::Sqlite, scripts, async |browser: &Browser| {
        let db = &browser.app.db;
        // A new quarter opens, due in ten days: Camden owes it.
        let icb_lead = browser.app.sign_in("icb.lead@demo.linkway.test").await;
        let opened = tests::open_return_period(&browser.app, &icb_lead, "2030", 1, [-10, 10, 40])
            .await
            .map_err(|e| format!("opening a period: {e:?}"))?;
        let period = app::returns::db::periods(&mut db.conn().await.map_err(|e| e.to_string())?).await.map_err(|e| e.to_string())?
            .into_iter()
            .find(|p| p.id == opened)
            .ok_or("the period just opened")?;
        let themes = app::returns::db::themes(&mut db.conn().await.map_err(|e| e.to_string())?).await.map_err(|e| e.to_string())?;
        let spec = TemplateSpec {
            borough_code: "camden".into(),
            borough_name: "Camden".into(),
            period_code: period.code(),
            due_on: period.due_on.to_string(),
            version: TEMPLATE_VERSION,
            themes: themes.into_iter().map(|t| t.name).collect(),
            pcns: Vec::new(),
        };
        let text = |v: &str| Cell::Text(v.into());
        let fill = |wte: f64| Fill {
            people_referred: Cell::Number(300.0),
            workforce: vec![vec![text("Borough-wide"), text("Social prescribing link worker"), text("VCSE"), Cell::Number(22.0), Cell::Number(wte), Cell::Empty]],
            referrals: vec![vec![text("Carers"), Cell::Number(30.0)]],
            unmet_needs: vec![vec![text("Digital exclusion"), Cell::Number(3.0), Cell::Empty, text("No service"), Cell::Empty]],
            outcomes: Vec::new(),
        };
        let folder = std::env::temp_dir().join(format!("linkway-browser-{}", std::process::id()));
        std::fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
        let write = |name: &str, fill: &Fill| -> Result<String, String> {
            let bytes = template(&spec, fill).and_then(|mut w| w.save_to_buffer()).map_err(|e| e.to_string())?;
            let path = folder.join(name);
            std::fs::write(&path, bytes).map_err(|e| e.to_string())?;
            Ok(path.display().to_string())
        };
        let broken = write("camden-broken.xlsx", &fill(30.0))?;
        let clean = write("camden-clean.xlsx", &fill(21.0))?;
        let page = format!("/returns/periods/{}/boroughs/camden", period.id);

        // A link to the return (as a chasing email carries) survives signing in.
        browser.sign_in_from(&page, "camden.submitter@demo.linkway.test").await?;
        let landed = browser.client.current_url().await.map_err(|e| e.to_string())?;
        if landed.path() != page {
            return Err(format!("signing in from {page} landed on {landed}"));
        }
        // Home says what the submitter owes, with the way to it.
        let upload_task = format!("Upload Camden's {} return", period.code());
        browser.open("/").await?;
        wait_for_text(browser, "#pressing-tasks", &upload_task).await?;
        browser.assert_accessible("/ (the submitter's tasks)").await?;
        click(browser, &format!("#pressing-tasks a[href='{page}']")).await?;
        wait_for_text(browser, "h1", "Camden return for").await?;
        browser.assert_accessible(&format!("{page} (submitter)")).await?;
        let href = browser.client.find(Locator::Css("#template-link")).await.map_err(|e| e.to_string())?
            .attr("href").await.map_err(|e| e.to_string())?.unwrap_or_default();
        let answer = browser.client.execute_async(
            "const done = arguments[arguments.length - 1]; fetch(arguments[0]).then(async r => done([r.status, r.headers.get('content-type'), (await r.arrayBuffer()).byteLength])).catch(e => done([0, String(e), 0]));",
            vec![serde_json::Value::String(href.clone())],
        ).await.map_err(|e| e.to_string())?;
        if answer[0].as_u64() != Some(200) || !answer[1].as_str().unwrap_or_default().contains("spreadsheetml") {
            return Err(format!("downloading the template {href}: {answer:?}"));
        }

        type_into(browser, "#file", &broken).await?;
        click(browser, "#upload-button").await?;
        wait_for_text(browser, "h1", "There is 1 problem with this return").await?;
        wait_for_text(browser, "#problems", "Workforce!E4: WTE (30) cannot be more than the headcount (22)").await?;
        browser.assert_ready("attempt").await?;
        browser.assert_accessible("upload with errors").await?;

        browser.open(&page).await?;
        type_into(browser, "#file", &clean).await?;
        click(browser, "#upload-button").await?;
        wait_for_text(browser, "#accepted", "Return received").await?;
        browser.assert_ready("accepted").await?;
        browser.assert_accessible("clean upload").await?;

        // The task has moved: the submitter owes nothing for it, the lead owes the sign-off.
        browser.open("/").await?;
        wait_for_text(browser, "#what-needs-you", "What needs you").await?;
        if browser.text("main").await?.contains(&upload_task) {
            return Err("the upload is still the submitter's task after uploading".into());
        }
        switch_user(browser, "camden.lead@demo.linkway.test").await?;
        browser.open("/").await?;
        let sign_off_task = format!("Sign off Camden's {} return (version 1)", period.code());
        wait_for_text(browser, "#pressing-tasks", &sign_off_task).await?;
        browser.assert_accessible("/ (the lead's tasks)").await?;
        browser.open("/my-tasks").await?;
        let line = wait_for_text(browser, "#my-tasks", &sign_off_task).await?;
        let status = browser
            .client
            .execute(
                "return [...document.querySelectorAll('#my-tasks li')].filter(li => li.textContent.includes(arguments[0])).map(li => li.querySelector('.nhsuk-task-list__status').textContent.trim());",
                vec![serde_json::Value::String(sign_off_task.clone())],
            )
            .await
            .map_err(|e| e.to_string())?;
        if status != serde_json::json!(["Due soon"]) {
            return Err(format!("the sign-off task's status {status} in {line}"));
        }
        browser.assert_accessible("/my-tasks (the lead's)").await?;
        browser.open("/").await?;
        click(browser, &format!("#pressing-tasks a[href='{page}']")).await?;
        wait_for_text(browser, "#sign-off-link", "Check version 1 and sign it off").await?;
        browser.assert_accessible(&format!("{page} (lead)")).await?;
        click(browser, "#sign-off-link").await?;
        // The version's page is the check: its figures, the declaration, the button.
        wait_for_text(browser, "#sign-off-heading", "Sign off version 1").await?;
        browser.assert_accessible("the version to sign off").await?;
        click(browser, "#sign-off").await?;
        wait_for_text(browser, ".nhsuk-error-summary", "Tick the declaration").await?;
        browser.assert_accessible("sign-off without the declaration").await?;
        click(browser, "#declaration").await?;
        click(browser, "#sign-off").await?;
        wait_for_text(browser, "#submission-status", "Signed off").await?;
        browser.open(&page).await?;
        wait_for_text(browser, "#return-state", "Signed off").await?;
        wait_for_text(browser, "#versions", "Counts").await?;
        browser.open("/").await?;
        wait_for_text(browser, "#what-needs-you", "What needs you").await?;
        if browser.text("main").await?.contains(&sign_off_task) {
            return Err("the sign-off is still the lead's task after signing off".into());
        }

        browser.open("/workforce").await?;
        let camden = wait_for_text(browser, "#coverage tbody tr:nth-child(2)", "Camden").await?;
        if !camden.contains("21") || !camden.contains("0.70") {
            return Err(format!("Camden's coverage after sign-off: {camden}"));
        }
        browser.assert_accessible("/workforce (after sign-off)").await?;
        browser.open("/unmet-need").await?;
        let digital = wait_for_text(browser, "#by-borough", "Digital exclusion").await?;
        if !digital.contains("<5") {
            return Err(format!("a borough lead sees small counts suppressed: {digital}"));
        }
        browser.assert_accessible("/unmet-need (borough lead)").await?;
        let _ = std::fs::remove_dir_all(&folder);
        Ok(())
    })
    .await;
}

/// The returns pages an ICB lead and an administrator see, with their forms.
#[tokio::test]
async fn browser_returns_forms_are_accessible() {
    with_browser(DbKind::Sqlite, async |browser: &Browser| {
        browser.sign_in("icb.lead@demo.linkway.test").await?;
        for (path, shown) in [
            ("/returns", "#financial_year"),
            ("/unmet-need", "#suppression-notice"),
        ] {
            browser.open(path).await?;
            browser.text(shown).await?;
            browser
                .assert_accessible(&format!("{path} (ICB lead)"))
                .await?;
        }
        // Populations, targets and the threshold are shared by every ICB: the
        // administrators' forms.
        switch_user(browser, "admin@demo.linkway.test").await?;
        browser.open("/returns/settings").await?;
        for shown in ["#population", "#per_10k", "#threshold"] {
            browser.text(shown).await?;
        }
        browser.assert_accessible("/returns/settings (admin)").await
    })
    .await;
}

/// The tracker's live search, with scripts: typing narrows the rows in place and says how
/// many show. Without scripts the box stays hidden (it could not work) and every row shows;
/// the page's GET filters remain.
async fn tracker_search(scripts: Scripts) {
    with_browser_scripts(DbKind::Sqlite, scripts, async |browser: &Browser| {
        browser.sign_in("viewer@demo.linkway.test").await?;
        browser.open("/recommendations").await?;
        let visible_rows = "return [...document.querySelectorAll('#tracker tbody tr')].filter(r => !r.hidden).length;";
        let search = browser
            .client
            .find(Locator::Id("tracker-search"))
            .await
            .map_err(|e| e.to_string())?;
        match scripts {
            Scripts::On => {
                let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
                while !search.is_displayed().await.map_err(|e| e.to_string())? {
                    if std::time::Instant::now() > deadline {
                        return Err("the search box never showed".into());
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
                }
                search.send_keys("steering group").await.map_err(|e| e.to_string())?;
                let said = wait_for_text(browser, ".linkway-table-search [aria-live]", " of 21 shown").await?;
                let shown: usize = said.split(' ').next().and_then(|n| n.parse().ok()).unwrap_or(0);
                let visible = browser.client.execute(visible_rows, vec![]).await.map_err(|e| e.to_string())?;
                if shown == 0 || shown >= 21 || visible != serde_json::json!(shown) {
                    return Err(format!("searching says {said:?} with {visible} rows visible"));
                }
                browser.assert_accessible("/recommendations (searched)").await?;
                search.clear().await.map_err(|e| e.to_string())?;
                search.send_keys(" ").await.map_err(|e| e.to_string())?;
                let visible = browser.client.execute(visible_rows, vec![]).await.map_err(|e| e.to_string())?;
                if visible != serde_json::json!(21) {
                    return Err(format!("an empty search shows {visible} rows"));
                }
            }
            Scripts::Off => {
                if search.is_displayed().await.map_err(|e| e.to_string())? {
                    return Err("a search box that cannot work is shown".into());
                }
                let visible = browser.client.execute(visible_rows, vec![]).await.map_err(|e| e.to_string())?;
                if visible != serde_json::json!(21) {
                    return Err(format!("{visible} rows show without scripts"));
                }
                browser.assert_accessible("/recommendations (no scripts)").await?;
            }
        }
        Ok(())
    })
    .await;
}

/// At phone width (390 px) no page scrolls sideways — wide tables and charts scroll in
/// their own region — and every chart's smallest text is at least 12 CSS px as drawn.
#[tokio::test]
async fn browser_pages_fit_a_phone_and_chart_text_stays_readable() {
    with_browser(DbKind::Sqlite, async |browser: &Browser| {
        // The regional lead reads every page below, the whole audit trail included.
        browser.sign_in("regional.lead@demo.linkway.test").await?;
        for path in [
            "/recommendations",
            "/recommendations/overview",
            "/workforce",
            "/maturity/boroughs/barnet",
            "/admin/audit",
        ] {
            browser.open(path).await?;
            browser
                .client
                .set_window_size(390, 900)
                .await
                .map_err(|e| e.to_string())?;
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            let measured = browser
                .client
                .execute(
                    "const sizes = [...document.querySelectorAll('svg.linkway-chart text')] \
                        .map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a); \
                     return [document.documentElement.scrollWidth, window.innerWidth, \
                        sizes.length ? Math.min(...sizes) : null, sizes.length];",
                    vec![],
                )
                .await
                .map_err(|e| e.to_string())?;
            browser
                .client
                .set_window_size(1280, 900)
                .await
                .map_err(|e| e.to_string())?;
            let number = |index: usize| measured[index].as_f64();
            match (number(0), number(1)) {
                (Some(page), Some(viewport)) if page <= viewport => {}
                _ => {
                    return Err(format!(
                        "{path} scrolls sideways at 390 px: [page, viewport, …] {measured}"
                    ))
                }
            }
            if path != "/recommendations"
                && path != "/admin/audit"
                && measured[3].as_u64().unwrap_or(0) == 0
            {
                return Err(format!("{path}: no chart text found to measure"));
            }
            if let Some(smallest) = number(2) {
                if smallest < 12.0 {
                    return Err(format!("{path}: chart text drawn at {smallest:.1} px"));
                }
            }
        }
        Ok(())
    })
    .await;
}

/// The core journeys, each run twice: with Linkway's scripts, and with every script and
/// wasm file refused (a browser without JavaScript, or a bundle that never arrives).
macro_rules! both_ways {
    ($($journey:ident),+ $(,)?) => {
        mod browser_with_scripts {
            $(
                #[tokio::test]
                async fn $journey() {
                    super::$journey(tests::browser::Scripts::On).await;
                }
            )+
        }
        mod browser_without_scripts {
            $(
                #[tokio::test]
                async fn $journey() {
                    super::$journey(tests::browser::Scripts::Off).await;
                }
            )+
        }
    };
}

/// The Camden submitter chooses how they get each kind of email on their account page,
/// reached from their name in the header: "Not at all" for a return opening, the rest as
/// they were;
/// the choice is saved and shown again on a fresh load. Axe scans the page after saving.
async fn email_choices_journey(scripts: Scripts) {
    with_browser_scripts(DbKind::Sqlite, scripts, async |browser: &Browser| {
        browser
            .sign_in("camden.submitter@demo.linkway.test")
            .await?;
        click(browser, ".linkway-user__account").await?;
        wait_for_text(browser, "h1", "Your account").await?;
        click(browser, "#return_opened-never").await?;
        click(browser, "#save-email-choices").await?;
        wait_for_text(browser, "body", "Your email choices have been saved").await?;
        browser.assert_accessible("/account (saved)").await?;
        browser.open("/account").await?;
        let checked = browser
            .client
            .execute(
                "return document.querySelector('#return_opened-never').checked \
                 && document.querySelector('#return_due').checked",
                vec![],
            )
            .await
            .map_err(|e| e.to_string())?;
        if checked != serde_json::Value::Bool(true) {
            return Err(format!("the saved choices did not show again: {checked:?}"));
        }
        Ok(())
    })
    .await;
}

/// Chooses `area` in the workforce page's area chooser and shows it (a plain GET form, so
/// the same with or without scripts); waits for the area's heading.
async fn choose_area(browser: &Browser, area: &str, heading: &str) -> Result<(), String> {
    browser
        .client
        .find(Locator::Css("#area"))
        .await
        .map_err(|e| e.to_string())?
        .select_by_value(area)
        .await
        .map_err(|e| e.to_string())?;
    click(browser, ".linkway-area-chooser button").await?;
    wait_for_text(browser, "#area-heading", heading).await?;
    Ok(())
}

/// The rows of the coverage table by their ids (`coverage-NCL`, `coverage-camden`, …).
async fn coverage_rows(browser: &Browser) -> Result<Vec<String>, String> {
    let ids = browser
        .client
        .execute(
            "return [...document.querySelectorAll('tr[id^=\"coverage-\"]')].map(r => r.id);",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    Ok(ids
        .as_array()
        .map(|ids| {
            ids.iter()
                .filter_map(|id| id.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default())
}

/// The regional lead opens workforce coverage on London (each ICB against the region),
/// moves to North Central London (its boroughs) and then to Camden (beside its ICB): the
/// address keeps the area, the figures change at each step, and axe finds nothing. The
/// returns, unmet need, maturity and tracker pages open across London too.
async fn regional_workforce_journey(scripts: Scripts) {
    with_browser_scripts(DbKind::Sqlite, scripts, async |browser: &Browser| {
        browser.sign_in("regional.lead@demo.linkway.test").await?;
        browser.open("/workforce").await?;
        wait_for_text(browser, "#area-heading", "London").await?;
        let london = coverage_rows(browser).await?;
        if london != ["coverage-NCL", "coverage-NEL", "coverage-icb"] {
            return Err(format!("London's rows: {london:?}"));
        }
        let london_total = browser.text("#coverage-icb").await?;
        browser.assert_accessible("/workforce?area=london").await?;

        choose_area(browser, "NCL", "North Central London ICB").await?;
        let ncl = coverage_rows(browser).await?;
        if !ncl.contains(&"coverage-camden".to_owned()) || ncl.contains(&"coverage-NEL".to_owned())
        {
            return Err(format!("North Central London's rows: {ncl:?}"));
        }
        let ncl_total = browser.text("#coverage-icb").await?;
        if ncl_total == london_total {
            return Err(format!("the ICB's total is London's: {ncl_total}"));
        }
        browser.assert_accessible("/workforce?area=NCL").await?;

        choose_area(browser, "camden", "Camden").await?;
        let camden = coverage_rows(browser).await?;
        if camden != ["coverage-camden", "coverage-icb"] {
            return Err(format!("Camden's rows: {camden:?}"));
        }
        let url = browser
            .client
            .current_url()
            .await
            .map_err(|e| e.to_string())?;
        if !url.as_str().ends_with("/workforce?area=camden") {
            return Err(format!("the address does not keep the area: {url}"));
        }
        browser.assert_accessible("/workforce?area=camden").await?;
        // The returns page compares the ICBs' newest periods for the regional team.
        browser.open("/returns").await?;
        browser.text("#returns-by-icb").await?;
        browser
            .assert_accessible("/returns (regional lead)")
            .await?;
        browser.open("/unmet-need?area=london").await?;
        wait_for_text(browser, "#area-heading", "London").await?;
        browser.assert_accessible("/unmet-need?area=london").await?;
        // The maturity heatmap across London lists the boroughs with a published round.
        browser.open("/maturity?area=london").await?;
        wait_for_text(browser, "#heatmap-heading", "London").await?;
        browser.text("#heatmap").await?;
        browser.assert_accessible("/maturity?area=london").await?;
        // The trackers compared by derived RAG, and NEL's own (none loaded in the demo).
        browser.open("/recommendations?area=london").await?;
        browser.text("#rag-by-icb").await?;
        browser
            .assert_accessible("/recommendations?area=london")
            .await?;
        browser.open("/recommendations?area=NEL").await?;
        browser.text("#no-recommendations").await?;
        browser.assert_accessible("/recommendations?area=NEL").await
    })
    .await;
}

/// The ICB lead starts a fund for Camden, is taken to its page, records a contribution
/// with one mistake first (the message is next to the field, the rest kept), and the
/// ledger shows it; then appoints the Camden submitter to run the fund (first choosing
/// nobody) and ends the appointment: with scripts and without, axe finding nothing.
async fn chest_journey(scripts: Scripts) {
    with_browser_scripts(DbKind::Sqlite, scripts, async |browser: &Browser| {
        browser.sign_in("icb.lead@demo.linkway.test").await?;
        browser.open("/chest").await?;
        browser.text("#funds").await?;
        browser.assert_accessible("/chest (ICB lead)").await?;
        type_into(browser, "#name", "We Make Camden Kit").await?;
        select(browser, "#place", "camden").await?;
        type_into(browser, "#holder_name", "Camden Giving").await?;
        type_into(browser, "#holder_org_id", "GB-CHC-1234567").await?;
        type_into(browser, "#identifier_prefix", "360G-camdenkit").await?;
        click(browser, "form[aria-labelledby='start-fund-heading'] button").await?;
        wait_for_text(browser, "h1", "We Make Camden Kit").await?;
        browser.text("#no-contributions").await?;
        browser.assert_accessible("/chest/funds (new fund)").await?;
        type_into(browser, "#contributor_name", "Camden Council").await?;
        type_into(browser, "#amount", "five thousand").await?;
        click(
            browser,
            "form[aria-labelledby='add-contribution-heading'] button",
        )
        .await?;
        wait_for_text(
            browser,
            ".nhsuk-error-summary",
            "Enter the amount in pounds",
        )
        .await?;
        browser
            .assert_accessible("/chest/funds (a mistake)")
            .await?;
        let kept = value_of(browser, "contributor_name").await?;
        if kept != "Camden Council" {
            return Err(format!("the contributor typed was not kept: {kept:?}"));
        }
        retype(browser, "amount", "5,000").await?;
        click(
            browser,
            "form[aria-labelledby='add-contribution-heading'] button",
        )
        .await?;
        wait_for_text(browser, "#ledger", "£5,000.00").await?;
        browser.assert_accessible("/chest/funds (funded)").await?;
        let sam = app::on_conn!(&mut browser.app.db.conn().await.unwrap(), c => {
            sqlx::query_scalar::<_, i64>(
                "SELECT id FROM users WHERE email = 'camden.submitter@demo.linkway.test'",
            )
            .fetch_one(c)
            .await
        })
        .map_err(|e| e.to_string())?;
        click(browser, "#appoint-manager").await?;
        wait_for_text(browser, ".nhsuk-error-summary", "Choose someone to appoint").await?;
        browser
            .assert_accessible("/chest/funds (nobody chosen)")
            .await?;
        select(browser, "#manager", &sam.to_string()).await?;
        click(browser, "#appoint-manager").await?;
        wait_for_text(browser, "#fund-managers", "Sam Submitter (demo)").await?;
        browser
            .assert_accessible("/chest/funds (appointed)")
            .await?;
        // Rows go by name: Isla Lead, then Sam Submitter.
        click(browser, "#fund-managers tbody tr:last-child button").await?;
        wait_for_text(browser, "#saved-banner", "The appointment has ended").await?;
        let managers = browser.text("#fund-managers").await?;
        if managers.contains("Sam Submitter") {
            return Err(format!("the appointment did not end: {managers:?}"));
        }
        browser
            .assert_accessible("/chest/funds (appointment ended)")
            .await
    })
    .await;
}

/// The ICB lead sets up a rolling round of the demo's fund, first asking City Bridge
/// Foundation for more than it has left (the sentence is next to its field, the rest
/// kept), and lands on the round's page: with scripts and without, axe finding nothing.
async fn round_setup_journey(scripts: Scripts) {
    with_browser_scripts(DbKind::Sqlite, scripts, async |browser: &Browser| {
        browser.sign_in("icb.lead@demo.linkway.test").await?;
        browser.open("/chest/funds/1").await?;
        click(browser, "#set-up-round").await?;
        wait_for_text(browser, "h1", "Set up a round of Enfield Local Fund").await?;
        wait_for_text(browser, "#top-needs", "Social isolation and loneliness").await?;
        type_into(browser, "#title", "Befriending grants 2027").await?;
        type_into(browser, "#code", "ELF-2027-B").await?;
        type_into(browser, "#panel_dates", "2027-06-01, 2027-09-01").await?;
        type_into(browser, "#min_award", "250").await?;
        type_into(browser, "#max_award", "2,000").await?;
        // City Bridge Foundation's contribution is the demo's third; its decided round
        // took £6,000 of its £10,000.
        type_into(browser, "#allocation-3", "4,000.01").await?;
        click(
            browser,
            "form[aria-label='Set up a round'] button[type='submit']",
        )
        .await?;
        wait_for_text(
            browser,
            "#allocation-3-error",
            "City Bridge Foundation has £4,000.00 left to allocate: £4,000.01 is £0.01 more",
        )
        .await?;
        browser
            .assert_accessible("/chest/funds/1/rounds/new (a mistake)")
            .await?;
        let kept = value_of(browser, "title").await?;
        if kept != "Befriending grants 2027" {
            return Err(format!("the title typed was not kept: {kept:?}"));
        }
        retype(browser, "allocation-3", "3000").await?;
        click(
            browser,
            "form[aria-label='Set up a round'] button[type='submit']",
        )
        .await?;
        wait_for_text(browser, "h1", "Befriending grants 2027").await?;
        wait_for_text(browser, "#round-budget", "£3,000.00").await?;
        wait_for_text(browser, "#round-facts", "1 Jun 2027, 1 Sep 2027").await?;
        browser.assert_accessible("/chest/rounds (set up)").await
    })
    .await;
}

/// A small group applies to the demo's open round without an account: a wrong postcode
/// first (the sentence next to the field, the rest kept), then a reference and the private
/// page that follows it; with scripts and without, axe finding nothing.
async fn applicant_journey(scripts: Scripts) {
    with_browser_scripts(DbKind::Sqlite, scripts, async |browser: &Browser| {
        browser.open("/apply/1").await?;
        wait_for_text(browser, "h1", "Edmonton small grants, winter 2026/27").await?;
        browser.assert_accessible("/apply/1 (signed out)").await?;
        type_into(browser, "#org_name", "Edmonton Green Lunch Club").await?;
        click(browser, "#org_type").await?;
        type_into(browser, "#postcode", "nowhere").await?;
        select(browser, "#borough", "enfield").await?;
        type_into(browser, "#wards", "Edmonton Green").await?;
        type_into(browser, "#contact_name", "Ada Organiser").await?;
        type_into(browser, "#contact_email", "ada@lunchclub.example.org").await?;
        type_into(browser, "#project_title", "Friday lunches").await?;
        type_into(
            browser,
            "#summary",
            "A weekly hot lunch for older people living alone.",
        )
        .await?;
        type_into(
            browser,
            "#description",
            "We cook and eat together every Friday.",
        )
        .await?;
        type_into(browser, "#beneficiaries", "40").await?;
        type_into(
            browser,
            "#beneficiaries_where",
            "Older people in Edmonton Green",
        )
        .await?;
        let day =
            |days| (chrono::Utc::now().date_naive() + chrono::Duration::days(days)).to_string();
        set_date(browser, "starts_on", &day(30)).await?;
        set_date(browser, "ends_on", &day(330)).await?;
        click(browser, "#priorities").await?;
        type_into(browser, "#amount", "1,500").await?;
        type_into(browser, "#item-0", "Food and hall hire").await?;
        type_into(browser, "#cost-0", "1500").await?;
        for yes in browser
            .client
            .find_all(Locator::Css("input[type='radio'][value='yes']"))
            .await
            .map_err(|e| e.to_string())?
        {
            yes.click().await.map_err(|e| e.to_string())?;
        }
        click(
            browser,
            "form[aria-labelledby='apply-heading'] button[type='submit']",
        )
        .await?;
        wait_for_text(browser, "#postcode-error", "Enter your group's postcode").await?;
        browser.assert_accessible("/apply/1 (a mistake)").await?;
        let kept = value_of(browser, "project_title").await?;
        if kept != "Friday lunches" {
            return Err(format!("the project typed was not kept: {kept:?}"));
        }
        retype(browser, "postcode", "N9 0PZ").await?;
        click(
            browser,
            "form[aria-labelledby='apply-heading'] button[type='submit']",
        )
        .await?;
        wait_for_text(browser, "h1", "Your application ELF-2026-W-0004").await?;
        wait_for_text(
            browser,
            "#application-status",
            "Received: waiting to be screened",
        )
        .await?;
        let address = browser
            .client
            .current_url()
            .await
            .map_err(|e| e.to_string())?;
        if !address.path().starts_with("/apply/application/") {
            return Err(format!("not the private page: {address}"));
        }
        browser.assert_accessible("/apply/application (sent)").await
    })
    .await;
}

/// Both of the demo round's panel members open the panel, declare on the Friday lunches
/// application (one an interest, with what it is) and score it, N/A where allowed; each
/// sees the panel's scores once theirs are in, the second member both members' marks:
/// with scripts and without, axe finding nothing.
async fn panel_journey(scripts: Scripts) {
    with_browser_scripts(DbKind::Sqlite, scripts, async |browser: &Browser| {
        let members = [
            (
                "panel@demo.linkway.test",
                "none",
                ["4", "3", "4", "na"],
                "1",
            ),
            (
                "panel.enfield@demo.linkway.test",
                "interest",
                ["2", "5", "3", "2"],
                "2",
            ),
        ];
        for (email, interest, scores, scored) in members {
            browser
                .client
                .delete_all_cookies()
                .await
                .map_err(|e| e.to_string())?;
            browser.sign_in(email).await?;
            browser.open("/chest/rounds/1/panel").await?;
            wait_for_text(browser, "#panel-applications", "ELF-2026-W-0001").await?;
            browser.assert_accessible("/chest/rounds/1/panel").await?;
            click(browser, "#panel-applications tbody a").await?;
            wait_for_text(browser, "h1", "Friday lunches").await?;
            click(
                browser,
                &format!("input[name='interest'][value='{interest}']"),
            )
            .await?;
            if interest == "interest" {
                type_into(browser, "#note", "I volunteer at the hall they hire").await?;
            }
            click(
                browser,
                "form[aria-labelledby='declare-heading'] button[type='submit']",
            )
            .await?;
            wait_for_text(browser, "#your-declaration", "Your declaration").await?;
            browser
                .assert_accessible("/chest/applications/review (declared)")
                .await?;
            let mut names = Vec::new();
            for first in browser
                .client
                .find_all(Locator::Css("input[name^='score['][value='0']"))
                .await
                .map_err(|e| e.to_string())?
            {
                names.push(
                    first
                        .attr("name")
                        .await
                        .map_err(|e| e.to_string())?
                        .unwrap_or_default(),
                );
            }
            if names.len() != scores.len() {
                return Err(format!(
                    "{} criteria to score, not {}",
                    names.len(),
                    scores.len()
                ));
            }
            for (name, score) in names.iter().zip(scores) {
                click(browser, &format!("input[name='{name}'][value='{score}']")).await?;
            }
            click(browser, "input[name='recommendation'][value='yes']").await?;
            click(
                browser,
                "form[aria-labelledby='score-heading'] button[type='submit']",
            )
            .await?;
            wait_for_text(browser, "#panel-score", "Members who scored").await?;
            wait_for_text(browser, "#panel-score", scored).await?;
            browser
                .assert_accessible("/chest/applications/review (scored)")
                .await?;
        }
        // Pat (26/7) and Priya (3): the mean of the two, to two places.
        wait_for_text(browser, "#panel-score", "3.36").await?;
        Ok(())
    })
    .await;
}

/// The ICB lead screens the demo's application that waits for more information: "not
/// eligible" without a reason first (the sentence next to the reason), then eligible; with
/// scripts and without, axe finding nothing.
async fn screening_journey(scripts: Scripts) {
    with_browser_scripts(DbKind::Sqlite, scripts, async |browser: &Browser| {
        browser.sign_in("icb.lead@demo.linkway.test").await?;
        browser.open("/chest/rounds/1").await?;
        wait_for_text(browser, "#applications", "Edmonton Men's Shed").await?;
        browser
            .assert_accessible("/chest/rounds/1 (ICB lead)")
            .await?;
        browser.open("/chest/applications/3").await?;
        wait_for_text(browser, "h1", "Shed sessions").await?;
        wait_for_text(browser, "#contact", "volunteer@example.org").await?;
        browser.assert_accessible("/chest/applications/3").await?;
        retype(browser, "note", "").await?;
        click(browser, "input[name='outcome'][value='ineligible']").await?;
        click(
            browser,
            "form[aria-labelledby='screen-heading'] button[type='submit']",
        )
        .await?;
        wait_for_text(browser, "#note-error", "Say why it is not eligible").await?;
        browser
            .assert_accessible("/chest/applications/3 (a mistake)")
            .await?;
        click(browser, "input[name='outcome'][value='eligible']").await?;
        click(
            browser,
            "form[aria-labelledby='screen-heading'] button[type='submit']",
        )
        .await?;
        wait_for_text(browser, "#application-facts", "Eligible: with the panel").await?;
        browser
            .assert_accessible("/chest/applications/3 (screened)")
            .await
    })
    .await;
}

/// The ICB lead opens the demo open round's decision pack, records a quorate meeting with
/// both panel members present, then decides the Friday lunches: an award over what was
/// asked first (the sentence next to the amount), then £1,200 with a condition; the pack
/// shows the award and what is left. The lead sends the offer; the group, with no account,
/// accepts it through its link (forgetting the tick first); the lead records its first
/// payment on the award's page (forgetting the reference first). With scripts and without,
/// axe finding nothing.
async fn decision_journey(scripts: Scripts) {
    with_browser_scripts(DbKind::Sqlite, scripts, async |browser: &Browser| {
        browser.sign_in("icb.lead@demo.linkway.test").await?;
        browser.open("/chest/rounds/1").await?;
        click(browser, "#decisions-link").await?;
        wait_for_text(browser, "h1", "Decision pack").await?;
        wait_for_text(browser, "#decision-pack", "ELF-2026-W-0001").await?;
        wait_for_text(browser, "#pack-facts", "No quorate meeting yet").await?;
        browser
            .assert_accessible("/chest/rounds/1/decisions")
            .await?;
        for member in browser
            .client
            .find_all(Locator::Css("input[name^='present[']"))
            .await
            .map_err(|e| e.to_string())?
        {
            member.click().await.map_err(|e| e.to_string())?;
        }
        click(browser, "input[name='quorate'][value='yes']").await?;
        type_into(browser, "#notes", "Chaired by the ICB lead").await?;
        click(
            browser,
            "form[aria-labelledby='meeting-heading'] button[type='submit']",
        )
        .await?;
        wait_for_text(browser, "#meetings", "Pat Panel (demo), Priya Panel (demo)").await?;
        wait_for_text(browser, "#pack-facts", "The meeting of").await?;
        browser
            .assert_accessible("/chest/rounds/1/decisions (meeting recorded)")
            .await?;
        click(browser, "#decision-pack a[href$='/decision']").await?;
        wait_for_text(browser, "h1", "Decide").await?;
        browser
            .assert_accessible("/chest/applications/decision")
            .await?;
        click(browser, "input[name='outcome'][value='award']").await?;
        type_into(browser, "#amount", "1600").await?;
        click(
            browser,
            "form[aria-labelledby='decide-heading'] button[type='submit']",
        )
        .await?;
        wait_for_text(browser, "#amount-error", "up to the £1,500.00 asked").await?;
        browser
            .assert_accessible("/chest/applications/decision (a mistake)")
            .await?;
        retype(browser, "amount", "1200").await?;
        type_into(browser, "#conditions", "Send the hall booking first").await?;
        click(browser, "input[name='outcome'][value='award']").await?;
        click(
            browser,
            "form[aria-labelledby='decide-heading'] button[type='submit']",
        )
        .await?;
        wait_for_text(browser, "#decision-facts", "Awarded £1,200.00").await?;
        browser
            .assert_accessible("/chest/applications/decision (awarded)")
            .await?;
        click(browser, "#send-offer").await?;
        wait_for_text(browser, "#offer-facts", "360G-linkwaydemo-enfield-").await?;
        browser
            .assert_accessible("/chest/applications/decision (offered)")
            .await?;
        click(browser, ".nhsuk-back-link__link").await?;
        wait_for_text(browser, "#decision-pack", "Awarded £1,200.00").await?;
        wait_for_text(browser, "#pack-facts", "£18,800.00").await?;
        // The group's link, known to the test.
        let link = format!("{:032x}", 5151);
        app::on_conn!(&mut browser.app.db.conn().await.unwrap(), c => {
            sqlx::query("UPDATE grant_applications SET link_hash = $1 WHERE reference = 'ELF-2026-W-0001'")
                .bind(app::plumbing::digest::sha256_hex(link.as_bytes()))
                .execute(c)
                .await
                .map(|_| ())
        })
        .map_err(|e| e.to_string())?;
        browser
            .client
            .delete_all_cookies()
            .await
            .map_err(|e| e.to_string())?;
        browser.open(&format!("/apply/application/{link}")).await?;
        wait_for_text(browser, "#accept-heading", "Accept the offer of £1,200.00").await?;
        browser.assert_accessible("/apply/application (offer)").await?;
        type_into(browser, "#name", "Ada Organiser").await?;
        click(browser, "#accept-offer").await?;
        wait_for_text(browser, "#accept-error", "accepts the grant and its conditions").await?;
        browser
            .assert_accessible("/apply/application (offer, a mistake)")
            .await?;
        click(browser, "#accept").await?;
        click(browser, "#accept-offer").await?;
        wait_for_text(browser, "#application-status", "by Ada Organiser").await?;
        browser
            .assert_accessible("/apply/application (accepted)")
            .await?;
        let award = app::on_conn!(&mut browser.app.db.conn().await.unwrap(), c => {
            sqlx::query_scalar::<_, i64>(
                "SELECT w.id FROM grant_awards w JOIN grant_applications a \
                 ON a.id = w.application_id WHERE a.reference = 'ELF-2026-W-0001'",
            )
            .fetch_one(c)
            .await
        })
        .map_err(|e| e.to_string())?;
        browser.sign_in("icb.lead@demo.linkway.test").await?;
        browser.open(&format!("/chest/awards/{award}")).await?;
        wait_for_text(browser, "#award-facts", "Ada Organiser").await?;
        browser.text("#no-payments").await?;
        browser.assert_accessible("/chest/awards (accepted)").await?;
        type_into(browser, "#amount", "600").await?;
        click(browser, "#record-payment").await?;
        wait_for_text(browser, "#reference-error", "Enter the payment's reference").await?;
        browser
            .assert_accessible("/chest/awards (a mistake)")
            .await?;
        type_into(browser, "#reference", "BACS-0001").await?;
        click(browser, "#record-payment").await?;
        wait_for_text(browser, "#payments", "BACS-0001").await?;
        wait_for_text(browser, "#award-facts", "£600.00").await?;
        browser.assert_accessible("/chest/awards (paid)").await
    })
    .await;
}

/// The ICB lead adds a voter to the demo's community vote and reads their ballot address;
/// the voter, with no account, picks all three projects (over the budget: the sentence
/// next to the picks says by how much), unticks one and votes; the lead's tally counts it.
/// With scripts and without, axe finding nothing.
async fn vote_journey(scripts: Scripts) {
    with_browser_scripts(DbKind::Sqlite, scripts, async |browser: &Browser| {
        browser.sign_in("icb.lead@demo.linkway.test").await?;
        browser.open("/chest/rounds/3").await?;
        click(browser, "#voters-link").await?;
        wait_for_text(browser, "h1", "The vote").await?;
        wait_for_text(browser, "#vote-facts", "4 listed, 2 voted").await?;
        browser.assert_accessible("/chest/rounds/3/voters").await?;
        type_into(browser, "#voters", "Sam Lee, Angel Edmonton").await?;
        click(
            browser,
            "form[aria-labelledby='add-voters-heading'] button[type='submit']",
        )
        .await?;
        wait_for_text(browser, "#voter-list", "Sam Lee").await?;
        browser
            .assert_accessible("/chest/rounds/3/voters (added)")
            .await?;
        let ballot = browser
            .client
            .find(Locator::XPath(
                "//table[@id='voter-list']//tr[th[text()='Sam Lee']]//a",
            ))
            .await
            .map_err(|e| e.to_string())?
            .attr("href")
            .await
            .map_err(|e| e.to_string())?
            .ok_or("no ballot address")?;
        browser
            .client
            .delete_all_cookies()
            .await
            .map_err(|e| e.to_string())?;
        browser.open(&ballot).await?;
        wait_for_text(browser, "h1", "Your vote").await?;
        browser.assert_accessible("/vote (ballot)").await?;
        for project in browser
            .client
            .find_all(Locator::Css("input[name^='pick[']"))
            .await
            .map_err(|e| e.to_string())?
        {
            project.click().await.map_err(|e| e.to_string())?;
        }
        click(
            browser,
            "form[aria-label='Your vote'] button[type='submit']",
        )
        .await?;
        wait_for_text(browser, "#pick-error", "at least £700.00").await?;
        browser.assert_accessible("/vote (over the budget)").await?;
        // The choir's £1,200 comes first: without it the rest fit.
        click(browser, "#pick").await?;
        click(
            browser,
            "form[aria-label='Your vote'] button[type='submit']",
        )
        .await?;
        wait_for_text(browser, "#voted", "your vote was counted").await?;
        browser.assert_accessible("/vote (voted)").await?;
        browser.sign_in("icb.lead@demo.linkway.test").await?;
        browser.open("/chest/rounds/3/voters").await?;
        wait_for_text(browser, "#vote-facts", "5 listed, 3 voted").await?;
        Ok(())
    })
    .await;
}

both_ways!(
    vote_journey,
    decision_journey,
    screening_journey,
    panel_journey,
    applicant_journey,
    round_setup_journey,
    chest_journey,
    regional_workforce_journey,
    email_choices_journey,
    progress_update_journey,
    conflict_journey,
    maturity_round_journey,
    return_journey,
    tracker_search,
);
