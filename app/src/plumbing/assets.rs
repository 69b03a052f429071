//! The site's static files and response compression. The bundle (script, wasm, styles) is
//! served under `/pkg/<version>/`, where the version is a hash of its content, so browsers
//! keep it for a year without asking again and a new build is a new address; its brotli and
//! gzip copies (written by `make build`) are served in its place to browsers that accept
//! them. The NHS.UK assets and the favicon are served straight from disk. Pages and JSON
//! are compressed as they are sent.

use axum::body::Body;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, VARY};
use axum::http::{Extensions, HeaderMap, HeaderValue, Response, StatusCode, Version};
use axum::middleware::map_response;
use axum::Router;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, OnceLock};
use tower_http::compression::{CompressionLayer, DefaultPredicate, Predicate};
use tower_http::services::{ServeDir, ServeFile};

/// For a file whose address changes with its content: kept a year, never revalidated.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// For the unversioned static files (NHS.UK icons, the favicon): kept a day.
pub const ONE_DAY: &str = "public, max-age=86400";

/// The version of the bundle in `<site_root>/pkg`: 16 hex digits of a SHA-256 over the
/// names and contents of every file served from it (the compressed copies and subfolders
/// too: what is served is what is hashed). Read once per process for each site root, as
/// Linkway starts: replace the site, then restart. A missing folder hashes as empty and
/// is logged.
pub fn pkg_version(site_root: &str) -> String {
    static VERSIONS: OnceLock<Mutex<HashMap<String, String>>> = OnceLock::new();
    let versions = VERSIONS.get_or_init(Default::default);
    if let Some(known) = versions
        .lock()
        .ok()
        .and_then(|known| known.get(site_root).cloned())
    {
        return known;
    }
    let version = content_hash(&Path::new(site_root).join("pkg"));
    if let Ok(mut known) = versions.lock() {
        known.insert(site_root.to_owned(), version.clone());
    }
    version
}

fn content_hash(folder: &Path) -> String {
    if !folder.is_dir() {
        tracing::warn!(folder = %folder.display(), "no bundle to serve: build the site");
    }
    let mut files = Vec::new();
    files_below(folder, &mut files);
    files.sort();
    let mut hasher = Sha256::new();
    for path in files {
        let Ok(mut file) = std::fs::File::open(&path) else {
            continue;
        };
        let name = path.strip_prefix(folder).unwrap_or(&path);
        hasher.update(name.as_os_str().as_encoded_bytes());
        hasher.update([0]);
        if std::io::copy(&mut file, &mut hasher).is_err() {
            hasher.update(b"unreadable");
        }
    }
    super::digest::hex(&hasher.finalize()[..8])
}

/// Every file below `folder` (a bundle is a handful of files, a folder or two deep).
fn files_below(folder: &Path, files: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for path in entries.filter_map(Result::ok).map(|entry| entry.path()) {
        if path.is_dir() {
            files_below(&path, files);
        } else if path.is_file() {
            files.push(path);
        }
    }
}

/// The static routes for the site at `site_root` whose bundle is served under `/{pkg_dir}`
/// (`pkg/<version>`, the Leptos options' `site_pkg_dir`).
pub fn static_routes<S>(site_root: &str, pkg_dir: &str) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    let root = Path::new(site_root);
    let bundle = Router::new()
        .nest_service(
            &format!("/{}", pkg_dir.trim_matches('/')),
            ServeDir::new(root.join("pkg"))
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(map_response(immutable));
    let assets = Router::new()
        .nest_service("/assets", ServeDir::new(root.join("assets")))
        .route_service("/favicon.svg", ServeFile::new(root.join("favicon.svg")))
        .layer(map_response(one_day));
    bundle.merge(assets)
}

async fn immutable(response: Response<Body>) -> Response<Body> {
    let mut response = cached_for(response, IMMUTABLE);
    // The same address answers brotli, gzip or neither: shared caches must keep them apart.
    response
        .headers_mut()
        .insert(VARY, HeaderValue::from_static("accept-encoding"));
    response
}

async fn one_day(response: Response<Body>) -> Response<Body> {
    cached_for(response, ONE_DAY)
}

