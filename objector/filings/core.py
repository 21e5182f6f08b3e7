"""Drafting a filing: the data of a case → a DOCX draft, its blanks, its name forms, its cover note.

FORMS.md is the specification. Each kind is a DOCX template filled by docxtpl, with a schema
beside it (`templates/<kind>.json`): the fields it needs and where each comes from. The template
sees only what the schema resolves and what is derived from it (names in their cases, dates in
words), never the raw input. A missing field becomes a visible blank «[____: label]» and is
listed; nothing is guessed. Values are data: a story containing «{{ }}» or «{% %}» stays text,
since Jinja never evaluates a value, the environment is sandboxed and autoescape keeps the XML
whole.
"""

from __future__ import annotations

import hashlib
import io
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import Template
from jinja2.sandbox import SandboxedEnvironment

from objector import law
from objector.errors import BilingualError
from objector.extraction import names

from . import inflect

TEMPLATES = Path(__file__).parent / "templates"
KINDS = (
    "claim_dismissal",
    "claim_dismissal_joint",
    "appeal_court_decision",
    "complaint_prosecutor",
    "application_ags",
    "motion_restore_deadline",
    "report_dismissal",
)
KIND_NAMES_RU = {
    "claim_dismissal": "Административный иск об оспаривании увольнения",
    "claim_dismissal_joint": "Коллективный иск об оспаривании увольнения",
    "appeal_court_decision": "Апелляционная жалоба",
    "complaint_prosecutor": "Жалоба военному прокурору",
    "application_ags": "Заявление о замене военной службы АГС",
    "motion_restore_deadline": "Ходатайство о восстановлении срока",
    "report_dismissal": "Рапорт об увольнении",
}
DEADLINE_NAMES_RU = {
    "appeal_dismissal": "обжалование увольнения",
    "appeal_court_decision": "апелляционная жалоба на решение суда",
    "prosecutor_answer": "ответ прокурора на жалобу",
    "alternative_service_application": "заявление о замене службы АГС",
}
MONTHS_GENT = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
MAX_TEXT = 20_000  # characters in one field: a story, reasons
MAX_PERSONS = 2_000  # persons of one order
CONSENT_CHANNELS = ("web", "telegram", "paper", "in_person", "phone")
BLANK_NOTE = "Не заполнено: "  # how a blank is listed in the cover note


class FilingError(BilingualError):
    """Bad or missing data; `field` names it (a path such as `document.date`)."""


def date_words(d: date) -> str:
    """ "12 марта 2025 г." (FORMS.md §1)."""
    return f"{d.day} {MONTHS_GENT[d.month - 1]} {d.year} г."


def blank(label: str) -> str:
    return f"[____: {label}]"


# --- schemas and templates ------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    path: str
    source: str
    label: str
    type: str = "text"
    required: bool = False  # missing → an error, not a blank
    optional: bool = False  # missing → left out, not a blank
    group: bool = False  # a blank only when its group (the representative) is given at all


@dataclass(frozen=True)
class Schema:
    kind: str
    version: str
    title: str
    deadline: str | None
    court: bool
    subject: str
    fields: tuple[Field, ...]
    plaintiff_fields: tuple[Field, ...] = ()


@cache
def schema(kind: str) -> Schema:
    if kind not in KINDS:
        raise FilingError(
            "kind",
            f"kind: {kind!r} is not one of {', '.join(KINDS)}",
            f"kind: {kind!r} — допустимо одно из: {', '.join(KINDS)}",
        )
    raw = json.loads((TEMPLATES / f"{kind}.json").read_text(encoding="utf-8"))
    return Schema(
        kind=raw["kind"],
        version=raw["version"],
        title=raw["title"],
        deadline=raw["deadline"],
        court=raw["court"],
        subject=raw["subject"],
        fields=tuple(Field(**f) for f in raw["fields"]),
        plaintiff_fields=tuple(Field(**f) for f in raw.get("plaintiff_fields", ())),
    )


def template_path(kind: str, override_dir: Path | None = None) -> tuple[Path, str]:
    """The template for `kind`: the organisation's own from `override_dir` when it has one, else
    the built-in one. Returns the path and the template's version label."""
    version = schema(kind).version
    if override_dir is not None:
        own = override_dir / f"{kind}.docx"
        if own.is_file():
            return own, f"{version}-org"
    return TEMPLATES / f"{kind}.docx", version


