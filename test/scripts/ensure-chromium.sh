#!/usr/bin/env bash
# Makes sure Debian's Chromium is there for the Playwright tests (browser downloads do not work here).
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$chromium" ] && exit 0
can_apt || die "Chromium not found at $chromium. Install Chromium and set CHROMIUM_PATH to its executable."
apt_install chromium fonts-dejavu-core
[ -x "$chromium" ] || die "chromium installed but $chromium is missing; set CHROMIUM_PATH"
