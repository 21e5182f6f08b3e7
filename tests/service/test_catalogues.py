"""Every word for a person has its Russian: each app's ru catalogue compiles with nothing
untranslated or fuzzy; the apps, which share one gettext domain, never translate the same msgid
two ways; and every msgid the templates, the questionnaire (web and bot) and the staff pages use
is in a catalogue."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext as django_gettext
from django.utils.translation import pgettext

from objector.accounts import texts as staff
from objector.intake import questionnaire
from objector.intake.questionnaire import Text

OBJECTOR = Path(questionnaire.__file__).resolve().parents[1]
CATALOGUES = sorted(OBJECTOR.glob("*/locale/ru/LC_MESSAGES/django.po"))
# Names that are the same in both languages.
SAME_IN_BOTH = {"Telegram", "Signal"}
TRANSLATE_TAG = re.compile(
    r"""\{%\s*(?:translate|trans)\s+(?P<q>["'])(?P<msgid>.*?)(?P=q)"""
    r"""(?:\s+context\s+(?P<cq>["'])(?P<context>.*?)(?P=cq))?[^%]*%\}"""
)
MSGFMT = shutil.which("msgfmt")
needs_msgfmt = pytest.mark.skipif(MSGFMT is None, reason="run scripts/install-gettext")


def compiled(po: Path, tmp_path: Path) -> dict[str, str]:
    """The catalogue's entries, as msgfmt compiles them: msgid (with "context\\x04" before it
    where there is one) -> msgstr."""
    mo = tmp_path / f"{po.parents[3].name}.mo"
    subprocess.run([MSGFMT, "--check-format", "-o", str(mo), str(po)], check=True)  # noqa: S603
    with mo.open("rb") as file:
        catalogue: dict[str, str] = gettext.GNUTranslations(file)._catalog  # type: ignore[attr-defined]
    return {key: value for key, value in catalogue.items() if key}


@needs_msgfmt
@pytest.mark.parametrize("po", CATALOGUES, ids=lambda po: po.parents[3].name)
def test_it_has_nothing_untranslated_or_fuzzy(po: Path) -> None:
    done = subprocess.run(  # noqa: S603
        [MSGFMT, "--check-format", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "translated message" in done.stderr
    assert "untranslated" not in done.stderr and "fuzzy" not in done.stderr, done.stderr


@needs_msgfmt
def test_the_apps_never_translate_one_msgid_two_ways(tmp_path: Path) -> None:
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for po in CATALOGUES:
        app = po.parents[3].name
        for key, value in compiled(po, tmp_path).items():
            if key in seen and seen[key][1] != value:
                clashes.append((key, seen[key], (app, value)))
            seen.setdefault(key, (app, value))
    assert clashes == [], "give the msgid a context (pgettext) in one of the apps"


def russian(msgid: str, context: str | None) -> str:
    with translation.override("ru"):
        return pgettext(context, msgid) if context else django_gettext(msgid)


def test_every_msgid_in_the_templates_has_russian() -> None:
    missing = []
    for template in sorted(OBJECTOR.glob("*/templates/**/*.html")):
        for found in TRANSLATE_TAG.finditer(template.read_text(encoding="utf-8")):
            msgid, context = found["msgid"], found["context"]
            if msgid not in SAME_IN_BOTH and russian(msgid, context) == msgid:
                missing.append((template.relative_to(OBJECTOR).as_posix(), context, msgid))
    assert missing == []


def questionnaire_texts() -> list[Text]:
    found: list[Text] = [questionnaire.NOT_ASKED]
    for question in questionnaire.QUESTIONS:
        wordings = [question, question.worded({"role": "relative"})]
        for q in wordings:
            found += [q.prompt, *(c.label for c in q.choices)]
            found += [q.hint] if q.hint else []
    for page in questionnaire.PAGES:  # the web form's sections
        found += [page.title, *(note for _key, note in page.conditional)]
    for text in list(found):
        found += [v for _name, v in text.values if isinstance(v, Text)]
    return found


def test_every_questionnaire_text_has_russian_for_the_web_and_the_bot() -> None:
    texts = questionnaire_texts()
    assert len(texts) > 100
    missing = [t.msgid for t in texts if t.msgid not in SAME_IN_BOTH and t["ru"] == t["en"]]
    assert missing == []
    # The questionnaire reads intake's catalogue with the standard library (the bot runs no
    # Django); Django's merged catalogue says the same.
    for text in texts:
        assert text["ru"] == russian(text.msgid, text.context).format(
            **{name: (v["ru"] if isinstance(v, Text) else v) for name, v in text.values}
        )


def test_every_staff_text_has_russian() -> None:
    tables = [staff.STAFF_UI, staff.STATUS, staff.OUTCOME, staff.CHANNEL]
    missing = [
        text.msgid
        for table in tables
        for text in table.values()
        if text.msgid not in SAME_IN_BOTH and text["ru"] == text["en"]
    ]
    assert missing == []
    assert staff.STAFF_UI["sign_in"]["ru"] == "Войти" and staff.STAFF_UI["sign_in"]["en"] == (
        "Sign in"
    )
