"""`xl-opgave check BESTAND... [--json]`: check workbooks an adviser has edited (read-only)."""

from __future__ import annotations

import argparse
import json
import sys


def registreer(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "check",
        help="controleer ingevulde sjabloonwerkboeken (namen, foutwaarden, invoer, formules, waarden)",
        description="Controleert werkboeken die met xl-opgave template gemaakt zijn; wijzigt niets. "
        "Exitstatus 0: in orde, 1: bevindingen, 2: geweigerd (onleesbaar of geen sjabloon), 3: interne fout.",
    )
    parser.add_argument("bestanden", nargs="+", metavar="BESTAND", help=".xlsx-werkboek(en)")
    parser.add_argument("--json", action="store_true", help="één JSON-object voor machines")
    parser.set_defaults(voer_uit=voer_uit)


def voer_uit(args: argparse.Namespace) -> int:
    from xl_opgave.werkboek.controle import controleer_bestanden

    uitkomst = controleer_bestanden(args.bestanden)
    status = 0
    for resultaat in uitkomst.values():
        status = max(status, 2 if isinstance(resultaat, str) else (1 if resultaat else 0))
    if args.json:
        json.dump({
            "bestanden": [
                {"bestand": pad, "onleesbaar": resultaat, "bevindingen": []} if isinstance(resultaat, str) else
                {"bestand": pad, "onleesbaar": None, "bevindingen": [b.als_dict() for b in resultaat]}
                for pad, resultaat in uitkomst.items()
            ],
            "status": status,
        }, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return status
    for pad, resultaat in uitkomst.items():
        if isinstance(resultaat, str):
            print(f"fout: {resultaat}", file=sys.stderr)
        elif not resultaat:
            print(f"{pad}: in orde")
        else:
            print(f"{pad}: {len(resultaat)} bevinding(en)")
            for bevinding in resultaat:
                print(f"  {bevinding.tekst()}")
    return status
