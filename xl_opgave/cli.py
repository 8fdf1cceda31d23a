"""The command line `xl-opgave`: thin, Dutch-speaking, exit status 0 on success.

Each subcommand lives in `xl_opgave.commando.<naam>`; adding one is adding its module name and its one-line
help to `COMMANDO_HULP` below (a test holds the two equal to what the module registers).

Start-up: only the module of the command that runs is imported (`xl-opgave report nplv` never loads the
batch filler, `xl-opgave --help` loads none); the other commands are listed with their help line only.
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
COMMANDO_MODULES = ["report", "template", "check", "excel_setup", "fill", "verzamel", "diagnose", "lite", "pdf"]

# The help line of each command as its module registers it, so that the list of commands needs no import.
COMMANDO_HULP = {
    "report": "herbereken elke tabel van een bronrapport en vergelijk met wat gepubliceerd is",
    "template": "maak het Excel-sjabloon (invoer, formules, tabellen, controles) van een rapport",
    "check": "controleer ingevulde sjabloonwerkboeken (namen, foutwaarden, invoer, formules, waarden)",
    "excel_setup": "maak het sjabloon als .xlsm met xlwings (werkbladfuncties, knop) en de stappen voor Excel",
    "fill": "vul het sjabloon per gebied uit één databestand (of één gebied in een bestaand werkboek)",
    "verzamel": "verzamel de teruggestuurde werkboeken van de gebieden tot één gecontroleerd landelijk overzicht",
    "diagnose": "controleer of xl-opgave in Excel kan werken op deze computer (en wat te doen als dat niet zo is)",
    "lite": "maak main.py en requirements.txt voor xlwings Lite (werkbladfuncties op macOS en Excel op het web)",
    "pdf": "maak van elk werkboek een pdf om te versturen (via LibreOffice)",
}


def commandonaam(module: str) -> str:
    """The name a command is typed as ('excel_setup' → 'excel-setup')."""
    return module.replace("_", "-")


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


def _gekozen(argv: list[str] | None) -> str | None:
    """The module of the command named on the command line (the first word that is no option), if any."""
    modules = {commandonaam(m): m for m in COMMANDO_MODULES}
    for woord in argv or ():
        if woord == "--":
            return None
        if not woord.startswith("-"):
            return modules.get(woord)
    return None


def maak_parser(argv: list[str] | None = None, *, alle: bool = True) -> argparse.ArgumentParser:
    """The parser; with `alle` every command fully registered, else only the one named in `argv` (the
    others by name and help line, enough to list them and to say which name was mistyped)."""
    parser = _Parser(
        prog="xl-opgave",
        formatter_class=_NederlandseHulp,
        description="Restopgave van nationale programma's (NPLV, NPVR): rapporten, Excel-sjablonen, controles en vullen per gebied.",
    )
    parser.add_argument("--version", action="version", version=f"xl-opgave {__version__}")
    parser.add_argument("--debug", action="store_true", help="toon bij een interne fout de volledige traceback")
    sub = parser.add_subparsers(dest="commando", metavar="COMMANDO")
    gekozen = None if alle else _gekozen(argv)
    for naam in COMMANDO_MODULES:
        if alle or naam == gekozen:
            importlib.import_module(f"xl_opgave.commando.{naam}").registreer(sub)
        else:
            sub.add_parser(commandonaam(naam), help=COMMANDO_HULP[naam])
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
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = maak_parser(argv, alle=False)
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
