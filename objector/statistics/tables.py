"""Count tables with all their margins, and the linear system an attacker sees across them.

A table counts one measure (requests, persons, …) over one to three dimensions, optionally inside
a scope (fixed filters on other dimensions, such as a period). Every cell, margins included, is a
count over a *box*: a set of values for each dimension. Two cells with the same measure and box
are the same number wherever they appear, in this release or an earlier one; that is how tables
are linked.

The attacker's system: one variable per distinct cell, every table's additive lines (the cells
along one dimension sum to their total), and — when the tables do not all share one grid — a
hidden joint table over every dimension in play, whose interior cells sum to each table's
interior cells. Its values are never published; it only makes the relations between tables that
share some dimensions exact (three two-way tables over A×B, B×C, A×C constrain each other only
through the three-way table behind them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import product

import numpy as np
from numpy.typing import NDArray

TOTAL = "Total"

Counts = NDArray[np.int64]


class TableError(ValueError):
    """A table that cannot be protected as given (names what was wrong)."""


@dataclass(frozen=True)
class Table:
    """Interior counts of one measure over 1–3 dimensions; margins are derived, never given."""

    name: str
    dims: tuple[str, ...]
    labels: tuple[tuple[str, ...], ...]
    counts: Counts
    measure: str = "requests"
    scope: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # The largest single contributor's count in each cell, margins included (same shape as
    # full()); None when every contributor counts once (distinct persons).
    largest: Counts | None = None

    def __post_init__(self) -> None:
        if not 1 <= len(self.dims) <= 3:
            raise TableError(f"{self.name}: a table has 1 to 3 dimensions, not {len(self.dims)}")
        if len(set(self.dims)) != len(self.dims) or len(self.labels) != len(self.dims):
            raise TableError(f"{self.name}: each dimension once, with its labels")
        if tuple(len(v) for v in self.labels) != tuple(np.shape(self.counts)):
            raise TableError(f"{self.name}: counts of shape {np.shape(self.counts)} do not match")
        if any(len(set(v)) != len(v) or not v for v in self.labels):
            raise TableError(f"{self.name}: labels of a dimension must be distinct and non-empty")
        if np.any(np.asarray(self.counts) < 0):
            raise TableError(f"{self.name}: a count cannot be negative")
        if {d for d, _ in self.scope} & set(self.dims):
            raise TableError(f"{self.name}: a scope dimension is also a table dimension")
        if self.largest is not None and np.shape(self.largest) != self.shape:
            raise TableError(f"{self.name}: largest contributors must cover the margins too")

    @property
    def shape(self) -> tuple[int, ...]:
        """Shape with margins: each dimension's labels, then its total."""
        return tuple(len(v) + 1 for v in self.labels)

    def full(self) -> Counts:
        """The counts with every margin; index len(labels[d]) on axis d is the total."""
        out = np.asarray(self.counts, dtype=np.int64)
        for axis in range(out.ndim):
            out = np.concatenate([out, out.sum(axis=axis, keepdims=True)], axis=axis)
        return out

    def label(self, index: Sequence[int]) -> tuple[str, ...]:
        return tuple(
            self.labels[d][i] if i < len(self.labels[d]) else TOTAL for d, i in enumerate(index)
        )


@dataclass
class System:
    """Every distinct cell of a set of tables of one measure, and the equations linking them."""

    tables: list[Table]
    ids: list[NDArray[np.int64]]  # per table: the cell id of each cell of full()
    values: NDArray[np.float64]  # per cell id (hidden joint cells included)
    hidden: NDArray[np.bool_]  # per cell id: a joint cell no table publishes
    rows: NDArray[np.int64] = field(repr=False)
    cols: NDArray[np.int64] = field(repr=False)
    vals: NDArray[np.float64] = field(repr=False)
    num_rows: int = 0
    boxes: dict[int, dict[str, frozenset[str]]] = field(default_factory=dict)  # hidden cells
    keys: list[tuple[frozenset[int], ...]] = field(default_factory=list)  # per cell id

    def containers(self, cid: int, among: NDArray[np.int64]) -> NDArray[np.int64]:
        """The cells among `among` whose box holds the box of cell `cid`."""
        inner = self.keys[cid]
        return np.array(
            [c for c in among if all(a <= b for a, b in zip(inner, self.keys[c], strict=True))],
            dtype=np.int64,
        )

    @property
    def num_cells(self) -> int:
        return len(self.values)


JOINT_LIMIT = 400_000  # cells of the hidden joint table the attacker's system may hold


Counter = Callable[[Mapping[str, frozenset[str]]], int]


