//! Server-rendered pages: content, stable URLs, status codes, sign-in, and the error pages.

use server_fn::ServerFn;
use tests::{both_databases, TestApp};

/// Every stable URL with the heading its page shows.
const PAGES: [(&str, &str); 21] = [
    ("/", "Social prescribing in North Central London"),
    ("/sign-in", "Sign in"),
    ("/recommendations", "Recommendations"),
    ("/maturity", "Maturity"),
    ("/workforce", "Workforce coverage"),
    ("/unmet-need", "Unmet need"),
    ("/returns", "Quarterly returns"),
    ("/chest", "Community chest"),
    ("/community-of-practice", "Community of practice"),
    (
        "/recommendations/4",
        "Improve Training &amp; Support for SPLWs",
    ),
    (
        "/recommendations/overview",
        "ICB overview of the recommendations",
    ),
    ("/my-actions", "My actions"),
    ("/borough-plans", "Barnet borough plan"),
    (
        "/borough-plans/actions/1",
        "Widen Participation of SP Steering Group",
    ),
    ("/maturity/framework", "Maturity framework"),
    ("/maturity/rounds/1", "Baseline 2025"),
    ("/maturity/boroughs/enfield", "Enfield: maturity over time"),
    ("/maturity/domains/4", "Digital Systems and Enablers"),
    ("/returns/periods/1", "Returns for 2024/25 Q1"),
    (
        "/returns/settings",
        "Populations, need themes and suppression",
    ),
    ("/returns/submissions/1", "return for 2024/25 Q1, version 1"),
];

