#!/usr/bin/env bash
# Builds Campaign Kit for Windows on this Linux machine, offline, and packages it:
#   target/windows/Campaign Kit <version> for Windows (USB stick).zip
#       the program, the command line, WebView2Loader.dll, README.txt, the licence and an
#       empty "data" folder, so the app keeps its data beside itself on the stick;
#   target/windows/Campaign Kit setup.exe
#       an installer for one person (no administrator needed), made by Debian's makensis.
# Needs mingw-w64, nsis and the Rust target x86_64-pc-windows-gnu
# (bash src-tauri/scripts/install-deps.sh --for-tests installs them).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"
target=x86_64-pc-windows-gnu
version=$(sed -nE 's/^version = "([0-9.]+)"$/\1/p' Cargo.toml | head -n 1)
out="$root/target/windows"
stage="$out/Campaign Kit"

for tool in x86_64-w64-mingw32-gcc makensis python3; do
  command -v "$tool" >/dev/null || {
    echo "$tool is missing: run bash src-tauri/scripts/install-deps.sh --for-tests first." >&2
    exit 1
  }
done
[ -f ui/dist/index.html ] || npm --prefix ui run build --silent

# Both programs in one build, so they share every compiled crate. SQLCipher's OpenSSL is
# libcrypto with only what it uses, built once (openssl-for-windows.sh says why).
bash src-tauri/scripts/openssl-for-windows.sh \
  cargo build --release --locked --target "$target" -p campaign-kit -p campaign-kit-cli \
  --features campaign-kit/custom-protocol
built="$root/target/$target/release"

# Only these files ship. Anything else in the build folder (the tests' stand-in
# bcryptprimitives.dll, say) never does.
rm -rf "$out"
mkdir -p "$stage/data"
cp "$built/campaign-kit.exe" "$stage/Campaign Kit.exe"
cp "$built/campaign-kit-cli.exe" "$built/WebView2Loader.dll" "$stage/"
cp src-tauri/icons/icon.ico "$stage/Campaign Kit.ico"
# Windows line endings, so Notepad on any Windows shows the lines.
sed 's/$/\r/' src-tauri/windows/README.txt >"$stage/README.txt"
sed 's/$/\r/' LICENSE >"$stage/LICENSE.txt"

zip="$out/Campaign Kit $version for Windows (USB stick).zip"
python3 - "$stage" "$zip" <<'PY'
import os, sys, zipfile
stage, zip_path = sys.argv[1], sys.argv[2]
top = os.path.basename(stage)
with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for folder, dirs, files in os.walk(stage):
        dirs.sort()
        rel = os.path.relpath(folder, os.path.dirname(stage))
        if not files and not dirs:
            z.writestr(rel + "/", b"")  # the empty data folder
        for name in sorted(files):
            if name.endswith(".ico") and folder == stage:
                continue  # the installer's icon; the program carries its own
            z.write(os.path.join(folder, name), os.path.join(rel, name))
PY

makensis -V2 -DVERSION="$version" -DSTAGE="$stage" -DOUT="$out/Campaign Kit setup.exe" \
  src-tauri/windows/installer.nsi

# The stand-in DLL for wine must never ship: real Windows has the real one.
if python3 -m zipfile -l "$zip" | grep -qi bcryptprimitives || [ -e "$stage/bcryptprimitives.dll" ]; then
  echo "bcryptprimitives.dll must not ship" >&2
  exit 1
fi
ls -l "$zip" "$out/Campaign Kit setup.exe" | awk '{ printf "%6.1f MB  ", $5 / 1048576; for (i = 9; i <= NF; i++) printf "%s ", $i; print "" }'
