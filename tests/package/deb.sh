#!/usr/bin/env bash
# The Debian package as a county installs it: built by the Tauri bundler, installed with apt
# (its dependencies from Debian's archive), what it declares and holds checked, its kiosk unit
# verified, the installed app started in a real window under Xvfb, then removed and purged,
# leaving none of its files.
set -euo pipefail
cd "$(dirname "$0")/../.."
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
fail() { echo "deb: $*" >&2; exit 1; }

DEB=$(bash scripts/package-deb.sh debug | tail -1)
PKG=$(dpkg-deb -f "$DEB" Package)
echo "deb: $DEB ($PKG $(dpkg-deb -f "$DEB" Version))"
# A run before this one may have left it installed.
if dpkg -s "$PKG" >/dev/null 2>&1; then $SUDO apt-get purge -y -qq "$PKG" >/dev/null; fi

# What it declares and what it holds.
depends=$(dpkg-deb -f "$DEB" Depends)
for d in libwebkit2gtk-4.1-0 libgtk-3-0 fonts-noto-cjk cups-client; do
  [[ $depends == *"$d"* ]] || fail "Depends lacks $d: $depends"
done
recommends=$(dpkg-deb -f "$DEB" Recommends)
for d in espeak-ng cage; do
  [[ $recommends == *"$d"* ]] || fail "Recommends lacks $d: $recommends"
done
contents=$(dpkg-deb -c "$DEB" | awk '{print $6}')
for f in usr/bin/borderdesk usr/bin/borderdesk-ctl lib/systemd/system/borderdesk-kiosk.service \
         lib/systemd/system/borderdesk-update.path lib/systemd/system/borderdesk-update.service \
         usr/share/doc/borderdesk/device.toml.example usr/share/doc/borderdesk/README.kiosk; do
  grep -qx "$f" <<<"$contents" || fail "$f not in the package"
done
grep -q '^usr/share/applications/.*\.desktop$' <<<"$contents" || fail "no desktop entry"
grep -q '^usr/share/icons/hicolor/.*\.png$' <<<"$contents" || fail "no icons"
# Nothing secret and nothing of a device: no key, no database, no token, no settings file.
if grep -E '\.(key|sqlite|pem)$|^etc/borderdesk/device\.toml$' <<<"$contents"; then
  fail "the package holds a device's secret or settings"
fi

$SUDO apt-get install -y -qq --no-install-recommends "$DEB" >/dev/null
dpkg -s "$PKG" | grep -qx 'Status: install ok installed' || fail "not installed"
getent passwd borderdesk-kiosk >/dev/null || fail "postinst made no kiosk user"
[ -d /etc/borderdesk ] || fail "postinst made no /etc/borderdesk"
[ ! -e /etc/borderdesk/device.toml ] || fail "postinst wrote settings nobody chose"
# The update spool: the kiosk user leaves packages there, only root installs them.
[ "$(stat -c '%U:%G %a' /var/lib/borderdesk/updates)" = "root:borderdesk-kiosk 770" ] \
  || fail "the update spool is $(stat -c '%U:%G %a' /var/lib/borderdesk/updates)"
/usr/bin/borderdesk-ctl --version >/dev/null
grep -q '^Exec=borderdesk' /usr/share/applications/*.desktop || fail "the desktop entry does not start borderdesk"

# The kiosk unit as systemd reads it (cage is the compositor it starts).
dpkg -s cage >/dev/null 2>&1 || $SUDO apt-get install -y -qq --no-install-recommends cage >/dev/null
systemd-analyze verify /lib/systemd/system/borderdesk-kiosk.service \
  /lib/systemd/system/borderdesk-update.path /lib/systemd/system/borderdesk-update.service

# The installed app in a real window, on its embedded defaults.
E2E_APP=/usr/bin/borderdesk E2E_ONLY=tests/package/installed.test.mjs bash tests/e2e/run.sh

$SUDO apt-get remove -y -qq "$PKG" >/dev/null
$SUDO apt-get purge -y -qq "$PKG" >/dev/null
for f in /usr/bin/borderdesk /usr/bin/borderdesk-ctl /lib/systemd/system/borderdesk-kiosk.service \
         /lib/systemd/system/borderdesk-update.path /lib/systemd/system/borderdesk-update.service \
         /usr/share/doc/borderdesk /var/lib/borderdesk/updates; do
  [ ! -e "$f" ] || fail "$f left after purge"
done
if dpkg -s "$PKG" >/dev/null 2>&1; then fail "still known to dpkg after purge"; fi
echo "deb: built, installed, verified, started and removed cleanly"
