"""A real browser for the page tests: Debian's Chromium, driven by Playwright."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, sync_playwright

from objector.accounts.models import Staff
from objector.cases.actions import request_assign
from objector.documents.actions import document_extract, document_store
from objector.documents.models import Document
from objector.intake.models import Request
from objector.persons.registry import REGISTRY
from objector.persons.tasks import link_document, link_request
from tests.persons.conftest import ORDER

CHROMIUM = "/usr/bin/chromium"
# Chromium's own network features would knock on closed doors here; none is needed.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO = Path(__file__).resolve().parents[2]
# Where the browser tests save what they saw: never a tracked file (the README's copies in
# docs/screenshots are refreshed on purpose by `make screenshots`), and not the product's data
# directory either. var/ is ignored by git.
SHOTS = Path(os.environ.get("OBJECTOR_SCREENSHOTS") or REPO / "var" / "screenshots")


def shoot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot of the page as SHOTS/name and return its path."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    page.screenshot(path=path, full_page=full_page)
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "run scripts/install-chromium"
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@dataclass
class OneMan:
    """Two requests of one man (his first with an order naming him and a colleague's client),
    each linked by the worker's task, and the colleague's client's own request."""

    case: Request  # the man's first request, the lawyer's; the order is on its page
    stored: Document  # the order (ORDER): the man and the colleague's client
    again: Request  # the man's second request, spelt "Петр"
    theirs: Request  # the colleague's client, named in the order too


@pytest.fixture
def one_man(
    make_request: Callable[..., Request], coordinator: Staff, lawyer: Staff, colleague: Staff
) -> OneMan:
    """OneMan, in a registry started afresh."""
    REGISTRY.reset()
    today = timezone.localdate()
    case = make_request(
        today=today,
        name="Синтетов Пётр Сергеевич",
        unit="в/ч 12345",
        **{"date:left_unit": (today - timedelta(days=2)).isoformat()},
    )
    request_assign(request=case, lawyer=lawyer, by=coordinator)
    assert link_request.call(case.pk) == "done"  # what the task worker does
    stored = document_store(
        content=ORDER.encode(), filename="приказ.txt", channel="web", by=lawyer, case=case
    )
    document_extract(document=Document.objects.get(pk=stored.pk))
    assert link_document.call(stored.pk) == "done"
    again = make_request(today=today, name="Синтетов Петр Сергеевич", unit="в/ч 12345")
    request_assign(request=again, lawyer=lawyer, by=coordinator)
    assert link_request.call(again.pk) == "done"
    # The order's second man is also the subject of a colleague's case.
    theirs = make_request(today=today, name="Выдуманный Илья Андреевич", unit="в/ч 12345")
    request_assign(request=theirs, lawyer=colleague, by=coordinator)
    assert link_request.call(theirs.pk) == "done"
    return OneMan(case=case, stored=stored, again=again, theirs=theirs)
