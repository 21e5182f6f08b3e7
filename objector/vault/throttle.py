"""Throttling of guesses (staff sign-in, receipt checks) per address and per account+address.

Issue #13, finding 6: five wrong passwords locked a username for 15 minutes even against the
right password, so anyone could lock every coordinator out; and with no per-address limit a few
clients kept every worker busy hashing passwords, slowing intake. Here:
- each address may fail LIMITS[kind].address_failures times in WINDOW, then it is refused at
  once, with no password hashed and nothing written (a flood from one address costs a SELECT
  each);
- each account+address pair waits a growing delay after PAIR_FREE failures (1 s, 2 s, 4 s …
  up to PAIR_MAX_DELAY): the account stays open from every other address, and the second factor
  still works, so nobody can lock anyone else out.

Addresses (an IPv6 address as its /64) and usernames are stored only as keyed hashes, under a
random key made per boot and kept in memory-backed storage, never in the data directory
(`_key`), and deleted after WINDOW (`purge`), in a small SQLite file of the data directory shared
by every web worker (STORE), not in the main database: a flood of wrong guesses then takes no
turn at the write lock that intake's submits need. There is no server-wide cut-off: it let five
wrong checks a second from anywhere refuse every requester (review of round 6, finding 2).

A flood of sign-ins from many addresses passes every per-address limit, and each attempt costs
an Argon2 hash (about 0.4 s of CPU over both cores): a few such clients kept both workers
hashing and slowed intake to a crawl. So a password is hashed only in its turn (`hashing_turn`):
one at a time in the whole server, and, for browsers not yet trusted, with a pause after each
hash of GATE_SHARE - 1 times its length, so that untrusted sign-ins use at most 1/GATE_SHARE of
the time whatever arrives. An attempt that finds no turn is refused at once, without hashing,
without writing anything. Staff whose browser completed a sign-in before (accounts/trust.py,
a revocable cookie) skip the pause, so a flood does not keep them out.

Round 6: the refusals are answered before Django by objector/service/guard.py, which reads the
gate (`gate_paused`) and the per-address counts without a lock or a write, except to note a
network that waits for its turn (fair turns, `_turns`: one fast retrier cannot take them all).
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import hmac
import ipaddress
import json
import logging
import os
import secrets
import sqlite3
import stat
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest

from objector import tmpfs

log = logging.getLogger(__name__)

WINDOW = 15 * 60.0  # seconds
PAIR_FREE = 3
PAIR_MAX_DELAY = 300.0


@dataclass(frozen=True)
class Limits:
    address_failures: int  # failures one address may make in WINDOW, all subjects together


LIMITS = {
    "login": Limits(address_failures=30),
    "receipt": Limits(address_failures=30),
    # The receipt page's pass (intake/receipt_pass.py), counted by its tag, not by address.
    "receipt_pass": Limits(address_failures=5),
}


def _hash(kind: str, value: str) -> str:
    return hmac.new(_key(), f"{kind}\x1f{value}".encode(), hashlib.sha256).hexdigest()


# The HMAC key of the stored hashes (review of round 6, finding 6). Derived from SECRET_KEY, which
# lies in the data directory, it let whoever seized the server try all of IPv4 against the file in
# hours. It is now random, made once per boot, and kept only in memory-backed storage
# ($XDG_RUNTIME_DIR, else /dev/shm: tmpfs, gone at power-off), shared by every web worker of this
# data directory: the first process creates it, the others read it. A seized, powered-off server
# holds hashes under a key that no longer exists. Counts are lost on reboot: an attacker's address
# gets its allowance again, once per boot.
_key_cache: dict[str, bytes] = {}


MEMORY_FILESYSTEMS = tmpfs.MEMORY_FILESYSTEMS


_memory_backed_cache: dict[str, bool] = {}


def _memory_backed(directory: str) -> bool:
    """Whether `directory` lies on a filesystem held in memory (Linux: /proc/self/mountinfo),
    not on a disk: $XDG_RUNTIME_DIR is only a convention, and a service started from a login
    shell or with its own Environment= may point it anywhere (red team, round 7). Read once
    per directory and process: every count's hash asks."""
    known = _memory_backed_cache.get(directory)
    if known is None:
        known = _memory_backed_cache[directory] = _mounted_in_memory(directory)
    return known


_mounted_in_memory = tmpfs.mounted_in_memory


