"""Commits that do not wait for the disk under SQLite's write lock (issue #13).

The embedded database runs WAL with synchronous=FULL: each commit fsyncs while it holds the one
write lock. Two places need less of that: a wrong receipt's count, which may be lost in a power
cut (`commit_without_fsync`), and the final submit, which must be on disk before its receipt is
shown but need not hold the lock while it waits (`durable_after_the_lock`)."""

from __future__ import annotations

import fcntl
import functools
import logging
import os
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import IntegrityError, transaction

T = TypeVar("T")
logger = logging.getLogger(__name__)


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
    wait_for_disk()


def wait_for_disk() -> None:
    """On SQLite, fsync the WAL: every commit appended to it so far, by any process, is then
    on disk. Before acknowledging a row that another process committed without its fsync yet
    (a double click answered by the other web worker's row). Nothing to do on PostgreSQL,
    whose commit returns only once flushed."""
    connection = transaction.get_connection()
    if connection.vendor != "sqlite":
        return
    try:
        wal = os.open(f"{connection.settings_dict['NAME']}-wal", os.O_RDONLY)
    except FileNotFoundError:  # checkpointed and removed: the database file was synced
        return
    try:
        os.fsync(wal)
    finally:
        os.close(wal)


@contextmanager
def writers_in_turn() -> Iterator[None]:
    """On SQLite, the group commits of every process on this database take their write
    transactions in turn, woken the moment the one before them ends.

    Without this, a leader that found the other web worker's leader holding SQLite's write lock
    waited in SQLite's busy handler, which sleeps 1, 2, 5, 10 … up to 100 ms between tries and
    does not notice the lock being released (a test measured 80 ms between the release and the
    waiter's write). An exclusive `flock` on a file beside the database is taken before BEGIN
    IMMEDIATE and released after COMMIT, and the kernel wakes the next waiter at once. Other
    writers (staff, the task worker) do not take it and still queue on the busy timeout, which
    stays the arbiter: the lock file only orders the group commits among themselves. Nothing
    on PostgreSQL, whose row locks and group commit need no help."""
    connection = transaction.get_connection()
    if connection.vendor != "sqlite":
        yield
        return
    # A descriptor of its own each time: flock is held per open file, so two threads of one
    # process exclude each other too.
    descriptor = _lock_file(f"{connection.settings_dict['NAME']}-writer")
    if descriptor is None:
        yield  # the commits are not ordered among workers; SQLite's lock still serialises them
        return
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def _lock_file(path: str) -> int | None:
    """The lock file's descriptor, or None (logged once) when what is there is not a regular
    file of this user: never through a symlink (red team, round 8: one planted there made and
    locked a file wherever it pointed), and a directory or another user's file in its place
    must not stop intake (it failed every submission)."""
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK, 0o600)
    except OSError as exc:
        _refuse_lock_file(path, exc.strerror or "cannot be opened")
        return None
    found = os.fstat(descriptor)
    if not stat.S_ISREG(found.st_mode) or found.st_uid != os.geteuid():
        os.close(descriptor)
        _refuse_lock_file(path, "not a regular file of this user")
        return None
    return descriptor


@functools.cache
def _refuse_lock_file(path: str, why: str) -> None:
    logger.warning("The writers' lock file %s is not used: %s", path, why)


class _Submission:
    __slots__ = ("done", "error", "lead", "result", "work")

    def __init__(self, work: Callable[[], Any]) -> None:
        self.work = work
        self.done = threading.Event()
        self.lead = False  # woken to lead the next batch rather than because its own is done
        self.result: Any = None
        self.error: BaseException | None = None


