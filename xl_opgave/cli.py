"""The command line `xl-opgave`: thin, Dutch-speaking, exit status 0 on success.

Each subcommand lives in `xl_opgave.commando.<naam>`; adding one is adding its module name below.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys

from xl_opgave import __version__
from xl_opgave.core.fouten import InvoerFout

# Exit statuses: 0 ok, 1 findings (check) or bad data, 2 a file that cannot be read or written, or bad usage.
COMMANDO_MODULES = ["report", "template", "check", "excel_setup", "fill"]


class _NederlandseHulp(argparse.HelpFormatter):
    """argparse's own words in Dutch: advisers read the help."""

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        return super().add_usage(usage, actions, groups, prefix="gebruik: " if prefix is None else prefix)


_MELDINGEN = (
    (r"the following arguments are required: (.*)", r"verplicht argument ontbreekt: \1"),
    (r"argument (.*?): invalid choice: (.*?) \(choose from (.*)\)", r"argument \1: ongeldige keuze \2 (kies uit \3)"),
    (r"unrecognized arguments: (.*)", r"onbekende argumenten: \1"),
    (r"argument (.*?): expected one argument", r"argument \1: verwacht een waarde"),
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # type: ignore[override]
        for patroon, vervanging in _MELDINGEN:
            message = re.sub(patroon, vervanging, message)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fout: {message}\n")


def _vernederlands(parser: argparse.ArgumentParser) -> None:
    parser._positionals.title = "argumenten"
    parser._optionals.title = "opties"
    for actie in parser._actions:
        if isinstance(actie, argparse._HelpAction):
            actie.help = "toon deze hulp en stop"
        elif isinstance(actie, argparse._VersionAction):
            actie.help = "toon het versienummer en stop"
        elif isinstance(actie, argparse._SubParsersAction):
            for sub in actie.choices.values():
                sub.formatter_class = _NederlandseHulp
                _vernederlands(sub)


def maak_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="xl-opgave",
        formatter_class=_NederlandseHulp,
        description="Restopgave van nationale programma's (NPLV, NPVR): rapporten, Excel-sjablonen, controles en vullen per gebied.",
    )
    parser.add_argument("--version", action="version", version=f"xl-opgave {__version__}")
    sub = parser.add_subparsers(dest="commando", metavar="COMMANDO")
    for naam in COMMANDO_MODULES:
        importlib.import_module(f"xl_opgave.commando.{naam}").registreer(sub)
    _vernederlands(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = maak_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "voer_uit", None):
        parser.print_help()
        return 2
    from xl_opgave.bestanden import BestaatAl
    from xl_opgave.werkboek.veilig import OnleesbaarBestand

    try:
        return int(args.voer_uit(args))
    except BestaatAl as fout:  # an output exists and --force was not given: a usage matter
        print(f"fout: {fout.tekst()}", file=sys.stderr)
        return 2
    except InvoerFout as fout:
        print(f"fout: {fout.tekst()}", file=sys.stderr)
        return 1
    except OnleesbaarBestand as fout:
        print(f"fout: {fout}", file=sys.stderr)
        return 2
    except OSError as fout:
        print(f"fout: kan niet lezen of schrijven: {fout.strerror or fout} ({fout.filename or '-'})", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("afgebroken", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: stop quietly, as command-line tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
