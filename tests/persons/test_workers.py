"""Each task worker process keeps its own index of the registry's names in memory. A shredding
or a document read again in one process must reach the others' indexes (round 10's re-reads:
only the process that deleted the mentions dropped its index, and the other workers kept the
shredded names until their next seal). Process B here is a real second process (forked), with
its own index, reading the same SQLite file and asking the same key-holder."""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connections

from objector.cases.actions import requests_shred
from objector.documents.actions import documents_open, person_correct
from objector.documents.models import Document, DocumentPerson
from objector.intake.models import Request
from objector.persons import actions
from objector.persons.models import Mention, of_person
from objector.persons.registry import REGISTRY, forgettings, watch
from objector.persons.tasks import link_document

from .conftest import ORDER, named_in_order, person_of
from .test_reread import READ_AGAIN, read_again

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # B is forked from this process (which runs the tests' key-holder in a thread): it only asks
    # that key-holder over its socket and opens the database afresh.
    pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning"),
]
NAME = "Синтетов Пётр Сергеевич"


def _names() -> list[str]:
    return sorted(f"{n.source}:{n.name}" for n in REGISTRY.names)


def _worker(conn: Any, watching: bool) -> None:
    """Process B: builds its index, then answers the test's questions about it."""
    REGISTRY.reset()  # what the fork copied from the test's process is not B's
    stop = threading.Event()
    if watching:
        watch(seconds=0.05, stop=stop)
    while True:
        op, arg = conn.recv()
        try:
            if op == "stop":
                break
            if op == "build":
                with REGISTRY.lock:
                    REGISTRY.ready()
                conn.send(_names())
            elif op == "names":
                with REGISTRY.lock:
                    conn.send(_names())
            elif op == "ready":  # what every link does first
                with REGISTRY.lock:
                    REGISTRY.ready()
                    conn.send(_names())
            elif op == "link":
                mention = actions.mention_link_request(request=Request.objects.get(pk=arg))
                assert mention is not None
                conn.send((mention.person_pk(), [e["with"] for e in mention.links()]))
        except Exception as exc:  # the test fails with its class and text (no one's data)
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
    stop.set()
    connections.close_all()


class Worker:
    def __init__(self, watching: bool) -> None:
        connections.close_all()  # no SQLite connection crosses the fork
        context = multiprocessing.get_context("fork")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker, args=(child, watching), daemon=True)
        self.process.start()

    def ask(self, op: str, arg: Any = None) -> Any:
        self.conn.send((op, arg))
        assert self.conn.poll(60), "process B did not answer"
        answer = self.conn.recv()
        assert not (isinstance(answer, tuple) and answer[:1] == ("error",)), answer
        return answer

    def close(self) -> None:
        self.conn.send(("stop", None))
        self.process.join(20)
        if self.process.is_alive():
            self.process.kill()


@pytest.fixture
def worker_b() -> Iterator[Any]:
    started: list[Worker] = []

    def start(watching: bool = False) -> Worker:
        started.append(Worker(watching))
        return started[-1]

    yield start
    for w in started:
        w.close()


def _until_gone(b: Worker, word: str) -> list[str]:
    deadline = time.monotonic() + 60
    while True:
        names = b.ask("names")
        if not any(word in n for n in names) or time.monotonic() > deadline:
            return names
        time.sleep(0.05)


def test_a_shredding_elsewhere_reaches_another_workers_index(
    linked_request: Any, make_request: Any, admin: Any, worker_b: Any
) -> None:
    case = linked_request(name=NAME, unit="в/ч 12345")
    linked_request(name="Выдуманный Илья Андреевич", unit="в/ч 12345")
    shredded = Mention.objects.get(request=case).pk
    b = worker_b()
    assert any("Синтетов" in n for n in b.ask("build"))

    requests_shred(requests=[case], by=admin)  # here, in process A

    names = b.ask("ready")  # B's next link first looks at its index
    assert not any("Синтетов" in n for n in names), "B still holds the shredded name"
    assert any("Выдуманный" in n for n in names)
    # And B links a new request of the same name correctly: to no one shredded.
    again = make_request(name=NAME, unit="в/ч 12345")
    person, links = b.ask("link", again.pk)
    assert shredded not in links
    assert person == person_of(request=again).pk
    assert Mention.objects.filter(pk__in=[shredded]).count() == 0