async fn every_stable_url_renders_its_page_inside_the_shell(app: TestApp) {
    let viewer = app.viewer().await;
    for (path, heading) in PAGES {
        let html = app.get_text_as(path, 200, Some(&viewer)).await;
        assert!(html.contains(heading), "{path} shows {heading:?}");
        assert!(
            html.contains(r#"class="nhsuk-header""#),
            "{path} has the header"
        );
        assert!(
            html.contains(r#"class="nhsuk-footer""#),
            "{path} has the footer"
        );
        assert!(html.contains(r#"href="/chest""#), "{path} links every area");
        let version = bundle_version(&html);
        assert!(
            html.contains(&format!("/pkg/{version}/linkway.js")),
            "{path} loads the hydration script"
        );
    }
}

/// The content hash in the page's address for the bundle: `/pkg/<16 hex digits>/`.
fn bundle_version(html: &str) -> String {
    let version: String = html
        .split("/pkg/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_default()
        .to_owned();
    assert!(
        version.len() == 16 && version.chars().all(|c| c.is_ascii_hexdigit()),
        "bundle version {version:?}"
    );
    version
}

/// The bundle's files sit under the hash of their content, kept a year; the favicon a
/// day; pages are compressed for browsers that accept it and never stored when signed in.
async fn the_bundle_is_kept_a_year_and_pages_are_compressed_not_stored(app: TestApp) {
    let viewer = app.viewer().await;
    let html = app
        .get_text_as("/recommendations", 200, Some(&viewer))
        .await;
    let version = bundle_version(&html);
    for file in ["linkway.js", "linkway_bg.wasm", "linkway.css", "nhsuk.css"] {
        let path = format!("/pkg/{version}/{file}");
        assert!(
            html.contains(&path) || file.ends_with(".wasm"),
            "{path} linked"
        );
        let response = app.get(&path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(
            response.headers()["cache-control"],
            "public, max-age=31536000, immutable",
            "{path}"
        );
    }
    // Another version's address is not served (nor kept).
    let stale = app.get("/pkg/0123456789abcdef/linkway.js").await;
    assert_eq!(stale.status(), 404);
    assert!(stale
        .headers()
        .get("cache-control")
        .is_none_or(|c| c != "public, max-age=31536000, immutable"));
    let favicon = app.get("/favicon.svg").await;
    assert_eq!(favicon.status(), 200);
    assert_eq!(favicon.headers()["cache-control"], "public, max-age=86400");

    for encoding in ["br", "gzip"] {
        let page = app
            .http
            .get(app.url("/recommendations"))
            .header("cookie", &viewer)
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        assert_eq!(page.headers()["content-encoding"], encoding);
        assert_eq!(page.headers()["cache-control"], "no-store");
        let compressed = page.bytes().await.unwrap().len();
        assert!(
            compressed * 3 < html.len(),
            "{encoding}: {compressed} of {} bytes",
            html.len()
        );
    }
}

async fn home_summarises_the_five_boroughs_with_their_populations(app: TestApp) {
    let viewer = app.viewer().await;
    let html = app.get_text_as("/", 200, Some(&viewer)).await;
    for borough in ["Barnet", "Camden", "Enfield", "Haringey", "Islington"] {
        assert!(html.contains(borough), "home lists {borough}");
    }
    for population in ["432,182", "299,852", "263,251"] {
        assert!(html.contains(population), "home shows {population}");
    }
    assert_eq!(
        html.matches("Not recorded").count(),
        2,
        "Enfield and Haringey"
    );
    // 432,182 + 299,852 + 263,251
    assert!(html.contains("995,285"));
    assert!(html.contains("3 of 5 boroughs have a population recorded"));
}

async fn recommendations_page_lists_all_21_by_category(app: TestApp) {
    let viewer = app.viewer().await;
    let html = app
        .get_text_as("/recommendations", 200, Some(&viewer))
        .await;
    for number in 1..=21 {
        assert!(
            html.contains(&format!(r#"href="/recommendations/{number}""#)),
            "links {number}"
        );
    }
    assert!(html.contains("Strengthen Leadership &amp; Governance"));
    assert!(html.contains(r#"href="/recommendations.xlsx""#));
}

async fn an_unknown_recommendation_is_a_404_page(app: TestApp) {
    let viewer = app.viewer().await;
    for path in [
        "/recommendations/99",
        "/recommendations/0",
        "/recommendations/abc",
        "/recommendations/1.5",
    ] {
        let html = app.get_text_as(path, 404, Some(&viewer)).await;
        assert!(html.contains("Page not found"), "{path}");
        assert!(
            html.contains(r#"class="nhsuk-header""#),
            "{path} keeps the shell"
        );
    }
}

/// Every page with an id in its address answers an id that is not a number with the
/// "Page not found" page inside the usual shell.
async fn a_malformed_id_in_a_page_address_is_a_404_page(app: TestApp) {
    let viewer = app.viewer().await;
    for path in [
        "/borough-plans/actions/abc",
        "/maturity/rounds/abc",
        "/maturity/rounds/1.5/moderation",
        "/maturity/domains/abc",
        "/returns/periods/abc",
        "/returns/periods/abc/boroughs/camden",
        "/returns/attempts/xyz",
        "/returns/submissions/99999999999999999999",
    ] {
        let html = app.get_text_as(path, 404, Some(&viewer)).await;
        assert!(html.contains("Page not found"), "{path}");
        assert!(
            html.contains(r#"class="nhsuk-header""#),
            "{path} keeps the shell"
        );
    }
}

async fn an_unknown_address_is_a_404_page(app: TestApp) {
    let html = app.get_text("/no-such-page", 404).await;
    assert!(html.contains("Page not found"));
    assert!(html.contains("Check the address"));
}

async fn a_database_failure_shows_a_sentence_and_no_detail(app: TestApp) {
    let viewer = app.viewer().await;
    app.db.close().await;
    let html = app
        .get_text_as("/recommendations", 500, Some(&viewer))
        .await;
    assert!(html.contains("Sorry, there is a problem with the service"));
    for detail in ["sqlx", "pool", "PoolClosed", "SELECT"] {
        assert!(!html.contains(detail), "the page must not show {detail:?}");
    }
}

async fn signed_out_visitors_are_asked_to_sign_in_and_see_no_data(app: TestApp) {
    for path in [
        "/recommendations",
        "/recommendations/4",
        "/recommendations/overview",
        "/my-actions",
        "/borough-plans",
        "/borough-plans/actions/1",
        "/maturity",
    ] {
        // Sent to sign in, which brings them back to this page afterwards.
        let response = app.get(path).await;
        assert_eq!(response.status().as_u16(), 303, "{path}");
        let back = app::auth::return_to::sign_in_returning_to(path);
        assert_eq!(response.headers()["location"], back.as_str(), "{path}");
        let html = response.text().await.unwrap();
        assert!(html.contains("Sign in to continue"), "{path}");
        assert!(html.contains(&format!(r#"href="{back}""#)), "{path}");
        assert!(
            !html.contains("Improve Training"),
            "{path} shows no recommendation text"
        );
    }
    let home = app.get_text("/", 200).await;
    assert!(home.contains(r#"href="/sign-in""#));
    assert!(!home.contains("432,182"), "no borough data before sign-in");
    assert_eq!(
        app.get("/recommendations.xlsx").await.status().as_u16(),
        401
    );
}

/// A link opened signed out (from an email, say) survives sign-in: the sign-in page
/// carries the page, and signing in goes there. An address off this site goes home.
async fn a_deep_link_survives_sign_in_but_never_leaves_the_site(app: TestApp) {
    app.seed_demo().await;
    let page = "/returns/periods/2/boroughs/camden?tab=versions";
    let response = app.get(page).await;
    assert_eq!(response.status().as_u16(), 303);
    let sign_in = response.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(
        sign_in,
        "/sign-in?next=%2Freturns%2Fperiods%2F2%2Fboroughs%2Fcamden%3Ftab%3Dversions"
    );
    let form_page = app.get_text(&sign_in, 200).await;
    assert!(
        form_page
            .contains(r#"name="next" value="/returns/periods/2/boroughs/camden?tab=versions""#),
        "the sign-in form carries the page"
    );
    let signed_in_to = |next: &'static str| {
        let app = &app;
        async move {
            let body = tests::form(&[
                (app::components::ACTION_FIELD, app::auth::SignIn::PATH),
                ("email", "camden.submitter@demo.linkway.test"),
                ("password", app::demo::DEMO_PASSWORD),
                ("next", next),
            ]);
            let response = app
                .http
                .post(app.url("/sign-in"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status().as_u16(), 303, "signing in for {next}");
            response.headers()["location"].to_str().unwrap().to_owned()
        }
    };
    assert_eq!(signed_in_to(page).await, page, "back to the page");
    for elsewhere in [
        "https://elsewhere.example/phish",
        "//elsewhere.example/phish",
        "/\\elsewhere.example",
        "/sign-in",
    ] {
        assert_eq!(signed_in_to(elsewhere).await, "/", "{elsewhere} goes home");
    }

    // A new user changes their temporary password first, then goes on to the page.
    app::auth::service::create_account(
        &app.db,
        &app.passwords,
        None,
        app::auth::service::AccountSpec {
            name: "New Starter",
            email: "new.starter@demo.linkway.test",
            organisation: "Camden Council",
            password: "a temporary password 1",
            must_change_password: true,
            is_demo: true,
            grants: vec![(app::auth::Role::Submitter, Some("camden"))],
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let post = |path: String, body: String, cookie: Option<String>| {
        let app = &app;
        async move {
            let mut request = app
                .http
                .post(app.url(&path))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body);
            if let Some(cookie) = cookie {
                request = request.header("cookie", cookie);
            }
            request.send().await.unwrap()
        }
    };
    let signed_in = post(
        "/sign-in".to_owned(),
        tests::form(&[
            (app::components::ACTION_FIELD, app::auth::SignIn::PATH),
            ("email", "new.starter@demo.linkway.test"),
            ("password", "a temporary password 1"),
            ("next", page),
        ]),
        None,
    )
    .await;
    let change = signed_in.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(change, format!("/account/password{}", &sign_in[8..]));
    let cookie = tests::set_cookie(&signed_in, "linkway_session").expect("a session");
    let changed = post(
        change,
        tests::form(&[
            (
                app::components::ACTION_FIELD,
                app::admin::ChangePassword::PATH,
            ),
            ("current_password", "a temporary password 1"),
            ("new_password", "a much longer password 2"),
            ("confirm_password", "a much longer password 2"),
            ("next", page),
        ]),
        Some(cookie),
    )
    .await;
    assert_eq!(changed.status().as_u16(), 303);
    assert_eq!(changed.headers()["location"], page, "on to the page");
}

async fn navigation_shows_administration_to_admins_only(app: TestApp) {
    let viewer = app.viewer().await;
    let admin = app.sign_in("admin@demo.linkway.test").await;
    let as_viewer = app.get_text_as("/", 200, Some(&viewer)).await;
    let as_admin = app.get_text_as("/", 200, Some(&admin)).await;
    let signed_out = app.get_text("/", 200).await;
    let admin_link = r#"<a href="/admin" class="nhsuk-header__navigation-link">"#;
    assert!(as_admin.contains(admin_link));
    assert!(!as_viewer.contains(admin_link));
    assert!(
        as_viewer.contains(r#"href="/chest""#),
        "signed-in users see the areas"
    );
    assert!(!signed_out.contains(r#"class="nhsuk-header__navigation-link">Recommendations"#));
    assert!(
        as_viewer.contains("Vic Viewer (demo)"),
        "the header names who is signed in"
    );
    assert!(as_viewer.contains("Sign out"));
    // The whole audit trail spans every ICB: the regional team reads it, an ICB lead sees
    // the history on their own ICB's records instead.
    let audit_link = r#"<a href="/admin/audit" class="nhsuk-header__navigation-link">"#;
    let regional = app.sign_in("regional.lead@demo.linkway.test").await;
    let as_regional = app.get_text_as("/", 200, Some(&regional)).await;
    assert!(as_regional.contains(audit_link));
    assert!(!as_regional.contains(admin_link));
    let icb_lead = app.sign_in("icb.lead@demo.linkway.test").await;
    let as_icb_lead = app.get_text_as("/", 200, Some(&icb_lead)).await;
    assert!(!as_icb_lead.contains(audit_link));
    assert!(!as_icb_lead.contains(admin_link));
    // Someone signed in with no role is offered none of the areas they would be refused.
    let no_role = app.sign_in_without_a_role().await;
    let as_no_role = app.get_as("/", Some(&no_role)).await.text().await.unwrap();
    assert!(as_no_role.contains("No Role"), "the header names them");
    for area in ["/recommendations", "/maturity", "/returns", "/chest"] {
        assert!(
            !as_no_role.contains(&format!(r#"href="{area}""#)),
            "no link to {area} for someone without a role"
        );
    }
}

/// A period's page links only the boroughs whose return the viewer may open: the Camden
/// lead's own borough, not the other four.
async fn a_period_links_only_the_returns_the_viewer_may_open(app: TestApp) {
    app.seed_demo().await;
    let camden = app.sign_in("camden.lead@demo.linkway.test").await;
    let period = tests::count(
        &app,
        "SELECT MAX(id) FROM return_periods WHERE icb_id = (SELECT id FROM icbs WHERE code = 'NCL')",
    )
    .await;
    let html = app
        .get_text_as(&format!("/returns/periods/{period}"), 200, Some(&camden))
        .await;
    assert!(html.contains(&format!(
        r#"href="/returns/periods/{period}/boroughs/camden""#
    )));
    assert!(!html.contains(&format!(
        r#"href="/returns/periods/{period}/boroughs/barnet""#
    )));
    assert!(
        html.contains("Barnet"),
        "other boroughs are listed, without a link"
    );
}

async fn administration_is_for_admins_and_refused_to_others(app: TestApp) {
    let viewer = app.viewer().await;
    let admin = app.sign_in("admin@demo.linkway.test").await;
    let page = app.get_text_as("/admin", 200, Some(&admin)).await;
    assert!(page.contains("Add a user"));
    assert!(
        page.contains("camden.submitter@demo.linkway.test"),
        "lists the users"
    );
    let refused = app.get_text_as("/admin", 403, Some(&viewer)).await;
    assert!(refused.contains("You do not have permission"));
    assert!(
        !refused.contains("camden.submitter@demo.linkway.test"),
        "no user list for a viewer"
    );
}

both_databases!(
    administration_is_for_admins_and_refused_to_others,
    every_stable_url_renders_its_page_inside_the_shell,
    home_summarises_the_five_boroughs_with_their_populations,
    recommendations_page_lists_all_21_by_category,
    an_unknown_recommendation_is_a_404_page,
    a_malformed_id_in_a_page_address_is_a_404_page,
    an_unknown_address_is_a_404_page,
    a_database_failure_shows_a_sentence_and_no_detail,
    signed_out_visitors_are_asked_to_sign_in_and_see_no_data,
    navigation_shows_administration_to_admins_only,
    a_deep_link_survives_sign_in_but_never_leaves_the_site,
    a_period_links_only_the_returns_the_viewer_may_open,
    the_bundle_is_kept_a_year_and_pages_are_compressed_not_stored,
);
