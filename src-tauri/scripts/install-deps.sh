#!/usr/bin/env bash
# Installs what Campaign Kit needs on Debian or Ubuntu, and only what is missing, so running it
# again is quick. Used by start-app.sh (--for-app) and tests/run-all.sh (--for-tests).
set -euo pipefail

mode="${1:---for-app}"
root="$(cd "$(dirname "$0")/../.." && pwd)"

# Build the app: WebKitGTK and friends (Tauri's Linux back end), Node for the UI.
app_packages=(build-essential pkg-config file libwebkit2gtk-4.1-dev libsoup-3.0-dev librsvg2-dev
  libayatana-appindicator3-dev libssl-dev)
# Test it: a virtual screen, WebKit's WebDriver, a session bus, PDF tools; and build and try
# the Windows programs: the mingw-w64 cross compiler, wine to run them, NSIS for the installer.
test_packages=(webkit2gtk-driver xvfb xauth dbus dbus-x11 poppler-utils qpdf git
  mingw-w64 wine wine64 nsis)

say() { printf '\n--- %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

apt_install() {
  local missing=()
  for p in "$@"; do installed "$p" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing system packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
}

packages=("${app_packages[@]}")
[ "$mode" = "--for-tests" ] && packages+=("${test_packages[@]}")
command -v node >/dev/null || packages+=(nodejs npm)
command -v cargo >/dev/null || packages+=(rustup)
apt_install "${packages[@]}"

# Rust: Debian's rustup package, then the stable toolchain (Campaign Kit needs Rust 1.92+,
# for the PDF library krilla).
if ! command -v cargo >/dev/null; then
  say "Installing the Rust toolchain"
  rustup default stable
fi
export PATH="$HOME/.cargo/bin:$PATH"
rust_minor=$(rustc --version | sed -E 's/^rustc 1\.([0-9]+).*/\1/')
if [ "${rust_minor:-0}" -lt 92 ]; then
  if command -v rustup >/dev/null; then
    say "Updating Rust (1.92 or newer is needed)"
    rustup update stable && rustup default stable
  else
    echo "Campaign Kit needs Rust 1.92 or newer; this machine has $(rustc --version). Install rustup and run: rustup default stable" >&2
    exit 1
  fi
fi
if [ "$mode" = "--for-tests" ]; then
  rustup component list --installed 2>/dev/null | grep -q clippy || rustup component add clippy rustfmt 2>/dev/null || true
  # Rust's standard library for Windows, to cross-build the Windows programs.
  if ! rustup target list --installed 2>/dev/null | grep -qx x86_64-pc-windows-gnu; then
    say "Adding Rust's Windows target"
    rustup target add x86_64-pc-windows-gnu
  fi
fi

# Node 20.19 or newer is needed by the UI's build tools (Vite 8).
node_ok=$(node -e 'const [a,b]=process.versions.node.split(".").map(Number); console.log(a>20||(a===20&&b>=19)?"yes":"no")')
if [ "$node_ok" != "yes" ]; then
  echo "Campaign Kit needs Node.js 20.19 or newer; this machine has $(node --version)." >&2
  echo "Install a newer Node.js (for example from your distribution's backports), then run this again." >&2
  exit 1
fi

# The UI's packages, exactly as locked. Install scripts are not run: none is needed, and some
# test packages would try to download browsers.
npm_ci() {
  local dir="$1"
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "Installing npm packages in ${dir#"$root"/}"
    (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  fi
}
npm_ci "$root/ui"
[ "$mode" = "--for-tests" ] && npm_ci "$root/tests"

# tauri-driver bridges WebDriver to the app (built from crates.io; there is no apt package).
if [ "$mode" = "--for-tests" ] && ! command -v tauri-driver >/dev/null; then
  say "Installing tauri-driver"
  cargo install tauri-driver --version 2.1.0 --locked
fi
exit 0
