"""Issue #13: floods of sign-ins and receipt guesses are refused before Django
(objector/service/guard.py), in the web application every server runs (objector.wsgi)."""

from __future__ import annotations

import io
import os
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core import signing
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from django.utils.crypto import salted_hmac

from objector.accounts import trust
from objector.vault import throttle

from .running import free_port, start_run
from .test_run import wait_for

CSRF = "a" * 32  # a CSRF cookie and the same token in the form, as Django accepts them


def _call(
    path: str, *, address: str = "198.51.100.40", cookie: str = "", csrf: bool = False
) -> tuple[str, dict]:
    body = b"username=coordinator&password=x&reference=2345-6789&secret=ABCD"
    if csrf:
        body += f"&csrfmiddlewaretoken={CSRF}".encode()
        cookie = f"csrftoken={CSRF}; {cookie}".strip("; ")
    return _post(path, body, address=address, cookie=cookie)


def _post(
    path: str, body: bytes, *, address: str, cookie: str, headers: dict[str, str] | None = None
) -> tuple[str, dict]:
    """A form POST through the guarded WSGI application, as gunicorn calls it: the page and
    the status (as an int) with the headers."""
    from objector.wsgi import application

    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": address,
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    environ.update(headers or {})
    got: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        got["status"], got["headers"] = status, dict(headers)

    # As Django's test client does: the request must not close the test's database connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        content = b"".join(application(environ, start_response))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return content.decode(), {"status": int(got["status"][:3]), **got["headers"]}


def _pause(seconds: float) -> None:
    gate = Path(django_settings.DATA_DIR) / "throttle-login.gate"
    gate.write_text(f"{time.monotonic() + seconds:<32.6f}")


@pytest.mark.django_db
def test_a_sign_in_during_the_pause_is_refused_before_django_with_no_query() -> None:
    _pause(20)
    with CaptureQueriesContext(connection) as queries:
        page, answer = _call("/staff/login")
    assert answer["status"] == 429 and 1 <= int(answer["Retry-After"]) <= 20
    assert "Сейчас приходит слишком много попыток входа" in page and "Try again in" in page
    seconds = answer["Retry-After"]  # under a minute: in seconds
    assert f"через {seconds} с." in page and f"Try again in {seconds} s." in page
    assert answer["Cache-Control"] == "no-store"
    assert queries.captured_queries == []  # no session, no CSRF, no look-up
    # Everything else passes on to Django untouched (here: CSRF refuses the tokenless form).
    assert _call("/intake/status")[1]["status"] == 403


@pytest.mark.django_db
def test_a_sign_in_while_another_is_being_hashed_is_refused_by_the_guard() -> None:
    _pause(0)
    with throttle.hashing_turn("login") as turn:  # as a worker hashing a password holds it
        assert turn.granted
        page, answer = _call("/staff/login")
        assert answer["status"] == 429 and "Try again in" in page
    # This check took no time (no Argon2 here): it leaves no pause behind.
    assert _call("/staff/login")[1]["status"] == 403  # on to Django (CSRF)


@pytest.mark.django_db
def test_a_browser_that_signed_in_before_passes_the_guard_and_a_forged_cookie_does_not() -> None:
    _pause(20)
    trusted = trust.cookie_value(trust.new_id(), "coordinator")  # as _call posts
    assert _call("/staff/login", cookie=f"objector_signed_in_before={trusted}")[1]["status"] != 429
    # Issued for another username: the flood's refusal, before Django.
    elsewhere = trust.cookie_value(trust.new_id(), "former")
    assert (
        _call("/staff/login", cookie=f"objector_signed_in_before={elsewhere}")[1]["status"] == 429
    )
    forged = "objector_signed_in_before=forged:value"
    assert _call("/staff/login", cookie=forged)[1]["status"] == 429
    assert _call("/staff/login", cookie='bad"cookie; =;')[1]["status"] == 429


