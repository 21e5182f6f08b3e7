"""Charts of protected tables, drawn on the server as SVG (no JavaScript, CSP img-src 'self').

A chart shows exactly what the protected table publishes: a suppressed count is drawn as a
hatched, empty bar (or a gap in a line) marked "×", never at its value.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib import rc_context
from matplotlib.figure import Figure

from objector.statistics.tables import Table

HIDDEN = "×"


def svg(
    table: Table, hidden: np.ndarray, names: list[str], *, title: str, hidden_label: str
) -> bytes:
    """Bars (or, over time, a line) of the first dimension's margin of a protected table."""
    full = table.full()
    margin = tuple([slice(0, len(table.labels[0]))] + [-1] * (full.ndim - 1))
    values = full[margin].astype(float)
    gone = hidden[margin]
    shown = np.where(gone, np.nan, values)
    over_time = table.dims[0] in ("week", "month")
    fig = Figure(figsize=(8, 3.6 if over_time else max(2.5, 0.32 * len(values) + 1)))
    ax = fig.add_subplot()
    if over_time:
        x = np.arange(len(values))
        ax.plot(x, shown, marker="o", markersize=3, color="#1f4e79")
        for i in np.flatnonzero(gone):
            ax.annotate(HIDDEN, (i, 0), ha="center", color="#a00")
        step = max(1, len(names) // 12)
        ax.set_xticks(x[::step], [names[i] for i in range(0, len(names), step)], rotation=45)
        ax.set_ylim(bottom=0)
    else:
        y = np.arange(len(values))[::-1]
        ax.barh(y, np.nan_to_num(shown), color="#1f4e79")
        ax.barh(y[gone], np.full(int(gone.sum()), 0.0), hatch="//", edgecolor="#a00")
        ax.set_yticks(y, [f"{n} {HIDDEN}" if g else n for n, g in zip(names, gone, strict=True)])
        for yi, v, g in zip(y, values, gone, strict=True):
            if not g:
                ax.annotate(
                    f"{int(v)}", (v, yi), xytext=(3, 0), textcoords="offset points", va="center"
                )
    ax.set_title(title, loc="left", fontsize=10)
    if gone.any():
        fig.text(0.01, 0.01, f"{HIDDEN} {hidden_label}", fontsize=8, color="#a00")
    fig.tight_layout()
    out = io.BytesIO()
    # No date and a fixed id salt: the same table gives the same bytes.
    # Text kept as text (searchable, read by screen readers), not drawn as paths.
    with rc_context({"svg.hashsalt": "objector", "svg.fonttype": "none"}):
        fig.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()
