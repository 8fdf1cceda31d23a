"""`xl-opgave template nplv|npvr --out PAD [--force]`: write the template workbook of a report."""

from __future__ import annotations

import argparse
import sys

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
    from xl_opgave.bestanden import BestaatAl
    from xl_opgave.core.fouten import InvoerFout
    from xl_opgave.werkboek.sjabloon import schrijf_werkboek, sjabloon_bytes

    inhoud = sjabloon_bytes(args.programma)
    try:
        pad = schrijf_werkboek(inhoud, args.out, force=args.force)
    except (BestaatAl, InvoerFout) as fout:  # exists without --force, or the output folder is missing
        print(f"fout: {fout.tekst()}", file=sys.stderr)
        return 2
    except OSError as fout:
        print(f"fout: kan {args.out} niet schrijven: {fout.strerror or fout}", file=sys.stderr)
        return 2
    print(f"geschreven: {pad}")
    return 0
