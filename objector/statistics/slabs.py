"""Proofs found by a small LP per slab of a three-way table, for the cells hypercubes miss.

In a sparse table (90 regions × 12 categories × 52 weeks, about 1.6 requests a cell) a small
region's sensitive cell often has no hypercube whose corners can give its range without its
region total: every partner in its lines is as small as itself. The fallback passes of
hypercube.suppress then hide the region total, which is what a reader of the release looks for
first. Here, before those passes, each such cell gets a min-cost LP over its own slab (its
region's categories × weeks, with the slab's margins), mirrored with the opposite sign on the
slab of a partner region (the one whose cell at the same place is largest; two more are
tried in turn): an alternative
table that moves the cell by its range, changes cell (r, c, w) by x and (r', c, w) by −x,
keeps every line of the slab balanced and leaves every published headline cell alone (the
region total, x[total, total] = 0; the category and week totals and the grand total are sums
over regions, unchanged since r and r' cancel). Every line of the whole table then holds:
lines inside slabs r and r' by the LP's equations, lines across regions because r and r'
cancel. (Mirroring on the all-regions slab instead fails where hypercubes fail: the cell's
row in its region would have to give its range.) Where no single partner can give the move (its
cell at that place is too small), groups of two and then four partners are tried together: one
LP over all their slabs, each balanced, the slabs' changes cancelling cell by cell.

The single partner's constraint matrix is that of a network (each slab cell sits in one row
line and one column line of its slab, with opposite signs on the margin), so a simplex vertex
is whole (a group's is not: a fractional solution is refused); the
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
# Partner regions tried in turn for a cell; then groups of partners together: (how many, at
# most how many such LPs a table). A group's LP is larger and not a network (about 30 ms with
# two partners, 170 ms with four, on the 90 × 12 × 52 table), hence the budget: on the
# held-out table about 50 cells need one.
PARTNERS = 3
GROUPS = {2: 80, 4: 16}


def _lines(rows: int, cols: int) -> tuple[Ints, Ints, NDArray[np.float64], int]:
    """The equations of a 2-D slab with margins (cells row-major, margins last): each line's
    cells minus its total, = 0. Returns rows, columns, values and the number of equations."""
    grid = np.arange(rows * cols).reshape(rows, cols)
    eq_rows: list[int] = []
    eq_cols: list[int] = []
    eq_vals: list[float] = []
    lines = [grid[a] for a in range(rows)] + [grid[:, b] for b in range(cols)]
    for line, members in enumerate(lines):
        signs = np.ones(len(members))
        signs[-1] = -1
        eq_rows += [line] * len(members)
        eq_cols += members.tolist()
        eq_vals += signs.tolist()
    return (
        np.array(eq_rows, dtype=np.int64),
        np.array(eq_cols, dtype=np.int64),
        np.array(eq_vals, dtype=np.float64),
        len(lines),
    )


def _model(slabs: int, rows: int, cols: int, p: int) -> Model:
    """Changes y = up - down over `slabs` slabs side by side, each slab's lines balanced and,
    with more than one slab, the slabs' changes cancelling cell by cell (so the all-regions
    slab, and every line across regions, stays as it is)."""
    r, c, v, lines = _lines(rows, cols)
    block = rows * cols
    eq_r = [r + k * lines for k in range(slabs)]
    eq_c = [c + k * block for k in range(slabs)]
    eq_v = [v] * slabs
    count = slabs * lines
    if slabs > 1:
        for k in range(slabs):
            eq_r.append(count + np.arange(block))
            eq_c.append(k * block + np.arange(block))
            eq_v.append(np.ones(block))
        count += block
    rr, cc, vv = np.concatenate(eq_r), np.concatenate(eq_c), np.concatenate(eq_v)
    n = slabs * block
    return Model(
        num_cols=2 * n,
        rows=np.concatenate([rr, rr]),
        cols=np.concatenate([cc, cc + n]),
        vals=np.concatenate([vv, -vv]),
        row_lower=np.zeros(count),
        row_upper=np.zeros(count),
        col_lower=np.zeros(2 * n),
        col_upper=np.full(2 * n, float(p)),
        warm="dual",
    )


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
    pair = _model(1, shape[1], shape[2], p)
    groups = {size: _model(1 + size, shape[1], shape[2], p) for size in GROUPS if size < last}
    budget = dict(GROUPS)
    block = shape[1] * shape[2]
    for r, wanted in sorted(by_slab.items()):
        for cell, up in wanted:
            t = cell - r * block
            # Partners: the regions whose cell at the same place can give the most (their
            # margins then usually can too), the larger region on a tie. One at a time first
            # (a small LP), then several together, sharing what the cell's move needs.
            column = v[:last].reshape(last, block)[:, t].astype(np.float64)
            column += v[:last, -1, -1] / (1.0 + v[:last, -1, -1].max())
            column[r] = -1.0
            ranked = [int(k) for k in np.argsort(-column, kind="stable")[: last - 1]]
            tries = [(0, [r, k]) for k in ranked[:PARTNERS]]
            tries += [(size, [r, *ranked[:size]]) for size in groups]
            for size, regions in tries:
                if size:
                    if not budget[size]:
                        continue
                    budget[size] -= 1
                model = groups[size] if size else pair
                found = _attempt(model, v, supp, cost, avoid, regions, t, up, p, not size)
                if found is not None:
                    proofs.append((cell, *found, up))
                    break
            else:
                still.append((cell, up))
    return proofs, still


def _attempt(
    model: Model,
    v: Ints,
    supp: Mask,
    cost: NDArray[np.float64],
    avoid: Mask,
    regions: list[int],
    t: int,
    up: bool,
    p: int,
    mirrored: bool,
) -> tuple[Ints, Ints] | None:
    """The LP over these regions' slabs (the cell's first): corners and changes, or None.

    `mirrored`: a model of the first slab alone, the second region's slab changing by the
    opposite (two regions; a network matrix, so its vertices are whole). Otherwise a model of
    every region's slab, cancelling cell by cell: not a network, so a fractional vertex is
    possible and is refused here (hypercube.verify would refuse it too)."""
    flat_v = v.ravel()
    block = v.shape[1] * v.shape[2]
    slabs = [k * block + np.arange(block) for k in regions]
    where = slabs[0] if mirrored else np.concatenate(slabs)
    n = len(where)
    banned = avoid[where] & ~supp[where]
    rise = np.where(banned, 0.0, float(p))
    fall = np.where(banned, 0.0, np.minimum(flat_v[where], p).astype(np.float64))
    new = cost[where] * ~supp[where]
    if mirrored:  # the partner falls where the cell's slab rises, and rises where it falls
        partner = slabs[1]
        off = avoid[partner] & ~supp[partner]
        rise = np.where(off, 0.0, np.minimum(rise, np.minimum(flat_v[partner], p)))
        fall = np.where(off, 0.0, fall)
        new = new + cost[partner] * ~supp[partner]
    need = p if up else min(int(flat_v[where[t]]), p)
    if need <= 0 or (rise if up else fall)[t] < need:
        return None
    lower = np.zeros(2 * n)
    upper = np.concatenate([rise, fall])
    target, other = (t, t + n) if up else (t + n, t)
    lower[target] = upper[target] = need
    upper[other] = 0.0
    model.set_bounds(np.arange(2 * n), lower, upper)
    model.set_costs(np.arange(2 * n), np.concatenate([new, new]) + MOVE)
    x = model.solve()
    if x is None:
        return None
    y = x[:n] - x[n:]
    change = np.rint(y).astype(np.int64)
    if np.abs(y - change).max() > 1e-6 or change[t] != (need if up else -need):
        return None
    moved = np.flatnonzero(change)
    supp[where[moved]] = True
    if mirrored:
        supp[slabs[1][moved]] = True
        return (
            np.concatenate([where[moved], slabs[1][moved]]),
            np.concatenate([change[moved], -change[moved]]),
        )
    return where[moved], change[moved]
