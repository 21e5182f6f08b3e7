"""Running the real `objector` entry point in a subprocess, for the service tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

OBJECTOR = [sys.executable, "-m", "objector.cli"]


def objector(
    *args: str, env: dict[str, str], cwd: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own entry point, fixed arguments
        [*OBJECTOR, *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
