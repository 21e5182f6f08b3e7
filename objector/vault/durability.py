"""Commits that do not wait for the disk under SQLite's write lock (issue #13).

The embedded database runs WAL with synchronous=FULL: each commit fsyncs while it holds the one
write lock. Two places need less of that: a wrong receipt's count, which may be lost in a power
cut (`commit_without_fsync`), and the final submit, which must be on disk before its receipt is
shown but need not hold the lock while it waits (`durable_after_the_lock`)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import transaction

T = TypeVar("T")


@contextmanager
def commit_without_fsync() -> Iterator[None]:
    """Commits inside the block are atomic and ordered but not yet on disk (WAL with
    synchronous=NORMAL); FULL again after it. Nothing changes on PostgreSQL or inside an outer
    transaction."""
    connection = transaction.get_connection()
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous=NORMAL")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=FULL")


@contextmanager
def durable_after_the_lock() -> Iterator[None]:
    """On SQLite: commit without waiting for the disk, then wait for it (fsync the WAL) after
    the write lock is released, before the caller acknowledges anything.

    With synchronous=FULL each commit holds SQLite's one write lock through its own fsync, so
    submissions queued one fsync after another (47 % of intake's time was spent waiting for the
    lock, and one web worker or two gave the same throughput). Here the commit only appends to
    the WAL (synchronous=NORMAL: atomic and ordered) and releases the lock; this worker then
    fsyncs the WAL while the next submission already commits, and the kernel's journal folds
    concurrent fsyncs into one. A submission is acknowledged (the receipt) only after its fsync
    returned, so an acknowledged request survives a power cut as before; one cut before that is
    retried with the same idempotency key. A checkpoint syncs the WAL before it copies it."""
    connection = transaction.get_connection()
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield  # PostgreSQL's group commit does this itself; an outer transaction decides
        return
    with commit_without_fsync():
        yield
    # Reached only when the transaction committed (an exception leaves above).
    try:
        wal = os.open(f"{connection.settings_dict['NAME']}-wal", os.O_RDONLY)
    except FileNotFoundError:  # checkpointed and removed: the database file was synced
        return
    try:
        os.fsync(wal)
    finally:
        os.close(wal)


class _Submission:
    __slots__ = ("bare", "done", "error", "result", "work")

    def __init__(self, work: Callable[[], Any], *, bare: bool = False) -> None:
        self.work = work
        self.bare = bare
        self.done = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None


class GroupWriter:
    """One writer thread per process that commits several submissions per fsync (issue #13).

    Each caller hands over its INSERTs as a function and waits. The writer takes every
    submission waiting, runs each in its own savepoint (one that fails, say on a unique index,
    is rolled back alone and its error goes back to its caller), commits them together, and on
    SQLite fsyncs the WAL after the write lock is released. Only then does it wake the callers:
    no caller returns, so no receipt is shown, before the fsync that covers its submission.
    While one batch waits for the disk, the next gathers. On PostgreSQL the batch is one
    transaction and one WAL flush all the same.

    Inside an outer transaction (a test's, or a caller's own) the work runs inline instead: its
    rows must be seen, and rolled back, with that transaction."""

    IDLE_SECONDS = 1.0  # the writer's connection is closed after this long without work

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._pending: list[_Submission] = []
        self._thread: threading.Thread | None = None
        self._pid = 0
        self.batches = 0  # committed batches, for tests and benchmarks
        self.submissions = 0

    def run(self, work: Callable[[], T], *, bare: bool = False) -> T:
        """`work`'s result once it is committed and on disk. A `bare` work runs in the writer's
        thread after the batch, outside any transaction (tests look at its connection)."""
        if transaction.get_connection().in_atomic_block and not bare:
            with durable_after_the_lock(), transaction.atomic():
                return work()
        item = _Submission(work, bare=bare)
        with self._lock:
            if self._thread is None or self._pid != os.getpid() or not self._thread.is_alive():
                # A new process (gunicorn forks its workers) needs its own thread.
                self._pending = []
                self._pid = os.getpid()
                self._thread = threading.Thread(
                    target=self._loop, name="objector-group-commit", daemon=True
                )
                self._thread.start()
            self._pending.append(item)
            self._wake.notify()
        item.done.wait()
        if item.error is not None:
            raise item.error
        return item.result  # type: ignore[no-any-return]

    def close(self) -> None:
        """Closes the writer's connection (a test database is about to be dropped)."""
        with self._lock:
            thread = self._thread
        if thread is not None and thread.is_alive() and self._pid == os.getpid():
            self.run(_close_connection, bare=True)

    def _loop(self) -> None:
        while True:
            with self._lock:
                if not self._pending:
                    self._wake.wait(self.IDLE_SECONDS)
                if not self._pending:
                    _close_connection()  # idle: hold no connection (PostgreSQL counts them)
                    continue
                batch, self._pending = self._pending, []
            try:
                self._commit(batch)
            except BaseException as exc:
                for item in batch:
                    if item.error is None:
                        item.error = exc
                _close_connection()  # a broken connection is opened afresh next time
            finally:
                for item in batch:
                    item.done.set()

    def _commit(self, batch: list[_Submission]) -> None:
        writes = [item for item in batch if not item.bare]
        if writes:
            with durable_after_the_lock(), transaction.atomic():
                for item in writes:
                    try:
                        with transaction.atomic():
                            item.result = item.work()
                    except Exception as exc:
                        item.error = exc
            with self._lock:
                self.batches += 1
                self.submissions += len(writes)
        for item in batch:
            if item.bare:
                try:
                    item.result = item.work()
                except Exception as exc:
                    item.error = exc


def _close_connection() -> None:
    transaction.get_connection().close()


group_writer = GroupWriter()
