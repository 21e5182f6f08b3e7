"""The statistics core: suppression that an attacker with linear programming cannot undo.

The attacker here is written apart from the core: one variable per cell of the data's finest
grid (the microdata counts), every published cell of every release an equation over them, and
each sensitive count minimised and maximised with HiGHS.
"""

from __future__ import annotations

import math
from itertools import product

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from objector.statistics.lp import INF, Model, Unbounded
from objector.statistics.protect import Published, Rule, audit, protect
from objector.statistics.tables import Table, TableError

DIMS = {
    "region": ("r0", "r1", "r2", "r3"),
    "category": ("c0", "c1", "c2"),
    "month": ("m0", "m1", "m2"),
}


def none_hidden(t: Table) -> np.ndarray:
    return np.zeros(t.shape, dtype=bool)


def marginal(
    micro: np.ndarray, name: str, dims: list[str], scope: dict[str, tuple[str, ...]]
) -> Table:
    """A table of the microdata over dims, restricted to scope."""
    names = list(DIMS)
    arr = micro
    for d, values in scope.items():
        axis = names.index(d)
        keep = [DIMS[d].index(v) for v in values]
        arr = np.take(arr, keep, axis=axis)
    kept = [names.index(d) for d in dims]
    summed = arr.sum(axis=tuple(i for i in range(len(names)) if i not in kept))
    order = sorted(kept)
    summed = np.transpose(summed, [order.index(i) for i in kept])
    return Table(
        name,
        tuple(dims),
        tuple(DIMS[d] for d in dims),
        summed,
        scope=tuple(sorted(scope.items())),
    )


def box_mask(box: dict[str, frozenset[str]]) -> np.ndarray:
    return np.array(
        [
            all(v in box.get(d, {v}) for d, v in zip(DIMS, cell, strict=True))
            for cell in product(*DIMS.values())
        ]
    )


def counter_of(micro: np.ndarray):  # type: ignore[no-untyped-def]
    flat = micro.ravel()
    return lambda box: int(flat[box_mask(box)].sum())


def cell_box(t: Table, index: tuple[int, ...]) -> dict[str, frozenset[str]]:
    box = {d: frozenset(v) for d, v in t.scope}
    for d, labels, i in zip(t.dims, t.labels, index, strict=True):
        if i < len(labels):
            box[d] = frozenset([labels[i]])
        else:
            box[d] = frozenset(labels)
    return box


def attacker_intervals(
    micro: np.ndarray, published: list[Published], targets: list[dict[str, frozenset[str]]]
) -> list[tuple[float, float]]:
    """min and max of each target box over all non-negative microdata agreeing with every
    published cell."""
    n = micro.size
    rows, cols, lo = [], [], []
    for p in published:
        full = p.table.full()
        for index in np.ndindex(*p.table.shape):
            if p.suppressed[index]:
                continue
            atoms = np.flatnonzero(box_mask(cell_box(p.table, index)))
            rows += [len(lo)] * len(atoms)
            cols += list(atoms)
            lo.append(float(full[index]))
    model = Model(
        num_cols=n,
        rows=np.array(rows, dtype=np.int64),
        cols=np.array(cols, dtype=np.int64),
        vals=np.ones(len(rows)),
        row_lower=np.array(lo),
        row_upper=np.array(lo),
        col_lower=np.zeros(n),
        col_upper=np.full(n, INF),
    )
    out = []
    for box in targets:
        atoms = np.flatnonzero(box_mask(box))
        low = model.optimise(atoms, maximise=False)[atoms].sum()
        try:
            high = model.optimise(atoms, maximise=True)[atoms].sum()
        except Unbounded:  # nothing published bounds it
            high = math.inf
        out.append((low, high))
    return out


def wide_enough(low: float, high: float, value: int, rule: Rule) -> bool:
    """The attacker's interval reaches value + p above and max(0, value - p) below."""
    above = high == math.inf or math.floor(high + 1e-6) >= value + rule.p
    return above and math.ceil(low - 1e-6) <= max(0, value - rule.p)


