"""What the bot says. English msgids; the Russian is in locale/ru/LC_MESSAGES/django.po, read
with the standard library's gettext from the .mo that `make install` compiles, so the
conversation stays plain Python (no Django) and a translator works with the ordinary tools.
Placeholders are {name}, filled by str.format after translation."""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path
from typing import Any

LOCALE = Path(__file__).resolve().parent / "locale"


def gettext_noop(message: str) -> str:
    """Marks a msgid for `makemessages` (it looks for this name) without translating it yet."""
    return message


MESSAGES: dict[str, str] = {
    "welcome": gettext_noop(
        "Hello. This is a legal-aid bot for people who refuse to fight, and their families. I "
        "will ask a few questions to pass your request to a lawyer.\n\nFor your safety I delete "
        "your messages from this chat as soon as I have stored them, and delete my questions once "
        "they are answered. Answers are stored encrypted. /delete erases everything you sent."
    ),
    "help": gettext_noop(
        "Commands:\n/start — start again\n/lang — Русский\n/status — the lawyer's "
        "answers\n/delete — erase your data\n\nYour messages are deleted from the chat once "
        "stored."
    ),
    "lang_set": gettext_noop("Language: English."),
    "multi_hint": gettext_noop("Tap everything that applies, then “Done”."),
    "done": gettext_noop("Done"),
    "skip": gettext_noop("Skip"),
    "saved": gettext_noop("✓ Saved."),
    "saved_visible": gettext_noop(
        "✓ Saved, without {count} invisible character(s) that change how text reads "
        "(direction marks, zero-width spaces)."
    ),
    "saved_as": gettext_noop("✓ {answer}"),
    "skipped": gettext_noop("✓ Skipped."),
    "invalid": gettext_noop("✗ Not taken: {why}. Please try again."),
    "use_buttons": gettext_noop("✗ Please choose with a button under the question."),
    "stale": gettext_noop("This question has already been answered."),
    "too_long": gettext_noop(
        "The message is too long: {length} characters, at most {limit}. Please split it."
    ),
    "edited": gettext_noop("I do not see edits. Please send the corrected text as a new message."),
    "forwarded": gettext_noop(
        "I do not take forwarded messages: they show who sent them. Copy the text and send it as "
        "your own message."
    ),
    "unsupported": gettext_noop(
        "I understand only text, photos and documents (PDF, JPEG, PNG, TIFF, HEIC, DOCX, TXT)."
    ),
    "file_type": gettext_noop(
        "I do not take this kind of file. Allowed: PDF, JPEG, PNG, TIFF, HEIC, DOCX, TXT, up to "
        "20 MB."
    ),
    "file_too_big": gettext_noop(
        "The file is over 20 MB. Please send it in parts or through the web form."
    ),
    "file_damaged": gettext_noop(
        "The file is damaged or cannot be checked (for example, it has a password). Please save "
        "it again and resend it."
    ),
    "file_unreachable": gettext_noop(
        "The file could not be fetched from Telegram. Please send it again or use the web form."
    ),
    "file_received": gettext_noop("File received; checking and storing it."),
    "file_stored": gettext_noop("✓ The file is stored with your request."),
    "files_later": gettext_noop("You can send files once the questions are answered."),
    "unknown_command": gettext_noop("There is no such command. /help lists them."),
    "flood": gettext_noop(
        "Too many messages at once. Please wait {seconds} seconds and send again what was not "
        "taken."
    ),
    "private_only": gettext_noop("I work only in a private chat: others can see you here."),
    "already": gettext_noop(
        "We already have your request. Write here and your lawyer gets it. /status shows the "
        "lawyer's answers; /delete erases your data."
    ),
    "forwarded_ok": gettext_noop("✓ Passed to your lawyer."),
    "no_request": gettext_noop("There is no request yet. /start begins one."),
    "erase_confirm": gettext_noop(
        "Erase your request and everything you sent? This cannot be undone."
    ),
    "erase_yes": gettext_noop("Yes, erase"),
    "erase_no": gettext_noop("No"),
    "erase_kept": gettext_noop("Nothing was erased."),
    "erased": gettext_noop(
        "Erased. Your request's key is destroyed, so it can no longer be read. Delete this chat "
        "too."
    ),
    "receipt": gettext_noop(
        "Your request is in. Code: {reference}\n\n{assessment}\n\nWhat happens next: a "
        "coordinator reads your request and passes it to a lawyer; urgent ones come first. The "
        "lawyer's answer arrives here, and /status shows it again.\n\nDocuments, and what you "
        "would rather not write in Telegram, can be added in the web form: {url} — code "
        "{reference}, key {secret}. Write them down off this phone and delete this message."
    ),
    "not_ready": gettext_noop(
        "Intake is not set up yet. Your answers are kept; please try later: /start."
    ),
    "status": gettext_noop("Request {reference}: {status}."),
    "no_answers": gettext_noop("No answers from the lawyer yet."),
    "answer": gettext_noop("Lawyer's answer ({date}):\n{text}"),
    "gone": gettext_noop("This request has been erased. /start begins a new one."),
}


@cache
def _catalogue(lang: str) -> gettext.NullTranslations:
    return gettext.translation("django", localedir=LOCALE, languages=[lang], fallback=True)


def text_of(key: str, lang: str) -> str:
    """The message `key` in `lang` (Russian for any language the bot does not speak)."""
    return _catalogue(lang if lang in ("ru", "en") else "ru").gettext(MESSAGES[key])


def t(key: str, lang: str, **values: Any) -> str:
    text = text_of(key, lang)
    return text.format(**values) if values else text
