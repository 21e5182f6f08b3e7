"""The intake questionnaire, defined once as data: the web form and the Telegram bot both ask it.

Plain Python, no Django. A conversation is a dict of answers; `next_question` gives what to ask
next, `parse_answer` checks one answer (in the person's language), and `to_facts` turns the
answers into REFERENCE.md §12 facts for the legal engine.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from objector.errors import BilingualError
from objector.law import FactsError

from .dates import parse_user_date
from .regions import REGION_BY_KEY, REGIONS, find_region

Answers = Mapping[str, Any]
Text = dict[str, str]  # {"ru": ..., "en": ...}


class AnswerError(BilingualError):
    """An answer that cannot be taken; the question is asked again with this message.
    `field` is the question's key."""


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: Text


@dataclass(frozen=True, slots=True)
class Wording:
    """A question's words for someone who writes about another person (a relative, a lawyer),
    where the serviceman's own words ("you") would be wrong."""

    prompt: Text
    choices: tuple[Choice, ...] = ()  # empty: the question's own


ABOUT_ANOTHER = ("relative", "lawyer")  # the roles that write about someone else


@dataclass(frozen=True, slots=True)
class Question:
    key: str
    kind: str  # "choice", "multi", "date", "text", "region" (text matched to the region list)
    prompt: Text
    choices: tuple[Choice, ...] = ()
    required: bool = True
    max_length: int = 0
    hint: Text | None = None
    ask_if: Callable[[Answers], bool] | None = None
    expect_future: bool = False  # for dates: a date still to come (an expected call-up)
    about_another: Wording | None = None

    def worded(self, answers: Answers) -> Question:
        """This question in the words that fit the writer's role (as the receipt does)."""
        if self.about_another is None or answers.get("role") not in ABOUT_ANOTHER:
            return self
        return replace(
            self,
            prompt=self.about_another.prompt,
            choices=self.about_another.choices or self.choices,
            about_another=None,
        )

    def choice_values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)


def _c(value: str, ru: str, en: str) -> Choice:
    return Choice(value, {"ru": ru, "en": en})


STORY_MAX = 10_000  # characters; the field says so, and a longer text is refused, never cut
# How the case page shows a yes/no/not sure question that this conversation never asked.
NOT_ASKED: Text = {"ru": "не спрашивали", "en": "not asked"}

YES_NO_UNSURE = (_c("yes", "Да", "Yes"), _c("no", "Нет", "No"), _c("unsure", "Не знаю", "Not sure"))

# What can have happened, in the order the dates are then asked. Each is a §12 event type.
EVENT_CHOICES = (
    _c("left_unit", "Ушёл из части без разрешения", "Left the unit without permission"),
    _c("returned", "Вернулся в часть", "Returned to the unit"),
    _c("detained", "Задержан (полицией, комендатурой)", "Detained (by police or military police)"),
    _c("refused_order", "Отказался выполнять приказ", "Refused an order"),
    _c(
        "deployment_ordered",
        "Получил приказ ехать в зону боевых действий",
        "Was ordered to deploy to the combat zone",
    ),
    _c("plans_to_leave", "Думает уйти из части", "Is thinking of leaving the unit"),
    _c("dismissed", "Уволен со службы", "Dismissed from service"),
    _c("criminal_case_opened", "Возбуждено уголовное дело", "A criminal case was opened"),
    _c("court_decision", "Есть решение суда", "There is a court decision"),
    _c("complaint_filed", "Подана жалоба в прокуратуру", "Filed a complaint with the prosecutor"),
    _c(
        "detained_by_unit",
        "Удерживают в части, в яме, в «отстойнике», бьют",
        "Held by the unit, in a pit or an \u201cAWOL centre\u201d, or beaten",
    ),
    _c("listed_as_awol", "Объявлен в СОЧ", "Listed as absent without leave"),
    _c("discharge_requested", "Подал рапорт на увольнение", "Asked to be discharged"),
    _c("contract_expired", "Контракт истёк", "The contract has expired"),
    _c("pressure_to_sign", "Заставляют подписать контракт", "Pressured to sign a contract"),
    _c("summons_received", "Получил повестку", "Received a call-up summons"),
    _c("call_up_expected", "Ожидается призыв на срочную службу", "Expects to be called up"),
    _c("captured", "В плену", "Captured"),
    _c("surrendered", "Сдался в плен", "Surrendered"),
)

_EVENT_LABELS = {c.value: c.label for c in EVENT_CHOICES}


def event_label(event_type: str, lang: str) -> str:
    return _EVENT_LABELS[event_type][lang] if event_type in _EVENT_LABELS else event_type


