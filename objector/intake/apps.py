from django.apps import AppConfig


class IntakeConfig(AppConfig):
    """Requests coming in: the questionnaire, the web form, receipts."""

    name = "objector.intake"
    label = "intake"
