"""The intake questionnaire, defined once as data: the web form and the Telegram bot both ask it.

Plain Python, no Django. A conversation is a dict of answers; `next_question` gives what to ask
next, `parse_answer` checks one answer (in the person's language), and `to_facts` turns the
answers into REFERENCE.md §12 facts for the legal engine.

The words are English msgids; the Russian is in locale/ru/LC_MESSAGES/django.po (intake's
catalogue), read with the standard library's gettext from the .mo that `make install` compiles,
as the bot's own texts are (objector/telegram/texts.py). `makemessages` does not see `_t` and
`_c`: their entries are written by hand, and tests/service/test_catalogues.py fails on one
missing.
"""

from __future__ import annotations

import functools
import gettext
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from objector.errors import BilingualError
from objector.law import FactsError
from objector.service.visible import free_text, one_line

from .dates import human_birth_date, parse_birth_date, parse_user_date
from .regions import REGION_BY_KEY, REGIONS, find_region

Answers = Mapping[str, Any]
LOCALE = Path(__file__).resolve().parent / "locale"
ANSWER = "answer"  # the msgctxt of a choice's label: what a person picks, not a question


@cache
def _catalogue(lang: str) -> gettext.NullTranslations:
    return gettext.translation("django", localedir=LOCALE, languages=[lang], fallback=True)


@dataclass(frozen=True, slots=True)
class Text:
    """Words for a person: `text[lang]` is the English msgid in that language. `values` fill
    its {name} placeholders after translation; a Text among them is read in the same language,
    a number is grouped as the language writes it."""

    msgid: str
    context: str = ""
    values: tuple[tuple[str, Any], ...] = ()

    def __getitem__(self, lang: str) -> str:
        catalogue = _catalogue(lang)
        said = (
            catalogue.pgettext(self.context, self.msgid)
            if self.context
            else catalogue.gettext(self.msgid)
        )
        if not self.values:
            return said
        return said.format(**{name: _value(v, lang) for name, v in self.values})


def _value(value: Any, lang: str) -> str:
    if isinstance(value, Text):
        return value[lang]
    if isinstance(value, int) and lang == "en":
        return f"{value:,}"
    return str(value)


def _t(msgid: str, context: str = "", **values: Any) -> Text:
    return Text(msgid, context, tuple(values.items()))


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
    # "choice", "multi", "date", "text", "region" (text matched to the region list), "birth" (a
    # date of birth, whole or the month and year or the year alone: dates.parse_birth_date)
    kind: str
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


def _c(value: str, label: str) -> Choice:
    return Choice(value, _t(label, ANSWER))


STORY_MAX = 10_000  # characters; the field says so, and a longer text is refused, never cut
# How the case page shows a yes/no/not sure question that this conversation never asked.
NOT_ASKED: Text = _t("not asked")

YES_NO_UNSURE = (_c("yes", "Yes"), _c("no", "No"), _c("unsure", "Not sure"))

# What can have happened, in the order the dates are then asked. Each is a §12 event type.
EVENT_CHOICES = (
    _c("left_unit", "Left the unit without permission"),
    _c("returned", "Returned to the unit"),
    _c("detained", "Detained (by police or military police)"),
    _c("refused_order", "Refused an order"),
    _c("deployment_ordered", "Was ordered to deploy to the combat zone"),
    _c("plans_to_leave", "Is thinking of leaving the unit"),
    _c("dismissed", "Dismissed from service"),
    _c("criminal_case_opened", "A criminal case was opened"),
    _c("court_decision", "There is a court decision"),
    _c("complaint_filed", "Filed a complaint with the prosecutor"),
    _c("detained_by_unit", "Held by the unit, in a pit or an “AWOL centre”, or beaten"),
    _c("listed_as_awol", "Listed as absent without leave"),
    _c("discharge_requested", "Asked to be discharged"),
    _c("contract_expired", "The contract has expired"),
    _c("pressure_to_sign", "Pressured to sign a contract"),
    _c("summons_received", "Received a call-up summons"),
    _c("call_up_expected", "Expects to be called up"),
    _c("captured", "Captured"),
    _c("surrendered", "Surrendered"),
)

_EVENT_LABELS = {c.value: c.label for c in EVENT_CHOICES}


def event_label(event_type: str, lang: str) -> str:
    return _EVENT_LABELS[event_type][lang] if event_type in _EVENT_LABELS else event_type


_DATE_PROMPTS: dict[str, Text] = {
    "call_up_expected": _t("When is the call-up expected? An approximate date is fine."),
}

