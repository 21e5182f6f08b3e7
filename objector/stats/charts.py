"""Charts of protected tables, drawn on the server (no JavaScript; served from our own origin
under the CSP's img-src 'self'), as SVG for the page and as PNG and PDF for export.

A chart shows exactly what the protected table publishes: a suppressed count is drawn as a
hatched, empty bar (or a gap in a line) marked "×", never at its value. The map by federal
district is a tile map: one equal square per district, placed roughly where it lies, so that a
small district is as readable as a large one and the shading is honest about what it shows (a
count, not an area). Crimea and the occupied regions of Ukraine are their own tile, as the
region list (objector/intake/regions.py) keeps them.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Sequence
from html import escape
from typing import Any

import numpy as np
from matplotlib import colormaps, rc_context
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

HIDDEN = "×"
INK = "#1f4e79"
ALERT = "#a00"
# (column, row) of each district's tile, west to east and north to south.
TILES = {
    "northwestern": (1, 0),
    "central": (1, 1),
    "volga": (2, 1),
    "ural": (3, 1),
    "siberian": (4, 1),
    "far_eastern": (5, 1),
    "occupied": (0, 2),
    "southern": (1, 2),
    "north_caucasian": (2, 2),
}


def margin(values: np.ndarray, hidden: np.ndarray, axis: int = 0) -> tuple[list[int], list[bool]]:
    """The published counts along one axis (the other axes at their totals), without the
    axis' own total: (values, hidden). Hidden values come back as 0 and must not be shown."""
    index = tuple(slice(0, values.shape[axis] - 1) if a == axis else -1 for a in range(values.ndim))
    gone = [bool(h) for h in np.asarray(hidden)[index]]
    shown = [0 if g else int(v) for v, g in zip(np.asarray(values)[index], gone, strict=True)]
    return shown, gone


