"""Counts in words, in the active language, with the language's own plural forms."""

from django.utils.translation import ngettext


def years(count: int) -> str:
    return ngettext("%(count)d year", "%(count)d years", count) % {"count": count}


def days(count: int) -> str:
    return ngettext("%(count)d day", "%(count)d days", count) % {"count": count}