CONTACT_METHODS = (
    _c("telegram", "Telegram"),
    _c("signal", "Signal"),
    _c("email", "E-mail"),
    _c("code_only", "Do not contact me; I will check back with my code"),
)


def _chose(answers: Answers, *types: str) -> bool:
    return any(t in answers.get("events", ()) for t in types)


def _event_date_question(event_type: str) -> Question:
    label = _EVENT_LABELS[event_type]
    prompt = _DATE_PROMPTS.get(event_type) or _t(
        "When did this happen: \u201c{event}\u201d?", event=label
    )
    return Question(
        key=f"date:{event_type}",
        kind="date",
        prompt=prompt,
        hint=_t("For example: 24.02.2022 or 24 February 2022"),
        ask_if=lambda a, t=event_type: _chose(a, t),  # type: ignore[misc]
        expect_future=event_type == "call_up_expected",
    )


QUESTIONS: tuple[Question, ...] = (
    Question(
        "role",
        "choice",
        _t("Who is writing?"),
        (
            _c("self", "I serve or served myself"),
            _c("relative", "A relative or someone close"),
            _c("lawyer", "A lawyer or human-rights defender"),
        ),
    ),
    Question(
        "personnel",
        "choice",
        _t("How does the person this request is about serve?"),
        (
            _c("conscript", "Conscript"),
            _c("contract", "Contract soldier"),
            _c("mobilized", "Mobilized"),
            _c("volunteer", "Volunteer formation"),
            _c("reservist_training", "Reservist called up for training"),
            _c("rosgvardia_serviceman", "National Guard serviceman"),
            _c("rosgvardia_employee", "National Guard officer (OMON, SOBR)"),
            _c("police", "Police (Interior Ministry)"),
            _c("civilian", "Not serving"),
            _c("unknown", "I don't know"),
        ),
    ),
    Question(
        "events",
        "multi",
        _t("What has happened? Tick everything that applies."),
        EVENT_CHOICES,
        required=False,
    ),
    *(_event_date_question(c.value) for c in EVENT_CHOICES),
    Question(
        "combat",
        "choice",
        _t("Was the refusal a refusal to fight, or to go to the combat zone?"),
        YES_NO_UNSURE,
        ask_if=lambda a: _chose(a, "refused_order"),
    ),
    Question(
        "intends_to_return",
        "choice",
        _t("Does the person intend to return to service?"),
        YES_NO_UNSURE,
        ask_if=lambda a: _chose(a, "left_unit", "plans_to_leave"),
    ),
    Question(
        "abroad",
        "choice",
        _t("Is the person abroad now?"),
        YES_NO_UNSURE,
        ask_if=lambda a: _chose(a, "left_unit"),
    ),
    Question(
        "in_hospital",
        "choice",
        _t("Was the person in hospital when listed as absent?"),
        YES_NO_UNSURE,
        ask_if=lambda a: _chose(a, "listed_as_awol"),
    ),
    Question(
        "prior_conviction",
        "choice",
        _t("Has the person been convicted of a crime before?"),
        YES_NO_UNSURE,
        ask_if=lambda a: _chose(a, "left_unit"),
    ),
    # A relative or a lawyer is asked their own name apart: `name` is always the serviceman's,
    # the one that name search and the matching of documents to requests look for.
    Question(
        "writer_name",
        "text",
        _t("What should we call you? You may leave this out."),
        required=False,
        max_length=200,
        ask_if=lambda a: a.get("role") in ("relative", "lawyer"),
    ),
    Question(
        "name",
        "text",
        _t(
            "The surname and name of the serviceman this request is about (yours, if you write "
            "about yourself). You may leave this out."
        ),
        required=False,
        max_length=200,
    ),
    # The serviceman's date of birth, as much of it as is known (dates.parse_birth_date): the
    # registry links his mentions by it, and tells namesakes apart (objector.persons).
    Question(
        "birth_date",
        "birth",
        _t("Your date of birth. You may leave this out."),
        required=False,
        max_length=40,
        hint=_t(
            "For example: 12.03.1999. The month and year (03.1999) or the year alone (1999) "
            "will do."
        ),
        about_another=Wording(
            _t("The serviceman's date of birth, if you know it. You may leave this out."),
        ),
    ),
    Question(
        "unit",
        "text",
        _t("The military unit number, if known. You may leave this out."),
        required=False,
        max_length=200,
    ),
    Question(
        "region",
        "region",
        _t("The region where the person serves. You may leave this out."),
        required=False,
        max_length=100,
        hint=_t("For example: Moscow, Rostov Oblast, Tatarstan"),
    ),
    Question(
        "story",
        "text",
        _t("Describe the situation in your own words."),
        required=False,
        max_length=STORY_MAX,
        hint=_t(
            "At most {limit} characters. Leave out anything you would not want anyone but a "
            "lawyer to read.",
            limit=STORY_MAX,
        ),
    ),
    # Consent to be represented and named in filings (issue #17): a claim or complaint names no
    # one without it. Recorded with the date and the channel (intake.actions.request_create).
    # It is the serviceman's consent: a relative or a lawyer is asked whether he agrees, and the
    # lawyer confirms it with him.
    Question(
        "consent_filings",
        "choice",
        _t(
            "Do you agree that a lawyer may represent you and name you in filings (a claim, a "
            "complaint)?"
        ),
        (
            _c("yes", "Yes, I agree"),
            _c("no", "Not for now"),
        ),
        about_another=Wording(
            _t(
                "Does the person you write about agree that a lawyer may represent them and name "
                "them in filings (a claim, a complaint)? The lawyer will confirm it with them."
            ),
            (
                _c("yes", "Yes, they agree"),
                _c("no", "No, or not known yet"),
            ),
        ),
    ),
    Question(
        "contact_method",
        "choice",
        _t("How can we reach you?"),
        CONTACT_METHODS,
    ),
    Question(
        "contact",
        "text",
        _t("Your contact: Telegram username, Signal number or username, or e-mail address."),
        max_length=200,
        ask_if=lambda a: a.get("contact_method") not in (None, "code_only"),
    ),
)

