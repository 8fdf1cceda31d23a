"""The command line `xl-opgave`: thin, Dutch-speaking, exit status 0 on success.

Each subcommand lives in `xl_opgave.commando.<naam>`; adding one is adding its module name below.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
import traceback

from xl_opgave import __version__, uitvoer
from xl_opgave.core.fouten import InvoerFout
from xl_opgave.uitvoer import systeemtekst

# Exit statuses: see xl_opgave.uitvoer (0 in orde, 1 bevindingen, 2 geweigerd, 3 interne fout).
COMMANDO_MODULES = ["report", "template", "check", "excel_setup", "fill", "diagnose", "lite", "pdf"]


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
    parser.add_argument("--debug", action="store_true", help="toon bij een interne fout de volledige traceback")
    sub = parser.add_subparsers(dest="commando", metavar="COMMANDO")
    for naam in COMMANDO_MODULES:
        importlib.import_module(f"xl_opgave.commando.{naam}").registreer(sub)
    for subparser in sub.choices.values():
        # Also after the command (`xl-opgave check x.xlsx --debug`); SUPPRESS keeps the global one when absent.
        subparser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                               help="toon bij een interne fout de volledige traceback")
    _vernederlands(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; the exit status of `xl_opgave.uitvoer` (0 in orde, 1 bevindingen, 2 geweigerd, 3 intern)."""
    with uitvoer.console():
        try:
            return _main(argv)
        except BrokenPipeError:
            # A reader that stopped early (`xl-opgave report nplv | head`): end quietly, like `git log | head`.
            _stil_naar_devnull()
            return uitvoer.IN_ORDE


def _stil_naar_devnull() -> None:
    # Python flushes stdout again at exit; point it at /dev/null so that flush cannot fail a second time.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno())
    except (OSError, AttributeError, ValueError):
        pass


def _main(argv: list[str] | None) -> int:
    parser = maak_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "voer_uit", None):
        parser.print_help()
        return uitvoer.GEWEIGERD
    from xl_opgave.bestanden import BestaatAl, UitvoerOngeldig
    from xl_opgave.werkboek.veilig import OnleesbaarBestand

    try:
        return int(args.voer_uit(args))
    except BrokenPipeError:
        raise  # a subclass of OSError: handled in main, before the OSError branch below can take it
    except (BestaatAl, InvoerFout) as fout:  # refused: an output exists, or invalid input
        uitvoer.fout(fout.tekst())
        return uitvoer.GEWEIGERD
    except OnleesbaarBestand as fout:
        uitvoer.fout(str(fout))
        return uitvoer.GEWEIGERD
    except UitvoerOngeldig as fout:  # our own output failed its check: a bug, but nothing was replaced
        uitvoer.fout(str(fout))
        return uitvoer.INTERNE_FOUT
    except OSError as fout:
        uitvoer.fout(f"kan niet lezen of schrijven: {systeemtekst(fout)} ({fout.filename or '-'})")
        return uitvoer.GEWEIGERD
    except KeyboardInterrupt:
        print("afgebroken", file=sys.stderr)
        return 130
    except Exception as fout:  # a bug: never exit 1, which a script would read as "bevindingen"
        if getattr(args, "debug", False):
            traceback.print_exc()
        uitvoer.fout(f"interne fout ({type(fout).__name__}); draai hetzelfde commando opnieuw met --debug voor "
                     "de details en meld het aan de ontwikkelaars")
        return uitvoer.INTERNE_FOUT


if __name__ == "__main__":
    sys.exit(main())
