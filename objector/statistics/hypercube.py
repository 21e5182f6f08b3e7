"""Secondary suppression of one large table by hypercubes, each sensitive cell with its proof.

Why not the LP loop of `protect` here: on the 90 × 12 × 52 table with all margins (62,699 cells,
a third of them sensitive) one HiGHS solve over the whole table takes about a minute, and that
loop needs an LP per sensitive cell. τ-Argus meets the same wall: its exact method does not reach
tables this size, and for large n-dimensional tables it offers the hypercube method (GHMITER,
Repsilber 1994; Giessing & Repsilber 2002, "Tools and strategies to protect multiple tables with
the GHQUAR cell suppression engine"). That is what this module does, with two changes:

- **Each sensitive cell gets a proof, not a heuristic promise.** A hypercube with the cell as one
  corner is a set of 2^n cells whose signed sum along every line of the table is zero; moving
  the cell by u and every other corner by ±u gives another table with every margin unchanged.
  If every corner is suppressed and no corner becomes negative, that table agrees with all the
  published cells: an attacker, however clever (the LP over the whole table), cannot exclude it.
  One such table with the cell at n + p and one with it at max(0, n − p) prove the cell safe.
  Suppressing more cells later never breaks a proof (it only frees the attacker's unknowns).
- **The proofs are checked apart from the search** (`verify`): each alternative table is
  multiplied through the attacker's own system of equations (`tables.System`, every line of
  every table), in whole numbers. Only a cell whose two proofs pass is declared safe.

The search is GHMITER's: for each sensitive cell, the cheapest hypercube (the information newly
lost, 1 + log(1 + n) per cell) among a few candidate partners per dimension (the margin, and the
largest cells of the cell's line), whose corners can absorb the move. Where no single hypercube
can (every neighbour small), several are stacked, each carrying what its corners allow (a flow
split over several paths). Margins take part as corners: in a table with margins, the
hypercube's partner in a dimension may be the total.

Cells are worked in batches of independent searches (vectorised with numpy); two cells of one
batch may each pay for a corner the other also suppresses, which costs information, never
safety.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise, product

import numpy as np
from numpy.typing import NDArray

from objector.statistics.slabs import prove as slabs_prove
from objector.statistics.tables import System

Ints = NDArray[np.int64]
Mask = NDArray[np.bool_]
# A complement in more proofs than this is kept without trying to publish it: re-proving them
# all rarely succeeds and costs more than the rest of the search.
WIDELY_USED = 24


@dataclass
class Certificates:
    """Alternative tables, as changes to the true one: certificate c moves cell target[c] up (or
    down) by its range; entry e changes cell cell[e] by delta[e] in certificate owner[e]. Cells
    are flat indices into the table with its margins (table.full().ravel())."""

    count: int = 0
    targets: list[Ints] = field(default_factory=list)
    ups: list[Mask] = field(default_factory=list)
    owners: list[Ints] = field(default_factory=list)
    cells: list[Ints] = field(default_factory=list)
    deltas: list[Ints] = field(default_factory=list)

    def add(self, targets: Ints, up: Mask, cells: Ints, deltas: Ints, owners: Ints) -> None:
        """Certificates for targets (one each); entry e belongs to the owners[e]-th of them."""
        self.targets.append(np.asarray(targets, dtype=np.int64))
        self.ups.append(np.asarray(up, dtype=bool))
        self.owners.append(np.asarray(owners, dtype=np.int64) + self.count)
        self.cells.append(np.asarray(cells, dtype=np.int64).ravel())
        self.deltas.append(np.asarray(deltas, dtype=np.int64).ravel())
        self.count += len(targets)

    def arrays(self) -> tuple[Ints, Mask, Ints, Ints, Ints]:
        """targets, up, then per entry: owner, cell, delta."""
        if not self.count:
            empty = np.zeros(0, dtype=np.int64)
            return empty, np.zeros(0, dtype=bool), empty, empty, empty
        return (
            np.concatenate(self.targets),
            np.concatenate(self.ups),
            np.concatenate(self.owners),
            np.concatenate(self.cells),
            np.concatenate(self.deltas),
        )


@dataclass
class Hypercubes:
    suppressed: Mask  # full() shape
    certificates: Certificates
    unprotected: list[tuple[int, bool]]  # (flat cell, upward?) no hypercube could move


def suppress(
    values: Ints,
    sensitive: Mask,
    p: int,
    *,
    candidates: int = 1,
    batch: int = 256,
    stack: int = 12,
    prune: int = 0,
    slabs: bool = True,
) -> Hypercubes:
    """Suppress sensitive cells and hypercube complements; one proof per cell and direction.

    `values` is the table with its margins (the last index of every axis is the total). The
    one-way margins and the grand total (the region totals, the weekly totals: what a reader
    of the release looks for first) are kept where any proof can do without them: first single
    hypercubes avoiding them, then stacked ones, and only then any hypercube at all.
    """
    v = np.asarray(values, dtype=np.int64)
    shape = v.shape
    flat_v = v.ravel()
    supp = np.asarray(sensitive, dtype=bool).ravel().copy()
    cost = information(v).ravel()
    totals = _total_indices(shape).ravel()
    headline = totals >= max(1, v.ndim - 1)
    grand = totals == v.ndim
    certs = Certificates()
    left: list[tuple[int, bool]] = []
    # Larger cells first: they need larger corners downwards, and small cells after them often
    # find a hypercube already paid for.
    targets = np.flatnonzero(supp)
    targets = targets[np.argsort(-flat_v[targets], kind="stable")]
    for start in range(0, len(targets), batch):
        cells = targets[start : start + batch]
        found = _search(flat_v, shape, supp, cost, cells, p, candidates, avoid=headline)
        for up, corners, delta, fits in found:
            supp[corners[fits]] = True
            owners = np.repeat(np.arange(int(fits.sum())), corners.shape[1])
            certs.add(cells[fits], np.full(int(fits.sum()), up), corners[fits], delta[fits], owners)
            left += [(int(c), up) for c in cells[~fits]]
    # Each pass looks wider (more candidate partners) at fewer cells.
    for wider, avoid in ((1, headline), (2, grand), (3, None)):
        if wider == 2 and slabs and v.ndim == 3 and left:
            # Before the passes that may hide one-way totals: an LP per region slab.
            left = _slab_proofs(v, supp, cost, headline, left, p, certs)
        still: list[tuple[int, bool]] = []
        for start in range(0, len(left), batch):
            chunk = left[start : start + batch]
            cells = np.array([c for c, _ in chunk], dtype=np.int64)
            ups = np.array([u for _, u in chunk], dtype=bool)
            owners, corners, delta, fits = _stack(
                flat_v, shape, supp, cost, cells, ups, p, candidates + wider, stack, avoid
            )
            keep = fits[owners]
            supp[corners[keep]] = True
            renumber = np.cumsum(fits) - 1
            certs.add(cells[fits], ups[fits], corners[keep], delta[keep], renumber[owners[keep]])
            still += [(int(c), bool(u)) for c, u in zip(cells[~fits], ups[~fits], strict=True)]
        left = still
    if prune:
        certs = _prune(flat_v, shape, supp, sensitive.ravel(), cost, certs, p, prune)
    return Hypercubes(supp.reshape(shape), certs, left)


def _slab_proofs(
    v: Ints,
    supp: Mask,
    cost: NDArray[np.float64],
    avoid: Mask,
    left: list[tuple[int, bool]],
    p: int,
    certs: Certificates,
) -> list[tuple[int, bool]]:
    """slabs.prove's proofs added to certs; the cells still without one."""
    proofs, still = slabs_prove(v, supp, cost, avoid, left, p)
    if proofs:
        certs.add(
            np.array([t for t, _, _, _ in proofs], dtype=np.int64),
            np.array([u for _, _, _, u in proofs], dtype=bool),
            np.concatenate([c for _, c, _, _ in proofs]),
            np.concatenate([d for _, _, d, _ in proofs]),
            np.repeat(np.arange(len(proofs)), [len(c) for _, c, _, _ in proofs]),
        )
    return still


