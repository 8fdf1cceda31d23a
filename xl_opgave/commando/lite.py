"""`xl-opgave lite --out MAP [--pakket] [--force]`: main.py and requirements.txt for xlwings Lite.

xlwings Lite runs Python inside Excel (Windows, macOS, Excel on the web) from one `main.py` per
workbook; the adviser pastes the files written here into its editor. See `xl_opgave.lite.bundel`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from xl_opgave.core.fouten import InvoerFout


def registreer(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "lite",
        help="maak main.py en requirements.txt voor xlwings Lite (werkbladfuncties op macOS en Excel op het web)",
        description="Schrijft in MAP het main.py en requirements.txt voor de invoegtoepassing xlwings Lite: de "
        "werkbladfuncties (=RESTOPGAVE() en de andere) en de scripts Ververs resultaat en Controleer, in Excel "
        "op Windows, macOS en het web, zonder Python op de computer. main.py bevat xl_opgave zelf; plak het in "
        "de editor van xlwings Lite.",
    )
    parser.add_argument("--out", required=True, metavar="MAP", help="de map waarin de bestanden komen")
    parser.add_argument("--pakket", action="store_true",
                        help="de route voor later, als xl-opgave-kern op PyPI staat: main.py zonder xl_opgave erin, "
                        "requirements.txt noemt het pakket, en het wheel van dat pakket")
    parser.add_argument("--force", action="store_true", help="overschrijf bestaande bestanden")
    parser.set_defaults(voer_uit=voer_uit)


def voer_uit(args: argparse.Namespace) -> int:
    from xl_opgave.bestanden import eis_vrij, schrijf_atomisch
    from xl_opgave.lite.bundel import MAIN, WHEEL_NAAM, uitvoer

    map_ = Path(args.out)
    if map_.exists() and not map_.is_dir():
        raise InvoerFout(f"{map_} is geen map")
    doelen = {map_ / naam: data for naam, data in uitvoer(pakket=args.pakket).items()}
    # An existing output without --force and write errors: exit 2 through xl_opgave.cli.main.
    eis_vrij(doelen, overschrijven=args.force)
    map_.mkdir(parents=True, exist_ok=True)
    for pad, data in doelen.items():
        schrijf_atomisch(pad, data, overschrijven=args.force)
        grootte = f"{round(len(data) / 1000)} kB" if len(data) >= 1000 else f"{len(data)} bytes"
        print(f"geschreven: {pad} ({grootte})")
    if args.pakket:
        print(f"Dit is de route voor later: xlwings Lite installeert wat in requirements.txt staat van PyPI (of een eigen "
              f"pakketindex), en {WHEEL_NAAM} staat daar nog niet. Gebruik tot dan xl-opgave lite zonder --pakket.")
    else:
        print(f"Volgende stap: open xlwings Lite in Excel, vervang de hele inhoud van {MAIN} door die van {map_ / MAIN} "
              f"en sla op. Zie de README, 'Werkbladfuncties op macOS en Excel op het web'.")
    return 0
