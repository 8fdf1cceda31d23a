"""`xl-opgave report nplv|npvr [--json] [--alleen-afwijkingen] [--notitie FILE [--force]]`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from xl_opgave import referentie
from xl_opgave.core.fouten import InvoerFout

NOTITIE_SOORTEN = (".docx", ".md")


def registreer(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "report",
        help="herbereken elke tabel van een bronrapport en vergelijk met wat gepubliceerd is",
        description="Herberekent elke tabel van het NPLV- of NPVR-rapport uit de invoer en zet het gedrukte cijfer "
        "ernaast; eerst de samenvatting, dan de tabellen, de controles tussen cijfers en tekst en de aannames.",
    )
    parser.add_argument("programma", choices=referentie.PROGRAMMAS, help="nplv of npvr")
    parser.add_argument("--json", action="store_true", help="één JSON-object voor machines")
    parser.add_argument("--alleen-afwijkingen", action="store_true",
                        help="alleen de samenvatting en de bevindingen, zonder de volledige tabellen en scenario's")
    parser.add_argument("--notitie", metavar="BESTAND",
                        help="schrijf een notitie voor de auteurs van het rapport (.docx of .md)")
    parser.add_argument("--force", action="store_true", help="overschrijf een bestaande notitie")
    parser.set_defaults(voer_uit=voer_uit)


def voer_uit(args: argparse.Namespace) -> int:
    from xl_opgave.rapport import rapport_json, rapport_tekst

    doel = Path(args.notitie) if args.notitie else None
    if doel is not None:
        if doel.suffix.lower() not in NOTITIE_SOORTEN:
            raise InvoerFout(f"kies voor de notitie een naam op .docx of .md, niet {doel.suffix or 'zonder extensie'}",
                             bron=str(doel))
        if doel.exists() and not args.force:
            from xl_opgave.bestanden import BestaatAl

            raise BestaatAl(f"{doel} bestaat al; gebruik --force om het te overschrijven")
    ref = referentie.laad(args.programma)
    analyse = referentie.analyse(args.programma)
    if doel is not None:
        from xl_opgave.bestanden import schrijf_atomisch
        from xl_opgave.notitie import notitie_bytes

        schrijf_atomisch(doel, notitie_bytes(ref, analyse, doel.suffix.lower()), overschrijven=args.force)
        print(f"notitie geschreven: {doel}", file=sys.stderr)
    if args.json:
        json.dump(rapport_json(ref, analyse), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif doel is None or args.alleen_afwijkingen:
        sys.stdout.write(rapport_tekst(ref, analyse, alleen_afwijkingen=args.alleen_afwijkingen))
    return 0
