"""How long finding a region in what a person typed takes: the lookup the bot and the web form
run on the region answer. With --against FILE, an older regions.py is timed in the same run.

    .venv/bin/python bench/regions.py [--against OLD_REGIONS.py]
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import timeit
from pathlib import Path

from objector.intake import regions

TYPED = ["Ростовская область", "в Татарстане", "Москва", "Moscow Oblast", "Краснодарский край"]


def per_lookup_us(find: object, number: int) -> float:
    total = timeit.timeit(lambda: [find(t) for t in TYPED], number=number)  # type: ignore[operator]
    return total / (number * len(TYPED)) * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", type=Path, help="another regions.py to time beside")
    parser.add_argument("--number", type=int, default=200)
    args = parser.parse_args()
    print(f"current: {per_lookup_us(regions.find_region, args.number):.1f} µs a lookup")
    if args.against:
        spec = importlib.util.spec_from_file_location("regions_against", args.against)
        assert spec and spec.loader  # noqa: S101 - a bench's argument
        other = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(other)
        for typed in TYPED:
            assert other.find_region(typed) == regions.find_region(typed), typed  # noqa: S101
        print(f"against: {per_lookup_us(other.find_region, args.number):.1f} µs a lookup")
    return 0


if __name__ == "__main__":
    sys.exit(main())
