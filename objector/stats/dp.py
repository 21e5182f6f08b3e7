"""Differential-privacy releases: every count drawn once with calibrated noise (OpenDP).

The unit protected is one request: adding or removing a request changes one cell of a
release's table by one (its margins follow from the cells), so the vector of cells has L1
sensitivity 1, and discrete Laplace noise of scale 1/ε on each cell gives ε-differential
privacy (OpenDP's make_laplace on integer vectors; the privacy map is checked, not assumed).
Margins are sums of the noisy cells and negative cells are shown as 0: both post-processing,
which costs no budget. A person who wrote several requests is protected at ε times their
number of requests (the person registry of #16 would allow bounding that).

Every DP release spends its ε from one budget for the whole organisation (BUDGET, or the
STATS_DP_BUDGET setting); a release that would overspend it is refused. The preview shows no
noisy values: a second draw seen before publishing would spend the budget twice.
"""

from __future__ import annotations

import numpy as np
import opendp.prelude as dp
from django.conf import settings
from django.db.models import Sum

from .models import Release

BUDGET = 10.0  # ε for the organisation's whole history of DP releases
CONFIDENCE = 0.95

dp.enable_features("contrib")


def budget() -> float:
    return float(getattr(settings, "STATS_DP_BUDGET", BUDGET))


def spent() -> float:
    """ε spent by every DP release so far."""
    return float(Release.objects.aggregate(e=Sum("epsilon"))["e"] or 0.0)


def _mechanism(epsilon: float) -> dp.Measurement:
    space = dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int)
    mechanism = dp.m.make_laplace(*space, scale=1.0 / epsilon)
    # OpenDP's own privacy map (untyped in its stubs), not our arithmetic.
    if mechanism.map(1) > epsilon * (1 + 1e-9):  # type: ignore[no-untyped-call]
        raise ValueError(f"noise of scale {1 / epsilon} does not give ε = {epsilon}")
    return mechanism


def accuracy(epsilon: float) -> float:
    """With probability CONFIDENCE, a published cell is within ± this of the true count."""
    return float(dp.discrete_laplacian_scale_to_accuracy(1.0 / epsilon, 1 - CONFIDENCE))


def noisy(cells: np.ndarray, epsilon: float) -> np.ndarray:
    """The cells with discrete Laplace noise (ε-DP), negatives shown as 0, and every margin
    summed from them: the full table, margins included, as published."""
    drawn = _mechanism(epsilon)([int(v) for v in cells.ravel()])
    out = np.maximum(np.array(drawn, dtype=np.int64).reshape(cells.shape), 0)
    full = out
    for axis in range(out.ndim):  # each margin in turn: totals of totals follow
        full = np.concatenate([full, full.sum(axis=axis, keepdims=True)], axis=axis)
    return full
