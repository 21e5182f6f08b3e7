"""Primary and secondary cell suppression, and the attacker's audit.

- Primary: a count 0 < n < k is sensitive, and so is a count that one contributor dominates.
- Secondary: complementary cells are suppressed until no sensitive cell can be narrowed, from
  everything published so far, to less than its protection range. A fast line rule (no line of
  any table may hold exactly one suppressed cell) picks most complements; then every sensitive
  cell is audited with linear programming, and a cell the attacker can still narrow is repaired
  by the smallest-cost perturbation LP (Kelly–Golden–Assad / Fischetti–Salazar): the cells a
  feasible alternative table must change, besides those already hidden, are suppressed.
- Audit: for every suppressed cell, the interval [low, high] an attacker can deduce by linear
  programming over every published cell. A sensitive cell is safe when, rounded to whole
  numbers, high ≥ n + p and low ≤ max(0, n − p), p being the protection range (default k).
- One table alone of more than HYPERCUBE_FROM cells (no history) takes hypercube.py instead:
  the same safety condition, proven per cell by two alternative tables rather than solved by
  an LP per cell over the whole table (a minute a solve at 90 × 12 × 52).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from objector.statistics import hypercube
from objector.statistics.lp import INF, Model, Unbounded
from objector.statistics.tables import Counter, System, Table, build

Mask = NDArray[np.bool_]
EPS = 1e-6
# A table alone of more cells than this is protected by hypercubes (see hypercube.py): the LP
# loop below needs a solve per sensitive cell over the whole table, 11 s at 1,859 cells.
HYPERCUBE_FROM = 1_000
# Up to this many cells, the hypercube method's result is also audited exactly by LP, when
# exact=True (2,321 LP solves, 24 s, at 1,859 cells: beyond this the proofs stand alone).
EXACT_AUDIT_UP_TO = 1_000
# Up to this many cells, every complement the proofs can do without is published again
# (hypercube._prune: 6 % fewer cells hidden at 3,549 cells; too slow on 62,699).
PRUNE_UP_TO = 5_000


@dataclass(frozen=True)
class Rule:
    k: int = 5
    protection: int | None = None  # the ± range an attacker must not get inside; default k
    dominance: float = 0.85  # a cell is sensitive when one contributor holds more than this share

    @property
    def p(self) -> int:
        return self.k if self.protection is None else self.protection

    def __post_init__(self) -> None:
        if self.k < 1 or self.p < 1 or not 0 < self.dominance <= 1:
            raise ValueError("k and the protection range are at least 1; dominance in (0, 1]")


@dataclass(frozen=True)
class Published:
    """A table released earlier, with the cells it suppressed (shape of table.full())."""

    table: Table
    suppressed: Mask


@dataclass(frozen=True)
class Interval:
    table: str
    cell: tuple[str, ...]
    value: int
    low: float
    high: float
    exact: bool  # both ends solved; otherwise the attacker's interval is at least this wide
    sensitive: bool
    safe: bool


@dataclass
class Protection:
    system: System
    current: list[int]  # indices into system.tables of the tables being released
    suppressed: Mask  # per cell id: not published (history or now), hidden cells included
    primary: Mask  # per cell id
    rule_p: int = 5
    low: NDArray[np.float64] | None = None  # per cell id, from the last audit
    high: NDArray[np.float64] | None = None
    intervals: list[Interval] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    lp_solves: int = 0
    method: str = "lp"
    seconds: dict[str, float] = field(default_factory=dict)  # wall time of each step

    def mask(self, table: int) -> Mask:
        """Suppressed cells of the table at index `table` in system.tables (full() shape)."""
        return self.suppressed[self.system.ids[table]]

    @property
    def safe(self) -> bool:
        return not self.refused


def primary(system: System, rule: Rule, candidates: Mask) -> Mask:
    """Sensitive cells among candidates: 0 < n < k, or one contributor dominates."""
    v = system.values
    sensitive = candidates & (v > 0) & (v < rule.k)
    for t, ids in zip(system.tables, system.ids, strict=True):
        if t.largest is not None:
            full = t.full()
            dominated = (full > 0) & (np.asarray(t.largest) > rule.dominance * full)
            sensitive[ids[dominated]] |= candidates[ids[dominated]]
    return sensitive


def protect(
    tables: Sequence[Table],
    *,
    history: Sequence[Published] = (),
    rule: Rule | None = None,
    counter: Counter | None = None,
    domains: Mapping[str, Sequence[str]] | None = None,
    exact: bool = True,
    max_rounds: int = 20,
    method: str = "auto",
) -> Protection:
    """Suppress what must be hidden in `tables`, given everything in `history`; audit the result.

    `counter` counts any box of the data, and `domains` lists each dimension's values (see
    tables.build): needed when the tables and the history do not all share one grid.

    `method`: "lp" (line rule, LP audit, cheapest repair: the fewest cells, slow beyond a few
    thousand cells), "hypercube" (one table alone, no history: fast, each cell proven by two
    alternative tables, see hypercube.py), or "auto" (hypercubes for one table alone of more
    than HYPERCUBE_FROM cells).
    """
    rule = rule or Rule()
    if method not in ("auto", "lp", "hypercube"):
        raise ValueError(f"unknown method {method!r}")
    started = time.perf_counter()
    system = build([h.table for h in history] + list(tables), counter=counter, domains=domains)
    built = time.perf_counter() - started
    alone = len(system.tables) == 1 and not system.hidden.any()
    if method == "hypercube" and not alone:
        raise ValueError("the hypercube method protects one table alone, without history")
    if method == "hypercube" or (method == "auto" and alone and system.num_cells > HYPERCUBE_FROM):
        result = _protect_hypercube(system, rule, exact=exact)
        result.seconds = {"build": built, **result.seconds}
        return result
    n = system.num_cells
    public = np.zeros(n, dtype=bool)  # published earlier: fixed for good
    for h, ids in zip(history, system.ids, strict=False):
        public[ids[~h.suppressed]] = True
    current = list(range(len(history), len(system.tables)))
    in_current = np.zeros(n, dtype=bool)
    for i in current:
        in_current[system.ids[i].ravel()] = True
    sensitive = primary(system, rule, ~public)
    suppressed = ~public & (sensitive | system.hidden | ~in_current)
    result = Protection(system, current, suppressed, sensitive, rule.p)
    for _ in range(max_rounds):
        _line_rule(system, current, suppressed, public, rule)
        failures = _audit(result, rule, exact=False)
        if not failures:
            break
        repaired = _repair(result, rule, public, failures)
        if not repaired:
            break
    result.intervals = []
    _refuse(result, _audit(result, rule, exact=exact))
    return result


def _protect_hypercube(system: System, rule: Rule, *, exact: bool) -> Protection:
    """One table alone: hypercube complements, and every sensitive cell's two proofs checked
    against the attacker's full system (see hypercube.py for what is proven)."""
    clock = time.perf_counter()
    ids = system.ids[0]
    n = system.num_cells
    sensitive = primary(system, rule, np.ones(n, dtype=bool))
    table = system.tables[0]
    prune = n if n <= PRUNE_UP_TO else 0
    found = hypercube.suppress(table.full(), sensitive[ids], rule.p, prune=prune)
    suppressed = np.zeros(n, dtype=bool)
    suppressed[ids.ravel()] = found.suppressed.ravel()
    result = Protection(system, [0], suppressed, sensitive, rule.p, method="hypercube")
    now = time.perf_counter()
    result.seconds["hypercubes"], clock = now - clock, now
    up, down, low, high = hypercube.verify(system, 0, suppressed, found.certificates, rule.p)
    result.low, result.high = low, high
    now = time.perf_counter()
    result.seconds["proofs checked"], clock = now - clock, now
    if exact and n <= EXACT_AUDIT_UP_TO:
        _refuse(result, _audit(result, rule, exact=True))
        result.seconds["LP audit"] = time.perf_counter() - clock
        return result
    unproven = [(int(c), True) for c in np.flatnonzero(sensitive & ~up)]
    unproven += [(int(c), False) for c in np.flatnonzero(sensitive & ~down)]
    _refuse(result, unproven, unproven=True)
    v = system.values
    for index in zip(*np.nonzero(suppressed[ids]), strict=True):
        cell = int(ids[index])
        result.intervals.append(
            Interval(
                table=table.name,
                cell=table.label(index),
                value=int(v[cell]),
                low=float(low[cell]),
                high=float(high[cell]),
                exact=False,
                sensitive=bool(sensitive[cell]),
                safe=not sensitive[cell] or bool(up[cell] and down[cell]),
            )
        )
    result.seconds["intervals"] = time.perf_counter() - clock
    return result