def _key_dir() -> Path | None:
    for candidate in (os.environ.get("XDG_RUNTIME_DIR", ""), "/dev/shm"):  # noqa: S108
        if (
            candidate
            and os.path.isdir(candidate)
            and os.access(candidate, os.W_OK)
            and _memory_backed(candidate)
        ):
            return Path(candidate)
    return None


def key_path() -> Path | None:
    """Where this data directory's throttle key lives (memory-backed), or None without tmpfs."""
    directory = _key_dir()
    if directory is None:
        return None
    tag = hashlib.sha256(os.path.realpath(settings.DATA_DIR).encode()).hexdigest()[:24]
    return directory / f"objector-throttle-{os.getuid()}-{tag}.key"


_warned: list[bool] = []


def key_before_fork() -> None:
    """In gunicorn's master, before it forks the web workers: the key kept when there is no
    memory-backed file for it (no tmpfs, or another user's file in its place) is made here, in
    memory only, and every worker inherits the same one. Limits then count for the whole
    server, not per worker process (round 8: round 7 left a key per process, so a flood got
    the per-address allowance once per worker)."""
    _key_cache.setdefault("", os.urandom(32))


def _key() -> bytes:
    path = key_path()
    if path is None:  # no memory-backed storage: a key in memory (the master's: key_before_fork)
        return _key_cache.setdefault("", os.urandom(32))
    try:
        inode = os.lstat(path).st_ino
    except FileNotFoundError:
        inode = -1
    cached = _key_cache.get(f"{path}:{inode}")
    if cached is not None:
        return cached
    try:
        key = _key_load(path)
    except _NotOurs:
        # Someone else's file where ours belongs (/dev/shm is shared by every user): their key
        # is not used; this process keeps its own, as without tmpfs. Said once, with no address.
        if not _warned:
            _warned.append(True)
            log.warning("the throttle key's file in %s is not this user's: a key in memory", path)
        return _key_cache.setdefault("", os.urandom(32))
    _key_cache[f"{path}:{os.lstat(path).st_ino}"] = key
    return key


class _NotOurs(Exception):
    pass


def _key_read(path: Path) -> bytes | None:
    """The key in `path` when it is a regular file of this user that nobody else may read or
    write, and whole; None otherwise (absent, a symbolic link, planted by another user of the
    machine in the shared /dev/shm, or loosened: red team, round 7)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError:  # a symbolic link (ELOOP), or unreadable
        return b""
    try:
        held = os.fstat(fd)
        key = os.read(fd, 33)
    finally:
        os.close(fd)
    private = stat.S_ISREG(held.st_mode) and held.st_uid == os.getuid()
    return key if private and not held.st_mode & 0o077 and len(key) == 32 else b""


def _key_load(path: Path) -> bytes:
    """The key in `path`, created there if absent: written whole to a private file first, then
    linked in place (atomic, and fails if another process got there first), so that no process
    reads a half-written key. A file there that is not ours to trust is replaced, or, when
    another user owns it (the sticky /dev/shm keeps us from removing it), _NotOurs."""
    for _ in range(5):
        key = _key_read(path)
        if key:
            return key
        if key is not None:  # not ours to trust: made anew
            try:
                path.unlink(missing_ok=True)
            except PermissionError:
                raise _NotOurs(str(path)) from None
        fresh = path.with_name(f"{path.name}.{secrets.token_hex(8)}")
        fd = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        try:
            os.write(fd, os.urandom(32))
        finally:
            os.close(fd)
        try:
            os.link(fresh, path)
        except FileExistsError:
            pass
        finally:
            fresh.unlink(missing_ok=True)
    raise RuntimeError("the throttle key could not be made")


def address_of(meta: Mapping[str, object]) -> str:
    """The client's address from a WSGI environ or request.META: REMOTE_ADDR, or behind a
    trusted reverse proxy (OBJECTOR_TRUSTED_PROXY=1) the last address it appended to
    X-Forwarded-For. An IPv6 address counts as its /64 (one subscriber's network holds 2**64
    addresses: counted one by one they gave unlimited guesses); IPv4 per address.

    The header is believed only from a peer on this machine or a private network, where the
    proxy is (red team, round 7: a web port published on every interface let a client that
    reached it directly name a new address in each request, and escape every per-address
    limit). Its address may carry a port, which is not part of it; one that does not parse is
    not believed, and the proxy's own address counts instead."""
    peer = str(meta.get("REMOTE_ADDR", ""))
    if behind_trusted_proxy(meta):
        forwarded = str(meta.get("HTTP_X_FORWARDED_FOR", "")).split(",")[-1].strip()
        client = _parsed(_without_port(forwarded))
        if client is not None:
            return _network(str(client))
    return _network(peer)