BY_KEY = {q.key: q for q in QUESTIONS}


# Which questions apply, and in whose words, depends on three answers only: the role, the
# events and the way to reach the person (every `ask_if` and `worded` reads no other). A page
# asks this a dozen times, so it is computed once per combination (issue #13, round 6).
_DECIDING = ("role", "events", "contact_method")


def _deciding(answers: Answers) -> tuple[Any, ...]:
    events = answers.get("events")
    return (
        answers.get("role"),
        tuple(events) if isinstance(events, list | tuple) else events,
        answers.get("contact_method"),
    )


def _deciding_answers(deciding: tuple[Any, ...]) -> dict[str, Any]:
    return {k: v for k, v in zip(_DECIDING, deciding, strict=True) if v is not None}


@functools.lru_cache(maxsize=512)
def _questions_for(deciding: tuple[Any, ...]) -> tuple[Question, ...]:
    answers = _deciding_answers(deciding)
    return tuple(q.worded(answers) for q in QUESTIONS if q.ask_if is None or q.ask_if(answers))


def questions_for(answers: Answers) -> list[Question]:
    """The questions this conversation asks, given the answers so far, in the words that fit
    its writer."""
    try:
        return list(_questions_for(_deciding(answers)))
    except TypeError:  # an answer that cannot be a key (not from the form): computed afresh
        return [q.worded(answers) for q in QUESTIONS if q.ask_if is None or q.ask_if(answers)]


def next_question(answers: Answers) -> Question | None:
    """The first question still unanswered, or None when the questionnaire is complete."""
    for q in questions_for(answers):
        if q.key not in answers:
            return q
    return None


@dataclass(frozen=True, slots=True)
class Page:
    """One page of the web form: a section's questions, answered and checked together (the
    Telegram bot asks them one by one). A question that depends on an answer given on a
    previous page is shown only when it applies. One that depends on an answer on the same
    page cannot be shown or hidden without JavaScript: it is in `conditional`, shown always
    with words that say when it applies, and checked (or dropped) only after the answers
    before it on the page are read."""

    key: str
    title: Text
    keys: tuple[str, ...]
    conditional: tuple[tuple[str, Text], ...] = ()

    def note(self, key: str) -> Text | None:
        return dict(self.conditional).get(key)


# Four sections. Every question that depends on another's answer is on a later page than that
# answer (the event dates and their follow-ups after the events; the writer's own name, and the
# consent in the role's words, after the role), except the contact, which only follows the way
# to reach the person: it stays beside it, marked "only if", so the common path has no page for
# one field.
PAGES: tuple[Page, ...] = (
    Page("about", _t("Who is writing, and what has happened"), ("role", "personnel", "events")),
    Page(
        "details",
        _t("Dates and details"),
        (
            *(f"date:{c.value}" for c in EVENT_CHOICES),
            "combat",
            "intends_to_return",
            "abroad",
            "in_hospital",
            "prior_conviction",
        ),
    ),
    Page(
        "person",
        _t("The serviceman, and what happened in your words"),
        ("writer_name", "name", "birth_date", "unit", "region", "story"),
    ),
    Page(
        "contact",
        _t("Consent and contact"),
        ("consent_filings", "contact_method", "contact"),
        conditional=(("contact", _t("Only if you chose Telegram, Signal or e-mail above.")),),
    ),
)
PAGE_BY_KEY = {p.key: p for p in PAGES}
_PAGE_OF = {key: p for p in PAGES for key in p.keys}
if sorted(_PAGE_OF) != sorted(BY_KEY) or len(_PAGE_OF) != sum(len(p.keys) for p in PAGES):
    raise RuntimeError("each question must be on exactly one page")  # pragma: no cover


