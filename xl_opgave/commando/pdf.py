"""`xl-opgave pdf BESTAND... [--out MAP] [--force]`: one PDF per workbook, as it prints (through LibreOffice)."""

from __future__ import annotations

import argparse


def registreer(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "pdf",
        help="maak van elk werkboek een pdf om te versturen (via LibreOffice)",
        description="Schrijft per werkboek een pdf zoals het afgedrukt wordt: A4, één pagina breed, Nederlandse "
        "getallen (3.050; €2,94 mld.), met het gebied en paginanummers in de voettekst. Nodig: LibreOffice "
        "(met het lettertype Carlito voor dezelfde regel- en pagina-indeling als Excel).",
    )
    parser.add_argument("bestanden", nargs="+", metavar="BESTAND", help=".xlsx- of .xlsm-werkboek(en)")
    parser.add_argument("--out", metavar="MAP", help="map voor de pdf's (standaard: naast elk werkboek)")
    parser.add_argument("--force", action="store_true", help="overschrijf bestaande pdf's")
    parser.set_defaults(voer_uit=voer_uit)


def voer_uit(args: argparse.Namespace) -> int:
    import sys

    from xl_opgave.werkboek.pdf import carlito_aanwezig, maak_pdfs

    # Refusals (LibreOffice missing, unreadable workbook, existing pdf): exit 2 through xl_opgave.cli.main.
    paden = maak_pdfs(args.bestanden, args.out, force=args.force)
    if not carlito_aanwezig():
        print("let op: het lettertype Carlito ontbreekt (Debian: fonts-crosextra-carlito); regels en pagina's "
              "kunnen anders afbreken dan in Excel", file=sys.stderr)
    for pad in paden:
        print(f"geschreven: {pad}")
    return 0
