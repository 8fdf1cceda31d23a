"""Generate the example data files in `workbooks/` (deterministic bytes).

    python -m xl_opgave.vullen.voorbeeld [MAP]

The national inputs of each report are spread over its gebieden with FICTITIOUS shares, for
demonstration only. Each gebied gets one share per onderdeel (NPVR: per deelopgave), used for the
opgave and for every dekking row of that onderdeel alike (a pillar-wide source has one share per
pillar), so every gebied's restopgave is about that share of the national one. Amounts are rounded to
€0,01 mln; the last gebied takes the remainder, so the sums reproduce the national inputs exactly.
"""

from __future__ import annotations

import csv
import hashlib
import io
import sys
from collections.abc import Sequence
from datetime import datetime
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal
from pathlib import Path

from xl_opgave.core.bedrag import Bedrag
from xl_opgave.core.model import Programma
from xl_opgave.referentie import laad
from xl_opgave.vullen.gebieden import laad_gebieden

NPLV_XLSX = "voorbeeld_nplv_gebieden.xlsx"
NPLV_CSV = "voorbeeld_nplv_csv"
NPVR_XLSX = "voorbeeld_npvr_regios.xlsx"
VAST_TIJDSTIP = datetime(2026, 1, 28, 12, 0, 0)  # fixed document date: identical bytes on every run
CENT = Decimal("0.01")

NPLV_OPGAVE = ["gebied", "periode", "pijler", "onderdeel", "opgave_mln", "toelichting"]
NPLV_DEKKING = ["gebied", "periode", "pijler", "onderdeel", "bron", "cofinanciering_mln", "rijksfinanciering_mln", "toelichting"]
NPVR_OPGAVE = ["gebied", "periode", "doelstelling", "deelopgave", "categorie", "laag_mln", "hoog_mln", "variant", "toelichting"]

FICTIEF = "FICTIEVE verdeling ter demonstratie"


def gewichten(gebieden: Sequence[str], sleutel: str) -> list[Decimal]:
    """Deterministic fictitious shares (summing to 1 up to rounding) of the gebieden for one key."""
    ruw = []
    for naam in gebieden:
        digest = hashlib.sha256(f"{naam}|{sleutel}".encode()).digest()
        ruw.append(Decimal(60 + digest[0] % 81))  # 60 … 140: no gebied gets a tiny or a huge share
    totaal = sum(ruw)
    return [g / totaal for g in ruw]


def verdeel(totaal: float, aandelen: Sequence[Decimal], wijze: str = ROUND_HALF_EVEN) -> list[Decimal]:
    """`totaal` split by `aandelen`, each rounded to €0,01 mln, the remainder on the last one."""
    som = Decimal(repr(totaal))
    delen = [(som * a).quantize(CENT, rounding=wijze) for a in aandelen[:-1]]
    laatste = som - sum(delen, Decimal(0))
    if laatste < 0:
        raise ValueError(f"verdeling van {totaal} laat een negatieve rest")
    return [*delen, laatste]


def _bedragen(bedrag: Bedrag, aandelen: Sequence[Decimal], wijze: str = ROUND_HALF_EVEN) -> list[tuple[object, object]]:
    """Per gebied (laag, hoog) as cell values: numbers, or 'PM' / 'n.b.' text."""
    if bedrag.nb:
        return [("n.b.", "n.b.")] * len(aandelen)
    if bedrag.pm and bedrag.laag == 0 and bedrag.hoog == 0:
        return [("PM", "PM")] * len(aandelen)
    if bedrag.pm:
        raise ValueError("een bedrag met PM-posten en een getal kan niet verdeeld worden")
    laag = verdeel(bedrag.laag, aandelen, wijze)
    hoog = laag if bedrag.hoog == bedrag.laag else verdeel(bedrag.hoog, aandelen, wijze)
    return [(_getal(a), _getal(b)) for a, b in zip(laag, hoog, strict=True)]


def _getal(waarde: Decimal) -> int | float:
    return int(waarde) if waarde == waarde.to_integral_value() else float(waarde)


def _uitleg(aandeel: Decimal, laatste: bool, vindplaats: str) -> str:
    procent = f"{aandeel * 100:.2f}".replace(".", ",")
    rest = "; laatste gebied: de rest, zodat de som precies het landelijke bedrag is" if laatste else ""
    return f"{FICTIEF}: ca. {procent} % van het landelijke bedrag ({vindplaats}){rest}"


