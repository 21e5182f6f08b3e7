"""Benchmark: the triage queue's page time with 100,000 requests.

Issue #3 target: p95 under 150 ms, for the default view and for filtered views.

The database is a fresh SQLite file (WAL, synchronous=FULL) holding `--requests` requests made
from the real questionnaire and the real legal engine (`objector.cases.demo`), spread over ten
weeks and every status, with a tenth assigned to eight lawyers. A coordinator signs in through
the real login form; each view is then fetched `--rounds` times, one after another, over HTTP
from gunicorn (`objector run --no-worker`), and the time to the last byte is recorded.

Issue #4 adds what decrypting a 50-row page costs: the default view is measured first while
the vault is sealed (names hidden), then unlocked, when each page opens its 50 data keys through
the key-holder and decrypts the rows.

`--without-sort-indexes` first migrates the indexes behind the sorts by last activity and by
age away (intake 0005), to measure what they save on the same data:

    .venv/bin/python bench/triage.py [--requests 100000] [--rounds 100] [--keep DIR]
    .venv/bin/python bench/triage.py --keep DIR --without-sort-indexes
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import timedelta
from pathlib import Path

from common import RUN, fresh_environment, machine, server

VIEWS = {
    "default (open, by urgency)": "/staff/queue",
    "category + district": "/staff/queue?category=awol&district=southern",
    "status + personnel + channel": "/staff/queue?status=new&personnel=mobilized&channel=telegram",
    "date range, all statuses": "/staff/queue?status=all&from={from}&to={to}",
    "page 40": "/staff/queue?page=40",
    # Issue #14's sorts: the clear columns only, by header.
    "sorted by last activity": "/staff/queue?sort=updated",
    "sorted by status": "/staff/queue?sort=status",
    "oldest first, all statuses": "/staff/queue?status=all&sort=age",
}
PASSWORD = "bench-password-2026"  # noqa: S105 -- a throwaway database in a temporary directory
PASSPHRASE = PASSWORD + " unlock"
DEFAULT = "default (open, by urgency)"
BEFORE_SORT_INDEXES = "0004_sealed_personal_data"  # intake's migration before them


def seed(count: int) -> None:
    from django.utils import timezone

    from objector.accounts.actions import organisation_setup, staff_create
    from objector.cases.demo import demo_answers
    from objector.intake.actions import new_reference, secret_hash
    from objector.intake.models import URGENCY_RANK, Request, category_bits, personal_seal
    from objector.intake.questionnaire import to_facts
    from objector.intake.regions import REGION_BY_KEY
    from objector.law import assess
    from objector.vault import crypto

    organisation_setup(
        name="Bench", username="bench_admin", password=PASSWORD, passphrase=PASSPHRASE
    )
    from objector.accounts.models import Organisation

    public_key = bytes(Organisation.objects.get().public_key)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    coordinator = staff_create(username="coordinator", password=PASSWORD, role="coordinator")
    TOTPDevice.objects.create(user=coordinator, name="authenticator", confirmed=True)
    lawyers = [
        staff_create(username=f"lawyer{i}", password=PASSWORD, role="lawyer") for i in range(8)
    ]
    rng = random.Random(3)
    now = timezone.now()
    statuses = ["new"] * 60 + ["triaged"] * 15 + ["assigned"] * 10 + ["in_progress"] * 5
    statuses += ["closed"] * 10
    batch: list[Request] = []
    started = time.perf_counter()
    for n in range(count):
        created = now - timedelta(seconds=rng.uniform(0, 70 * 86400))
        day = created.date()
        answers = demo_answers(rng, day)
        facts = to_facts(answers, today=day)
        result = assess(facts)
        status = rng.choice(statuses)
        data_key = crypto.new_data_key()
        region = REGION_BY_KEY.get(answers.get("region", ""))
        batch.append(
            Request(
                reference=new_reference(),
                secret_hash=secret_hash(str(n)),
                idempotency_key=f"bench-{n}",
                channel=rng.choice(["web", "telegram", "telegram"]),
                created_at=created,
                updated_at=created,
                status=status,
                outcome="no_contact" if status == "closed" else "",
                assignee=rng.choice(lawyers) if status in ("assigned", "in_progress") else None,
                role=answers["role"],
                personnel=answers["personnel"],
                categories=result["categories"],
                category_bits=category_bits(result["categories"]),
                urgency=result["urgency"],
                urgency_rank=URGENCY_RANK[result["urgency"]],
                district=region.district if region else "",
                sealed_key=crypto.seal(data_key, public_key),
                personal_data=personal_seal(
                    data_key,
                    {
                        **{k: answers.get(k, "") for k in ("name", "unit", "region", "story")},
                        "contact": answers.get("contact", ""),
                        "contact_method": answers["contact_method"],
                        "facts": facts,
                        "assessment": result,
                    },
                ),
            )
        )
        if len(batch) == 5000:
            Request.objects.bulk_create(batch)
            batch = []
    Request.objects.bulk_create(batch)
    print(f"seeded {count} requests in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def _date_range() -> dict[str, str]:
    """Three weeks ending a week ago: the date-range view's filter."""
    from django.utils import timezone

    week_ago = timezone.localdate() - timedelta(days=7)
    return {"from": (week_ago - timedelta(days=14)).isoformat(), "to": week_ago.isoformat()}


