"""The statistics page: protected cross-tables, their attacker's audit, and a chart.

Analysts see only protected output. A coordinator or an administrator may ask for the raw
counts, shown marked "not for publication".
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
from django.core.cache import cache
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from objector.accounts.access import Role, current_staff, role_required
from objector.accounts.texts import staff_lang
from objector.intake.models import Request
from objector.statistics.protect import Rule
from objector.statistics.tables import TOTAL

from . import charts
from .counts import DIMENSIONS, CrossTable, cross_table, service
from .forms import TableForm

RULE = Rule()
HIDDEN = "×"


def _fingerprint() -> str:
    """Changes whenever a request is added or changed: the key of cached tables."""
    row = Request.objects.order_by().aggregate(n=Count("id"), last=Max("updated_at"))
    return f"{row['n']}:{row['last']}"


def _cached_table(dims: list[str], period: Any) -> CrossTable:
    spec = f"{_fingerprint()}:{','.join(dims)}:{period}"
    key = "stats:" + hashlib.sha256(spec.encode()).hexdigest()
    found: CrossTable | None = cache.get(key)
    if found is None:
        found = cross_table(dims, period, RULE)
        cache.set(key, found, 600)
    return found


def _names(ct: CrossTable, axis: int, lang: str) -> list[str]:
    dim = DIMENSIONS[ct.dims[axis]]
    return [dim.name(v, lang) for v in ct.table.labels[axis]] + [_("Total")]


def _grid(ct: CrossTable, raw: bool, lang: str) -> list[dict[str, Any]]:
    """One matrix per layer (the last layer the total), rows × columns, strings to show."""
    full = ct.table.full()
    hidden = ct.protection.mask(0)
    shown = full if raw else np.where(hidden, -1, full)
    if full.ndim == 1:
        shown, hidden = shown[:, None], hidden[:, None]
    if shown.ndim == 2:
        shown, hidden = shown[:, :, None], hidden[:, :, None]
    rows = _names(ct, 0, lang)
    columns = _names(ct, 1, lang) if len(ct.dims) > 1 else [_("Requests")]
    layers = _names(ct, 2, lang) if len(ct.dims) > 2 else [""]
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
    ct = _cached_table(form.cleaned_data["dims"], form.cleaned_data["period"])
    intervals = [iv for iv in ct.protection.intervals if iv.sensitive]
    context = {
        "form": form,
        "rule": RULE,
        "service": service(RULE),
        "grid": _grid(ct, raw, lang),
        "raw": raw,
        "suppressed": int(ct.protection.mask(0).sum()),
        "sensitive": len(intervals),
        "safe": ct.protection.safe,
        "intervals": [
            {
                "cell": " × ".join(
                    _("Total") if part == TOTAL else DIMENSIONS[d].name(part, lang)
                    for d, part in zip(ct.dims, iv.cell, strict=True)
                ),
                "low": int(np.ceil(iv.low - 1e-6)),
                "high": "∞" if iv.high == np.inf else int(np.floor(iv.high + 1e-6)),
                "exact": iv.exact,
            }
            for iv in intervals[:100]
        ],
        "chart_query": request.GET.urlencode(),
    }
    return render(request, "stats/page.html", context)


@require_GET
@role_required(Role.ANALYST, Role.COORDINATOR, Role.ADMINISTRATOR)
def stats_chart(request: HttpRequest) -> HttpResponse:
    """The chart of the page's table; always protected, whoever asks."""
    lang = staff_lang(request)
    form = TableForm(request.GET or {"rows": "district", "columns": "channel"})
    if not form.is_valid():
        return HttpResponse(_("No such table"), status=400, content_type="text/plain")
    ct = _cached_table(form.cleaned_data["dims"], form.cleaned_data["period"])
    body = charts.svg(
        ct.table,
        ct.protection.mask(0),
        _names(ct, 0, lang)[:-1],
        title=_("Requests by %(dimension)s") % {"dimension": DIMENSIONS[ct.dims[0]].key},
        hidden_label=_("hidden to protect the people counted"),
    )
    return HttpResponse(body, content_type="image/svg+xml")
