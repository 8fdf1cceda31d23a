"""`xl-opgave report nplv|npvr [--json]`: recompute every table of a source report."""

from __future__ import annotations

import argparse
import json
import sys

from xl_opgave import referentie
from xl_opgave.rapport import rapport_json, rapport_tekst


def registreer(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "report",
        help="herbereken elke tabel van een bronrapport en vergelijk met wat gepubliceerd is",
        description="Herberekent elke tabel van het NPLV- of NPVR-rapport uit de invoer en zet het gedrukte cijfer ernaast.",
    )
    parser.add_argument("programma", choices=referentie.PROGRAMMAS, help="nplv of npvr")
    parser.add_argument("--json", action="store_true", help="één JSON-object voor machines")
    parser.set_defaults(voer_uit=voer_uit)


def voer_uit(args: argparse.Namespace) -> int:
    ref = referentie.laad(args.programma)
    analyse = referentie.analyse(args.programma)
    if args.json:
        json.dump(rapport_json(ref, analyse), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(rapport_tekst(ref, analyse))
    return 0