# --- the result -----------------------------------------------------------------------------


@dataclass
class CoverNote:
    """What the lawyer reads before filing (FORMS.md §1): never part of the filing itself."""

    deadline_kind: str | None = None
    due: date | None = None
    basis: str = ""
    uncertain: bool = False
    expired: bool = False
    days: int = 0  # days left, or days overdue when expired
    advice: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = []
        if self.deadline_kind and self.due:
            name = DEADLINE_NAMES_RU.get(self.deadline_kind, self.deadline_kind)
            check = " [проверить]" if self.uncertain else ""
            state = (
                f"срок истёк {self.days} дн. назад" if self.expired else f"осталось {self.days} дн"
            )
            out.append(f"Срок ({name}): до {date_words(self.due)}, {self.basis}{check}; {state}.")
        out.extend(self.advice)
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "deadline": self.deadline_kind,
            "due": self.due.isoformat() if self.due else None,
            "basis": self.basis,
            "uncertain": self.uncertain,
            "expired": self.expired,
            "days": self.days,
            "advice": list(self.advice),
        }


@dataclass
class Draft:
    kind: str
    docx: bytes
    blanks: list[str]
    forms: list[inflect.Form]
    checks: list[str]
    cover: CoverNote
    companions: list[str]  # kinds that must go with this one (a motion to restore a deadline)
    plaintiffs: int
    outreach: list[dict[str, str]]  # persons of the order without consent: never in the filing
    template_version: str
    template_sha256: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "blanks": list(self.blanks),
            "forms": [f.as_dict() for f in self.forms],
            "checks": list(self.checks),
            "cover": self.cover.as_dict(),
            "companions": list(self.companions),
            "plaintiffs": self.plaintiffs,
            "outreach": list(self.outreach),
            "template_version": self.template_version,
            "template_sha256": self.template_sha256,
        }


# --- resolving the fields -------------------------------------------------------------------


