from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """Evidence: uploaded files, encrypted; their text, and the persons extracted from them."""

    name = "objector.documents"
    label = "documents"

    def ready(self) -> None:
        from . import receivers  # noqa: F401 - connects to objector.cases.signals
