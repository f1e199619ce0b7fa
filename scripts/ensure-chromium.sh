#!/usr/bin/env bash
# Install Debian's Chromium when it is missing: the browser tests drive it through Playwright
# (never `playwright install`, which downloads a browser build of its own).
set -euo pipefail
if command -v chromium >/dev/null; then
    exit 0
fi
echo "Chromium not found: installing it with apt-get (needed by the browser tests)"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium
