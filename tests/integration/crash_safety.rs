//! Linkway killed outright (SIGKILL) while it stores a large return, then started again on
//! the same database: no partial submission, versions without gaps, every stored version
//! with its attempt, audit row and every one of its rows — on each database.

use crate::returns::{open_period, spec, upload, workbook_bytes};
use std::time::Instant;
use tests::process::ServerProcess;
use tests::{both_database_kinds, count, DbKind};

const SUBMITTER: &str = "camden.submitter@demo.linkway.test";
const ROWS: i64 = 50_000;

async fn a_return_killed_while_being_stored_leaves_nothing_partial(kind: DbKind) {
    let mut process = ServerProcess::start(kind).await;
    process.app.seed_demo().await;
    let period = open_period(&process.app).await;
    let cookie = process.app.sign_in(SUBMITTER).await;
    let spec = spec(&process.app).await;
    let fill = tests::large_return::fill(&spec.themes, ROWS as usize);
    let bytes = workbook_bytes(&spec, &fill);
    // A second return, one figure different: each upload sends whichever is not the newest
    // version, since the same file again is flagged and not stored.
    let mut other = fill.clone();
    other.workforce[0][4] = app::returns::template::Cell::Number(18.0);
    let files = [bytes.clone(), workbook_bytes(&spec, &other)];

    // One whole upload, timed: the kills below land across its second half, where the
    // checked return is written.
    let started = Instant::now();
    let (status, _) = upload(&process.app, period, "camden", "big.xlsx", &bytes, &cookie).await;
    assert_eq!(status, 303);
    let whole = started.elapsed();
    let mut completed = 1;
    let path = format!("/returns/periods/{period}/boroughs/camden/upload");
    for fraction in [0.5, 0.65, 0.8, 0.9, 0.97] {
        let (_answered, ()) = tokio::join!(
            process.app.try_upload_file(
                &path,
                "big.xlsx",
                next_file(&process, period, &files).await,
                &cookie
            ),
            async {
                tokio::time::sleep(whole.mul_f64(fraction)).await;
                process.kill();
            }
        );
        process.restart().await;
        completed = consistent(&process, period).await;
    }
    // On PostgreSQL the storing transaction can be seen from outside: kill once while it
    // is writing the return's rows, so at least one kill certainly lands mid-store.
    if let app::plumbing::Db::Postgres(pool) = &process.app.db {
        let storing = "SELECT COUNT(*) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid() \
             AND xact_start IS NOT NULL AND query LIKE 'INSERT INTO return_unmet_needs%'";
        let (_answered, seen) = tokio::join!(
            process.app.try_upload_file(
                &path,
                "big.xlsx",
                next_file(&process, period, &files).await,
                &cookie
            ),
            async {
                let deadline = Instant::now() + whole * 10;
                while Instant::now() < deadline {
                    let rows: i64 = sqlx::query_scalar(storing)
                        .fetch_one(pool)
                        .await
                        .unwrap_or(0);
                    if rows > 0 {
                        process.kill();
                        return true;
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(2)).await;
                }
                false
            }
        );
        assert!(seen, "the store was never seen in progress");
        process.restart().await;
        assert_eq!(
            consistent(&process, period).await,
            completed,
            "the return killed mid-store left nothing"
        );
    }
    // Linkway still takes a return after every restart.
    let next = next_file(&process, period, &files).await;
    let (status, _) = upload(&process.app, period, "camden", "big.xlsx", next, &cookie).await;
    assert_eq!(status, 303);
    assert_eq!(consistent(&process, period).await, completed + 1);
    eprintln!(
        "crash safety on {kind:?}: a {ROWS}-row upload took {} ms; {} of 5 killed uploads had committed before the kill",
        whole.as_millis(),
        completed - 1
    );
}

/// Whichever of `files` is not the newest stored version of `period`'s return.
async fn next_file<'a>(process: &ServerProcess, period: i64, files: &'a [Vec<u8>; 2]) -> &'a [u8] {
    let newest: Option<String> = app::on_conn!(&mut process.app.db.conn().await.unwrap(), c => {
        sqlx::query_scalar::<_, Option<String>>(
            "SELECT file_hash FROM return_submissions WHERE period_id = $1 ORDER BY version DESC LIMIT 1",
        )
        .bind(period)
        .fetch_optional(c)
        .await
    })
    .unwrap()
    .flatten();
    let newest = newest.as_deref();
    files
        .iter()
        .find(|bytes| Some(app::returns::service::sha256_hex(bytes).as_str()) != newest)
        .unwrap_or(&files[0])
}

/// Checks the stored returns for `period` and answers how many versions there are.
async fn consistent(process: &ServerProcess, period: i64) -> i64 {
    let app = &process.app;
    let versions = count(
        app,
        &format!("SELECT COUNT(*) FROM return_submissions WHERE period_id = {period}"),
    )
    .await;
    let highest = count(
        app,
        &format!(
            "SELECT COALESCE(MAX(version), 0) FROM return_submissions WHERE period_id = {period}"
        ),
    )
    .await;
    assert_eq!(versions, highest, "versions run 1..{highest} without gaps");
    // What a stored version of the period must have: each condition picks the versions
    // that lack it.
    let lacking = [
        (
            format!(
                "(SELECT COUNT(*) FROM return_unmet_needs u WHERE u.submission_id = s.id) <> {ROWS}"
            ),
            format!("every stored version has all {ROWS} rows"),
        ),
        (
            "NOT EXISTS (SELECT 1 FROM return_attempts a WHERE a.submission_id = s.id)".to_owned(),
            "every stored version has its attempt".to_owned(),
        ),
        (
            "NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.action = 'upload_return' \
             AND e.entity_id = CAST(s.id AS TEXT))"
                .to_owned(),
            "every stored version has its audit row".to_owned(),
        ),
    ];
    for (condition, rule) in lacking {
        let versions_lacking = count(
            app,
            &format!(
                "SELECT COUNT(*) FROM return_submissions s WHERE s.period_id = {period} AND {condition}"
            ),
        )
        .await;
        assert_eq!(versions_lacking, 0, "{rule}");
    }
    let orphans = count(
        app,
        "SELECT COUNT(*) FROM return_unmet_needs u WHERE NOT EXISTS \
         (SELECT 1 FROM return_submissions s WHERE s.id = u.submission_id)",
    )
    .await;
    assert_eq!(orphans, 0, "no rows without their version");
    if let app::plumbing::Db::Sqlite(pool) = &app.db {
        let check: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(check, "ok");
    }
    versions
}

both_database_kinds!(a_return_killed_while_being_stored_leaves_nothing_partial);