def test_it_catches_the_subtraction_attack() -> None:
    t = Table(
        "outcome", ("outcome",), (("granted", "refused", "withdrawn"),), np.array([30, 30, 1])
    )
    naive = none_hidden(t)
    naive[2] = True  # withdrawn hidden, the total published beside it: 61 - 60 = 1
    refused = audit([Published(t, naive)]).refused
    assert refused and "withdrawn = 1" in refused[0] and "[1, 1]" in refused[0]

    result = protect([t])
    assert result.safe
    mask = result.mask(0)
    assert mask[2] and mask.sum() >= 2
    assert audit([Published(t, mask)]).safe


def test_it_catches_a_pattern_safe_row_by_row_but_not_by_column() -> None:
    counts = np.array([[2, 20, 30], [15, 25, 35], [40, 45, 50]])
    labels = (("a", "b", "c"), ("x", "y", "z"))
    t = Table("rc", ("region", "category"), labels, counts)
    naive = none_hidden(t)
    naive[0, 0] = naive[0, 1] = True  # the row cannot be solved, but column x can: 57 - 55 = 2
    assert not audit([Published(t, naive)]).safe
    result = protect([t])
    assert result.safe and result.mask(0)[0, 0]
    assert audit([Published(t, result.mask(0))]).safe


def test_it_catches_the_difference_of_two_periods() -> None:
    micro = np.zeros([len(v) for v in DIMS.values()], dtype=np.int64)
    micro[:, :, 0] = 9
    micro[:, :, 1] = 9
    micro[0, 0, 2] = 1  # one request from r0, category c0, in m2 only
    micro[1:, 1:, 2] = 7
    counter = counter_of(micro)
    first = marginal(micro, "to m1", ["region", "category"], {"month": ("m0", "m1")})
    second = marginal(micro, "to m2", ["region", "category"], {"month": ("m0", "m1", "m2")})
    history = [Published(first, protect([first]).mask(0))]
    assert history[0].suppressed.sum() == 0  # nothing small before m2

    naive = audit([*history, Published(second, none_hidden(second))], counter=counter, domains=DIMS)
    assert any("month ∈ {m2}" in r and "region ∈ {r0}" in r for r in naive.refused)

    result = protect([second], history=history, counter=counter, domains=DIMS)
    assert result.safe
    published = [*history, Published(second, result.mask(1))]
    target = {
        "region": frozenset(["r0"]),
        "category": frozenset(["c0"]),
        "month": frozenset(["m2"]),
    }
    ((low, high),) = attacker_intervals(micro, published, [target])
    assert wide_enough(low, high, 1, Rule())


def test_it_refuses_tables_of_different_grids_without_the_counts() -> None:
    a = Table("a", ("region",), (("r0", "r1"),), np.array([5, 6]))
    b = Table("b", ("category",), (("c0", "c1"),), np.array([7, 4]))
    with pytest.raises(TableError, match="give the values of category"):
        protect([a, b])
    with pytest.raises(TableError, match="need the counts"):
        protect([a, b], domains={"region": ("r0", "r1"), "category": ("c0", "c1")})


def test_it_suppresses_a_dominated_cell() -> None:
    counts = np.array([40, 30, 25])
    largest = np.array([38, 3, 2, 38])  # one person wrote 38 of region a's 40 requests
    t = Table("d", ("region",), (("a", "b", "c"),), counts, largest=largest)
    result = protect([t])
    assert result.primary[result.system.ids[0][0]]
    assert result.mask(0)[0] and result.mask(0).sum() >= 2 and result.safe


