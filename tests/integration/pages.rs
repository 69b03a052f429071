//! Server-rendered pages: content, stable URLs, status codes, and the error pages.

use tests::{both_databases, TestApp};

/// Every stable URL with the heading its page shows.
const PAGES: [(&str, &str); 11] = [
    ("/", "Social prescribing in North Central London"),
    ("/sign-in", "Sign in"),
    ("/recommendations", "Recommendations"),
    ("/maturity", "Maturity"),
    ("/workforce", "Workforce"),
    ("/unmet-need", "Unmet need"),
    ("/returns", "Returns"),
    ("/chest", "Community chest"),
    ("/community-of-practice", "Community of practice"),
    ("/admin", "Administration"),
    (
        "/recommendations/4",
        "Improve Training &amp; Support for SPLWs",
    ),
];

async fn every_stable_url_renders_its_page_inside_the_shell(app: TestApp) {
    for (path, heading) in PAGES {
        let html = app.get_text(path, 200).await;
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
        assert!(
            html.contains("/pkg/linkway.js"),
            "{path} loads the hydration script"
        );
    }
}

async fn home_summarises_the_five_boroughs_with_their_populations(app: TestApp) {
    let html = app.get_text("/", 200).await;
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
    let html = app.get_text("/recommendations", 200).await;
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
    for path in [
        "/recommendations/99",
        "/recommendations/0",
        "/recommendations/abc",
        "/recommendations/1.5",
    ] {
        let html = app.get_text(path, 404).await;
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
    app.db.close().await;
    let html = app.get_text("/recommendations", 500).await;
    assert!(html.contains("Sorry, there is a problem with the service"));
    for detail in ["sqlx", "pool", "PoolClosed", "SELECT"] {
        assert!(!html.contains(detail), "the page must not show {detail:?}");
    }
}

both_databases!(
    every_stable_url_renders_its_page_inside_the_shell,
    home_summarises_the_five_boroughs_with_their_populations,
    recommendations_page_lists_all_21_by_category,
    an_unknown_recommendation_is_a_404_page,
    an_unknown_address_is_a_404_page,
    a_database_failure_shows_a_sentence_and_no_detail,
);