def _total_indices(shape: tuple[int, ...]) -> Ints:
    """Per cell of a table with margins, in how many dimensions it is the total."""
    n = len(shape)
    out = np.zeros(shape, dtype=np.int64)
    for d, size in enumerate(shape):
        out += (np.arange(size) == size - 1).reshape([-1 if a == d else 1 for a in range(n)])
    return out


def _prune(
    v: Ints,
    shape: tuple[int, ...],
    supp: Mask,
    sensitive: Mask,
    cost: NDArray[np.float64],
    certs: Certificates,
    p: int,
    limit: int,
) -> Certificates:
    """Publish again what the proofs can do without: for up to `limit` complements, the most
    informative first, re-prove every cell whose proof moves it with a hypercube of cells
    suppressed anyway; where all are re-proven, the complement is published. (The greedy
    search pays for corners a later cell's hypercube makes unnecessary.)"""
    targets, ups, owners, cells, deltas = certs.arrays()
    order = np.argsort(owners, kind="stable")
    bounds = np.searchsorted(owners[order], np.arange(certs.count + 1))
    proof: list[tuple[Ints, Ints]] = [
        (cells[order[a:b]], deltas[order[a:b]]) for a, b in pairwise(bounds.tolist())
    ]
    uses: dict[int, set[int]] = {}
    for c, (corners, _) in enumerate(proof):
        for x in corners.tolist():
            uses.setdefault(x, set()).add(c)
    complements = np.flatnonzero(supp & ~sensitive)
    complements = complements[np.argsort(-cost[complements], kind="stable")]
    for x in complements[:limit].tolist():
        affected = np.array(sorted(uses.get(x, ())), dtype=np.int64)
        if len(affected) > WIDELY_USED:
            continue
        supp[x] = False
        if not len(affected):
            continue
        found = _search(v, shape, supp, cost, targets[affected], p, 2, hidden_only=True)
        replaced: dict[int, tuple[Ints, Ints]] = {}
        for up, corners, delta, fits in found:
            mine = ups[affected] == up
            if not fits[mine].all():
                break
            for i in np.flatnonzero(mine).tolist():
                replaced[int(affected[i])] = (corners[i], delta[i])
        else:
            for c, (corners, delta) in replaced.items():
                for y in proof[c][0].tolist():
                    uses[y].discard(c)
                for y in corners.tolist():
                    uses.setdefault(y, set()).add(c)
                proof[c] = (corners, delta)
            continue
        supp[x] = True
    out = Certificates()
    if proof:
        out.add(
            targets,
            ups,
            np.concatenate([corners for corners, _ in proof]),
            np.concatenate([delta for _, delta in proof]),
            np.repeat(np.arange(len(proof)), [len(corners) for corners, _ in proof]),
        )
    return out