@pytest.mark.django_db
def test_an_address_over_its_receipt_limit_is_refused_before_django(settings) -> None:
    for _ in range(throttle.LIMITS["receipt"].address_failures):
        throttle.failed("receipt", address="203.0.113.50")
    with CaptureQueriesContext(connection) as queries:
        page, answer = _call("/intake/status", address="203.0.113.50")
    assert answer["status"] == 429 and int(answer["Retry-After"]) > 60
    assert "Слишком много неверных попыток" in page
    # Minutes, rounded up, in both languages; the header keeps its seconds.
    minutes = -(-int(answer["Retry-After"]) // 60)
    assert f"Подождите {minutes} мин и попробуйте снова" in page
    assert f"Wait {minutes} minutes and try again" in page
    assert " s and try again" not in page
    assert queries.captured_queries == []
    for path in ("/intake/receipt", "/intake/receipt/file", "/intake/receipt/print"):
        assert _call(path, address="203.0.113.50")[1]["status"] == 429
    # Another address, and the same address's sign-in, go on to Django.
    assert _call("/intake/status", address="203.0.113.51")[1]["status"] == 403
    _pause(0)
    assert _call("/staff/login", address="203.0.113.50")[1]["status"] == 403


def _check(path: str, address: str, reference: str, secret: str) -> str:
    """A receipt check with the given code and key through the guarded application: the
    status line."""
    body = f"reference={reference}&secret={secret}&csrfmiddlewaretoken={CSRF}".encode()
    _, got = _post(path, body, address=address, cookie=f"csrftoken={CSRF}")
    return str(got["status"])


@pytest.mark.django_db
def test_a_flood_of_wrong_checks_from_many_addresses_does_not_lock_out_a_right_one(
    make_request,
) -> None:
    """Review of round 6, finding 2: five wrong checks a second from anywhere refused every
    requester (status page, the receipt page's own file, print and language forms). Wrong checks
    from many addresses, each under its own limit, now never refuse a right one."""
    mine = make_request()
    for n in range(20):
        assert _call("/intake/status", address=f"10.1.0.{n}", csrf=True)[1]["status"] == 403
    assert throttle.counted("receipt") == 20
    for path in ("/intake/status", "/intake/receipt/file", "/intake/receipt/print"):
        status = _check(path, "192.0.2.200", mine.reference, mine.secret)
        assert status.startswith("200"), (path, status)


@pytest.mark.django_db
def test_an_ipv6_network_counts_as_one_address() -> None:
    """Review of round 6, finding 2: each full IPv6 address counted on its own, so one /64 gave
    unlimited guesses. Every address of a /64 now shares one count; another /64 does not."""
    for n in range(throttle.LIMITS["receipt"].address_failures):
        throttle.failed("receipt", address=f"2001:db8:5:6::{n:x}")
    assert _call("/intake/status", address="2001:db8:5:6:ffff::1")[1]["status"] == 429
    assert _call("/intake/status", address="2001:db8:5:7::1")[1]["status"] == 403
    # An IPv4 address mapped into IPv6 is that IPv4 address; IPv4 stays per address.
    for _ in range(throttle.LIMITS["receipt"].address_failures):
        throttle.failed("receipt", address="198.51.100.60")
    assert _call("/intake/status", address="::ffff:198.51.100.60")[1]["status"] == 429
    assert _call("/intake/status", address="198.51.100.61")[1]["status"] == 403


def test_the_real_server_refuses_a_sign_in_flood_before_django(tmp_path: Path) -> None:
    """`objector run` serves the guarded application: during a pause a tokenless POST gets the
    guard's 429, not Django's CSRF 403; with the cookie of an earlier sign-in it reaches Django."""
    data = tmp_path / "data"
    env = {**os.environ, "OBJECTOR_DATA_DIR": str(data)}
    env.pop("DATABASE_URL", None)
    port = free_port()
    proc = start_run(env, tmp_path, port, "--no-worker")
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", timeout=90)
        (data / "throttle-login.gate").write_text(f"{time.monotonic() + 30:<32.6f}")

        def post(cookie: str = "") -> int:
            sent = urllib.request.Request(
                f"http://127.0.0.1:{port}/staff/login", data=b"username=a&password=b"
            )
            if cookie:
                sent.add_header("Cookie", cookie)
            try:
                with urllib.request.urlopen(sent, timeout=10) as answer:  # noqa: S310
                    return int(answer.status)
            except urllib.error.HTTPError as exc:
                return exc.code

        assert post() == 429
        secret = env.get("OBJECTOR_SECRET_KEY") or (data / "secret_key").read_text().strip()
        tag = salted_hmac(trust.TRUSTED_SALT, "id\x1fa", secret=secret, algorithm="sha256")
        trusted = signing.dumps(f"id.{tag.hexdigest()[:32]}", key=secret, salt=trust.TRUSTED_SALT)
        assert post(f"objector_signed_in_before={trusted}") == 403  # Django's CSRF check
    finally:
        proc.kill()
        proc.wait()


def _hash_from(address: str) -> None:
    """An untrusted sign-in hashed from this address (0.05 s of CPU, as a cheap Argon2)."""
    with throttle.hashing_turn("login", address=address) as turn:
        assert turn.granted
        start = time.process_time()
        while time.process_time() - start < 0.05:
            pass


@pytest.mark.django_db
def test_an_address_refused_by_the_guard_during_the_pause_gets_the_next_turn() -> None:
    _hash_from("198.51.100.7")  # the attacker's guess
    assert _call("/staff/login", address="203.0.113.9")[1]["status"] == 429  # staff: retry
    time.sleep(throttle.gate_paused("login") + 0.01)
    # The attacker, retrying the moment the gate opens, finds it kept for the one who waited.
    with throttle.hashing_turn("login", address="198.51.100.7") as turn:
        assert not turn.granted
    with throttle.hashing_turn("login", address="203.0.113.9") as turn:
        assert turn.granted


@pytest.mark.django_db
def test_a_browser_trusted_for_the_posted_username_passes_an_address_over_its_cap(
    coordinator,
) -> None:
    shared = "100.64.0.1"
    for n in range(throttle.LIMITS["login"].address_failures):
        throttle.failed("login", address=shared, subject=f"someone{n}")
    assert _call("/staff/login", address=shared)[1]["status"] == 429
    cookie = f"{trust.TRUSTED_COOKIE}={trust.cookie_value(trust.new_id(), 'coordinator')}"
    # On to Django, with the form intact (its CSRF token is read); the view finds no such
    # browser on file, and refuses as the cap says.
    page, answer = _call("/staff/login", address=shared, cookie=cookie, csrf=True)
    assert answer["status"] == 429 and "<title>429</title>" not in page
    elsewhere = f"{trust.TRUSTED_COOKIE}={trust.cookie_value(trust.new_id(), 'admin')}"
    assert _call("/staff/login", address=shared, cookie=elsewhere)[1]["status"] == 429


@pytest.mark.django_db
def test_another_cookie_that_python_cannot_parse_does_not_hide_the_trusted_one() -> None:
    """Red team, round 7: the guard read cookies with http.cookies, which drops every cookie
    after one it cannot parse (a quote, a backslash, a non-ASCII value: whatever else on the
    domain set it, or an attacker tossing one from a sibling host). Django still read the
    trusted cookie, but the guard did not, and refused staff during a flood."""
    _pause(20)
    trusted = trust.cookie_value(trust.new_id(), "coordinator")  # as _call posts
    utf8 = "name=" + "Ёж".encode().decode("latin-1")  # as a WSGI server hands a header over
    for other in ('theme="dark', "note=a\\b", utf8, "a b=c"):
        cookie = f"{other}; {trust.TRUSTED_COOKIE}={trusted}"
        assert _call("/staff/login", cookie=cookie)[1]["status"] != 429, other


@pytest.mark.django_db
def test_a_second_username_field_does_not_carry_the_trust_to_another_account() -> None:
    """Red team, round 7: the guard read the first username of the form, Django the last. A
    cookie trusted for one account let a form naming that account first and another last past
    the guard (no pause, no per-address cap) to a view that saw the other account."""
    _pause(20)
    trusted = f"{trust.TRUSTED_COOKIE}={trust.cookie_value(trust.new_id(), 'coordinator')}"
    for body in (
        b"username=coordinator&password=x&username=admin",
        b"username=coordinator&password=x&username=",
    ):
        page, answer = _post("/staff/login", body, address="198.51.100.41", cookie=trusted)
        assert answer["status"] == 429 and "<title>429</title>" in page, body
    # The account it was issued for, named once or last, still passes.
    body = b"username=admin&username=coordinator&password=x"
    assert _post("/staff/login", body, address="198.51.100.41", cookie=trusted)[1]["status"] != 429


@pytest.mark.django_db
def test_x_forwarded_for_from_a_client_that_is_no_proxy_escapes_no_limit(settings) -> None:
    """Red team, round 7: with OBJECTOR_TRUSTED_PROXY set, X-Forwarded-For was believed from
    whoever sent it. The container's compose file publishes the web port on every interface, so
    a client reaching it directly named a new address in each request and was never counted
    against its own. The header is now read only from a proxy on this machine or a private
    network, its address without a port, and an address that does not parse is not one."""
    settings.TRUSTED_PROXY = True
    body = b"reference=2345-6789&secret=ABCD"
    for _ in range(throttle.LIMITS["receipt"].address_failures):
        throttle.failed("receipt", address="198.51.100.90")
    for n, forwarded in enumerate(("203.0.113.1", "10.0.0.1, 203.0.113.2", "garbage")):
        spoofed = {"HTTP_X_FORWARDED_FOR": forwarded}
        got = _post("/intake/status", body, address="198.51.100.90", cookie="", headers=spoofed)
        assert got[1]["status"] == 429, (n, forwarded)
    # Through the proxy on this machine, each client is its own (a port is not part of it).
    meta = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.90"}
    assert throttle.address_of(meta) == "198.51.100.90"
    for forwarded, counted in (
        ("198.51.100.90:51234", "198.51.100.90"),
        ("[2001:db8:1:2::5]:443", "2001:db8:1:2::/64"),
        ("unknown", "172.18.0.1"),
    ):
        meta = {"REMOTE_ADDR": "172.18.0.1", "HTTP_X_FORWARDED_FOR": forwarded}
        assert throttle.address_of(meta) == counted, forwarded
    # Without OBJECTOR_TRUSTED_PROXY the header is nobody's, from anywhere.
    settings.TRUSTED_PROXY = False
    meta = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.90"}
    assert throttle.address_of(meta) == "127.0.0.1"


@pytest.mark.django_db
def test_a_trusted_cookie_with_its_own_failures_is_refused_by_the_guard() -> None:
    """Red team, round 7: a trusted browser's own failures slow it from every address (the
    view); the guard answers that too, so that a stolen cookie's flood costs no Django."""
    browser_id = trust.new_id()
    cookie = f"{trust.TRUSTED_COOKIE}={trust.cookie_value(browser_id, 'coordinator')}"
    for _ in range(throttle.PAIR_FREE + 1):
        throttle.failed(trust.BROWSER_KIND, address=trust.digest(browser_id), subject="coordinator")
    page, answer = _call("/staff/login", address="192.0.2.77", cookie=cookie)
    assert answer["status"] == 429 and "<title>429</title>" in page
    other = f"{trust.TRUSTED_COOKIE}={trust.cookie_value(trust.new_id(), 'coordinator')}"
    assert _call("/staff/login", address="192.0.2.77", cookie=other)[1]["status"] != 429


@pytest.mark.django_db
def test_a_6to4_network_counts_as_its_ipv4_address() -> None:
    """Red team, round 7: a 6to4 address (2002::/16) embeds the IPv4 address it is made from,
    and anyone with one IPv4 address holds its /48: 65,536 networks of /64, each counted on its
    own, each with its own allowance. It now counts as that IPv4 address, as a mapped one does;
    so does a Teredo client (2001::/32), by the IPv4 address it embeds."""
    v4 = "198.51.100.1"  # c633:6401
    for n in range(throttle.LIMITS["receipt"].address_failures):
        throttle.failed("receipt", address=f"2002:c633:6401:{n:x}::1")
    assert _call("/intake/status", address="2002:c633:6401:ffff::1")[1]["status"] == 429
    assert _call("/intake/status", address=v4)[1]["status"] == 429
    assert _call("/intake/status", address="2002:c633:6402::1")[1]["status"] == 403
    assert throttle.address_of({"REMOTE_ADDR": "2001:0:4136:e378:8000:63bf:3fff:fdd2"}) == (
        "192.0.2.45"
    )


@pytest.mark.django_db
def test_a_revoked_trusted_cookie_soon_costs_no_django(coordinator) -> None:
    """Red team, round 7: the guard cannot tell a revoked cookie (a former colleague's, a
    stolen laptop's after the password change) from a live one, so it passed every attempt
    with it to Django, past the pause and the per-address cap, for the view to refuse: a
    flood at the cost the guard exists to avoid. The view now counts each use of a revoked
    cookie for that browser, and the guard refuses it once that count says wait."""
    from objector.accounts import actions
    from objector.accounts.models import TrustedBrowser

    browser_id = actions.browser_trust(staff=coordinator)
    cookie = f"{trust.TRUSTED_COOKIE}={trust.cookie_value(browser_id, 'coordinator')}"
    TrustedBrowser.objects.all().delete()  # revoked: a password change, say
    answers = [
        _call("/staff/login", address=f"192.0.2.{n}", cookie=cookie, csrf=True)
        for n in range(throttle.PAIR_FREE + 2)
    ]
    assert [a[1]["status"] for a in answers[: throttle.PAIR_FREE]] == [400] * throttle.PAIR_FREE
    page, last = answers[-1]
    assert last["status"] == 429 and "<title>429</title>" in page


@pytest.mark.parametrize(
    ("trusted_proxy", "peer", "secure"),
    [
        (True, "198.51.100.7", False),  # a client that reached the port directly
        (False, "127.0.0.1", False),  # no proxy is trusted: nobody's header
        (True, "127.0.0.1", True),  # the proxy on this machine
        (True, "10.1.2.3", True),  # the proxy on a private network
    ],
)
def test_x_forwarded_proto_is_believed_only_from_the_trusted_proxy(
    settings, trusted_proxy: bool, peer: str, secure: bool
) -> None:
    """Red team, round 7: X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER in production) was
    believed from any client, so one that reached the web port directly over plain HTTP and
    said "https" skipped the redirect to HTTPS and had its request treated as secure. It is now
    believed as X-Forwarded-For is: only from the trusted proxy."""
    from django.core.handlers.wsgi import WSGIRequest

    from objector.service.guard import FloodGuard

    settings.TRUSTED_PROXY = trusted_proxy
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    seen: list[bool] = []

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        seen.append(WSGIRequest(environ).is_secure())
        start_response("200 OK", [])
        return [b""]

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/staff/login",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "REMOTE_ADDR": peer,
        "HTTP_X_FORWARDED_PROTO": "https",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": "http",
    }
    FloodGuard(app)(environ, lambda status, headers, exc_info=None: None)
    assert seen == [secure]


def test_the_wait_reads_in_minutes_from_one_minute_on() -> None:
    from objector.service.guard import waiting_time

    assert waiting_time(59) == ("59 с", "59 s")
    assert waiting_time(60) == ("1 мин", "1 minute")
    assert waiting_time(61) == ("2 мин", "2 minutes")
    assert waiting_time(900) == ("15 мин", "15 minutes")
