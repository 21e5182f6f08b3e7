from django.apps import AppConfig


class FilingsConfig(AppConfig):
    name = "objector.filings"
    label = "filings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import receivers  # noqa: F401 -- connects the shredding hook
