"""Where the questionnaire's CPU goes, page by page, in-process: no HTTP, no client.

bench/intake.py measures whole questionnaires through gunicorn, with the client on the same two
cores; its figures swing with the machine's load. This walks the same questionnaire through
Django's WSGI handler, as gunicorn calls it (objector/wsgi.py: the flood guard, then Django with
every middleware of settings.MIDDLEWARE), and reports the CPU of each kind of request:

- the start page (GET, with the first page's questions), a page of questions (GET), its answers
  (POST, and POST with an error), Back (POST), the review (GET), the final submit (POST), the
  receipt page (GET); in Russian and in English (alternate completions);
- each completion as a browser sends it, with one wrong date and one Back on the way; the
  "completion" figure counts the 11 requests of a walk without them;
- pass 1: the stack as it is (thread CPU time around each request);
- pass 2, a completion each in turn with pass 1: the same walk with every middleware wrapped to
  time its own part (its __call__ without what it calls, plus its process_view), the guard,
  Django's handler around the middleware (request object, signals, closing), the view with URL
  resolution and rendering, and inside the view: template rendering and the draft cookie's seal
  and open. Pass 2's parts are wall-clock (see `clock`), and the wrapped stack runs about a
  third slower than pass 1 for no cause found (a profile shows the same calls, each slower):
  read its parts as shares of a request, and pass 1 for the CPU.

    .venv/bin/python bench/intake_pages.py [--completions 300] [--code-from DIR] [--json]
    .venv/bin/python bench/intake_pages.py --anchor    # bench/intake_anchor.py's form, the same way

`--code-from DIR` runs another checkout's `objector` package (say main's, from `git archive`)
with this script, so that main and a branch are compared in the same session.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import os
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

if "--code-from" in sys.argv:  # before anything imports objector
    _code = str(Path(sys.argv[sys.argv.index("--code-from") + 1]).resolve())
    sys.path.insert(0, _code)
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [_code, os.environ.get("PYTHONPATH")]))

from common import fresh_environment, machine
from intake import ANSWERS
from intake_client import ACTION, FIELD, FORM, HIDDEN, _answer

PLAIN = {  # a completion without mistakes: 11 requests
    "start GET": 1,
    "question POST": 4,
    "question GET": 3,
    "review GET": 1,
    "submit POST": 1,
    "receipt GET": 1,
}
WRONG_DATE = "the thirty-second of Smarch"
# The parts are timed by the wall clock: the thread's CPU clock is a system call, and the
# hundred calls a request made pass 2 40 % slower than pass 1. A request's own total is its
# thread's CPU time. Run it on a quiet machine; the parts are then CPU too.
clock = time.perf_counter_ns
cpu_clock = time.thread_time_ns


class Split:
    """What pass 2 adds up: nanoseconds per part, for the request being served."""

    def __init__(self) -> None:
        self.now: dict[str, int] = defaultdict(int)
        self.on = False  # the functions inside views are timed only for the wrapped stack

    def add(self, part: str, ns: int) -> None:
        self.now[part] += ns


SPLIT = Split()
BUILT: list[Any] = []


def timed_middleware(path: str, real: type) -> type:
    """A middleware class that builds `real` around itself and times `real`'s own part."""
    name = path.rsplit(".", 1)[1]

    class Timed:
        sync_capable = True
        async_capable = False

        def __init__(self, get_response: Callable[[Any], Any]) -> None:
            self.get_response = get_response
            self.inner = 0
            self.below = ""
            BUILT.append(self)
            self.mw = real(self.down)
            if hasattr(self.mw, "process_view"):
                self.process_view = self._process_view
            if hasattr(self.mw, "process_exception"):
                self.process_exception = self.mw.process_exception
            if hasattr(self.mw, "process_template_response"):
                self.process_template_response = self.mw.process_template_response

        def down(self, request: Any) -> Any:
            start = clock()
            try:
                return self.get_response(request)
            finally:
                spent = clock() - start
                self.inner += spent
                if self.below:
                    SPLIT.add(self.below, spent)

        def __call__(self, request: Any) -> Any:
            outer, self.inner = self.inner, 0
            start = clock()
            try:
                return self.mw(request)
            finally:
                SPLIT.add(f"mw {name}", clock() - start - self.inner)
                self.inner = outer

        def _process_view(self, request: Any, view: Any, args: Any, kwargs: Any) -> Any:
            start = clock()
            try:
                return self.mw.process_view(request, view, args, kwargs)
            finally:
                spent = clock() - start
                SPLIT.add(f"mw {name}", spent)
                SPLIT.add("process_view (all)", spent)

    Timed.__name__ = f"Timed{real.__name__}"
    return Timed


