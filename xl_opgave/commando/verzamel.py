"""`xl-opgave verzamel MAP_OF_BESTANDEN... --template nplv|npvr --out overzicht.xlsx [--gebieden LIJST]
[--vergelijk DATABESTAND_OF_MAP] [--nieuwste] [--json] [--force]`: the returned workbooks collected.

Exit status (xl_opgave.uitvoer): 0 every expected gebied is in and in orde; 1 anything needs attention;
2 nothing could be read (or refused: no workbooks found, a path that does not exist, an output that exists
without --force or is one of the inputs, an invalid data file or list); 3 internal error.
"""

from __future__ import annotations

import argparse

from xl_opgave.argumenten import positief_geheel

PROGRAMMAS = ("nplv", "npvr")  # as `referentie.PROGRAMMAS`; not imported here: the help must start fast


def registreer(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "verzamel",
        help="verzamel de teruggestuurde werkboeken van de gebieden tot één gecontroleerd landelijk overzicht",
        description="Leest elk teruggestuurd werkboek (.xlsx, .xlsm; mappen worden doorzocht), controleert het zoals "
        "xl-opgave check, rekent elke uitkomst opnieuw uit met de eigen invoer, en schrijft één overzicht: blad "
        "Status (één regel per bestand en per ontbrekend gebied), Per gebied, Wijzigingen, Landelijk en "
        "Bevindingen, met een CSV van Per gebied ernaast. De teruggestuurde bestanden worden nooit gewijzigd. "
        "Exitstatus 0: elk gebied binnen en in orde, 1: iets vraagt aandacht, 2: niets te lezen of geweigerd, "
        "3: interne fout.",
    )
    parser.add_argument("paden", nargs="+", metavar="MAP_OF_BESTAND",
                        help="mappen met teruggestuurde werkboeken (ook submappen) of losse werkboeken")
    parser.add_argument("--template", required=True, choices=PROGRAMMAS, help="nplv of npvr")
    parser.add_argument("--out", required=True, metavar="OVERZICHT.xlsx",
                        help="het overzicht (de CSV van Per gebied komt ernaast: <naam>_per_gebied.csv)")
    parser.add_argument("--gebieden", metavar="LIJST",
                        help="de gebieden die terug moeten komen (CSV met kolom gebied); anders de lijst van het "
                             "programma")
    parser.add_argument("--vergelijk", metavar="DATABESTAND_OF_MAP",
                        help="waarmee de wijzigingen vergeleken worden: het databestand van fill (de bedragen) of de "
                             "map met de verstuurde werkboeken (elke invoer); zonder: de verdeelsleutels, jaren en "
                             "scenarioschakelaars van het sjabloon")
    parser.add_argument("--nieuwste", action="store_true",
                        help="bij twee bestanden voor één gebied telt het laatst opgeslagen (volgens het werkboek "
                             "zelf); bij gelijke tijden blijven beide 'dubbel'")
    parser.add_argument("--json", action="store_true", help="één JSON-object voor machines (op de standaarduitvoer)")
    parser.add_argument("--force", action="store_true", help="overschrijf een bestaand overzicht en zijn CSV")
    parser.add_argument("--processen", type=positief_geheel, default=None, metavar="N",
                        help="aantal processen (standaard: het aantal kernen bij veel bestanden)")
    parser.set_defaults(voer_uit=voer_uit)


def voer_uit(args: argparse.Namespace) -> int:
    import json
    import sys

    from xl_opgave.verzamelen.verzamel import verzamel

    # Refusals (no workbooks, a path that does not exist, an output that exists or is an input, a bad data
    # file or list): exit 2 through xl_opgave.cli.main, before anything is read.
    verzameling = verzamel(args.paden, args.template, args.out, gebieden=args.gebieden, vergelijk=args.vergelijk,
                           nieuwste=args.nieuwste, overschrijven=args.force, werkers=args.processen)
    if args.json:
        from xl_opgave.verzamelen.export import als_json

        json.dump(als_json(verzameling), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(verzameling.tekst())
    return verzameling.exitstatus
