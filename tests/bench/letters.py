#!/usr/bin/env python3
"""Letters benchmark: whole runs of `campaign-kit-cli letter render`, as an organiser waits
for them.

    python3 tests/bench/letters.py [--runs 15]

Builds `campaign-kit-cli` for release first (cargo does nothing if it is up to date). Each case runs in
a fresh data folder with the group set and 12 councillors in the address book:

- one letter to one person, as PDF and as a Word file;
- a mail merge to all 12: one PDF with a letter each, and a zip of 12 Word files;
- a letter of 100,000 characters (about 25 pages), as PDF.

Prints the median and the slowest run of each, in milliseconds.
"""

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BINARY = ROOT / "target" / "release" / "campaign-kit-cli"


def run(data: Path, *args: str) -> None:
    subprocess.run([str(BINARY), "--data-dir", str(data), *args], check=True, capture_output=True)


def timed(data: Path, runs: int, *args: str) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run(data, *args)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    # Up to date with the code, never a stale copy: cargo does nothing when it already is.
    subprocess.run(["cargo", "build", "--release", "--locked", "-p", "campaign-kit-cli"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        data = tmp / "data"
        run(data, "group", "set", "--name", "KONP Camden", "--email", "camden@example.org")
        rows = ["Name,Role,Organisation,Address,Postcode,Email,Ward"]
        for n in range(1, 13):
            rows.append(f'Cllr Person {n},Councillor,Camden Council,"Town Hall\nJudd Street\nLondon",'
                        f"WC1H 9JE,p{n}@camden.example.org,Ward {n}")
        (tmp / "people.csv").write_text("\r\n".join(rows) + "\r\n")
        run(data, "letter", "people", "import", str(tmp / "people.csv"))
        long_letter = tmp / "long.toml"
        run(data, "letter", "new", "letter-to-mp", "-o", str(long_letter))
        text = long_letter.read_text()
        start = text.index('body = """') + len('body = """')
        body = "Dear {recipient.name},\n\n" + "Our NHS matters to us all. " * 3800
        long_letter.write_text(text[:start] + body + text[text.index('"""', start):])
        everyone = [arg for n in range(1, 13) for arg in ("--to", str(n))]
        cases = [
            ("one letter, PDF", ["letter-to-councillor", "-o", str(tmp / "one.pdf"), "--to", "1"]),
            ("one letter, Word", ["letter-to-councillor", "-o", str(tmp / "one.docx"), "--to", "1"]),
            ("mail merge to 12, PDF", ["letter-to-councillor", "-o", str(tmp / "all.pdf"), *everyone]),
            ("mail merge to 12, Word zip", ["letter-to-councillor", "-o", str(tmp / "all.zip"), *everyone]),
            ("100,000 characters, PDF", [str(long_letter), "-o", str(tmp / "long.pdf"), "--to", "1"]),
        ]
        print(f"{'case':<30} {'median ms':>10} {'slowest ms':>11}")
        for name, args in cases:
            median, slowest = timed(data, runs, "letter", "render", *args)
            print(f"{name:<30} {median:>10.1f} {slowest:>11.1f}")
        pages = subprocess.run(["pdfinfo", str(tmp / "long.pdf")], capture_output=True, text=True).stdout
        print("100,000-character letter:", next(l for l in pages.splitlines() if l.startswith("Pages")))


if __name__ == "__main__":
    main()
