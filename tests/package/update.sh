#!/usr/bin/env bash
# An update as a county rolls one out: version N of the Debian package installed, a kiosk with
# work the server will not take until it updates (the county's min_app_version), a tampered
# release refused, the signed next version installed by the app itself, which restarts as
# N+2 and delivers the work. Two packages are built from the same sources, N+2 first, so that
# target/ ends on the ordinary build.
set -euo pipefail
cd "$(dirname "$0")/../.."
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
fail() { echo "update: $*" >&2; exit 1; }
# The app installs updates through borderdesk-ctl as root when it runs as root (as here); a
# kiosk user goes through the root borderdesk-update.service, which needs a booted systemd.
[ "$(id -u)" -eq 0 ] || { echo "update: skipped (the installed app must run as root here)"; exit 0; }

WORK=$(mktemp -d /tmp/borderdesk-update-XXXXXX)
cleanup() {
  pkill -f '^/usr/bin/borderdesk( |$)' 2>/dev/null || true
  if dpkg -s borderdesk >/dev/null 2>&1; then $SUDO apt-get purge -y -qq borderdesk >/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

BASE=$(python3 -c 'import json;print(json.load(open("src-tauri/tauri.conf.json"))["version"])')
IFS=. read -r MA MI PA <<<"$BASE"
BAD="$MA.$MI.$((PA + 1))"; NEXT="$MA.$MI.$((PA + 2))"

# The county's signing key (no password: a test key).
cargo tauri signer generate --ci -p "" -w "$WORK/county.key" -f >/dev/null
export TAURI_SIGNING_PRIVATE_KEY_PASSWORD=""

NEXT_DEB=$(BORDERDESK_PACKAGE_VERSION=$NEXT bash scripts/package-deb.sh debug | tail -1)
[ "$(dpkg-deb -f "$NEXT_DEB" Version)" = "$NEXT" ] || fail "the next package is not $NEXT"
cp "$NEXT_DEB" "$WORK/next.deb"
cargo tauri signer sign -f "$WORK/county.key" -p "" --app-version "$NEXT" "$WORK/next.deb" >/dev/null
# Tampered: the next package unpacked, a file added and packed again as a working package of
# version BAD (what an attacker between server and kiosk would serve), with a genuine county
# signature of other bytes made for BAD. Were the signature not checked, dpkg would install it.
dpkg-deb -R "$WORK/next.deb" "$WORK/bad-root"
sed -i "s/^Version: .*/Version: $BAD/" "$WORK/bad-root/DEBIAN/control"
echo "not from the county" > "$WORK/bad-root/usr/share/doc/borderdesk/TAMPERED"
dpkg-deb --root-owner-group -b "$WORK/bad-root" "$WORK/bad.deb" >/dev/null
cp "$WORK/next.deb" "$WORK/bad-source.deb"
cargo tauri signer sign -f "$WORK/county.key" -p "" --app-version "$BAD" "$WORK/bad-source.deb" >/dev/null
mv "$WORK/bad-source.deb.sig" "$WORK/bad.deb.sig"

DEB=$(bash scripts/package-deb.sh debug | tail -1)
[ "$(dpkg-deb -f "$DEB" Version)" = "$BASE" ] || fail "the package is not $BASE"
if dpkg -s borderdesk >/dev/null 2>&1; then $SUDO apt-get purge -y -qq borderdesk >/dev/null; fi
$SUDO apt-get install -y -qq --no-install-recommends "$DEB" >/dev/null

# The kiosk's settings as the county writes them (here in the environment); the server wants
# NEXT before it takes more work.
export BORDERDESK_UPDATE_PUBLIC_KEY=$(cat "$WORK/county.key.pub")
export BORDERDESK_UPDATE_CHECK_SECONDS=5
export BORDERDESK_MIN_APP_VERSION=$NEXT
export UPDATE_WORK=$WORK UPDATE_BASE=$BASE UPDATE_BAD=$BAD UPDATE_NEXT=$NEXT
E2E_APP=/usr/bin/borderdesk E2E_ONLY=tests/package/update.test.mjs bash tests/e2e/run.sh
[ "$(dpkg-query -W -f='${Version}' borderdesk)" = "$NEXT" ] || fail "not updated to $NEXT"
[ ! -e /usr/share/doc/borderdesk/TAMPERED ] || fail "the tampered package was installed"
echo "update: $BASE with waiting work refused a tampered $BAD, updated itself to $NEXT and delivered the work"
