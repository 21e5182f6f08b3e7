"""The statistics page: protected cross-tables, their attacker's audit, and a chart.

Analysts see only protected output. A coordinator or an administrator may ask for the raw
counts, shown marked "not for publication".
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
from django.core.cache import cache
from django.db.models import Count, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_POST

from objector.accounts.access import Role, current_staff, role_required
from objector.accounts.texts import staff_lang
from objector.intake.models import Request
from objector.intake.regions import district_abbreviation
from objector.persons.counts import fingerprint as persons_fingerprint
from objector.statistics.protect import Rule
from objector.statistics.tables import TOTAL, TableError
from objector.vault.keys import VaultSealed

from . import charts, dp, exports
from .actions import release_file_download, release_publish
from .counts import DIMENSIONS, CrossTable, cross_table, service
from .forms import DIMENSION_LABELS, ReleaseForm, TableForm
from .models import Release, ReleaseFile, Version
from .releases import ReleaseError, release_cells, release_draft

RULE = Rule()
T = TypeVar("T")
HIDDEN = "×"


def _fingerprint() -> str:
    """Changes whenever a request is added, deleted or changed in a counted column, or an
    answer is sent: the key of cached tables. Kept by database triggers in a few counter rows
    (models.Version), so reading it scans nothing; the newest request's id guards against a
    test database whose counters were emptied with the tables."""
    row = Version.objects.aggregate(n=Sum("n"), slots=Count("slot"))
    newest = Request.objects.order_by("-id").values_list("id", flat=True).first()
    return f"{row['n']}:{row['slots']}:{newest}"


def _cached(what: str, compute: Callable[[], T], *, fingerprint: str = "") -> T:
    """compute(), kept until a request is added or changed."""
    spec = f"{fingerprint or _fingerprint()}:{what}"
    key = "stats:" + hashlib.sha256(spec.encode()).hexdigest()
    found: T | None = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, 600)
    return found


def _cached_table(
    dims: list[str], period: Any, fingerprint: str = "", measure: str = "requests"
) -> CrossTable:
    if measure != "requests":  # persons change with each link and correction, not requests
        measure = f"{measure}:{persons_fingerprint()}"
    return _cached(
        f"{','.join(dims)}:{period}:{measure}",
        lambda: cross_table(dims, period, RULE, measure.split(":")[0]),
        fingerprint=fingerprint,
    )


# What a table counts, as its one column and its chart and map are titled: "Requests by unit"
# was said of persons named in orders (round 9's walk).
COUNTED = {
    "requests": gettext_noop("Requests"),
    "persons": gettext_noop("Distinct persons"),
    "ordered": gettext_noop("Persons named in orders"),
}
TITLES = {
    "requests": gettext_noop("Requests by %(dimension)s"),
    "persons": gettext_noop("Distinct persons by %(dimension)s"),
    "ordered": gettext_noop("Persons named in orders by %(dimension)s"),
}
MAP_TITLES = {
    "requests": gettext_noop("Requests by federal district"),
    "persons": gettext_noop("Distinct persons by federal district"),
    "ordered": gettext_noop("Persons named in orders by federal district"),
}


def _names(ct: CrossTable, axis: int, lang: str) -> list[str]:
    dim = DIMENSIONS[ct.dims[axis]]
    return [dim.name(v, lang) for v in ct.table.labels[axis]] + [_("Total")]


def _grid(
    dims: list[str],
    labels: list[list[str]],
    values: np.ndarray,
    hidden: np.ndarray,
    lang: str,
    measure: str = "requests",
) -> list[dict[str, Any]]:
    """One matrix per layer (the last layer the total), rows × columns, strings to show;
    values < 0 are hidden."""
    shown = values
    if shown.ndim == 1:
        shown, hidden = shown[:, None], hidden[:, None]
    if shown.ndim == 2:
        shown, hidden = shown[:, :, None], hidden[:, :, None]

    def names(axis: int) -> list[str]:
        dim = DIMENSIONS[dims[axis]]
        return [dim.name(v, lang) for v in labels[axis]] + [_("Total")]

    rows = names(0)
    columns = names(1) if len(dims) > 1 else [_(COUNTED[measure])]
    layers = names(2) if len(dims) > 2 else [""]
    out = []
    for k, layer in enumerate(layers):
        cells = [
            (
                name,
                [
                    (HIDDEN if v < 0 else str(v), bool(h))
                    for v, h in zip(shown[i, :, k], hidden[i, :, k], strict=True)
                ],
            )
            for i, name in enumerate(rows)
        ]
        out.append({"name": layer, "columns": columns, "rows": cells})
    return out


def _intervals(dims: list[str], intervals: list[Any], lang: str) -> list[dict[str, Any]]:
    return [
        {
            "cell": " × ".join(
                _("Total") if part == TOTAL else DIMENSIONS[d].name(part, lang)
                for d, part in zip(dims, iv.cell, strict=True)
            ),
            "low": int(np.ceil(iv.low - 1e-6)),
            "high": "∞" if iv.high == np.inf else int(np.floor(iv.high + 1e-6)),
            "exact": iv.exact,
        }
        for iv in intervals[:200]
    ]


@require_GET
@role_required(Role.ANALYST, Role.COORDINATOR, Role.ADMINISTRATOR)
def stats_page(request: HttpRequest) -> HttpResponse:
    lang = staff_lang(request)
    form = TableForm(request.GET or {"rows": "district", "columns": "channel"})
    if not form.is_valid():
        return render(request, "stats/page.html", {"form": form, "rule": RULE}, status=400)
    staff = current_staff(request)
    raw = bool(form.cleaned_data["raw"])
    if raw and staff.role == Role.ANALYST:
        form.add_error("raw", _("Analysts see protected counts only"))
        return render(request, "stats/page.html", {"form": form, "rule": RULE}, status=403)
    fingerprint = _fingerprint()  # one aggregate query for the whole page
    try:
        ct = _cached_table(
            form.cleaned_data["dims"],
            form.cleaned_data["period"],
            fingerprint,
            form.cleaned_data["measure"],  # objector.persons: distinct persons
        )
    except TableError as e:
        form.add_error(None, str(e))
        return render(request, "stats/page.html", {"form": form, "rule": RULE}, status=400)
    except VaultSealed:
        form.add_error(None, _sealed_text())
        return render(request, "stats/page.html", {"form": form, "rule": RULE}, status=503)
    intervals = [iv for iv in ct.protection.intervals if iv.sensitive]
    context = {
        "form": form,
        "rule": RULE,
        "service": _cached("service", lambda: service(RULE), fingerprint=fingerprint),
        "grid": _grid(
            ct.dims,
            [list(v) for v in ct.table.labels],
            ct.raw() if raw else np.where(ct.protection.mask(0), -1, ct.raw()),
            ct.protection.mask(0),
            lang,
            form.cleaned_data["measure"],
        ),
        "raw": raw,
        "suppressed": int(ct.protection.mask(0).sum()),
        "sensitive": len(intervals),
        "safe": ct.protection.safe,
        "intervals": _intervals(ct.dims, intervals, lang),
        "chart_query": request.GET.urlencode(),
        "districts": _district_rows(
            exports.district_counts(
                ct.dims, [list(v) for v in ct.table.labels], ct.raw(), ct.protection.mask(0)
            ),
            lang,
        ),
        "uncertainty": ct.uncertainty,  # objector.persons: distinct persons only
        "counted": _(COUNTED[form.cleaned_data["measure"]]),
    }
    return render(request, "stats/page.html", context)


def _district_rows(counts: dict[str, int | None] | None, lang: str) -> list[tuple[str, str]]:
    """The map's table equivalent: (district, published count or ×)."""
    if counts is None:
        return []
    rows = []
    for key, v in counts.items():
        name = exports.value_name("district", key, lang)
        short = district_abbreviation(key, lang)  # what a phone's map shows on the tile
        rows.append((f"{name} ({short})" if short else name, HIDDEN if v is None else str(v)))
    return rows


