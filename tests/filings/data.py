"""Synthetic data for drafting: invented persons, units and courts; no real person is described."""

from __future__ import annotations

import copy
import random
from datetime import date
from typing import Any

from objector.extraction import synthetic

CONSENT = {"date": "2025-04-01", "channel": "telegram"}

BASE: dict[str, Any] = {
    "as_of": "2025-04-20",
    "case": {
        "facts": {
            "personnel": "mobilized",
            "events": [{"type": "dismissed", "date": "2025-03-10"}],
        },
        "learned_date": "2025-03-10",
        "learned_how": "выписку из приказа вручили в строевой части",
        "story": "С 1 апреля 2025 г. военнослужащего удерживают в яме на территории части.",
    },
    "client": {
        "surname": "Хабибуллин",
        "first_name": "Айдар",
        "patronymic": "Рустамович",
        "address": "420000, г. Казань, ул. Примерная, д. 1, кв. 2",
        "consent": CONSENT,
    },
    "person": {
        "surname": "Хабибуллин",
        "first_name": "Айдар",
        "patronymic": "Рустамович",
        "rank": "рядовой",
        "birth_date": "1994-06-02",
        "birth_place": "г. Казань",
        "address": "420000, г. Казань, ул. Примерная, д. 1, кв. 2",
        "unit": "войсковая часть 12345",
        "position": "стрелок",
        "personal_number": "АБ-123456",
    },
    "document": {
        "issuer": "командира войсковой части 12345",
        "number": "32-лс",
        "date": "2025-03-04",
        "unit": "войсковая часть 12345",
        "item": "3",
        "ground": "подпункт «в» пункта 2 статьи 51 Федерального закона № 53-ФЗ",
    },
    "decision": {
        "court": "Казанский гарнизонный военный суд",
        "date": "2025-03-20",
        "case_number": "2а-15/2025",
    },
    "directory": {
        "court": {
            "name": "Казанский гарнизонный военный суд",
            "address": "г. Казань, ул. Судебная, 1",
        },
        "appeal_court": {"name": "Центральный окружной военный суд", "address": "г. Екатеринбург"},
        "defendant": {"name": "командир войсковой части 12345", "address": "г. Казань, в/ч 12345"},
        "prosecutor": {"name": "Военная прокуратура Казанского гарнизона", "address": "г. Казань"},
        "commissariat": {"name": "Военный комиссариат г. Казани", "address": "г. Казань"},
        "commander": {
            "position": "Командиру войсковой части 12345",
            "rank": "полковник",
            "surname": "Петров",
            "first_name": "Иван",
            "patronymic": "Сергеевич",
        },
    },
    "input": {
        "grounds": "суд не проверил основание увольнения",
        "valid_reasons": "истец находился в зоне боевых действий и не имел связи",
        "restore_for": "claim_dismissal",
        "reasons": "Мои убеждения не позволяют мне брать в руки оружие.",
        "circumstances": "С 2018 года я участвую в работе общины.",
        "dismissal_ground": "по состоянию здоровья (подп. «в» п. 1 ст. 51)",
        "proof_document": "заключение ВВК от 1 апреля 2025 г. № 15",
    },
}

EVENTS = {
    "claim_dismissal": [{"type": "dismissed", "date": "2025-03-10"}],
    "claim_dismissal_joint": [{"type": "dismissed", "date": "2025-03-10"}],
    "appeal_court_decision": [{"type": "court_decision", "date": "2025-03-20"}],
    "complaint_prosecutor": [{"type": "detained_by_unit", "date": "2025-04-01"}],
    "application_ags": [{"type": "call_up_expected", "date": "2025-10-01"}],
    "motion_restore_deadline": [{"type": "dismissed", "date": "2024-10-01"}],
    "report_dismissal": [{"type": "discharge_requested", "date": "2025-04-10"}],
}


def case_data(kind: str = "claim_dismissal", **changes: Any) -> dict[str, Any]:
    """The base data with the events that call for `kind`, and `changes` by dotted path."""
    data = copy.deepcopy(BASE)
    data["case"]["facts"]["events"] = copy.deepcopy(EVENTS[kind])
    if kind == "motion_restore_deadline":
        data["case"]["learned_date"] = EVENTS[kind][0]["date"]
    if kind == "application_ags":
        data["case"]["facts"]["personnel"] = "civilian"
    for path, value in changes.items():
        *heads, last = path.split("__")
        node = data
        for head in heads:
            node = node.setdefault(head, {})
        if value is None:
            node.pop(last, None)
        else:
            node[last] = value
    return data


POOL = synthetic.Pool.load("train")


def persons(n: int, *, without_consent: int = 0, seed: int = 17) -> list[dict[str, Any]]:
    """`n` synthetic persons of one order, the last `without_consent` of them with no consent."""
    rng = random.Random(seed)  # noqa: S311 (synthetic data, nothing secret)
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str, str]] = set()
    for i in range(n):
        while True:  # every full name once, so that a test can look for one
            female = rng.random() < 0.1
            cls = rng.choice(list(POOL.surnames))
            last = rng.choice(POOL.surnames[cls])
            first = rng.choice(list(POOL.female_first if female else POOL.male_first))
            father = rng.choice(POOL.fathers)[1 if female else 0]
            if (last, first, father) not in seen:
                seen.add((last, first, father))
                break
        out.append(
            {
                "surname": synthetic.female_nominative(last, cls) if female else last,
                "first_name": first,
                "patronymic": father,
                "rank": rng.choice(synthetic.RANKS)[0],
                "birth_date": date(1975, 1, 1).replace(year=rng.randint(1975, 2004)).isoformat(),
                "address": f"г. {rng.choice(synthetic.CITIES)}, ул. Примерная, д. {i + 1}",
                "item": str(i + 1),
                "consent": None if i >= n - without_consent else CONSENT,
            }
        )
    return out
