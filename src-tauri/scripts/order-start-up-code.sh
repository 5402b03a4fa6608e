#!/usr/bin/env bash
# Makes src-tauri/start-up-order.txt: the names of the app's own functions that run while it
# starts, which the Linux build places side by side (see place_start_up_code_together in
# src-tauri/build.rs). Run it again after updating Tauri or other large crates; a stale list
# does no harm, it only leaves the program's start-up code more scattered.
#
# How: a release build writes a link map (where each function ended up); the app is started
# under valgrind's callgrind, which records the address of every instruction the app's process
# runs, until the home screen has been up a while; each address is looked up in the map to
# find the function it belongs to.
# Needs: valgrind, xvfb-run, dbus-run-session (all from Debian). Takes about 5 minutes after
# the release build.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

npm --prefix ui run build >/dev/null
CAMPAIGN_KIT_LINK_MAP="$work/link.map" \
  cargo build --release --locked -p campaign-kit --features custom-protocol

mkdir -p "$work/data"
# Under callgrind the app runs some 50 times slower: 90 s covers the start and the home screen.
CAMPAIGN_KIT_DATA_DIR="$work/data" xvfb-run -a dbus-run-session -- \
  timeout -s INT 90 valgrind --tool=callgrind --callgrind-out-file="$work/calls" \
  --dump-instr=yes --trace-children=no target/release/campaign-kit >"$work/app.log" 2>&1 || true

python3 src-tauri/scripts/start_up_functions.py "$work/calls" "$work/link.map" \
  target/release/campaign-kit >src-tauri/start-up-order.txt
echo "src-tauri/start-up-order.txt: $(wc -l <src-tauri/start-up-order.txt) functions"
