"""Page text for the intake form. English msgids; the Russian is in
locale/ru/LC_MESSAGES/django.po, so a translator works with the ordinary gettext tools and a third
language is one more catalogue."""

import functools

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The msgctxt of a short word the staff pages translate otherwise (all apps share one domain).
REQUESTER = "requester"

UI = {
    "title": _("Request for help"),
    "intro": _(
        "Answer a few short questions. Right after that you get a preliminary assessment of the "
        "risks and deadlines; a lawyer then checks it and answers."
    ),
    "start": _("Start"),
    "step": _("Page %(n)s of %(total)s"),
    "fix": _("Please correct these answers; everything else you wrote is kept:"),
    "check_answers": _(
        "Please check these answers and send the page again; everything you wrote is kept:"
    ),
    "next": _("Next"),
    "back": _("Back"),
    "review": _("Check your answers"),
    "submit": _("Send"),
    "not_given": _("not given"),
    "receipt": _("Your request has been received"),
    "code": _("Reference code"),
    "secret": _("Secret key"),
    "keep": _(
        "Write down the code and the key and keep them safe. The key is shown only here. With "
        "them you can come back, read the lawyer's answer and add to your request."
    ),
    "assessment": _("Preliminary assessment"),
    "what_next": _("What happens next"),
    "next_steps": _(
        "A coordinator reads your request and passes it to a lawyer; urgent requests come first. "
        "The lawyer answers the way you chose, or here, under your code."
    ),
    "incomplete": _("Some questions are not answered yet."),
    "expired": _("This form is out of date. Your answers are kept; please check them again."),
    "switch": _("Русский"),
    "status_title": _("Check your request"),
    "status_intro": _("Enter the reference code and the secret key you were given."),
    "check": _("Check"),
    "slow_down": _("Too many wrong attempts from here. Wait %(seconds)s s and try again."),
    "not_found": _("The code or the key does not match. Check how you wrote them down."),
    "status": pgettext_lazy(REQUESTER, "Status"),
    "status_new": _("received, waiting for a coordinator"),
    "status_triaged": _("read by a coordinator"),
    "status_assigned": _("passed to a lawyer"),
    "status_in_progress": _("a lawyer is working on it"),
    "status_closed": _("closed"),
    "messages": _("Messages"),
    "no_messages": _("No answers yet."),
    "from_lawyer": _("Lawyer"),
    "from_you": _("You"),
    "write": _("Write to the lawyer"),
    "write_hint": _("You can add what has changed, such as the date you returned to the unit."),
    "send": _("Send"),
    "sent": _("Your message has been sent."),
    "what_changed": _("Has something changed?"),
    "what_changed_hint": _(
        "Say what happened and when. The assessment is recomputed at once, and the lawyer sees it."
    ),
    "event": _("What happened"),
    "when": _("When"),
    "add": _("Add"),
    "added": _("Added. The assessment below has been recomputed."),
    "empty_message": _("The message is empty."),
    "long_message": _(
        "The message is %(n)s characters long; at most %(max)s fit. Shorten it, or send it in two "
        "parts."
    ),
    "leave": _("Leave"),
    "session_over": _("Your viewing time is over. Enter the code and the key again."),
    "received_on": pgettext_lazy(REQUESTER, "Received"),
    "erase": _("Delete my data"),
    "erase_hint": _(
        "Your name, story, messages and everything you told us will be destroyed for good: their "
        "key is erased, and nobody can read them again, including from the backups on this "
        "server. The lawyer will no longer see the request. The statistics keep only an anonymous "
        "row (week, district, category)."
    ),
    "erase_confirm": _("Yes, destroy my data for good"),
    "erase_unconfirmed": _("Tick the box to confirm the deletion."),
    "erased": _("Your data has been destroyed. The code and the key no longer work."),
    "not_ready": _(
        "This service has not been set up yet and cannot take requests. Try again later."
    ),
}


def ui(lang: str) -> dict[str, str]:
    """Every page text in `lang`, for templates that say {{ t.key }}. A copy, so a caller may
    add to it."""
    return dict(_ui(lang))


@functools.cache
def _ui(lang: str) -> dict[str, str]:
    # Translated once per language and process: looking up the sixty texts in the catalogue
    # took about a tenth of every questionnaire page's CPU (bench/intake.py).
    with translation.override(lang):
        return {key: str(value) for key, value in UI.items()}
