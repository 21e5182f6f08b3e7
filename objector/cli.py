"""The `objector` command.

`objector assess` runs the plain-Python legal engine, `objector extract` the document extraction,
`objector link` the person linking and `objector fake-telegram` the fake Bot API; none imports
Django, so they start fast and work
without a database. Every other subcommand is a Django management command.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["assess"]:
        from objector.law import cli as law_cli

        return law_cli.main(args[1:])
    if args[:1] == ["extract"]:
        from objector.extraction import cli as extraction_cli

        return extraction_cli.main(args[1:])
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
    execute_from_command_line(["objector", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