def _image(body: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=FORMATS[fmt])
    if fmt != "svg":
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


FORMATS = {"svg": "image/svg+xml", "png": "image/png"}


def _page_table(request: HttpRequest) -> tuple[CrossTable, str] | HttpResponse:
    """The page's table and what it counts, or the answer that refuses it."""
    form = TableForm(request.GET or {"rows": "district", "columns": "channel"})
    if not form.is_valid():
        return HttpResponse(_("No such table"), status=400, content_type="text/plain")
    measure = form.cleaned_data["measure"]  # objector.persons: distinct persons
    try:
        ct = _cached_table(form.cleaned_data["dims"], form.cleaned_data["period"], measure=measure)
    except TableError as e:
        return HttpResponse(str(e), status=400, content_type="text/plain; charset=utf-8")
    except VaultSealed:
        return HttpResponse(_sealed_text(), status=503, content_type="text/plain; charset=utf-8")
    return ct, measure


def _sealed_text() -> str:
    """Persons named in orders are counted from the registry's sealed links (round 10): only
    while the vault is unlocked, unless the table was counted since the last seal."""
    return _(
        "Persons named in orders can be counted only while the vault is unlocked: "
        "ask an administrator to unlock it."
    )


@require_GET
@role_required(Role.ANALYST, Role.COORDINATOR, Role.ADMINISTRATOR)
def stats_chart(request: HttpRequest, fmt: str) -> HttpResponse:
    """The chart of the page's table, as SVG or PNG; always protected, whoever asks."""
    lang = staff_lang(request)
    found = _page_table(request)
    if isinstance(found, HttpResponse):
        return found
    ct, measure = found
    shown, gone = charts.margin(ct.raw(), ct.protection.mask(0), 0)
    title = _(TITLES[measure]) % {"dimension": DIMENSION_LABELS[ct.dims[0]]}
    figure = charts.bars(
        shown,
        gone,
        _names(ct, 0, lang)[:-1],
        over_time=ct.dims[0] in ("week", "month"),
        title=title,
        hidden_label=_("hidden to protect the people counted"),
        narrow=request.GET.get("size") == "phone",  # the page's <picture> asks on a phone
    )
    body = charts.render(figure, fmt)
    if fmt == "svg":
        description = _("Chart of the table above, protected the same way")
        body = charts.accessible(body, title=title, description=description)
    return _image(body, fmt, "chart")


