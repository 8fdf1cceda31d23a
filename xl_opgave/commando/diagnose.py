"""`xl-opgave diagnose [WERKBOEK.xlsm] [--route windows|mac|web|pdf]`: why `=RESTOPGAVE()` does not compute here.

One screen in Dutch, a ✔/✘ line per check with the fix (see `xl_opgave.diagnose.controles`). Exit 0 when
every check of the route passes, 1 otherwise, 2 when the workbook given does not exist. Nothing is changed
on the machine or in the workbook.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from xl_opgave import uitvoer

ROUTES = ("windows", "mac", "web", "pdf")


def registreer(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "diagnose",
        help="controleer of xl-opgave in Excel kan werken op deze computer (en wat te doen als dat niet zo is)",
        description="Eén scherm met per controle ✔ of ✘ en wat te doen: Python en xl-opgave, xlwings, de "
        "xlwings-invoegtoepassing en de Python die zij start, UDF Modules, en voor een opgegeven werkboek het "
        "VBA-project, het .py-bestand ernaast en of Windows het blokkeert. Exitstatus 0 = alles in orde, "
        "1 = iets niet in orde, 2 = werkboek bestaat niet. Verandert niets.",
    )
    parser.add_argument("werkboek", nargs="?", metavar="WERKBOEK", help="een werkboek (.xlsm) om mee te controleren")
    parser.add_argument("--route", choices=ROUTES, default=None,
                        help="wat u wilt: windows (Excel op Windows), mac (Excel op macOS), web (Excel op het "
                        "web), pdf (PDF's met LibreOffice); standaard die van deze computer")
    parser.set_defaults(voer_uit=voer_uit)


def voer_uit(args: argparse.Namespace) -> int:
    from xl_opgave.diagnose import controles, werkmap
    from xl_opgave.diagnose.omgeving import echte_omgeving

    omgeving = echte_omgeving()
    route = args.route or controles.standaardroute(omgeving.platform)
    feiten = None
    if args.werkboek is not None:
        pad = Path(args.werkboek)
        if not pad.is_file():
            uitvoer.fout(f"{pad}: {'dit is een map, geen werkboek' if pad.is_dir() else 'het bestand bestaat niet'}")
            return uitvoer.GEWEIGERD
        feiten = werkmap.lees(omgeving, pad)
    uitslag = controles.diagnose(omgeving, route, feiten)
    opnieuw = " ".join(["xl-opgave diagnose", *([str(args.werkboek)] if args.werkboek else []),
                        *([f"--route {args.route}"] if args.route else [])])
    print(uitslag.tekst(opnieuw))
    return uitvoer.IN_ORDE if uitslag.in_orde else uitvoer.BEVINDINGEN
