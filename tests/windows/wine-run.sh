#!/usr/bin/env bash
# Cargo's runner for Windows programs built on this machine (.cargo/config.toml): runs the
# .exe under wine, with the test-only stand-in bcryptprimitives.dll beside it, in a wine
# prefix of its own under target/. Used by `cargo test --target x86_64-pc-windows-gnu` and by
# the Windows checks in tests/run-all.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
exe="$1"
shift
dll="$root/target/windows-stand-in/bcryptprimitives.dll"
[ -f "$dll" ] || bash "$root/tests/windows/build-stand-in.sh"
# Beside the program, and beside the programs it starts (a test binary in deps/ runs
# campaign-kit-cli.exe from the folder above).
dir="$(dirname "$exe")"
for folder in "$dir" "$(dirname "$dir")"; do
  [ -f "$folder/bcryptprimitives.dll" ] || cp "$dll" "$folder/"
done
export WINEPREFIX="${WINEPREFIX:-$root/target/wine-prefix}"
export WINEDEBUG="${WINEDEBUG:--all}"
# No Mono or Gecko installers: nothing here needs them, and they would try the internet.
export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:-mscoree,mshtml=}"
exec wine "$exe" "$@"
