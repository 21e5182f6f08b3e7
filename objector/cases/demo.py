"""A synthetic organisation for trying every screen: `objector demo`.

Requests are made by answering the real questionnaire (`next_question`/`parse_answer`) with a
seeded random generator, so every demo request went through the same checks as a real one.
Every name is synthetic: common given names and surnames combined at random.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from objector.accounts import actions as accounts
from objector.accounts.models import Staff
from objector.intake import actions as intake
from objector.intake.models import Request
from objector.intake.questionnaire import next_question, parse_answer
from objector.intake.regions import REGIONS

from . import actions
from .models import AnswerTemplate

# S105: a public demo password on purpose; the demo command refuses to run in production.
DEMO_PASSWORD = "demo-objector-2026"  # noqa: S105
DEMO_PASSPHRASE = DEMO_PASSWORD + "-unlock"  # the vault's; demo_admin holds the key
FIRST = ["Иван", "Алексей", "Дмитрий", "Сергей", "Андрей", "Максим", "Артём", "Никита", "Олег"]
LAST = ["Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Морозов", "Волков"]
SCENARIOS: list[tuple[int, list[str]]] = [  # weight, events
    (30, ["left_unit"]),
    (10, ["left_unit", "returned"]),
    (6, ["left_unit", "detained"]),
    (8, ["refused_order", "detained_by_unit"]),
    (8, ["plans_to_leave"]),
    (8, ["dismissed"]),
    (6, ["criminal_case_opened", "court_decision"]),
    (6, ["summons_received"]),
    (5, ["pressure_to_sign"]),
    (4, ["call_up_expected"]),
    (4, ["discharge_requested", "contract_expired"]),
    (3, ["listed_as_awol"]),
    (2, ["captured"]),
]
PERSONNEL_FOR = {
    "call_up_expected": ["civilian"],
    "summons_received": ["civilian", "mobilized"],
}


def _raw_answer(
    key: str, kind: str, rng: random.Random, scenario: list[str], day: date, answers: dict[str, Any]
) -> Any:
    if key == "role":
        return rng.choices(["self", "relative", "lawyer"], [5, 4, 1])[0]
    if key == "personnel":
        options = PERSONNEL_FOR.get(scenario[0]) or ["contract", "mobilized", "conscript"] * 3 + [
            "volunteer",
            "rosgvardia_serviceman",
            "police",
            "unknown",
        ]
        return rng.choice(options)
    if key == "events":
        return scenario
    if kind == "date":
        event = key.split(":", 1)[1]
        if event == "call_up_expected":
            return (day + timedelta(days=rng.randint(10, 200))).isoformat()
        back = rng.randint(0, 40) if event in ("returned", "detained") else rng.randint(5, 300)
        return (day - timedelta(days=back)).isoformat()
    if key == "consent_filings":
        return rng.choice(["yes", "yes", "no"])
    if kind == "choice" and key != "contact_method":
        return rng.choice(["yes", "no", "unsure"])
    if key == "contact_method":
        return rng.choice(["telegram", "signal", "email", "code_only"])
    if key == "contact":
        n = rng.randint(10000, 99999)
        return {
            "telegram": f"@synthetic_{n}",
            "signal": f"synthetic.{n}",
            "email": f"synthetic{n}@example.org",
        }[answers["contact_method"]]
    if key == "name":
        return f"{rng.choice(FIRST)} {rng.choice(LAST)} (synthetic)" if rng.random() < 0.6 else ""
    if key == "unit":
        return f"в/ч {rng.randint(10000, 99999)}" if rng.random() < 0.5 else ""
    if key == "region":
        return rng.choice(REGIONS).ru if rng.random() < 0.8 else ""
    if key == "story":
        return "Синтетическое обращение для демонстрации. Synthetic demo request."
    return ""


def demo_answers(rng: random.Random, day: date) -> dict[str, Any]:
    weights, scenarios = zip(*SCENARIOS, strict=True)
    scenario = list(rng.choices(scenarios, weights)[0])
    answers: dict[str, Any] = {}
    while (q := next_question(answers)) is not None:
        raw = _raw_answer(q.key, q.kind, rng, scenario, day, answers)
        try:
            answers[q.key] = parse_answer(q, raw, answers, today=day)
        except ValueError:
            # A generated return date before the leaving date, say: draw again on a later day.
            answers[q.key] = parse_answer(q, day.isoformat(), answers, today=day)
    return answers


def _intake_days(rng: random.Random, now: datetime, count: int, weeks: int) -> list[datetime]:
    """Ten weeks of steady intake with a surge: a third of all requests in two days of week 7,
    as after one widely shared post."""
    start = now - timedelta(weeks=weeks)
    surge = start + timedelta(weeks=6, days=3)
    times = []
    for i in range(count):
        if i % 3 == 0:
            moment = surge + timedelta(seconds=rng.uniform(0, 2 * 86400))
        else:
            moment = start + timedelta(seconds=rng.uniform(0, weeks * 7 * 86400))
        times.append(min(moment, now - timedelta(minutes=5)))
    return sorted(times)


def demo_fill(
    *, requests: int = 2000, cases: int = 200, weeks: int = 10, seed: int = 7
) -> dict[str, Any]:
    """Fill an empty database. Returns the accounts made, for the command to print."""
    rng = random.Random(seed)  # noqa: S311 -- synthetic data, not a secret
    now = timezone.now()
    with transaction.atomic():
        accounts.organisation_setup(
            name="Демо-организация / Demo organisation",
            username="demo_admin",
            password=DEMO_PASSWORD,
            passphrase=DEMO_PASSPHRASE,
        )
        staff = {"administrator": ["demo_admin"], "coordinator": [], "lawyer": [], "analyst": []}
        districts = [r.district for r in REGIONS]
        for i in range(1, 4):
            staff["coordinator"].append(f"coordinator{i}")
        for i in range(1, 9):
            staff["lawyer"].append(f"lawyer{i}")
        staff["analyst"].append("analyst1")
        made: dict[str, Staff] = {}
        for role, names in staff.items():
            for username in names:
                if username == "demo_admin":
                    continue
                covered = sorted({rng.choice(districts) for _ in range(2)})
                made[username] = accounts.staff_create(
                    username=username,
                    password=DEMO_PASSWORD,
                    role=role,
                    first_name=rng.choice(FIRST),
                    last_name=rng.choice(LAST) + " (synthetic)",
                    districts=covered if role == "lawyer" else [],
                )
        AnswerTemplate.objects.create(
            title="Получено, юрист свяжется / Received, a lawyer will reply",
            body_ru="Мы получили ваше обращение. Юрист изучит его и ответит в течение трёх дней.",
            body_en="We have your request. A lawyer will study it and answer within three days.",
        )
        AnswerTemplate.objects.create(
            title="Не возвращайтесь в часть до ответа / Wait for the lawyer",
            body_ru="Пока юрист не ответил, не подписывайте документов и сохраните копии.",
            body_en="Until the lawyer answers, sign nothing and keep copies of every paper.",
        )
        made_requests = []
        for n, moment in enumerate(_intake_days(rng, now, requests, weeks)):
            day = moment.date()
            answers = demo_answers(rng, day)
            request, _secret = intake.request_create(
                answers=answers,
                channel=rng.choices(["web", "telegram"], [1, 3])[0],
                language=rng.choices(["ru", "en"], [9, 1])[0],
                idempotency_key=f"demo-{seed}-{n}",
                today=day,
            )
            Request.objects.filter(pk=request.pk).update(created_at=moment, updated_at=moment)
            made_requests.append(request)
        _work_cases(rng, made_requests, made, cases)
    return {
        "password": DEMO_PASSWORD,
        "passphrase": DEMO_PASSPHRASE,
        "key_holder": "demo_admin",
        "staff": staff,
    }


def _work_cases(
    rng: random.Random, requests: list[Request], made: dict[str, Staff], count: int
) -> None:
    """Take `count` of the older requests through every state, with notes and deadlines."""
    coordinator = made["coordinator1"]
    older = sorted(requests, key=lambda r: (r.urgency_rank, r.pk))[: count * 2]
    chosen = rng.sample(older, count)
    states = ["assigned"] * 6 + ["in_progress"] * 8 + ["closed"] * 6
    today = timezone.localdate()
    for i, request in enumerate(chosen):
        request.refresh_from_db()  # its dates were moved into the past with an update
        actions.requests_assign(requests=[request], lawyer=None, by=coordinator)
        lawyer = request.assignee  # set on this same object by the assignment
        assert lawyer is not None  # noqa: S101 -- requests_assign always assigns or raises
        state = states[i % len(states)]
        actions.note_add(
            request=request, text="Синтетическая заметка: позвонить заявителю.", by=lawyer
        )
        if state in ("in_progress", "closed"):
            actions.status_set(request=request, status="in_progress", by=lawyer)
            actions.message_send(
                request=request,
                text="Здравствуйте. Я юрист, который ведёт ваше обращение (синтетический ответ).",
                by=lawyer,
            )
            events = [e["type"] for e in request.facts.get("events", [])]
            left = next((e for e in request.facts["events"] if e["type"] == "left_unit"), None)
            if left and "returned" not in events and "detained" not in events:
                actions.event_add(
                    request=request,
                    event_type="returned",
                    when=max(
                        date.fromisoformat(left["date"]), today - timedelta(days=3)
                    ).isoformat(),
                    by=lawyer,
                    today=today,
                )
            actions.deadline_add(
                request=request,
                label="Судебное заседание (синтетическое) / Hearing (synthetic)",
                due=today + timedelta(days=rng.randint(-3, 40)),
                by=lawyer,
            )
        if state == "closed":
            outcome = rng.choice(
                ["appeal_won", "appeal_lost", "charges_dropped", "left_country", "no_contact"]
            )
            actions.status_set(request=request, status="closed", outcome=outcome, by=lawyer)
    # Some of the rest are triaged already.
    for request in rng.sample([r for r in requests if r not in chosen], len(requests) // 10):
        Request.objects.filter(pk=request.pk, status="new").update(status="triaged")
