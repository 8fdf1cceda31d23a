"""`xl-opgave fill DATA …`: fill the template per gebied from one data file.

- `fill DATA --template nplv|npvr --out MAP [--gebieden LIJST] [--force]`: one workbook per gebied plus
  totaal.xlsx;
- `fill DATA --into WERKBOEK --gebied NAAM [--out BESTAND | --force] [--dry-run]`: write one gebied's
  figures into the input names of an existing workbook, changing nothing else.

Exit status (xl_opgave.uitvoer): 0 done; 2 refused: bad data (every problem listed, nothing written), bad
usage, an output that exists without --force, or a workbook that cannot be read; 3 internal error.
"""

from __future__ import annotations

import argparse
import sys

from xl_opgave import referentie


def registreer(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "fill",
        help="vul het sjabloon per gebied uit één databestand (of één gebied in een bestaand werkboek)",
        description="Maakt uit een databestand (.xlsx met bladen Opgave en Dekking, of een map met opgave.csv en "
        "dekking.csv) één werkboek per gebied plus totaal.xlsx (--out MAP), of vult de cijfers van één gebied in "
        "een bestaand werkboek (--into WERKBOEK --gebied NAAM). Het hele databestand wordt eerst gecontroleerd; "
        "bij een fout wordt niets geschreven.",
    )
    parser.add_argument("data", metavar="DATA", help="databestand (.xlsx) of map met opgave.csv en dekking.csv")
    parser.add_argument("--template", choices=referentie.PROGRAMMAS, help="nplv of npvr")
    parser.add_argument("--out", metavar="PAD", help="uitvoermap (per gebied) of uitvoerbestand (met --into)")
    parser.add_argument("--gebieden", metavar="LIJST", help="eigen lijst van gebieden (CSV met kolom gebied)")
    parser.add_argument("--into", metavar="WERKBOEK", help="bestaand werkboek (.xlsx/.xlsm) met de invoernamen")
    parser.add_argument("--gebied", metavar="NAAM", help="het gebied dat in het werkboek komt (met --into)")
    parser.add_argument("--dry-run", action="store_true", help="toon per cel oud → nieuw, schrijf niets (met --into)")
    parser.add_argument("--force", action="store_true", help="overschrijf bestaande bestanden")
    parser.add_argument("--processen", type=int, default=None, metavar="N", help="aantal processen (standaard: alle kernen)")
    parser.set_defaults(voer_uit=voer_uit)


def voer_uit(args: argparse.Namespace) -> int:
    if args.into:
        return _in_werkboek(args)
    if args.gebied or args.dry_run:
        print("fout: --gebied en --dry-run horen bij --into WERKBOEK", file=sys.stderr)
        return 2
    if not args.template or not args.out:
        print("fout: geef --template nplv|npvr en --out MAP (of --into WERKBOEK --gebied NAAM)", file=sys.stderr)
        return 2
    from xl_opgave.vullen.vul import vul_map

    # Existing outputs, unreadable files and write errors: exit 2 through xl_opgave.cli.main.
    samenvatting = vul_map(args.data, args.template, args.out, gebieden=args.gebieden,
                           overschrijven=args.force, werkers=args.processen)
    print(samenvatting.tekst())
    return 0


def _in_werkboek(args: argparse.Namespace) -> int:
    from xl_opgave.vullen.invullen import vul_in_werkboek

    if not args.gebied:
        print("fout: --into vraagt --gebied NAAM", file=sys.stderr)
        return 2
    verslag = vul_in_werkboek(args.data, args.into, args.gebied, programma=args.template, uit=args.out,
                              gebieden=args.gebieden, overschrijven=args.force, dry_run=args.dry_run)
    print(verslag)
    return 0