def build(
    tables: Sequence[Table],
    *,
    counter: Counter | None = None,
    domains: Mapping[str, Sequence[str]] | None = None,
    joint_limit: int = JOINT_LIMIT,
) -> System:
    """The attacker's linear system over tables of one measure (see the module docstring).

    When the tables do not share one grid, the hidden joint cells (April alone, when January to
    March and January to April are published) are counts a person could be found in too:
    `counter` gives the true count of a box (dimension -> values; a dimension left out is not
    filtered), so that they can be protected. Without it such tables are refused.

    `domains` lists every value a dimension can take. It is needed for a dimension that one
    table leaves out (all values) while another names some: the attacker knows whether the
    named values are all there is.
    """
    if not tables:
        raise TableError("no table to protect")
    measures = {t.measure for t in tables}
    if len(measures) != 1:
        raise TableError(f"tables of one measure at a time, not {sorted(measures)}")
    if len(tables) == 1 and not tables[0].scope and all(len(v) > 1 for v in tables[0].labels):
        return _build_one(tables[0])
    boxes_of = [_explicit_sets(t) for t in tables]
    dims = sorted({d for b in boxes_of for d in b})
    domains = domains or {}
    domain = {d: sorted({v for b in boxes_of for s in b.get(d, []) for v in s}) for d in dims}
    for d in dims:
        if d in domains:
            if not set(domain[d]) <= set(domains[d]):
                raise TableError(f"{d}: values {sorted(set(domain[d]) - set(domains[d]))} unknown")
            domain[d] = sorted(domains[d])
        elif any(d not in b for b in boxes_of):
            raise TableError(f"one table counts all of {d}, another some: give the values of {d}")
    # Values no table tells apart are one class (weeks, when only months are published).
    classes: dict[str, dict[str, int]] = {}
    for d in dims:
        sets = sorted({s for b in boxes_of for s in b.get(d, [])}, key=sorted)
        signature = {v: tuple(v in s for s in sets) for v in domain[d]}
        distinct = sorted(set(signature.values()))
        classes[d] = {v: distinct.index(signature[v]) for v in domain[d]}
    sizes = {d: max(classes[d].values()) + 1 for d in dims}

    def key(box: dict[str, frozenset[str]]) -> tuple[frozenset[int], ...]:
        return tuple(
            frozenset(classes[d][v] for v in box[d]) if d in box else frozenset(range(sizes[d]))
            for d in dims
        )

    keys: dict[tuple[frozenset[int], ...], int] = {}
    values: list[float] = []
    ids: list[NDArray[np.int64]] = []
    for t in tables:
        full = t.full()
        arr = np.empty(t.shape, dtype=np.int64)
        for index in np.ndindex(*t.shape):
            cid = keys.setdefault(key(_box(t, index)), len(keys))
            if cid == len(values):
                values.append(float(full[index]))
            elif values[cid] != full[index]:
                raise TableError(
                    f"{t.name}: cell {t.label(index)} = {full[index]}, but the same count "
                    f"was {values[cid]:g} elsewhere"
                )
            arr[index] = cid
        ids.append(arr)
    boxes: dict[int, dict[str, frozenset[str]]] = {}
    eq_rows: list[NDArray[np.int64]] = []
    eq_cols: list[NDArray[np.int64]] = []
    eq_vals: list[NDArray[np.float64]] = []
    num_rows = 0

    def add_lines(arr: NDArray[np.int64]) -> None:
        nonlocal num_rows
        rows, cols, vals = _lines(arr, num_rows)
        eq_rows.extend(rows)
        eq_cols.extend(cols)
        eq_vals.extend(vals)
        num_rows += sum(len(r) // arr.shape[axis] for axis, r in enumerate(rows))

    for arr in ids:
        add_lines(arr)
    num_tables_cells = len(values)
    grids = {(tuple(t.dims), t.scope, t.labels) for t in tables}
    if len(grids) > 1:
        if counter is None:
            raise TableError(
                "tables over different grids (dimensions, labels or scopes) need the counts "
                "behind them to protect their differences"
            )
        members = {
            d: [frozenset(v for v, c in classes[d].items() if c == i) for i in range(sizes[d])]
            for d in dims
        }
        joint_dims = [d for d in dims if sizes[d] > 1]
        total = int(np.prod([sizes[d] + 1 for d in joint_dims]))
        if total > joint_limit:
            raise TableError(
                f"the tables span {len(joint_dims)} dimensions ({total} joint cells); "
                f"an exact audit allows at most {joint_limit}: publish fewer dimensions"
            )
        joint = np.empty([sizes[d] + 1 for d in joint_dims], dtype=np.int64)
        for index in np.ndindex(*joint.shape):
            box = tuple(
                frozenset([index[joint_dims.index(d)]])
                if d in joint_dims and index[joint_dims.index(d)] < sizes[d]
                else frozenset(range(sizes[d]))
                for d in dims
            )
            cid = keys.setdefault(box, len(keys))
            if cid == len(values):
                boxes[cid] = {
                    d: frozenset().union(*(members[d][c] for c in box[i]))
                    for i, d in enumerate(dims)
                    if len(box[i]) < sizes[d]
                }
                values.append(float(counter(boxes[cid])))
            joint[index] = cid
        add_lines(joint)
        # Each table's interior cell is the sum of the joint interior cells in its box.
        inner = joint[tuple(slice(0, sizes[d]) for d in joint_dims)]
        for t, arr in zip(tables, ids, strict=True):
            for index in np.ndindex(*[len(v) for v in t.labels]):
                cell_box = key(_box(t, index))
                picks = [sorted(cell_box[dims.index(d)]) for d in joint_dims]
                parts = inner[np.ix_(*picks)].ravel()
                if len(parts) == 1 and parts[0] == arr[index]:
                    continue
                eq_rows.append(np.full(len(parts) + 1, num_rows))
                eq_cols.append(np.concatenate([parts, [arr[index]]]))
                eq_vals.append(np.concatenate([np.ones(len(parts)), [-1.0]]))
                num_rows += 1
    hidden = np.zeros(len(values), dtype=bool)
    hidden[num_tables_cells:] = True
    return System(
        tables=list(tables),
        ids=ids,
        values=np.asarray(values, dtype=np.float64),
        hidden=hidden,
        keys=list(keys),
        rows=np.concatenate(eq_rows),
        cols=np.concatenate(eq_cols),
        vals=np.concatenate(eq_vals),
        num_rows=num_rows,
        boxes=boxes,
    )


def _lines(
    arr: NDArray[np.int64], first_row: int
) -> tuple[list[NDArray[np.int64]], list[NDArray[np.int64]], list[NDArray[np.float64]]]:
    """The additive lines of a table of cell ids: along each axis, the cells sum to the last."""
    rows: list[NDArray[np.int64]] = []
    cols: list[NDArray[np.int64]] = []
    vals: list[NDArray[np.float64]] = []
    for axis in range(arr.ndim):
        lines = np.moveaxis(arr, axis, -1).reshape(-1, arr.shape[axis])
        n, width = lines.shape
        rows.append(np.repeat(np.arange(first_row, first_row + n, dtype=np.int64), width))
        cols.append(lines.ravel())
        coef = np.ones(width)
        coef[-1] = -1.0
        vals.append(np.tile(coef, n))
        first_row += n
    return rows, cols, vals


def _build_one(t: Table) -> System:
    """The system of one table alone, every cell its own count (a fast path: the general build
    names each cell's box, a second per 10,000 cells)."""
    full = t.full()
    ids = np.arange(full.size, dtype=np.int64).reshape(full.shape)
    rows, cols, vals = _lines(ids, 0)
    order = [t.dims.index(d) for d in sorted(t.dims)]
    sets = [[frozenset([i]) for i in range(len(v))] + [frozenset(range(len(v)))] for v in t.labels]
    keys = [tuple(cell[j] for j in order) for cell in product(*sets)]
    return System(
        tables=[t],
        ids=[ids],
        values=full.ravel().astype(np.float64),
        hidden=np.zeros(full.size, dtype=bool),
        keys=keys,
        rows=np.concatenate(rows),
        cols=np.concatenate(cols),
        vals=np.concatenate(vals),
        num_rows=sum(full.size // size for size in full.shape),
    )


def _explicit_sets(t: Table) -> dict[str, list[frozenset[str]]]:
    sets: dict[str, list[frozenset[str]]] = {}
    for d, labels in zip(t.dims, t.labels, strict=True):
        sets[d] = [frozenset([v]) for v in labels] + [frozenset(labels)]
    for d, values in t.scope:
        sets[d] = [frozenset(values)]
    return sets


def _box(t: Table, index: Iterable[int]) -> dict[str, frozenset[str]]:
    box = {d: frozenset(values) for d, values in t.scope}
    for d, labels, i in zip(t.dims, t.labels, index, strict=True):
        box[d] = frozenset([labels[i]]) if i < len(labels) else frozenset(labels)
    return box


def combos(labels: Sequence[Sequence[str]]) -> list[tuple[str, ...]]:
    return list(product(*labels))
