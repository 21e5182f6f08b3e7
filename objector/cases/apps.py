from django.apps import AppConfig


class CasesConfig(AppConfig):
    """Staff work on requests: the triage queue, case pages, deadlines, answers, statistics."""

    name = "objector.cases"
    label = "cases"
