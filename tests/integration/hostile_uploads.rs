//! Uploads built to hurt, sent to Linkway running as its own process on each database:
//! each is refused with a sentence and recorded as an attempt, nothing is stored, the
//! process survives, and its peak memory stays under the ceiling across all of them.

use crate::returns::{clean_fill, number, open_period, spec, text, upload, workbook_bytes};
use app::returns::template::{Cell, Fill};
use app::returns::Attempt;
use server_fn::ServerFn;
use std::io::{Cursor, Read, Write};
use tests::process::ServerProcess;
use tests::{both_database_kinds, call, count, DbKind, TestApp};

const SUBMITTER: &str = "camden.submitter@demo.linkway.test";
/// How far above idle the process's resident memory may go during any upload.
const MEMORY_CEILING_MIB: u64 = 300;

/// The parts of `bytes` (a zip) with `change` applied to each `(name, content)`; `None`
/// keeps a part as it was. `extra` parts are added at the end.
fn rezip(
    bytes: &[u8],
    change: impl Fn(&str, &[u8]) -> Option<Vec<u8>>,
    extra: &[(&str, Vec<u8>)],
) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).expect("a part");
        let name = part.name().expect("a part name").to_string();
        let mut content = Vec::new();
        part.read_to_end(&mut content).expect("the part's bytes");
        let content = change(&name, &content).unwrap_or(content);
        writer.start_file(name, options).expect("start a part");
        writer.write_all(&content).expect("write a part");
    }
    let best = options.compression_level(Some(9));
    for (name, content) in extra {
        writer.start_file(*name, best).expect("start a part");
        writer.write_all(content).expect("write a part");
    }
    writer.finish().expect("finish the zip").into_inner()
}

/// `xml` with `rows` put just before `</sheetData>`.
fn with_rows(xml: &[u8], rows: &str) -> Vec<u8> {
    let xml = String::from_utf8_lossy(xml);
    xml.replacen("</sheetData>", &format!("{rows}</sheetData>"), 1)
        .replacen("<sheetData/>", &format!("<sheetData>{rows}</sheetData>"), 1)
        .into_bytes()
}

const UNMET_NEED_SHEET: &str = "xl/worksheets/sheet4.xml";

/// A clean return whose unmet need rows each carry `notes(row)`.
fn unmet_rows_with_notes(rows: usize, notes: impl Fn(usize) -> String) -> Fill {
    let mut fill = clean_fill();
    fill.unmet_needs = (0..rows)
        .map(|row| {
            vec![
                text("Digital exclusion"),
                number(6.0),
                Cell::Empty,
                text("No service"),
                text(&notes(row)),
            ]
        })
        .collect();
    fill
}

/// `length` letters that do not repeat in any pattern deflate can use (as real prose
/// compresses only a few times, so the file is refused for its text, not as a bomb).
fn varied_text(seed: u64, length: usize) -> String {
    let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    (0..length)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            char::from(b'a' + ((state >> 33) % 26) as u8)
        })
        .collect()
}

