"""The command line `xl-opgave`: thin, Dutch-speaking, exit status 0 on success.

Each subcommand lives in `xl_opgave.commando.<naam>`; adding one is adding its module name below.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from xl_opgave import __version__
from xl_opgave.core.fouten import InvoerFout

# Exit statuses: 0 ok, 1 findings (check) or bad data, 2 a file that cannot be read / bad usage.
COMMANDO_MODULES = ["report", "template", "check", "excel_setup", "fill"]


def maak_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xl-opgave",
        description="Restopgave van nationale programma's (NPLV, NPVR): rapporten, Excel-sjablonen, controles en vullen per gebied.",
    )
    parser.add_argument("--version", action="version", version=f"xl-opgave {__version__}")
    sub = parser.add_subparsers(dest="commando", metavar="COMMANDO")
    for naam in COMMANDO_MODULES:
        importlib.import_module(f"xl_opgave.commando.{naam}").registreer(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = maak_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "voer_uit", None):
        parser.print_help()
        return 2
    try:
        return int(args.voer_uit(args))
    except InvoerFout as fout:
        print(f"fout: {fout.tekst()}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("afgebroken", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