def page_of(key: str) -> Page:
    return _PAGE_OF[key]


def page_questions(page: Page, answers: Answers) -> list[Question]:
    """The questions this page shows, given the answers on earlier pages, in the writer's
    words; a conditional one is shown whatever the answer it depends on."""
    try:
        return list(_page_questions(page.key, _deciding(answers)))
    except TypeError:
        return _page_questions_now(page, answers)


@functools.lru_cache(maxsize=1024)
def _page_questions(page: str, deciding: tuple[Any, ...]) -> tuple[Question, ...]:
    return tuple(_page_questions_now(PAGE_BY_KEY[page], _deciding_answers(deciding)))


def _page_questions_now(page: Page, answers: Answers) -> list[Question]:
    return [
        BY_KEY[key].worded(answers)
        for key in page.keys
        if BY_KEY[key].ask_if is None or page.note(key) is not None or BY_KEY[key].ask_if(answers)  # type: ignore[misc]
    ]


def pages_for(answers: Answers) -> list[Page]:
    """The pages this conversation shows: those with a question that applies."""
    return [p for p in PAGES if page_questions(p, answers)]


def next_page(answers: Answers) -> Page | None:
    """The page of the first question still unanswered, or None when all are answered."""
    upcoming = next_question(answers)
    return None if upcoming is None else page_of(upcoming.key)


def parse_page(
    page: Page, raw: Mapping[str, Any], answers: Answers, *, today: date
) -> tuple[dict[str, Any], dict[str, AnswerError]]:
    """Checks every answer on a page together, in order, so that one may depend on another
    before it (the contact on the way to reach the person; a return's date on the date of
    leaving). Returns the answers with this page's applied, answers to questions that no longer
    apply dropped (nothing is kept that the request will not use), and an error per bad
    answer. `raw` maps a question's key to what the form sent: a list for a "multi"."""
    merged = dict(answers)
    errors: dict[str, AnswerError] = {}
    for key in page.keys:
        question = BY_KEY[key]
        merged.pop(key, None)
        if question.ask_if is not None and not question.ask_if(merged):
            continue
        given = raw.get(key, [] if question.kind == "multi" else "")
        try:
            merged[key] = parse_answer(question.worded(merged), given, merged, today=today)
        except AnswerError as exc:
            errors[key] = exc
    asked = {q.key for q in questions_for(merged)}
    return {k: v for k, v in merged.items() if k in asked}, errors


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


# Answers kept on several lines; every other typed answer (a name, a unit, a contact) is one.
FREE_TEXT = frozenset({"story"})


def visible_answer(question: Question, raw: str) -> tuple[str, int]:
    """A typed answer without the characters that change how it reads and do not show
    (direction controls, zero-width and other format characters: service.visible), and how many
    were removed. The web page and the bot say so; parse_answer keeps the answer without them."""
    return free_text(raw) if question.key in FREE_TEXT else one_line(raw)


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
    text = visible_answer(question, raw)[0].strip() if isinstance(raw, str) else ""
    if question.kind == "date":
        return _parse_event_date(question, text, answers, today=today)
    if question.kind == "birth":
        if not text:
            return ""
        try:
            return parse_birth_date(text, today=today)
        except FactsError as exc:
            raise AnswerError(key, exc.message, exc.message_ru) from None
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
    if question.max_length and len(text.encode()) > 2 * question.max_length:
        # The draft lives in the browser's cookies, which hold bytes: Cyrillic and Latin take
        # at most two a character, but four-byte characters at the full length made a draft
        # longer than its cookies, cut short and lost whole at the next page (red team, round 8).
        raise AnswerError(
            key,
            "this holds too many unusual characters (emoji, rare scripts) to be kept; "
            "shorten it or write it in plain letters",
            "здесь слишком много необычных символов (эмодзи, редкие алфавиты), чтобы сохранить "
            "ответ; сократите его или напишите обычными буквами",
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
    if question.kind == "birth" and value:
        return human_birth_date(value, lang)
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