def _network(raw: str) -> str:
    """What one client is counted as: an IPv4 address; an IPv6 address's /64; but the IPv4
    address that an IPv6 address is made from (mapped, 6to4, a Teredo client), since whoever
    holds that IPv4 address holds all of them (red team, round 7: a 6to4 /48, free with any
    IPv4 address, held 65,536 networks of /64, each with its own allowance)."""
    address = _parsed(raw)
    if address is None:
        return raw
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo or (None, None))[1]
        if embedded is not None:
            return str(embedded)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def _parsed(raw: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(raw.strip("[]").split("%")[0])
    except ValueError:
        return None


def _without_port(raw: str) -> str:
    """'192.0.2.1:443' and '[2001:db8::1]:443' without the port; anything else as it is."""
    if raw.startswith("[") and "]" in raw:
        return raw[1 : raw.index("]")]
    if raw.count(":") == 1:
        return raw.partition(":")[0]
    return raw


# Where the reverse proxy may be: this machine, or a private network (a container bridge, the
# data centre's LAN; RFC 1918, IPv6 unique-local and link-local), never the internet.
PROXY_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in (
        "127.0.0.0/8",
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "169.254.0.0/16",
        "::1/128",
        "fc00::/7",
        "fe80::/10",
    )
)


def behind_trusted_proxy(meta: Mapping[str, object]) -> bool:
    """Whether the request came through the trusted reverse proxy (OBJECTOR_TRUSTED_PROXY, from
    a peer on this machine or a private network), whose forwarded headers are then believed."""
    return bool(settings.TRUSTED_PROXY) and _proxy_may_be(str(meta.get("REMOTE_ADDR", "")))


def _proxy_may_be(peer: str) -> bool:
    """Whether the direct peer may be the reverse proxy (PROXY_NETWORKS)."""
    address = _parsed(peer)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address is not None and any(address in n for n in PROXY_NETWORKS)


def client_address(request: HttpRequest) -> str:
    return address_of(request.META)


# The counts live in a small SQLite file of their own in the data directory, shared by every
# web worker and thread of this machine, not in the main database: a flood of wrong guesses
# then takes no turn at the main database's one write lock, which intake's submits need, and
# waits for no disk (synchronous=OFF: a count lost to a power cut gives an attacker's address
# a few free guesses, no more). The limit stays one per address for the whole server, however
# many workers serve it.
STORE = "throttle.sqlite3"
BUSY_TIMEOUT = 10.0  # seconds a connection waits for another one's lock
_local = threading.local()


def _store() -> sqlite3.Connection:
    path = str(Path(settings.DATA_DIR) / STORE)
    db: sqlite3.Connection | None = getattr(_local, "db", None)
    if db is not None and getattr(_local, "path", None) == path:
        return db
    try:
        db = _open(path)
    except sqlite3.DatabaseError as error:
        if not _corrupt(error):
            # A busy store ("database is locked") is not a torn one: its counts are kept, and
            # this request fails rather than wiping every address's count (review of round 6,
            # finding 9).
            raise
        # synchronous=OFF: a power cut can leave the file torn. It holds only counts that expire
        # within WINDOW, so it is rebuilt rather than left to refuse every sign-in with a 500;
        # said in the log, as every address gets its allowance again (no address is named).
        log.warning("the throttle's file was damaged or altered (%s) and is rebuilt", error)
        for suffix in ("", "-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)
        db = _open(path)
    _local.db, _local.path = db, path
    return db


class _QuickCheckFailed(sqlite3.DatabaseError):
    pass


def _corrupt(error: sqlite3.DatabaseError) -> bool:
    """Whether `error` says the file is damaged, not merely busy or unwritable."""
    if isinstance(error, _QuickCheckFailed):
        return True
    if isinstance(error, sqlite3.OperationalError):
        return False
    text = str(error).lower()
    return "not a database" in text or "malformed" in text or "corrupt" in text


def _open(path: str) -> sqlite3.Connection:
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))  # never readable by others
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
    try:
        _prepare(db)
    except sqlite3.DatabaseError:
        db.close()
        raise
    return db


