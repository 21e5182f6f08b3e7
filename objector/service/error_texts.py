# ruff: noqa: E501 -- each message is one msgid, kept whole so that it matches the template
"""The error pages’ words (templates 400.html … 500.html pass them to service/error.html as
variables, which makemessages cannot see): listed here so that they reach the catalogue."""

from django.utils.translation import gettext_noop

ERROR_TEXTS = (
    gettext_noop("The request could not be read"),
    gettext_noop(
        "Something in the address or the form was not as expected. Go back and try again."
    ),
    gettext_noop("Not allowed"),
    gettext_noop(
        "This page is not open to you. If you think it should be, ask your organisation's administrator."
    ),
    gettext_noop("The form has expired"),
    gettext_noop(
        "The page was open too long, or cookies are off. Go back, reload the page and send the form again: nothing was saved."
    ),
    gettext_noop("Page not found"),
    gettext_noop(
        "There is no page at this address. Check the address, or start from the start page."
    ),
    gettext_noop("This page cannot be opened that way"),
    gettext_noop(
        "The address is right, but it was opened in a way it does not accept (for example by reloading after sending a form). Go back and use the page's own buttons."
    ),
    gettext_noop("Something went wrong on our side"),
    gettext_noop(
        "The server could not finish this. What you sent before this page is kept. Try again in a few minutes."
    ),
)
