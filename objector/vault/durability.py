"""Commits that do not wait for the disk under SQLite's write lock (issue #13).

The embedded database runs WAL with synchronous=FULL: each commit fsyncs while it holds the one
write lock. Two places need less of that: a wrong receipt's count, which may be lost in a power
cut (`commit_without_fsync`), and the final submit, which must be on disk before its receipt is
shown but need not hold the lock while it waits (`durable_after_the_lock`)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction


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