SCHEMA = (
    "CREATE TABLE IF NOT EXISTS attempt (kind TEXT NOT NULL, address TEXT NOT NULL,"
    " subject TEXT NOT NULL, at REAL NOT NULL)",
    "CREATE INDEX IF NOT EXISTS attempt_address ON attempt (kind, address, at)",
    "CREATE INDEX IF NOT EXISTS attempt_at ON attempt (at)",
    "CREATE INDEX IF NOT EXISTS attempt_kind_at ON attempt (kind, at)",
)
_MASTER = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"


@functools.cache
def _schema() -> list[tuple[str, ...]]:
    """sqlite_master as SCHEMA alone makes it."""
    blank = sqlite3.connect(":memory:")
    try:
        for statement in SCHEMA:
            blank.execute(statement)
        return list(blank.execute(_MASTER).fetchall())
    finally:
        blank.close()


def _prepare(db: sqlite3.Connection) -> None:
    if db.execute("PRAGMA quick_check").fetchone() != ("ok",):
        raise _QuickCheckFailed("throttle store failed its quick check")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA secure_delete=ON")
    for statement in SCHEMA:
        db.execute(statement)
    # Exactly its own schema: a trigger that deletes each count as it is written, a view in the
    # table's place or a column that never expires would turn the limits off, or on for ever,
    # without a word (red team, round 7). Such a file is rebuilt like a torn one.
    if list(db.execute(_MASTER).fetchall()) != _schema():
        raise _QuickCheckFailed("throttle store holds more than its own schema")


def wait_seconds(kind: str, *, address: str, subject: str = "") -> float:
    """0 when an attempt may go ahead; else how many seconds to wait."""
    now = time.time()
    since = now - WINDOW
    db = _store()
    if db.execute("SELECT 1 FROM attempt WHERE at < ? LIMIT 1", (since,)).fetchone():
        purge(now)
    address_hash = _hash(kind, _network(address))
    count, oldest = db.execute(
        "SELECT count(*), min(at) FROM attempt WHERE kind = ? AND address = ? AND at >= ?",
        (kind, address_hash, since),
    ).fetchone()
    if count >= LIMITS[kind].address_failures:
        return max(1.0, float(oldest or now) + WINDOW - now)
    if not subject:
        return 0.0
    return _pair_delay(db, kind, address_hash, subject, now)


def pair_wait(kind: str, *, address: str, subject: str) -> float:
    """The account+address pair's growing delay alone, without the per-address cap: for a
    browser trusted for this account (accounts/trust.py), which others behind the same address
    (a NAT, a VPN, a Tor exit) must not lock out."""
    return _pair_delay(_store(), kind, _hash(kind, _network(address)), subject, time.time())


def _pair_delay(
    db: sqlite3.Connection, kind: str, address_hash: str, subject: str, now: float
) -> float:
    """Seconds the pair (address, subject) must still wait: PAIR_FREE failures free, then a
    delay doubling with each one up to PAIR_MAX_DELAY, from the last."""
    pair, last = db.execute(
        "SELECT count(*), max(at) FROM attempt"
        " WHERE kind = ? AND address = ? AND at >= ? AND subject = ?",
        (kind, address_hash, now - WINDOW, _hash(kind, subject)),
    ).fetchone()
    if pair < PAIR_FREE:
        return 0.0
    delay = min(PAIR_MAX_DELAY, 2.0 ** (int(pair) - PAIR_FREE))
    return max(0.0, float(last) + delay - now)


def failed(kind: str, *, address: str, subject: str = "") -> None:
    """Counts a failure, in the throttle's own file (above): no write to the main database."""
    now = time.time()
    db = _store()
    db.execute(
        "INSERT INTO attempt (kind, address, subject, at) VALUES (?, ?, ?, ?)",
        (kind, _hash(kind, _network(address)), _hash(kind, subject) if subject else "", now),
    )
    purge(now)


def succeeded(kind: str, *, address: str, subject: str) -> None:
    cleared = (
        _store()
        .execute(
            "DELETE FROM attempt WHERE kind = ? AND address = ? AND subject = ?",
            (kind, _hash(kind, _network(address)), _hash(kind, subject)),
        )
        .rowcount
    )
    purge(checkpoint=bool(cleared))


def purge(now: float | None = None, *, checkpoint: bool = False) -> int:
    """Deletes the counts older than WINDOW and, when any row went (or `checkpoint`), empties
    the write-ahead log, whose older frames still hold the deleted rows: neither the file nor
    its -wal keeps a hash past WINDOW (secure_delete zeroes the freed space). On every write,
    on reads that find expired rows (`wait_seconds`), and hourly (vault/tasks.py
    throttle_purge). A wrong check that deletes nothing costs no checkpoint. Returns how many
    rows went."""
    since = (time.time() if now is None else now) - WINDOW
    db = _store()
    gone = int(db.execute("DELETE FROM attempt WHERE at < ?", (since,)).rowcount)
    if gone or checkpoint:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return gone