class GroupCommit:
    """Several submissions per commit and per fsync (issue #13), without a thread of its own.

    The first caller to arrive leads: it takes every submission waiting (its own among them),
    runs each in its own savepoint on its own connection (one that fails, say on a unique
    index, is rolled back alone and its error goes back to its caller) and commits them together
    without waiting for the disk (synchronous=NORMAL on SQLite). It then hands the lead to the
    first caller that arrived meanwhile, which commits the next batch while this one fsyncs the
    WAL, and only after that fsync wakes the callers of its batch: no caller returns, so no
    receipt is shown, before an fsync that began once its row was committed. (Round 6 handed
    the lead over only after the fsync: a submission arriving meanwhile waited for a whole batch
    and its fsync before its own batch could start.) Across processes the leaders take their
    write transactions in turn (`writers_in_turn`). A lone submission is committed by its own
    thread; a dedicated writer thread would make every submission wait for the GIL twice (round
    6 measured that). On PostgreSQL the batch is one transaction and one WAL flush all the same.

    Inside an outer transaction (a test's, or a caller's own) the work runs inline: its rows
    must be seen, and rolled back, with that transaction."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: list[_Submission] = []
        self._leading = False
        self._pid = 0
        self._synced = threading.Condition()
        self._syncing = False
        self._syncs_started = self._syncs_done = self._sync_failed = 0
        self._sync_error: Exception = OSError("no fsync failed")
        self.batches = 0  # batches tried, for tests and benchmarks
        self.submissions = 0

    def run(self, work: Callable[[], T]) -> T:
        """`work`'s result once it is committed and on disk."""
        if transaction.get_connection().in_atomic_block:
            with durable_after_the_lock(), transaction.atomic():
                return work()
        item = _Submission(work)
        with self._lock:
            if self._pid != os.getpid():  # a forked process starts with no leader
                self._pid, self._pending, self._leading = os.getpid(), [], False
                self._synced, self._syncing = threading.Condition(), False
            self._pending.append(item)
            lead, self._leading = not self._leading, True
        if not lead:
            item.done.wait()
        if lead or item.lead:
            self._lead(item)
        if item.error is not None:
            raise item.error
        return item.result  # type: ignore[no-any-return]

    def _lead(self, mine: _Submission) -> None:
        """Commit the submissions waiting (`mine` among them: only a leader takes them, and
        the lead goes to the first waiting), hand the lead on, then wait for the disk and wake
        the batch."""
        if mine.lead:  # woken to lead: its own submission is still to do
            mine.lead = False
            mine.done.clear()
        with self._lock:
            batch, self._pending = self._pending, []
        try:
            try:
                self._commit(batch)
            finally:
                with self._lock:
                    self.batches += 1
                    self.submissions += len(batch)
                    if self._pending:  # the first waiting leads them (itself among them)
                        successor = self._pending[0]
                        successor.lead = True
                        successor.done.set()
                    else:
                        self._leading = False
            if any(item.error is None for item in batch):
                try:
                    self._sync()  # while the next leader commits the next batch
                except Exception as exc:  # committed, but not known to be on disk
                    for item in batch:
                        item.error = item.error or exc
        except BaseException as exc:  # a worker's timeout, say: every caller learns it
            for item in batch:
                item.error = item.error or exc
            raise
        finally:
            for item in batch:
                item.done.set()

    def _sync(self) -> None:
        """Return once an fsync of the WAL that began after this call has returned. One runs at
        a time in this process: the leaders that finish their commits while it runs wait for it
        and are all covered by the next, so the batches that overlap share their fsyncs as they
        shared them before the lead was handed over early."""
        with self._synced:
            target = self._syncs_started + 1  # the one running may have begun before our commit
            while self._syncs_done < target:
                if self._syncing:
                    self._synced.wait()
                    continue
                self._syncing = True
                self._syncs_started += 1
                mine = self._syncs_started
                error: Exception | None = None
                self._synced.release()
                try:
                    wait_for_disk()
                except Exception as exc:
                    error = exc
                finally:
                    self._synced.acquire()
                    self._syncing = False
                    self._syncs_done = mine
                    if error is not None:
                        self._sync_failed, self._sync_error = mine, error
                    self._synced.notify_all()
            if self._sync_failed >= target:  # this one, or a later one: not known to be on disk
                raise self._sync_error

    def _commit(self, batch: list[_Submission]) -> None:
        """Commit the batch, on SQLite without waiting for the disk; each item's result or
        error is set."""
        if len(batch) > 1:
            if self._commit_together(batch):
                return
            # A cut connection (PostgreSQL restarted, a failover) is opened afresh.
            transaction.get_connection().close_if_unusable_or_obsolete()
        # Alone, or after a batch that failed as a whole: each in its own transaction, as
        # without group commit, so that one submission's failure is only its own.
        for item in batch:
            item.result, item.error = None, None
            try:
                with commit_without_fsync(), writers_in_turn(), transaction.atomic():
                    item.result = item.work()
            except Exception as exc:
                item.error = exc

    @staticmethod
    def _commit_together(batch: list[_Submission]) -> bool:
        """One transaction for the batch, each submission in its own savepoint. True when it
        committed; False when the batch failed as a whole and must be redone one by one: a
        failure other than a submission's own unique-index conflict, a savepoint that could not
        be rolled back, or a transaction rolled back under it (SQLite rolls back the whole
        transaction on a disk or I/O error; a PostgreSQL connection can be cut). Without this,
        the submissions before the failure kept their results while the transaction that held
        them was rolled back: receipts for requests that were never stored (round 6's review)."""
        committed: list[bool] = []
        try:
            with commit_without_fsync(), writers_in_turn(), transaction.atomic():
                transaction.on_commit(lambda: committed.append(True))
                for item in batch:
                    try:
                        with transaction.atomic():
                            item.result = item.work()
                    except IntegrityError as exc:
                        item.error = exc
                        if transaction.get_rollback():
                            raise _BatchFailed from exc
        except Exception as exc:
            if committed:  # committed, but a hook after it failed: nobody is acknowledged
                for item in batch:
                    item.error = item.error or exc
                return True
            return False  # redone one by one, where each error is its own
        return bool(committed)


class _BatchFailed(Exception):
    """A batch's transaction cannot go on: its submissions are redone one by one."""


group_commit = GroupCommit()
