"""The helper new migrations share to seal a clear id (objector.vault.migrating): what it seals
is what the hourly sweep opens and tags, and what the lookups then find, as the frozen round-11
migrations' own loops did (documents 0004 is its model here)."""

from __future__ import annotations

import pytest
from django.apps import apps

from objector.documents.actions import case_documents, case_seal, case_tags_fill, document_store
from objector.documents.models import Document
from objector.vault import migrating

pytestmark = pytest.mark.django_db


def test_an_id_it_seals_is_tagged_by_the_sweep_and_found_by_its_case(make_request, lawyer) -> None:
    case, other = make_request(name="Синтетов Пётр Сергеевич"), make_request(name="Иной Иван")
    stored = [
        document_store(
            content=f"ПРИКАЗ № {i}".encode(), filename=f"{i}.txt", channel="web", by=lawyer
        )
        for i in range(3)
    ]
    rows = list(Document.objects.filter(pk__in=[d.pk for d in stored]).order_by("pk"))
    # As a migration sees them: the clear id still on the row (here an attribute of its own).
    for row, pk in zip(rows, [case.pk, other.pk, None], strict=True):
        row.case_id = pk

    assert (
        migrating.ids_sealed(apps, rows, clear="case_id", sealed="case_sealed", tag="case_tag") == 2
    )

    saved = {d.pk: d for d in Document.objects.filter(pk__in=[r.pk for r in rows])}
    on_case, on_other, on_none = (saved[r.pk] for r in rows)
    assert on_case.case_tag is None and len(bytes(on_case.case_sealed)) == len(case_seal(case.pk))
    assert (bytes(on_none.case_sealed), on_none.case_tag) == (b"", "")
    assert case_tags_fill() == 2  # the sweep opens them while unlocked
    assert case_documents([case.pk]) == [on_case.pk]
    assert case_documents([other.pk]) == [on_other.pk]


def test_a_row_naming_an_id_with_no_organisation_key_is_refused() -> None:
    class Row:
        case_id = 7

    with pytest.raises(RuntimeError):
        migrating.ids_sealed(apps, [Row()], clear="case_id", sealed="s", tag="t")
