"""A release's exported files, made once when it is published: the CSV, the chart and (for a
table by federal district) the map as SVG and PNG, and the PDF report.

Every file is drawn from what the release published (a hidden count is None), never from the
requests again, so no export can show more than the report. Labels are in both languages
("Центральный / Central"), since a file travels without the reader's language setting.

The PDF is drawn by matplotlib's PDF backend, not by LibreOffice as filings do
(objector/filings/pdf.py): a report is charts and tables, which matplotlib already draws here;
it runs in-process in well under a second with nothing to install, gives the same bytes for the
same release (no dates in the file), and embeds DejaVu Sans (Cyrillic) as TrueType so the text
can be searched and copied. LibreOffice starts a separate office process per file, needs a
large system package on the web host, and would have to lay out SVG charts through HTML import.
"""

from __future__ import annotations

import csv
import hashlib
import io
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from matplotlib import rc_context
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from objector.intake.regions import DISTRICTS
from objector.statistics.tables import TOTAL

from . import charts, dp
from .counts import DIMENSIONS
from .models import Release

LANGS = ("ru", "en")
ROWS_PER_PAGE = 32
COLUMNS_PER_PAGE = 8


@dataclass(frozen=True)
class Export:
    name: str
    content_type: str
    body: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


def tr(lang: str, text: str, **values: Any) -> str:
    with translation.override(lang):
        out = gettext(text)
    return out % values if values else out


def both(text: str, **values: Any) -> str:
    """A short text in Russian and English: "Всего / Total"."""
    ru, en = (tr(lang, text, **values) for lang in LANGS)
    return ru if ru == en else f"{ru} / {en}"


def value_name(dim: str, value: str, lang: str | None = None) -> str:
    """A dimension's value as a reader sees it, in one language or (None) both."""
    if value == TOTAL:
        return tr(lang, gettext_noop("Total")) if lang else both(gettext_noop("Total"))
    if lang:
        with translation.override(lang):
            return DIMENSIONS[dim].name(value, lang)
    ru, en = (value_name(dim, value, x) for x in LANGS)
    return ru if ru == en else f"{ru} / {en}"


def published(release: Release) -> tuple[np.ndarray, np.ndarray]:
    """(values, hidden) over the release's table with margins; hidden values are 0."""
    values = np.array(release.published, dtype=object)
    hidden = np.vectorize(lambda v: v is None, otypes=[bool])(values)
    return np.where(hidden, 0, values).astype(np.int64), hidden


def district_counts(
    dims: list[str], labels: list[list[str]], values: np.ndarray, hidden: np.ndarray
) -> dict[str, int | None] | None:
    """The published count of each district (the other dimensions at their totals), None
    where hidden; None if the table is not by district."""
    if "district" not in dims:
        return None
    axis = dims.index("district")
    shown, gone = charts.margin(values, hidden, axis)
    return {key: None if g else v for key, v, g in zip(labels[axis], shown, gone, strict=True)}


def map_figure(
    counts: dict[str, int | None], *, title: str, lang: str | None, narrow: bool = False
) -> Figure:
    """The map in one language, or (None) both; `narrow` for a phone, with abbreviations."""
    if narrow and lang:
        names = {d.key: getattr(d, f"{lang}_short") for d in DISTRICTS}
    else:
        names = {d.key: (getattr(d, lang) if lang else "\n".join((d.ru, d.en))) for d in DISTRICTS}
    unknown = counts.get("", 0)
    text = (lambda s, **v: tr(lang, s, **v)) if lang else both
    note = text(
        gettext_noop("District not given: %(n)s"),
        n=charts.HIDDEN if unknown is None else unknown,
    )
    return charts.district_map(
        counts,
        names,
        title=title,
        hidden_label=text(gettext_noop("hidden to protect the people counted")),
        note=note,
        narrow=narrow,
    )


def map_description(counts: dict[str, int | None], lang: str) -> str:
    parts = []
    for d in DISTRICTS:
        v = counts.get(d.key, 0)
        shown = tr(lang, gettext_noop("hidden")) if v is None else str(v)
        parts.append(f"{getattr(d, lang)}: {shown}")
    return "; ".join(parts)


