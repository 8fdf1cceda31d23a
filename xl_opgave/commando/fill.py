"""`xl-opgave fill DATA …`: fill the template per gebied from one data file.

- `fill DATA --template nplv|npvr --out MAP [--gebieden LIJST] [--force] [--ontbrekend nul]`: one workbook
  per gebied plus totaal.xlsx;
- `fill DATA --into WERKBOEK --gebied NAAM [--out BESTAND | --force] [--dry-run]`: write one gebied's
  figures (only what the data file gives) into the input names of an existing workbook, changing
  nothing else;
- `--pdf` (either form): a PDF of every written workbook beside it (same name, .pdf). A flag, not
  `--pdf MAP`: the PDF belongs beside its workbook in the run's one folder (an earlier run's PDFs are
  moved aside with its workbooks), and an option with an optional value would swallow the data file in
  `fill --pdf data.xlsx …`; PDFs elsewhere: `xl-opgave pdf MAP/*.xlsx --out ANDERE_MAP`.

Exit status (xl_opgave.uitvoer): 0 done, clean; 1 written with warnings (gaps taken as zero with
`--ontbrekend nul`, or a check that fails in a written workbook); 2 refused: bad data (every problem
listed in order of cause, nothing written), bad usage, an output that exists without --force or is an
input, another run in the same folder, a workbook that cannot be read, or --pdf without LibreOffice
(nothing written) or with PDFs LibreOffice did not make (the workbooks written, no PDF); 3 internal error.
"""

from __future__ import annotations

import argparse
import sys

from xl_opgave import referentie, uitvoer
from xl_opgave.argumenten import positief_geheel


def registreer(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "fill",
        help="vul het sjabloon per gebied uit één databestand (of één gebied in een bestaand werkboek)",
        description="Maakt uit een databestand (.xlsx met bladen Opgave en Dekking, of een map met opgave.csv en "
        "dekking.csv) één werkboek per gebied plus totaal.xlsx (--out MAP), of vult de cijfers van één gebied in "
        "een bestaand werkboek (--into WERKBOEK --gebied NAAM). Het hele databestand wordt eerst gecontroleerd; "
        "bij een fout wordt niets geschreven. Ontbreekt voor een gebied een opgave-rij die het sjabloon kent, dan "
        "is dat een fout, tenzij --ontbrekend nul. Met --pdf ook een pdf van elk werkboek, ernaast. Exitstatus "
        "0: in orde, 1: geschreven met waarschuwingen, 2: geweigerd, 3: interne fout.",
    )
    parser.add_argument("data", metavar="DATA", help="databestand (.xlsx) of map met opgave.csv en dekking.csv")
    parser.add_argument("--template", choices=referentie.PROGRAMMAS, help="nplv of npvr")
    parser.add_argument("--out", metavar="PAD", help="uitvoermap (per gebied) of uitvoerbestand (met --into)")
    parser.add_argument("--gebieden", metavar="LIJST", help="eigen lijst van gebieden (CSV met kolom gebied)")
    parser.add_argument("--into", metavar="WERKBOEK", help="bestaand werkboek (.xlsx/.xlsm) met de invoernamen")
    parser.add_argument("--gebied", metavar="NAAM", help="het gebied dat in het werkboek komt (met --into)")
    parser.add_argument("--dry-run", action="store_true", help="toon per cel oud → nieuw, schrijf niets (met --into)")
    parser.add_argument("--force", action="store_true",
                        help="overschrijf bestaande bestanden; werkboeken van een eerdere run in de uitvoermap gaan "
                             "naar een submap eerdere-run-…")
    parser.add_argument("--ontbrekend", choices=["nul"], default=None,
                        help="nul: vul een ontbrekende opgave-rij in als 0 en meld elk gat (samenvatting, blad "
                             "Controles van het werkboek, totaal.xlsx); zonder deze optie is een gat een fout")
    parser.add_argument("--alle-fouten", action="store_true",
                        help="toon alle problemen van het databestand (anders de eerste 50)")
    parser.add_argument("--processen", type=positief_geheel, default=None, metavar="N",
                        help="aantal processen (standaard en hoogstens: het aantal kernen)")
    parser.add_argument("--pdf", action="store_true",
                        help="ook een pdf van elk geschreven werkboek (en van totaal.xlsx), ernaast met dezelfde "
                             "naam; via LibreOffice, dat er moet zijn voordat er iets geschreven wordt")
    parser.set_defaults(voer_uit=voer_uit)


def voer_uit(args: argparse.Namespace) -> int:
    if args.into:
        return _in_werkboek(args)
    if args.gebied or args.dry_run:
        uitvoer.fout("--gebied en --dry-run horen bij --into WERKBOEK")
        return uitvoer.GEWEIGERD
    if not args.template or not args.out:
        uitvoer.fout("geef --template nplv|npvr en --out MAP (of --into WERKBOEK --gebied NAAM)")
        return uitvoer.GEWEIGERD
    from xl_opgave.vullen.vul import vul_map

    # Existing outputs, unreadable files and write errors: exit 2 through xl_opgave.cli.main.
    samenvatting = vul_map(args.data, args.template, args.out, gebieden=args.gebieden,
                           overschrijven=args.force, werkers=args.processen, ontbrekend=args.ontbrekend,
                           alle_fouten=args.alle_fouten, pdf=args.pdf)
    print(samenvatting.tekst())
    return uitvoer.BEVINDINGEN if samenvatting.met_waarschuwingen else uitvoer.IN_ORDE


def _in_werkboek(args: argparse.Namespace) -> int:
    from xl_opgave.vullen.invullen import vul_in_werkboek

    if not args.gebied:
        print("fout: --into vraagt --gebied NAAM", file=sys.stderr)
        return uitvoer.GEWEIGERD
    if args.pdf and args.dry_run:
        uitvoer.fout("--pdf schrijft een pdf van het gevulde werkboek; een proefdraai (--dry-run) schrijft niets")
        return uitvoer.GEWEIGERD
    verslag = vul_in_werkboek(args.data, args.into, args.gebied, programma=args.template, uit=args.out,
                              gebieden=args.gebieden, overschrijven=args.force, dry_run=args.dry_run,
                              ontbrekend=args.ontbrekend, alle_fouten=args.alle_fouten, pdf=args.pdf)
    print(verslag.tekst)
    return uitvoer.BEVINDINGEN if verslag.met_waarschuwingen else uitvoer.IN_ORDE