def signed_in(base: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(base + "/staff/login").read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    form = {"csrfmiddlewaretoken": token, "username": "coordinator", "password": PASSWORD}
    request = urllib.request.Request(  # noqa: S310 - loopback only
        base + "/staff/login",
        data=urllib.parse.urlencode(form).encode(),
        headers={"Referer": base + "/staff/login"},
    )
    opener.open(request).read()  # follows the redirect to the second-factor page
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username="coordinator")
    code = f"{totp(bytes.fromhex(device.key)):06d}"
    rotated = next(c.value for c in jar if c.name == "csrftoken")  # sign-in rotates it
    second = urllib.request.Request(  # noqa: S310 - loopback only
        base + "/staff/otp",
        data=urllib.parse.urlencode(
            {"csrfmiddlewaretoken": rotated, "code": code, "next": "/staff/queue"}
        ).encode(),
        headers={"Referer": base + "/staff/otp"},
    )
    page = opener.open(second).read().decode()  # follows the redirect to the queue
    if 'id="queue"' not in page:
        raise RuntimeError("sign-in failed")
    return opener


def unlock() -> bytes:
    """Unlock the server's key-holder, as an administrator does at /staff/vault; returns the
    private key, so that `alternate` can unlock again without Argon2id."""
    from django.conf import settings

    from objector.accounts.models import Staff
    from objector.vault import keyholder
    from objector.vault.actions import private_key_unwrap

    key = private_key_unwrap(staff=Staff.objects.get(username="bench_admin"), passphrase=PASSPHRASE)
    for _ in range(50):  # the key-holder starts beside the web server
        try:
            keyholder.ask(settings.VAULT_SOCKET, {"op": "unlock", "private_key": key.hex()})
            return key
        except keyholder.KeyHolderError:
            time.sleep(0.2)
    raise RuntimeError("the key-holder did not start")


def alternate(
    opener: urllib.request.OpenerDirector, url: str, rounds: int, key: bytes
) -> tuple[dict[str, float], dict[str, float]]:
    """The same page, sealed then unlocked, round after round; (sealed, unlocked) timings.
    Sealing here talks to the key-holder only, so the coordinator stays signed in."""
    from django.conf import settings

    from objector.vault import keyholder

    times: dict[str, list[float]] = {"sealed": [], "unlocked": []}
    opener.open(url).read()
    for _ in range(rounds):
        for state in ("sealed", "unlocked"):
            op = {"op": "seal"} if state == "sealed" else {"op": "unlock", "private_key": key.hex()}
            keyholder.ask(settings.VAULT_SOCKET, op)
            start = time.perf_counter()
            body = opener.open(url).read().decode()
            times[state].append((time.perf_counter() - start) * 1000)
            assert ('id="sealed-notice"' in body) == (state == "sealed")  # noqa: S101
    return tuple(_summary(sorted(t)) for t in times.values())  # type: ignore[return-value]


def _summary(times: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        "max_ms": round(times[-1], 1),
    }


def measure(opener: urllib.request.OpenerDirector, url: str, rounds: int) -> dict[str, float]:
    times, total = [], ""
    opener.open(url).read()  # warm the worker's connection and templates
    for _ in range(rounds):
        start = time.perf_counter()
        body = opener.open(url).read().decode()
        times.append((time.perf_counter() - start) * 1000)
        total = re.search(r'id="total">(\d+)<', body)[1]  # type: ignore[index]
    times.sort()
    return {
        "shown": int(total),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        "max_ms": round(times[-1], 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument(
        "--keep",
        type=Path,
        help="seed into this directory once and reuse it on later runs (seeding takes minutes)",
    )
    parser.add_argument(
        "--without-sort-indexes",
        action="store_true",
        help="migrate the queue's sort indexes away first (a later run without this adds them)",
    )
    args = parser.parse_args()
    work, env = fresh_environment(args.keep)
    if args.without_sort_indexes:
        subprocess.run([*RUN, "migrate", "-v0", "intake", BEFORE_SORT_INDEXES], env=env, check=True)  # noqa: S603
    from objector.intake.models import Request

    if not Request.objects.exists():
        seed(args.requests)
    elif Request.objects.count() != args.requests:
        sys.exit(f"{args.keep} holds {Request.objects.count()} requests, not {args.requests}")
    dates = _date_range()
    with server(env, args.web_workers) as base:
        opener = signed_in(base)
        # The first page sealed (names hidden) and unlocked, alternating request by request so
        # that the machine's drift cancels out: the difference is what opening 50 data keys
        # through the key-holder and decrypting 50 rows costs.
        key = unlock()
        sealed, unlocked = alternate(opener, base + VIEWS[DEFAULT], args.rounds, key)
        views = {
            name: measure(opener, base + path.format(**dates), args.rounds)
            for name, path in VIEWS.items()
        }
    figures = {
        "benchmark": "queue",
        "requests": args.requests,
        "rounds": args.rounds,
        "sort_indexes": not args.without_sort_indexes,
        "views": views,
        "default_view_alternating": {"sealed": sealed, "unlocked": unlocked},
        "decrypting_50_rows_ms_p50": round(unlocked["p50_ms"] - sealed["p50_ms"], 1),
        **machine(),
    }
    figures["meets_target"] = all(v["p95_ms"] < 150 for v in views.values())
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if figures["meets_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