def chart_figure(release: Release, lang: str | None, *, narrow: bool = False) -> Figure:
    """The release's chart in one language, or (None) both; `narrow` for a phone."""
    values, hidden = published(release)
    shown, gone = charts.margin(values, hidden, 0)
    dim = release.dims[0]
    text = (lambda s: tr(lang, s)) if lang else both
    return charts.bars(
        shown,
        gone,
        [value_name(dim, v, lang) for v in release.labels[0]],
        over_time=dim == "week",
        title=release.title,
        hidden_label=text(gettext_noop("hidden to protect the people counted")),
        narrow=narrow,
    )


def csv_bytes(release: Release) -> bytes:
    """One row per cell, margins included, by the values' keys; a hidden count is empty."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*release.dims, "requests"])
    values = np.array(release.published, dtype=object)
    for index in np.ndindex(*values.shape):
        names = [
            release.labels[d][i] if i < len(release.labels[d]) else TOTAL
            for d, i in enumerate(index)
        ]
        v = values[index]
        writer.writerow([*names, "" if v is None else v])
    return out.getvalue().encode()


DP_METHOD = gettext_noop(
    "Requests are counted, not people. Every count was drawn once with random noise (the "
    "discrete Laplace mechanism, OpenDP), so that adding or removing any one request changes "
    "the chance of any published table by at most a factor of e^%(e)s (differential privacy, "
    "ε = %(e)s). Totals are sums of the noisy counts; a negative draw is shown as 0. Nothing "
    "is hidden, and no count is exact."
)
DP_AUDIT = gettext_noop(
    "Differential privacy: this release spent ε = %(e)s of the organisation's budget of "
    "%(total)s. There is no linear-programming audit to show: nothing is hidden, and what an "
    "attacker can learn about any one request is bounded by ε, whatever else they know. With "
    "95%% probability each count is within ±%(a)s of the true one."
)


def dp_audit(release: Release, lang: str) -> str:
    assert release.epsilon is not None  # noqa: S101 - only asked of a DP release
    return tr(
        lang,
        DP_AUDIT,
        e=f"{release.epsilon:.2f}",
        total=f"{dp.budget():.2f}",
        a=f"{dp.accuracy(release.epsilon):.1f}",
    )


def method(release: Release, lang: str) -> str:
    if release.epsilon is not None:
        return tr(lang, DP_METHOD, e=f"{release.epsilon:.2f}")
    return tr(
        lang,
        gettext_noop(
            "Requests are counted, not people. A count under %(k)s is not published, nor are "
            "as many other counts as it takes to stop anyone working a hidden one out by "
            "subtraction from the totals, from the other tables of this release or from any "
            "earlier release. This is checked by linear programming: for every hidden count, "
            "the smallest and the largest values consistent with everything published were "
            "found, at least ±%(p)s apart from it."
        ),
        k=release.k,
        p=release.protection,
    )


def _rows(release: Release) -> Iterator[list[str]]:
    """The table, one line per cell as in the CSV, with names in both languages."""
    values = np.array(release.published, dtype=object)
    for index in np.ndindex(*values.shape):
        names = [
            value_name(dim, release.labels[d][i] if i < len(release.labels[d]) else TOTAL)
            for d, (dim, i) in enumerate(zip(release.dims, index, strict=True))
        ]
        v = values[index]
        yield [*names, charts.HIDDEN if v is None else str(v)]


def _add(pdf: PdfPages, fig: Figure) -> None:
    pdf.savefig(fig)  # type: ignore[no-untyped-call]  # matplotlib leaves it unannotated


def _page(title: str) -> tuple[Figure, Any]:
    fig = Figure(figsize=(8.27, 11.69))  # A4
    fig.text(0.06, 0.96, title, fontsize=13, weight="bold", va="top")
    return fig, fig.add_axes((0.06, 0.05, 0.88, 0.86))


def _table_pages(pdf: PdfPages, title: str, header: list[str], rows: list[list[str]]) -> None:
    for start in range(0, max(1, len(rows)), ROWS_PER_PAGE):
        fig, ax = _page(title)
        ax.set_axis_off()
        chunk = rows[start : start + ROWS_PER_PAGE] or [["—"] * len(header)]
        wrapped = [[textwrap.fill(c, 30) for c in row] for row in chunk]
        table = ax.table(
            cellText=wrapped, colLabels=[textwrap.fill(h, 24) for h in header], loc="upper left"
        )
        table.auto_set_font_size(False)
        table.set_fontsize(7)
        table.scale(1, 1.6)
        _add(pdf, fig)


def pdf_bytes(release: Release) -> bytes:
    """The report: the method in Russian and English, the protected table, its chart and map,
    and the attacker's audit."""
    out = io.BytesIO()
    with rc_context({"pdf.fonttype": 42}), PdfPages(out, metadata={"CreationDate": None}) as pdf:
        fig, ax = _page(release.title)
        ax.set_axis_off()
        period = f"{release.first_week:%Y-%m-%d} … {release.last_week:%Y-%m-%d}"
        blocks = [
            both(gettext_noop("Requests received in the weeks")) + f" {period}",
            both(gettext_noop("Published")) + f" {release.created_at:%Y-%m-%d %H:%M} UTC",
            "Метод",
            method(release, "ru"),
            "Method",
            method(release, "en"),
            both(gettext_noop("× — hidden to protect the people counted.")),
        ]
        text = "\n\n".join(textwrap.fill(b, 95) for b in blocks)
        ax.text(0, 1, text, va="top", fontsize=9, wrap=True)
        _add(pdf, fig)

        header = [
            *(value_name_header(d) for d in release.dims),
            both(gettext_noop("Requests")),
        ]
        _table_pages(pdf, both(gettext_noop("Table")), header, list(_rows(release)))
        _add(pdf, chart_figure(release, None))
        counts = district_counts(release.dims, release.labels, *published(release))
        if counts is not None:
            _add(pdf, map_figure(counts, title=release.title, lang=None))
        audit = [
            [
                " × ".join(
                    value_name(dim, part)
                    for dim, part in zip(release.dims, iv["cell"], strict=True)
                ),
                f"{int(np.ceil(iv['low'] - 1e-6))} … "
                + ("∞" if iv["high"] is None or iv["high"] == np.inf else f"{iv['high']:.0f}")
                + ("" if iv["exact"] else " " + both(gettext_noop("(at least)"))),
            ]
            for iv in release.audit
        ]
        if release.epsilon is not None:
            fig, ax = _page(both(gettext_noop("The attacker's audit")))
            ax.set_axis_off()
            text = "\n\n".join(textwrap.fill(dp_audit(release, x), 95) for x in LANGS)
            ax.text(0, 1, text, va="top", fontsize=9)
            _add(pdf, fig)
        else:
            _table_pages(
                pdf,
                both(gettext_noop("The attacker's audit")),
                [
                    both(gettext_noop("Hidden cell")),
                    both(gettext_noop("What an attacker can deduce")),
                ],
                audit,
            )
    return out.getvalue()


