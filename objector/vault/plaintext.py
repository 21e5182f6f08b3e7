"""The plaintext a long-lived process keeps between requests, dropped when the vault is sealed.

A web worker (or task worker) that opened cases keeps some of what it read beyond the
request: the memo caches of the name cores (a surname's forms, its transliterations), and
Django's local-memory cache (the statistics tables). Sealing must end that too (issue #13,
finding 10), in every process, not only the one that handled the seal:

- `drop()` clears them: every functools cache of the modules of PLAINTEXT_PACKAGES, and
  Django's cache. The seal action calls it in its own process.
- `watch()` starts a thread (gunicorn_conf.post_fork, and the task workers) that waits on the
  key-holder's `wait_seal` and calls `drop()` when the key is dropped, or when the key-holder
  goes away (a restarted key-holder starts sealed).

Best effort, as in any garbage-collected language: the cleared objects are freed, not
overwritten; the process's memory may still hold their bytes until reused.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from typing import Any

from . import keyholder

# The plain-Python cores whose memo caches take names (or a document's words) as arguments or
# return them: every module of these packages, whatever its name. Round 8's second red team:
# a list of four modules left the linker's (objector.linking.link) and the OCR's
# (objector.extraction.ocr) caches holding names after the seal.
PLAINTEXT_PACKAGES = ("objector.extraction", "objector.linking", "objector.filings")
RETRY_SECONDS = 5.0


def _caches() -> list[object]:
    found: list[object] = []
    # Only the modules imported here: one never imported has cached nothing.
    modules = [
        module
        for name, module in list(sys.modules.items())
        if module is not None
        and any(name == p or name.startswith(p + ".") for p in PLAINTEXT_PACKAGES)
    ]
    for module in modules:
        for value in list(vars(module).values()):
            parameters = getattr(value, "cache_parameters", None)
            # maxsize 1: a loader of a dictionary or a table, which holds no one's data.
            # A function imported into another module of the cores is counted once.
            if (
                callable(parameters)
                and parameters().get("maxsize") != 1
                and all(value is not f for f in found)
            ):
                found.append(value)
    return found


def drop() -> int:
    """Clear every plaintext cache of this process; how many memo caches were cleared."""
    from django.core.cache import cache

    from .signals import sealed

    caches = _caches()
    for memo in caches:
        memo.cache_clear()  # type: ignore[attr-defined]
    cache.clear()
    sealed.send(sender=drop)  # e.g. objector.persons' index of every linked name
    return len(caches)


def watch(socket_path: Path, *, stop: threading.Event | None = None) -> threading.Thread:
    """A daemon thread calling drop() whenever the key-holder at `socket_path` drops the key
    (until `stop` is set and the key-holder next answers or goes away)."""

    def run() -> None:
        seen: int | None = None  # the key-holder's count of seals at its last answer
        while stop is None or not stop.is_set():
            try:
                request: dict[str, Any] = {"op": "wait_seal", "seconds": 3600}
                if seen is not None:
                    # A seal while drop() ran below (an unlock and a seal in between) answers
                    # at once: waiting only for the next one missed it, and what was read after
                    # that unlock stayed in memory, sealed (found by CI under load, round 9).
                    request["after"] = seen
                answer = keyholder.ask(socket_path, request, timeout=3700)
                seals = answer.get("seals")
                seen = seals if type(seals) is int else None
                if answer.get("sealed"):
                    drop()
            except keyholder.KeyHolderError:
                seen = None
                drop()  # gone, or refused: either way nothing here may stay readable
                time.sleep(RETRY_SECONDS)

    thread = threading.Thread(target=run, name="objector-plaintext-watch", daemon=True)
    thread.start()
    return thread
