"""The person registry's incremental linking (issue #16): one new mention at a time against
an index of PERSONS persons, through `objector.persons` as the worker runs it.

    .venv/bin/python bench/registry.py                   # 100,000 persons, 500 new mentions
    .venv/bin/python bench/registry.py --persons 20000   # quicker

The mentions come from bench/link.py's generator (every variation and hard negative, dev
split). The registry's rows are made in a fresh SQLite database: one Person per person the
linker finds and one Mention per mention, as after linking them one by one. Each new mention
then goes through `persons.actions._store`, the worker's own step: `Index.add`, the near-miss
check behind the counts' lower bound, the person of its strongest link read from the database,
and the mention written in a transaction. Not measured: decrypting the new mention's name and
its blind index (one round trip each to the key-holder, bench/vault.py measures those).
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

from bench.common import fresh_environment, machine
from bench.link import DEV_SEED, generate, to_mentions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--adds", type=int, default=500)
    args = parser.parse_args()
    fresh_environment()
    from django.db import transaction

    from objector.linking.index import Index
    from objector.persons import actions
    from objector.persons.models import Mention, Person
    from objector.persons.registry import REGISTRY, Read, _named

    rows, _truth, _ = generate("dev", args.persons + args.adds, DEV_SEED + args.persons, True)
    named = to_mentions(rows)
    cut = len(named) - args.adds
    reads = [_named(m.id, m.name, m.unit, m.birth_date, m.source) for m in named]
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
    result = {
        "machine": machine(),
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
    }
    print(json.dumps(result, ensure_ascii=False, indent=1))
    _ = Read


if __name__ == "__main__":
    main()
