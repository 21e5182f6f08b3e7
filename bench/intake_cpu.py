"""Where the CPU of one intake submission goes, measured in-process without HTTP.

The intake benchmark (bench/intake.py) is CPU-bound on this 2-core machine; this script splits
one submission into its parts so that the next optimisation aims at the right one:

- the whole submission through Django's WSGI handler (middleware, CSRF, session, view, redirect);
- assessing the answers (questionnaire -> facts -> legal engine);
- storing the request (ORM insert and commit);
- opening the draft cookie, and sealing it again (since issue #13 the draft lives in the
  browser, not in a session row).

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
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import transaction

    from objector.accounts.actions import organisation_setup
    from objector.intake.actions import request_create
    from objector.intake.drafts import CONTEXT, _open, _seal
    from objector.intake.questionnaire import to_facts
    from objector.law import assess

    # Intake seals every request to the organisation's key: without one it answers 503.
    organisation_setup(
        name="Benchmark",
        username="bench_admin",
        password="synthetic-bench-password-1",  # noqa: S106 -- a throwaway benchmark database
        passphrase="synthetic bench passphrase",  # noqa: S106
    )
    n = args.count
    today = date(2026, 11, 25)
    app = WSGIHandler()
    sessions = seed_sessions(n * 2)

    def submit(i: int) -> None:
        cookie, csrf, key, draft = sessions[i]
        body = f"csrfmiddlewaretoken={csrf}&idempotency_key={key}".encode()
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/intake/review",
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "HTTP_HOST": "127.0.0.1:8000",
            "HTTP_COOKIE": f"{cookie}={draft}; csrftoken={csrf}",
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
        _open(sessions[n + i][3], purpose=CONTEXT)

    def load_and_save(i: int) -> None:
        draft = _open(sessions[n + i][3], purpose=CONTEXT)
        _seal(draft or {}, purpose=CONTEXT)

    figures = {
        "benchmark": "intake_cpu",
        "submissions": n,
        "whole_submission_ms": per_call(n, submit),
        "assess_ms": per_call(n, lambda i: assess(to_facts(ANSWERS, today=today))),
        "store_request_and_commit_ms": per_call(n, create),
        "draft_open_ms": per_call(n, load),
        "draft_open_and_seal_ms": per_call(n, load_and_save),
        **machine(),
    }
    print(json.dumps(figures, indent=2))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