def information(values: Ints) -> NDArray[np.float64]:
    """What hiding each cell costs: 1 + log(1 + n)."""
    return 1.0 + np.log1p(np.asarray(values, dtype=np.float64))


def _corner_bits(n: int) -> Ints:
    return np.array(list(product((0, 1), repeat=n)), dtype=np.int64)  # row 0: the cell itself


def _partners(
    v: Ints, shape: tuple[int, ...], supp: Mask, index: Ints, p: int, k: int, hidden_only: bool
) -> tuple[Ints, Mask]:
    """Per cell and dimension, k + 1 partner indices (and whether each is usable): the total,
    when the cell is not itself one there, and the cells of its line suppressed and able to
    give p, then the largest."""
    m, n = index.shape
    out = np.zeros((m, n, k + 1), dtype=np.int64)
    usable = np.zeros((m, n, k + 1), dtype=bool)
    for d in range(n):
        size = shape[d]
        line = tuple(index[:, j][:, None] if j != d else np.arange(size)[None, :] for j in range(n))
        flat = np.broadcast_to(np.ravel_multi_index(line, shape), (m, size))
        lv = v[flat].astype(np.float64)
        score = lv + np.where(supp[flat] & (lv >= p), 1e9, 0.0)
        if hidden_only:
            score[~supp[flat]] = -1.0
        score[:, size - 1] = -1.0  # the total, added below where it is a partner
        score[np.arange(m), index[:, d]] = -1.0
        take = min(k + 1, size)
        order = np.argsort(-score, axis=1, kind="stable")[:, :take]
        out[:, d, :take] = order
        usable[:, d, :take] = np.take_along_axis(score, order, axis=1) >= 0
        interior = index[:, d] != size - 1
        out[interior, d, k] = size - 1
        usable[interior, d, k] = True
    return out, usable


