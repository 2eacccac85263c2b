#!/usr/bin/env bash
# Set up vnextract in the active Python environment: system packages (Debian/Ubuntu, as
# root or with sudo) from system-packages.txt, then the Python package with its test extras.
# Elsewhere, install the equivalents of system-packages.txt by hand and run with --no-system.
set -euo pipefail
cd "$(dirname "$0")"
if [ "${1:-}" != "--no-system" ]; then
  packages=$(sed -e 's/#.*//' system-packages.txt | xargs)
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    missing=$(for p in $packages; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done | xargs)
    if [ -n "$missing" ]; then
      echo "setup: installing system packages: $missing" >&2
      $sudo apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
    fi
  else
    echo "setup: no apt-get here; install these (or your system's equivalents) by hand: $packages" >&2
  fi
fi
python -m pip install -q --upgrade pip >/dev/null
python -m pip install -q -e ".[test]"
echo "setup: done ($(python --version), vnextract $(python -m pip show vnextract 2>/dev/null | sed -n 's/^Version: //p'))" >&2
