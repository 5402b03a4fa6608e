#!/usr/bin/env bash
# The Windows programs, as built by src-tauri/scripts/build-windows.sh, used under wine the way
# a volunteer's laptop would: the data folder in AppData, a USB stick's "data" folder, a folder
# with a space and Welsh letters, a petition made, signed and exported, every leaflet template
# rendered (each PDF checked with qpdf on Linux), a briefing pack imported. Prints
# "N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
built="$root/target/x86_64-pc-windows-gnu/release"
run="$root/tests/windows/wine-run.sh"
export PATH="$HOME/.cargo/bin:$PATH"
passed=0
failed=0
check() { # check "what" command...: passes when the command succeeds
  local what="$1"
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "ok: $what"
  else
    failed=$((failed + 1))
    echo "FAILED: $what"
  fi
}
contains() { grep -qF -- "$2" <<<"$1"; }
sound_pdf() { qpdf --check "$1" >/dev/null 2>&1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The programs run from a copy, as from a stick, so the stand-in DLL never sits in the build.
stick="$work/Siân's stick/Campaign Kit"
mkdir -p "$stick"
cp "$built/campaign-kit-cli.exe" "$built/campaign-kit.exe" "$built/WebView2Loader.dll" "$stick/"
cli() { "$run" "$stick/campaign-kit-cli.exe" "$@" 2>&1 | tr -d '\r'; }
# Windows paths, as a person would type them (wine's Z: drive is this machine's /).
winpath() { printf 'Z:%s' "$1" | tr '/' '\\'; }

out=$(cli --version)
check "campaign-kit-cli.exe --version" contains "$out" "campaign-kit"
out=$("$run" "$stick/campaign-kit.exe" --version 2>&1 | tr -d '\r')
check "campaign-kit.exe --version (the window program, from a terminal)" contains "$out" "campaign-kit"

out=$(cli where)
check "the data folder is in AppData\\Roaming ($out)" contains "$out" 'AppData\Roaming\uk.campaignkit.CampaignKit'

mkdir "$stick/data"
out=$(cli where)
check "a data folder beside the program is used ($out)" contains "$out" "stick\\Campaign Kit\\data"
rmdir "$stick/data"

data="$work/Grŵp data"
d=$(winpath "$data")
out=$(cli --data-dir "$d" group set --name "Grŵp Iechyd Caerdydd" --email "post@example.org")
check "group set in a folder with a space and Welsh letters" contains "$out" "Saved."
check "the data file is made there" test -f "$data/campaign-kit.sqlite3"
out=$(cli --data-dir "$d" petition create --title "Cadwch ein canolfan galw i mewn" \
  --request "We ask the council to keep the walk-in centre open." --to "Cardiff Council" --target 300 --ask-email)
check "petition create" contains "$out" "Made petition P-"
out=$(cli --data-dir "$d" petition sign 1 --name "Siân Lloyd" --postcode "cf10 1ep" --email "sian@example.org")
check "petition sign" contains "$out" "saved "
out=$(cli --data-dir "$d" petition sign 1 --name '=HYPERLINK("http://x")' --postcode "CF10 1EP")
check "a formula as a name is taken as text" contains "$out" "saved "
out=$(cli --data-dir "$d" petition list)
check "petition list" contains "$out" "Cadwch ein canolfan"
csv="$work/signatures.csv"
out=$(cli --data-dir "$d" petition export 1 -o "$(winpath "$csv")")
check "petition export" test -f "$csv"
check "the CSV starts with a UTF-8 BOM, for Excel" test "$(head -c 3 "$csv" | od -An -tx1 | tr -d ' ')" = "efbbbf"
check "the CSV keeps Welsh letters" grep -q "Siân Lloyd" "$csv"
check "the formula is made harmless" grep -q "'=HYPERLINK" "$csv"

# The Linux build of the same version (its one program runs commands too) lists the templates
# the Windows one must render, and makes the pack it must import.
linux="$root/target/release/campaign-kit"
templates=$("$linux" leaflet templates | sed -n 's/^  id: //p')
check "the Linux program lists the leaflet templates" test -n "$templates"
for id in $templates; do
  pdf="$work/$id.pdf"
  cli --data-dir "$d" leaflet render "$id" -o "$(winpath "$pdf")" >/dev/null
  check "leaflet render $id: a sound PDF (qpdf --check)" sound_pdf "$pdf"
done
pdf="$work/duplex test.pdf"
cli --data-dir "$d" leaflet test-sheet -o "$(winpath "$pdf")" >/dev/null
check "the duplex test sheet" sound_pdf "$pdf"
# A name Windows keeps for a device is refused in words, not written to the console.
out=$(cli --data-dir "$d" leaflet test-sheet -o "$(winpath "$work/con.pdf")")
check "-o con.pdf is refused with the reason ($out)" contains "$out" "Windows keeps the name"

other="$work/other group"
mkdir -p "$other"
printf '# Leafleting the hospital\n\nStaff change shift at 7 in the morning.\n' >"$other/notes.md"
"$linux" --data-dir "$other" briefing import "$other/notes.md" >/dev/null
"$linux" --data-dir "$other" briefing export-pack "$other/pack.zip" >/dev/null
out=$(cli --data-dir "$d" briefing import "$(winpath "$other/pack.zip")")
check "a briefing pack made on Linux imports on Windows" contains "$out" 'Added "Leafleting the hospital"'
out=$(cli --data-dir "$d" briefing search shift)
check "briefing search finds it" contains "$out" "Leafleting the hospital"
out=$("$run" "$stick/campaign-kit.exe" --data-dir "$d" petition list 2>&1 | tr -d '\r')
check "campaign-kit.exe petition list prints in the terminal" contains "$out" "Cadwch ein canolfan"

echo "Windows programs under wine: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