def _timed(real: Callable[..., Any], part: str) -> Callable[..., Any]:
    """`real`, adding its time to `part` while the split is on."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not SPLIT.on:
            return real(*args, **kwargs)
        start = clock()
        try:
            return real(*args, **kwargs)
        finally:
            SPLIT.add(part, clock() - start)

    return wrapper


def timed_function(module: Any, attribute: str, part: str) -> None:
    setattr(module, attribute, _timed(getattr(module, attribute), part))


def build_app(split: bool) -> tuple[Callable[..., Iterable[bytes]], Any]:
    """objector/wsgi.py's application; with `split`, every part wrapped to time itself."""
    from django.core.handlers import base
    from django.core.handlers.wsgi import WSGIHandler
    from django.utils.module_loading import import_string

    from objector.service.guard import FloodGuard

    if not split:
        handler = WSGIHandler()
        return FloodGuard(handler), handler
    BUILT.clear()
    base.import_string = lambda path: timed_middleware(path, import_string(path))
    try:
        handler = WSGIHandler()
    finally:
        base.import_string = import_string
    # The innermost middleware (built first) calls the handler's _get_response: URL
    # resolution, every process_view, the view and its rendering.
    BUILT[0].below = "view, with resolving and process_view"

    def django_app(environ: dict[str, Any], start_response: Any) -> Any:
        start = clock()
        try:
            return handler(environ, start_response)
        finally:
            SPLIT.add("django (inclusive)", clock() - start)

    import django.template.backends.django as template_backend

    from objector.intake import drafts

    timed_function(drafts, "_seal", "view: draft seal")
    timed_function(drafts, "_open", "view: draft open")
    timed_function(template_backend.Template, "render", "view: template render")
    return FloodGuard(django_app), handler


