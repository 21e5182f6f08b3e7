"""A light HTTP/1.1 client for bench/intake.py: browsers that walk the whole questionnaire,
browsers that fill in the anchor's one form, and floods of sign-in attempts and receipt guesses.

Written on asyncio streams rather than a library: the load generator shares the two cores with
the server it measures, and a full client (cookie jar, redirects, HTML parser) per request
would cost more CPU than the few regular expressions below. Each simulated browser keeps its
own cookies, sends the CSRF token from the page's form as a browser does, follows the
redirects itself, and fills in every field the page shows (so a new question in the
questionnaire fails the bench loudly instead of being skipped).
"""

from __future__ import annotations

import asyncio
import html
import os
import random
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote_plus, urlsplit

FORM = re.compile(r"<form([^>]*)>(.*?)</form>", re.S)
ACTION = re.compile(r'action="([^"]*)"')
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')
FIELD = re.compile(r'<(?:input|textarea)(?![^>]*type="hidden")[^>]*\sname="([^"]+)"')


class BenchError(Exception):
    """The server answered something a browser would not have got on this path."""


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str:
        for key, value in self.headers:
            if key == name:
                return value
        return ""

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


# A browser keeps its connection open between requests (HTTP/1.1 keep-alive; gunicorn's gthread
# worker, which both servers run, honours it). OBJECTOR_BENCH_CONNECTION=close opens a new
# connection for every request, as this client did up to round 6.
KEEP_ALIVE = os.environ.get("OBJECTOR_BENCH_CONNECTION", "keep-alive") != "close"


@dataclass
class Browser:
    host: str
    port: int
    forwarded_for: str = ""
    cookies: dict[str, str] = field(default_factory=dict)
    requests: int = 0
    connections: int = 0
    keep_alive: bool = KEEP_ALIVE
    _stream: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def request(
        self, method: str, path: str, form: list[tuple[str, str]] | None = None
    ) -> Response:
        """One request, cookies in and out as a browser keeps them. On a kept connection that
        the server has closed meanwhile, the request is sent again on a new one (a browser
        does the same)."""
        if self._stream is not None:
            try:
                return await self._exchange(method, path, form, self._stream)
            except (OSError, asyncio.IncompleteReadError) as exc:
                self.close()
                if isinstance(exc, asyncio.IncompleteReadError) and exc.partial:
                    raise  # part of an answer came, then the connection broke
        self.connections += 1
        stream = await asyncio.open_connection(self.host, self.port)
        try:
            response = await self._exchange(method, path, form, stream)
        except BaseException:
            stream[1].close()
            raise
        if self.keep_alive and response.header("connection").lower() != "close":
            self._stream = stream
        else:
            stream[1].close()
        return response

    def close(self) -> None:
        if self._stream is not None:
            self._stream[1].close()
            self._stream = None

    async def _exchange(
        self,
        method: str,
        path: str,
        form: list[tuple[str, str]] | None,
        stream: tuple[asyncio.StreamReader, asyncio.StreamWriter],
    ) -> Response:
        reader, writer = stream
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            "User-Agent: objector-bench",
            "Accept: text/html",
            "Accept-Language: ru",
            f"Connection: {'keep-alive' if self.keep_alive else 'close'}",
        ]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if self.forwarded_for:
            lines.append(f"X-Forwarded-For: {self.forwarded_for}")
        body = b""
        if form is not None:
            body = "&".join(f"{quote_plus(k)}={quote_plus(v)}" for k, v in form).encode()
            lines += [
                f"Origin: http://{self.host}:{self.port}",
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
            ]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        head = await reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        headers = []
        for line in header_lines:
            if line:
                key, _, value = line.partition(":")
                headers.append((key.strip().lower(), value.strip()))
        response = Response(int(status_line.split()[1]), headers, b"")
        length = response.header("content-length")
        if length:
            response.body = await reader.readexactly(int(length))
        elif response.header("transfer-encoding") == "chunked":
            parts = []
            while size := int((await reader.readuntil(b"\r\n")).strip(), 16):
                parts.append(await reader.readexactly(size))
                await reader.readexactly(2)
            await reader.readexactly(2)  # the empty trailer's line
            response.body = b"".join(parts)
        else:
            response.body = await reader.read()
            response.headers.append(("connection", "close"))  # it ended with the connection
        self.requests += 1
        for key, value in response.headers:
            if key == "set-cookie":
                pair, _, attributes = value.partition(";")
                name, _, cookie = pair.partition("=")
                if "max-age=0" in attributes.lower() or "1970" in attributes:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = cookie.strip('"')
        return response

    async def get(self, path: str, expect: int = 200) -> Response:
        response = await self.request("GET", path)
        if response.status != expect:
            raise BenchError(f"GET {path}: {response.status}, expected {expect}")
        return response

    async def post(self, path: str, form: list[tuple[str, str]], expect: int = 302) -> Response:
        response = await self.request("POST", path, form)
        if response.status != expect:
            raise BenchError(f"POST {path}: {response.status}, expected {expect}")
        return response


def _location(response: Response) -> str:
    parts = urlsplit(response.header("location"))
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _form(page: Response, having: str) -> tuple[str, dict[str, str]]:
    """The post form of the page that carries the hidden field `having`: (action, hidden)."""
    for attributes, inside in FORM.findall(page.text):
        hidden = {k: html.unescape(v) for k, v in HIDDEN.findall(inside)}
        action = ACTION.search(attributes)
        if having in hidden:
            return html.unescape(action[1]) if action else "", hidden
    raise BenchError(f"no form with {having!r} on the page")


