"""The container set-up (deploy/container) against the code it runs. Docker and podman cannot
run on the development machine (no registry for base images), so most of this is a static
check that fails when the files drift from the settings, the commands and the install scripts;
with OBJECTOR_CONTAINER_TEST=1 and podman, the image is built and started for real."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import get_commands

from .running import free_port, health, until

REPO = Path(__file__).resolve().parents[2]
HERE = REPO / "deploy" / "container"
CONTAINERFILE = HERE / "Containerfile"
IMAGE_SERVICES = ("migrate", "keyholder", "web", "worker", "hourly")


def _compose() -> dict[str, Any]:
    return dict(yaml.safe_load((HERE / "compose.yaml").read_text(encoding="utf-8")))


def _instructions() -> list[tuple[str, str]]:
    """The Containerfile's instructions, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", CONTAINERFILE.read_text(encoding="utf-8"))
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0], line.split(None, 1)[1])
        for line in lines
        if line and not line.startswith("#")
    ]


def _names_read_by_the_code() -> set[str]:
    """Every OBJECTOR_* (and DATABASE_URL) name the code reads from the environment."""
    names: set[str] = set()
    for path in (REPO / "objector").rglob("*.py"):
        names |= set(re.findall(r"\"((?:OBJECTOR|DATABASE)_[A-Z_]+)\"", path.read_text()))
    return names


def _required_in_production() -> set[str]:
    settings = (REPO / "objector" / "settings.py").read_text(encoding="utf-8")
    return set(re.findall(r"required\(\"([A-Z_]+)\"\)", settings))


def test_the_compose_file_has_every_part_and_runs_real_commands() -> None:
    services = _compose()["services"]
    assert set(services) == {"db", *IMAGE_SERVICES}
    commands = get_commands()
    for name in IMAGE_SERVICES:
        service = services[name]
        assert service["build"]["dockerfile"] == "deploy/container/Containerfile"
        entrypoint = service.get("entrypoint", ["objector"])
        if entrypoint == ["objector"]:
            assert service["command"][0] in commands, name
    # The web server is gunicorn with the service's own configuration and application.
    web = services["web"]
    assert web["entrypoint"] == ["python", "-m", "gunicorn"]
    assert web["command"][:3] == [
        "objector.wsgi:application",
        "-c",
        "python:objector.service.gunicorn_conf",
    ]
    # The hourly loop calls a command that exists.
    assert "objector hourly" in services["hourly"]["command"][0] and "hourly" in commands
    # Migrations run once, before the web server and the workers start.
    for name in ("web", "worker", "hourly"):
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }


def test_the_environment_is_what_the_settings_read() -> None:
    read = _names_read_by_the_code()
    compose = _compose()
    for name in IMAGE_SERVICES:
        service = compose["services"][name]
        env = service["environment"]
        for key, value in env.items():
            setting = key.removesuffix("_FILE")
            assert setting in read, f"{name}: {key} is read by nothing in objector/"
            if key.endswith("_FILE"):
                # A secret file: mounted into this service, and declared.
                secret = Path(value).name
                assert value == f"/run/secrets/{secret}"
                assert secret in service["secrets"] and secret in compose["secrets"]
        provided = {key.removesuffix("_FILE") for key in env}
        assert env["OBJECTOR_ENV"] == "production"
        assert _required_in_production() <= provided | {"DATABASE_URL"}
        assert "DATABASE_URL" in provided, name
        # The healthcheck's own address is an allowed host.
        assert "127.0.0.1" in env["OBJECTOR_ALLOWED_HOSTS"].split(",")


def test_the_key_holders_socket_is_shared_by_the_parts_that_ask_it() -> None:
    services = _compose()["services"]
    socket_dir = str(Path(services["keyholder"]["environment"]["OBJECTOR_VAULT_SOCKET"]).parent)
    for name in ("keyholder", "web", "worker"):
        assert f"run:{socket_dir}" in services[name]["volumes"], name
    # Nothing else mounts it: the socket's only gate besides the peer's uid.
    assert "run" not in str(services["db"].get("volumes"))


def _apt_packages(text: str) -> set[str]:
    """The packages of the `apt-get install` commands (not of messages that mention one)."""
    packages: set[str] = set()
    for line in text.splitlines():
        if "echo" in line:
            continue
        for match in re.finditer(r"apt-get install ([^&;\n>]+)", line):
            packages |= {w for w in shlex.split(match.group(1)) if not w.startswith("-")}
    return packages


def test_the_containerfile_installs_as_the_repositorys_scripts_do() -> None:
    steps = _instructions()
    run = " ".join(arg for op, arg in steps if op == "RUN")
    for script in ("install-gettext", "install-ocr"):
        wanted = _apt_packages((REPO / "scripts" / script).read_text(encoding="utf-8"))
        assert wanted and wanted <= _apt_packages(run), script
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    lock = re.search(r"^LOCK := (\S+)", makefile, re.M)
    assert lock is not None
    copied = " ".join(arg for op, arg in steps if op == "COPY")
    assert lock.group(1) in copied and "pyproject.toml" in copied
    assert f"--require-hashes -r {Path(lock.group(1)).name}" in run
    assert "--require-hashes -r $(LOCK)" in makefile
    assert "compilemessages" in run  # as `make messages`
    # pyproject names its readme: the package cannot be built without it.
    assert 'readme = "README.md"' in (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert "README.md" in copied


def test_the_image_runs_objector_run_by_default() -> None:
    steps = dict(_instructions())
    assert steps["ENTRYPOINT"] == '["objector"]' and steps["CMD"] == '["run"]'
    assert "OBJECTOR_BIND=0.0.0.0:8000" in steps["ENV"] and steps["EXPOSE"] == "8000"
    assert "OBJECTOR_BIND" in _names_read_by_the_code()
    assert steps["USER"] == "objector"


@pytest.mark.skipif(
    os.environ.get("OBJECTOR_CONTAINER_TEST") != "1" or shutil.which("podman") is None,
    reason="needs podman and a registry for the base image (python:3.12-slim): set "
    "OBJECTOR_CONTAINER_TEST=1 where both are available; the development VM has neither",
)
def test_the_image_builds_and_answers_health() -> None:
    tag = f"objector-test-{uuid.uuid4().hex[:8]}"
    port = free_port()
    podman = shutil.which("podman") or "podman"
    subprocess.run(  # noqa: S603 - fixed arguments
        [podman, "build", "-t", tag, "-f", str(CONTAINERFILE), str(REPO)], check=True, timeout=1800
    )
    started = subprocess.run(  # noqa: S603 - fixed arguments
        [podman, "run", "-d", "--rm", "-p", f"127.0.0.1:{port}:8000", tag],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    container = started.stdout.strip()
    try:
        until(lambda: health(port)[0] == 200, timeout=180, what="the container's /healthz")
    finally:
        subprocess.run([podman, "rm", "-f", container], check=False, timeout=60)  # noqa: S603
        subprocess.run([podman, "rmi", "-f", tag], check=False, timeout=60)  # noqa: S603