def _cubes(
    v: Ints, shape: tuple[int, ...], supp: Mask, cells: Ints, p: int, k: int, hidden_only: bool
) -> tuple[Ints, Ints, Mask]:
    """Every candidate hypercube of each cell: corners (m, Q, 2^n) as flat indices, the sign of
    each corner, and whether the hypercube is well formed."""
    index = np.stack(np.unravel_index(cells, shape), axis=1).astype(np.int64)
    n = index.shape[1]
    partner, usable = _partners(v, shape, supp, index, p, k, hidden_only)
    pick = np.indices((k + 1,) * n).reshape(n, -1).T  # (Q, n): which candidate per dimension
    dims = np.arange(n)
    j = partner[:, dims[None, :], pick]  # (m, Q, n)
    ok = usable[:, dims[None, :], pick].all(axis=2)
    bits = _corner_bits(n).astype(bool)  # (C, n)
    corner = np.where(bits[None, None], j[:, :, None, :], index[:, None, None, :])
    flat = np.ravel_multi_index(tuple(np.moveaxis(corner, -1, 0)), shape)
    totals = np.array(shape) - 1
    # A dimension where both the cell and its partner are inside the table changes sign
    # between them; where either is the total, the total moves with the cell.
    differs = (index[:, None, :] != totals) & (j != totals)  # (m, Q, n)
    flips = (bits[None, None] & differs[:, :, None, :]).sum(axis=3) % 2
    sign = 1 - 2 * flips
    return flat, sign, ok


def _search(
    v: Ints,
    shape: tuple[int, ...],
    supp: Mask,
    cost: NDArray[np.float64],
    cells: Ints,
    p: int,
    k: int,
    hidden_only: bool = False,
    avoid: Mask | None = None,
) -> list[tuple[bool, Ints, Ints, Mask]]:
    """Per direction: the chosen hypercube's corners and changes for each cell (m, 2^n), and
    whether one fits (with hidden_only, only among cells already suppressed)."""
    flat, sign, ok = _cubes(v, shape, supp, cells, p, k, hidden_only)
    vals = v[flat]
    down = np.minimum(v[cells], p)
    if hidden_only:
        ok &= supp[flat].all(axis=2)
    if avoid is not None:
        ok &= ~(avoid[flat] & ~supp[flat]).any(axis=2)
    # Up by p: the corners of sign −1 fall by p. Down by min(n, p): those of sign +1 fall.
    fits_up = ok & ((sign > 0) | (vals >= p)).all(axis=2)
    fits_down = ok & ((sign < 0) | (vals >= down[:, None, None])).all(axis=2)
    price = (cost[flat] * ~supp[flat]).sum(axis=2)
    rows = np.arange(len(cells))
    both = np.where(fits_up & fits_down, price, np.inf).argmin(axis=1)
    has_both = (fits_up & fits_down)[rows, both]
    out = []
    for up, fits, amount in ((True, fits_up, np.full(len(cells), p)), (False, fits_down, -down)):
        q = np.where(has_both, both, np.where(fits, price, np.inf).argmin(axis=1))
        out.append((up, flat[rows, q], sign[rows, q] * amount[:, None], fits[rows, q]))
    return out


def _stack(
    v: Ints,
    shape: tuple[int, ...],
    supp: Mask,
    cost: NDArray[np.float64],
    cells: Ints,
    up: Mask,
    p: int,
    k: int,
    steps: int,
    avoid: Mask | None,
) -> tuple[Ints, Ints, Ints, Mask]:
    """Per cell, several hypercubes through it, each moving it as far as its falling corners
    allow, until it has moved by its range: one alternative table per cell.

    Returns the entries (which cell's table, corner, change) and, per cell, whether it worked.
    """
    # Stacked hypercubes move the cell a little at a time: a hidden partner able to give even
    # 1 is preferred.
    flat, sign, ok = _cubes(v, shape, supp, cells, 1, k, False)  # (m, Q, C)
    if avoid is not None:
        ok &= ~(avoid[flat] & ~supp[flat]).any(axis=2)
    m = len(cells)
    rows = np.arange(m)
    direction = np.where(up, 1, -1)
    need = np.where(up, p, np.minimum(v[cells], p))
    # Each cell's alternative table so far, over the distinct corners of its candidates.
    _, slot = np.unique(rows[:, None, None] * v.size + flat, return_inverse=True)
    slot = slot.reshape(flat.shape)
    change = np.zeros(int(slot.max()) + 1 if slot.size else 0, dtype=np.int64)
    paid = ~supp[flat]  # per (cell, candidate, corner): not yet suppressed
    base = v[flat]
    falling = sign * direction[:, None, None] < 0  # the corners that fall as the cell moves
    unpaid = np.ones(len(change), dtype=bool)
    failed = np.zeros(m, dtype=bool)
    owners, corners, deltas = [], [], []
    for _ in range(steps):
        active = (need > 0) & ~failed
        if not active.any():
            break
        price = (cost[flat] * (paid & unpaid[slot])).sum(axis=2)
        room = np.where(falling, base + change[slot], np.iinfo(np.int64).max).min(axis=2)
        room = np.where(ok, np.minimum(room, need[:, None]), 0)
        # The most movement, then the least information lost (price < 1e6 for any table).
        q = (room * 1e6 - price).argmax(axis=1)
        amount = np.where(active, room[rows, q], 0)
        failed |= active & (amount <= 0)
        moving = amount > 0
        chosen = flat[rows, q][moving]  # (moving, C)
        delta = (sign[rows, q] * (direction * amount)[:, None])[moving]
        np.add.at(change, slot[rows, q][moving], delta)
        unpaid[slot[rows, q][moving]] = False
        owners.append(np.repeat(rows[moving], chosen.shape[1]))
        corners.append(chosen.ravel())
        deltas.append(delta.ravel())
        need -= amount
    fits = ~failed & (need <= 0)
    if not owners:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, fits
    key, inverse = np.unique(
        np.concatenate(owners) * v.size + np.concatenate(corners), return_inverse=True
    )
    total = np.bincount(inverse, weights=np.concatenate(deltas)).astype(np.int64)
    moved = total != 0
    return key[moved] // v.size, key[moved] % v.size, total[moved], fits