def bars(
    values: Sequence[int],
    hidden: Sequence[bool],
    names: list[str],
    *,
    over_time: bool,
    title: str,
    hidden_label: str,
    narrow: bool = False,
) -> Figure:
    """Bars, or a line over time, of published counts; hidden ones drawn empty and marked.
    `narrow`: for a phone's screen, 4 inches wide instead of 8, so that its text, shown at
    about the figure's own size, is as large as the page's small print (the 8-inch chart was
    shrunk to 47 % on a 390 px phone: its text 6 px tall); long names wrapped."""
    gone = np.array(hidden, dtype=bool)
    shown = np.where(gone, np.nan, np.array(values, dtype=float))
    if narrow:
        names = [textwrap.fill(n, 22, max_lines=2, placeholder="…") for n in names]
        title = textwrap.fill(title, 44)
        row = 0.42 if any("\n" in n for n in names) else 0.32  # two lines of a name fit a row
        height = 3.2 if over_time else max(2.5, row * len(values) + 1.2)
    else:
        height = 3.6 if over_time else max(2.5, 0.32 * len(values) + 1)
    fig = Figure(figsize=(4 if narrow else 8, height))
    ax = fig.add_subplot()
    if over_time:
        x = np.arange(len(values))
        ax.plot(x, shown, marker="o", markersize=3, color=INK)
        for i in np.flatnonzero(gone):
            ax.annotate(HIDDEN, (i, 0), ha="center", color=ALERT)
        step = max(1, len(names) // (6 if narrow else 12))
        ax.set_xticks(x[::step], [names[i] for i in range(0, len(names), step)], rotation=45)
        ax.set_ylim(bottom=0)
    else:
        y = np.arange(len(values))[::-1]
        ax.barh(y, np.nan_to_num(shown), color=INK)
        ax.barh(y[gone], np.full(int(gone.sum()), 0.0), hatch="//", edgecolor=ALERT)
        ax.set_yticks(y, [f"{n} {HIDDEN}" if g else n for n, g in zip(names, gone, strict=True)])
        for yi, v, g in zip(y, values, gone, strict=True):
            if not g:
                ax.annotate(f"{v}", (v, yi), xytext=(3, 0), textcoords="offset points", va="center")
    # Counts are whole and never negative: an axis from 0, in whole steps; no scale at all when
    # nothing above 0 is shown (it read −0.04 … 0.04 then).
    axis = ax.yaxis if over_time else ax.xaxis
    most = 0.0 if np.isnan(shown).all() else float(np.nanmax(shown))
    (ax.set_ylim if over_time else ax.set_xlim)(0, max(1.0, most * 1.15))
    if most == 0:
        axis.set_ticks([] if np.isnan(shown).all() else [0])
    else:
        axis.set_major_locator(MaxNLocator(integer=True, nbins=5 if narrow else "auto"))
    if narrow:  # over the whole figure: above the axes alone it ran off the right edge
        fig.suptitle(title, x=0.02, ha="left", fontsize=10)
    else:
        ax.set_title(title, loc="left", fontsize=10)
    if gone.any():
        note = f"{HIDDEN} {hidden_label}"
        if narrow:
            note = textwrap.fill(note, 52)
        fig.text(0.01, 0.01, note, fontsize=9 if narrow else 8, color=ALERT)
    fig.tight_layout(rect=(0, 0.06 if narrow and gone.any() else 0, 1, 1))
    return fig


def district_map(
    counts: dict[str, int | None],
    names: dict[str, str],
    *,
    title: str,
    hidden_label: str,
    note: str = "",
    narrow: bool = False,
) -> Figure:
    """A tile map of the federal districts: counts[key] is the published count, None if
    hidden (drawn hatched with "×", never shaded by its value); names[key] the tile's label
    (one line per language). Every text is 8.5 points or more: 11 px at the figure's own size.
    `narrow`: for a phone's screen, 3.6 inches wide instead of 9 (shrunk to a third there, its
    names were 3-4 px tall), with the districts' abbreviations for names (the page's table
    under the map names them in full)."""
    width = 3.6 if narrow else 9.0
    unit = width * 0.98 / 6.1  # a tile's side, in inches
    title = textwrap.fill(title, 44 if narrow else 90)
    lines = [note] if note else []
    if any(v is None for v in counts.values()):
        lines.append(f"{HIDDEN} {hidden_label}")
    foot = "\n".join(textwrap.fill(x, 50) for x in lines) if narrow else "   ".join(lines)
    head_in = 0.2 + 0.17 * (title.count("\n") + 1)
    foot_in = 0.1 + 0.16 * (foot.count("\n") + 1) if foot else 0.1
    height = head_in + unit * 3.1 + foot_in
    fig = Figure(figsize=(width, height))
    ax = fig.add_axes((0.01, foot_in / height, 0.98, unit * 3.1 / height))
    ax.set_xlim(-0.05, 6.05)
    ax.set_ylim(3.05, -0.05)
    ax.set_axis_off()
    ax.set_aspect("equal")
    shown = [v for v in counts.values() if v is not None]
    top = max(shown, default=0) or 1
    blues = colormaps["Blues"]
    for key, (col, row) in TILES.items():
        value = counts.get(key, 0)
        face: Any
        if value is None:
            face, hatch, text, ink = "white", "//", HIDDEN, ALERT
        else:
            share = value / top
            face, hatch, text = blues(0.12 + 0.78 * share), None, str(value)
            ink = "white" if share > 0.55 else "black"
        ax.add_patch(
            Rectangle(
                (col + 0.03, row + 0.03),
                0.94,
                0.94,
                facecolor=face,
                hatch=hatch,
                edgecolor=ALERT if value is None else "#555",
                linewidth=0.8,
            )
        )
        label = "\n".join(
            textwrap.fill(line, 16, max_lines=3, placeholder="…") for line in names[key].split("\n")
        )
        # On a hatched tile the name sits on white, to stay readable.
        box = {"facecolor": "white", "edgecolor": "none", "pad": 1} if value is None else None
        ax.text(
            col + 0.5, row + 0.08, label, ha="center", va="top", fontsize=8.5, color=ink, bbox=box
        )
        ax.text(
            col + 0.5,
            row + 0.9,
            text,
            ha="center",
            va="bottom",
            fontsize=11 if narrow else 13,
            color=ink,
        )
    fig.text(0.01, 1 - 0.1 / height, title, fontsize=10, va="top")
    fig.text(
        0.01,
        0.05 / height,
        foot,
        fontsize=8.5,
        va="bottom",
        color=ALERT if len(lines) > 1 else "black",
    )
    return fig


def render(fig: Figure, fmt: str) -> bytes:
    """The figure as svg, png or pdf bytes; the same figure gives the same bytes (no date, a
    fixed id salt). SVG text is kept as text (searchable, read by screen readers); PDF fonts
    are embedded as TrueType so the text can be copied."""
    out = io.BytesIO()
    keys = {"svg": ["Date"], "png": ["Software"]}.get(fmt, ["CreationDate", "ModDate"])
    metadata: dict[str, str | None] = dict.fromkeys(keys)
    with rc_context({"svg.hashsalt": "objector", "svg.fonttype": "none", "pdf.fonttype": 42}):
        fig.savefig(out, format=fmt, metadata=metadata, dpi=150 if fmt == "png" else None)
    return out.getvalue()


def accessible(svg: bytes, *, title: str, description: str) -> bytes:
    """The SVG with a <title> and <desc> (read out by screen readers, shown as a tooltip)."""
    text = svg.decode()
    found = re.search(r"<svg\b[^>]*>", text)
    if found is None:
        return svg
    opening = found.group(0).replace("<svg", '<svg role="img"', 1)
    extra = f"\n <title>{escape(title)}</title>\n <desc>{escape(description)}</desc>"
    return (text[: found.start()] + opening + extra + text[found.end() :]).encode()
