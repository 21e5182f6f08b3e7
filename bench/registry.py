"""The person registry's incremental linking (issue #16): one new mention at a time against
an index of PERSONS persons, through `objector.persons` as the worker runs it.

    .venv/bin/python bench/registry.py                   # 100,000 persons, 500 new mentions
    .venv/bin/python bench/registry.py --persons 20000   # quicker
    .venv/bin/python bench/registry.py --code-from /tmp/main-X  # another tree's code

The mentions come from bench/link.py's generator (every variation and hard negative, dev
split). The registry's rows are made in a fresh SQLite database: one Person per person the
linker finds and one Mention per mention, as after linking them one by one. Each new mention
then goes through `persons.actions._store`, the worker's own step: `Index.add`, the near-miss
check behind the counts' lower bound, the person of its strongest link read from the database,
and the mention written in a transaction. Not measured: decrypting the new mention's name and
its blind index (one round trip each to the key-holder, bench/vault.py measures those).

Then the queue's markers (`persons.markers.markers_for`; since round 10 two queries, the second,
only while unlocked, finding the orders by their persons' tags): a page of 50 requests whose
subjects are indexed persons, half of them also named in an order, timed `--rounds` times.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if "--code-from" in sys.argv[:-1]:  # its objector before this tree's, here and in `migrate`
    CODE = str(Path(sys.argv[sys.argv.index("--code-from") + 1]).resolve())
    sys.path.insert(0, CODE)
    os.environ["PYTHONPATH"] = CODE
    os.chdir(CODE)  # `python -m` puts the working folder first

from bench.common import fresh_environment, machine
from bench.link import DEV_SEED, generate, to_mentions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--adds", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--code-from", type=Path, help="serve another tree's code (a copy)")
    args = parser.parse_args()
    fresh_environment()
    from django.db import transaction

    import objector

    _registry_key()

    from objector.linking.index import Index
    from objector.persons import actions
    from objector.persons.models import Mention, Person
    from objector.persons.registry import REGISTRY, _named

    rows, _truth, _ = generate("dev", args.persons + args.adds, DEV_SEED + args.persons, True)
    named = to_mentions(rows)
    cut = len(named) - args.adds
    # (birth date, partial birth date): since round 10 the registry reads partial dates too.
    reads = [_named(m.id, m.name, m.unit, (m.birth_date, None), m.source) for m in named]
    old = [r for r in reads[:cut] if r.named is not None]

    start = time.process_time()
    index = Index.build([r.named for r in old if r.named is not None])
    build = time.process_time() - start
    persons = {index.person(i) for i in range(len(old))}
    with transaction.atomic():
        ids = {root: Person.objects.create().pk for root in persons}
        made = Mention.objects.bulk_create(
            [
                Mention(person_id=ids[index.person(i)], source="web", block=r.block[:32])
                for i, r in enumerate(old)
            ],
            batch_size=2000,
        )
    for m, r in zip(made, old, strict=True):
        REGISTRY._remember(m.pk, r)
    REGISTRY.index, REGISTRY.seen = index, max(m.pk for m in made)

    times = []
    for r in reads[cut:]:
        t = time.perf_counter()
        actions._store(r, r.block[:32], source="web")
        times.append(time.perf_counter() - t)
    times.sort()
    page = _markers(made[:: max(1, len(made) // 50)][:50], args.rounds)
    result = {
        "machine": machine(),
        "code": str(Path(objector.__file__).resolve().parent.parent),
        "load_average": os.getloadavg(),
        "indexed_mentions": len(old),
        "indexed_persons": len(persons),
        "index_build_cpu_seconds": round(build, 1),
        "adds": len(times),
        "add_ms_p50": round(times[len(times) // 2] * 1000, 1),
        "add_ms_p99": round(times[int(len(times) * 0.99)] * 1000, 1),
        "add_ms_max": round(times[-1] * 1000, 1),
        "max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "unread": sum(1 for r in reads if r.named is None),
        **page,
    }
    print(json.dumps(result, ensure_ascii=False, indent=1))


def _registry_key() -> None:
    """The registry's key (round 10), as the worker holds it once opened: random here, as the
    key-holder's round trips are not measured (bench/vault.py does). Main's code has none."""
    import secrets

    try:
        from objector.persons import keyring
    except ImportError:
        return
    keyring._key = secrets.token_bytes(32)


def _markers(mentions: list[object], rounds: int) -> dict[str, object]:
    from django.db import transaction

    from objector.accounts.models import Staff
    from objector.intake.models import Request
    from objector.persons.markers import markers_for
    from objector.persons.models import Mention

    with transaction.atomic():
        requests = Request.objects.bulk_create(
            Request(
                reference=f"BNCH-{i:04d}",
                secret_hash="0" * 64,
                idempotency_key=f"{i:064d}",
                channel="web",
                urgency="normal",
                urgency_rank=2,
            )
            for i in range(len(mentions))
        )
        for i, (m, r) in enumerate(zip(mentions, requests, strict=True)):
            Mention.objects.filter(pk=m.pk).update(request=r)  # type: ignore[attr-defined]
            if i % 2:
                order = Mention(
                    source="document",
                    role="subject",
                    doc_kind="order",
                    doc_number=str(i),
                    doc_unit="12345",
                )
                if hasattr(order, "place"):  # round 10: a document's person tagged, sealed
                    order.place(m.person_id, None)  # type: ignore[attr-defined]
                else:
                    order.person_id = m.person_id  # type: ignore[attr-defined]
                order.save()
    staff = Staff(pk=10**9, role=Staff.Role.COORDINATOR)
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        found = markers_for(staff, requests)
        times.append(time.perf_counter() - t)
    times.sort()
    return {
        "markers_page_rows": len(requests),
        "markers_rows_marked": len(found),
        "markers_ms_p50": round(times[len(times) // 2] * 1000, 2),
        "markers_ms_p95": round(times[int(len(times) * 0.95)] * 1000, 2),
    }


if __name__ == "__main__":
    main()
