"""Every worked example in ../shared/law/examples is an acceptance test (REFERENCE.md §13)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from objector.law import assess

from .conftest import EXAMPLES

FIELDS = (
    "as_of",
    "role",
    "categories",
    "absence",
    "exposure",
    "thresholds",
    "deadlines",
    "urgency",
    "guidance",
)


def test_it_finds_the_examples() -> None:
    # A missing shared/ folder must fail the suite, not silently run zero examples.
    assert len(list(EXAMPLES.glob("*.json"))) >= 5


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_it_matches_the_worked_example(path: Path) -> None:
    example = json.loads(path.read_text(encoding="utf-8"))
    got = assess(example["facts"])
    for field in FIELDS:
        assert got[field] == example["expected"][field], field
    assert set(got) == set(FIELDS)
