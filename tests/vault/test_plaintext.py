"""Plaintext that a web or task worker keeps between requests is dropped when the vault is
sealed (issue #13, finding 10): by the seal action in its own process, and by the watcher
thread of every other process."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from django.core.cache import cache

from objector.filings import inflect
from objector.vault import keyholder, plaintext
from objector.vault.actions import vault_seal

pytestmark = pytest.mark.django_db
NAME = ("синтетий", "m", "gent")  # a synthetic first name, as the drafting inflects it


def _remember() -> None:
    inflect._dictionary_name(*NAME)
    cache.set("stats:synthetic", "a table made from cases", 600)
    assert inflect._dictionary_name.cache_info().currsize > 0
    assert cache.get("stats:synthetic") is not None


def test_the_memo_caches_of_the_name_cores_are_known() -> None:
    found = plaintext._caches()
    assert inflect._dictionary_name in found
    # Loaders of dictionaries (maxsize 1) hold no one's data and are kept.
    assert all(c.cache_parameters()["maxsize"] != 1 for c in found)  # type: ignore[attr-defined]


def test_the_seal_drops_this_processs_plaintext(admin) -> None:
    _remember()
    vault_seal(staff=admin)
    assert inflect._dictionary_name.cache_info().currsize == 0
    assert cache.get("stats:synthetic") is None


def test_another_processs_seal_reaches_the_watcher(admin, vault_socket: Path) -> None:
    """The seal arrives at the key-holder from elsewhere (another worker, `objector seal`): the
    watcher here wakes and drops what this process keeps."""
    stop = threading.Event()
    watcher = plaintext.watch(vault_socket, stop=stop)
    try:
        # The tests' key-holder runs in this process: wait until the watcher waits on it.
        deadline = time.monotonic() + 60
        from tests.conftest import _keyholders

        condition = _keyholders[vault_socket].RequestHandlerClass.state.sealed
        while not condition._waiters:
            assert time.monotonic() < deadline
            time.sleep(0.01)
        _remember()
        keyholder.ask(vault_socket, {"op": "seal"})  # not through this process's action
        # drop() clears the memo caches first and the cache after them: wait for both, or the
        # cache could be looked at between the two (the watcher is another thread).
        deadline = time.monotonic() + 60
        while inflect._dictionary_name.cache_info().currsize or cache.get("stats:synthetic"):
            if time.monotonic() > deadline:
                break
            time.sleep(0.02)
        assert not inflect._dictionary_name.cache_info().currsize, "the memo cache was kept"
        assert cache.get("stats:synthetic") is None, "the cache was kept"
    finally:
        stop.set()
        # Wake the watcher so that it sees `stop`: one more unlock and seal.
        from objector.vault.actions import private_key_unwrap
        from tests.conftest import PASSPHRASE

        key = private_key_unwrap(staff=admin, passphrase=PASSPHRASE)
        keyholder.ask(vault_socket, {"op": "unlock", "private_key": key.hex()})
        keyholder.ask(vault_socket, {"op": "seal"})
        watcher.join(60)
        assert not watcher.is_alive()


def test_the_seal_drops_the_memo_caches_of_every_name_core_module(admin) -> None:
    """Red2, round 8: the list of modules whose caches a seal clears named four; the linker's
    own (objector.linking.link: the words of names it could not read, and each pair of them it
    compared) and the OCR's (objector.extraction.ocr: the words of a scanned document) were
    kept after the seal, for the life of the worker. Every module of the name cores is cleared,
    whatever its name."""
    import importlib

    ocr = importlib.import_module("objector.extraction.ocr")
    link = importlib.import_module("objector.linking.link")  # the package exports a function so

    link._unread_word("синтетикова")
    link._alike_but_a_slip("синтпрка", "синтетий")
    ocr._rank_word("Синтетиков")
    memos = (link._unread_word, link._alike_but_a_slip, ocr._rank_word)
    assert all(memo.cache_info().currsize for memo in memos)
    vault_seal(staff=admin)
    assert [memo.cache_info().currsize for memo in memos] == [0, 0, 0]


def test_a_seal_while_the_watcher_drops_the_last_one_is_not_missed(
    admin, vault_socket: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CI under load, round 9: the watcher asked for the *next* seal only once it had dropped
    the caches of the last one, so an unlock and a seal while it was dropping went unseen, and
    what this process read after that unlock stayed in memory, sealed. Here the first drop is
    slow on purpose, and an unlock and a seal come while it runs: the watcher must drop again."""
    from objector.vault.actions import private_key_unwrap
    from tests.conftest import PASSPHRASE, _keyholders

    drops: list[float] = []
    busy, go_on = threading.Event(), threading.Event()

    def slow_drop() -> int:
        drops.append(time.monotonic())
        if len(drops) == 1:
            busy.set()
            go_on.wait(60)
        return 0

    monkeypatch.setattr(plaintext, "drop", slow_drop)
    stop = threading.Event()
    watcher = plaintext.watch(vault_socket, stop=stop)
    condition = _keyholders[vault_socket].RequestHandlerClass.state.sealed
    deadline = time.monotonic() + 60
    while not condition._waiters:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    keyholder.ask(vault_socket, {"op": "seal"})
    assert busy.wait(60)  # the watcher is dropping the first seal's caches
    key = private_key_unwrap(staff=admin, passphrase=PASSPHRASE)
    keyholder.ask(vault_socket, {"op": "unlock", "private_key": key.hex()})
    keyholder.ask(vault_socket, {"op": "seal"})  # while it drops
    go_on.set()
    deadline = time.monotonic() + 60
    while len(drops) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        assert len(drops) == 2, "the seal during the first drop was missed"
    finally:
        stop.set()  # and wake the watcher so that it sees `stop`: one more unlock and seal
        keyholder.ask(vault_socket, {"op": "unlock", "private_key": key.hex()})
        keyholder.ask(vault_socket, {"op": "seal"})
        watcher.join(60)
    assert not watcher.is_alive()