def audit(
    tables: Sequence[Published],
    *,
    rule: Rule | None = None,
    counter: Counter | None = None,
    domains: Mapping[str, Sequence[str]] | None = None,
    exact: bool = True,
) -> Protection:
    """The attacker's audit of tables already suppressed (a release history, say)."""
    rule = rule or Rule()
    system = build([p.table for p in tables], counter=counter, domains=domains)
    public = np.zeros(system.num_cells, dtype=bool)
    for p, ids in zip(tables, system.ids, strict=True):
        public[ids[~p.suppressed]] = True
    sensitive = primary(system, rule, ~public)
    result = Protection(system, list(range(len(tables))), ~public, sensitive, rule.p)
    _refuse(result, _audit(result, rule, exact=exact))
    return result


def _refuse(
    result: Protection, failures: list[tuple[int, bool]], *, unproven: bool = False
) -> None:
    """Name every sensitive cell still exposed (or, with `unproven`, not proven safe), in this
    release or an earlier one."""
    system = result.system
    for cid, up in failures:
        for t, ids in zip(system.tables, system.ids, strict=True):
            where = np.argwhere(ids == cid)
            if len(where):
                label = " × ".join(t.label(tuple(where[0])))
                assert result.low is not None and result.high is not None  # noqa: S101 - set by _audit
                low = f"{np.ceil(result.low[cid] - EPS):g}"
                high = f"{np.floor(result.high[cid] + EPS):g}"
                side = "upwards" if up else "downwards"
                if unproven:
                    result.refused.append(
                        f"{t.name}: {label} = {system.values[cid]:g}: no table found that "
                        f"moves it by ±{result.rule_p} {side}; not proven safe"
                    )
                    break
                result.refused.append(
                    f"{t.name}: {label} = {system.values[cid]:g}: an attacker narrows it to "
                    f"[{low}, {high}], less than ±{result.rule_p} {side}"
                )
                break
        else:
            box = system.boxes.get(cid, {})
            label = ", ".join(f"{d} ∈ {{{', '.join(sorted(v))}}}" for d, v in sorted(box.items()))
            result.refused.append(
                f"a count no table shows but the tables imply ({label}) = "
                f"{system.values[cid]:g}: an attacker narrows it to less than ±{result.rule_p}"
            )


