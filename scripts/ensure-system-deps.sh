#!/usr/bin/env bash
# Installs the Debian packages BorderDesk needs to build, run and test, only those missing.
set -euo pipefail
pkgs=(libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
      libayatana-appindicator3-dev librsvg2-dev xvfb imagemagick x11-apps webkit2gtk-driver
      postgresql pkg-config fonts-noto-cjk poppler-utils sqlite3 espeak-ng
      python3-xlib systemd nginx chromium chromium-driver zbar-tools pgbouncer)
missing=()
for p in "${pkgs[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
