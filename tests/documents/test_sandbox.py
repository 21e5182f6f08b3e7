"""Finding 9: one document can no longer stall a task worker. Extraction runs in a child with a
CPU-time and a memory limit; a document over either is marked failed, by name, and the worker
goes on to the next."""

from __future__ import annotations

import time

import pytest

from objector.documents.sandbox import run_bounded
from objector.extraction.reader import DocumentError


def _spin(seconds: float) -> str:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return "finished"


def _hog(megabytes: int) -> int:
    hoard = bytearray(megabytes * 1024 * 1024)
    return len(hoard)


def _refuse() -> None:
    raise DocumentError("empty")


def _crash() -> None:
    raise KeyError("Синтетический")  # its text must not travel: the class only


def test_it_returns_what_the_child_computed() -> None:
    assert run_bounded(_spin, 0.1, seconds=5, memory_mb=256) == "finished"


def test_a_document_that_takes_too_long_is_stopped() -> None:
    start = time.monotonic()
    with pytest.raises(DocumentError) as refused:
        run_bounded(_spin, 60, seconds=1, memory_mb=256)
    assert refused.value.code == "too_slow"
    assert time.monotonic() - start < 15


def test_a_document_that_needs_too_much_memory_is_stopped() -> None:
    with pytest.raises(DocumentError) as refused:
        run_bounded(_hog, 2048, seconds=10, memory_mb=256)
    assert refused.value.code == "too_big" and "256" in refused.value.message("en")
    assert run_bounded(_hog, 64, seconds=10, memory_mb=256) == 64 * 1024 * 1024


def test_refusals_and_crashes_come_back_by_name() -> None:
    with pytest.raises(DocumentError, match="empty"):
        run_bounded(_refuse, seconds=5, memory_mb=256)
    with pytest.raises(RuntimeError) as crashed:
        run_bounded(_crash, seconds=5, memory_mb=256)
    assert "KeyError" in str(crashed.value) and "Синтетический" not in str(crashed.value)


def test_a_threaded_worker_starts_its_children_without_forking_itself() -> None:
    """The task worker runs threads; a fork of it could inherit a held lock (Python warns:
    DeprecationWarning). The children come from the fork server instead."""
    import threading
    import warnings

    stop = threading.Event()
    busy = threading.Thread(target=stop.wait, daemon=True)
    busy.start()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert run_bounded(_spin, 0.1, seconds=5, memory_mb=256) == "finished"
        assert not [w for w in caught if "fork" in str(w.message)]
    finally:
        stop.set()