def _get(data: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _put(out: dict[str, Any], path: str, value: Any) -> None:
    *heads, last = path.split(".")
    for head in heads:
        out = out.setdefault(head, {})
    out[last] = value


def _text(value: Any, where: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise FilingError(where, f"{where} must be text", f"{where}: должно быть текстом")
    if len(value) > MAX_TEXT:
        raise FilingError(
            where,
            f"{where}: at most {MAX_TEXT} characters",
            f"{where}: не длиннее {MAX_TEXT} знаков",
        )
    value = value.strip()
    return value or None


def _date(value: Any, where: str) -> date | None:
    text = _text(value, where)
    if text is None:
        return None
    try:
        return law.facts.parse_date(text, field=where, where=where)
    except law.FactsError as exc:
        raise FilingError(where, exc.message, exc.message_ru) from None


class _Resolver:
    def __init__(self) -> None:
        self.blanks: list[str] = []

    def resolve(
        self, data: dict[str, Any], fields: tuple[Field, ...], prefix: str = ""
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields:
            where = prefix + f.path
            raw = _get(data, f.path)
            value: Any
            if f.type == "date":
                when = _date(raw, where)
                value = date_words(when) if when else None
            else:
                value = _text(raw, where)
            if value is None:
                if f.required:
                    raise FilingError(
                        where,
                        f"{where} ({f.label}) is missing",
                        f"{where}: не указано ({f.label})",
                    )
                group = f.path.split(".")[0]
                if f.optional or (f.group and not isinstance(data.get(group), dict)):
                    value = ""
                else:
                    value = blank(f.label)
                    self.blanks.append(f"{f.label} ({where})")
            _put(out, f.path, value)
        return out


def _consent(raw: Any, where: str) -> dict[str, str] | None:
    """A consent on record: {"date": ISO date, "channel": one of CONSENT_CHANNELS}; None if none."""
    if raw is None or raw is False:
        return None
    if not isinstance(raw, dict):
        raise FilingError(where, f"{where} must be an object", f"{where}: должно быть объектом")
    when = _date(raw.get("date"), f"{where}.date")
    if when is None:
        raise FilingError(
            f"{where}.date",
            f"{where}.date: the date of the consent is missing",
            f"{where}.date: не указана дата согласия",
        )
    channel = raw.get("channel")
    if channel not in CONSENT_CHANNELS:
        raise FilingError(
            f"{where}.channel",
            f"{where}.channel: {channel!r} is not one of {', '.join(CONSENT_CHANNELS)}",
            f"{where}.channel: {channel!r} — допустимо одно из: {', '.join(CONSENT_CHANNELS)}",
        )
    return {"date": when.isoformat(), "channel": channel}


_NAMED = ("person", "client", "representative", "directory.commander")


def _names(
    person: dict[str, Any],
    raw: dict[str, Any],
    who: str,
    forms: list[inflect.Form] | None,
) -> str:
    """Adds the name in the nominative, genitive, dative and instrumental, the initials, and the
    rank in those cases, to a resolved person. Returns the line that shows the lawyer every form
    generated ("" when no name was given); with `forms` None only the nominative and initials
    are made (a joint claim's table needs no other case)."""
    surname = _text(raw.get("surname"), f"{who}.surname")
    first = _text(raw.get("first_name"), f"{who}.first_name")
    patronymic = _text(raw.get("patronymic"), f"{who}.patronymic")
    if surname is None:
        for key in ("name", "name_gent", "name_datv", "name_ablt", "initials"):
            person[key] = person.get("surname", "")
        return ""
    person["name"] = " ".join(w for w in (surname, first, patronymic) if w)
    person["initials"] = inflect.initials(surname, first, patronymic)
    if forms is None:
        return ""
    gender = raw.get("gender") or inflect.gender_of(patronymic, first)
    if gender not in ("masc", "femn"):
        raise FilingError(
            f"{who}.gender",
            f"{who}.gender: cannot tell from the name; give masc or femn",
            f"{who}.gender: по имени не определить; укажите masc или femn",
        )
    for case in inflect.CASES:
        text, case_forms = inflect.full_name(surname, first, patronymic, gender, case)
        person[f"name_{case}"] = text
        forms.extend(case_forms)
    rank = _text(raw.get("rank"), f"{who}.rank")
    if rank is not None:
        canonical = inflect.normalise_rank(rank)
        if canonical is None:
            raise FilingError(
                f"{who}.rank",
                f"{who}.rank: {rank!r} is not a known military rank",
                f"{who}.rank: {rank!r} — неизвестное воинское звание",
            )
        person["rank"] = canonical
        for case in inflect.CASES:
            text, check = inflect.rank(canonical, case)
            person[f"rank_{case}"] = text
            forms.append(inflect.Form(canonical, case, text, check))
    rank_of = {case: f"{person.get(f'rank_{case}', '')} ".lstrip() for case in inflect.CASES}
    shown = "; ".join(
        f"{inflect.CASE_NAMES_RU[c]} {rank_of[c]}{person[f'name_{c}']}" for c in inflect.CASES
    )
    return f"{person.get('rank', '') + ' ' if rank else ''}{person['name']}: {shown}"


# --- deadlines ------------------------------------------------------------------------------

COURT_DEADLINES = ("appeal_dismissal", "appeal_court_decision")
KIND_DEADLINE = {
    "claim_dismissal": "appeal_dismissal",
    "claim_dismissal_joint": "appeal_dismissal",
    "appeal_court_decision": "appeal_court_decision",
    "complaint_prosecutor": "prosecutor_answer",
    "application_ags": "alternative_service_application",
    "motion_restore_deadline": None,
    "report_dismissal": None,
}


def assessment(data: dict[str, Any], as_of: date) -> dict[str, Any]:
    """The engine's assessment of the case's facts (REFERENCE.md §12), as of the draft's date."""
    facts = _get(data, "case.facts")
    if facts is None:
        facts = {}
    if not isinstance(facts, dict):
        raise FilingError(
            "case.facts", "case.facts must be an object", "case.facts: должно быть объектом"
        )
    facts = {**facts, "as_of": as_of.isoformat()}
    learned = _date(_get(data, "case.learned_date"), "case.learned_date")
    events = facts.get("events")
    # FORMS.md §2: three months from the day the person learned of the order, which may be later
    # than the dismissal the case records.
    if (
        learned is not None
        and isinstance(events, list)
        and any(isinstance(e, dict) and e.get("type") == "dismissed" for e in events)
    ):
        facts["events"] = [*events, {"type": "dismissed", "date": learned.isoformat()}]
    try:
        return law.assess(facts)
    except law.FactsError as exc:
        raise FilingError(f"case.facts.{exc.field}", exc.message, exc.message_ru) from None


def _deadline_of(found: dict[str, Any], kind: str) -> dict[str, Any] | None:
    """The latest deadline of `kind` the assessment gives (the newest event is the one filed on)."""
    matching = [d for d in found["deadlines"] if d["kind"] == kind]
    return max(matching, key=lambda d: d["due"]) if matching else None


def kinds_for(found: dict[str, Any]) -> list[str]:
    """The kinds a case's assessment calls for, in KINDS order (the joint claim comes from an
    order's page, not from one case)."""
    categories = set(found["categories"])
    deadlines = {d["kind"]: d for d in found["deadlines"]}
    out = set()
    if "dismissed" in categories:
        out.add("claim_dismissal")
    if "appeal_court_decision" in deadlines:
        out.add("appeal_court_decision")
    if categories & {"detention_abuse", "pressure_to_sign", "wrongly_listed"}:
        out.add("complaint_prosecutor")
    if deadlines.get("prosecutor_answer", {}).get("expired"):
        out.add("complaint_prosecutor")  # to the superior prosecutor (FORMS.md §7)
    if "alternative_service" in categories:
        out.add("application_ags")
    if any(d["expired"] for k, d in deadlines.items() if k in COURT_DEADLINES):
        out.add("motion_restore_deadline")
    if "wants_discharge" in categories:
        out.add("report_dismissal")
    return [k for k in KINDS if k in out]


def _cover(
    kind: str, found: dict[str, Any], restore_for: str | None
) -> tuple[CoverNote, list[str]]:
    note = CoverNote()
    companions: list[str] = []
    deadline_kind = KIND_DEADLINE[kind] if restore_for is None else KIND_DEADLINE[restore_for]
    d = _deadline_of(found, deadline_kind) if deadline_kind else None
    if d is not None:
        note.deadline_kind = d["kind"]
        note.due = date.fromisoformat(d["due"])
        note.basis = d["basis"]
        note.uncertain = d["uncertain"]
        note.expired = d["expired"]
        note.days = -d["days_left"] if d["expired"] else d["days_left"]
    if kind == "complaint_prosecutor":
        if d is not None and d["expired"]:
            # FORMS.md §7: a prosecutor's late answer is not the filer's missed deadline.
            note.advice.append(
                "Прокурор не ответил в срок: следующий шаг — жалоба вышестоящему прокурору"
                " или административный иск о бездействии (КАС РФ ст. 218). Ходатайство о"
                " восстановлении срока здесь не нужно."
            )
        else:
            note.advice.append(
                "Ответ — в течение 30 дней со дня регистрации жалобы (59-ФЗ ст. 12) [проверить]."
            )
        if "detention_abuse" in found["categories"]:
            note.advice.insert(
                0,
                "СРОЧНО: подайте жалобу сегодня же, а также через интернет-приёмную прокуратуры.",
            )
    elif d is not None and d["expired"] and d["kind"] in COURT_DEADLINES and restore_for is None:
        companions.append("motion_restore_deadline")
        note.advice.append(
            f"Срок пропущен на {note.days} дн.: приложите ходатайство о восстановлении"
            " пропущенного срока (КАС РФ ст. 95)."
        )
    if kind == "report_dismissal":
        note.advice.append("Рапорт подаётся командиру по команде; срока подачи нет.")
    return note, companions


# --- drafting -------------------------------------------------------------------------------


class _Environment(SandboxedEnvironment):
    """The sandboxed, autoescaping environment, keeping each compiled template part: docxtpl
    compiles the document's XML on every render, and compiling is half the time of a draft."""

    CACHE_SIZE = 64

    def __init__(self) -> None:
        super().__init__(autoescape=True)
        self._compiled: OrderedDict[str, Template] = OrderedDict()
        self._lock = threading.Lock()

    def from_string(  # type: ignore[override]
        self, source: str, globals: Any = None, template_class: Any = None
    ) -> Template:
        if globals is not None or template_class is not None:
            return super().from_string(source, globals, template_class)
        with self._lock:
            found = self._compiled.get(source)
            if found is not None:
                self._compiled.move_to_end(source)
                return found
        compiled = super().from_string(source)
        with self._lock:
            self._compiled[source] = compiled
            while len(self._compiled) > self.CACHE_SIZE:
                self._compiled.popitem(last=False)
        return compiled


_ENV = _Environment()


def draft(
    kind: str,
    data: object,
    *,
    today: date | None = None,
    override_dir: Path | None = None,
) -> Draft:
    """Draft `kind` from `data` (the case, its persons, its document and the directory).

    Raises FilingError naming the field when the data is malformed, or when a person would be
    named without consent on record."""
    sch = schema(kind)
    if not isinstance(data, dict):
        raise FilingError("data", "the data must be a JSON object", "данные: должен быть объект")
    as_of = _date(data.get("as_of"), "as_of") or today or date.today()
    resolver = _Resolver()
    context = resolver.resolve(data, sch.fields)
    forms: list[inflect.Form] = []
    checks: list[str] = []
    outreach: list[dict[str, str]] = []
    plaintiffs: list[dict[str, Any]] = []

    name_notes: list[str] = []
    for who in _NAMED:
        raw, resolved = _get(data, who), _get(context, who)
        if isinstance(resolved, dict) and isinstance(raw, dict):
            summary = _names(resolved, raw, who, forms)
            if summary:
                name_notes.append(summary)
    signer = (
        _get(context, "representative.initials")
        or _get(context, "person.initials")
        or _get(context, "client.initials")
    )
    if not signer and sch.subject == "persons":
        signer = "подписи административных истцов — в таблице"
    elif not signer:
        signer = blank("подписант")
        resolver.blanks.append("подписант (representative)")

    if sch.subject == "persons":
        plaintiffs, outreach = _plaintiffs(data, sch, resolver, forms)
    else:
        # FORMS.md: never a person in a filing without consent on record. The requester's
        # consent to be represented and named is asked at intake (web form and bot).
        if _consent(_get(data, "client.consent"), "client.consent") is None:
            raise FilingError(
                "client.consent",
                "client.consent: no consent on record to be represented and named in filings",
                "client.consent: нет согласия на представительство и указание в документах",
            )
        # A relative's consent is on record; the serviceman's own is for the lawyer to confirm.
        client, person = data.get("client"), data.get("person")
        if (
            kind != "complaint_prosecutor"
            and isinstance(client, dict)
            and isinstance(person, dict)
            and _text(client.get("surname"), "client.surname")
            != _text(person.get("surname"), "person.surname")
        ):
            checks.append("согласие самого военнослужащего на подачу документа")

    restore_for = None
    if kind == "motion_restore_deadline":
        restore_for = _text(_get(data, "input.restore_for"), "input.restore_for")
        if restore_for not in KIND_DEADLINE or KIND_DEADLINE[restore_for] not in COURT_DEADLINES:
            raise FilingError(
                "input.restore_for",
                "input.restore_for: a motion to restore goes with a court filing"
                " (claim_dismissal, claim_dismissal_joint, appeal_court_decision); a prosecutor's"
                " answer is never restored",
                "input.restore_for: ходатайство прилагается к обращению в суд (claim_dismissal,"
                " claim_dismissal_joint, appeal_court_decision); срок ответа прокурора не"
                " восстанавливают",
            )
        context["input"]["restore_for"] = KIND_NAMES_RU[restore_for]

    found = assessment(data, as_of)
    cover, companions = _cover(kind, found, restore_for)
    if restore_for is not None:
        if not cover.expired:
            raise FilingError(
                "input.restore_for",
                "input.restore_for: the case shows no missed deadline for this filing",
                "input.restore_for: по фактам дела срок для этого обращения не пропущен",
            )
        context["missed"] = {
            "due": date_words(cover.due) if cover.due else "",
            "days": cover.days,
            "basis": cover.basis,
        }
    if sch.court:
        checks.append("госпошлина 3 000 руб. (НК РФ ст. 333.19) и освобождение от неё (ст. 333.36)")
    for who in _NAMED:
        resolved = _get(context, who)
        if isinstance(resolved, dict):
            for case in inflect.CASES:
                resolved.setdefault(f"rank_{case}", resolved.get("rank", ""))
    checks.extend(
        f"{f.nominative} → {f.form} ({inflect.CASE_NAMES_RU[f.case]})" for f in forms if f.check
    )

    context.update(
        title=sch.title,
        today=date_words(as_of),
        plaintiffs=plaintiffs,
        signer=signer,
        notes={"blanks": list(resolver.blanks), "checks": list(checks), "forms": name_notes},
        urgent="detention_abuse" in found["categories"],
    )
    path, version = template_path(kind, override_dir)
    content = path.read_bytes()
    tpl = DocxTemplate(io.BytesIO(content))
    try:
        tpl.render(context, jinja_env=_ENV, autoescape=True)
    except Exception as exc:  # a broken organisation template: say which, not how
        raise FilingError(
            "template",
            f"template {path.name} cannot be filled ({type(exc).__name__})",
            f"шаблон {path.name} не заполняется ({type(exc).__name__})",
        ) from None
    out = io.BytesIO()
    tpl.save(out)
    cover.advice.extend(BLANK_NOTE + b for b in resolver.blanks)
    return Draft(
        kind=kind,
        docx=out.getvalue(),
        blanks=list(resolver.blanks),
        forms=forms,
        checks=checks,
        cover=cover,
        companions=companions,
        plaintiffs=len(plaintiffs),
        outreach=outreach,
        template_version=version,
        template_sha256=hashlib.sha256(content).hexdigest(),
    )


def _plaintiffs(
    data: dict[str, Any], sch: Schema, resolver: _Resolver, forms: list[inflect.Form]
) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """FORMS.md §3: the persons of the order with consent on record are the plaintiffs; the
    others are listed apart for outreach and never reach the filing."""
    persons = data.get("persons")
    if not isinstance(persons, list) or not persons:
        raise FilingError(
            "persons",
            "persons: a joint claim needs the list of the order's persons",
            "persons: для коллективного иска нужен список лиц из приказа",
        )
    if len(persons) > MAX_PERSONS:
        raise FilingError(
            "persons",
            f"persons: at most {MAX_PERSONS} persons",
            f"persons: не больше {MAX_PERSONS} лиц",
        )
    plaintiffs: list[dict[str, Any]] = []
    outreach: list[dict[str, str]] = []
    for i, raw in enumerate(persons):
        where = f"persons[{i}]"
        if not isinstance(raw, dict):
            raise FilingError(where, f"{where} must be an object", f"{where}: должно быть объектом")
        if _consent(raw.get("consent"), f"{where}.consent") is None:
            name = " ".join(
                w for w in (_text(raw.get(k), where) for k in ("surname", "first_name")) if w
            )
            outreach.append({"name": name, "item": _text(raw.get("item"), where) or ""})
            continue
        person = resolver.resolve(raw, sch.plaintiff_fields, prefix=f"{where}.")
        _names(person, raw, where, None)
        person["number"] = len(plaintiffs) + 1
        plaintiffs.append(person)
    if not plaintiffs:
        raise FilingError(
            "persons",
            "persons: no person of the order has consent on record; the claim cannot name anyone",
            "persons: ни у одного лица из приказа нет согласия; иск не может никого назвать",
        )
    return plaintiffs, outreach


def load_json(text: str, where: str = "facts") -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FilingError(
            where,
            f"{where}: not valid JSON (line {exc.lineno}, column {exc.colno})",
            f"{where}: это не JSON (строка {exc.lineno}, столбец {exc.colno})",
        ) from None


def split_name(text: str) -> dict[str, str]:
    """ "Хабибуллин Айдар Рустамович", "Айдар Рустамович Хабибуллин" or "Пётр Синтетический" into
    surname, first name and patronymic, as far as the words tell (a patronymic, or a known first
    name, fixes the order); {} when they do not. The lawyer checks the result on the draft."""
    words = text.split()
    if len(words) == 3 and names.patronymic(words[2]):
        return {"surname": words[0], "first_name": words[1], "patronymic": words[2]}
    if len(words) == 3 and names.patronymic(words[1]):
        return {"surname": words[2], "first_name": words[0], "patronymic": words[1]}
    if len(words) == 2:
        first, second = words
        if names.is_first_name(first) and not names.is_first_name(second):
            return {"surname": second, "first_name": first}
        if names.is_first_name(second):
            return {"surname": first, "first_name": second}
    return {}


def missing(kind: str, data: dict[str, Any]) -> list[Field]:
    """The fields of `kind` the data lacks and the draft would show as blanks (or refuse): what
    the short form asks for."""
    out = []
    for f in schema(kind).fields:
        if f.optional or _text(_get(data, f.path), f.path) is not None:
            continue
        if f.group and not isinstance(data.get(f.path.split(".")[0]), dict):
            continue
        out.append(f)
    return out
