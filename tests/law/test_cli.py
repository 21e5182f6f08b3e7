"""`objector assess`, run as the installed console script in a real subprocess."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLES

OBJECTOR = shutil.which("objector", path=str(Path(sys.executable).parent)) or "objector"
EXAMPLE = EXAMPLES / "03-rosgvardia-serviceman-dismissed-appeal.json"


def objector(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own console script, fixed arguments
        [OBJECTOR, "assess", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_it_prints_the_assessment_of_a_file() -> None:
    done = objector(str(EXAMPLE))
    assert done.returncode == 0, done.stderr
    expected = json.loads(EXAMPLE.read_text(encoding="utf-8"))["expected"]
    assert json.loads(done.stdout) == expected


def test_it_reads_standard_input_and_overrides_as_of() -> None:
    facts = json.loads(EXAMPLE.read_text(encoding="utf-8"))["facts"]
    done = objector("-", "--as-of", "2022-06-05", stdin=json.dumps(facts))
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["as_of"] == "2022-06-05"
    assert out["deadlines"][0]["expired"] is True
    assert out["guidance"][-1] == "restore_missed_deadline"


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("ru", ["Срочность: обычная", "обжаловать увольнение", "проверит юрист"]),
        ("en", ["Urgency: normal", "appeal the dismissal", "A lawyer will check it"]),
    ],
)
def test_it_prints_readable_text(lang: str, words: list[str]) -> None:
    done = objector(str(EXAMPLE), "--text", "--lang", lang)
    assert done.returncode == 0, done.stderr
    for w in words:
        assert w in done.stdout


@pytest.mark.parametrize(
    ("args", "stdin", "field"),
    [
        (["-"], '{"events": [{"type": "left_unit", "date": "2022-02-30"}]}', "date"),
        (["-"], '{"events": [{"type": "teleported", "date": "2022-02-03"}]}', "type"),
        (["-"], '{"personnel": "admiral"}', "personnel"),
        (["-"], '{"as_of": "yesterday"}', "as_of"),
        (["-", "--as-of", "2022-02-31"], "{}", "as_of"),
        (["-"], '{"as_of": "2022-01-01", "events": [', "facts"),
        (["-"], "", "facts"),
        (["/nonexistent/facts.json"], "", "file"),
    ],
)
def test_it_exits_2_naming_the_field(args: list[str], stdin: str, field: str) -> None:
    done = objector(*args, stdin=stdin)
    assert done.returncode == 2
    err = json.loads(done.stdout)
    assert err["error"] == field
    assert err["message"] in done.stderr


def test_it_rejects_oversized_input() -> None:
    done = objector("-", stdin='{"role": "' + "x" * (1 << 20) + '"}')
    assert done.returncode == 2
    assert json.loads(done.stdout)["error"] == "file"