def nplv_rijen(programma: Programma, gebieden: Sequence[str], wijze: str = ROUND_HALF_EVEN
               ) -> tuple[list[list[object]], list[list[object]]]:
    opgave: list[list[object]] = []
    for post in programma.opgaven:
        aandelen = gewichten(gebieden, post.onderdeel)
        for i, (naam, (waarde, _)) in enumerate(zip(gebieden, _bedragen(post.bedrag, aandelen, wijze), strict=True)):
            uitleg = _uitleg(aandelen[i], i == len(gebieden) - 1, post.bron or "landelijke invoer")
            opgave.append([naam, post.periode, post.pijler, post.onderdeel, waarde, uitleg])
    dekking: list[list[object]] = []
    for post in programma.dekkingen:
        aandelen = gewichten(gebieden, post.onderdeel or f"{post.pijler}:pijlerbreed")
        cofin = _bedragen(post.cofinanciering, aandelen, wijze)
        rijks = _bedragen(post.rijksfinanciering, aandelen, wijze)
        for i, naam in enumerate(gebieden):
            uitleg = _uitleg(aandelen[i], i == len(gebieden) - 1, "landelijke dekking")
            dekking.append(
                [naam, post.periode, post.pijler, post.onderdeel, post.bron, cofin[i][0], rijks[i][0], uitleg]
            )
    # Sorted by gebied so that each gebied's rows stand together, as an adviser would keep them.
    volgorde = {naam: i for i, naam in enumerate(gebieden)}
    opgave.sort(key=lambda r: volgorde[str(r[0])])
    dekking.sort(key=lambda r: volgorde[str(r[0])])
    return opgave, dekking


def npvr_rijen(programma: Programma, gebieden: Sequence[str], wijze: str = ROUND_HALF_EVEN) -> list[list[object]]:
    rijen: list[list[object]] = []
    for post in programma.opgaven:
        aandelen = gewichten(gebieden, post.onderdeel)
        for i, (naam, (laag, hoog)) in enumerate(zip(gebieden, _bedragen(post.bedrag, aandelen, wijze), strict=True)):
            uitleg = _uitleg(aandelen[i], i == len(gebieden) - 1, post.bron or "landelijke invoer")
            rijen.append([naam, post.periode, post.pijler, post.onderdeel, post.categorie, laag, hoog, post.variant, uitleg])
    volgorde = {naam: i for i, naam in enumerate(gebieden)}
    rijen.sort(key=lambda r: volgorde[str(r[0])])
    return rijen


def _toelichting(programma: Programma, aantal: int, soort: str, bladen: str, voorbeelden: Sequence[str]) -> list[str]:
    return [
        f"Voorbeelddatabestand {programma.code}: {FICTIEF.lower()}",
        "",
        f"Dit bestand verdeelt de landelijke invoer van {programma.bron} over de {aantal} {soort}.",
        "DE VERDELING IS FICTIEF: de aandelen zijn willekeurig gekozen en zeggen niets over de werkelijke",
        "opgave of dekking van een afzonderlijk gebied. Gebruik dit bestand alleen om het vullen per",
        "gebied te oefenen en te testen (xl-opgave fill).",
        "",
        "Elk gebied krijgt per onderdeel één aandeel, dat zowel voor de opgave als voor elke dekkingsbron",
        "van dat onderdeel geldt (een bron voor de hele pijler heeft één aandeel per pijler). Bedragen zijn",
        "afgerond op € 0,01 mln; het laatste gebied krijgt de rest, zodat de som over alle gebieden precies",
        "de landelijke invoer is. PM blijft in elk gebied PM.",
        "",
        f"Bladen: {bladen}. Bedragen in € mln. Codes zoals in xl_opgave/data/{programma.code.lower()}/;",
        "de namen uit het rapport worden ook herkend (hoofdletters maken niet uit).",
        "De kolom toelichting is vrije tekst en wordt niet gebruikt voor de berekening.",
        "",
        "xl-opgave installeren: het team geeft het uit als wheel-bestand (xl_opgave-<versie>-py3-none-any.whl).",
        "Typ in de map van dat bestand, met de naam van het bestand dat u kreeg:",
        "  Windows (Opdrachtprompt):     py -m pip install xl_opgave-<versie>-py3-none-any.whl",
        "  macOS (Terminal):             python3 -m pip install xl_opgave-<versie>-py3-none-any.whl",
        "  met de broncode, in die map:  pip install .",
        "Zodra xl-opgave in de openbare pakketindex (PyPI) staat, is het: pip install xl-opgave",
        "Daarna bijvoorbeeld:",
        *(f"  xl-opgave fill {data} --template {programma.code.lower()} --out uitvoer" for data in voorbeelden),
    ]


