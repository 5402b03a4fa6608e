#!/usr/bin/env bash
# Builds the Debian package: target/release/bundle/deb/Campaign Kit_<version>_amd64.deb
# Needs tauri-cli 2 (installed here if missing). Works offline once crates and npm packages
# are cached.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash src-tauri/scripts/install-deps.sh --for-app
export PATH="$HOME/.cargo/bin:$PATH"
if ! cargo tauri --version 2>/dev/null | grep -q "^tauri-cli 2\."; then
  cargo install tauri-cli --version 2.12.4 --locked
fi
# The UI lives in ui/ (tauri-cli would otherwise guess another folder with a package.json).
export TAURI_FRONTEND_PATH="$PWD/ui"
# The headless command line goes in the package beside the app (tauri.conf.json, deb files).
cargo build --release --locked -p campaign-kit-cli --bin campaign-kit-cli
cargo tauri build --bundles deb
ls -l target/release/bundle/deb/*.deb