/// A file found (or not modified) may be kept by browsers for `policy`; an error may not.
fn cached_for(mut response: Response<Body>, policy: &'static str) -> Response<Body> {
    let status = response.status();
    if status.is_success() || status == StatusCode::NOT_MODIFIED {
        response
            .headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

/// Brotli or gzip, as the browser accepts, for pages and JSON (static files come
/// precompressed, and the wasm would cost more to compress on each request than it saves).
pub fn compression() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new().compress_when(DefaultPredicate::new().and(is_page_or_json))
}

fn is_page_or_json(_: StatusCode, _: Version, headers: &HeaderMap, _: &Extensions) -> bool {
    let kind = headers
        .get(CONTENT_TYPE)
        .and_then(|kind| kind.to_str().ok())
        .unwrap_or("");
    kind.starts_with("text/html") || kind.starts_with("application/json")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::header::{ACCEPT_ENCODING, CONTENT_ENCODING};
    use axum::http::Request;
    use axum::routing::get;
    use tower::ServiceExt;

    fn site(name: &str) -> std::path::PathBuf {
        let root =
            std::env::temp_dir().join(format!("linkway-assets-{name}-{}", std::process::id()));
        std::fs::create_dir_all(root.join("pkg")).unwrap();
        std::fs::create_dir_all(root.join("assets")).unwrap();
        std::fs::write(root.join("pkg/linkway.js"), "export function hydrate() {}").unwrap();
        std::fs::write(root.join("pkg/linkway.js.br"), "brotli bytes").unwrap();
        std::fs::write(root.join("assets/logo.svg"), "<svg/>").unwrap();
        root
    }

    async fn get_with(
        router: Router,
        path: &str,
        encoding: &str,
    ) -> (StatusCode, HeaderMap, Vec<u8>) {
        let request = Request::get(path)
            .header(ACCEPT_ENCODING, encoding)
            .body(Body::empty())
            .unwrap();
        let response = router.oneshot(request).await.unwrap();
        let (parts, body) = response.into_parts();
        let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
        (parts.status, parts.headers, bytes.to_vec())
    }

    #[test]
    fn the_version_follows_the_content() {
        let root = site("version");
        let root_text = root.to_str().unwrap();
        let before = content_hash(&root.join("pkg"));
        assert_eq!(before.len(), 16);
        // Whatever is served counts: a new compressed copy, a file in a subfolder, a
        // changed file each give a new version.
        std::fs::write(root.join("pkg/linkway.js.gz"), "gzip bytes").unwrap();
        let with_copy = content_hash(&root.join("pkg"));
        assert_ne!(with_copy, before);
        std::fs::create_dir_all(root.join("pkg/snippets")).unwrap();
        std::fs::write(root.join("pkg/snippets/inline.js"), "export {}").unwrap();
        let with_snippet = content_hash(&root.join("pkg"));
        assert_ne!(with_snippet, with_copy);
        std::fs::write(
            root.join("pkg/linkway.js"),
            "export function hydrate() { 1 }",
        )
        .unwrap();
        assert_ne!(content_hash(&root.join("pkg")), with_snippet);
        // Remembered for the process, as the server reads it once at start-up: a later
        // change to the files does not move the version the server answers with.
        let remembered = pkg_version(root_text);
        std::fs::write(root.join("pkg/linkway.css"), "body { color: red }").unwrap();
        assert_eq!(pkg_version(root_text), remembered);
        assert_ne!(content_hash(&root.join("pkg")), remembered);
        assert_eq!(content_hash(&root.join("missing")).len(), 16);
        std::fs::remove_dir_all(root).unwrap();
    }

    #[tokio::test]
    async fn the_bundle_is_served_precompressed_and_kept_a_year() {
        let root = site("bundle");
        let router: Router = static_routes(root.to_str().unwrap(), "pkg/abc123");

        let (status, headers, body) =
            get_with(router.clone(), "/pkg/abc123/linkway.js", "br, gzip").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers[CONTENT_ENCODING], "br");
        assert_eq!(headers[CACHE_CONTROL], IMMUTABLE);
        assert_eq!(headers[VARY], "accept-encoding");
        assert_eq!(body, b"brotli bytes");

        // No copy in an encoding the browser takes: the file itself.
        let (status, headers, body) =
            get_with(router.clone(), "/pkg/abc123/linkway.js", "identity").await;
        assert_eq!(status, StatusCode::OK);
        assert!(headers.get(CONTENT_ENCODING).is_none());
        assert_eq!(body, b"export function hydrate() {}");

        // Another version's address is not this bundle, and nothing missing is kept.
        let (status, headers, _) = get_with(router.clone(), "/pkg/old999/linkway.js", "br").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(headers.get(CACHE_CONTROL).is_none());
        let (status, headers, _) = get_with(router.clone(), "/pkg/abc123/missing.js", "br").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(headers.get(CACHE_CONTROL).is_none());

        let (status, headers, body) = get_with(router, "/assets/logo.svg", "br").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers[CACHE_CONTROL], ONE_DAY);
        assert_eq!(body, b"<svg/>");
        std::fs::remove_dir_all(root).unwrap();
    }

    #[tokio::test]
    async fn pages_and_json_are_compressed_and_wasm_is_not() {
        let page = "<p>Linkway</p>".repeat(100);
        let router = Router::new()
            .route(
                "/page",
                get(move || async move { axum::response::Html(page) }),
            )
            .route(
                "/wasm",
                get(|| async { ([(CONTENT_TYPE, "application/wasm")], vec![0u8; 4096]) }),
            )
            .layer(compression());

        let (status, headers, body) = get_with(router.clone(), "/page", "br").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers[CONTENT_ENCODING], "br");
        assert!(body.len() < 1400, "{} bytes", body.len());
        let (_, headers, _) = get_with(router.clone(), "/page", "gzip").await;
        assert_eq!(headers[CONTENT_ENCODING], "gzip");
        let (_, headers, body) = get_with(router, "/wasm", "br, gzip").await;
        assert!(headers.get(CONTENT_ENCODING).is_none());
        assert_eq!(body.len(), 4096);
    }
}
