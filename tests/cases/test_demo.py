"""`objector demo`: a synthetic organisation with every screen filled."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from objector.accounts.models import Staff
from objector.cases.demo import DEMO_PASSWORD
from objector.cases.models import Deadline, Entry
from objector.intake.models import Request, requests_open
from objector.vault.actions import vault_unlock

pytestmark = pytest.mark.django_db


def test_it_fills_every_screen_with_synthetic_data(capsys) -> None:
    call_command("demo", requests=90, cases=30)
    out = capsys.readouterr().out
    assert "coordinator1" in out and "lawyer8" in out
    # The passphrase that opens the vault is said, with who holds the key.
    assert f"Фраза разблокировки хранилища: {DEMO_PASSWORD}-unlock" in out
    assert "Sign in as demo_admin" in out

    roles = dict(Staff.objects.values_list("role").annotate(n=Count("id")))
    assert roles == {"administrator": 1, "coordinator": 3, "lawyer": 8, "analyst": 1}
    assert Request.objects.count() == 90
    states = set(Request.objects.exclude(assignee=None).values_list("status", flat=True))
    assert states == {"assigned", "in_progress", "closed"}
    assert Request.objects.exclude(assignee=None).count() == 30
    assert not Request.objects.filter(status="closed", outcome="").exists()
    assert (
        Entry.objects.filter(kind="note").exists() and Entry.objects.filter(kind="event").exists()
    )
    assert Deadline.objects.filter(source="manual").exists()
    assert {"new", "triaged"} <= set(Request.objects.values_list("status", flat=True))

    # Ten weeks, with a surge: a third of all requests inside two days.
    times = sorted(Request.objects.values_list("created_at", flat=True))
    assert times[-1] - times[0] <= timedelta(weeks=10)
    busiest = max(
        sum(1 for t in times if start <= t < start + timedelta(days=2)) for start in times
    )
    assert busiest >= 30

    # Synthetic names only.
    vault_unlock(
        staff=Staff.objects.get(username="demo_admin"), passphrase=DEMO_PASSWORD + "-unlock"
    )
    every = list(Request.objects.all())
    requests_open(every)
    names = [r.personal["name"] for r in every if r.personal["name"]]
    assert names and all("(synthetic)" in n for n in names)

    with pytest.raises(CommandError, match="not empty"):
        call_command("demo", requests=10, cases=1)


def test_it_refuses_to_run_in_production(settings) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("demo")
    assert not Request.objects.exists()