@pytest.mark.parametrize(
    "bad,message",
    [
        (dict(dims=(), labels=(), counts=np.array(3)), "1 to 3"),
        (dict(dims=("a",), labels=(("x", "x"),), counts=np.array([1, 2])), "distinct"),
        (dict(dims=("a",), labels=(("x",),), counts=np.array([1, 2])), "do not match"),
        (dict(dims=("a",), labels=(("x",),), counts=np.array([-1])), "negative"),
    ],
)
def test_it_names_what_is_wrong_with_a_table(bad: dict, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(TableError, match=message):
        Table("bad", **bad)


def test_it_refuses_one_count_given_two_values() -> None:
    a = Table("a", ("region",), (("r0", "r1"),), np.array([5, 6]))
    b = Table("b", ("region",), (("r0", "r1"),), np.array([5, 7]))
    with pytest.raises(TableError, match="same count"):
        protect([a, b])


TABLE_DIMS = st.lists(st.sampled_from(list(DIMS)), min_size=1, max_size=3, unique=True)


@st.composite
def histories(draw: st.DrawFn) -> tuple[np.ndarray, list[list[Table]]]:
    shape = [len(v) for v in DIMS.values()]
    cells = int(np.prod(shape))
    # Mostly small counts, so that many cells are sensitive and complements are scarce.
    flat = draw(st.lists(st.integers(0, 9), min_size=cells, max_size=cells))
    micro = np.array(flat, dtype=np.int64).reshape(shape)
    releases = []
    for r in range(draw(st.integers(1, 3))):
        tables = []
        for i in range(draw(st.integers(1, 2))):
            dims = draw(TABLE_DIMS)
            scope = {}
            if "month" not in dims and draw(st.booleans()):
                scope["month"] = tuple(DIMS["month"][: draw(st.integers(1, 3))])
            tables.append(marginal(micro, f"t{r}.{i}", dims, scope))
        releases.append(tables)
    return micro, releases


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_it_never_lets_the_attacker_narrow_a_sensitive_count(
    history: tuple[np.ndarray, list[list[Table]]],
) -> None:
    micro, releases = history
    counter = counter_of(micro)
    rule = Rule()
    published: list[Published] = []
    for tables in releases:
        result = protect(tables, history=published, counter=counter, domains=DIMS, rule=rule)
        event("refused" if not result.safe else "published")
        if not result.safe:
            continue  # refused: nothing of it is published
        start = len(published)
        published += [Published(t, result.mask(start + i)) for i, t in enumerate(tables)]
        # Sensitive suppressed cells must reach n + p above and max(0, n - p) below. So must
        # the counts the tables imply without showing (differences between them), the finest
        # the releases speak of, except that a published count holding one bounds it.
        boxes = [
            (cell_box(p.table, i), not p.suppressed[i], p.table.full()[i])
            for p in published
            for i in np.ndindex(*p.table.shape)
        ]
        public = [(b, v) for b, hidden, v in boxes if hidden]
        chosen = [(b, int(v), v + rule.p) for b, shown, v in boxes if not shown and 0 < v < rule.k]
        for atom in implied_atoms([b for b, _, _ in boxes]):
            value = counter(atom)
            holders = [
                v for b, v in public if all(atom.get(d, ALL[d]) <= b.get(d, ALL[d]) for d in DIMS)
            ]
            if 0 < value < rule.k and (not holders or min(holders) > value):
                chosen.append((atom, value, min([value + rule.p, *holders])))
        found = attacker_intervals(micro, published, [b for b, _, _ in chosen])
        for (box, value, need), (low, high) in zip(chosen, found, strict=True):
            assert high == math.inf or math.floor(high + 1e-6) >= need, (box, value, low, high)
            assert math.ceil(low - 1e-6) <= max(0, value - rule.p), (box, value, low, high)


ALL = {d: frozenset(v) for d, v in DIMS.items()}


def implied_atoms(boxes: list[dict[str, frozenset[str]]]) -> list[dict[str, frozenset[str]]]:
    """The finest boxes the published boxes tell apart: values grouped by the boxes they are in."""
    used = sorted({d for b in boxes for d in b})
    parts = {}
    for d in used:
        sets = sorted({b[d] for b in boxes if d in b}, key=sorted)
        groups: dict[tuple[bool, ...], set[str]] = {}
        for v in sorted(set().union(*sets)):
            groups.setdefault(tuple(v in s for s in sets), set()).add(v)
        parts[d] = [frozenset(g) for g in groups.values()]
    return [dict(zip(used, combo, strict=True)) for combo in product(*(parts[d] for d in used))]