_DATE_PROMPTS: dict[str, Text] = {
    "call_up_expected": {
        "ru": "Когда ожидается призыв? Можно указать примерную дату.",
        "en": "When is the call-up expected? An approximate date is fine.",
    },
}

CONTACT_METHODS = (
    _c("telegram", "Telegram", "Telegram"),
    _c("signal", "Signal", "Signal"),
    _c("email", "Электронная почта", "E-mail"),
    _c(
        "code_only",
        "Не связывайтесь со мной, я проверю ответ по коду",
        "Do not contact me; I will check back with my code",
    ),
)


def _chose(answers: Answers, *types: str) -> bool:
    return any(t in answers.get("events", ()) for t in types)


def _event_date_question(event_type: str) -> Question:
    label = _EVENT_LABELS[event_type]
    prompt = _DATE_PROMPTS.get(event_type) or {
        "ru": f"Когда это было: «{label['ru']}»?",
        "en": f"When did this happen: \u201c{label['en']}\u201d?",
    }
    return Question(
        key=f"date:{event_type}",
        kind="date",
        prompt=prompt,
        hint={
            "ru": "Например: 24.02.2022 или 24 февраля 2022",
            "en": "For example: 24.02.2022 or 24 February 2022",
        },
        ask_if=lambda a, t=event_type: _chose(a, t),  # type: ignore[misc]
        expect_future=event_type == "call_up_expected",
    )


