//! The wasm budget: the bundle every page loads holds only the islands, at most 200 KB
//! brotli-compressed. A capability with no new island adds nothing to it, so the islands
//! are listed here and a new one is a deliberate change to this list. Reads the site that
//! `make test` (like `make build`) builds in release mode; a size check, not a timing.

use std::path::PathBuf;

/// The budget for the compressed wasm any page loads.
const BUDGET_BROTLI_BYTES: u64 = 200 * 1024;

/// Every island in the bundle: the only code a page runs in the browser.
const ISLANDS: [&str; 4] = ["InPlaceForms", "MenuToggle", "SummaryLinks", "TableSearch"];

fn bundle(name: &str) -> PathBuf {
    tests::site_root().join("pkg").join(name)
}

fn size(name: &str) -> u64 {
    let path = bundle(name);
    std::fs::metadata(&path)
        .unwrap_or_else(|error| {
            panic!(
                "{} is missing ({error}): `make test` and `make build` build the release site",
                path.display()
            )
        })
        .len()
}

#[test]
fn the_release_wasm_fits_the_budget() {
    let raw = size("linkway_bg.wasm");
    let brotli = size("linkway_bg.wasm.br");
    let modified = |name: &str| {
        std::fs::metadata(bundle(name))
            .and_then(|meta| meta.modified())
            .expect("modification time")
    };
    assert!(
        modified("linkway_bg.wasm.br") >= modified("linkway_bg.wasm"),
        "the brotli copy is older than the wasm: it is not this build's"
    );
    println!("wasm: {raw} bytes, {brotli} brotli (budget {BUDGET_BROTLI_BYTES})");
    assert!(
        brotli <= BUDGET_BROTLI_BYTES,
        "the wasm is {brotli} bytes brotli, over the budget of {BUDGET_BROTLI_BYTES}"
    );
    assert!(
        brotli * 2 < raw,
        "the brotli copy ({brotli}) is not a compressed copy of the wasm ({raw})"
    );
}

#[test]
fn the_bundle_holds_the_islands_and_no_pages() {
    let glue = std::fs::read_to_string(bundle("linkway.js")).expect("the bundle's JavaScript");
    let mut exported: Vec<&str> = glue
        .lines()
        .filter_map(|line| line.strip_prefix("export function "))
        .filter_map(|rest| rest.split('(').next())
        // An island's export is its name and a hash: `MenuToggle_16917506096884297154`.
        .filter_map(|name| name.rsplit_once('_'))
        .filter(|(_, hash)| !hash.is_empty() && hash.bytes().all(|b| b.is_ascii_digit()))
        .map(|(island, _)| island)
        .collect();
    exported.sort_unstable();
    assert_eq!(
        exported, ISLANDS,
        "the islands the wasm hydrates (a new island is a deliberate change to the budget)"
    );
    assert!(
        glue.contains("export function hydrate("),
        "the entry point hydrates the islands"
    );
}
