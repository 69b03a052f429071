//! Reference data loaded by migrations: identical on both databases, and word for word
//! what the review says.

use app::plumbing::Db;
use tests::{both_databases, TestApp};

/// The review's Table 3, kept in the repository as a fixture: the 2024 North Central London
/// social prescribing review, copied from the steering repo's
/// `shared/reference/recommendations.tsv`.
const RECOMMENDATIONS_TSV: &str = include_str!("../fixtures/recommendations.tsv");

/// The fixture's rows, its `#` comment lines and header left out.
fn recommendations_tsv() -> Vec<Vec<String>> {
    let mut lines = RECOMMENDATIONS_TSV
        .lines()
        .filter(|line| !line.starts_with('#'));
    assert_eq!(
        lines.next(),
        Some("number\tcategory\trecommendation\tspecific_actions\ttimeline\tcost_implication\tpriority")
    );
    lines
        .filter(|line| !line.is_empty())
        .map(|line| line.split('\t').map(str::to_owned).collect())
        .collect()
}

async fn the_21_recommendations_match_the_review_word_for_word(app: TestApp) {
    let expected = recommendations_tsv();
    assert_eq!(expected.len(), 21);
    let stored =
        app::recommendations::db::list_recommendations(&mut app.db.conn().await.unwrap(), "NCL")
            .await
            .unwrap();
    assert_eq!(stored.len(), 21);
    for (row, item) in expected.iter().zip(&stored) {
        let actual = [
            item.number.to_string(),
            item.category.clone(),
            item.recommendation.clone(),
            item.specific_actions.clone(),
            item.timeline.clone(),
            item.cost_implication.clone(),
            item.priority.clone(),
        ];
        assert_eq!(row.len(), actual.len(), "fixture row {} fields", row[0]);
        for (field, (want, got)) in row.iter().zip(&actual).enumerate() {
            assert_eq!(want, got, "recommendation {} field {field}", row[0]);
        }
    }
}

async fn every_seeded_timeline_reads_as_a_target_window(app: TestApp) {
    let stored =
        app::recommendations::db::list_recommendations(&mut app.db.conn().await.unwrap(), "NCL")
            .await
            .unwrap();
    for item in stored {
        assert!(
            app::recommendations::TargetWindow::parse(&item.timeline).is_some(),
            "recommendation {} timeline {:?}",
            item.number,
            item.timeline
        );
    }
}

async fn boroughs_carry_the_review_populations_and_unknown_is_not_zero(app: TestApp) {
    let boroughs = app::boroughs::db::list_boroughs(&mut app.db.conn().await.unwrap())
        .await
        .unwrap();
    let populations: Vec<(&str, Option<i64>)> = boroughs
        .iter()
        .map(|b| (b.name.as_str(), b.gp_registered_population))
        .collect();
    assert_eq!(
        populations,
        vec![
            ("Barnet", Some(432_182)),
            ("Camden", Some(299_852)),
            ("Enfield", None),
            ("Haringey", None),
            ("Islington", Some(263_251)),
        ]
    );
}

async fn the_six_maturity_domains_are_in_the_review_order(app: TestApp) {
    let domains = app::maturity::db::list_domains(&mut app.db.conn().await.unwrap())
        .await
        .unwrap();
    let names: Vec<&str> = domains.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Leadership and Governance",
            "Social Prescribing Workforce",
            "Planning and Commissioning",
            "Digital Systems and Enablers",
            "Evidence and Impact",
            "Tackling Health Inequalities",
        ]
    );
}

async fn migrating_again_changes_nothing(app: TestApp) {
    app.db.migrate().await.unwrap();
    assert_eq!(
        app::recommendations::db::list_recommendations(&mut app.db.conn().await.unwrap(), "NCL")
            .await
            .unwrap()
            .len(),
        21
    );
    assert_eq!(
        app::boroughs::db::list_boroughs(&mut app.db.conn().await.unwrap())
            .await
            .unwrap()
            .len(),
        5
    );
}

async fn demo_content_is_loaded_only_by_seed_demo_and_only_once(app: TestApp) {
    assert!(
        !app::site::db::demo_data_loaded(&mut app.db.conn().await.unwrap())
            .await
            .unwrap()
    );
    let home = app.get_text("/", 200).await;
    assert!(
        !home.contains("linkway-demo-banner"),
        "no demo banner before seed-demo"
    );

    app::demo::seed_demo(&app.db).await.unwrap();
    app::demo::seed_demo(&app.db).await.unwrap();

    assert!(
        app::site::db::demo_data_loaded(&mut app.db.conn().await.unwrap())
            .await
            .unwrap()
    );
    // The demo flag, beside the programme start set by the migrations.
    assert_eq!(count(&app.db, "site_settings").await, 2);
    let home = app.get_text("/", 200).await;
    assert!(
        home.contains("linkway-demo-banner"),
        "demo banner after seed-demo"
    );
    // Reference data is untouched by demo content.
    assert_eq!(count(&app.db, "recommendations").await, 21);
}

async fn count(db: &Db, table: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    app::on_conn!(&mut db.conn().await.unwrap(), pool => sqlx::query_scalar::<_, i64>(&sql).fetch_one(pool).await).unwrap()
}

both_databases!(
    the_21_recommendations_match_the_review_word_for_word,
    every_seeded_timeline_reads_as_a_target_window,
    boroughs_carry_the_review_populations_and_unknown_is_not_zero,
    the_six_maturity_domains_are_in_the_review_order,
    migrating_again_changes_nothing,
    demo_content_is_loaded_only_by_seed_demo_and_only_once,
);
