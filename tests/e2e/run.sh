#!/usr/bin/env bash
# Runs the end-to-end tests: a virtual X display, tauri-driver (with WebKitWebDriver), and
# Node's test runner driving the real BorderDesk binary. Cleans up after itself.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
# E2E_APP: another build of the app (the installed package, say).
APP="${E2E_APP:-$ROOT/target/debug/borderdesk}"
[ -x "$APP" ] || { echo "build the app first: cargo build -p borderdesk" >&2; exit 1; }
# The online tests enroll the app with borderdesk-ctl against e2e-server (a throwaway
# PostgreSQL and a BorderDesk server); both are usually built already by the Rust tests.
cargo build --quiet -p borderdesk-ctl -p borderdesk-server -p borderdesk-integration-tests \
  --bin borderdesk-ctl --bin borderdesk-server --bin e2e-server --bin card-reader-sim
# The county console's pages, which the server serves (and embeds in a release build).
[ -f ui/console/dist/index.html ] || (cd ui && npm run --silent build:console >/dev/null)
if [ ! -x .tools/bin/tauri-driver ]; then
  cargo install tauri-driver --version '^2' --locked --root .tools --quiet
fi
ART="$ROOT/tests/e2e/artifacts"; mkdir -p "$ART"
DISPLAY_NUM=${E2E_DISPLAY:-97}
PORT=${E2E_PORT:-4444}
Xvfb ":$DISPLAY_NUM" -screen 0 2560x1440x24 -nolisten tcp >"$ART/xvfb.log" 2>&1 &
XVFB=$!
DRIVER=""
CHROMEDRIVER=""
cleanup() {
  [ -n "$DRIVER" ] && kill "$DRIVER" 2>/dev/null || true
  [ -n "$CHROMEDRIVER" ] && kill "$CHROMEDRIVER" 2>/dev/null || true
  kill "$XVFB" 2>/dev/null || true
  pkill -f "WebKitWebDriver --port=$((PORT + 1))" 2>/dev/null || true
}
trap cleanup EXIT
export DISPLAY=":$DISPLAY_NUM"
# No printer here: receipts are saved as PDFs for the test to read.
export BORDERDESK_RECEIPT_DIR="$ART/receipts"
rm -rf "$BORDERDESK_RECEIPT_DIR"
# The scanner is a scan-to-folder one: the test drops a page in, the app takes it.
export BORDERDESK_SCAN_DIR="$ART/scans"
rm -rf "$BORDERDESK_SCAN_DIR"; mkdir -p "$BORDERDESK_SCAN_DIR"
# A short idle timeout (the shortest the app accepts), so the idle test is quick.
export BORDERDESK_IDLE_TIMEOUT=10
# Calls for help over the LAN stay on this machine, on a port of this run's own.
export BORDERDESK_LAN_PORT=$((40000 + RANDOM % 20000)) BORDERDESK_LAN_BROADCAST=127.0.0.1
sleep 0.5
.tools/bin/tauri-driver --port "$PORT" --native-port "$((PORT + 1))" >"$ART/tauri-driver.log" 2>&1 &
DRIVER=$!
# The county console runs in Debian's Chromium, headless, through chromedriver.
chromedriver --port="$((PORT + 2))" >"$ART/chromedriver.log" 2>&1 &
CHROMEDRIVER=$!
for port in "$PORT" "$((PORT + 2))"; do
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/status" >/dev/null 2>&1 && break
    sleep 0.1
  done
done
export CHROMEDRIVER_URL="http://127.0.0.1:$((PORT + 2))"
export BORDERDESK_CTL="$ROOT/target/debug/borderdesk-ctl" BORDERDESK_E2E_SERVER="$ROOT/target/debug/e2e-server"
export BORDERDESK_SERVER_BIN="$ROOT/target/debug/borderdesk-server"
export BORDERDESK_APP="$APP" WEBDRIVER_URL="http://127.0.0.1:$PORT" E2E_ARTIFACTS="$ART"
# E2E_ONLY=tests/e2e/x.test.mjs runs one file (while working on it).
node --test --test-concurrency=1 ${E2E_ONLY:-tests/e2e/}
