#!/usr/bin/env bash
# `make bench`: release builds, then start-up/memory against a bare Tauri window, keystroke to
# first search results on the services screen, the durable local submit (criterion), sync
# throughput against a plain INSERT, and N simulated devices against the server (issue 17).
# Figures, not pass/fail. The two windows are built with the `desktop` profile, as the app is
# shipped; the criterion benches and the load generator use `release`.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
cargo build --profile desktop -p borderdesk -p bare-window
[ -x .tools/bin/tauri-driver ] || cargo install tauri-driver --version '^2' --locked --root .tools --quiet
Xvfb :96 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
DRIVER=""
trap '[ -n "$DRIVER" ] && kill $DRIVER 2>/dev/null; kill $XVFB 2>/dev/null; true' EXIT
export DISPLAY=:96
sleep 0.5
.tools/bin/tauri-driver --port 4454 --native-port 4455 >/dev/null 2>&1 &
DRIVER=$!
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:4454/status >/dev/null 2>&1 && break; sleep 0.1; done
echo "== start-up and memory =="
WEBDRIVER_URL=http://127.0.0.1:4454 BORDERDESK_APP="$ROOT/target/desktop/borderdesk" \
  BARE_APP="$ROOT/target/desktop/bare-window" node tests/bench/startup.mjs
echo "== keystroke to first results =="
WEBDRIVER_URL=http://127.0.0.1:4454 BORDERDESK_APP="$ROOT/target/desktop/borderdesk" \
  node tests/bench/keystroke.mjs
echo "== durable local submit =="
cargo bench -p borderdesk-bench --bench submit -- --noplot 2>&1 | grep -E "durable|time:"
echo "== catalog search over 10,000 items =="
cargo bench -p borderdesk-bench --bench search -- --noplot 2>&1 | grep -E "^[a-z_/ ]+time:|index|search/" || true
echo "== on-screen keyboard: pinyin candidates per keystroke =="
cargo bench -p borderdesk-bench --bench ime -- --noplot 2>&1 | grep -E "^ime/|time:" || true
echo "== sync throughput =="
cargo bench -p borderdesk-bench --bench sync
echo "== province scale: N simulated devices =="
cargo build --release -p borderdesk-server -p borderdesk-bench --bin borderdesk-server --bin load
target/release/load --devices 500,2000,5000 --seconds 90
echo "== a new kiosk's first sync: 1,000,000 older changes in the feed against the current state only =="
cargo bench -p borderdesk-bench --bench first_pull
echo "== 1,000 concurrent bookings on 10 slots =="
cargo bench -p borderdesk-bench --bench booking
echo "== /healthz while 24 clients flood staff logins =="
cargo bench -p borderdesk-bench --bench login_flood
echo "== randomized sync faults: 1,000 fault points over 10,000 applications =="
cargo build -p borderdesk-server -p borderdesk-ctl
BORDERDESK_FAULT_POINTS=1000 BORDERDESK_FAULT_APPLICATIONS=10000 \
  cargo test -p borderdesk-integration-tests --test fault -- --nocapture
echo "== API fuzzing, long run (no 5xx) =="
cargo build -p borderdesk-integration-tests --bin e2e-server
FUZZ_SECONDS=120 bash tests/fuzz/run.sh
