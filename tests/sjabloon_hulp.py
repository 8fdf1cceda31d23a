"""Test helpers for the template workbooks: plant faults in copies without Excel."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

from xl_opgave.werkboek import namen as nm

BLAD_XML = {naam: f"xl/worksheets/sheet{i}.xml" for i, naam in enumerate(nm.BLADEN, start=1)}


def kopie(bron: Path, doel: Path) -> Path:
    shutil.copyfile(bron, doel)
    return doel


def herschrijf(pad: Path, lid: str, functie) -> None:
    """Rewrite one member of the xlsx package in place (keeps every other member, incl. cached values)."""
    with zipfile.ZipFile(pad) as z:
        leden = [(info, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(pad, "w", zipfile.ZIP_DEFLATED) as z:
        for info, inhoud in leden:
            if info.filename == lid:
                inhoud = functie(inhoud.decode("utf-8")).encode("utf-8")
            z.writestr(info, inhoud)


def zet_cache(pad: Path, blad: str, cel: str, waarde: float) -> None:
    """Replace the cached value of a formula cell (the formula stays)."""
    def vervang(xml: str) -> str:
        patroon = re.compile(rf'(<c r="{cel}"[^>]*>(?:<f>[^<]*</f>)?<v>)[^<]*(</v>)')
        nieuw, aantal = patroon.subn(rf"\g<1>{waarde}\g<2>", xml)
        assert aantal == 1, f"cel {cel} niet gevonden"
        return nieuw
    herschrijf(pad, BLAD_XML[blad], vervang)


def zet_getal(pad: Path, blad: str, cel: str, waarde: float) -> None:
    """Overwrite a cell (formula or not) with a typed number, as an adviser would."""
    def vervang(xml: str) -> str:
        patroon = re.compile(rf'<c r="{cel}"( s="\d+")?[^>]*>.*?</c>|<c r="{cel}"( s="\d+")?[^>]*/>')
        m = patroon.search(xml)
        assert m, f"cel {cel} niet gevonden"
        stijl = m.group(1) or m.group(2) or ""
        return xml[: m.start()] + f'<c r="{cel}"{stijl}><v>{waarde}</v></c>' + xml[m.end():]
    herschrijf(pad, BLAD_XML[blad], vervang)


def zet_tekst(pad: Path, blad: str, cel: str, tekst: str) -> None:
    def vervang(xml: str) -> str:
        patroon = re.compile(rf'<c r="{cel}"( s="\d+")?[^>]*>.*?</c>|<c r="{cel}"( s="\d+")?[^>]*/>')
        m = patroon.search(xml)
        assert m, f"cel {cel} niet gevonden"
        stijl = m.group(1) or m.group(2) or ""
        return xml[: m.start()] + f'<c r="{cel}"{stijl} t="inlineStr"><is><t>{tekst}</t></is></c>' + xml[m.end():]
    herschrijf(pad, BLAD_XML[blad], vervang)


def zet_naam(pad: Path, naam: str, verwijzing: str | None) -> None:
    """Point a defined name elsewhere (e.g. '#REF!'), or remove it (None)."""
    def vervang(xml: str) -> str:
        patroon = re.compile(rf'<definedName name="{naam}"[^>]*>[^<]*</definedName>')
        assert patroon.search(xml), naam
        nieuw = "" if verwijzing is None else f'<definedName name="{naam}">{verwijzing}</definedName>'
        return patroon.sub(nieuw, xml)
    herschrijf(pad, "xl/workbook.xml", vervang)


def cel_van(pad: Path, naam: str) -> tuple[str, str]:
    """Sheet and cell of a single-cell defined name."""
    with zipfile.ZipFile(pad) as z:
        xml = z.read("xl/workbook.xml").decode()
    m = re.search(rf'<definedName name="{naam}"[^>]*>([^<]*)</definedName>', xml)
    assert m, naam
    blad, adres = m.group(1).split("!")
    return blad, adres.replace("$", "").split(":")[0]


def vergelijk_cache_met_herberekening(bron: Path, herberekend: Path) -> int:
    """Every formula cell's cached value in `bron` equals LibreOffice's value in `herberekend`.

    Returns the number of formula cells compared; fails naming file, sheet and cell.
    """
    import openpyxl
    import pytest

    formules = openpyxl.load_workbook(bron)
    opgeslagen = openpyxl.load_workbook(bron, data_only=True)
    lo = openpyxl.load_workbook(herberekend, data_only=True)
    aantal = 0
    for ws in formules.worksheets:
        for rij in ws.iter_rows():
            for cel in rij:
                if not (isinstance(cel.value, str) and cel.value.startswith("=")):
                    continue
                aantal += 1
                a, b = opgeslagen[ws.title][cel.coordinate].value, lo[ws.title][cel.coordinate].value
                a, b = (None if a == "" else a), (None if b == "" else b)
                plaats = f"{bron.name} {ws.title}!{cel.coordinate}"
                if isinstance(a, int | float) and isinstance(b, int | float):
                    assert a == pytest.approx(b, rel=1e-12, abs=1e-9), plaats
                else:
                    assert a == b, f"{plaats}: {a!r} != {b!r}"
    return aantal


def zoals_excel(data: bytes) -> bytes:
    """XlsxWriter sets fullCalcOnLoad; a workbook saved by Excel has not: take it out."""
    import io

    uit = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as bron, zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as doel:
        for info in bron.infolist():
            inhoud = bron.read(info.filename)
            if info.filename == "xl/workbook.xml":
                inhoud = inhoud.replace(b' fullCalcOnLoad="1"', b"")
            doel.writestr(info, inhoud)
    return uit.getvalue()
