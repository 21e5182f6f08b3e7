"""The filings' names in the staff's language. The legal engine (core) names them in Russian,
as the filings themselves are written; the pages speak the reader's language, so the English
pages named every filing in Russian. Their Russian translations are the engine's names
(tests/filings/test_kind_names.py keeps the two from drifting)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

KIND_NAMES: dict[str, Promise] = {
    "claim_dismissal": _("Administrative claim against a dismissal"),
    "claim_dismissal_joint": _("Joint claim against a dismissal"),
    "appeal_court_decision": _("Appeal"),
    "complaint_prosecutor": _("Complaint to the military prosecutor"),
    "application_ags": _("Application to replace military service with alternative service"),
    "motion_restore_deadline": _("Motion to restore a missed deadline"),
    "report_dismissal": _("Report asking for dismissal"),
}


def kind_name(kind: str) -> str:
    """A filing's name in the active language."""
    return str(KIND_NAMES[kind])
