#!/usr/bin/env bash
# `systemd-analyze verify` on every unit in packaging/systemd. verify insists that the
# ExecStart binary exists, so each unit is verified as a temporary copy whose ExecStart
# points at the built binary (and the config file at the example); nothing else changes.
# Then `systemd-analyze security --offline=yes` checks that its sandboxing scores at most 2.0
# (of 10; lower is tighter).
#
#   bash scripts/check-systemd-unit.sh [path/to/borderdesk-server]   (default: target/debug)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=${1:-${CARGO_TARGET_DIR:-$ROOT/target}/debug/borderdesk-server}
[ -x "$BIN" ] || { echo "check-systemd-unit: no binary at $BIN; cargo build -p borderdesk-server" >&2; exit 1; }
command -v systemd-analyze >/dev/null || { echo "check-systemd-unit: systemd-analyze missing (Debian: apt-get install systemd)" >&2; exit 1; }
BIN=$(readlink -f "$BIN")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
status=0
for unit in packaging/systemd/*.service; do
  name=$(basename "$unit")
  sed -e "s|^ExecStart=/usr/local/bin/borderdesk-server|ExecStart=$BIN|" \
      -e "s|/etc/borderdesk/server.toml|$ROOT/packaging/server.toml.example|g" "$unit" >"$TMP/$name"
  grep -q "^ExecStart=$BIN " "$TMP/$name" || { echo "$unit: ExecStart is not /usr/local/bin/borderdesk-server" >&2; status=1; continue; }
  # --man=no: no man pages to look up for Documentation=; warnings are failures too.
  # verify exits 0 on an unknown directive (it only warns): any output fails the check.
  # `security --offline` scores the sandboxing; a unit that loosens it past 2.0 fails.
  if out=$(systemd-analyze verify --man=no "$TMP/$name" 2>&1) && [ -z "$out" ] &&
     score=$(systemd-analyze security --offline=yes --threshold=20 "$TMP/$name" 2>&1); then
    echo "$unit: ok ($(grep -o 'Overall exposure level.*' <<<"$score"))"
  else
    echo "$unit:" >&2
    echo "$out" >&2
    status=1
  fi
done
# The other units shipped (the WAL streaming unit beside the backup snippets): verified as
# they are; their programs are Debian's own.
for unit in packaging/backup/*.service; do
  if out=$(systemd-analyze verify --man=no "$unit" 2>&1) && [ -z "$out" ]; then
    echo "$unit: ok"
  else
    echo "$unit:" >&2
    echo "$out" >&2
    status=1
  fi
done
exit $status
