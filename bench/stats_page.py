"""How long the statistics page takes with 100,000 requests (issue #18 target: under 300 ms).

A fresh SQLite database gets `--requests` requests (only the clear columns the statistics read:
created over a year, every district, channel, status, personnel type and category; the sealed
personal data is left empty, as nothing here opens it), and a tenth of them a first reply. An
analyst's page is then fetched in this process through Django's test client, `--rounds` times
per view: the first fetch of a view computes and protects its table (cold), later ones find it
cached until a request changes (warm). Then `--changes` times per view, one request's status is
changed (a queryset update: the database trigger bumps the cache key, objector/stats/triggers.py)
and the page fetched again: the first fetch after a change. The cache key itself is timed against
the key it replaced (an aggregate over every request), in the same run. The CPU time of this
process is reported beside the wall time after a change. Last, `--inserts` requests are saved one
by one (a transaction each), with the triggers as installed and, where the summary of counts
exists (objector/stats/triggers.py), again without its triggers: the summary's cost per insert.

    .venv/bin/python bench/stats_page.py [--requests 100000] [--rounds 20] [--changes 10]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import time
from datetime import timedelta

from common import fresh_environment, machine

PASSWORD = "bench-password-1234"  # noqa: S105 - a throwaway benchmark account
VIEWS = {
    "default (district × channel)": {},
    "district × week": {"rows": "district", "columns": "week"},
    "district × category × channel": {
        "rows": "district",
        "columns": "category",
        "layers": "channel",
    },
    "month × status": {"rows": "month", "columns": "status"},
}


def seed(count: int) -> None:
    from django.utils import timezone

    from objector.accounts.actions import staff_create
    from objector.cases.models import Entry
    from objector.intake.models import PERSONNEL_CHOICES, Request
    from objector.intake.regions import DISTRICTS
    from objector.law.engine import CATEGORIES

    staff_create(username="analyst", password=PASSWORD, role="analyst")
    rng = random.Random(18)
    now = timezone.now()
    districts = [d.key for d in DISTRICTS] + [""]
    weights = [30 / (i + 1) for i in range(len(districts))]  # a few large, many small
    personnel = [c.value for c in PERSONNEL_CHOICES]
    statuses = ["new"] * 40 + ["triaged"] * 15 + ["assigned"] * 10 + ["in_progress"] * 10
    statuses += ["closed"] * 25
    batch: list[Request] = []
    for n in range(count):
        created = now - timedelta(seconds=rng.uniform(0, 365 * 86400))
        status = rng.choice(statuses)
        cats = rng.sample(list(CATEGORIES), rng.choice([1, 1, 2]))
        batch.append(
            Request(
                reference=f"B{n:09d}",
                secret_hash="-",  # noqa: S106 - no receipt in a benchmark
                idempotency_key=f"bench-{n}",
                channel=rng.choice(["web", "telegram", "telegram"]),
                created_at=created,
                updated_at=created,
                status=status,
                outcome="no_contact" if status == "closed" else "",
                role="self",
                personnel=rng.choice(personnel),
                categories=cats,
                category_bits=sum(1 << list(CATEGORIES).index(c) for c in cats),
                urgency="normal",
                urgency_rank=2,
                district=rng.choices(districts, weights)[0],
            )
        )
        if len(batch) == 5000:
            Request.objects.bulk_create(batch)
            batch = []
    Request.objects.bulk_create(batch)
    replied = Request.objects.order_by("id").values_list("id", "created_at")[: count // 10]
    Entry.objects.bulk_create(
        Entry(
            request_id=pk, kind="message_out", created_at=at + timedelta(hours=rng.uniform(1, 72))
        )
        for pk, at in replied
    )


def inserts(count: int) -> dict[str, float]:
    """Wall and CPU milliseconds per request saved alone (its own transaction), with the
    triggers as installed and, where the summary exists, without its triggers."""
    from django.db import connection

    from objector.intake.models import Request
    from objector.stats import models, triggers

    rng = random.Random(5)
    template = Request.objects.order_by("id")[0]

    def timed(label: str) -> tuple[float, float]:
        t, cpu = time.perf_counter(), time.process_time()
        for n in range(count):
            template.pk = None
            template.reference = f"I{label}{n:08d}"
            template.idempotency_key = f"insert-{label}-{n}"
            template.status = rng.choice(["new", "closed"])
            template.save(force_insert=True)
        return (
            round((time.perf_counter() - t) * 1000 / count, 3),
            round((time.process_time() - cpu) * 1000 / count, 3),
        )

    out: dict[str, float] = {}
    out["as_installed_wall"], out["as_installed_cpu"] = timed("a")
    if hasattr(models, "Count"):
        triggers.remove(connection, summary_only=True)
        out["without_summary_wall"], out["without_summary_cpu"] = timed("b")
        triggers.install(connection)  # puts them back and rebuilds the summary
        out["with_summary_again_wall"], out["with_summary_again_cpu"] = timed("c")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--changes", type=int, default=10)
    parser.add_argument("--inserts", type=int, default=500)
    args = parser.parse_args()
    work, _env = fresh_environment()
    started = time.perf_counter()
    seed(args.requests)
    print(f"seeded in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from objector.accounts.middleware import EPOCH_KEY
    from objector.accounts.models import Staff
    from objector.vault.actions import seal_epoch

    analyst = Staff.objects.get(username="analyst")
    device = TOTPDevice.objects.create(user=analyst, name="authenticator", confirmed=True)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(analyst)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[EPOCH_KEY] = seal_epoch()
    session.save()
    from django.db.models import Count, Max

    from objector.intake.models import Request
    from objector.stats.views import _fingerprint

    def old_fingerprint() -> str:  # the key before the counter rows: a scan of every request
        row = Request.objects.order_by().aggregate(n=Count("id"), last=Max("updated_at"))
        return f"{row['n']}:{row['last']}"

    keys = {}
    for key_name, key in (("aggregate (before)", old_fingerprint), ("counter rows", _fingerprint)):
        times = []
        for _ in range(50):
            t = time.perf_counter()
            key()
            times.append((time.perf_counter() - t) * 1000)
        keys[key_name] = round(statistics.median(times), 2)
    keys["ratio"] = round(keys["aggregate (before)"] / max(keys["counter rows"], 1e-3), 1)
    ids = list(Request.objects.order_by("?").values_list("id", flat=True)[: args.changes * 8])
    views = {}
    for name, query in VIEWS.items():
        times = []
        for _ in range(args.rounds):
            t = time.perf_counter()
            response = client.get("/staff/stats", query)
            times.append((time.perf_counter() - t) * 1000)
            if response.status_code != 200:
                sys.exit(f"{name}: {response.status_code}")
        warm = sorted(times[1:])
        changed, changed_cpu = [], []
        for _ in range(args.changes):
            pk = ids.pop()
            status = "closed" if Request.objects.get(pk=pk).status != "closed" else "new"
            Request.objects.filter(pk=pk).update(status=status)
            t, cpu = time.perf_counter(), time.process_time()
            response = client.get("/staff/stats", query)
            changed.append((time.perf_counter() - t) * 1000)
            changed_cpu.append((time.process_time() - cpu) * 1000)
            if response.status_code != 200:
                sys.exit(f"{name}: {response.status_code}")
        changed.sort()
        changed_cpu.sort()
        views[name] = {
            "cold_ms": round(times[0], 1),
            "warm_p50_ms": round(statistics.median(warm), 1),
            "warm_p95_ms": round(warm[int(0.95 * (len(warm) - 1))], 1),
            "after_change_p50_ms": round(statistics.median(changed), 1),
            "after_change_p95_ms": round(changed[int(0.95 * (len(changed) - 1))], 1),
            "after_change_cpu_p50_ms": round(statistics.median(changed_cpu), 1),
            "after_change_cpu_p95_ms": round(changed_cpu[int(0.95 * (len(changed_cpu) - 1))], 1),
        }
    figures = {
        "benchmark": "stats page",
        "requests": args.requests,
        "cache_key_median_ms": keys,
        "views": views,
        "insert_ms": inserts(args.inserts),
        **machine(),
    }
    figures["meets_target_warm"] = all(v["warm_p95_ms"] < 300 for v in views.values())
    figures["meets_target_after_change"] = all(
        v["after_change_p95_ms"] < 300 for v in views.values()
    )
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