def test_an_idle_worker_drops_the_shredded_names(
    linked_request: Any, admin: Any, worker_b: Any
) -> None:
    """B links nothing after the shredding: its watcher drops the index within seconds."""
    case = linked_request(name=NAME, unit="в/ч 12345")
    b = worker_b(watching=True)
    assert any("Синтетов" in n for n in b.ask("build"))

    requests_shred(requests=[case], by=admin)

    assert not any("Синтетов" in n for n in _until_gone(b, "Синтетов"))


def test_a_document_read_again_elsewhere_reaches_another_workers_index(
    linked_document: Any,
    lawyer: Any,
    worker_b: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    document = linked_document(ORDER, lawyer)
    assert len(named_in_order(document)) == 2
    b = worker_b(watching=True)
    assert any(n.startswith("document:") and "Выдуман" in n for n in b.ask("build"))

    read_again(document, READ_AGAIN, django_capture_on_commit_callbacks)  # in process A

    names = _until_gone(b, "Выдуман")
    assert not any("Выдуман" in n or "Синтетов" in n for n in names), "B keeps the old reading"
    # B's next link reads the new reading.
    assert any("Придуманн" in n for n in b.ask("ready"))
    assert Document.objects.filter(pk=document.pk).exists()


def test_a_name_corrected_elsewhere_reaches_another_workers_index(
    linked_document: Any,
    lawyer: Any,
    worker_b: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """A lawyer's correction of a document person's name changed the name behind its mention
    without deleting it: no count of forgettings moved, and every worker's index (this
    process's too) kept the old spelling, which new requests kept linking to."""
    document = linked_document(ORDER, lawyer)
    [_, theirs] = named_in_order(document)
    with REGISTRY.lock:
        REGISTRY.ready()
    assert any("Выдуман" in n for n in _names())
    b = worker_b(watching=True)
    assert any("Выдуман" in n for n in b.ask("build"))
    before = forgettings()

    row = DocumentPerson.objects.get(pk=theirs.document_person_id)
    document = Document.objects.get(pk=document.pk)
    documents_open([document])
    values = {k: str(v or "") for k, v in row.values(document.key).items()}
    with django_capture_on_commit_callbacks(execute=True):  # as the worker's would
        person_correct(person=row, values={**values, "last": "Придуманный"}, by=lawyer)

    assert forgettings() > before
    assert not any("Выдуман" in n for n in _names()), "this process keeps the old spelling"
    assert not any("Выдуман" in n for n in _until_gone(b, "Выдуман")), "B keeps it"
    # The corrected person is linked again, under the corrected name.
    assert link_document.call(document.pk) == "done"
    [_, again] = named_in_order(document)
    assert again.document_person_id == row.pk and again.pk != theirs.pk
    names = b.ask("ready")
    assert any("Придуманный Илья Андреевич" in n for n in names)
    assert not any("Выдуман" in n for n in names)


def test_two_workers_joining_one_documents_only_person_at_once_keep_it_one(
    linked_document: Any, make_request: Any, lawyer: Any, worker_b: Any, monkeypatch: Any
) -> None:
    """Two requests of the man an order names, linked at once by two workers: each found his
    person only documents mention, and each made it a new row (`_fresh`). On PostgreSQL the
    second moved the order's mention to its own new row once the first committed, and the two
    requests stayed two persons; now the second waits on the person's row lock and reads where
    its mentions went. (On SQLite the write transactions take turns.)"""
    document = linked_document(ORDER, lawyer)
    [his, _] = named_in_order(document)
    old = his.person_pk()
    b = worker_b()
    b.ask("build")
    mine = make_request(name=NAME, unit="в/ч 12345")
    theirs = make_request(name=NAME, unit="в/ч 12345")
    real = actions._fresh
    asked: list[int] = []

    def paused(person: Any) -> Any:
        made = real(person)
        if made.pk != person.pk and not asked:  # re-homed here, not committed yet
            asked.append(theirs.pk)
            b.conn.send(("link", theirs.pk))  # B links the other request meanwhile
            time.sleep(3)  # B reaches the old row (its lock, or its mentions' rows)
        return made

    monkeypatch.setattr(actions, "_fresh", paused)
    actions.mention_link_request(request=mine)  # here, in process A
    assert asked and b.conn.poll(60), "process B did not answer"
    answer = b.conn.recv()
    assert not (isinstance(answer, tuple) and answer[:1] == ("error",)), answer

    person = person_of(request=mine).pk
    assert person != old and not Mention.objects.filter(of_person(old)).exists()
    assert answer[0] == person == person_of(request=theirs).pk
    assert Mention.objects.get(pk=his.pk).person_pk() == person