def _answer(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


async def questionnaire(browser: Browser, answers: dict[str, object]) -> str:
    """One whole questionnaire as a browser with JavaScript off sends it: the start page (which
    carries the first page's questions), each page of questions and its form (every field the
    page shows, named by its question's key), the review, the final submit and the receipt
    page. Returns the receipt's reference code."""
    path = "/intake/"
    page = await browser.get(path)
    if 'name="page"' not in page.text:  # a start page that only links to the first page
        path = "/intake/q"
        page = await browser.get(path)
    for _ in range(30):
        if path.startswith("/intake/review"):
            action, hidden = _form(page, "idempotency_key")
            done = await browser.post(action, list(hidden.items()))
            receipt = await browser.get(_location(done))
            found = re.search(r"[0-9A-Z]{4}-[0-9A-Z]{4}", receipt.text)
            if _location(done) != "/intake/receipt" or found is None:
                raise BenchError("the receipt page shows no reference")
            return found[0]
        action, hidden = _form(page, "page")
        form = list(hidden.items())
        body = next(inside for _a, inside in FORM.findall(page.text) if 'name="page"' in inside)
        for name in dict.fromkeys(html.unescape(n) for n in FIELD.findall(body)):
            if name not in answers:
                raise BenchError(f"the bench has no answer for the question {name!r}")
            form += [(name, v) for v in _answer(answers[name])]
        path = _location(await browser.post(action, form))
        page = await browser.get(path)
    raise BenchError("the questionnaire did not end")


async def anchor_form(browser: Browser, answers: dict[str, object]) -> str:
    """The anchor: a bare Django form page that stores one row and notes it in the session."""
    page = await browser.get("/form")
    _action, hidden = _form(page, "csrfmiddlewaretoken")
    done = await browser.post("/form", [*hidden.items(), ("text", str(answers["story"]))])
    await browser.get(_location(done))
    return ""


@dataclass
class Load:
    completions: int = 0
    requests: int = 0
    connections: int = 0
    errors: int = 0
    first_error: str = ""
    latencies_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return round(ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))], 1)


Walk = Callable[[Browser, dict[str, object]], Awaitable[str]]


async def _closed_loop(
    walk: Walk, answers: dict[str, object], host: str, port: int, browsers: int, seconds: float
) -> Load:
    """`browsers` simulated people, each starting a new completion as soon as one ends."""
    load = Load()
    deadline = time.perf_counter() + seconds

    async def person(n: int) -> None:
        while time.perf_counter() < deadline:
            browser = Browser(host, port, forwarded_for=f"192.0.2.{n + 1}")
            start = time.perf_counter()
            try:
                await walk(browser, answers)
            except (BenchError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
                load.errors += 1
                load.first_error = load.first_error or f"{type(exc).__name__}: {exc}"
                await asyncio.sleep(0.05)
            else:
                load.completions += 1
                load.latencies_ms.append((time.perf_counter() - start) * 1000)
            finally:
                browser.close()
            load.requests += browser.requests
            load.connections += browser.connections

    start = time.perf_counter()
    await asyncio.gather(*(person(n) for n in range(browsers)))
    load.seconds = time.perf_counter() - start
    return load


def closed_loop(
    walk: Walk, answers: dict[str, object], base: str, browsers: int, seconds: float
) -> Load:
    parts = urlsplit(base)
    return asyncio.run(
        _closed_loop(walk, answers, str(parts.hostname), int(parts.port or 80), browsers, seconds)
    )


async def _flood(
    kind: str, host: str, port: int, rate: float, in_flight: int, seconds: float
) -> dict[str, int]:
    """Sends `kind` attempts at `rate` a second, at most `in_flight` at once, for `seconds`.
    Returns how many got each status."""
    answered: dict[str, int] = {}
    limit = asyncio.Semaphore(in_flight)
    rng = random.Random(13)
    setup = Browser(host, port, keep_alive=False)  # each attempt a new visitor
    page = await setup.get("/staff/login" if kind.startswith("signin") else "/intake/status")
    _action, hidden = _form(page, "csrfmiddlewaretoken")
    token = hidden["csrfmiddlewaretoken"]

    async def attempt() -> None:
        many = kind.endswith("many")
        address = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
        browser = Browser(
            host,
            port,
            forwarded_for=address if many else "198.51.100.7",
            cookies=dict(setup.cookies),
            keep_alive=False,
        )
        if kind.startswith("signin"):
            path = "/staff/login"
            form = [("username", "bench_admin"), ("password", f"wrong-{rng.random()}")]
        else:
            path = "/intake/status"
            code = "".join(rng.choice("23456789ABCDEFGHJKMNPQRSTVWXYZ") for _ in range(24))
            form = [("reference", code[:8]), ("secret", code[8:])]
        try:
            async with limit:
                got = await browser.request("POST", path, [("csrfmiddlewaretoken", token), *form])
            status = str(got.status)
        except (OSError, asyncio.IncompleteReadError, ValueError):
            status = "no answer"
        answered[status] = answered.get(status, 0) + 1

    tasks = []
    start = time.perf_counter()
    sent = 0
    while (now := time.perf_counter() - start) < seconds:
        while sent < now * rate:
            if limit.locked():  # all in flight: a flood beyond what the server answers is dropped
                sent = int(now * rate) + 1
                break
            tasks.append(asyncio.ensure_future(attempt()))
            sent += 1
        await asyncio.sleep(0.005)
    await asyncio.gather(*tasks)
    return answered


def flood(kind: str, base: str, rate: float, in_flight: int, seconds: float, out: Any) -> None:
    """Runs in its own process; puts the count of each status on the queue `out`."""
    parts = urlsplit(base)
    out.put(
        asyncio.run(
            _flood(kind, str(parts.hostname), int(parts.port or 80), rate, in_flight, seconds)
        )
    )
