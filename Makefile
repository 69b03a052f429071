# Linkway: `make run` and `make test` are the two commands; both install what is missing.
# Builds without cargo-leptos (see shared BUILD_RECIPE): cargo builds the wasm and the
# server separately, wasm-bindgen binds the wasm, and the site is assembled under target/site.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

WASM_BINDGEN_VERSION := 0.2.130
SITE := target/site
PKG := $(SITE)/pkg
# The bundle and stylesheet names under /pkg: app::app::OUTPUT_NAME (a server test checks they agree).
OUTPUT_NAME := linkway
NHSUK := node_modules/nhsuk-frontend/dist/nhsuk
WASM_FLAGS := -p app --lib --target wasm32-unknown-unknown --target-dir target/front --no-default-features --features hydrate
TEST_LOG := target/test-output.log

export LEPTOS_SITE_ROOT ?= $(SITE)
export CARGO_TERM_COLOR ?= never

.PHONY: help run test bench bench-pages soak build lint deps deps-build deps-test postgres site site-release site-assets site-compressed clean

help:
	@echo "make run    install what is missing, start Linkway on SQLite with demo data (http://127.0.0.1:3000)"
	@echo "make test   every test: unit, integration on SQLite and PostgreSQL, browser with axe"
	@echo "make build  release binary target/release/linkway and the site under target/site"
	@echo "make lint   cargo fmt --check and clippy on every crate and target"
	@echo "make bench  release-build benchmark of a 50,000-row return upload (prints figures)"
	@echo "make bench-pages  page loads in Chromium and requests/s with wrk, release build (prints figures)"
	@echo "make soak   20 simulated users for 5 minutes against Linkway (prints figures; SOAK_SECONDS, SOAK_DATABASE=postgres)"

## ---- set-up ---------------------------------------------------------------------------

deps: deps-build deps-test

# What building needs: the wasm target, wasm-bindgen-cli (same version as the crate), npm
# packages (NHS.UK frontend CSS, axe-core, binaryen's wasm-opt).
deps-build: node_modules/.installed
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@wasm-bindgen --version 2>/dev/null | grep -q " $(WASM_BINDGEN_VERSION)$$" || \
		cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || (apt-get update && apt-get install -y nodejs npm)
	npm ci --no-audit --no-fund
	@touch $@

# What the tests need besides: Debian's chromium and chromedriver, and PostgreSQL.
deps-test:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
		apt-get update && apt-get install -y chromium chromium-driver; fi
	@command -v pg_ctlcluster >/dev/null || (apt-get update && apt-get install -y postgresql)
	@# The SMTP server the email tests deliver to (tests/smtp_sink.py), from PyPI.
	@python3 -c 'import aiosmtpd' 2>/dev/null || python3 -m pip install --quiet aiosmtpd

# PostgreSQL on 127.0.0.1:5432 with trust auth, as the tests expect; started if down.
postgres: deps-test
	@pg_isready -q -h 127.0.0.1 -p 5432 || \
		pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | sort -V | tail -n 1) main start
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 1; done; \
		echo "PostgreSQL is not answering on 127.0.0.1:5432" >&2; exit 1

## ---- site -----------------------------------------------------------------------------

site: deps-build
	cargo build $(WASM_FLAGS)
	@mkdir -p $(PKG)
	wasm-bindgen --target web --out-name $(OUTPUT_NAME) --out-dir $(PKG) \
		target/front/wasm32-unknown-unknown/debug/app.wasm
	@$(MAKE) --no-print-directory site-assets

site-release: deps-build
	cargo build $(WASM_FLAGS) --profile wasm-release
	@mkdir -p $(PKG)
	wasm-bindgen --target web --out-name $(OUTPUT_NAME) --out-dir $(PKG) \
		target/front/wasm32-unknown-unknown/wasm-release/app.wasm
	node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
		-o $(PKG)/$(OUTPUT_NAME)_bg.wasm $(PKG)/$(OUTPUT_NAME)_bg.wasm
	@$(MAKE) --no-print-directory site-assets
	@$(MAKE) --no-print-directory site-compressed

# Brotli and gzip copies of the bundle beside it (app::plumbing::assets serves them to
# browsers that accept them), with node's zlib, then the wasm's size each way. The script
# is one line: a backslash-newline in a recipe would reach node inside the quotes.
COMPRESS_JS := const fs = require("fs"), zlib = require("zlib"); for (const file of process.argv.slice(1)) { const bytes = fs.readFileSync(file); const brotli = { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length }; fs.writeFileSync(file + ".br", zlib.brotliCompressSync(bytes, { params: brotli })); fs.writeFileSync(file + ".gz", zlib.gzipSync(bytes, { level: 9 })); }

