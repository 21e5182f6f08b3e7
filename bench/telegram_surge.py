"""The surge: N scripted users complete the questionnaire at the same time, through the fake Bot
API (`objector fake-telegram`) and the real bot (`objector telegram`), both as processes, on
SQLite (or PostgreSQL with --database-url).

Reports completed intakes a second, the time from each user's last answer to their reference
code (p50, p99, max), and loss: every update the fake created must be in the inbox, processed,
and every user must hold exactly one request. Exits 1 when anything is lost or the surge takes
longer than --target seconds (issue #5: 1,000 users in under 60 s).

    .venv/bin/python bench/telegram_surge.py --users 1000
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import RUN, fresh_environment, machine

TOKEN = "1000001:bench-token"  # noqa: S105 - the fake's


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """A running process's CPU time (user + system), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return round((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), 1)


def answers_for(i: int) -> dict[str, Any]:
    """A request per user, varied so that the assessments differ; synthetic names."""
    from objector.telegram.scripted import SAMPLE_ANSWERS

    answers = dict(SAMPLE_ANSWERS)
    answers["name"] = f"Синтетический Пользователь {i}"
    answers["date:left_unit"] = f"{1 + i % 28:02d}.{1 + i % 11:02d}.2026"
    if i % 3 == 0:
        answers["events"] = ["refused_order"]
        answers["date:refused_order"] = "15.03.2026"
        answers["combat"] = "yes"
    if i % 5 == 0:
        answers["story"] = ""  # skipped
    return answers


async def surge(base: str, users: int, timeout: float) -> dict[str, Any]:
    from objector.telegram.scripted import FakeUser, fake_state

    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        people = [FakeUser(session, base, 10_000_000 + i) for i in range(users)]
        started = time.monotonic()
        results = await asyncio.gather(
            *(p.complete_intake(answers_for(i), timeout=timeout) for i, p in enumerate(people)),
            return_exceptions=True,
        )
        wall = time.monotonic() - started
        state = await fake_state(session, base)
    done = [r for r in results if isinstance(r, tuple)]
    failed = [repr(r)[:200] for r in results if not isinstance(r, tuple)]
    latencies = sorted(latency for _, latency in done)

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else 0.0

    return {
        "users": users,
        "completed": len(done),
        "failed": failed[:5],
        "references": sorted(r for r, _ in done),
        "wall_s": round(wall, 2),
        "intakes_per_s": round(len(done) / wall, 1),
        "receipt_latency_ms": {
            "p50": round(pct(0.50) * 1000),
            "p99": round(pct(0.99) * 1000),
            "max": round(latencies[-1] * 1000) if latencies else 0,
        },
        "fake": state,
    }


def loss_check(references: list[str], created_updates: int) -> dict[str, Any]:
    """Counted in the database the bot wrote."""
    from objector.intake.models import Request
    from objector.telegram.models import Chat, InboxUpdate

    stored = InboxUpdate.objects.count()
    return {
        "updates_created_by_fake": created_updates,
        "updates_in_inbox": stored,
        "updates_unprocessed": InboxUpdate.objects.filter(processed_at=None).count(),
        "updates_failed": InboxUpdate.objects.exclude(error="").count(),
        "requests": Request.objects.filter(channel="telegram").count(),
        "requests_matching_receipts": Request.objects.filter(reference__in=references).count(),
        "chats": Chat.objects.count(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--target", type=float, default=60.0, help="seconds for the surge")
    parser.add_argument("--timeout", type=float, default=120.0, help="per reply, seconds")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    _, env = fresh_environment()
    env.update(
        OBJECTOR_SECRET_KEY=secrets.token_urlsafe(50),
        OBJECTOR_SETUP_PASSWORD=secrets.token_urlsafe(16),
        OBJECTOR_SETUP_PASSPHRASE=secrets.token_urlsafe(16),
        OBJECTOR_TELEGRAM_TOKEN=TOKEN,
        OBJECTOR_TELEGRAM_RATE="0",  # the fake has no rate limit; Telegram's is ~30/s
    )
    os.environ.update(env)
    subprocess.run(  # noqa: S603 - our own entry point
        [*RUN, "setup", "--organisation", "Synthetic Bench", "--username", "admin"],
        env=env,
        check=True,
        capture_output=True,
    )
    port = free_port()
    env["OBJECTOR_TELEGRAM_API"] = f"http://127.0.0.1:{port}"
    fake = subprocess.Popen(  # noqa: S603
        [*RUN, "fake-telegram", "--port", str(port), "--token", TOKEN],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    # BENCH_PROFILE=FILE profiles the bot's event-loop thread with cProfile.
    profile = os.environ.get("BENCH_PROFILE")
    python = [sys.executable, *(["-m", "cProfile", "-o", profile] if profile else [])]
    # As `objector run` starts it: one process receiving, one sending.
    bots = [
        subprocess.Popen([*python, *RUN[1:], "telegram", "--role", role], env=env)  # noqa: S603
        for role in ("receive", "send")
    ]
    try:
        time.sleep(2)
        result = asyncio.run(surge(f"http://127.0.0.1:{port}", args.users, args.timeout))
        time.sleep(1)  # the last deletions and housekeeping
        result["loss"] = loss_check(result.pop("references"), result["fake"]["created_updates"])
        result["cpu_s"] = {
            "bot_receive": cpu_seconds(bots[0].pid),
            "bot_send": cpu_seconds(bots[1].pid),
            "fake_api": cpu_seconds(fake.pid),
            "users": round(resource.getrusage(resource.RUSAGE_SELF).ru_utime, 1),
        }
    finally:
        for bot in bots:
            bot.terminate()
            bot.wait(30)
        fake.terminate()
        fake.wait(30)
    result["machine"] = machine()
    loss = result["loss"]
    result["zero_loss"] = (
        loss["updates_in_inbox"] == loss["updates_created_by_fake"]
        and loss["updates_unprocessed"] == 0
        and loss["updates_failed"] == 0
        and loss["requests"] == args.users
        and loss["requests_matching_receipts"] == args.users
        and result["completed"] == args.users
    )
    result["target_met"] = result["zero_loss"] and result["wall_s"] < args.target
    print(json.dumps(result, ensure_ascii=False, indent=None if args.json else 2))
    return 0 if result["target_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