/// Each hostile file: (what it is, file name, bytes, words the refusal must contain).
async fn hostile_files(app: &TestApp) -> Vec<(&'static str, &'static str, Vec<u8>, &'static str)> {
    let spec = spec(app).await;
    let clean = workbook_bytes(&spec, &clean_fill());
    let blank = workbook_bytes(&spec, &Fill::default());
    let inflate_count = |name: &str, xml: &[u8]| {
        name.ends_with("sharedStrings.xml").then(|| {
            let xml = String::from_utf8_lossy(xml);
            let start = xml.find("uniqueCount=\"").expect("a uniqueCount") + 13;
            let end = start + xml[start..].find('"').expect("its end");
            format!("{}4000000000{}", &xml[..start], &xml[end..]).into_bytes()
        })
    };
    // A zip of two parts whose table declares four billion strings in 60 bytes.
    // Zips of two parts whose table declares a count its 60 bytes cannot hold.
    let tiny_liar = |table: &[u8]| {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        writer.start_file("[Content_Types].xml", options).unwrap();
        writer.write_all(b"<Types/>").unwrap();
        writer.start_file("xl/sharedStrings.xml", options).unwrap();
        writer.write_all(table).unwrap();
        writer.finish().unwrap().into_inner()
    };
    let plain_liar = tiny_liar(br#"<sst uniqueCount="4000000000"><si><t>a</t></si></sst>"#);
    // The count behind a processing instruction whose quote a naive scanner would follow.
    let hidden_liar =
        tiny_liar(br#"<?x '?><sst uniqueCount="1000000000000000"><si/></sst><!-- '?>"#);
    let bomb = rezip(
        &clean,
        |_, _| None,
        // Markup, not one long run: what makes it a bomb is its ratio alone.
        &[(
            "xl/worksheets/sheet9.xml",
            "<a/>".repeat(4 << 20).into_bytes(),
        )],
    );
    let million_rows: String = (5..1_000_005)
        .map(|row| format!(r#"<row r="{row}"><c r="B{row}"><v>1</v></c></row>"#))
        .collect();
    let million_rows = rezip(
        &blank,
        |name, xml| (name == UNMET_NEED_SHEET).then(|| with_rows(xml, &million_rows)),
        &[],
    );
    let far_cell = rezip(
        &blank,
        |name, xml| {
            (name == UNMET_NEED_SHEET).then(|| {
                with_rows(
                    xml,
                    r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>far away</t></is></c></row>"#,
                )
            })
        },
        &[],
    );
    let one_huge_value = rezip(
        &blank,
        |name, xml| {
            (name == UNMET_NEED_SHEET).then(|| {
                let value = varied_text(7, 3 << 20);
                with_rows(
                    xml,
                    &format!(
                        r#"<row r="5"><c r="E5" t="inlineStr"><is><t>{value}</t></is></c></row>"#
                    ),
                )
            })
        },
        &[],
    );
    let long_text = "x".repeat(32_000);
    let one_long_string =
        workbook_bytes(&spec, &unmet_rows_with_notes(20_000, |_| long_text.clone()));
    let many_long_strings = workbook_bytes(
        &spec,
        &unmet_rows_with_notes(300, |row| varied_text(row as u64, 32_000)),
    );
    let mut compound_file = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    compound_file.resize(4096, 0);
    vec![
        (
            "a lying shared-string count in a tiny zip",
            "liar.xlsx",
            plain_liar,
            "list of text values is damaged",
        ),
        (
            "a count hidden behind a processing instruction",
            "hidden.xlsx",
            hidden_liar,
            "list of text values is damaged",
        ),
        (
            "the real template with its count inflated",
            "camden.xlsx",
            rezip(&clean, inflate_count, &[]),
            "list of text values is damaged",
        ),
        (
            "a deflate bomb",
            "bomb.xlsx",
            bomb,
            "compressed far more than a spreadsheet",
        ),
        (
            "one 3 MB value in a cell",
            "huge.xlsx",
            one_huge_value,
            "far longer than any cell can",
        ),
        (
            "one long shared string in 20,000 cells",
            "long.xlsx",
            one_long_string,
            "must be 1000 characters or fewer",
        ),
        (
            "a cell at XFD1048576",
            "far.xlsx",
            far_cell,
            "Enter the people referred",
        ),
        (
            "a million tiny rows",
            "rows.xlsx",
            million_rows,
            "data beyond row",
        ),
        (
            "300 cells of 32,000 characters",
            "text.xlsx",
            many_long_strings,
            "must be 1000 characters or fewer",
        ),
        (
            "an encrypted file",
            "secret.xlsx",
            compound_file.clone(),
            "password-protected",
        ),
        (
            "a legacy .xls renamed",
            "old.xlsx",
            compound_file,
            "old .xls format",
        ),
        (
            "a CSV renamed",
            "figures.xlsx",
            b"theme,people\nHousing,12\n".to_vec(),
            "not an Excel workbook",
        ),
        (
            "an empty file",
            "empty.xlsx",
            Vec::new(),
            "The file is empty",
        ),
    ]
}

async fn every_hostile_upload_is_refused_and_the_process_stays_small(kind: DbKind) {
    let process = ServerProcess::start(kind).await;
    let app = &process.app;
    app.seed_demo().await;
    let period = open_period(app).await;
    let cookie = app.sign_in(SUBMITTER).await;
    let files = hostile_files(app).await;
    // Idle: after a first upload has warmed every path an upload takes.
    upload(app, period, "camden", "warm.xlsx", b"", &cookie).await;
    let (idle_kib, _) = process.memory_kib();
    let submissions = count(app, "SELECT COUNT(*) FROM return_submissions").await;
    let mut figures = Vec::new();
    for (what, file_name, bytes, words) in files {
        let attempts = count(&process.app, "SELECT COUNT(*) FROM return_attempts").await;
        let started = std::time::Instant::now();
        let (status, location) =
            upload(&process.app, period, "camden", file_name, &bytes, &cookie).await;
        let took = started.elapsed();
        assert!(process.alive(), "the process died on {what}");
        assert_eq!(status, 303, "{what}: answered {status}");
        let id = location
            .strip_prefix("/returns/attempts/")
            .unwrap_or_else(|| panic!("{what}: redirected to {location}"));
        let attempt: Attempt = call(
            &process.app,
            app::returns::LoadAttempt::PATH,
            &[("id", id)],
            &cookie,
        )
        .await
        .unwrap();
        assert!(
            attempt.problems.iter().any(|p| p.message.contains(words)),
            "{what}: expected {words:?} in {:?}",
            attempt
                .problems
                .iter()
                .map(|p| &p.message)
                .collect::<Vec<_>>()
        );
        assert!(attempt
            .problems
            .iter()
            .all(|p| p.value.chars().count() <= 100));
        assert_eq!(attempt.problem_count, attempt.problems.len() as i64);
        assert_eq!(
            count(&process.app, "SELECT COUNT(*) FROM return_attempts").await,
            attempts + 1,
            "{what}: one attempt recorded"
        );
        assert_eq!(
            count(&process.app, "SELECT COUNT(*) FROM return_submissions").await,
            submissions,
            "{what}: nothing stored"
        );
        let health = process.app.get("/healthz").await;
        assert_eq!(health.status().as_u16(), 200, "{what}: still answering");
        let (_, peak_kib) = process.memory_kib();
        figures.push(format!(
            "{what}: {} KB file, refused in {} ms, peak {} MiB above idle",
            bytes.len() / 1024,
            took.as_millis(),
            peak_kib.saturating_sub(idle_kib) / 1024
        ));
    }
    let stored_problem_bytes = count(
        &process.app,
        "SELECT CAST(COALESCE(MAX(LENGTH(problems)), 0) AS BIGINT) FROM return_attempts",
    )
    .await;
    let (_, peak_kib) = process.memory_kib();
    eprintln!(
        "hostile uploads on {kind:?} (idle {} MiB):\n  {}\n  largest stored problem list: {stored_problem_bytes} bytes",
        idle_kib / 1024,
        figures.join("\n  ")
    );
    assert!(
        stored_problem_bytes < 200_000,
        "a refused upload's problems stay small ({stored_problem_bytes} bytes)"
    );
    let above_idle_mib = peak_kib.saturating_sub(idle_kib) / 1024;
    assert!(
        above_idle_mib < MEMORY_CEILING_MIB,
        "peak resident memory rose {above_idle_mib} MiB above idle"
    );
    process.kill();
}

both_database_kinds!(every_hostile_upload_is_refused_and_the_process_stays_small);