QUESTIONS: tuple[Question, ...] = (
    Question(
        "role",
        "choice",
        {"ru": "Кто пишет?", "en": "Who is writing?"},
        (
            _c("self", "Я сам(а) служу или служил(а)", "I serve or served myself"),
            _c("relative", "Родственник или близкий человек", "A relative or someone close"),
            _c("lawyer", "Юрист или правозащитник", "A lawyer or human-rights defender"),
        ),
    ),
    Question(
        "personnel",
        "choice",
        {
            "ru": "Кем служит человек, о котором обращение?",
            "en": "How does the person this request is about serve?",
        },
        (
            _c("conscript", "Срочная служба (по призыву)", "Conscript"),
            _c("contract", "По контракту", "Contract soldier"),
            _c("mobilized", "Мобилизован", "Mobilized"),
            _c("volunteer", "Доброволец (добровольческое формирование)", "Volunteer formation"),
            _c(
                "reservist_training",
                "Призван на сборы из запаса",
                "Reservist called up for training",
            ),
            _c("rosgvardia_serviceman", "Военнослужащий Росгвардии", "National Guard serviceman"),
            _c(
                "rosgvardia_employee",
                "Сотрудник Росгвардии (ОМОН, СОБР)",
                "National Guard officer (OMON, SOBR)",
            ),
            _c("police", "Сотрудник полиции (МВД)", "Police (Interior Ministry)"),
            _c("civilian", "Не служит", "Not serving"),
            _c("unknown", "Не знаю", "I don't know"),
        ),
    ),
    Question(
        "events",
        "multi",
        {
            "ru": "Что произошло? Отметьте всё, что подходит.",
            "en": "What has happened? Tick everything that applies.",
        },
        EVENT_CHOICES,
        required=False,
    ),
    *(_event_date_question(c.value) for c in EVENT_CHOICES),
    Question(
        "combat",
        "choice",
        {
            "ru": "Отказ был от участия в боевых действиях или от отправки в зону боевых действий?",
            "en": "Was the refusal a refusal to fight, or to go to the combat zone?",
        },
        YES_NO_UNSURE,
        ask_if=lambda a: _chose(a, "refused_order"),
    ),
    Question(
        "intends_to_return",
        "choice",
        {
            "ru": "Собирается ли человек вернуться на службу?",
            "en": "Does the person intend to return to service?",
        },
        YES_NO_UNSURE,
        ask_if=lambda a: _chose(a, "left_unit", "plans_to_leave"),
    ),
    Question(
        "abroad",
        "choice",
        {
            "ru": "Человек сейчас за границей?",
            "en": "Is the person abroad now?",
        },
        YES_NO_UNSURE,
        ask_if=lambda a: _chose(a, "left_unit"),
    ),
    Question(
        "in_hospital",
        "choice",
        {
            "ru": "Был ли человек в госпитале, когда его объявили в СОЧ?",
            "en": "Was the person in hospital when listed as absent?",
        },
        YES_NO_UNSURE,
        ask_if=lambda a: _chose(a, "listed_as_awol"),
    ),
    Question(
        "prior_conviction",
        "choice",
        {
            "ru": "Была ли у человека раньше судимость?",
            "en": "Has the person been convicted of a crime before?",
        },
        YES_NO_UNSURE,
        ask_if=lambda a: _chose(a, "left_unit"),
    ),
    # A relative or a lawyer is asked their own name apart: `name` is always the serviceman's,
    # the one that name search and the matching of documents to requests look for.
    Question(
        "writer_name",
        "text",
        {
            "ru": "Как к вам обращаться? Можно не указывать.",
            "en": "What should we call you? You may leave this out.",
        },
        required=False,
        max_length=200,
        ask_if=lambda a: a.get("role") in ("relative", "lawyer"),
    ),
    Question(
        "name",
        "text",
        {
            "ru": "Фамилия и имя военнослужащего, о котором обращение (если пишете о себе — "
            "ваши). Можно не указывать.",
            "en": "The surname and name of the serviceman this request is about (yours, if you "
            "write about yourself). You may leave this out.",
        },
        required=False,
        max_length=200,
    ),
    Question(
        "unit",
        "text",
        {
            "ru": "Номер воинской части (если знаете). Можно не указывать.",
            "en": "The military unit number, if known. You may leave this out.",
        },
        required=False,
        max_length=200,
    ),
    Question(
        "region",
        "region",
        {
            "ru": "Регион, где служит человек. Можно не указывать.",
            "en": "The region where the person serves. You may leave this out.",
        },
        required=False,
        max_length=100,
        hint={
            "ru": "Например: Москва, Ростовская область, Татарстан",
            "en": "For example: Moscow, Rostov Oblast, Tatarstan",
        },
    ),
    Question(
        "story",
        "text",
        {
            "ru": "Опишите ситуацию своими словами.",
            "en": "Describe the situation in your own words.",
        },
        required=False,
        max_length=STORY_MAX,
        hint={
            "ru": f"Не больше {STORY_MAX} символов. Не пишите того, что не хотите, чтобы "
            "прочитал кто-то кроме юриста.",
            "en": f"At most {STORY_MAX:,} characters. Leave out anything you would not want "
            "anyone but a lawyer to read.",
        },
    ),
    # Consent to be represented and named in filings (issue #17): a claim or complaint names no
    # one without it. Recorded with the date and the channel (intake.actions.request_create).
    # It is the serviceman's consent: a relative or a lawyer is asked whether he agrees, and the
    # lawyer confirms it with him.
    Question(
        "consent_filings",
        "choice",
        {
            "ru": "Согласны ли вы, чтобы юрист представлял вас и указал ваше имя в документах"
            " (иске, жалобе)?",
            "en": "Do you agree that a lawyer may represent you and name you in filings"
            " (a claim, a complaint)?",
        },
        (
            _c("yes", "Да, согласен(на)", "Yes, I agree"),
            _c("no", "Нет, пока нет", "Not for now"),
        ),
        about_another=Wording(
            {
                "ru": "Согласен ли человек, о котором вы пишете, чтобы юрист представлял его и"
                " указал его имя в документах (иске, жалобе)? Юрист подтвердит это у него самого.",
                "en": "Does the person you write about agree that a lawyer may represent them and"
                " name them in filings (a claim, a complaint)? The lawyer will confirm it with"
                " them.",
            },
            (
                _c("yes", "Да, согласен(на)", "Yes, they agree"),
                _c("no", "Нет или пока не знаю", "No, or not known yet"),
            ),
        ),
    ),
    Question(
        "contact_method",
        "choice",
        {
            "ru": "Как с вами связаться?",
            "en": "How can we reach you?",
        },
        CONTACT_METHODS,
    ),
    Question(
        "contact",
        "text",
        {
            "ru": "Ваш контакт: имя в Telegram, номер или имя в Signal, или адрес почты.",
            "en": "Your contact: Telegram username, Signal number or username, or e-mail address.",
        },
        max_length=200,
        ask_if=lambda a: a.get("contact_method") not in (None, "code_only"),
    ),
)

BY_KEY = {q.key: q for q in QUESTIONS}


def questions_for(answers: Answers) -> list[Question]:
    """The questions this conversation asks, given the answers so far, in the words that fit
    its writer."""
    return [q.worded(answers) for q in QUESTIONS if q.ask_if is None or q.ask_if(answers)]


def next_question(answers: Answers) -> Question | None:
    """The first question still unanswered, or None when the questionnaire is complete."""
    for q in questions_for(answers):
        if q.key not in answers:
            return q
    return None


_CONTACT_PATTERNS = {
    "telegram": (
        re.compile(r"@?[A-Za-z][A-Za-z0-9_]{4,31}"),
        "a Telegram username such as @name",
        "имя в Telegram, например @name",
    ),
    "signal": (
        re.compile(r"\+?[0-9][0-9 ()-]{6,20}|[A-Za-z][A-Za-z0-9_]{2,31}\.[0-9]{2,9}"),
        "a phone number or a Signal username such as name.01",
        "номер телефона или имя в Signal, например name.01",
    ),
    "email": (
        re.compile(r"[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{2,63}"),
        "an e-mail address",
        "адрес электронной почты",
    ),
}


