//! `/healthz` and `/readyz`.

use tests::{both_databases, TestApp};

async fn healthz_answers_while_the_process_is_up(app: TestApp) {
    assert_eq!(app.get_text("/healthz", 200).await, "ok");
}

async fn readyz_answers_200_when_the_database_answers(app: TestApp) {
    assert_eq!(app.get_text("/readyz", 200).await, "ready");
}

async fn readyz_answers_503_when_the_database_is_gone(app: TestApp) {
    app.db.close().await;
    assert_eq!(app.get_text("/readyz", 503).await, "database unavailable");
    // The process itself is still up.
    assert_eq!(app.get_text("/healthz", 200).await, "ok");
}

both_databases!(
    healthz_answers_while_the_process_is_up,
    readyz_answers_200_when_the_database_answers,
    readyz_answers_503_when_the_database_is_gone,
);
