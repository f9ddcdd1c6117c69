#!/usr/bin/env bash
# Builds the app's Debian package with the Tauri bundler: `make deb` (release build), or
# `scripts/package-deb.sh debug` (the debug build the tests already made). Prints the .deb's path.
# BORDERDESK_PACKAGE_VERSION builds another version of the same sources (the update test).
set -euo pipefail
cd "$(dirname "$0")/.."
PROFILE=${1:-release}
case "$PROFILE" in
  release) FLAGS=(); DIR=release ;;
  debug) FLAGS=(--debug); DIR=debug ;;
  *) echo "usage: $0 [release|debug]" >&2; exit 2 ;;
esac
# The Tauri CLI, once per machine (as cargo installs any tool), at the version of our tauri.
if ! command -v cargo-tauri >/dev/null 2>&1; then
  echo "installing the Tauri CLI (once)" >&2
  cargo install tauri-cli --version '^2' --locked --quiet
fi
(cd ui && npm run build --silent >/dev/null)
# borderdesk-ctl goes into the package beside the app (tauri.conf.json, bundle.linux.deb.files).
cargo build --quiet --profile "$([ "$PROFILE" = debug ] && echo dev || echo release)" -p borderdesk-ctl
mkdir -p target/package
cp "target/$DIR/borderdesk-ctl" target/package/borderdesk-ctl
rm -rf "target/$DIR/bundle/deb"
if [ -n "${BORDERDESK_PACKAGE_VERSION:-}" ]; then
  FLAGS+=(--config "{\"version\":\"$BORDERDESK_PACKAGE_VERSION\"}")
fi
(cd src-tauri && cargo tauri build "${FLAGS[@]}" --bundles deb --ci >&2)
ls "$PWD"/target/"$DIR"/bundle/deb/*.deb
