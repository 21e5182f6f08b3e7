"""Issue #13: the final submit holds SQLite's write lock only for its INSERTs and COMMIT, and
waits for the disk after releasing it, before the receipt is shown. Since round 6 the
submissions waiting are committed together, one fsync for all of them (group commit)."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from django.db import connection, connections
from django.test import Client

from objector.intake.actions import idempotency_hash, request_create
from objector.intake.models import Request
from objector.vault import durability
from objector.vault.durability import group_commit
from tests.conftest import AWOL
from tests.intake.test_web_intake import fill

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("admin"),
]
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's fsync per commit")


def _submit_on_a_thread(name: str, acknowledged: dict[str, float]) -> None:
    """A submission from a thread of its own, as a web worker's thread makes it: when it
    returned is noted in `acknowledged`, and the thread's connection is closed after it."""
    try:
        request_create(
            answers=AWOL, channel="web", language="ru", idempotency_key=name,
            today=date(2026, 11, 20),
        )  # fmt: skip
        acknowledged[name] = time.monotonic()
    finally:
        connections.close_all()


def _until(condition: Callable[[], bool], timeout: float = 60) -> bool:
    """Wait for `condition`; False if it did not come true within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


def _synchronous() -> int:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        return int(cursor.fetchone()[0])


@sqlite_only
def test_the_submission_is_synced_after_the_lock_and_before_the_receipt(monkeypatch) -> None:
    client = Client()
    fill(client)
    review = client.get("/intake/review").content.decode()
    key = re.search(r'name="idempotency_key" value="([^"]+)"', review)[1]
    events: list[tuple[str, object]] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def watch(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        head = sql.lstrip().split()[0].upper()
        if head in ("INSERT", "COMMIT"):
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous")
                events.append((head, int(cursor.fetchone()[0])))
        return execute(sql, params, many, context)

    monkeypatch.setattr(os, "fsync", fsync)
    with connection.execute_wrapper(watch):  # a lone submission commits on its own thread
        done = client.post("/intake/review", {"idempotency_key": key})
    assert done.status_code == 302 and done["Location"] == "/intake/receipt"
    assert Request.objects.count() == 1
    inserts = [e for e in events if e[0] == "INSERT"]
    assert inserts and all(level == 1 for _, level in inserts)  # NORMAL under the lock
    synced = [e for e in events if e[0] == "fsync"]
    assert len(synced) == 1 and str(synced[0][1]).endswith("-wal")
    assert events.index(synced[0]) > events.index(inserts[-1])  # after the commit
    assert _synchronous() == 2  # FULL again for everything else on this connection


@sqlite_only
def test_a_failed_submission_leaves_the_connection_durable(monkeypatch) -> None:
    client = Client()
    fill(client)
    review = client.get("/intake/review").content.decode()
    key = re.search(r'name="idempotency_key" value="([^"]+)"', review)[1]

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("objector.service.rows.insert", broken)  # the request's INSERT
    with pytest.raises(RuntimeError):
        client.post("/intake/review", {"idempotency_key": key})
    assert _synchronous() == 2
    assert Request.objects.count() == 0


def _reviewed(lang: str = "ru") -> tuple[Client, str]:
    client = Client()
    fill(client, lang)
    review = client.get("/intake/review").content.decode()
    return client, re.search(r'name="idempotency_key" value="([^"]+)"', review)[1]


@sqlite_only
def test_submissions_waiting_together_share_one_fsync_and_none_is_acknowledged_before_it(
    monkeypatch,
) -> None:
    """Eight people submit at once while the disk is slow: their rows are committed in fewer
    fsyncs than submissions, and each receipt comes only after an fsync that began once its
    row was committed."""
    browsers = [_reviewed() for _ in range(8)]
    database = connection.settings_dict["NAME"]
    synced: list[tuple[float, set[str]]] = []  # (when the fsync returned, the rows it covers)
    real_fsync = os.fsync

    def slow_fsync(fd: int) -> None:
        with sqlite3.connect(database) as reader:  # what is committed when the fsync begins
            covered = {r for (r,) in reader.execute("SELECT reference FROM intake_request")}
        real_fsync(fd)
        synced.append((time.monotonic(), covered))

    leading = threading.Event()
    queued: list[bool] = []
    real_turn = durability.writers_in_turn

    @contextmanager
    def in_turn() -> Iterator[None]:
        if not leading.is_set():
            # The first leader takes the write lock once the seven others are queued behind it
            # (or after 30 s: if each committed and synced on its own, none queues, and the
            # count of fsyncs below fails), rather than after a time a loaded machine may
            # overrun. It holds no lock meanwhile: what the others write first is not held up.
            leading.set()
            queued.append(_until(lambda: len(group_commit._pending) == len(browsers) - 1, 30))
        with real_turn():
            yield

    monkeypatch.setattr(os, "fsync", slow_fsync)
    monkeypatch.setattr(durability, "writers_in_turn", in_turn)
    acknowledged: list[tuple[float, str]] = []
    start = threading.Barrier(len(browsers))

    def submit(client: Client, key: str) -> None:
        try:
            start.wait()
            done = client.post("/intake/review", {"idempotency_key": key})
            at = time.monotonic()
            assert done.status_code == 302 and done["Location"] == "/intake/receipt"
            page = client.get("/intake/receipt").content.decode()
            acknowledged.append((at, re.search(r'id="reference">([^<]+)<', page)[1]))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=browser) for browser in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert len(acknowledged) == len(browsers) == Request.objects.count()
    assert queued == [True], "the others never queued behind the first"
    assert len(synced) < len(browsers)  # several submissions per fsync
    for at, reference in acknowledged:
        assert any(done <= at and reference in covered for done, covered in synced), reference


def test_a_repeated_submission_in_the_same_batch_fails_alone() -> None:
    """A double click lands in the same batch as its first click and as someone else's
    submission: one request each, and every caller gets its receipt (SQLite and PostgreSQL)."""
    first, key = _reviewed()
    other, other_key = _reviewed("en")
    results: list[str] = []

    def submit(client: Client, idempotency_key: str) -> None:
        try:
            done = client.post("/intake/review", {"idempotency_key": idempotency_key})
            results.append(done["Location"])
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=submit, args=(first, key)),
        threading.Thread(target=submit, args=(first, key)),
        threading.Thread(target=submit, args=(other, other_key)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert results == ["/intake/receipt"] * 3
    assert Request.objects.count() == 2


@sqlite_only
def test_a_submission_that_rolls_back_the_batch_costs_no_other_its_request(monkeypatch) -> None:
    """An I/O error in one submission makes SQLite roll back the whole transaction it shares
    with the others of its batch. Those others must still be stored, or get an error: never a
    receipt for a row that is gone (round 6's review found receipts for lost requests)."""
    doomed, first = idempotency_hash("doomed"), idempotency_hash("first")
    leading = threading.Event()

    def io_error(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        if sql.startswith("INSERT") and params and first in params and not leading.is_set():
            # A slow commit: the other two queue behind it. It goes on once they wait.
            leading.set()
            assert _until(lambda: len(group_commit._pending) == 2), "the others never queued"
        # What SQLite does on SQLITE_IOERR (and SQLITE_FULL without a statement journal).
        if sql.startswith("INSERT") and params and doomed in params:
            context["connection"].connection.execute("ROLLBACK")
            raise sqlite3.OperationalError("disk I/O error")
        return execute(sql, params, many, context)

    results: dict[str, object] = {}

    def submit(key: str) -> None:
        try:
            with connection.execute_wrapper(io_error):
                created, _ = request_create(
                    answers=AWOL, channel="web", language="ru", idempotency_key=key,
                    today=date(2026, 11, 20),
                )  # fmt: skip
            results[key] = created.reference
        except sqlite3.OperationalError as exc:
            results[key] = exc
        finally:
            connections.close_all()

    before = group_commit.batches
    # The first leads alone and commits slowly; the other two queue behind it and are
    # committed together.
    threads = [threading.Thread(target=submit, args=(key,)) for key in ("first", "other", "doomed")]
    threads[0].start()
    assert leading.wait(60), "the first submission never reached its INSERT"
    for thread in threads[1:]:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert group_commit.batches - before >= 2
    stored = set(Request.objects.values_list("reference", flat=True))
    assert isinstance(results["doomed"], sqlite3.OperationalError)
    assert results["first"] in stored and results["other"] in stored
    assert len(stored) == 2


def test_a_repeat_answered_from_the_stored_row_waits_for_the_disk_first(monkeypatch) -> None:
    """A double click served by another web worker finds the first click's row, which that
    worker may have committed without its fsync yet: the repeat waits for the disk before its
    receipt (SQLite; nothing to wait for on PostgreSQL)."""
    from objector.intake import actions

    first, secret = request_create(
        answers=AWOL, channel="web", language="ru", idempotency_key="twice",
        today=date(2026, 11, 20),
    )  # fmt: skip
    waited: list[bool] = []
    monkeypatch.setattr(actions, "wait_for_disk", lambda: waited.append(True))
    again, _ = request_create(
        answers=AWOL, channel="web", language="ru", idempotency_key="twice",
        today=date(2026, 11, 20), secret=secret,
    )  # fmt: skip
    assert again.pk == first.pk
    assert waited == [True]


@sqlite_only
def test_the_next_batch_commits_while_the_previous_one_waits_for_the_disk(monkeypatch) -> None:
    """A submission that arrives while the leader waits for its fsync is committed during that
    fsync, not after it (round 6 made it wait for the whole batch and its fsync), and is still
    acknowledged only after an fsync that began once its row was committed."""
    database = connection.settings_dict["NAME"]
    real_fsync = os.fsync
    synced: list[tuple[float, float, set[str]]] = []  # (began, returned, rows committed then)
    inserted: dict[str, float] = {}

    in_fsync = threading.Event()

    def slow_fsync(fd: int) -> None:
        began = time.monotonic()
        with sqlite3.connect(database) as reader:
            covered = {r for (r,) in reader.execute("SELECT idempotency_key FROM intake_request")}
        if not in_fsync.is_set():
            # The first's fsync lasts until the second, committed, waits for the disk (if the
            # second could commit only after this fsync, it ends after 30 s, and the assert
            # below fails).
            in_fsync.set()
            _until(lambda: len(group_commit._synced._waiters) > 0, 30)  # type: ignore[attr-defined]
        real_fsync(fd)
        synced.append((began, time.monotonic(), covered))

    def when(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        done = execute(sql, params, many, context)
        if sql.startswith('INSERT INTO "intake_request"'):
            inserted[next(p for p in params if p in keys.values())] = time.monotonic()
        return done

    keys = {name: idempotency_hash(name) for name in ("first", "second")}
    acknowledged: dict[str, float] = {}

    def submit(name: str) -> None:
        with connection.execute_wrapper(when):
            _submit_on_a_thread(name, acknowledged)

    monkeypatch.setattr(os, "fsync", slow_fsync)
    first = threading.Thread(target=submit, args=("first",))
    first.start()
    assert in_fsync.wait(60), "the first submission never reached its fsync"
    assert keys["first"] in inserted
    second = threading.Thread(target=submit, args=("second",))
    second.start()
    first.join(timeout=60)
    second.join(timeout=60)
    monkeypatch.setattr(os, "fsync", real_fsync)
    first_sync = next(s for s in synced if keys["first"] in s[2])
    assert inserted[keys["second"]] < first_sync[1]  # committed during the first's fsync
    for name, at in acknowledged.items():
        assert any(returned <= at and keys[name] in rows for _, returned, rows in synced), name
    assert len(acknowledged) == 2 == Request.objects.count()


def _blocked_on(path: str) -> bool:
    """Whether this process waits for the `flock` of `path`: a blocked request in /proc/locks,
    "N: -> FLOCK  ADVISORY  WRITE <pid> <major>:<minor>:<inode> 0 EOF"."""
    inode, pid = f":{os.stat(path).st_ino}", str(os.getpid())
    with open("/proc/locks") as locks:
        return any(
            fields[1:3] == ["->", "FLOCK"] and fields[5] == pid and fields[6].endswith(inode)
            for fields in (line.split() for line in locks)
        )


@sqlite_only
def test_a_leader_waiting_for_another_process_s_commit_is_woken_at_once() -> None:
    """Another process's group commit holds SQLite's write lock: this one's submission writes
    the moment it is released, woken by the release itself rather than when SQLite's busy
    handler next looks (it sleeps up to 100 ms between tries; round 6's submit p99 was ten
    times its p50).

    The waiting submission has no busy handler at all (busy_timeout 0): had it tried SQLite's
    write lock while the other process held it, it would fail at once with "database is
    locked". It can only succeed by sleeping until the other's release wakes it. The other
    process releases only once this one waits on the lock file (or has failed), so nothing
    here depends on how fast a loaded machine schedules either of them."""
    database = connection.settings_dict["NAME"]
    other = subprocess.Popen(  # noqa: S603 - the test's own helper
        [sys.executable, "-c", HOLDER, database],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert other.stdout is not None and other.stdin is not None
    assert other.stdout.readline().strip() == "holding"
    inserted: list[float] = []
    outcome: list[object] = []

    def when(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        if sql.startswith('INSERT INTO "intake_request"'):
            inserted.append(time.monotonic())
        return execute(sql, params, many, context)

    def waiting() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA busy_timeout = 0")  # no polling: woken, or it fails
            with connection.execute_wrapper(when):
                request_create(
                    answers=AWOL, channel="web", language="ru", idempotency_key="waiting",
                    today=date(2026, 11, 20),
                )  # fmt: skip
            outcome.append("stored")
        except Exception as exc:  # asserted below
            outcome.append(exc)
        finally:
            connections.close_all()

    submission = threading.Thread(target=waiting)
    submission.start()
    try:
        assert _until(lambda: _blocked_on(f"{database}-writer") or not submission.is_alive()), (
            "the submission neither waited for the other process nor failed"
        )
    finally:
        other.stdin.write("go\n")  # commit and release
        other.stdin.flush()
    released = float(other.stdout.readline())
    submission.join(timeout=60)
    other.stdin.close()  # it exits only now: its closing connection takes no lock meanwhile
    other.wait(timeout=10)
    assert outcome == ["stored"]
    assert inserted and inserted[0] > released  # it wrote after the other's commit


# Another web worker's group commit, as objector.vault.durability takes it: the lock file, then
# BEGIN IMMEDIATE; it holds both until "go", commits, releases, and exits when its input ends.
HOLDER = """
import fcntl, os, sqlite3, sys, time
database = sys.argv[1]
lock = os.open(database + "-writer", os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(lock, fcntl.LOCK_EX)
db = sqlite3.connect(database, isolation_level=None, timeout=20)
db.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
sys.stdin.readline()
db.execute("COMMIT")
released = time.monotonic()
os.close(lock)
print(released, flush=True)
sys.stdin.read()
"""


@sqlite_only
def test_a_submission_takes_one_write_transaction_with_its_link_task() -> None:
    """The request, its deadlines and the task that links its person are committed together:
    one turn at the write lock a submission (main took a second one, after the commit, for the
    task alone)."""
    from django_tasks_db.models import DBTaskResult

    writes: list[str] = []
    connection.ensure_connection()
    raw = connection.connection

    def trace(sql: str) -> None:
        head = sql.lstrip()[:6].upper()
        if head == "COMMIT" or (
            head.startswith(("INSERT", "UPDATE", "DELETE")) and not raw.in_transaction
        ):
            writes.append(head)

    raw.set_trace_callback(trace)
    try:
        created, _ = request_create(
            answers=AWOL, channel="web", language="ru", idempotency_key="once",
            today=date(2026, 11, 20),
        )  # fmt: skip
    finally:
        raw.set_trace_callback(None)
    assert writes == ["COMMIT"]
    task = DBTaskResult.objects.get(task_path="objector.persons.tasks.link_request")
    assert task.args_kwargs["args"] == [created.pk]


@sqlite_only
def test_batches_committed_during_an_fsync_share_the_next_one(monkeypatch) -> None:
    """Submissions that arrive one by one while a leader waits for the disk each commit at once
    (the lead is handed over before the fsync), and then share one fsync: four submissions,
    two fsyncs, and each receipt after an fsync that began once its row was committed."""
    database = connection.settings_dict["NAME"]
    real_fsync = os.fsync
    synced: list[tuple[float, set[str]]] = []
    in_fsync = threading.Event()
    later = ("b", "c", "d")

    def slow_fsync(fd: int) -> None:
        with sqlite3.connect(database) as reader:
            covered = {r for (r,) in reader.execute("SELECT idempotency_key FROM intake_request")}
        if not in_fsync.is_set():
            # The first fsync (a's) lasts until the three others, committed, wait for the disk
            # (or 30 s: if they could not commit during it, the asserts below fail).
            in_fsync.set()
            waiting = group_commit._synced._waiters  # type: ignore[attr-defined]
            _until(lambda: len(waiting) == len(later), 30)
        real_fsync(fd)
        synced.append((time.monotonic(), covered))

    acknowledged: dict[str, float] = {}
    inserted: dict[str, float] = {}
    keys = {idempotency_hash(name): name for name in ("a", *later)}

    def when(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        done = execute(sql, params, many, context)
        if sql.startswith('INSERT INTO "intake_request"'):
            inserted[next(keys[p] for p in params if p in keys)] = time.monotonic()
        return done

    def submit(name: str) -> None:
        with connection.execute_wrapper(when):
            _submit_on_a_thread(name, acknowledged)

    monkeypatch.setattr(os, "fsync", slow_fsync)
    threads = [threading.Thread(target=submit, args=("a",))]
    threads[0].start()
    assert in_fsync.wait(60), "the first submission never reached its fsync"
    for name in later:  # one by one: each starts once the one before has committed
        threads.append(threading.Thread(target=submit, args=(name,)))
        threads[-1].start()
        assert _until(lambda name=name: name in inserted), f"{name} was never committed"
    for thread in threads:
        thread.join(timeout=60)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert len(acknowledged) == 4 == Request.objects.count()
    # b, c and d each committed during a's fsync, and then shared the next one.
    assert all(inserted[name] < synced[0][0] for name in later), "committed after a's fsync"
    assert len(synced) == 2
    for name, at in acknowledged.items():
        key = idempotency_hash(name)
        assert any(done <= at and key in rows for done, rows in synced), name


@sqlite_only
@pytest.mark.parametrize("planted", ["symlink", "directory"])
def test_a_hostile_lock_file_neither_redirects_nor_stops_submissions(tmp_path, planted) -> None:
    """Red team, round 8: the web workers' lock file beside the database was opened with
    O_CREAT, following a symlink: one planted there created (and locked) a file wherever it
    pointed, and a directory in its place failed every submission. The lock only orders the
    group commits (SQLite's own lock is the arbiter), so a file that is not a plain one of this
    user is left alone and the submission is committed without it."""
    lock = f"{connection.settings_dict['NAME']}-writer"
    if os.path.lexists(lock):
        os.unlink(lock)
    elsewhere = tmp_path / "elsewhere"
    if planted == "symlink":
        os.symlink(elsewhere, lock)
    else:
        os.mkdir(lock)
    try:
        stored, _ = request_create(
            answers=AWOL, channel="web", language="ru", idempotency_key=planted,
            today=date(2026, 11, 20),
        )  # fmt: skip
        assert Request.objects.filter(pk=stored.pk).exists()
        assert not elsewhere.exists()
    finally:
        os.unlink(lock) if planted == "symlink" else os.rmdir(lock)
