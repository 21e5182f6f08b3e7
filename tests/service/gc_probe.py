"""For tests/service/test_heap.py: Objector's WSGI application as gunicorn serves it, with one
more path, /gc-probe, that reports the worker's garbage collector (never part of the product)."""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterable
from typing import Any

from objector.wsgi import application as objector_application


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    if environ.get("PATH_INFO") != "/gc-probe":
        return objector_application(environ, start_response)
    gc.collect(2)  # what a collection of the oldest generation walks now
    body = json.dumps({"frozen": gc.get_freeze_count(), "walked": len(gc.get_objects())}).encode()
    start_response("200 OK", [("Content-Type", "application/json")])
    return [body]
