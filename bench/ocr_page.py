"""One scanned page through Tesseract as the task worker runs it (`extraction.ocr._tesseract`):
since round 12 from an execute-only copy of Tesseract in memory (`undumpable.spawn`), checked
out of reach before the page is sent; before, a plain exec.

    .venv/bin/python bench/ocr_page.py                          # this tree's code
    .venv/bin/python bench/ocr_page.py --code-from /tmp/main-X  # main's code, from that copy

A synthetic A4 page at 300 dpi (typed lines of a made-up order, names invented) is read
--rounds times in one process (the first read, which makes the copy, is reported apart);
prints the median and the spread in ms as JSON, with the code that ran. `--starts N` (this
tree only) times just the start: `tesseract --version` by a plain exec and by spawn, N of each
alternately, with the median of the paired differences.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import time
from pathlib import Path


def page() -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 40)
    except OSError:
        font = ImageFont.load_default()
    lines = ["ПРИКАЗ № 7 командира войсковой части 12345"] + [
        f"{i}. Рядового Синтетикова Петра Ивановича, 1999 г.р., исключить из списков"
        for i in range(1, 40)
    ]
    for n, line in enumerate(lines):
        draw.text((150, 200 + 80 * n), line, fill=0, font=font)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--code-from", type=Path, help="a copy of another tree's code")
    parser.add_argument("--starts", type=int, help="time only the start, plain and spawned")
    args = parser.parse_args()
    if args.starts:
        starts(args.starts)
        return
    code = (args.code_from or Path(__file__).resolve().parent.parent).resolve()
    sys.path.insert(0, str(code))
    import objector
    from objector.extraction import ocr

    png = page()
    started = time.perf_counter()
    first = ocr._tesseract(png)
    first_ms = (time.perf_counter() - started) * 1000
    times = []
    for _ in range(args.rounds):
        started = time.perf_counter()
        if ocr._tesseract(png) != first:
            sys.exit("Tesseract read the same page differently")
        times.append((time.perf_counter() - started) * 1000)
    print(
        json.dumps(
            {
                "code": str(Path(objector.__file__).resolve().parent.parent),
                "first_ms": round(first_ms, 1),
                "median_ms": round(statistics.median(times), 1),
                "min_ms": round(min(times), 1),
                "max_ms": round(max(times), 1),
                "rounds": args.rounds,
                "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
            }
        )
    )


def starts(rounds: int) -> None:
    import subprocess

    from objector import undumpable

    env = undumpable.exec_environment()
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    plain, spawned = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        subprocess.Popen(["tesseract", "--version"], **quiet).wait()  # noqa: S607 -- PATH's
        plain.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        undumpable.spawn(["tesseract", "--version"], **quiet).wait()
        spawned.append((time.perf_counter() - started) * 1000)
    print(
        json.dumps(
            {
                "plain_median_ms": round(statistics.median(plain), 2),
                "spawn_median_ms": round(statistics.median(spawned), 2),
                "paired_difference_median_ms": round(
                    statistics.median(b - a for a, b in zip(plain, spawned, strict=True)), 2
                ),
                "rounds": rounds,
                "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
            }
        )
    )


if __name__ == "__main__":
    main()
