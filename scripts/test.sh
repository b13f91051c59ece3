#!/usr/bin/env bash
# Install everything the test suite needs and run all of it.
# Used as-is by the README and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages used by real-component tests: Graphviz (kg viz .svg/.png)
# and Chromium (the HTML view is tested in a real headless browser).
need=()
command -v dot >/dev/null 2>&1 || need+=(graphviz)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing system packages: ${need[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "warning: missing ${need[*]}; install them (Debian: apt-get install ${need[*]}) or the tests that need them fail" >&2
  fi
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[test]'
exec .venv/bin/python -m pytest "$@"
