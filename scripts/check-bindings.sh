#!/usr/bin/env bash
# ts-rs writes ui/src/lib/bindings while `cargo test` runs; any difference from what is
# committed means the Rust types changed without their TypeScript twins.
set -euo pipefail
cd "$(dirname "$0")/.."
changes=$(git status --porcelain -- ui/src/lib/bindings)
if [ -n "$changes" ]; then
  echo "TypeScript bindings drifted from the Rust types; run 'cargo test --workspace' and commit ui/src/lib/bindings:" >&2
  echo "$changes" >&2
  git --no-pager diff --stat -- ui/src/lib/bindings >&2
  exit 1
fi
echo "bindings up to date ($(ls ui/src/lib/bindings | wc -l) files)"
