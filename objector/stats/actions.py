from __future__ import annotations

from datetime import date

import numpy as np
from django.db import transaction

from objector.accounts.models import Staff
from objector.statistics.protect import Rule
from objector.vault.audit import audit_record

from .models import Release
from .releases import ReleaseError, monday, release_draft


def release_publish(*, title: str, dims: list[str], first: date, last: date, by: Staff) -> Release:
    """Protect, audit and store a release; refused (ReleaseError) unless every hidden count is
    safe against it and every earlier release."""
    rule = Rule()
    with transaction.atomic():
        # One release at a time: each is audited against all before it.
        list(Release.objects.select_for_update().values_list("id", flat=True))
        draft = release_draft(title=title, dims=dims, first=first, last=last, rule=rule)
        if not draft.protection.safe:
            raise ReleaseError("; ".join(draft.protection.refused[:5]))
        hidden = draft.protection.mask(len(draft.protection.system.tables) - 1)
        full = draft.table.full()
        published = [
            None if h else int(v) for h, v in zip(hidden.ravel(), full.ravel(), strict=True)
        ]
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
        audit_record(actor=by, action="stats_release", object_type="release", object_id=release.pk)
    return release
