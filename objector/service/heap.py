"""The web workers' garbage collector: the code's own objects are frozen out of it (issue #13,
round 8).

A web worker tracks about 170,000 objects once Django, the URL patterns, the views and the
legal engine are loaded. Python's oldest generation is collected whenever the objects that
survived grow by a quarter, and each such collection walks all of them: 75 ms of CPU on this
machine, 200 to 530 ms of wall time when the two cores are shared. The GIL is held throughout,
so a worker whose thread held the final submit's write turn (vault/durability.py) stalled the
other worker's submissions too: every run of the final-submit benchmark had two such pauses
per worker, and they made its p99 (bench/intake.py; docs/benchmarks.md, round 8).

`gc.freeze()` moves every object tracked so far into a generation the collector never walks.
It is called once the worker has loaded the application (gunicorn's `post_worker_init`) and
again after its first requests, which load what is imported or cached on first use (templates,
the link task's module). Requests' own garbage is collected as before; only cycles among the
frozen objects, which live as long as the process, are never looked for.
"""

from __future__ import annotations

import gc
import threading
from typing import Any

from django.core.signals import request_finished

REFREEZE_AFTER = 200  # requests: by then the pages and the submit have loaded what they use

_state = {"requests": 0}
_lock = threading.Lock()


def freeze() -> None:
    """Collect what is garbage now, then keep every object left out of later collections."""
    gc.collect()
    gc.freeze()


def freeze_after_warm_up() -> None:
    """In a web worker that has loaded the application: import every view (the URL patterns
    load lazily, on the first request), freeze, and freeze again after REFREEZE_AFTER requests."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 -- imports every app's views
    freeze()
    _state["requests"] = 0
    request_finished.connect(_counted, dispatch_uid="objector.service.heap")


def _counted(**kwargs: Any) -> None:
    with _lock:
        _state["requests"] += 1
        if _state["requests"] != REFREEZE_AFTER:
            return
    request_finished.disconnect(dispatch_uid="objector.service.heap")
    freeze()