def _line_rule(
    system: System, current: list[int], suppressed: Mask, public: Mask, rule: Rule
) -> None:
    """Until no line of a current table holds exactly one suppressed cell, add a complement:
    the smallest cell that can absorb the protection range, else the largest there is."""
    v = system.values
    score = np.where(v >= rule.p, v, 1e12 - np.nan_to_num(v))
    score = np.where(public, np.inf, score)
    changed = True
    while changed:
        changed = False
        for i in current:
            arr = system.ids[i]
            for axis in range(arr.ndim):
                lines = np.moveaxis(arr, axis, -1).reshape(-1, arr.shape[axis])
                hidden = suppressed[lines]
                lone = hidden.sum(axis=1) == 1
                if not lone.any():
                    continue
                cand = np.where(hidden[lone], np.inf, score[lines[lone]])
                pick = cand.argmin(axis=1)
                ok = np.isfinite(cand[np.arange(len(pick)), pick])
                chosen = lines[lone][np.arange(len(pick)), pick][ok]
                if len(chosen):
                    suppressed[chosen] = True
                    changed = True


def _attacker(system: System, free: Mask) -> tuple[Model, NDArray[np.int64]]:
    """The LP over the unpublished cells, published ones moved to the right-hand side."""
    col_of = np.full(system.num_cells, -1, dtype=np.int64)
    free_ids = np.flatnonzero(free)
    col_of[free_ids] = np.arange(len(free_ids))
    is_free = free[system.cols]
    known = np.nan_to_num(system.values)
    rhs = -np.bincount(
        system.rows[~is_free],
        weights=system.vals[~is_free] * known[system.cols[~is_free]],
        minlength=system.num_rows,
    )
    used = np.unique(system.rows[is_free])
    row_of = np.full(system.num_rows, -1, dtype=np.int64)
    row_of[used] = np.arange(len(used))
    model = Model(
        num_cols=len(free_ids),
        rows=row_of[system.rows[is_free]],
        cols=col_of[system.cols[is_free]],
        vals=system.vals[is_free],
        row_lower=rhs[used],
        row_upper=rhs[used],
        col_lower=np.zeros(len(free_ids)),
        col_upper=np.full(len(free_ids), INF),
    )
    return model, col_of


