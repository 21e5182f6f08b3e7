"""The anchor of bench/intake.py: the barest Django project that does what intake's final step
does, generated in a temporary directory and served by gunicorn like Objector.

One form page (GET, with Django's CSRF token), whose POST is validated by a `forms.Form`,
stores one row, notes it in a database session and redirects to a thank-you page that reads the
session. SQLite with the same pragmas as Objector's default (WAL, synchronous=FULL, IMMEDIATE
transactions, persistent connections), Django's default middleware minus what needs auth.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SETTINGS = """
from pathlib import Path
BASE = Path(__file__).resolve().parent.parent
SECRET_KEY = "anchor-bench-only-not-a-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.sessions", "anchorapp"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "anchorapp.urls"
WSGI_APPLICATION = "anchorapp.wsgi.application"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(BASE / "anchor.sqlite3"),
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=FULL",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
        "CONN_MAX_AGE": 600,
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
"""

FILES = {
    "anchorapp/__init__.py": "",
    "anchorapp/settings.py": SETTINGS,
    "anchorapp/wsgi.py": (
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'anchorapp.settings')\n"
        "from django.core.wsgi import get_wsgi_application\n"
        "application = get_wsgi_application()\n"
    ),
    "anchorapp/models.py": (
        "from django.db import models\n\n"
        "class Row(models.Model):\n"
        "    text = models.TextField()\n"
        "    created_at = models.DateTimeField(auto_now_add=True)\n"
    ),
    "anchorapp/migrations/__init__.py": "",
    "anchorapp/migrations/0001_initial.py": (
        "from django.db import migrations, models\n\n"
        "class Migration(migrations.Migration):\n"
        "    initial = True\n"
        "    dependencies = []\n"
        "    operations = [migrations.CreateModel(name='Row', fields=[\n"
        "        ('id', models.BigAutoField(primary_key=True, serialize=False)),\n"
        "        ('text', models.TextField()),\n"
        "        ('created_at', models.DateTimeField(auto_now_add=True)),\n"
        "    ])]\n"
    ),
    "anchorapp/urls.py": (
        "from django.urls import path\nfrom . import views\n"
        "urlpatterns = [path('form', views.form), path('done', views.done)]\n"
    ),
    "anchorapp/views.py": """
from django import forms
from django.shortcuts import redirect, render
from .models import Row

class TextForm(forms.Form):
    text = forms.CharField(max_length=10000)

def form(request):
    bound = TextForm(request.POST or None)
    if request.method == "POST" and bound.is_valid():
        row = Row.objects.create(text=bound.cleaned_data["text"])
        request.session["row"] = row.pk
        return redirect("/done")
    return render(request, "anchorapp/form.html", {"form": bound})

def done(request):
    return render(request, "anchorapp/done.html", {"row": request.session.get("row")})
""",
    "anchorapp/templates/anchorapp/form.html": (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Form</title></head>'
        '<body><form method="post" action="/form">{% csrf_token %}{{ form.as_p }}'
        '<button type="submit">Send</button></form></body></html>'
    ),
    "anchorapp/templates/anchorapp/done.html": (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Done</title></head>'
        "<body><p>Stored as {{ row }}.</p></body></html>"
    ),
}


def anchor_project(directory: Path) -> dict[str, str]:
    """Writes the project under `directory`, migrates it; returns the environment to serve
    it with (`python -m gunicorn anchorapp.wsgi:application`, cwd `directory`)."""
    for name, text in FILES.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    env = {"PYTHONPATH": str(directory), "DJANGO_SETTINGS_MODULE": "anchorapp.settings"}
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "-v0"],
        cwd=directory,
        env={**_base_env(), **env},
        check=True,
    )
    return env


def _base_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
