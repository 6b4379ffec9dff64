#!/usr/bin/env bash
# Installs Debian's `chromium` for the API playground browser test (apps/api, playwright-core
# drives /usr/bin/chromium; no browser is ever downloaded by Playwright). Does nothing when
# chromium is already there. Needs root (or sudo) and access to the Debian mirrors.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "install-chromium: /usr/bin/chromium is missing and this user is not root (no sudo)." >&2
    echo "Install it as root: apt-get update && apt-get install -y chromium" >&2
    echo "or skip the browser test with CITED_SKIP_BROWSER_TESTS=1." >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium
/usr/bin/chromium --version