def _audit(result: Protection, rule: Rule, *, exact: bool) -> list[tuple[int, bool]]:
    """Fill result.intervals; return the (cell id, upward?) of sensitive cells found unsafe.

    Every LP solution is a table the attacker cannot exclude, so it widens the interval of every
    cell at once. Sensitive cells are first pushed together (one LP maximising the sum of those
    not yet far enough), then one at a time; with exact=True both ends of every suppressed cell
    are solved.
    """
    system, v = result.system, result.system.values
    free = result.suppressed | system.hidden
    model, col_of = _attacker(system, free)
    free_ids = np.flatnonzero(free)
    shown = np.flatnonzero(result.suppressed & ~system.hidden)
    low = np.full(system.num_cells, np.inf)
    high = np.full(system.num_cells, -np.inf)
    low[shown] = high[shown] = v[shown]  # the true table is one the attacker cannot exclude
    solved = {True: np.zeros(system.num_cells, bool), False: np.zeros(system.num_cells, bool)}
    need_low = np.maximum(0.0, v - rule.p)
    need_high = v + rule.p
    # A hidden count (no table shows it) is protected as far as the published counts holding it
    # allow: a published region total of 5 bounds every count inside it by 5, and publishing it
    # was judged safe; what must not happen is the subtraction that pins April alone.
    published = np.flatnonzero(~free)
    for cid in np.flatnonzero(result.primary & system.hidden):
        holders = system.containers(int(cid), published)
        if len(holders):
            need_high[cid] = min(need_high[cid], v[holders].min())

    def push(cids: NDArray[np.int64], up: bool) -> None:
        try:
            x = model.optimise(col_of[cids], maximise=up)
        except Unbounded:
            if len(cids) == 1:
                high[cids] = np.inf
                solved[up][cids] = True
            return
        finally:
            result.lp_solves += 1
        low[free_ids] = np.minimum(low[free_ids], x)
        high[free_ids] = np.maximum(high[free_ids], x)
        if len(cids) == 1:
            solved[up][cids] = True

    def short(cids: NDArray[np.int64], up: bool) -> NDArray[np.int64]:
        if up:
            return cids[np.floor(high[cids] + EPS) < need_high[cids]]
        return cids[np.ceil(low[cids] - EPS) > need_low[cids]]

    # Hidden joint cells are counts too (April alone, between two periods): protected alike.
    sensitive = np.flatnonzero(result.primary & free)
    low[sensitive] = np.minimum(low[sensitive], v[sensitive])
    high[sensitive] = np.maximum(high[sensitive], v[sensitive])
    for up in (True, False):
        pending = short(sensitive, up)
        while len(pending) > 1:
            push(pending, up)
            left = short(pending, up)
            if len(left) == len(pending):
                break
            pending = left
        for cid in pending:
            if len(short(np.array([cid]), up)):
                push(np.array([cid]), up)
        if exact:
            for cid in shown:
                if not solved[up][cid]:
                    push(np.array([cid]), up)
    failures = [(int(c), up) for up in (True, False) for c in short(sensitive, up)]
    result.low, result.high = low, high
    solved_low, solved_high = solved[False], solved[True]
    for t_index in result.current:
        t, ids = system.tables[t_index], system.ids[t_index]
        for index in zip(*np.nonzero(result.suppressed[ids]), strict=True):
            cell = int(ids[index])
            is_sensitive = bool(result.primary[cell])
            safe = not is_sensitive or bool(
                np.floor(high[cell] + EPS) >= need_high[cell]
                and np.ceil(low[cell] - EPS) <= need_low[cell]
            )
            result.intervals.append(
                Interval(
                    table=t.name,
                    cell=t.label(index),
                    value=int(v[cell]),
                    low=float(low[cell]),
                    high=float(high[cell]),
                    exact=bool(solved_low[cell] and solved_high[cell]),
                    sensitive=is_sensitive,
                    safe=safe,
                )
            )
    return failures


