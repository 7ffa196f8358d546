#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, if any is missing:
# Chromium (browser tests), PostgreSQL (database tests on PostgreSQL), poppler-utils
# (reading PDFs back), dbus (notifications on a private bus), and dunst, xvfb and xauth
# (a real notification daemon on a virtual display). Idempotent and quick.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || missing+=(postgresql)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v dbus-run-session >/dev/null 2>&1 || missing+=(dbus)
# A real notification daemon for `unknot breaks` (tests/cli/test_breaks_desktop.py): dunst on Xvfb.
command -v dunst >/dev/null 2>&1 || missing+=(dunst)
command -v xvfb-run >/dev/null 2>&1 || missing+=(xvfb)
command -v xauth >/dev/null 2>&1 || missing+=(xauth)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system packages: ${missing[*]}. Install them (Debian: apt-get install ${missing[*]})." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
echo "Installing system packages: ${missing[*]}"
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}" fonts-dejavu-core
