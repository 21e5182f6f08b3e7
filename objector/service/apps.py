from django.apps import AppConfig


class ServiceConfig(AppConfig):
    """How the service runs: `objector run`, health checks, database settings."""

    name = "objector.service"
    label = "service"
