#!/usr/bin/env bash
# Every check, in the order that fails fastest. Used by `make test` and so by CI.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n=== %s ===\n' "$*"; }

step "format";            cargo fmt --all -- --check
step "sample catalog";    python3 crates/local/data/check_catalog.py
step "UI type check";     (cd ui && npm run check)
step "clippy";            cargo clippy --workspace --all-targets -- -D warnings
step "unit and integration tests (real SQLite files, real PostgreSQL)"
cargo test --workspace
step "province scale, short: 50 simulated devices against a server process (correctness only), a first pull over 100,000 older changes"
cargo build -p borderdesk-server -p borderdesk-bench --bin borderdesk-server --bin load
target/debug/load --devices 50 --seconds 15 --check
FIRST_PULL_HISTORY=100000 cargo bench -p borderdesk-bench --bench first_pull --profile dev
step "systemd unit: systemd-analyze verify and its sandboxing score"
bash scripts/check-systemd-unit.sh
step "API fuzzing from its OpenAPI document (schemathesis): no 5xx as device, admin, each staff role"
cargo build -p borderdesk-integration-tests --bin e2e-server
bash tests/fuzz/run.sh
step "generated TypeScript bindings match the Rust types"
bash scripts/check-bindings.sh
step "end-to-end: the real app window under Xvfb over WebDriver"
cargo build -p borderdesk
bash tests/e2e/run.sh
step "the Debian package: built, installed with apt, its kiosk unit verified, started, removed"
bash tests/package/deb.sh
step "an update: N with waiting work refuses a tampered release, installs the signed N+2 itself, delivers"
bash tests/package/update.sh
