"""Reading and extracting one document in a child process with a time and a memory limit.

Issue #13, finding 9: one upload could stall the task worker (a 25 MB text ran past three
minutes; a 6 KB PDF of huge pages took 1.3 GB). Each document is read in a child process, and
`resource.setrlimit` bounds it: CPU seconds (RLIMIT_CPU) and address space (RLIMIT_AS, above
what the child already maps). The parent also stops it after a wall-clock deadline. When the
child ends, whatever it decoded (text, names, its caches) ends with it: nothing from a document
lingers in the worker.

The children come from multiprocessing's fork server, not from a fork of the task worker: the
worker may run threads (the database driver's, django-tasks'), and forking a threaded process
can leave a lock held forever in the child. The fork server is a fresh single-threaded process
with the extraction modules preloaded (and no Django), so each child still starts at once.

The child touches no database connection and imports no Django: it gets bytes and returns plain
data over a pipe, so the function it runs must be importable without Django (read_and_extract).
"""

from __future__ import annotations

import multiprocessing
import resource
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.context import ForkContext, ForkServerContext
from typing import Any

from objector.extraction import extract_pages
from objector.extraction.reader import DocumentError, read_document

# How children start; the tests that patch the extraction in this process use "fork", so that
# the child sees the patch.
START_METHOD = "forkserver"
# Loaded once by the fork server, so that each child starts with them (see above).
# objector.documents.undumpable first: the fork server and its children are non-dumpable before
# anything else loads (red team, round 11).
_PRELOAD = [
    "objector.documents.undumpable",
    "objector.extraction",
    "objector.extraction.reader",
    __name__,
]


def read_and_extract(content: bytes, limits: Any) -> tuple[list[Any], Any]:
    """The document job run in the bounded child: its pages, and what was extracted from them."""
    _, pages = read_document(content, limits)
    return pages, extract_pages(pages)


def _address_space() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _child(
    pipe: Connection, fn: Callable[..., Any], args: tuple[Any, ...], seconds: int, memory: int
) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    limit = _address_space() + memory
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        pipe.send(("ok", fn(*args)))
    except MemoryError:
        pipe.send(("error", ("too_big", "")))
    except DocumentError as exc:
        pipe.send(("error", (exc.code, exc.detail)))
    except Exception as exc:
        pipe.send(("crash", type(exc).__name__))
    finally:
        pipe.close()


def run_bounded(fn: Callable[..., Any], *args: Any, seconds: int, memory_mb: int) -> Any:
    """fn(*args) in a child of the fork server (fn and args importable and picklable, without
    Django); DocumentError("too_slow") past `seconds` (CPU or wall clock, with some slack for
    OCR's subprocesses), DocumentError("too_big") past `memory_mb` of memory, the child's own
    DocumentError as raised, RuntimeError for a crash."""
    context: ForkContext | ForkServerContext
    if START_METHOD == "fork":
        context = multiprocessing.get_context("fork")
    else:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=_child, args=(send, fn, args, seconds, memory_mb * 1024 * 1024), daemon=True
    )
    child.start()
    send.close()
    try:
        if not receive.poll(seconds * 2 + 5):
            raise DocumentError("too_slow", (f"> {seconds} с", f"> {seconds} s"))
        try:
            kind, value = receive.recv()
        except EOFError:  # killed: RLIMIT_CPU's SIGXCPU/SIGKILL, or the kernel's OOM
            child.join(5)
            if child.exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
                raise DocumentError("too_slow", (f"> {seconds} с", f"> {seconds} s")) from None
            raise DocumentError("too_big", (f"> {memory_mb} МБ", f"> {memory_mb} MB")) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join(5)
        receive.close()
    if kind == "ok":
        return value
    if kind == "error":
        code, detail = value
        if code == "too_big":
            detail = (f"> {memory_mb} МБ", f"> {memory_mb} MB")
        raise DocumentError(code, detail)
    raise RuntimeError(f"extraction crashed: {value}")
