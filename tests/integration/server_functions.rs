//! Server functions over HTTP, as the hydrated browser calls them.

use app::error::AppError;
use server_fn::ServerFn;
use tests::{both_databases, TestApp};

async fn list_boroughs_answers_json_for_the_browser(app: TestApp) {
    let viewer = app.viewer().await;
    let response = app
        .post_form(app::boroughs::ListBoroughs::PATH, "", Some(&viewer))
        .await;
    assert_eq!(response.status().as_u16(), 200);
    let boroughs: Vec<app::boroughs::Borough> = response.json().await.unwrap();
    assert_eq!(boroughs.len(), 5);
    assert_eq!(boroughs[0].code, "barnet");
}

async fn a_missing_recommendation_comes_back_as_not_found(app: TestApp) {
    let viewer = app.viewer().await;
    let response = app
        .post_form(
            app::recommendations::LoadRecommendation::PATH,
            "number=99",
            Some(&viewer),
        )
        .await;
    assert!(!response.status().is_success());
    let error: AppError = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(error, AppError::not_found("Recommendation 99"));
}

async fn malformed_arguments_are_a_bad_request_not_a_panic(app: TestApp) {
    let response = app
        .http
        .post(app.url(app::recommendations::LoadRecommendation::PATH))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("number=not-a-number")
        .send()
        .await
        .unwrap();
    assert!(!response.status().is_success());
    let error: AppError = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert!(matches!(error, AppError::BadRequest { .. }), "{error:?}");
}

both_databases!(
    list_boroughs_answers_json_for_the_browser,
    a_missing_recommendation_comes_back_as_not_found,
    malformed_arguments_are_a_bad_request_not_a_panic,
);
