"""The hypercube method for one large table: its proofs hold against an attacker written here.

The attacker: one variable per interior cell of the table, every published cell (margins
included) an equation over the interior cells in its box, every sensitive suppressed cell
minimised and maximised with HiGHS. It shares no code with the core's system of equations.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from objector.statistics import hypercube
from objector.statistics.lp import INF, Model, Unbounded
from objector.statistics.protect import HYPERCUBE_FROM, Published, Rule, audit, protect
from objector.statistics.tables import System, Table, build


def table_of(counts: np.ndarray, name: str = "t") -> Table:
    dims = ("region", "category", "week")[: counts.ndim]
    labels = tuple(
        tuple(f"{d}{i}" for i in range(size)) for d, size in zip(dims, counts.shape, strict=True)
    )
    return Table(name, dims, labels, counts)


def interior_box(shape: tuple[int, ...], index: tuple[int, ...]) -> np.ndarray:
    """Flat indices of the interior cells a cell of the table with margins counts."""
    picks = [range(size) if i == size else [i] for i, size in zip(index, shape, strict=True)]
    return np.ravel_multi_index(np.ix_(*picks), shape).ravel()


def attacker(
    counts: np.ndarray, suppressed: np.ndarray, cells: list[tuple[int, ...]]
) -> list[tuple[float, float]]:
    """min and max of each cell over all non-negative tables agreeing with the published cells."""
    shape = counts.shape
    full = table_of(counts).full()
    rows: list[int] = []
    cols: list[int] = []
    rhs: list[float] = []
    for index in np.ndindex(*full.shape):
        if suppressed[index]:
            continue
        atoms = interior_box(shape, index)
        rows += [len(rhs)] * len(atoms)
        cols += atoms.tolist()
        rhs.append(float(full[index]))
    model = Model(
        num_cols=counts.size,
        rows=np.array(rows, dtype=np.int64),
        cols=np.array(cols, dtype=np.int64),
        vals=np.ones(len(rows)),
        row_lower=np.array(rhs),
        row_upper=np.array(rhs),
        col_lower=np.zeros(counts.size),
        col_upper=np.full(counts.size, INF),
    )
    out = []
    for index in cells:
        atoms = interior_box(shape, index)
        low = model.optimise(atoms, maximise=False)[atoms].sum()
        try:
            high = model.optimise(atoms, maximise=True)[atoms].sum()
        except Unbounded:
            high = math.inf
        out.append((low, high))
    return out


def assert_protected(counts: np.ndarray, suppressed: np.ndarray, rule: Rule, sample: int) -> None:
    full = table_of(counts).full()
    small = (full > 0) & (full < rule.k)
    assert suppressed[small].all()
    sensitive = list(zip(*np.nonzero(small), strict=True))
    rng = np.random.default_rng(len(sensitive))
    if len(sensitive) > sample:
        sensitive = [sensitive[i] for i in rng.choice(len(sensitive), sample, replace=False)]
    cells = [tuple(int(x) for x in i) for i in sensitive]
    for index, (low, high) in zip(cells, attacker(counts, suppressed, cells), strict=True):
        value = int(full[index])
        assert high == math.inf or math.floor(high + 1e-6) >= value + rule.p, (index, low, high)
        assert math.ceil(low - 1e-6) <= max(0, value - rule.p), (index, low, high)


@st.composite
def small_tables(draw: st.DrawFn) -> np.ndarray:
    shape = draw(st.lists(st.integers(1, 5), min_size=1, max_size=3))
    cells = int(np.prod(shape))
    # Mostly small counts, some zeros, now and then a large one: sensitive cells everywhere.
    flat = draw(
        st.lists(st.one_of(st.integers(0, 6), st.integers(0, 60)), min_size=cells, max_size=cells)
    )
    return np.array(flat, dtype=np.int64).reshape(shape)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_tables())
def test_it_never_lets_the_attacker_narrow_a_cell_the_hypercubes_prove(counts: np.ndarray) -> None:
    rule = Rule()
    result = protect([table_of(counts)], rule=rule, method="hypercube", exact=False)
    event("refused" if not result.safe else "published")
    event("with sensitive cells" if result.primary.any() else "no sensitive cell")
    if not result.safe:
        # Nothing proven is nothing published; what it names must be sensitive.
        assert all("not proven safe" in r for r in result.refused)
        return
    assert_protected(counts, result.mask(0), rule, sample=10_000)


def test_it_protects_a_large_table_with_hypercubes_and_the_attacker_agrees() -> None:
    rng = np.random.default_rng(18)
    sizes = rng.permutation(1 / np.arange(1, 16) ** 1.1)
    counts = rng.poisson(8 * sizes[:, None, None] * np.ones((15, 6, 10)))
    table = table_of(counts)
    assert np.prod(table.shape) > HYPERCUBE_FROM
    rule = Rule()
    result = protect([table], rule=rule, exact=False)  # auto: hypercubes
    assert result.safe and not any(iv.exact for iv in result.intervals)
    assert_protected(counts, result.mask(0), rule, sample=40)
    # The headline figures (the grand total, each category's and week's total) stay published.
    mask = result.mask(0)
    assert not mask[-1, -1, -1] and not mask[-1, :, -1].any() and not mask[-1, -1, :].any()
    # Every suppressed sensitive cell's reported interval is one the attacker cannot narrow.
    for iv in result.intervals:
        if iv.sensitive:
            assert iv.safe and iv.high >= iv.value + rule.p and iv.low <= max(0, iv.value - 5)


@pytest.mark.parametrize("method", ["hypercube", "lp"])
def test_it_catches_the_subtraction_attack_either_way(method: str) -> None:
    t = Table("o", ("outcome",), (("granted", "refused", "withdrawn"),), np.array([30, 30, 1]))
    result = protect([t], method=method)
    assert result.safe and result.mask(0)[2] and result.mask(0).sum() >= 2
    assert audit([Published(t, result.mask(0))]).safe


def test_it_protects_a_pattern_safe_by_rows_but_not_by_columns_with_hypercubes() -> None:
    counts = np.array([[2, 20, 30], [15, 25, 35], [40, 45, 50]])
    result = protect([table_of(counts)], method="hypercube")
    assert result.safe and result.mask(0)[0, 0]
    assert_protected(counts, result.mask(0), Rule(), sample=100)


def test_it_refuses_hypercubes_with_a_history() -> None:
    t = table_of(np.array([[3, 20], [15, 25]]))
    with pytest.raises(ValueError, match="one table alone"):
        protect([t], history=[Published(t, np.zeros(t.shape, dtype=bool))], method="hypercube")


def test_it_rejects_a_proof_once_a_corner_is_published() -> None:
    counts = np.array([[1, 9, 8], [7, 6, 9], [8, 9, 7]])
    table = table_of(counts)
    system = build([table])
    full = table.full()
    sensitive = (full > 0) & (full < 5)
    found = hypercube.suppress(full, sensitive, 5)
    mask = found.suppressed.ravel()
    up, down, _, _ = hypercube.verify(system, 0, mask, found.certificates, 5)
    assert up[0] and down[0]
    targets, _, owners, cells, _ = found.certificates.arrays()
    first = np.flatnonzero(targets == 0)[0]
    corner = cells[(owners == first) & (cells != 0)][0]
    tampered = mask.copy()
    tampered[corner] = False  # a corner the proof moves is now published
    up, down, _, _ = hypercube.verify(system, 0, tampered, found.certificates, 5)
    assert not (up[0] and down[0])
    # A change that breaks a line is caught too, whatever the suppression.
    broken = hypercube.Certificates()
    broken.add(np.array([0]), np.array([True]), np.array([0]), np.array([5]), np.array([0]))
    up, _, _, _ = hypercube.verify(system, 0, np.ones_like(mask), broken, 5)
    assert not up[0]


def test_it_builds_one_table_alone_as_the_general_build_does() -> None:
    counts = np.arange(24).reshape(2, 3, 4) % 7
    alone = build([table_of(counts)])
    scoped = Table(
        "t",
        ("region", "category", "week"),
        table_of(counts).labels,
        counts,
        scope=(("channel", ("web",)),),
    )
    general = build([scoped])  # a scope takes the general path
    assert (alone.ids[0] == general.ids[0]).all() and (alone.values == general.values).all()

    def equations(s: System) -> set[tuple[tuple[int, float], ...]]:
        return {
            tuple(
                sorted(zip(s.cols[s.rows == r].tolist(), s.vals[s.rows == r].tolist(), strict=True))
            )
            for r in range(s.num_rows)
        }

    assert alone.num_rows == general.num_rows and equations(alone) == equations(general)


def test_it_publishes_again_the_complements_the_proofs_can_do_without() -> None:
    rng = np.random.default_rng(7)
    counts = rng.negative_binomial(1.0, 1.0 / (1.0 + rng.uniform(0.5, 12, (8, 5, 6))))
    table = table_of(counts.astype(np.int64))
    system = build([table])
    full = table.full()
    sensitive = (full > 0) & (full < 5)
    greedy = hypercube.suppress(full, sensitive, 5)
    pruned = hypercube.suppress(full, sensitive, 5, prune=full.size)
    assert pruned.suppressed.sum() < greedy.suppressed.sum()
    assert (pruned.suppressed >= sensitive).all()
    mask = pruned.suppressed.ravel()
    up, down, _, _ = hypercube.verify(system, 0, mask, pruned.certificates, 5)
    assert (up & down)[sensitive.ravel()].all()
    assert_protected(counts, pruned.suppressed, Rule(), sample=30)
