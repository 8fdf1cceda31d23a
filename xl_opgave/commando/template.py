"""`xl-opgave template nplv|npvr --out PAD [--force]`: write the template workbook of a report."""

from __future__ import annotations

import argparse

from xl_opgave import referentie


def registreer(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "template",
        help="maak het Excel-sjabloon (invoer, formules, tabellen, controles) van een rapport",
        description="Schrijft het rekenmodel van het NPLV- of NPVR-rapport als Excel-werkboek met live formules.",
    )
    parser.add_argument("programma", choices=referentie.PROGRAMMAS, help="nplv of npvr")
    parser.add_argument("--out", required=True, metavar="PAD", help="het .xlsx-bestand dat geschreven wordt")
    parser.add_argument("--force", action="store_true", help="overschrijf een bestaand bestand")
    parser.set_defaults(voer_uit=voer_uit)


def voer_uit(args: argparse.Namespace) -> int:
    from xl_opgave.werkboek.sjabloon import schrijf_werkboek, sjabloon_bytes

    inhoud = sjabloon_bytes(args.programma)
    # An existing output without --force, a missing folder and write errors: exit 2 through xl_opgave.cli.main.
    pad = schrijf_werkboek(inhoud, args.out, force=args.force)
    print(f"geschreven: {pad}")
    return 0
