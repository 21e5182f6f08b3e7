"""gunicorn's settings for `objector run` (`-c python:objector.service.gunicorn_conf`)."""

import os
from typing import Any

from objector.service.supervisor import die_with_parent
from objector.vault import keyholder, throttle

# The master keeps the web's capability and the throttle's key: out of reach of the rest of the
# service's user, under `objector run` or a systemd unit alike (red team, round 11).
keyholder.non_dumpable()
# The capability `objector run` handed the web server (vault/keyholder.py), read in the master
# before it forks: every worker inherits it, and nothing it starts inherits the pipe.
keyholder.capability_load()
# Without tmpfs for the throttle's key, the workers share one made here, in memory.
throttle.key_before_fork()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "objector.settings")

# The questionnaire's draft travels in the browser's cookies (objector/intake/drafts.py): up
# to eight of 3,800 bytes. gunicorn's default limit for one header is 8,190 bytes.
limit_request_field_size = 40000
graceful_timeout = 10
# Threads in each worker process (gunicorn's gthread worker): a request waiting on the disk (the
# intake submission fsyncs its commit after releasing SQLite's write lock) or on a slow phone
# connection does not hold a whole process, and the CPU-bound pages still use one process per
# core. bench/intake.py: the final submit about doubled against two sync workers.
threads = 4
# gunicorn believes no forwarded header: whether a request came over HTTPS is Django's to
# decide, from X-Forwarded-Proto, which the guard keeps only from the trusted proxy
# (service/guard.py). By default gunicorn took X-Forwarded-Proto, X-Forwarded-Ssl or
# X-Forwarded-Protocol from any peer on 127.0.0.1, and Django fell back on its word once the
# guard had dropped the header (red team, round 8).
forwarded_allow_ips = ""  # no peer
secure_scheme_headers: dict[str, str] = {}


def post_fork(server: Any, worker: Any) -> None:
    # A worker dies with its master: a master killed by SIGKILL must not leave workers holding
    # the port, or every restart fails to bind (issue #13, finding 7).
    die_with_parent(parent=worker.ppid)
    # A worker keeps the names the cores memoise across requests (vault/plaintext.py): no
    # other process of the service's user may read its memory (red team, round 9).
    keyholder.non_dumpable()
    # A seal drops what this worker keeps of cases between requests (vault/plaintext.py).
    from django.conf import settings

    from objector.vault import plaintext

    # bench/intake.py serves its bare Django anchor with these same settings: it has no vault.
    socket_path = getattr(settings, "VAULT_SOCKET", None)
    if socket_path is not None:
        plaintext.watch(socket_path)


def post_worker_init(worker: Any) -> None:
    # The loaded code out of the garbage collector's walks: a collection of the oldest
    # generation stalled every submission for 200-500 ms (service/heap.py).
    from objector.service.heap import freeze_after_warm_up

    freeze_after_warm_up()
