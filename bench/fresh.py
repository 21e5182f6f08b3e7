"""A request's first join of a person only documents mention (`persons.actions._fresh`, red
team round 10, finding 1): the person gets a new row, and every uncertain neighbour (`near`)
naming the old one follows it. Round 10 found the documents' sealed neighbours by opening every
document mention's blob; since round 11 (r11-tidy) by their keyed tag (`Mention.near_tag`).

    .venv/bin/python bench/fresh.py                          # 100,000 document mentions
    .venv/bin/python bench/fresh.py --code-from /tmp/main-X  # main's code, from that copy

A fresh SQLite database gets MENTIONS document mentions, sealed as the worker seals them, on
MENTIONS / 2 persons, a tenth of them with a neighbour; then `_fresh` re-homes --rounds of
those persons, one at a time, each in a transaction rolled back (so every round sees the same
rows). Not measured: the request's own linking (bench/registry.py) and the key-holder's round
trip for the registry's key (random here, as the worker holds it once opened).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mentions", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--code-from", type=Path, help="a copy of another tree's code")
    args = parser.parse_args()
    code = (args.code_from or Path(__file__).resolve().parent.parent).resolve()
    sys.path.insert(0, str(code))
    work = Path(tempfile.mkdtemp(prefix="objector-bench-fresh-"))
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(
        OBJECTOR_DATA_DIR=str(work / "data"), DJANGO_SETTINGS_MODULE="objector.settings"
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    import objector
    from objector.persons import actions, keyring
    from objector.persons.models import Mention, Person

    call_command("migrate", verbosity=0)
    keyring._key = secrets.token_bytes(32)
    rng = random.Random(11)
    persons = max(2, args.mentions // 2)
    with transaction.atomic():
        first = Person.objects.bulk_create([Person() for _ in range(persons)], batch_size=5000)
        ids = [p.pk for p in first]
        rows = []
        for i in range(args.mentions):
            m = Mention(source="document", role="subject", doc_kind="order", doc_unit="12345")
            near = rng.choice(ids) if i % 10 == 0 else None
            m.place(ids[i % persons], near)
            rows.append(m)
        Mention.objects.bulk_create(rows, batch_size=2000)
    loads = [os.getloadavg()[0]]
    times = []
    for pk in rng.sample(ids, args.rounds):
        with transaction.atomic():
            t = time.perf_counter()
            actions._fresh(Person.objects.get(pk=pk))
            times.append(time.perf_counter() - t)
            transaction.set_rollback(True)
    loads.append(os.getloadavg()[0])
    times.sort()
    print(
        json.dumps(
            {
                "code": str(Path(objector.__file__).resolve().parent.parent),
                "document_mentions": args.mentions,
                "rounds": len(times),
                "fresh_ms_p50": round(times[len(times) // 2] * 1000, 1),
                "fresh_ms_max": round(times[-1] * 1000, 1),
                "load_1min_before_after": loads,
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
