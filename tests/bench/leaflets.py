#!/usr/bin/env python3
"""Leaflet benchmark: whole runs of `campaign-kit leaflet render`, and the same A5 leaflet
made by typst, side by side in one run.

    python3 tests/bench/leaflets.py [--runs 10]

Builds `campaign-kit-cli` for release first (tests/run-all.sh builds only the app, which is
timed once too when it is there) and installs typst from PyPI into target/bench-venv the
first time.

What is compared: the A5 public leaflet, both sides, at full size (our "shop" layout without
marks: one A5 page per side, as typst makes it), with the same Noto fonts and the same words,
three ways: without a photo, with a small photo (a 1200 x 800 JPEG, as saved from a web page)
and with a phone photo (a 4032 x 3024 JPEG of 3 to 4 MB with an EXIF block, as a phone takes
it). Our leaflet also has its QR code, which typst would need a package from the internet
for, so typst's version has none: that favours typst.

typst runs through its Python package, so its whole-process time includes starting Python;
the in-process time (compile() alone) is reported too, so the comparison is fair both ways.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The headless command line (no window libraries to load); `campaign-kit` is timed once too.
BINARY = ROOT / "target" / "release" / "campaign-kit-cli"
APP_BINARY = ROOT / "target" / "release" / "campaign-kit"
VENV = ROOT / "target" / "bench-venv"
FONTS = ROOT / "resources" / "fonts"
TEMPLATES = ROOT / "resources" / "templates"


def photo_jpeg(python: Path, path: Path, width: int, height: int) -> None:
    """A photo-like JPEG (gradients under fine grain, which is what makes phone photos big),
    saved at quality 92 with an EXIF block saying which way is up and where it was taken, as
    a phone saves one. Made by Pillow in the benchmark's own Python."""
    script = f"""
from PIL import Image
w, h = {width}, {height}
grain = Image.effect_noise((w, h), 40)
red = Image.linear_gradient("L").resize((w, h)).rotate(90, expand=False)
blue = Image.linear_gradient("L").resize((w, h))
photo = Image.merge("RGB", (red, Image.blend(grain, blue, 0.5), Image.blend(blue, grain, 0.3)))
exif = Image.Exif()
exif[0x0112] = 1
exif[0x010F] = "PhoneMaker"
photo.save({str(path)!r}, quality=92, exif=exif)
"""
    subprocess.run([str(python), "-c", script], check=True)


def typst_python() -> Path:
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    check = subprocess.run([str(python), "-c", "import typst, PIL"], capture_output=True)
    if check.returncode != 0:
        subprocess.run([str(python), "-m", "pip", "install", "-q", "typst==0.15.0", "pillow==12.0.0"], check=True)
    return python


def typst_escape(text: str) -> str:
    for ch in "\\#*_`$<>@[]":
        text = text.replace(ch, "\\" + ch)
    return text


def markdown_to_typst(body: str) -> str:
    """The template's body (paragraphs, bullets, ### headings, **bold**) as typst markup."""
    out = []
    for line in body.strip().splitlines():
        heading = line.startswith("### ")
        bullet = line.startswith("- ")
        text = line[4:] if heading else line[2:] if bullet else line
        parts = text.split("**")
        text = "".join(typst_escape(p) if i % 2 == 0 else f"*{typst_escape(p)}*" for i, p in enumerate(parts))
        out.append(("=== " if heading else "- " if bullet else "") + text)
    return "\n".join(out)


def typst_source(template: dict, photo) -> str:
    t = template["text"]
    picture = f'#image("{photo}", width: 100%, height: 63mm, fit: "cover")' if photo else ""
    return f"""
#set page(paper: "a5", margin: 10mm)
#set text(font: "Noto Sans", size: 10.5pt, fill: rgb("#212b32"), lang: "en")
#set document(title: "{typst_escape(t['headline'])}")
#show heading: set text(fill: rgb("#005eb8"), size: 13pt)
#block(fill: rgb("#005eb8"), inset: 10mm, outset: (x: 10mm, top: 10mm), width: 100%)[
  #text(size: 30pt, weight: "bold", fill: white)[{typst_escape(t['headline'])}]
  #v(2mm)
  #text(size: 13.5pt, fill: white)[{typst_escape(t['subheading'])}]
]
{picture}

{markdown_to_typst(t['body'])}

#block(stroke: (left: 3.5pt + rgb("#005eb8")), inset: (left: 10pt))[
  #text(size: 14.7pt, style: "italic", weight: "bold", fill: rgb("#005eb8"))[{typst_escape(t['pull_quote'])}]
]
#place(bottom, float: true)[
  #text(size: 7.5pt)[{typst_escape(t['sources'])}]
  #block(fill: rgb("#005eb8"), inset: 6mm, outset: (x: 10mm, bottom: 10mm), width: 100%)[
    #text(size: 14pt, weight: "bold", fill: white)[{typst_escape(t['call_to_action'])}] \\
    #text(size: 9pt, fill: white)[KONP Camden \\ camden\\@example.org]
  ]
]
"""


