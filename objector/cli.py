"""The `objector` command.

`objector assess` runs the plain-Python legal engine, `objector extract` the document extraction,
`objector draft KIND --facts FILE` the drafting of filings, `objector link` the person linking
and `objector fake-telegram` the fake Bot API; none imports Django, so they start fast and work
without a database (`objector draft KIND --case REF` is the Django command). Every other
subcommand is a Django management command.
"""

from __future__ import annotations

import os
import sys

from objector import undumpable

# Objector's own verbs, in the order a newcomer meets them: one line each, leading the help.
# A command of ours not listed here still leads, under its own first sentence.
VERBS = (
    ("run", "run the service: web server, task worker, key-holder and bot together"),
    ("setup", "first run: the organisation, its administrator and the unlock passphrase"),
    ("demo", "fill an empty database with a synthetic organisation to try every screen"),
    ("assess", "the legal engine on a JSON file of facts (no database needed)"),
    ("extract", "persons and facts of a document (no database needed)"),
    ("link", "link mentions of the same person in a JSONL file (no database needed)"),
    ("draft", "draft a filing from a case (--case REF) or a JSON file of facts (--facts FILE)"),
    ("backup", "a consistent copy of the database, personal data still sealed"),
    ("restore", "restore a backup while the service is stopped; it starts sealed"),
    ("seal", "seal the vault now: the private key is dropped, staff signed out"),
    ("keyholder", "run the key-holder alone (objector run starts it)"),
    ("audit", "verify the audit log's hash chain, print its head, or show entries (--username)"),
    ("shred", "crypto-shred the cases closed longer ago than the retention period"),
    ("reassess", "recompute open requests' assessments as of today (hourly under run)"),
    ("telegram", "run the Telegram bot alone (objector run starts it)"),
    ("telegram_demo", "a scripted conversation with the bot through the fake Bot API"),
    ("fake-telegram", "a Bot API server on loopback, to try the bot without Telegram"),
    ("health", "check the database and, with --worker, the task worker"),
)
HELP_ASKED: tuple[list[str], ...] = (["--help"], ["-h"], ["help"], [])


def help_text() -> str:
    """Objector's verbs first, a line each; Django's own commands after, under their heading."""
    from django.core.management import get_commands, load_command_class

    commands = get_commands()
    ours = {name for name, app in commands.items() if app.startswith("objector")}
    listed = {name for name, _line in VERBS}
    lines = [
        "Objector: legal aid intake and casework.",
        "Usage: objector <command> [options]; objector help <command> for its options.",
        "",
        "Objector's commands / Команды Objector:",
    ]
    width = max(len(name) for name, _line in VERBS) + 2
    lines += [f"  {name:<{width}}{line}" for name, line in VERBS]
    for name in sorted(ours - listed):
        first = load_command_class(commands[name], name).help.split(". ")[0].rstrip(".")
        lines.append(f"  {name:<{width}}{first}")
    lines += ["", "Django's commands / Команды Django:"]
    others = sorted(set(commands) - ours - listed)
    column = max(len(name) for name in others) + 2
    for i in range(0, len(others), 3):
        lines.append("  " + "".join(f"{name:<{column}}" for name in others[i : i + 3]).rstrip())
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    # Every command, first thing: no other process of the service's user may read this one's
    # memory (docs/threat-model.md). `objector run` mints every role's capability, `restore`
    # and `setup` hold the private key, `relink`, `reassess`, `draft` and the task worker
    # names; round 9 covered only the task worker and the bot, and `run` itself stayed
    # readable, every capability in it (red team, round 11).
    undumpable.non_dumpable()
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["help"] and args[1:2] in (
        ["assess"],
        ["extract"],
        ["link"],
        ["draft"],
        ["fake-telegram"],
    ):
        args = [args[1], "--help"]  # the plain-Python verbs have their own argument parsers
    if args[:1] == ["assess"]:
        from objector.law import cli as law_cli

        return law_cli.main(args[1:])
    if args[:1] == ["extract"]:
        from objector.extraction import cli as extraction_cli

        return extraction_cli.main(args[1:])
    if args[:1] == ["draft"] and not any(a.split("=")[0] == "--case" for a in args):
        from objector.filings import cli as filings_cli

        return filings_cli.main(args[1:])
    if args[:1] == ["link"]:
        from objector.linking import cli as linking_cli

        return linking_cli.main(args[1:])
    if args[:1] == ["fake-telegram"]:
        from objector.telegram import fake

        return fake.main(args[1:])

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "objector.settings")
    try:
        from django.core.management import execute_from_command_line
    except ImportError:
        sys.stderr.write("objector: Django is not installed; only `objector assess` works\n")
        return 2
    # What `objector run` handed this process for the key-holder (vault/keyholder.py): read now,
    # before anything else runs, and the pipe closed.
    from objector.vault import keyholder

    keyholder.capability_load()
    if args[:1] == ["db_worker"]:
        from django.conf import settings

        from objector.vault import plaintext

        plaintext.watch(settings.VAULT_SOCKET)  # a seal drops what the worker keeps
        import django

        django.setup()
        from objector.persons.registry import watch

        watch()  # another worker's shredding (or a document read again) drops its index too
    if args in HELP_ASKED:
        import django

        django.setup()
        sys.stdout.write(help_text())
        return 0
    execute_from_command_line(["objector", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