def verify(
    system: System, table: int, suppressed: Mask, certificates: Certificates, p: int
) -> tuple[Mask, Mask, NDArray[np.float64], NDArray[np.float64]]:
    """Check every alternative table against the attacker's system, in whole numbers.

    `suppressed` is per cell id. Returns, per cell id: proven up, proven down (a passing
    certificate moves the cell by its range), and the lowest and highest value any passing
    alternative table gives each cell (the attacker's interval is at least that wide).
    """
    ids = system.ids[table].ravel()
    values = system.values
    num = system.num_cells
    targets, up, owner, cell, delta = certificates.arrays()
    count = certificates.count
    low = values.copy()
    high = values.copy()
    proven_up = np.zeros(num, dtype=bool)
    proven_down = np.zeros(num, dtype=bool)
    if count == 0:
        return proven_up, proven_down, low, high
    cid = ids[cell]
    # One entry per (certificate, cell): a cell may be a corner of several stacked hypercubes.
    key, inverse = np.unique(owner * num + cid, return_inverse=True)
    # A cell the table shows twice (a dimension of one value: the value and its total) is one
    # count: its change is that of each copy.
    copies = np.bincount(ids, minlength=num)
    total = np.bincount(inverse, weights=delta.astype(np.float64)) / copies[key % num]
    e_owner, e_cid = key // num, key % num
    bad = np.zeros(count, dtype=bool)
    moved = total != 0
    bad[e_owner[moved & ~suppressed[e_cid]]] = True  # a published cell would change
    bad[e_owner[values[e_cid] + total < 0]] = True  # a count below zero
    # Every equation of the system through a changed cell must still hold.
    order = np.argsort(system.cols, kind="stable")
    eq_cells, eq_rows, eq_vals = system.cols[order], system.rows[order], system.vals[order]
    first = np.searchsorted(eq_cells, e_cid)
    span = np.searchsorted(eq_cells, e_cid, side="right") - first
    rep = np.repeat(np.arange(len(e_cid)), span)
    offset = np.arange(len(rep)) - np.repeat(np.cumsum(span) - span, span)
    where = first[rep] + offset
    row_key, row_inverse = np.unique(
        e_owner[rep] * system.num_rows + eq_rows[where], return_inverse=True
    )
    residual = np.bincount(row_inverse, weights=eq_vals[where] * total[rep])
    bad[(row_key // system.num_rows)[np.abs(residual) > 1e-9]] = True
    target = ids[targets]
    at_target = np.zeros(count)
    on_target = e_cid == target[e_owner]
    at_target[e_owner[on_target]] = total[on_target]
    need_down = np.minimum(values[target], p)
    reaches = np.where(up, at_target >= p, at_target <= -need_down)
    good = ~bad & reaches
    proven_up[target[good & up]] = True
    proven_down[target[good & ~up]] = True
    ok_entry = good[e_owner]
    np.minimum.at(low, e_cid[ok_entry], values[e_cid[ok_entry]] + total[ok_entry])
    np.maximum.at(high, e_cid[ok_entry], values[e_cid[ok_entry]] + total[ok_entry])
    return proven_up, proven_down, low, high