class Browser:
    """Cookies, the CSRF token from the page's forms, and redirects followed by the walk."""

    def __init__(self, app: Callable[..., Iterable[bytes]], record: Callable[..., None]) -> None:
        self.app = app
        self.record = record
        self.cookies: dict[str, str] = {}

    def request(self, kind: str, method: str, target: str, form: list[tuple[str, str]] | None):
        parts = urlsplit(target)
        body = urlencode(form or []).encode()
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": parts.path,
            "QUERY_STRING": parts.query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "127.0.0.1:8000",
            "HTTP_USER_AGENT": "intake-pages",
            "wsgi.input": io.BytesIO(body),
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": True,
        }
        if self.cookies:
            environ["HTTP_COOKIE"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
            environ["CONTENT_LENGTH"] = str(len(body))
        got: list[Any] = []
        SPLIT.now.clear()
        start, cpu_start = clock(), cpu_clock()
        result = self.app(environ, lambda status, headers, exc=None: got.extend((status, headers)))
        content = b"".join(result)
        if hasattr(result, "close"):
            result.close()  # as the server does: Django's request_finished
        self.record(kind, cpu_clock() - cpu_start, clock() - start, dict(SPLIT.now))
        status, headers = int(got[0].split()[0]), got[1]
        location = ""
        for name, value in headers:
            if name.lower() == "set-cookie":
                cookie = SimpleCookie(value)
                for key, morsel in cookie.items():
                    if morsel["max-age"] == "0" or morsel.value == "":
                        self.cookies.pop(key, None)
                    else:
                        self.cookies[key] = morsel.value
            elif name.lower() == "location":
                loc = urlsplit(value)
                location = loc.path + (f"?{loc.query}" if loc.query else "")
        return status, content.decode(), location


def check(ok: object, detail: object) -> None:
    if not ok:
        raise RuntimeError(f"unexpected answer: {detail!r}")


def _form(page: str, having: str) -> tuple[str, dict[str, str]]:
    """The post form that carries the hidden field `having`: (action, hidden fields)."""
    for attributes, inside in FORM.findall(page):
        hidden = {k: html.unescape(v) for k, v in HIDDEN.findall(inside)}
        action = ACTION.search(attributes)
        if having in hidden:
            return html.unescape(action[1]) if action else "", hidden
    raise AssertionError(f"no form with {having!r} on the page")


def walk(browser: Browser, lang: str) -> None:
    """One whole questionnaire, with one wrong date and one Back on the way."""
    status, page, _ = browser.request("start GET", "GET", f"/intake/?lang={lang}", None)
    check(status == 200, status)
    wrong_done = back_done = False
    posts = 0
    for _ in range(30):
        if "idempotency_key" in page:  # the review
            action, hidden = _form(page, "idempotency_key")
            status, _page, location = browser.request(
                "submit POST", "POST", action, list(hidden.items())
            )
            check(status == 302 and location == "/intake/receipt", (status, location))
            status, receipt, _ = browser.request("receipt GET", "GET", location, None)
            check(status == 200 and re.search(r"[0-9A-Z]{4}-[0-9A-Z]{4}", receipt), status)
            return
        action, hidden = _form(page, "page")
        body = next(inside for _a, inside in FORM.findall(page) if 'name="page"' in inside)
        names = list(dict.fromkeys(html.unescape(n) for n in FIELD.findall(body)))
        form = list(hidden.items())
        for name in names:
            form += [(name, v) for v in _answer(ANSWERS[name])]
        if "date:left_unit" in names and not wrong_done:
            wrong = [(k, WRONG_DATE if k == "date:left_unit" else v) for k, v in form]
            status, page, _ = browser.request("question POST (errors)", "POST", action, wrong)
            check(status == 400 and WRONG_DATE in page, status)
            wrong_done = True
            continue
        if posts == 2 and not back_done:
            status, _page, location = browser.request("back POST", "POST", "/intake/back", form)
            check(status == 302, status)
            back_done = True
            status, page, _ = browser.request("question GET", "GET", location, None)
            check(status == 200, status)
            continue
        status, _page, location = browser.request("question POST", "POST", action, form)
        check(status == 302, (status, _page[:2000]))
        posts += 1
        kind = "review GET" if location.startswith("/intake/review") else "question GET"
        status, page, _ = browser.request(kind, "GET", location, None)
        check(status == 200, status)
    raise AssertionError("the questionnaire did not end")


def run_passes(
    plain_app: Callable[..., Iterable[bytes]],
    split_app: Callable[..., Iterable[bytes]],
    completions: int,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Both stacks, a completion each in turn (so that the machine's load falls on both alike),
    each in Russian and English alternately."""
    plain: Record = Record()
    timed: Record = Record()
    for i in range(completions):
        lang = "ru" if i % 2 == 0 else "en"
        SPLIT.on = False
        walk(Browser(plain_app, plain.add), lang)
        SPLIT.on = True
        walk(Browser(split_app, timed.add), lang)
    SPLIT.on = False
    return summary(plain), summary(timed)


class Record:
    def __init__(self) -> None:
        self.costs: dict[str, list[int]] = defaultdict(list)
        self.wall: dict[str, list[int]] = defaultdict(list)
        self.parts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def add(self, kind: str, ns: int, wall: int, split: dict[str, int]) -> None:
        self.costs[kind].append(ns)
        self.wall[kind].append(wall)
        for part, spent in split.items():
            self.parts[kind][part] += spent


def summary(record: Record) -> dict[str, Any]:
    costs, parts = record.costs, record.parts
    per_request = {
        kind: {
            "count": len(ns),
            "mean_ms": round(statistics.fmean(ns) / 1e6, 3),
            "median_ms": round(statistics.median(ns) / 1e6, 3),
        }
        for kind, ns in costs.items()
    }
    split = {}
    for kind, spent in parts.items():
        n = len(costs[kind])
        row = {part: round(total / n / 1e6, 4) for part, total in sorted(spent.items())}
        middleware = sum(v for k, v in row.items() if k.startswith("mw "))
        inclusive = row.get("django (inclusive)", 0.0)
        wall = statistics.fmean(record.wall[kind]) / 1e6
        row["wall, whole request"] = round(wall, 4)
        row["guard (own)"] = round(wall - inclusive, 4)
        row["mw (all)"] = round(middleware, 4)
        split[kind] = row
    completion = sum(per_request[k]["mean_ms"] * n for k, n in PLAIN.items())
    return {
        "per_request": per_request,
        "split": split,
        "completion_ms": round(completion, 2),
        "per_request_ms": round(completion / sum(PLAIN.values()), 3),
    }


def anchor(completions: int, warm_up: int) -> dict[str, Any]:
    """bench/intake_anchor.py's bare Django form (GET, POST storing a row and a session, the
    thank-you page) walked the same way through its own WSGI handler: Django's own cost of a
    request, without HTTP, beside Objector's."""
    import tempfile

    from intake_anchor import anchor_project

    directory = Path(tempfile.mkdtemp(prefix="objector-anchor-"))
    env = anchor_project(directory)
    sys.path.insert(0, str(directory))
    os.environ.update(env)
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    record = Record()
    app = WSGIHandler()

    def walk_anchor(browser: Browser) -> None:
        status, page, _ = browser.request("form GET", "GET", "/form", None)
        _action, hidden = _form(page, "csrfmiddlewaretoken")
        form = [*hidden.items(), ("text", str(ANSWERS["story"]))]
        status, _page, location = browser.request("form POST", "POST", "/form", form)
        check(status == 302, status)
        status, _page, _ = browser.request("done GET", "GET", location, None)
        check(status == 200, status)

    for _ in range(warm_up):
        walk_anchor(Browser(app, Record().add))
    for _ in range(completions):
        walk_anchor(Browser(app, record.add))
    per_request = {kind: round(statistics.fmean(ns) / 1e6, 3) for kind, ns in record.costs.items()}
    return {
        "per_request_ms": per_request,
        "mean_ms": round(statistics.fmean(per_request.values()), 3),
        "loadavg": Path("/proc/loadavg").read_text().split()[:3],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--completions", type=int, default=300)
    parser.add_argument("--warm-up", type=int, default=20)
    parser.add_argument("--code-from", help="serve another checkout's objector package")
    parser.add_argument("--json", action="store_true", help="the whole result as JSON")
    parser.add_argument("--anchor", action="store_true", help="the bare Django anchor instead")
    args = parser.parse_args()
    if args.anchor:
        print(json.dumps(anchor(args.completions, args.warm_up), indent=1))
        return 0
    fresh_environment()

    import objector
    from objector.accounts.actions import organisation_setup

    organisation_setup(
        name="Benchmark",
        username="bench_admin",
        password="synthetic-bench-password-1",  # noqa: S106 -- a throwaway benchmark database
        passphrase="synthetic bench passphrase",  # noqa: S106
    )
    plain_app, _ = build_app(split=False)
    split_app, _ = build_app(split=True)
    run_passes(plain_app, split_app, args.warm_up)
    plain, timed = run_passes(plain_app, split_app, args.completions)
    result = {
        "code": str(Path(objector.__file__).resolve().parent),
        "machine": machine(),
        "loadavg": Path("/proc/loadavg").read_text().split()[:3],
        "completions": args.completions,
        "plain": plain,
        "timed": timed,
    }
    if args.json:
        print(json.dumps(result, indent=1, ensure_ascii=False))
        return 0
    print(f"code: {result['code']}  load: {' '.join(result['loadavg'])}")
    print(
        f"completion (11 requests, pass 1): {plain['completion_ms']} ms, "
        f"{plain['per_request_ms']} ms a request; pass 2 (timed): {timed['completion_ms']} ms"
    )
    kinds = list(plain["per_request"])
    print(f"\n{'ms a request (mean)':<24}" + "".join(f"{k[:13]:>14}" for k in kinds))
    print(f"{'pass 1':<24}" + "".join(f"{plain['per_request'][k]['mean_ms']:>14}" for k in kinds))
    print(f"{'pass 2':<24}" + "".join(f"{timed['per_request'][k]['mean_ms']:>14}" for k in kinds))
    rows = sorted({p for row in timed["split"].values() for p in row})
    for part in rows:
        print(f"{part[:24]:<24}" + "".join(f"{timed['split'][k].get(part, 0):>14}" for k in kinds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