@require_GET
@role_required(Role.ANALYST, Role.COORDINATOR, Role.ADMINISTRATOR)
def stats_map(request: HttpRequest, fmt: str) -> HttpResponse:
    """The map by federal district of the page's table (its district margin), as SVG or PNG;
    protected as the table is, whoever asks."""
    lang = staff_lang(request)
    found = _page_table(request)
    if isinstance(found, HttpResponse):
        return found
    ct, measure = found
    counts = exports.district_counts(
        ct.dims, [list(v) for v in ct.table.labels], ct.raw(), ct.protection.mask(0)
    )
    if counts is None:
        return HttpResponse(
            _("A map needs a table by federal district"),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    title = _(MAP_TITLES[measure])
    phone = request.GET.get("size") == "phone"  # the page's <picture> asks on a phone
    body = charts.render(exports.map_figure(counts, title=title, lang=lang, narrow=phone), fmt)
    if fmt == "svg":
        body = charts.accessible(
            body, title=title, description=exports.map_description(counts, lang)
        )
    return _image(body, fmt, "map")


# Releases


def _release_grid(release: Release, lang: str) -> list[dict[str, Any]]:
    values = np.array(release.published, dtype=object)
    hidden = np.vectorize(lambda v: v is None, otypes=[bool])(values)
    shown = np.where(hidden, -1, values).astype(np.int64)
    return _grid(list(release.dims), release.labels, shown, hidden, lang)


@require_GET
@role_required(Role.ANALYST, Role.COORDINATOR, Role.ADMINISTRATOR)
def releases_list(request: HttpRequest) -> HttpResponse:
    """Every release, newest first, and the form to compose the next."""
    context = {"releases": Release.objects.select_related("created_by"), "form": ReleaseForm()}
    return render(request, "stats/releases.html", context)


@require_GET
@role_required(Role.ANALYST, Role.COORDINATOR)
def release_preview(request: HttpRequest) -> HttpResponse:
    """The release as it would be published, with its attacker's audit; nothing is stored."""
    lang = staff_lang(request)
    form = ReleaseForm(request.GET)
    context: dict[str, Any] = {"form": form}
    if not form.is_valid():
        return render(request, "stats/release_preview.html", context, status=400)
    data = form.cleaned_data
    if data.get("epsilon") is not None:
        return _preview_private(request, form, context)
    try:
        draft = release_draft(
            title=data["title"],
            dims=data["dims"],
            first=data["first"],
            last=data["last"],
            rule=RULE,
        )
    except ReleaseError as e:
        context["error"] = str(e)
        return render(request, "stats/release_preview.html", context, status=400)
    index = len(draft.protection.system.tables) - 1
    hidden = draft.protection.mask(index)
    full = draft.table.full()
    intervals = [iv for iv in draft.protection.intervals if iv.sensitive]
    context |= {
        "grid": _grid(
            data["dims"],
            [list(v) for v in draft.table.labels],
            np.where(hidden, -1, full),
            hidden,
            lang,
        ),
        "safe": draft.protection.safe,
        "refused": draft.protection.refused,
        "suppressed": int(hidden.sum()),
        "sensitive": len(intervals),
        "intervals": _intervals(data["dims"], intervals, lang),
        "rule": RULE,
    }
    return render(request, "stats/release_preview.html", context)


def _preview_private(
    request: HttpRequest, form: ReleaseForm, context: dict[str, Any]
) -> HttpResponse:
    """A differential-privacy release before publishing: its shape, its ε, what is left of the
    budget and how accurate the counts will be; no noisy count is drawn until it is published
    (a draw seen twice spends the budget twice)."""
    data = form.cleaned_data
    try:
        table = release_cells(dims=data["dims"], first=data["first"], last=data["last"])
    except ReleaseError as e:
        context["error"] = str(e)
        return render(request, "stats/release_preview.html", context, status=400)
    epsilon = float(data["epsilon"])
    left = dp.budget() - dp.spent()
    context |= {
        "private": True,
        "epsilon": epsilon,
        "budget": dp.budget(),
        "left": left,
        "safe": epsilon <= left + 1e-9,
        "refused": [] if epsilon <= left + 1e-9 else [_("Over the organisation's budget")],
        "accuracy": dp.accuracy(epsilon),
        "cells": int(np.prod([len(v) for v in table.labels])),
    }
    return render(request, "stats/release_preview.html", context)


@require_POST
@role_required(Role.ANALYST, Role.COORDINATOR)
def release_publish_view(request: HttpRequest) -> HttpResponse:
    form = ReleaseForm(request.POST)
    if not form.is_valid():
        return render(request, "stats/release_preview.html", {"form": form}, status=400)
    data = form.cleaned_data
    try:
        release = release_publish(
            title=data["title"],
            dims=data["dims"],
            first=data["first"],
            last=data["last"],
            by=current_staff(request),
            epsilon=data.get("epsilon"),
        )
    except ReleaseError as e:
        context = {"form": form, "error": str(e)}
        return render(request, "stats/release_preview.html", context, status=400)
    return redirect("stats:release", pk=release.pk)


@require_GET
@role_required(Role.ANALYST, Role.COORDINATOR, Role.ADMINISTRATOR)
def release_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The published report: the table, its chart and map, the method in Russian and English,
    the attacker's audit, and the exported files with their SHA-256."""
    lang = staff_lang(request)
    release = get_object_or_404(Release, pk=pk)
    values, hidden = exports.published(release)
    counts = exports.district_counts(list(release.dims), release.labels, values, hidden)
    context = {
        "release": release,
        "grid": _release_grid(release, lang),
        "hidden": int(hidden.sum()),
        "districts": _district_rows(counts, lang),
        "files": ReleaseFile.objects.filter(release=release).defer("body"),
        "accuracy": dp.accuracy(release.epsilon) if release.epsilon else None,
        "budget": dp.budget(),
    }
    return render(request, "stats/release.html", context)


@require_GET
@role_required(Role.ANALYST, Role.COORDINATOR, Role.ADMINISTRATOR)
def release_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """One row per cell, margins included; a hidden count is an empty field."""
    release = get_object_or_404(Release, pk=pk)
    response = HttpResponse(exports.csv_bytes(release), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="release-{release.pk}.csv"'
    return response


@require_GET
@role_required(Role.ANALYST, Role.COORDINATOR, Role.ADMINISTRATOR)
def release_chart(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's chart, in the reader's language."""
    lang = staff_lang(request)
    release = get_object_or_404(Release, pk=pk)
    phone = request.GET.get("size") == "phone"  # the page's <picture> asks on a phone
    body = charts.render(exports.chart_figure(release, lang, narrow=phone), "svg")
    description = _("Chart of the table above, protected the same way")
    return _image(charts.accessible(body, title=release.title, description=description), "svg", "")


@require_GET
@role_required(Role.ANALYST, Role.COORDINATOR, Role.ADMINISTRATOR)
def release_map(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's map by federal district, in the reader's language."""
    lang = staff_lang(request)
    release = get_object_or_404(Release, pk=pk)
    counts = exports.district_counts(
        list(release.dims), release.labels, *exports.published(release)
    )
    if counts is None:
        raise Http404
    phone = request.GET.get("size") == "phone"  # the page's <picture> asks on a phone
    figure = exports.map_figure(counts, title=release.title, lang=lang, narrow=phone)
    body = charts.render(figure, "svg")
    description = exports.map_description(counts, lang)
    return _image(charts.accessible(body, title=release.title, description=description), "svg", "")


@require_GET
@role_required(Role.ANALYST, Role.COORDINATOR, Role.ADMINISTRATOR)
def release_file(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """An exported file, byte for byte as published (its SHA-256 checked); audited."""
    release = get_object_or_404(Release, pk=pk)
    try:
        found = release_file_download(release=release, name=name, by=current_staff(request))
    except ReleaseFile.DoesNotExist:
        raise Http404 from None
    except ReleaseError as e:
        return HttpResponse(str(e), status=500, content_type="text/plain; charset=utf-8")
    response = HttpResponse(bytes(found.body), content_type=found.content_type)
    response["Content-Disposition"] = f'attachment; filename="{found.name}"'
    response["X-Content-SHA256"] = found.sha256
    return response
