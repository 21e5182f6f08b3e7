"""What the programs the service execs inherit (red team, round 11). LibreOffice (a draft's PDF)
and Tesseract (a scanned page) are dumpable again after the exec, so a process of the service's
user reads their /proc/PID/environ while they run: they got the whole environment, the secret
key, the database's password and the Telegram token included. Both stand-ins below record what
they were given."""

from __future__ import annotations

from pathlib import Path

import pytest

from objector.extraction import ocr
from objector.filings import pdf

SECRETS = {
    "OBJECTOR_SECRET_KEY": "synthetic-secret-key-4411",
    "DATABASE_URL": "postgres://objector:synthetic-db-password@localhost/objector",
    "OBJECTOR_TELEGRAM_TOKEN": "123456:synthetic-telegram-token",
    "OBJECTOR_SETUP_PASSPHRASE": "synthetic unlock passphrase",
}

RECORDER = """#!/bin/sh
env > "$0.env"
for a in "$@"; do [ "$prev" = "--outdir" ] && printf '%%PDF-1.4' > "$a/draft.pdf"; prev="$a"; done
exit 0
"""


@pytest.fixture
def secrets_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)


def _recorder(tmp_path: Path, name: str) -> Path:
    script = tmp_path / name
    script.write_text(RECORDER)
    script.chmod(0o700)
    return script


def _leaked(recorded: Path) -> list[str]:
    text = recorded.read_text()
    return [name for name, value in SECRETS.items() if name in text or value in text]


def test_libreoffice_gets_none_of_the_services_secrets(
    secrets_in_environment: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = _recorder(tmp_path, "soffice")
    monkeypatch.setattr(pdf, "soffice", lambda: str(script))
    if pdf.tmpfs.memory_dir() is None:
        pytest.skip("needs /dev/shm or XDG_RUNTIME_DIR on tmpfs")
    pdf.to_pdf(b"PK synthetic draft")
    recorded = Path(f"{script}.env")
    assert _leaked(recorded) == []
    assert "PATH=" in recorded.read_text()  # it still finds its own helpers


def test_tesseract_gets_none_of_the_services_secrets(
    secrets_in_environment: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = _recorder(tmp_path, "tesseract")
    monkeypatch.setattr(ocr, "TESSERACT", str(script))
    ocr._tesseract(b"synthetic png")
    recorded = Path(f"{script}.env")
    assert _leaked(recorded) == []
    assert "OMP_THREAD_LIMIT=1" in recorded.read_text()


def test_pg_dump_gets_the_databases_password_and_nothing_else_secret(
    secrets_in_environment: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It needs the password (PGPASSWORD) and libpq's own settings; not the rest."""
    from objector.service import storage

    monkeypatch.setenv("PGSSLMODE", "verify-full")
    _, env = storage._pg_env()
    assert "PGPASSWORD" in env and env["PGSSLMODE"] == "verify-full"
    assert [name for name in SECRETS if name in env] == []
