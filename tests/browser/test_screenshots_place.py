"""The browser tests' screenshots never land in a tracked file: a test run leaves the tree as it
found it, and the README's copies change only through `make screenshots`."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.conftest import REPO, SHOTS


def test_it_saves_screenshots_where_git_ignores_them() -> None:
    git = shutil.which("git")
    if git is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    if not SHOTS.resolve().is_relative_to(REPO):
        return  # $OBJECTOR_SCREENSHOTS outside the repository
    probe = SHOTS / "probe.png"
    ignored = subprocess.run(  # noqa: S603 -- git, fixed arguments
        [git, "check-ignore", "--quiet", "--no-index", str(probe)], cwd=REPO, check=False
    )
    assert ignored.returncode == 0, f"{SHOTS} is not ignored by git"


def test_it_has_no_test_that_writes_the_readme_screenshots() -> None:
    """No test names the README's folder in code (a comment may)."""
    needles = ('"docs" / "screenshots"', '"docs/screenshots', "'docs/screenshots")
    offenders = [
        path.relative_to(REPO)
        for path in (REPO / "tests").rglob("*.py")
        if path != Path(__file__).resolve()
        and any(needle in path.read_text(encoding="utf-8") for needle in needles)
    ]
    assert offenders == []