def _repair(result: Protection, rule: Rule, public: Mask, failures: list[tuple[int, bool]]) -> bool:
    """Suppress the cheapest complements that let each failing cell move by its range."""
    system = result.system
    n = system.num_cells
    x = system.values
    candidate = ~result.suppressed & ~public
    cand_ids = np.flatnonzero(candidate)
    m = len(cand_ids)
    # Columns: y (the change of every cell), then t (|y| of each candidate).
    row_base = system.num_rows
    r = np.arange(m)
    rows = np.concatenate(
        [system.rows, row_base + r, row_base + r, row_base + m + r, row_base + m + r]
    )
    cols = np.concatenate([system.cols, cand_ids, n + r, cand_ids, n + r])
    vals = np.concatenate([system.vals, np.ones(m), -np.ones(m), np.ones(m), np.ones(m)])
    row_lower = np.concatenate([np.zeros(system.num_rows), np.full(m, -INF), np.zeros(m)])
    row_upper = np.concatenate([np.zeros(system.num_rows), np.zeros(m), np.full(m, INF)])
    col_lower = np.concatenate([-x, np.zeros(m)])
    col_upper = np.concatenate([np.full(n, INF), np.full(m, INF)])
    col_lower[:n][public] = 0.0
    col_upper[:n][public] = 0.0
    model = Model(
        num_cols=n + m,
        rows=rows,
        cols=cols,
        vals=vals,
        row_lower=row_lower,
        row_upper=row_upper,
        col_lower=col_lower,
        col_upper=col_upper,
        warm="dual",
    )
    cost = 1.0 + np.log1p(np.nan_to_num(system.values[cand_ids]))
    model.set_costs(n + r, cost)
    changed = False

    def move(cids: NDArray[np.int64], up: bool) -> bool:
        """Find one alternative table moving every cell of cids by its range; hide its cells."""
        nonlocal changed
        target = np.full(len(cids), float(rule.p)) if up else -np.minimum(x[cids], rule.p)
        lower = target if up else -x[cids]
        upper = np.full(len(cids), INF) if up else target
        model.set_bounds(cids, lower, upper)
        y = model.solve()
        result.lp_solves += 1
        model.set_bounds(cids, -x[cids], np.full(len(cids), INF))
        if y is None:
            return False
        moved = cand_ids[np.abs(y[cand_ids]) > EPS]
        moved = moved[~result.suppressed[moved]]
        if len(moved):
            result.suppressed[moved] = True
            model.set_costs(n + np.searchsorted(cand_ids, moved), np.zeros(len(moved)))
            changed = True
        return True

    # All the cells that must go up in one perturbation first (one LP instead of many, at the
    # price of a few more complements), each alone where that is impossible.
    for up in (True, False):
        cids = np.array([c for c, u in failures if u == up], dtype=np.int64)
        if len(cids) > 1 and move(cids, up):
            continue
        for cid in cids:
            move(np.array([cid]), up)
    return changed
