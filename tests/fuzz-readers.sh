#!/usr/bin/env bash
# The property tests of every reader of outside files (src-tauri/core/tests/it/readers.rs), with
# many more cases than the test suite's 48: CSV imports, briefing Markdown and packs, design
# files, petition bundles, logos and photos.
#   bash tests/fuzz-readers.sh [CASES]     (2000 unless given)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
PROPTEST_CASES="${1:-2000}" cargo test --release --locked -p campaign-kit-core --test it readers::