def _xlsx(bladen: Sequence[tuple[str, list[str], list[list[object]]]], toelichting: list[str], titel: str) -> bytes:
    import xlsxwriter

    uit = io.BytesIO()
    werkboek = xlsxwriter.Workbook(uit, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False})
    werkboek.set_properties({"title": titel, "author": "xl-opgave", "created": VAST_TIJDSTIP, "comments": FICTIEF})
    vet = werkboek.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    bedrag = werkboek.add_format({"num_format": "#,##0.00"})
    tekst = werkboek.add_format({"text_wrap": False})
    blad = werkboek.add_worksheet("Toelichting")
    blad.set_column(0, 0, 110)
    for i, regel in enumerate(toelichting):
        blad.write_string(i, 0, regel, werkboek.add_format({"bold": True, "font_size": 13}) if i == 0 else tekst)
    for naam, kop, rijen in bladen:
        blad = werkboek.add_worksheet(naam)
        for j, kolom in enumerate(kop):
            blad.write_string(0, j, kolom, vet)
            breedte = 80 if kolom == "toelichting" else max(14, len(kolom) + 2)
            blad.set_column(j, j, breedte, bedrag if kolom.endswith("_mln") else None)
        for i, rij in enumerate(rijen, start=1):
            for j, waarde in enumerate(rij):
                if isinstance(waarde, int | float):
                    blad.write_number(i, j, waarde, bedrag)
                elif waarde:
                    blad.write_string(i, j, str(waarde))
        blad.freeze_panes(1, 0)
        blad.autofilter(0, 0, len(rijen), len(kop) - 1)
    werkboek.close()
    return uit.getvalue()


def _csv(kop: list[str], rijen: list[list[object]]) -> bytes:
    """As Dutch Excel saves 'CSV (gescheiden door lijstscheidingsteken)': ';', decimal comma, cp1252."""
    uit = io.StringIO(newline="")
    schrijver = csv.writer(uit, delimiter=";", lineterminator="\r\n")
    schrijver.writerow(kop)
    for rij in rijen:
        schrijver.writerow([_nl(w) for w in rij])
    return uit.getvalue().encode("cp1252")


def _nl(waarde: object) -> str:
    if isinstance(waarde, int):
        return str(waarde)
    if isinstance(waarde, float):
        return repr(waarde).replace(".", ",")
    return str(waarde)


def bestanden() -> dict[str, bytes]:
    """Relative path under workbooks/ → the file's bytes."""
    nplv = laad("nplv").programma
    npvr = laad("npvr").programma
    nplv_gebieden = laad_gebieden("nplv").namen
    npvr_gebieden = laad_gebieden("npvr").namen
    opgave, dekking = nplv_rijen(nplv, nplv_gebieden)
    regios = npvr_rijen(npvr, npvr_gebieden)
    toelichting_nplv = _toelichting(nplv, len(nplv_gebieden), "focusgebieden", "Opgave en Dekking",
                                    [NPLV_XLSX, NPLV_CSV])
    toelichting_npvr = _toelichting(npvr, len(npvr_gebieden), "regio's", "Opgave (NPVR kent geen dekking)",
                                    [NPVR_XLSX])
    return {
        NPLV_XLSX: _xlsx(
            [("Opgave", NPLV_OPGAVE, opgave), ("Dekking", NPLV_DEKKING, dekking)],
            toelichting_nplv,
            "Voorbeeld NPLV per focusgebied (fictief)",
        ),
        f"{NPLV_CSV}/opgave.csv": _csv(NPLV_OPGAVE, opgave),
        f"{NPLV_CSV}/dekking.csv": _csv(NPLV_DEKKING, dekking),
        f"{NPLV_CSV}/LEESMIJ.txt": ("\r\n".join(toelichting_nplv) + "\r\n").encode("cp1252"),
        NPVR_XLSX: _xlsx([("Opgave", NPVR_OPGAVE, regios)], toelichting_npvr, "Voorbeeld NPVR per regio (fictief)"),
    }


def synthetisch(map_: str | Path, aantal: int, code: str = "nplv") -> tuple[Path, Path]:
    """A synthetic data folder for tests and benchmarks: the national inputs split over `aantal`
    fictitious gebieden ('Gebied 0001', …). Returns (data folder, gebieden list CSV)."""
    map_ = Path(map_)
    map_.mkdir(parents=True, exist_ok=True)
    namen = [f"Gebied {i:04d}" for i in range(1, aantal + 1)]
    programma = laad(code).programma
    if code == "nplv":
        opgave, dekking = nplv_rijen(programma, namen, ROUND_DOWN)
        (map_ / "opgave.csv").write_bytes(_csv(NPLV_OPGAVE, opgave))
        (map_ / "dekking.csv").write_bytes(_csv(NPLV_DEKKING, dekking))
    else:
        (map_ / "opgave.csv").write_bytes(_csv(NPVR_OPGAVE, npvr_rijen(programma, namen, ROUND_DOWN)))
    lijst = map_.parent / f"{map_.name}_gebieden.csv"
    lijst.write_text("gebied\n" + "".join(f"{n}\n" for n in namen), encoding="utf-8")
    return map_, lijst


def main(argv: list[str] | None = None) -> int:
    from xl_opgave.bestanden import schrijf_atomisch

    argv = sys.argv[1:] if argv is None else argv
    map_ = Path(argv[0]) if argv else Path(__file__).resolve().parents[2] / "workbooks"
    for naam, data in bestanden().items():
        pad = map_ / naam
        pad.parent.mkdir(parents=True, exist_ok=True)
        schrijf_atomisch(pad, data, overschrijven=True)
        print(f"geschreven: {pad} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
