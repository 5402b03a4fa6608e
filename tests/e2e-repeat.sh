#!/usr/bin/env bash
# Runs the end-to-end tests N times in a row (20 unless given) against the release build that
# tests/run-all.sh makes, and prints "N of 20 passed". A test that fails now and then is a
# defect: this is how to show one is gone. Each failing run's output is kept in
# target/e2e-repeat/run-K.log.
#   bash tests/e2e-repeat.sh [N]
set -uo pipefail
cd "$(dirname "$0")/.."
runs="${1:-20}"
if [ ! -x target/release/campaign-kit ]; then
  echo "No release build yet: run bash tests/run-all.sh first (it installs what is needed and builds the app)." >&2
  exit 2
fi
# The test tools (the virtual screen, D-Bus, the WebDriver programs, the tests' npm packages):
# without them every run would "fail" at once.
for tool in xvfb-run dbus-run-session tauri-driver WebKitWebDriver; do
  if ! command -v "$tool" >/dev/null || [ ! -d tests/node_modules ]; then
    echo "The test tools are not all installed: run bash src-tauri/scripts/install-deps.sh --for-tests first." >&2
    exit 2
  fi
done
mkdir -p target/e2e-repeat target/e2e-screenshots
passed=0
for k in $(seq 1 "$runs"); do
  log="target/e2e-repeat/run-$k.log"
  t0=$(date +%s)
  if xvfb-run --auto-servernum --server-args="-screen 0 1366x900x24" \
    dbus-run-session -- npm --prefix tests run e2e --silent >"$log" 2>&1; then
    passed=$((passed + 1))
    rm -f "$log"
    echo "run $k: passed ($(($(date +%s) - t0)) s)"
  else
    echo "run $k: FAILED ($(($(date +%s) - t0)) s), output in $log:"
    grep -E "^not ok|^# (pass|fail)" "$log" | sed 's/^/  /'
  fi
done
echo "$passed of $runs passed"
[ "$passed" -eq "$runs" ]
