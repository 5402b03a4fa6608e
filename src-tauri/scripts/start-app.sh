#!/usr/bin/env bash
# Builds Campaign Kit and opens it. Arguments are passed on, for example:
#   bash src-tauri/scripts/start-app.sh --data-dir /media/usb/campaign-kit
set -euo pipefail
cd "$(dirname "$0")/../.."
bash src-tauri/scripts/install-deps.sh --for-app
export PATH="$HOME/.cargo/bin:$PATH"
npm --prefix ui run build --silent
exec cargo run --release -p campaign-kit --features custom-protocol -- "$@"
