"""Settings come from the environment; production refuses to start without what it needs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .cli import objector


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OBJECTOR_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(OBJECTOR_ENV="production", OBJECTOR_DATA_DIR=str(tmp_path / "data"), **extra)
    return env


def test_production_fails_loudly_without_a_secret_key(tmp_path: Path) -> None:
    env = production_env(tmp_path, OBJECTOR_ALLOWED_HOSTS="objector.example")
    done = objector("check", env=env, cwd=tmp_path)
    assert done.returncode != 0
    assert "OBJECTOR_SECRET_KEY (or OBJECTOR_SECRET_KEY_FILE) must be set" in done.stderr


def test_production_fails_loudly_without_allowed_hosts(tmp_path: Path) -> None:
    env = production_env(tmp_path, OBJECTOR_SECRET_KEY="x" * 60)
    done = objector("check", env=env, cwd=tmp_path)
    assert done.returncode != 0
    assert "OBJECTOR_ALLOWED_HOSTS" in done.stderr


def test_a_missing_secret_file_is_named(tmp_path: Path) -> None:
    env = production_env(tmp_path, OBJECTOR_SECRET_KEY_FILE=str(tmp_path / "absent"))
    done = objector("check", env=env, cwd=tmp_path)
    assert done.returncode != 0
    assert "OBJECTOR_SECRET_KEY_FILE=" in done.stderr


def test_the_deploy_check_is_clean_on_production_settings(tmp_path: Path) -> None:
    key = tmp_path / "secret_key"
    key.write_text("synthetic-test-key-" + "k" * 60, encoding="utf-8")
    env = production_env(
        tmp_path, OBJECTOR_SECRET_KEY_FILE=str(key), OBJECTOR_ALLOWED_HOSTS="objector.example"
    )
    done = objector("check", "--deploy", "--fail-level", "WARNING", env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


def test_a_bad_boolean_is_refused(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    env.update(OBJECTOR_ENV="development", OBJECTOR_DEBUG="maybe")
    done = objector("check", env=env, cwd=tmp_path)
    assert done.returncode != 0
    assert "OBJECTOR_DEBUG='maybe' is not a boolean" in done.stderr


def test_a_bad_number_is_refused(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    env.update(OBJECTOR_ENV="development", OBJECTOR_STAFF_IDLE_MINUTES="half an hour")
    done = objector("check", env=env, cwd=tmp_path)
    assert done.returncode != 0
    assert "OBJECTOR_STAFF_IDLE_MINUTES='half an hour' must be a whole number" in done.stderr


def test_a_sqlite_database_url_gets_the_same_pragmas(tmp_path: Path) -> None:
    """DATABASE_URL=sqlite:///… (the crash test points the bot at the test database so) must run
    with WAL, synchronous=FULL and IMMEDIATE transactions like the default database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OBJECTOR_")}
    env.update(
        OBJECTOR_DATA_DIR=str(tmp_path / "data"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'url.sqlite3'}",
    )
    script = (
        "from django.db import connection; c = connection.cursor();"
        "print(c.execute('PRAGMA journal_mode').fetchone()[0],"
        " c.execute('PRAGMA synchronous').fetchone()[0],"
        " c.execute('PRAGMA busy_timeout').fetchone()[0],"
        " connection.transaction_mode)"
    )
    done = objector("shell", "-c", script, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-4:] == ["wal", "2", "20000", "IMMEDIATE"]


def test_it_serves_the_stylesheet_itself(client) -> None:
    response = client.get("/static/objector.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert b"--accent" in b"".join(response.streaming_content)


@pytest.mark.django_db
def test_every_page_forbids_scripts_frames_and_outside_resources(client) -> None:
    for path in ("/", "/intake/", "/staff/login", "/healthz"):
        policy = client.get(path)["Content-Security-Policy"]
        for directive in (
            "default-src 'none'",
            "style-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
        ):
            assert directive in policy, (path, directive)
        assert "script-src" not in policy
