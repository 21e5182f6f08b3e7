"""For bench/intake.py only: counts the SQLite commits a server makes.

Python imports `sitecustomize` at start-up from PYTHONPATH, so a server started with this
directory on PYTHONPATH (and OBJECTOR_BENCH_COMMITS naming a directory) counts, per process,
every COMMIT and every write made outside a transaction (SQLite commits those on its own), and
keeps the running total in a file named after its process id. The count is of write
transactions, each of which costs an fsync with synchronous=FULL. Nothing in the product can
turn this on.
"""

import os
import sqlite3.dbapi2

_DIRECTORY = os.environ.get("OBJECTOR_BENCH_COMMITS")
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLA")

if _DIRECTORY:
    _connect = sqlite3.dbapi2.connect
    _state = {"pid": 0, "fd": -1, "count": 0}

    def _counted() -> None:
        if _state["pid"] != os.getpid():  # a forked worker starts its own count
            _state.update(
                pid=os.getpid(),
                count=0,
                fd=os.open(
                    os.path.join(_DIRECTORY, str(os.getpid())),
                    os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
                    0o600,
                ),
            )
        _state["count"] += 1
        os.pwrite(_state["fd"], f"{_state['count']:>12}".encode(), 0)

    def _counting_connect(*args, **kwargs):  # type: ignore[no-untyped-def]
        connection = _connect(*args, **kwargs)

        def trace(sql: str) -> None:
            head = sql.lstrip()[:6].upper()
            if head == "COMMIT" or (head.startswith(_WRITES) and not connection.in_transaction):
                _counted()

        connection.set_trace_callback(trace)
        return connection

    sqlite3.dbapi2.connect = _counting_connect
    sqlite3.connect = _counting_connect
