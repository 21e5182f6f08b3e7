"""A real browser for the page tests: Debian's Chromium, driven by Playwright."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

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
