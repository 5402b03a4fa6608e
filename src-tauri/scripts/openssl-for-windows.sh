#!/usr/bin/env bash
# Builds the OpenSSL that SQLCipher uses in the Windows programs, once.
#   openssl-for-windows.sh               prints its folder
#   openssl-for-windows.sh COMMAND...    runs the command (a cargo build for Windows) with
#                                        openssl-sys told to use it
# Used by build-windows.sh and by the Windows tests, so what is tested is what ships.
#
# Windows has no OpenSSL of its own. Left to itself, a Windows build makes one with the
# openssl-src crate, which builds the whole of OpenSSL, TLS and every algorithm included; on a
# 2-core machine that took 11 of the Windows build's 23 minutes, and everything that uses the
# database waited for it. SQLCipher needs only libcrypto's AES, SHA-1 and SHA-2, HMAC, PBKDF2
# and its random numbers, so this builds libcrypto alone without the parts nothing here uses
# (other ciphers and hashes, public-key algorithms other than RSA, certificates' extras, TLS):
# under 5 minutes. The source is the copy inside the openssl-src crate that Cargo.lock pins,
# so no download and the same OpenSSL version as before.
#
# A second run with the same version and options prints the folder straight away.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"
target=x86_64-pc-windows-gnu

# Not needed by SQLCipher, so not built. Each one is an option of OpenSSL's own Configure.
options=(
  no-shared no-module no-dso no-engine no-legacy no-apps no-tests no-docs no-demos
  no-comp no-zlib no-ui-console no-autoload-config
  no-ssl no-tls no-dtls no-quic no-psk no-srp no-srtp no-nextprotoneg no-multiblock
  no-http no-ocsp no-ct no-cms no-cmp no-ts no-rfc3779
  no-aria no-bf no-camellia no-cast no-chacha no-des no-idea no-ocb no-poly1305 no-rc2 no-rc4
  no-rc5 no-seed no-siv no-sm4
  no-blake2 no-md4 no-mdc2 no-rmd160 no-siphash no-sm3
  no-dh no-dsa no-ec no-ec2m no-gost no-sm2 no-ml-dsa no-ml-kem no-slh-dsa no-lms no-scrypt
)

# The openssl-src crate Cargo.lock names: its folder (already downloaded by cargo) and version.
read -r version crate < <(
  cargo metadata --format-version 1 --locked --filter-platform "$target" | python3 -c '
import json, os, sys
for package in json.load(sys.stdin)["packages"]:
    if package["name"] == "openssl-src":
        print(package["version"], os.path.dirname(package["manifest_path"]))
        break
'
)
source="$crate/openssl"
[ -f "$source/Configure" ] || {
  echo "OpenSSL's source is missing from $crate: run 'cargo fetch' first." >&2
  exit 1
}

fingerprint=$(printf '%s\n' "$version" "${options[@]}" | sha256sum | cut -c 1-12)
out="$root/target/$target/openssl-$version-$fingerprint"
# With a command: run it with openssl-sys pointed at the folder. The variables are named for
# the Windows target, so builds for this machine in the same command are not affected.
finish() {
  if [ $# -eq 0 ]; then
    echo "$out"
    exit 0
  fi
  export X86_64_PC_WINDOWS_GNU_OPENSSL_DIR="$out" X86_64_PC_WINDOWS_GNU_OPENSSL_NO_VENDOR=1 \
    X86_64_PC_WINDOWS_GNU_OPENSSL_STATIC=1 X86_64_PC_WINDOWS_GNU_OPENSSL_LIBS=crypto
  exec "$@"
}
if [ -f "$out/lib/libcrypto.a" ]; then
  finish "$@"
fi

# Built outside the source folder, which stays as cargo downloaded it, and moved into place
# only when whole, so an interrupted build is never taken for a finished one.
build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
log="$build/build.log"
jobs=$(nproc 2>/dev/null || echo 2)
if ! (
  cd "$build" &&
    perl "$source/Configure" mingw64 --cross-compile-prefix=x86_64-w64-mingw32- "${options[@]}" &&
    make -j"$jobs" build_generated &&
    make -j"$jobs" libcrypto.a
) >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  echo "Building OpenSSL $version for Windows failed (above: the end of its log)." >&2
  exit 1
fi
partial="$out.partial"
rm -rf "$partial"
mkdir -p "$partial/lib" "$partial/include/openssl"
cp "$build/libcrypto.a" "$partial/lib/"
# The headers: OpenSSL's own, then the ones Configure wrote for these options.
cp "$source"/include/openssl/*.h "$partial/include/openssl/"
cp "$build"/include/openssl/*.h "$partial/include/openssl/"
rm -rf "$out"
mv "$partial" "$out"
rm -rf "$build"
finish "$@"