def counted(kind: str = "") -> int:
    """How many failures are counted now (for tests and the health of the store)."""
    if kind:
        return int(
            _store().execute("SELECT count(*) FROM attempt WHERE kind = ?", (kind,)).fetchone()[0]
        )
    return int(_store().execute("SELECT count(*) FROM attempt").fetchone()[0])


def forget_all() -> None:
    """Every count dropped (tests start clean)."""
    _store().execute("DELETE FROM attempt")


# Untrusted password hashing takes at most 1/GATE_SHARE of one core's time. At 8 (round 2), the
# two or three Argon2 hashes a flood got every 6 s cost about a fifth of the server's CPU on this
# shared machine, and intake lost as much (docs/benchmarks.md, round 6); at 16 a flood gets one
# hash about every 6 s. The price: two staff signing in on new browsers within those seconds,
# the second is asked to retry (a browser that signed in before is never paused).
GATE_SHARE = 16
GATE_CHEAP = 0.03  # CPU seconds; a password check cheaper than this sets no pause
GATE_LONGEST = 60.0  # seconds; a longer pause on file is stale (the clock restarts at boot)


@dataclass
class Turn:
    """Whether this attempt may hash a password now; if not, how long to wait."""

    granted: bool
    wait: float = 0.0


@contextmanager
def hashing_turn(kind: str, *, trusted: bool = False, address: str = "") -> Iterator[Turn]:
    """A turn to hash a password, for the length of the `with` block, or a refusal.

    Across every worker process: an exclusive, non-blocking lock on a file in the data
    directory, which holds when the next untrusted hash may start (CLOCK_MONOTONIC, the same
    for every process on the machine). A file lock and not the database, so that a refused
    attempt costs no query and no write. The lock goes with the process if it dies.

    Turns go fairly across addresses (`_turns`): an untrusted attempt from a network that had
    one of the last RECENT_TURNS untrusted hashes is refused while another network, refused
    during a pause, is still waiting for its turn. One fast retrier, or a few, cannot then take
    every turn and keep staff on a new browser out."""
    fd = os.open(Path(settings.DATA_DIR) / f"throttle-{kind}.gate", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        # A trusted browser waits for the hash in progress (one, well under a second), but
        # never longer than TRUSTED_LOCK_WAIT: a worker stuck holding the lock keeps nobody.
        if not _lock(fd, TRUSTED_LOCK_WAIT if trusted else 0.0):  # another worker is hashing
            yield Turn(granted=False, wait=1.0)
            return
        try:
            not_before = float(os.pread(fd, 32, 0) or b"0")
        except ValueError:
            not_before = 0.0
        now = time.monotonic()
        network = _network_key(kind, address) if address and not trusted else ""
        if not trusted and now < not_before < now + GATE_LONGEST:
            if network:
                _note_refused(kind, network, until=not_before + TURN_HOLD)
            yield Turn(granted=False, wait=not_before - now)
            return
        if network and _others_waiting(kind, network):
            yield Turn(granted=False, wait=TURN_RETRY)
            return
        if not trusted:
            # Closed while this hash runs too, so that the guard in front of Django
            # (service/guard.py, which reads the file and takes no lock) refuses the flood
            # meanwhile; a worker that dies mid-hash leaves it closed GATE_HASHING at most.
            _gate_write(fd, now + GATE_HASHING)
        cpu = time.process_time()  # the hash's own cost, whatever else loads the machine
        try:
            yield Turn(granted=True)
        finally:
            took = time.process_time() - cpu
            # Staff signing in are not the flood: their hashes set no pause; nor does a check
            # too cheap to starve anyone (the tests' fast hasher).
            if not trusted and took >= GATE_CHEAP:
                _gate_write(fd, time.monotonic() + took * (GATE_SHARE - 1))
                if network:
                    _hashed(kind, network)
            elif not trusted:
                _gate_write(fd, not_before)
    finally:
        os.close(fd)


GATE_HASHING = 3.0  # seconds the gate stays closed for a hash in progress, at most
TRUSTED_LOCK_WAIT = 5.0  # seconds a trusted browser waits for the hash in progress, at most


def _lock(fd: int, patience: float) -> bool:
    """The file's exclusive lock, waiting up to `patience` seconds for it; False without it."""
    deadline = time.monotonic() + patience
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)