def parse_answer(question: Question, raw: Any, answers: Answers, *, today: date) -> Any:
    """Check one answer and return the value to store; AnswerError says what was wrong."""
    key = question.key
    if question.kind == "multi":
        values = [raw] if isinstance(raw, str) else list(raw or [])
        unknown = [v for v in values if v not in question.choice_values()]
        if unknown:
            raise AnswerError(key, "choose from the list", "выберите из списка")
        return [v for v in question.choice_values() if v in values]  # canonical order
    if question.kind == "choice":
        if raw not in question.choice_values():
            raise AnswerError(key, "choose one of the options", "выберите один из вариантов")
        return raw
    text = raw.strip() if isinstance(raw, str) else ""
    if question.kind == "date":
        return _parse_event_date(question, text, answers, today=today)
    if not text:
        if question.required:
            raise AnswerError(key, "this answer is needed", "нужен ответ")
        return ""
    if question.max_length and len(text) > question.max_length:
        raise AnswerError(
            key,
            f"this is {len(text):,} characters long; at most {question.max_length:,} fit here. "
            "Shorten it (you can send the rest to the lawyer later, under your code)",
            f"здесь {len(text)} символов, а помещается не больше {question.max_length}. "
            "Сократите текст (остальное можно дописать юристу позже, по коду обращения)",
        )
    if question.kind == "region":
        region = find_region(text)
        if region is None:
            raise AnswerError(
                key,
                "no single region matches this; write its name in full, e.g. Rostov Oblast",
                "не удалось однозначно узнать регион; напишите название полностью, например "
                "«Ростовская область»",
            )
        return region.key
    if key == "contact":
        pattern, en, ru = _CONTACT_PATTERNS[answers["contact_method"]]
        if not pattern.fullmatch(text):
            raise AnswerError(key, f"this does not look like {en}", f"это не похоже на {ru}")
    return text


def region_names(lang: str) -> list[str]:
    """Every region's name, for suggestions as the person types."""
    return sorted(getattr(r, lang) for r in REGIONS)


def shown(question: Question, value: Any, lang: str) -> str:
    """An answer as the person would read it: choice labels and region names, not keys."""
    labels = {c.value: c.label[lang] for c in question.choices}
    if isinstance(value, list):
        return ", ".join(str(labels.get(v, v)) for v in value)
    if question.kind == "region" and value in REGION_BY_KEY:
        return str(getattr(REGION_BY_KEY[value], lang))
    return str(labels.get(value, value)) if value else ""


def _parse_event_date(question: Question, text: str, answers: Answers, *, today: date) -> str:
    key = question.key
    try:
        when = parse_user_date(text, today=today, expect_future=question.expect_future)
    except FactsError as exc:
        raise AnswerError(key, exc.message, exc.message_ru) from None
    if not question.expect_future and when > today:
        raise AnswerError(key, "this date is still to come", "эта дата ещё не наступила")
    left = answers.get("date:left_unit")
    if key in ("date:returned", "date:detained") and left and when.isoformat() < left:
        raise AnswerError(
            key,
            f"this is before the date of leaving the unit ({left})",
            f"это раньше даты ухода из части ({left})",
        )
    return when.isoformat()


def to_facts(answers: Answers, *, today: date) -> dict[str, Any]:
    """REFERENCE.md §12 facts from a completed (or partial) questionnaire."""
    events: list[dict[str, Any]] = []
    for event_type in answers.get("events", ()):
        when = answers.get(f"date:{event_type}")
        if when is None:
            continue
        event: dict[str, Any] = {"type": event_type, "date": when}
        if event_type == "refused_order" and answers.get("combat") in ("yes", "no"):
            event["combat"] = answers["combat"] == "yes"
        events.append(event)

    # A flag is present only when its question was answered, and "Не знаю" stays null: the
    # engine reads null as false (§14), but a lawyer must see "not sure" and "not asked", never
    # a "no" nobody said. with_weapon and in_group are never asked here.
    asked = {q.key for q in questions_for(answers)}
    flags = {
        name: {"yes": True, "no": False}.get(answers[name])
        for name in ("intends_to_return", "abroad", "prior_conviction", "in_hospital")
        if name in answers and name in asked
    }
    personnel = answers.get("personnel")
    return {
        "as_of": today.isoformat(),
        "role": answers.get("role"),
        "personnel": None if personnel in (None, "unknown") else personnel,
        "events": events,
        "flags": flags,
    }