site-compressed:
	@node -e '$(COMPRESS_JS)' $(PKG)/*.js $(PKG)/*.wasm $(PKG)/*.css
	@printf 'wasm: %s bytes, %s brotli, %s gzip\n' \
		"$$(stat -c %s $(PKG)/$(OUTPUT_NAME)_bg.wasm)" \
		"$$(stat -c %s $(PKG)/$(OUTPUT_NAME)_bg.wasm.br)" \
		"$$(stat -c %s $(PKG)/$(OUTPUT_NAME)_bg.wasm.gz)"

# Static files, our CSS, and the NHS.UK frontend CSS with its remote font-face removed:
# the app makes no third-party requests, so text falls back to Arial as designed.
site-assets:
	@mkdir -p $(PKG) $(SITE)/assets
	@# Compressed copies of an earlier build would be served in place of this one's files.
	rm -f $(PKG)/*.br $(PKG)/*.gz
	cp -R public/. $(SITE)/
	cp -R $(NHSUK)/assets/. $(SITE)/assets/
	cp style/linkway.css $(PKG)/$(OUTPUT_NAME).css
	perl -0pe 's/\@font-face\{[^}]*\}//g' $(NHSUK)/nhsuk-frontend.min.css > $(PKG)/nhsuk.css
	@! grep -q 'https://' $(PKG)/nhsuk.css || (echo "nhsuk.css still refers to another origin" >&2; exit 1)

## ---- the two commands ---------------------------------------------------------------

run: site
	cargo build -p server
	target/debug/linkway migrate
	target/debug/linkway seed-demo
	target/debug/linkway serve

# The browser tests run the release site (what `make build` ships), so the wasm budget
# test measures the bundle the browser tests used.
test: site-release postgres
	cargo build -p server
	@mkdir -p target
	cargo test -p app --features ssr --lib 2>&1 | tee $(TEST_LOG)
	cargo test -p server 2>&1 | tee -a $(TEST_LOG)
	cargo test -p tests 2>&1 | tee -a $(TEST_LOG)
	@echo
	@echo "== Linkway test summary =="
	@printf 'integration tests on SQLite:     %s passed\n' "$$(grep -cE '^test .*::sqlite::.* \.\.\. ok$$' $(TEST_LOG) || true)"
	@printf 'integration tests on PostgreSQL: %s passed\n' "$$(grep -cE '^test .*::postgres::.* \.\.\. ok$$' $(TEST_LOG) || true)"
	@printf 'browser tests with axe scans:    %s passed\n' "$$(grep -cE '^test browser_.* \.\.\. ok$$' $(TEST_LOG) || true)"
	@printf 'release wasm every page loads:   %s bytes, %s brotli (budget 204800)\n' \
		"$$(stat -c %s $(PKG)/$(OUTPUT_NAME)_bg.wasm)" "$$(stat -c %s $(PKG)/$(OUTPUT_NAME)_bg.wasm.br)"
	@printf 'total: %s passed, %s failed\n' \
		"$$(grep -cE '^test .* \.\.\. ok$$' $(TEST_LOG) || true)" "$$(grep -cE '^test .* \.\.\. FAILED$$' $(TEST_LOG) || true)"

build: site-release
	cargo build -p server --release
	@ls -l target/release/linkway $(PKG)

# Upload-to-stored of a 50,000-row return against a raw calamine parse, on both databases.
bench: postgres
	cargo bench -p tests --bench returns_upload

# Page loads in headless Chromium (bytes, time to content and to islands, unthrottled and
# at 10 Mbit/s / 40 ms / 4× CPU) and requests/s from wrk, against the release build.
bench-pages: build postgres
	@command -v wrk >/dev/null || (apt-get update && apt-get install -y wrk)
	cargo build -p tests --bin bench-pages
	LINKWAY_BINARY=target/release/linkway target/debug/bench-pages

# 20 simulated users for five minutes (browsing, exporting, two uploading a 50,000-row
# return in turn) against the linkway binary as its own process: requests, 5xx, memory.
soak: postgres
	cargo build -p server
	cargo run -p tests --bin soak

lint: deps-build
	cargo fmt --all -- --check
	cargo clippy -p app --features ssr --all-targets -- -D warnings
	cargo clippy $(WASM_FLAGS) -- -D warnings
	cargo clippy -p server --all-targets -- -D warnings
	cargo clippy -p tests --all-targets -- -D warnings

clean:
	cargo clean
	rm -rf node_modules data
