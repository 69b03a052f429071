//! Page forms posted the ordinary way (no scripts): a refusal renders the page again at
//! its own address with the error summary, what was typed and a 4xx; a save redirects
//! back with the success banner shown once; a form that names no server function, or too
//! much text, changes nothing; each function still checks who is asking. A change that
//! asks to be checked first is answered with a 200 page showing what was sent, and is made
//! only when the form it shows is sent back.

use app::components::{ACTION_FIELD, SAVED_FIELD};
use server_fn::ServerFn;
use tests::{both_databases, call, count, form, set_cookie, TestApp};

const CAMDEN: &str = "camden.lead@demo.linkway.test";
const VIEWER: &str = "viewer@demo.linkway.test";
const PAGE: &str = "/recommendations/2";

/// A form posted to `path` as a browser without scripts posts it.
async fn post_page(app: &TestApp, path: &str, body: &str, cookie: &str) -> reqwest::Response {
    app.http
        .post(app.url(path))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html,application/xhtml+xml")
        .header("cookie", cookie)
        .body(body.to_owned())
        .send()
        .await
        .unwrap_or_else(|error| panic!("POST {path}: {error}"))
}

/// The value of the hidden field `name` in `html`.
fn hidden(html: &str, name: &str) -> String {
    let marker = format!(r#"name="{name}" value=""#);
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no field {name}"))
        + marker.len();
    html[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned()
}

fn progress(token: &str, percent: &str, commentary: &str) -> String {
    let today = chrono::Utc::now().date_naive().to_string();
    form(&[
        (ACTION_FIELD, app::recommendations::AddProgressUpdate::PATH),
        (SAVED_FIELD, "Your progress update has been posted"),
        ("number", "2"),
        ("token", token),
        ("status", "on_track"),
        ("commentary", commentary),
        ("percent_complete", percent),
        ("evidence", ""),
        ("reported_on", &today),
    ])
}

fn updates(app: &TestApp) -> impl std::future::Future<Output = i64> + '_ {
    count(app, "SELECT COUNT(*) FROM progress_updates")
}

async fn a_refused_page_form_shows_the_page_again_with_what_was_typed(app: TestApp) {
    app.seed_demo().await;
    let camden = app.sign_in(CAMDEN).await;
    let page = app.get_text_as(PAGE, 200, Some(&camden)).await;
    assert!(
        page.contains(&format!(
            r#"name="{ACTION_FIELD}" value="{}""#,
            app::recommendations::AddProgressUpdate::PATH
        )),
        "the progress form names its server function"
    );
    let token = hidden(&page, "token");
    let (before, events) = (
        updates(&app).await,
        count(&app, "SELECT COUNT(*) FROM audit_events").await,
    );

    // Typed text that would end the text area and start markup if written as it is.
    let typed = "Terms drafted </textarea><b>bold</b> & agreed";
    let answer = post_page(&app, PAGE, &progress(&token, "150", typed), &camden).await;
    assert_eq!(answer.status().as_u16(), 422, "a form's problems are a 422");
    assert!(answer.headers().get("location").is_none(), "no redirect");
    let html = answer.text().await.unwrap();
    assert!(
        html.contains("There is a problem"),
        "the error summary shows"
    );
    assert!(html.contains("<title>Error: "), "the title says so");
    assert!(
        html.contains("Percent complete must be a whole number from 0 to 100"),
        "the field's message shows"
    );
    assert!(
        html.contains(
            "Terms drafted &lt;/textarea&gt;&lt;b&gt;bold&lt;/b&gt; &amp; agreed</textarea>"
        ),
        "what was typed is back in its field, escaped"
    );
    assert!(
        !html.contains("<b>bold</b>"),
        "no markup from what was typed"
    );
    assert!(
        html.contains(r#"name="percent_complete" type="text" inputmode="numeric" value="150""#),
        "the refused number is kept"
    );
    assert!(
        !html.contains("__err") && !html.contains("__path"),
        "no error travels in an address"
    );
    assert_eq!(updates(&app).await, before, "nothing is stored");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM audit_events").await,
        events,
        "nothing is audited"
    );

    // Someone who may not post progress is refused the same way, with their own status.
    let viewer = app.sign_in(VIEWER).await;
    let refused = post_page(&app, PAGE, &progress(&token, "40", "Viewer"), &viewer).await;
    assert_eq!(refused.status().as_u16(), 403);
    assert_eq!(updates(&app).await, before);
}

async fn a_saved_page_form_returns_to_the_page_with_the_banner_once(app: TestApp) {
    app.seed_demo().await;
    let camden = app.sign_in(CAMDEN).await;
    let page = app.get_text_as(PAGE, 200, Some(&camden)).await;
    assert!(!page.contains("saved-banner"), "no banner before a save");
    let token = hidden(&page, "token");
    let before = updates(&app).await;

    let body = progress(&token, "40", "Steering group met.");
    let saved = post_page(&app, PAGE, &body, &camden).await;
    assert_eq!(saved.status().as_u16(), 303, "post, redirect, get");
    assert_eq!(saved.headers()["location"], PAGE, "back to the same page");
    let banner_cookie = set_cookie(&saved, "linkway_saved").expect("the banner's cookie");
    assert_eq!(
        banner_cookie,
        "linkway_saved=Your+progress+update+has+been+posted"
    );
    assert_eq!(updates(&app).await, before + 1);

    let cookies = format!("{camden}; {banner_cookie}");
    let shown = app.get_as(PAGE, Some(&cookies)).await;
    let cleared = shown.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cleared.starts_with("linkway_saved=;") && cleared.contains("Max-Age=0"),
        "the banner is shown once: {cleared}"
    );
    let html = shown.text().await.unwrap();
    assert!(html.contains(r#"id="saved-banner""#), "the banner shows");
    assert!(html.contains("Your progress update has been posted"));
    assert_ne!(hidden(&html, "token"), token, "the page gives a new token");

    // The same form sent again (a double click, a resubmitted page) stores nothing more.
    let again = post_page(&app, PAGE, &body, &camden).await;
    assert_eq!(again.status().as_u16(), 303);
    assert_eq!(updates(&app).await, before + 1);
}

async fn a_page_form_that_names_no_function_or_too_much_changes_nothing(app: TestApp) {
    app.seed_demo().await;
    let camden = app.sign_in(CAMDEN).await;
    let page = app.get_text_as(PAGE, 200, Some(&camden)).await;
    let token = hidden(&page, "token");
    let before = updates(&app).await;
    let valid = progress(&token, "40", "Met.");
    let without_action = valid
        .split('&')
        .filter(|pair| !pair.starts_with(ACTION_FIELD))
        .collect::<Vec<_>>()
        .join("&");
    let twice = format!(
        "{valid}&{}",
        form(&[(ACTION_FIELD, app::admin::CreateUser::PATH)])
    );
    let elsewhere = valid.replace(
        &form(&[(ACTION_FIELD, app::recommendations::AddProgressUpdate::PATH)]),
        &form(&[(ACTION_FIELD, "/admin")]),
    );
    for (what, body) in [
        ("no action", without_action),
        ("two actions", twice),
        ("an action that is not a server function", elsewhere.clone()),
        (
            "an action under /api that is not a server function",
            elsewhere.replace("%2Fadmin", "%2Fapi%2Fno_such_function"),
        ),
    ] {
        let answer = post_page(&app, PAGE, &body, &camden).await;
        assert_eq!(answer.status().as_u16(), 400, "{what}");
    }
    let huge = format!("{valid}&padding={}", "x".repeat(300 * 1024));
    let answer = post_page(&app, PAGE, &huge, &camden).await;
    assert_eq!(answer.status().as_u16(), 413, "too much text");
    assert_eq!(updates(&app).await, before, "nothing is stored");

    // Another website cannot post the form, whatever it names.
    let cross = app
        .http
        .post(app.url(PAGE))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", "https://evil.example")
        .header("cookie", &camden)
        .body(valid)
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status().as_u16(), 403);
    assert_eq!(updates(&app).await, before);
}

async fn signing_in_with_the_page_form_keeps_the_email_but_never_the_password(app: TestApp) {
    app.seed_demo().await;
    let sign_in = |password: &'static str| {
        form(&[
            (ACTION_FIELD, app::auth::SignIn::PATH),
            ("email", CAMDEN),
            ("password", password),
        ])
    };
    let refused = post_page(&app, "/sign-in", &sign_in("not-the-password"), "").await;
    assert_eq!(refused.status().as_u16(), 422);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains(&format!(r#"value="{CAMDEN}""#)),
        "the email stays"
    );
    assert!(
        !html.contains("not-the-password"),
        "the password never comes back"
    );

    let signed_in = post_page(&app, "/sign-in", &sign_in(app::demo::DEMO_PASSWORD), "").await;
    assert_eq!(signed_in.status().as_u16(), 303);
    assert_eq!(signed_in.headers()["location"], "/");
    let session = set_cookie(&signed_in, "linkway_session").expect("a session cookie");
    assert!(
        app.current_user(&session).await.is_some(),
        "the new session is signed in"
    );
}

/// A form the island sends in place (its header set) is answered as a plain post is, except
/// that a save is a 204 naming the page to show next instead of a redirect: the island
/// fetches that page itself, banner cookie and all.
async fn a_form_sent_in_place_is_answered_without_a_redirect(app: TestApp) {
    app.seed_demo().await;
    let camden = app.sign_in(CAMDEN).await;
    let page = app.get_text_as(PAGE, 200, Some(&camden)).await;
    let token = hidden(&page, "token");
    let before = updates(&app).await;
    let in_place = |body: String| {
        app.http
            .post(app.url(PAGE))
            .header("content-type", "application/x-www-form-urlencoded")
            .header(app::components::IN_PLACE_HEADER, "yes")
            .header("cookie", &camden)
            .body(body)
            .send()
    };

    let refused = in_place(progress(&token, "150", "Kept as typed"))
        .await
        .unwrap();
    assert_eq!(refused.status().as_u16(), 422, "the page with its problems");
    assert!(refused.text().await.unwrap().contains("Kept as typed"));
    assert_eq!(updates(&app).await, before);

    let saved = in_place(progress(&token, "40", "Sent in place"))
        .await
        .unwrap();
    assert_eq!(saved.status().as_u16(), 204);
    assert!(
        saved.headers().get("location").is_none(),
        "no redirect to follow"
    );
    assert_eq!(saved.headers()[app::components::NEXT_PAGE_HEADER], PAGE);
    assert!(
        set_cookie(&saved, "linkway_saved").is_some(),
        "the banner's cookie"
    );
    assert_eq!(updates(&app).await, before + 1);
}

/// Adding a user without scripts: the save sends the browser back to the page, which shows
/// the temporary password once (held on the server, named by a short-lived cookie), so a
/// reload neither shows it again nor posts the form again; a refusal keeps what was typed.
async fn a_new_users_temporary_password_is_shown_once_on_the_page_after_the_save(app: TestApp) {
    app.seed_demo().await;
    let admin = app.sign_in("admin@demo.linkway.test").await;
    let user = |email: &'static str| {
        form(&[
            (ACTION_FIELD, app::admin::CreateUser::PATH),
            (SAVED_FIELD, "The user has been added"),
            (app::components::SHOWS_ANSWER_FIELD, "yes"),
            ("input[name]", "Nia Newcomer"),
            ("input[email]", email),
            ("input[organisation]", "Camden Council"),
            ("input[role]", "viewer"),
            ("input[borough]", ""),
            ("input[icb]", "NCL"),
        ])
    };
    let users = || count(&app, "SELECT COUNT(*) FROM users");
    let before = users().await;

    let added = post_page(&app, "/admin", &user("nia.newcomer@camden.example"), &admin).await;
    assert_eq!(added.status().as_u16(), 303, "post, redirect, get");
    assert_eq!(added.headers()["location"], "/admin");
    let banner = set_cookie(&added, "linkway_saved").expect("the banner's cookie");
    let answer = set_cookie(&added, "linkway_answer").expect("the answer's name");
    assert!(answer.len() > "linkway_answer=".len() + 30, "{answer}");
    assert_eq!(users().await, before + 1);

    let back = format!("{admin}; {banner}; {answer}");
    let page = app.get_as("/admin", Some(&back)).await;
    assert_eq!(page.status().as_u16(), 200);
    assert_eq!(
        set_cookie(&page, "linkway_answer").as_deref(),
        Some("linkway_answer="),
        "the answer's cookie is cleared once shown"
    );
    let html = page.text().await.unwrap();
    assert!(html.contains("The user has been added"), "the banner shows");
    let password = html
        .split(r#"<strong class="linkway-password">"#)
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the temporary password is shown")
        .to_owned();
    assert!(password.len() >= 12, "a real password: {password:?}");
    assert!(
        !answer.contains(&password),
        "the cookie does not hold the password"
    );
    assert!(
        html.contains("nia.newcomer@camden.example"),
        "the list has the new user"
    );
    // A reload, even one that sent the cookie again, shows the page without the password
    // and adds no one.
    let reloaded = app.get_text_as("/admin", 200, Some(&back)).await;
    assert!(!reloaded.contains("linkway-password"), "shown once");
    assert!(!reloaded.contains(&password));
    assert_eq!(users().await, before + 1);

    let refused = post_page(&app, "/admin", &user("not-an-email"), &admin).await;
    assert_eq!(refused.status().as_u16(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains(r#"value="Nia Newcomer""#), "the name stays");
    assert!(html.contains(r#"value="not-an-email""#), "the email stays");
    assert!(
        !html.contains("linkway-password"),
        "no password for a refusal"
    );
    assert_eq!(users().await, before + 1);
}

/// A page with one form per row: a refused row edit shows its problems and what was typed
/// in that row only; the other rows show what is stored.
async fn a_refused_row_form_keeps_its_problems_to_its_own_row(app: TestApp) {
    app.seed_demo().await;
    let camden = app.sign_in(CAMDEN).await;
    let due = (chrono::Utc::now().date_naive() + chrono::Days::new(30)).to_string();
    for title in ["Row one milestone", "Row two milestone"] {
        let body = form(&[
            (ACTION_FIELD, app::recommendations::AddMilestone::PATH),
            ("number", "2"),
            ("title", title),
            ("due_on", &due),
            ("owner_id", ""),
        ]);
        let added = post_page(&app, PAGE, &body, &camden).await;
        assert_eq!(added.status().as_u16(), 303, "{title} added");
    }
    let page = app.get_text_as(PAGE, 200, Some(&camden)).await;
    let id_of = |title: &str| -> String {
        let at = page.find(&format!(r#"value="{title}""#)).expect(title);
        let marker = r#"id="milestone-"#;
        let start = page[..at].rfind(marker).expect("the row's title field") + marker.len();
        page[start..]
            .split('-')
            .next()
            .unwrap_or_default()
            .to_owned()
    };
    let (first, second) = (id_of("Row one milestone"), id_of("Row two milestone"));
    assert_ne!(first, second);

    let refused = form(&[
        (ACTION_FIELD, app::recommendations::UpdateMilestone::PATH),
        ("id", &first),
        ("version", "1"),
        ("title", ""),
        ("due_on", "not a date"),
        ("done_on", ""),
        ("owner_id", ""),
    ]);
    let answer = post_page(&app, PAGE, &refused, &camden).await;
    assert_eq!(answer.status().as_u16(), 422);
    let html = answer.text().await.unwrap();
    assert_eq!(
        html.matches("There is a problem").count(),
        1,
        "one summary, in the refused row"
    );
    assert!(
        html.contains(&format!(
            r#"id="milestone-{first}-due_on" name="due_on" type="date" value="not a date""#
        )),
        "the refused row keeps what was typed"
    );
    assert!(
        html.contains(r#"value="Row two milestone""#),
        "the other row shows what is stored"
    );
    assert!(
        !html.contains(r#"value="Row one milestone""#),
        "the refused row shows the emptied title, not the stored one"
    );
}

/// A round in scoring with the Camden lead and submitter taking part.
async fn round_in_scoring(app: &TestApp, camden: &str) -> i64 {
    let id = crate::maturity::camden_round(app, camden).await;
    call::<()>(
        app,
        app::maturity::MoveRound::PATH,
        &[("round", &id.to_string()), ("to", "scoring")],
        camden,
    )
    .await
    .unwrap();
    id
}

async fn checking_ratings_shows_them_back_and_only_the_confirmed_form_stores_them(app: TestApp) {
    app.seed_demo().await;
    let camden = app.sign_in(CAMDEN).await;
    let id = round_in_scoring(&app, &camden).await;
    let page = format!("/maturity/rounds/{id}");
    let round = id.to_string();
    let mut fields: Vec<(String, String)> = vec![
        (
            ACTION_FIELD.to_owned(),
            app::maturity::SubmitRatings::PATH.to_owned(),
        ),
        ("round".to_owned(), round.clone()),
    ];
    for index in 0..6 {
        fields.push((format!("ratings[{index}][domain]"), (index + 1).to_string()));
        fields.push((format!("ratings[{index}][level]"), "3".to_owned()));
        fields.push((
            format!("ratings[{index}][evidence]"),
            format!("Minutes of meeting {}", index + 1),
        ));
        fields.push((format!("ratings[{index}][rationale]"), String::new()));
    }
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let ratings = || count(&app, "SELECT COUNT(*) FROM ratings");
    let before = ratings().await;

    let checked = post_page(&app, &page, &form(&pairs), &camden).await;
    assert_eq!(
        checked.status().as_u16(),
        200,
        "a page to check, not a failure"
    );
    let html = checked.text().await.unwrap();
    assert!(html.contains("Check your ratings"), "the check panel shows");
    assert!(html.contains("Minutes of meeting 6"), "with what was typed");
    assert!(
        html.contains(r##"href="#level_6""##),
        "each answer links back to its question"
    );
    assert_eq!(
        hidden(&html, "confirm"),
        "yes",
        "the confirming form says so"
    );
    assert!(!html.contains("nhsuk-error-summary"), "nothing is wrong");
    assert_eq!(
        ratings().await,
        before,
        "nothing is stored before it is confirmed"
    );

    // The form the check panel shows, sent back as the browser would send it.
    let panel = html
        .split(r#"id="check-ratings-panel""#)
        .nth(1)
        .and_then(|rest| rest.split("</form>").next())
        .expect("the check panel's form");
    let confirming: Vec<(String, String)> = panel
        .split("<input ")
        .skip(1)
        .map(|input| (attribute(input, "name"), attribute(input, "value")))
        .collect();
    assert!(confirming.contains(&("confirm".to_owned(), "yes".to_owned())));
    assert!(confirming.contains(&(
        "ratings[5][evidence]".to_owned(),
        "Minutes of meeting 6".to_owned()
    )));
    let confirming: Vec<(&str, &str)> = confirming
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let stored = post_page(&app, &page, &form(&confirming), &camden).await;
    assert_eq!(stored.status().as_u16(), 303);
    assert_eq!(ratings().await, before + 6);
}

/// The value of attribute `name` in the text of one tag (no entities in these values).
fn attribute(tag: &str, name: &str) -> String {
    let marker = format!(r#"{name}=""#);
    tag.split_once(&marker)
        .and_then(|(_, rest)| rest.split('"').next())
        .unwrap_or_default()
        .to_owned()
}

async fn closing_scoring_names_who_has_not_submitted_before_it_closes(app: TestApp) {
    app.seed_demo().await;
    let camden = app.sign_in(CAMDEN).await;
    let id = round_in_scoring(&app, &camden).await;
    // The lead has submitted; the submitter has not.
    let mut ratings: Vec<(String, String)> = vec![("round".to_owned(), id.to_string())];
    for index in 0..6 {
        ratings.push((format!("ratings[{index}][domain]"), (index + 1).to_string()));
        ratings.push((format!("ratings[{index}][level]"), "2".to_owned()));
        ratings.push((format!("ratings[{index}][evidence]"), "Notes".to_owned()));
    }
    ratings.push(("confirm".to_owned(), "yes".to_owned()));
    let pairs: Vec<(&str, &str)> = ratings
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    call::<()>(&app, app::maturity::SubmitRatings::PATH, &pairs, &camden)
        .await
        .unwrap();
    let page = format!("/maturity/rounds/{id}");
    let body = form(&[
        (ACTION_FIELD, app::maturity::MoveRound::PATH),
        ("round", &id.to_string()),
        ("to", "moderation"),
    ]);
    let checked = post_page(&app, &page, &body, &camden).await;
    assert_eq!(checked.status().as_u16(), 200);
    let html = checked.text().await.unwrap();
    assert!(html.contains("Close scoring?"));
    let missing = html
        .split(r#"id="not-submitted""#)
        .nth(1)
        .and_then(|rest| rest.split("</ul>").next())
        .unwrap_or_default();
    assert!(
        missing.contains("Sam Submitter") && !missing.contains("Cam Lead"),
        "the submitter is named as not submitted, the lead is not: {missing}"
    );
    let status =
        format!("SELECT COUNT(*) FROM assessment_rounds WHERE id = {id} AND status = 'scoring'");
    assert_eq!(count(&app, &status).await, 1, "still scoring");

    // Someone else closes scoring first: the confirmed form is refused, the refusal is
    // shown, and closing is not offered again.
    call::<()>(
        &app,
        app::maturity::MoveRound::PATH,
        &[
            ("round", &id.to_string()),
            ("to", "moderation"),
            ("confirm", "yes"),
        ],
        &camden,
    )
    .await
    .unwrap();
    let confirmed = form(&[
        (ACTION_FIELD, app::maturity::MoveRound::PATH),
        ("round", &id.to_string()),
        ("to", "moderation"),
        ("confirm", "yes"),
    ]);
    let refused = post_page(&app, &page, &confirmed, &camden).await;
    assert_eq!(refused.status().as_u16(), 400);
    let html = refused.text().await.unwrap();
    assert!(html.contains("nhsuk-error-summary") && html.contains("cannot move to moderation"));
    assert!(
        !html.contains("Close scoring?"),
        "closing is not offered again"
    );
}

both_databases!(
    checking_ratings_shows_them_back_and_only_the_confirmed_form_stores_them,
    closing_scoring_names_who_has_not_submitted_before_it_closes,
    a_refused_row_form_keeps_its_problems_to_its_own_row,
    a_new_users_temporary_password_is_shown_once_on_the_page_after_the_save,
    a_form_sent_in_place_is_answered_without_a_redirect,
    a_refused_page_form_shows_the_page_again_with_what_was_typed,
    a_saved_page_form_returns_to_the_page_with_the_banner_once,
    a_page_form_that_names_no_function_or_too_much_changes_nothing,
    signing_in_with_the_page_form_keeps_the_email_but_never_the_password,
);
