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
It is called once, when the worker has loaded the application (gunicorn's `post_worker_init`)
and before it takes its first request: every view, every app's tasks and every template of
Objector's own are loaded first, so that little is left to load on first use. Nothing a request
made is frozen: a request's objects hold cycles (its lazy user refers back to it), which only
the collector frees, and a frozen one would keep what it carried, answers included, for the
life of the process. Requests' garbage is collected as before.
"""

from __future__ import annotations

import gc
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent  # objector/


def warm_up() -> None:
    """Load what the first requests would load: every view (the URL patterns load lazily), every
    app's tasks module (the link task is imported when the first request is stored), and every
    template of Objector's own (compiled and kept by the cached loader on first use)."""
    from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
    from django.urls import get_resolver
    from django.utils.module_loading import autodiscover_modules

    get_resolver().url_patterns  # noqa: B018 -- imports every app's views
    autodiscover_modules("tasks")
    for engine in engines.all():
        for directory in getattr(engine, "template_dirs", ()):
            root = Path(directory)
            if not root.resolve().is_relative_to(PACKAGE):
                continue
            for path in root.rglob("*.html"):
                try:
                    engine.get_template(str(path.relative_to(root)))
                except (TemplateDoesNotExist, TemplateSyntaxError):
                    continue


def freeze_after_warm_up() -> None:
    """In a web worker that has loaded the application and taken no request yet."""
    warm_up()
    gc.collect()
    gc.freeze()
