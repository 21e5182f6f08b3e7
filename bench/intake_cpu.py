"""Where the CPU of one intake submission goes, measured in-process without HTTP.

The intake benchmark (bench/intake.py) is CPU-bound on this 2-core machine; this script splits
one submission into its parts so that the next optimisation aims at the right one:

- the whole submission through Django's WSGI handler (middleware, CSRF, session, view, redirect);
- assessing the answers (questionnaire -> facts -> legal engine);
- storing the request (ORM insert and commit);
- loading the session, and saving it (update and commit).

    .venv/bin/python bench/intake_cpu.py [--count 2000]
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import sys
import time
from datetime import date

from common import fresh_environment, machine
from intake import ANSWERS, seed_sessions


def per_call(count: int, call) -> float:  # type: ignore[no-untyped-def]
    start = time.process_time()
    for i in range(count):
        call(i)
    return round((time.process_time() - start) / count * 1000, 3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    args = parser.parse_args()
    work, _env = fresh_environment()
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import transaction

    from objector.intake.actions import request_create
    from objector.intake.questionnaire import to_facts
    from objector.law import assess

    n = args.count
    today = date(2026, 11, 25)
    app = WSGIHandler()
    sessions = seed_sessions(n * 2)

    def submit(i: int) -> None:
        sid, csrf, key, draft_key = sessions[i]
        body = f"csrfmiddlewaretoken={csrf}&idempotency_key={key}".encode()
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/intake/review",
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "HTTP_HOST": "127.0.0.1:8000",
            "HTTP_COOKIE": f"sessionid={sid}; csrftoken={csrf}; objector_draft={draft_key}",
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body),
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
        }
        status = []
        b"".join(app(environ, lambda s, h: status.append(s)))
        if not status[0].startswith("302"):
            raise RuntimeError(status[0])

    def create(i: int) -> None:
        with transaction.atomic():
            request_create(
                answers=ANSWERS, channel="web", language="ru", idempotency_key=f"c{i}", today=today
            )

    def load(i: int) -> None:
        SessionStore(session_key=sessions[n + i][0]).load()

    def load_and_save(i: int) -> None:
        store = SessionStore(session_key=sessions[n + i][0])
        store["intake"] = None
        with transaction.atomic():
            store.save()

    figures = {
        "benchmark": "intake_cpu",
        "submissions": n,
        "whole_submission_ms": per_call(n, submit),
        "assess_ms": per_call(n, lambda i: assess(to_facts(ANSWERS, today=today))),
        "store_request_and_commit_ms": per_call(n, create),
        "session_load_ms": per_call(n, load),
        "session_load_save_commit_ms": per_call(n, load_and_save),
        **machine(),
    }
    print(json.dumps(figures, indent=2))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