def value_name_header(dim: str) -> str:
    return both(DIMENSION_TITLES.get(dim, dim))


DIMENSION_TITLES = {
    "week": gettext_noop("Week"),
    "district": gettext_noop("Federal district"),
    "channel": gettext_noop("Channel"),
    "personnel": gettext_noop("Personnel type"),
    "category": gettext_noop("Category"),
}


def release_exports(release: Release) -> list[Export]:
    """Every file of a release, in the order the report lists them."""
    stem = f"release-{release.pk}"
    out = [Export(f"{stem}.csv", "text/csv; charset=utf-8", csv_bytes(release))]
    chart = chart_figure(release, None)
    desc = both(gettext_noop("Chart of the table above, protected the same way"))
    svg = charts.accessible(charts.render(chart, "svg"), title=release.title, description=desc)
    out += [
        Export(f"{stem}-chart.svg", "image/svg+xml", svg),
        Export(f"{stem}-chart.png", "image/png", charts.render(chart, "png")),
    ]
    counts = district_counts(release.dims, release.labels, *published(release))
    if counts is not None:
        figure = map_figure(counts, title=release.title, lang=None)
        svg = charts.accessible(
            charts.render(figure, "svg"),
            title=release.title,
            description=" — ".join(map_description(counts, x) for x in LANGS),
        )
        out += [
            Export(f"{stem}-map.svg", "image/svg+xml", svg),
            Export(f"{stem}-map.png", "image/png", charts.render(figure, "png")),
        ]
    out.append(Export(f"{stem}.pdf", "application/pdf", pdf_bytes(release)))
    return out
