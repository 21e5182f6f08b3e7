"""Proofs found by a small LP per slab of a three-way table, for the cells hypercubes miss.

In a sparse table (90 regions × 12 categories × 52 weeks, about 1.6 requests a cell) a small
region's sensitive cell often has no hypercube whose corners can give its range without its
region total: every partner in its lines is as small as itself. The fallback passes of
hypercube.suppress then hide the region total, which is what a reader of the release looks for
first. Here, before those passes, each such cell gets a min-cost LP over its own slab (its
region's categories × weeks, with the slab's margins), mirrored with the opposite sign on the
slab of a partner region (the one whose cell at the same place is largest): an alternative
table that moves the cell by its range, changes cell (r, c, w) by x and (r', c, w) by −x,
keeps every line of the slab balanced and leaves every published headline cell alone (the
region total, x[total, total] = 0; the category and week totals and the grand total are sums
over regions, unchanged since r and r' cancel). Every line of the whole table then holds:
lines inside slabs r and r' by the LP's equations, lines across regions because r and r'
cancel. (Mirroring on the all-regions slab instead fails where hypercubes fail: the cell's
row in its region would have to give its range.)

The LP's constraint matrix is that of a network (each slab cell sits in one row line and one
column line of its slab, with opposite signs on the margin), so a simplex vertex is whole; the
cost is the information newly lost (1 + log(1 + n) per cell not yet hidden, for the slab cell
and its mirror) plus a little for every unit moved, so that cells already hidden are used
first. Its solution is a proof like a hypercube's, and is checked the same way
(hypercube.verify, against the attacker's whole-table system); nothing here is trusted.

Why an LP of our own rather than τ-Argus's modular method: HiTaS protects each subtable apart
and can leave the full table unsafe; these proofs hold for the whole table.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from objector.statistics.lp import Model

Ints = NDArray[np.int64]
Mask = NDArray[np.bool_]
# Per unit moved, on top of the information lost: prefers short cycles among hidden cells.
MOVE = 1e-3


def _slab_model(rows: int, cols: int, p: int) -> tuple[Model, int]:
    """x = up - down over the slab's cells (row-major, margins last), each line balanced."""
    cells = rows * cols
    grid = np.arange(cells).reshape(rows, cols)
    eq_rows, eq_cols, eq_vals = [], [], []
    line = 0
    for a in range(rows):  # Σ_b<last x[a, b] - x[a, last] = 0
        members = grid[a]
        signs = np.ones(cols)
        signs[-1] = -1
        eq_rows += [line] * cols
        eq_cols += members.tolist()
        eq_vals += signs.tolist()
        line += 1
    for b in range(cols):
        members = grid[:, b]
        signs = np.ones(rows)
        signs[-1] = -1
        eq_rows += [line] * rows
        eq_cols += members.tolist()
        eq_vals += signs.tolist()
        line += 1
    r = np.array(eq_rows, dtype=np.int64)
    c = np.array(eq_cols, dtype=np.int64)
    v = np.array(eq_vals, dtype=np.float64)
    model = Model(
        num_cols=2 * cells,
        rows=np.concatenate([r, r]),
        cols=np.concatenate([c, c + cells]),
        vals=np.concatenate([v, -v]),
        row_lower=np.zeros(line),
        row_upper=np.zeros(line),
        col_lower=np.zeros(2 * cells),
        col_upper=np.full(2 * cells, float(p)),
        warm="dual",
    )
    return model, cells


def prove(
    v: Ints,
    supp: Mask,
    cost: NDArray[np.float64],
    avoid: Mask,
    left: list[tuple[int, bool]],
    p: int,
) -> tuple[list[tuple[int, Ints, Ints, bool]], list[tuple[int, bool]]]:
    """For cells of a three-way table with margins (v, flat supp/cost/avoid over v), one
    alternative table each by its region slab's LP. Marks the cells it hides in supp.

    Returns the proofs (target, corners, changes, up) and the cells left without one.
    """
    shape = v.shape
    flat_v = v.ravel()
    last = shape[0] - 1
    by_slab: dict[int, list[tuple[int, bool]]] = {}
    still: list[tuple[int, bool]] = []
    for cell, up in left:
        r = int(np.unravel_index(cell, shape)[0])
        if r == last:  # a cell of the all-regions slab: no slab of its own
            still.append((cell, up))
        else:
            by_slab.setdefault(r, []).append((cell, up))
    proofs: list[tuple[int, Ints, Ints, bool]] = []
    if not by_slab or last < 2:  # one region: no other slab to balance against
        return proofs, still + [c for wanted in by_slab.values() for c in wanted]
    model, cells = _slab_model(shape[1], shape[2], p)
    block = shape[1] * shape[2]
    for r, wanted in sorted(by_slab.items()):
        slab = r * block + np.arange(block)
        for cell, up in wanted:
            t = cell - r * block
            # The partner: the region whose cell at the same place can give the most (its
            # margins then usually can too), the larger region on a tie.
            column = v[:last].reshape(last, block)[:, t].astype(np.float64)
            column += v[:last, -1, -1] / (1.0 + v[:last, -1, -1].max())
            column[r] = -1.0
            partner = int(column.argmax())
            mirror = partner * block + np.arange(block)
            # x up: the slab's cell rises, the partner's falls; x down: the other way round.
            room_up = np.minimum(flat_v[mirror], p).astype(np.float64)
            room_down = np.minimum(flat_v[slab], p).astype(np.float64)
            banned = (avoid[slab] & ~supp[slab]) | (avoid[mirror] & ~supp[mirror])
            upper_up = np.where(banned, 0.0, room_up)
            upper_down = np.where(banned, 0.0, room_down)
            lower = np.zeros(2 * cells)
            upper = np.concatenate([upper_up, upper_down])
            need = p if up else min(int(flat_v[cell]), p)
            if need <= 0 or banned[t]:  # the partner's cell moves with it: a headline, say
                still.append((cell, up))
                continue
            if (upper_up if up else upper_down)[t] < need:
                still.append((cell, up))
                continue
            target = t if up else t + cells
            lower[target] = upper[target] = need
            lower[t + cells if up else t] = upper[t + cells if up else t] = 0.0
            new = cost[slab] * ~supp[slab] + cost[mirror] * ~supp[mirror]
            price = np.concatenate([new, new]) + MOVE
            model.set_bounds(np.arange(2 * cells), lower, upper)
            model.set_costs(np.arange(2 * cells), price)
            x = model.solve()
            if x is None:
                still.append((cell, up))
                continue
            change = np.rint(x[:cells] - x[cells:]).astype(np.int64)
            moved = np.flatnonzero(change)
            if not len(moved) or change[t] != (need if up else -need):
                still.append((cell, up))
                continue
            supp[slab[moved]] = True
            supp[mirror[moved]] = True
            proofs.append(
                (
                    cell,
                    np.concatenate([slab[moved], mirror[moved]]),
                    np.concatenate([change[moved], -change[moved]]),
                    up,
                )
            )
    return proofs, still
