"""Benchmark: legal assessments per second on one core (issue #2; target >= 20,000/s).

Each assessment is the whole path a request takes: validate raw §12 facts, assess, and build the
§13 result. The 1,000 facts are generated with a fixed seed to resemble intake: mostly absences,
refusals and dismissals, some deadlines and call-ups, every kind of person.

    .venv/bin/python bench/assess.py [--facts 1000] [--rounds 20]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import date, timedelta
from typing import Any

from objector.law import PERSONNEL, assess

SITUATIONS = (
    (30, ("left_unit",)),
    (10, ("left_unit", "returned")),
    (5, ("left_unit", "detained", "criminal_case_opened")),
    (15, ("refused_order",)),
    (10, ("refused_order", "dismissed")),
    (5, ("deployment_ordered", "detained_by_unit")),
    (5, ("dismissed", "court_decision")),
    (5, ("complaint_filed",)),
    (5, ("call_up_expected",)),
    (3, ("summons_received",)),
    (3, ("listed_as_awol",)),
    (2, ("surrendered",)),
    (2, ()),
)


def generate(n: int, seed: int = 20261125) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    weights = [w for w, _ in SITUATIONS]
    out = []
    for _ in range(n):
        _, kinds = rng.choices(SITUATIONS, weights)[0]
        day = date(2022, 2, 24) + timedelta(days=rng.randrange(0, 1400))
        events = []
        for kind in kinds:
            event: dict[str, Any] = {"type": kind, "date": day.isoformat()}
            if kind == "refused_order":
                event["combat"] = rng.random() < 0.7
            events.append(event)
            day += timedelta(days=rng.randrange(0, 40))
        as_of = day + timedelta(days=rng.randrange(0, 60))
        out.append(
            {
                "as_of": as_of.isoformat(),
                "role": rng.choice(("self", "relative", "lawyer")),
                "personnel": rng.choice(PERSONNEL),
                "events": events,
                "flags": {
                    "intends_to_return": rng.choice((None, None, True, False)),
                    "abroad": rng.random() < 0.1,
                    "with_weapon": False,
                    "in_group": rng.random() < 0.05,
                    "prior_conviction": rng.random() < 0.05,
                    "in_hospital": rng.random() < 0.05,
                },
            }
        )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    mix = generate(args.facts)
    for raw in mix:  # warm up, and prove every generated input is valid
        assess(raw)

    rates = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        for raw in mix:
            assess(raw)
        rates.append(len(mix) / (time.perf_counter() - start))

    figures = {
        "benchmark": "assess",
        "facts": len(mix),
        "rounds": args.rounds,
        "median_per_second": round(statistics.median(rates)),
        "min_per_second": round(min(rates)),
        "max_per_second": round(max(rates)),
        "mean_microseconds": round(1e6 / statistics.median(rates), 1),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "target_per_second": 20000,
    }
    figures["meets_target"] = figures["median_per_second"] >= 20000
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:>20}: {value}")
    return 0 if figures["meets_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
