"""The LP per region slab (objector/statistics/slabs.py): its proofs hold against the attacker
written apart in test_hypercube.py, and region totals that the hypercubes alone hid are
published."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from objector.statistics import hypercube, slabs
from objector.statistics.protect import Rule, protect
from objector.statistics.tables import build

from .test_hypercube import assert_protected, attacker, table_of

P = 5


def sparse(seed: int, shape: tuple[int, int, int], requests: int) -> np.ndarray:
    """bench/stats.py's kind of table, small: Zipf-sized regions, skewed categories, trending
    weeks, negative-binomial cells (many zeros and small counts)."""
    rng = np.random.default_rng(seed)
    pr = rng.permutation(1 / np.arange(1, shape[0] + 1) ** 1.1)
    pc = rng.permutation(1 / np.arange(1, shape[1] + 1) ** 0.8)
    pw = np.linspace(0.6, 1.4, shape[2]) * rng.uniform(0.7, 1.3, shape[2])
    mean = pr[:, None, None] * pc[None, :, None] * pw[None, None, :]
    mean = requests * mean / mean.sum()
    return rng.negative_binomial(1.5, 1.5 / (1.5 + mean)).astype(np.int64)


@st.composite
def three_way(draw: st.DrawFn) -> np.ndarray:
    shape = (draw(st.integers(2, 5)), draw(st.integers(2, 4)), draw(st.integers(2, 5)))
    cells = int(np.prod(shape))
    flat = draw(
        st.lists(st.one_of(st.integers(0, 4), st.integers(0, 40)), min_size=cells, max_size=cells)
    )
    return np.array(flat, dtype=np.int64).reshape(shape)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(three_way())
def test_every_slab_proof_holds_against_the_attacker(counts: np.ndarray) -> None:
    """slabs.prove alone, on every sensitive cell outside the all-regions slab, with only the
    sensitive cells hidden before: each proof passes hypercube.verify against the whole table's
    system, and the attacker (its own LP) cannot narrow the cell on the side proven."""
    full = table_of(counts).full()
    sensitive = (full > 0) & (full < Rule().k)
    supp = sensitive.ravel().copy()
    headline = hypercube._total_indices(full.shape).ravel() >= 2
    before = supp.copy()
    left = [(int(c), up) for c in np.flatnonzero(sensitive) for up in (True, False)]
    proofs, still = slabs.prove(full, supp, hypercube.information(full).ravel(), headline, left, P)
    event(f"{len(proofs)} proofs" if proofs else "no proof")
    assert len(proofs) + len(still) == len(left)
    # No published headline cell was hidden for a proof.
    assert not (supp & ~before & headline).any()
    if not proofs:
        return
    certs = hypercube.Certificates()
    for target, corners, changes, up in proofs:
        certs.add(np.array([target]), np.array([up]), corners, changes, np.zeros(len(corners)))
    system = build([table_of(counts)])
    up, down, _, _ = hypercube.verify(system, 0, supp, certs, P)
    mask = supp.reshape(full.shape)
    cells = [tuple(int(i) for i in np.unravel_index(t, full.shape)) for t, _, _, _ in proofs]
    for (target, _, _, proven_up), index, (low, high) in zip(
        proofs, cells, attacker(counts, mask, cells), strict=True
    ):
        value = int(full[index])
        if proven_up:
            assert up[target]
            assert high >= value + P - 1e-6, (index, low, high)
        else:
            assert down[target]
            assert low <= max(0, value - P) + 1e-6, (index, low, high)


def test_region_totals_the_hypercubes_hid_are_published_and_the_table_is_still_safe() -> None:
    counts = sparse(0, (15, 6, 10), 3000)
    full = table_of(counts).full()
    sensitive = (full > 0) & (full < Rule().k)
    alone = hypercube.suppress(full, sensitive, P, slabs=False)
    with_slabs = hypercube.suppress(full, sensitive, P)
    before = ~alone.suppressed[:-1, -1, -1]
    after = ~with_slabs.suppressed[:-1, -1, -1]
    assert before.sum() <= 3 and after.sum() >= 10
    assert (after & ~before).any() and not (before & ~after).any()
    result = protect([table_of(counts)], method="hypercube", exact=False)
    assert result.safe
    mask = result.mask(0)
    assert (~mask[:-1, -1, -1] == after).all()
    assert not mask[-1, -1, -1]  # the grand total
    assert_protected(counts, mask, Rule(), sample=60)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_proofs_by_groups_of_partner_regions_hold_against_the_attacker(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tables where some cells need several partner regions at once (a larger LP, not a
    network): the whole table protected, and every sensitive cell checked by the attacker."""
    attempt = slabs._attempt
    groups: list[int] = []

    def counted(*args: Any) -> Any:
        found = attempt(*args)
        if found is not None and not args[-1]:  # not mirrored: a group of partners
            groups.append(len(args[5]))
        return found

    monkeypatch.setattr(slabs, "_attempt", counted)
    counts = sparse(seed, (10, 4, 6), 600)
    result = protect([table_of(counts)], method="hypercube", exact=False)
    assert groups  # the path under test was taken
    assert result.safe
    assert_protected(counts, result.mask(0), Rule(), sample=10_000)
