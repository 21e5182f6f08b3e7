import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "objector.settings")
django_application = get_wsgi_application()

# Floods of sign-ins and receipt guesses are refused before Django (objector/service/guard.py).
from objector.service.guard import FloodGuard  # noqa: E402 - needs the settings above

application = FloodGuard(django_application)
