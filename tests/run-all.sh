#!/usr/bin/env bash
# Runs every test of Campaign Kit, from a fresh clone, installing what is missing first.
# Steps: formatting and lints, Rust tests, TypeScript types in step with Rust, UI checks and
# unit tests, a release build, end-to-end tests of the real app under Xvfb, then the Windows
# build (zip and installer) and the Windows programs and tests under wine.
# Screenshots of every screen the end-to-end tests visit go to target/e2e-screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never NO_COLOR=1 FORCE_COLOR=0
# Incremental compilation saves nothing on a run from scratch and costs about 800 MB of disk.
export CARGO_INCREMENTAL=0

started=$(date +%s)
summary=()
step() {
  local name="$1"
  shift
  printf '\n=== %s\n' "$name"
  local t0=$(date +%s) ticks0=$(cpu_ticks)
  if "$@"; then
    summary+=("ok     $(($(date +%s) - t0))s  $name  ($(cores_busy "$ticks0"), $(disk_use))")
  else
    summary+=("FAILED $(($(date +%s) - t0))s  $name  ($(cores_busy "$ticks0"), $(disk_use))")
    print_summary
    exit 1
  fi
}
# How busy the processors were during a step, all cores together: a step that leaves them idle
# is where the suite could do two things at once. From /proc/stat: busy and total ticks.
cpu_ticks() {
  awk '/^cpu / { total = 0; for (i = 2; i <= NF; i++) total += $i; print total - $5 - $6, total }' /proc/stat 2>/dev/null || echo "0 0"
}
cores_busy() {
  local busy0 total0 busy1 total1
  read -r busy0 total0 <<<"$1"
  read -r busy1 total1 <<<"$(cpu_ticks)"
  if [ "$((total1 - total0))" -gt 0 ]; then
    echo "processors $(((busy1 - busy0) * 100 / (total1 - total0)))% busy"
  else
    echo "processors ?"
  fi
}
# How much the builds hold and how much the disk has left: a run has failed for want of space.
disk_use() {
  local held free
  held=$(du -sh "$root/target" 2>/dev/null | cut -f1)
  free=$(df -h --output=avail "$root" 2>/dev/null | tail -n 1 | tr -d ' ')
  echo "target ${held:-0}, ${free:-?} free"
}
print_summary() {
  printf '\n=== Summary (%ss in all)\n' "$(($(date +%s) - started))"
  printf '%s\n' "${summary[@]}"
}

types_unchanged() {
  # ts-rs rewrote ui/src/generated during the Rust tests; they must match what is committed.
  if ! git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
    echo "(not a git checkout: skipped)"
    return 0
  fi
  local changed
  changed=$(git -C "$root" status --porcelain -- ui/src/generated)
  if [ -n "$changed" ]; then
    echo "The TypeScript types in ui/src/generated are out of date with the Rust types:" >&2
    echo "$changed" >&2
    echo "Run 'cargo test -p campaign-kit-core' and commit ui/src/generated." >&2
    return 1
  fi
}

windows_tests() {
  # Linked with the same OpenSSL as the Windows build above, which built it: what is tested is
  # what ships, and it is not compiled twice.
  # The TypeScript types are checked above; the Windows run writes its copy elsewhere.
  TS_RS_EXPORT_DIR="$root/target/windows-ts" bash src-tauri/scripts/openssl-for-windows.sh \
    cargo test --locked --target x86_64-pc-windows-gnu \
    -p campaign-kit-core -p campaign-kit-cli
}

end_to_end() {
  mkdir -p target/e2e-screenshots
  xvfb-run --auto-servernum --server-args="-screen 0 1366x900x24" \
    dbus-run-session -- npm --prefix tests run e2e --silent
}

free_linux_debug_build() {
  # On CI only: the Linux debug build (about 3 GB) is not used after the Linux steps, and CI's
  # disk has run out before the Windows builds were done. A developer's copy is kept, so their
  # next build stays quick.
  if [ "${CI:-}" = "true" ]; then
    rm -rf "$root/target/debug"
  fi
}

# Four tests at a time on two cores: the crash tests spend most of their time waiting for the
# programs they start and kill, so two at a time left a core idle (on Linux they took 91 s,
# 68 s with four; under wine 163 s, 143 s). Their checks that a round proved something (a
# signature saved before the kill, a restore cut short) hold more surely on a busier machine,
# not less, and they wait for the programs they start rather than time them.
export RUST_TEST_THREADS=4

step "Install what is missing" bash src-tauri/scripts/install-deps.sh --for-tests
step "UI build (the app embeds it)" npm --prefix ui run build --silent
step "Rust formatting" cargo fmt --all --check
step "Rust lints" cargo clippy --workspace --all-targets --locked -- -D warnings
step "Rust tests" cargo test -p campaign-kit-core -p campaign-kit-cli --locked
step "TypeScript types match the Rust types" types_unchanged
step "UI type check" npm --prefix ui run check --silent
step "UI lint" npm --prefix ui run lint --silent
step "UI unit tests" npm --prefix ui test --silent
# The app only: its one program is also the command line (given a command it runs it and
# exits), which is all the tests after this use on Linux. The headless campaign-kit-cli would
# add a second link-time optimised program, about 200 s of processor time; the Windows build
# below makes both, as both ship there, and the benchmarks build it when they run.
step "Release build of the app" cargo build --release -p campaign-kit \
  --features campaign-kit/custom-protocol --locked
step "End-to-end tests" end_to_end
step "Free the disk the Linux debug build held (CI only)" free_linux_debug_build
# Windows, from this machine: both programs cross-built, packaged as the USB-stick zip and the
# installer, tried under wine, and the core and command-line tests run under wine.
step "Windows build, zip and installer" bash src-tauri/scripts/build-windows.sh
step "Windows programs under wine" bash tests/windows/smoke.sh
step "Rust tests on Windows, under wine" windows_tests
print_summary
