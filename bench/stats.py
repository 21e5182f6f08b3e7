"""Protecting a three-way table (regions × categories × weeks, with all its margins).

    .venv/bin/python bench/stats.py [--regions 90 --categories 12 --weeks 52]
        [--requests 100000] [--seed 1] [--heldout] [--bound-seconds 20]

Side by side, on one generated table:
- plain primary suppression (cells 0 < n < k hidden, margins published): how many cells, and
  how many of them one subtraction recovers (alone in a line of the table);
- the statistics core (objector.statistics.protect): time, cells suppressed, the counts they
  hide, LP solves, and whether its attacker's audit passed;
- a lower bound on any safe pattern: the primary cells plus the fewest extra cells so that no
  line with one primary cell is left with it alone (a necessary condition, solved as an integer
  program by HiGHS within --bound-seconds; its proven bound is reported).

The generator: regions weighted by a Zipf law over a shuffled order (a few large regions, many
small), categories skewed, weeks with a trend and noise. --heldout draws another seed with
other skews, never tuned on.
"""

from __future__ import annotations

import argparse
import platform
import time

import numpy as np

from objector.statistics.lp import Model
from objector.statistics.protect import Rule, protect
from objector.statistics.tables import Table, build


def generate(
    regions: int, categories: int, weeks: int, requests: int, seed: int, heldout: bool
) -> Table:
    rng = np.random.default_rng(seed)
    zipf, skew = (1.3, 1.1) if heldout else (1.1, 0.8)
    pr = rng.permutation(1 / np.arange(1, regions + 1) ** zipf)
    pc = rng.permutation(1 / np.arange(1, categories + 1) ** skew)
    pw = np.linspace(0.6, 1.4, weeks) * rng.uniform(0.7, 1.3, weeks)
    p = pr[:, None, None] * pc[None, :, None] * pw[None, None, :]
    counts = rng.multinomial(requests, (p / p.sum()).ravel()).reshape(p.shape)
    labels = (
        tuple(f"region {i}" for i in range(regions)),
        tuple(f"category {i}" for i in range(categories)),
        tuple(f"week {i}" for i in range(weeks)),
    )
    return Table("bench", ("region", "category", "week"), labels, counts)


def lines_of(ids: np.ndarray) -> list[np.ndarray]:
    return [np.moveaxis(ids, a, -1).reshape(-1, ids.shape[a]) for a in range(ids.ndim)]


def exposed_by_subtraction(ids: np.ndarray, hidden: np.ndarray) -> int:
    """Hidden cells alone in some line of the table: one subtraction gives them away."""
    alone = np.zeros(len(hidden), dtype=bool)
    for lines in lines_of(ids):
        h = hidden[lines]
        single = h.sum(axis=1) == 1
        alone[lines[single][h[single]]] = True
    return int(alone.sum())


def lower_bound(ids: np.ndarray, primary: np.ndarray, seconds: float) -> tuple[int, int]:
    """(proven bound, best pattern found) on primaries + extra cells so that every line with
    exactly one primary holds another suppressed cell."""
    rows, cols = [], []
    n_rows = 0
    for lines in lines_of(ids):
        p = primary[lines]
        for line in lines[p.sum(axis=1) == 1]:
            others = line[~primary[line]]
            rows.append(np.full(len(others), n_rows))
            cols.append(others)
            n_rows += 1
    n = len(primary)
    if n_rows == 0:
        return int(primary.sum()), int(primary.sum())
    model = Model(
        num_cols=n,
        rows=np.concatenate(rows),
        cols=np.concatenate(cols),
        vals=np.ones(sum(len(c) for c in cols)),
        row_lower=np.ones(n_rows),
        row_upper=np.full(n_rows, np.inf),
        col_lower=primary.astype(float),
        col_upper=np.ones(n),
        integer=True,
        time_limit=seconds,
    )
    model.set_costs(np.arange(n), np.ones(n))
    x = model.solve()
    found = round(float(x.sum())) if x is not None else -1
    return int(np.ceil(model.dual_bound() - 1e-6)), found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--regions", type=int, default=90)
    parser.add_argument("--categories", type=int, default=12)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--heldout", action="store_true", help="another seed and other skews")
    parser.add_argument("--bound-seconds", type=float, default=20.0)
    args = parser.parse_args()
    seed = args.seed + 1000 if args.heldout else args.seed
    table = generate(args.regions, args.categories, args.weeks, args.requests, seed, args.heldout)
    rule = Rule()
    print(f"machine: {platform.machine()}, {platform.python_version()}")
    print(
        f"table: {args.regions} × {args.categories} × {args.weeks}, {args.requests} requests, "
        f"{'held-out' if args.heldout else 'seed'} {seed}; k = {rule.k}, protection ±{rule.p}"
    )
    started = time.perf_counter()
    system = build([table])
    ids = system.ids[0]
    cells = system.num_cells
    v = system.values
    primary = (v > 0) & (v < rule.k)
    print(f"cells with margins: {cells}; zero cells: {int((v == 0).sum())}")
    print(
        f"primary only: {int(primary.sum())} suppressed ({int(v[primary].sum())} requests), "
        f"{exposed_by_subtraction(ids, primary)} recovered by one subtraction"
    )
    started = time.perf_counter()
    result = protect([table], rule=rule, exact=False)
    took = time.perf_counter() - started
    hidden = result.mask(0)
    print(
        f"protected: {took:.1f} s, {int(hidden.sum())} suppressed "
        f"({int(table.full()[hidden].sum())} requests), {result.lp_solves} LP solves, "
        f"audit {'passed' if result.safe else 'REFUSED: ' + str(len(result.refused))}, "
        f"{exposed_by_subtraction(ids, result.suppressed)} recovered by one subtraction"
    )
    started = time.perf_counter()
    bound, found = lower_bound(ids, primary, args.bound_seconds)
    print(
        f"lower bound on any safe pattern: {bound} cells (line condition, integer program, "
        f"{time.perf_counter() - started:.1f} s; best pattern meeting it alone: {found}); "
        f"ours is {int(hidden.sum()) / max(bound, 1):.2f}× the bound"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
