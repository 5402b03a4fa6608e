#!/usr/bin/env bash
# Builds the test-only stand-in bcryptprimitives.dll (see bcryptprimitives.c) into
# target/windows-stand-in/. Never packaged: real Windows has the real one.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/target/windows-stand-in"
mkdir -p "$out"
x86_64-w64-mingw32-gcc -O2 -shared -Wl,--kill-at -o "$out/bcryptprimitives.dll" \
  "$root/tests/windows/bcryptprimitives.c" -ladvapi32
