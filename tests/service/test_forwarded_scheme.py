"""Red team, round 8: whether a request came over HTTPS is decided by one rule, the guard's
(X-Forwarded-Proto only from the trusted proxy), in the real server. gunicorn believed its own
list of scheme headers (X-Forwarded-Proto, X-Forwarded-Ssl, X-Forwarded-Protocol) from any
peer on 127.0.0.1, and Django, finding no X-Forwarded-Proto after the guard dropped it, took
gunicorn's word: a plain-text request through a proxy on this machine that passed the client's
header along skipped the redirect to HTTPS, and was treated as secure."""

from __future__ import annotations

import http.client
import os

import pytest

from .running import free_port, start_run, until


def _up(port: int) -> bool:
    try:
        return _get(port, {}).status > 0
    except OSError:
        return False


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory):
    yield from _serve(tmp_path_factory, trusted_proxy=False)


@pytest.fixture(scope="module")
def behind_proxy(tmp_path_factory: pytest.TempPathFactory):
    yield from _serve(tmp_path_factory, trusted_proxy=True)


def _serve(tmp_path_factory: pytest.TempPathFactory, *, trusted_proxy: bool):
    tmp_path = tmp_path_factory.mktemp("production")
    env = {
        "OBJECTOR_TRUSTED_PROXY": "true" if trusted_proxy else "false",
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "OBJECTOR_DATA_DIR": str(tmp_path / "data"),
        "OBJECTOR_ENV": "production",
        "OBJECTOR_SECRET_KEY": "synthetic-secret-key-for-this-test-only-0123456789abcdef",
        "OBJECTOR_ALLOWED_HOSTS": "127.0.0.1",
    }
    port = free_port()
    proc = start_run(env, tmp_path, port)
    try:
        until(lambda: _up(port), timeout=60, what="the server")
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except Exception:
            proc.kill()
            proc.wait()


def _get(port: int, headers: dict[str, str]) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/intake/", headers=headers)
    return connection.getresponse()


@pytest.mark.parametrize(
    "header",
    [
        {},
        {"X-Forwarded-Proto": "https"},
        {"X-Forwarded-Ssl": "on"},
        {"X-Forwarded-Protocol": "ssl"},
    ],
)
def test_a_client_s_word_is_not_taken_for_https_without_the_trusted_proxy(
    production, header
) -> None:
    answer = _get(production, header)
    assert answer.status == 301
    assert answer.getheader("Location", "").startswith("https://")


def test_the_trusted_proxy_s_word_is_taken(behind_proxy) -> None:
    assert _get(behind_proxy, {}).status == 301
    assert _get(behind_proxy, {"X-Forwarded-Proto": "https"}).status != 301
