"""`objector --help`: Objector's own verbs lead, a line each; Django's commands follow apart."""

from __future__ import annotations

import os

import pytest

from tests.service.cli import objector


@pytest.mark.parametrize("asked", [("--help",), ("-h",), ("help",), ()])
def test_the_help_leads_with_objectors_verbs(asked, tmp_path) -> None:
    env = {**os.environ, "OBJECTOR_DATA_DIR": str(tmp_path)}
    answer = objector(*asked, env=env)
    assert answer.returncode == 0, answer.stderr
    out = answer.stdout
    ours = out.index("Objector's commands")
    django = out.index("Django's commands")
    assert ours < django
    verbs = ("run", "setup", "demo", "assess", "extract", "backup", "seal", "audit", "shred")
    for verb in (*verbs, "reassess", "telegram", "keyholder"):
        assert f"\n  {verb} " in out[ours:django], verb
    assert "migrate" in out[django:] and "migrate" not in out[ours:django]
    assert "runserver" in out[django:]


def test_help_for_a_plain_python_verb_is_its_own(tmp_path) -> None:
    env = {**os.environ, "OBJECTOR_DATA_DIR": str(tmp_path)}
    answer = objector("help", "assess", env=env)
    assert answer.returncode == 0 and "usage: objector assess" in answer.stdout