def _gate_write(fd: int, not_before: float) -> None:
    os.pwrite(fd, f"{not_before:<32.6f}".encode(), 0)


def gate_paused(kind: str, *, address: str = "") -> float:
    """Seconds until untrusted attempts of `kind` get a turn again, read without the lock: 0
    when they may try now. For the guard in front of Django (objector/service/guard.py). An
    address refused here is noted as waiting for its turn (`_turns`)."""
    try:
        with open(Path(settings.DATA_DIR) / f"throttle-{kind}.gate", "rb") as gate:
            not_before = float(gate.read(32) or b"0")
    except (OSError, ValueError):
        return 0.0
    now = time.monotonic()
    if not now < not_before < now + GATE_LONGEST:
        return 0.0
    if address:
        _note_refused(kind, _network_key(kind, address), until=not_before + TURN_HOLD)
    return not_before - now


# Fair turns. A small file beside the gate (throttle-<kind>.turns, JSON) holds the keyed hashes
# of the networks (an IPv4 address, an IPv6 /64) of the last RECENT_TURNS untrusted hashes, and
# of the networks refused during a pause, each until TURN_HOLD seconds after that pause ends
# (the time a person takes to try again). A network in the first list cannot take a turn while
# one in the second waits: a fast retrier then gets at most every other turn, and a flood needs
# more than RECENT_TURNS networks to keep someone else waiting more than that many turns. The
# guard writes here only when a network first waits in a pause: a flood from one address reads
# the file and writes nothing.
RECENT_TURNS = 8
WAITING_MAX = 64  # networks noted as waiting at most; more are not noted (a flood's own)
TURN_HOLD = 30.0  # seconds a refused network keeps its claim after the pause ends
TURN_RETRY = 2.0  # seconds a recent network is asked to wait while another claims its turn


def _network_key(kind: str, address: str) -> str:
    return _hash(kind, f"turn\x1f{_network(address)}")[:20]


def _turns_path(kind: str) -> Path:
    return Path(settings.DATA_DIR) / f"throttle-{kind}.turns"


def _turns_parse(raw: bytes, now: float) -> tuple[list[str], dict[str, float]]:
    try:
        state = json.loads(raw or b"{}")
        recent = [str(k) for k in state.get("recent", [])][:RECENT_TURNS]
        waiting = {
            str(k): float(v)
            for k, v in dict(state.get("waiting", {})).items()
            if now < float(v) < now + GATE_LONGEST + TURN_HOLD  # a stale claim is dropped
        }
    except (ValueError, TypeError, AttributeError):
        return [], {}
    return recent, waiting


def _turns_read(kind: str) -> tuple[list[str], dict[str, float]]:
    """The turns file as it stands (a shared lock: never half-written)."""
    try:
        fd = os.open(_turns_path(kind), os.O_RDONLY)
    except OSError:
        return [], {}
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        raw = os.pread(fd, 65536, 0)
    finally:
        os.close(fd)
    return _turns_parse(raw, time.monotonic())


@contextmanager
def _turns(kind: str) -> Iterator[tuple[list[str], dict[str, float]]]:
    """The turns file, locked for a few microseconds, written back after the block."""
    fd = os.open(_turns_path(kind), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        recent, waiting = _turns_parse(os.pread(fd, 65536, 0), time.monotonic())
        yield recent, waiting
        data = json.dumps({"recent": recent[:RECENT_TURNS], "waiting": waiting}).encode()
        os.ftruncate(fd, 0)
        os.pwrite(fd, data, 0)
    finally:
        os.close(fd)


def _note_refused(kind: str, network: str, *, until: float) -> None:
    recent, waiting = _turns_read(kind)
    if network in recent or waiting.get(network, 0.0) >= until:
        return  # a recent hasher, or already waiting for this pause: nothing to write
    if network not in waiting and len(waiting) >= WAITING_MAX:
        return
    with _turns(kind) as (recent, waiting):
        if network not in recent:
            waiting[network] = max(until, waiting.get(network, 0.0))


def _others_waiting(kind: str, network: str) -> bool:
    """This network had a recent turn, and another network refused during a pause waits."""
    recent, waiting = _turns_read(kind)
    return network in recent and any(k not in recent for k in waiting)


def _hashed(kind: str, network: str) -> None:
    with _turns(kind) as (recent, waiting):
        waiting.pop(network, None)
        recent[:] = [network] + [k for k in recent if k != network]
