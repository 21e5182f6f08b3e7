"""A filing's name speaks the reader's language: the English pages named every filing in Russian
(the legal engine's names, round 12's walk). The Russian catalogue's names are the engine's own,
so that the Russian pages and the filings' texts never name one filing two ways."""

from __future__ import annotations

import pytest
from django.utils import translation

from objector.cases.actions import request_assign
from objector.filings import core
from objector.filings.kinds import KIND_NAMES, kind_name
from tests.filings.test_app import DISMISSED


def test_every_filing_has_a_name_and_its_russian_one_is_the_engines() -> None:
    assert set(KIND_NAMES) == set(core.KINDS) == set(core.KIND_NAMES_RU)
    for kind in core.KINDS:
        with translation.override("ru"):
            assert kind_name(kind) == core.KIND_NAMES_RU[kind]
        with translation.override("en"):
            assert kind_name(kind).isascii()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "offered", "heading"),
    [
        (
            "en",
            "Administrative claim against a dismissal",
            "Administrative claim against a dismissal v1",
        ),
        (
            "ru",
            "Административный иск об оспаривании увольнения",
            "Административный иск об оспаривании увольнения v1",
        ),
    ],
)
def test_the_case_filings_and_the_draft_page_name_a_filing_in_the_readers_language(
    make_request, coordinator, lawyer, client_for, language, offered, heading
) -> None:
    case = make_request(**DISMISSED)
    request_assign(request=case, lawyer=lawyer, by=coordinator)
    lawyer.language = language
    lawyer.save(update_fields=["language"])
    client = client_for(lawyer)
    page = client.get(f"/staff/cases/{case.pk}/filings").content.decode()
    assert f">{offered}</a>" in page
    made = client.post(f"/staff/cases/{case.pk}/filings/claim_dismissal/draft", {})
    assert made.status_code == 302, made.content.decode()[:500]
    draft = client.get(made["Location"]).content.decode()
    assert f"<h1>{heading}</h1>" in draft
