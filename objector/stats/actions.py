from __future__ import annotations

import hashlib
from datetime import date

import numpy as np
from django.db import transaction

from objector.accounts.models import Staff
from objector.statistics.protect import Rule
from objector.vault.audit import AuditAction, audit_record

from . import dp
from .exports import release_exports
from .models import Release, ReleaseFile
from .releases import ReleaseError, monday, release_cells, release_draft


def release_publish(
    *,
    title: str,
    dims: list[str],
    first: date,
    last: date,
    by: Staff,
    epsilon: float | None = None,
) -> Release:
    """Protect, audit and store a release; refused (ReleaseError) unless every hidden count is
    safe against it and every earlier release. With epsilon: differential privacy instead,
    refused if the organisation's budget would be overspent."""
    rule = Rule()
    with transaction.atomic():
        # One release at a time: each is audited against all before it, and the budget is
        # counted with no other release being spent at the same moment.
        list(Release.objects.select_for_update().values_list("id", flat=True))
        if epsilon is not None:
            release = _publish_private(
                title=title, dims=dims, first=first, last=last, by=by, epsilon=epsilon, rule=rule
            )
        else:
            release = _publish_suppressed(
                title=title, dims=dims, first=first, last=last, by=by, rule=rule
            )
        # The exports are made now, once, and kept with their SHA-256: what is downloaded later
        # is byte for byte what was published.
        for export in release_exports(release):
            ReleaseFile.objects.create(
                release=release,
                name=export.name,
                content_type=export.content_type,
                sha256=export.sha256,
                size=len(export.body),
                body=export.body,
            )
        audit_record(actor=by, action="stats_release", object_type="release", object_id=release.pk)
    return release


def _publish_private(
    *,
    title: str,
    dims: list[str],
    first: date,
    last: date,
    by: Staff,
    epsilon: float,
    rule: Rule,
) -> Release:
    left = dp.budget() - dp.spent()
    if epsilon > left + 1e-9:
        raise ReleaseError(
            f"ε = {epsilon:g} is more than the organisation's privacy budget has left "
            f"({max(left, 0):g} of {dp.budget():g})"
        )
    table = release_cells(dims=dims, first=first, last=last)
    return Release.objects.create(
        title=title,
        created_by=by,
        first_week=monday(first),
        last_week=monday(last),
        dims=list(table.dims),
        labels=[list(v) for v in table.labels],
        published=dp.noisy(np.asarray(table.counts), epsilon).tolist(),
        audit=[],
        k=rule.k,
        protection=rule.p,
        epsilon=epsilon,
    )


def _publish_suppressed(
    *, title: str, dims: list[str], first: date, last: date, by: Staff, rule: Rule
) -> Release:
    draft = release_draft(title=title, dims=dims, first=first, last=last, rule=rule)
    if not draft.protection.safe:
        raise ReleaseError("; ".join(draft.protection.refused[:5]))
    hidden = draft.protection.mask(len(draft.protection.system.tables) - 1)
    full = draft.table.full()
    published = [None if h else int(v) for h, v in zip(hidden.ravel(), full.ravel(), strict=True)]
    release = Release.objects.create(
        title=title,
        created_by=by,
        first_week=monday(first),
        last_week=monday(last),
        dims=list(draft.table.dims),
        labels=[list(v) for v in draft.table.labels],
        published=np.array(published, dtype=object).reshape(full.shape).tolist(),
        audit=[
            {"cell": list(iv.cell), "low": iv.low, "high": iv.high, "exact": iv.exact}
            for iv in draft.protection.intervals
            if iv.sensitive
        ],
        k=rule.k,
        protection=rule.p,
    )
    return release


def release_file_download(*, release: Release, name: str, by: Staff) -> ReleaseFile:
    """One exported file of a release, its hash checked; the download is audited."""
    with transaction.atomic():
        found = ReleaseFile.objects.get(release=release, name=name)
        if hashlib.sha256(bytes(found.body)).hexdigest() != found.sha256:
            raise ReleaseError(f"{name} does not match the SHA-256 recorded when it was published")
        audit_record(
            actor=by, action=AuditAction.DOWNLOAD, object_type="release_file", object_id=found.pk
        )
    return found