def timed(command: list, runs: int, env=None) -> tuple:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    # Up to date with the code, never a stale copy: cargo does nothing when it already is.
    subprocess.run(["cargo", "build", "--release", "--locked", "-p", "campaign-kit-cli"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        data = work / "data"
        subprocess.run([str(BINARY), "--data-dir", str(data), "group", "set", "--name", "KONP Camden", "--email", "camden@example.org"], check=True, capture_output=True)
        python = typst_python()
        photos = {"small": work / "small.jpg", "phone": work / "phone.jpg"}
        photo_jpeg(python, photos["small"], 1200, 800)
        photo_jpeg(python, photos["phone"], 4032, 3024)
        print(f"Photos: small {photos['small'].stat().st_size / 1024:.0f} kB, phone {photos['phone'].stat().st_size / 1024:.0f} kB\n")

        print("## Every template in every layout (whole runs of the command line)\n")
        print(f"median of {runs} runs; A2 tiles for the posters\n")
        print("| template | layout | time (ms) | size (kB) |\n| --- | --- | ---: | ---: |")
        for path in sorted(TEMPLATES.glob("*.toml")):
            template = tomllib.loads(path.read_text())
            layouts = [("home", []), ("shop", ["--layout", "shop", "--crop-marks"])]
            if template["paper"] in ("A4", "A3"):
                layouts.append(("tiles A2", ["--layout", "tiles", "--poster", "a2"]))
            for name, flags in layouts:
                out = work / f"{template['id']}-{name}.pdf"
                command = [str(BINARY), "--data-dir", str(data), "leaflet", "render", template["id"], "-o", str(out), *flags]
                median, _ = timed(command, runs)
                print(f"| {template['id']} | {name} | {median * 1000:.0f} | {out.stat().st_size / 1024:.0f} |")

        template = tomllib.loads((TEMPLATES / "a5-public.toml").read_text())
        results = {}
        cases = (("without a photo", None), ("with a small photo", "small"), ("with a phone photo", "phone"))
        for label, with_photo in cases:
            print(f"\n## The A5 public leaflet {label}: Campaign Kit and typst\n")
            ours = work / f"ours-{with_photo}.pdf"
            ours_cmd = [str(BINARY), "--data-dir", str(data), "leaflet", "render", "a5-public", "-o", str(ours), "--layout", "shop"]
            if with_photo:
                ours_cmd += ["--photo", str(photos[with_photo])]
            ours_median, _ = timed(ours_cmd, runs)
            app_median, _ = timed([str(APP_BINARY), *ours_cmd[1:]], runs) if APP_BINARY.exists() else (float("nan"), 0)
            source = work / f"leaflet-{with_photo}.typ"
            source.write_text(typst_source(template, photos[with_photo].name if with_photo else None))
            theirs = work / f"typst-{with_photo}.pdf"
            script = (
                "import sys, time, typst\n"
                "t = time.perf_counter()\n"
                f"typst.compile({str(source)!r}, output={str(theirs)!r}, font_paths=[{str(FONTS)!r}], ignore_system_fonts=True)\n"
                "print(time.perf_counter() - t)\n"
            )
            typst_cmd = [str(python), "-c", script]
            typst_median, _ = timed(typst_cmd, runs)
            inside = []
            for _ in range(runs):
                result = subprocess.run(typst_cmd, check=True, capture_output=True, text=True)
                inside.append(float(result.stdout.strip()))
            python_start, _ = timed([str(python), "-c", "import typst"], runs)
            typst_inside = statistics.median(inside)
            ours_size, typst_size = ours.stat().st_size, theirs.stat().st_size
            print("| | Campaign Kit | typst 0.15 | ratio (typst / ours) |\n| --- | ---: | ---: | ---: |")
            print(f"| whole process (ms) | {ours_median * 1000:.0f} | {typst_median * 1000:.0f} | {typst_median / ours_median:.2f} |")
            print(f"| the same through `campaign-kit` (window libraries loaded) (ms) | {app_median * 1000:.0f} | | {typst_median / app_median:.2f} |")
            print(f"| typst less Python start-up (ms) | | {(typst_median - python_start) * 1000:.0f} | {(typst_median - python_start) / ours_median:.2f} |")
            print(f"| typst's compile() alone (ms) | | {typst_inside * 1000:.0f} | {typst_inside / ours_median:.2f} |")
            print(f"| file size (kB) | {ours_size / 1024:.0f} | {typst_size / 1024:.0f} | {typst_size / ours_size:.2f} |")
            results[label] = {
                "ours_ms": round(ours_median * 1000, 1),
                "ours_app_binary_ms": round(app_median * 1000, 1),
                "typst_ms": round(typst_median * 1000, 1),
                "typst_compile_ms": round(typst_inside * 1000, 1),
                "python_import_ms": round(python_start * 1000, 1),
                "ours_kb": round(ours_size / 1024, 1),
                "typst_kb": round(typst_size / 1024, 1),
            }
            keep = os.environ.get("CAMPAIGN_KIT_KEEP_PDF")
            if keep:
                for pdf in (ours, theirs):
                    (Path(keep) / f"bench-{pdf.name}").write_bytes(pdf.read_bytes())
        print(json.dumps(results))


if __name__ == "__main__":
    main()
