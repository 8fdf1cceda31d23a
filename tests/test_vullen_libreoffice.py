"""Filled workbooks recompute in LibreOffice (full recalculation) to exactly their cached values, and
totaal.xlsx prints its overview readably.

One soffice call: an NPLV gebied workbook, an NPVR regio workbook and the NPLV totaal.xlsx (with the
sheets Overzicht and Per gebied); every formula cell's cached value must equal what LibreOffice computes.
A second converts totaal.xlsx to PDF (read with pdftotext, poppler-utils): the overview fits on at most
three A4 landscape pages at a scale of at least 70 %.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sjabloon_hulp import vergelijk_cache_met_herberekening

from xl_opgave.cli import main
from xl_opgave.vullen.totaal import TITEL_PER_GEBIED

WORKBOOKS = Path(__file__).resolve().parents[1] / "workbooks"
pytestmark = pytest.mark.libreoffice


def test_opgeslagen_waarden_gelijk_aan_libreoffice(tmp_path):
    from xl_opgave.werkboek.libreoffice import herbereken

    assert main(["fill", str(WORKBOOKS / "voorbeeld_nplv_gebieden.xlsx"), "--template", "nplv",
                 "--out", str(tmp_path / "nplv")]) == 0
    assert main(["fill", str(WORKBOOKS / "voorbeeld_npvr_regios.xlsx"), "--template", "npvr",
                 "--out", str(tmp_path / "npvr")]) == 0
    bestanden = [tmp_path / "nplv" / "Rotterdam-Zuid.xlsx", tmp_path / "npvr" / "Twente.xlsx",
                 tmp_path / "nplv" / "totaal.xlsx"]
    uit = herbereken(bestanden, tmp_path / "lo")
    aantal = sum(vergelijk_cache_met_herberekening(b, lo) for b, lo in zip(bestanden, uit, strict=True))
    assert aantal > 2000


def _pdf_paginas(pdf: Path) -> list[str]:
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        from conftest import vereis_libreoffice  # the same rule: skip locally, fail in CI

        vereis_libreoffice()
        pytest.skip("pdftotext (poppler-utils) ontbreekt")
    tekst = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True,
                           timeout=120).stdout
    return tekst.split("\f")


def _breedte(pdf: Path, pagina: int, woord: str) -> float:
    import re
    import subprocess

    bbox = subprocess.run(["pdftotext", "-bbox", "-f", str(pagina), "-l", str(pagina), str(pdf), "-"],
                          capture_output=True, text=True, check=True, timeout=120).stdout
    treffer = re.search(rf'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">{re.escape(woord)}<', bbox)
    assert treffer, (pagina, woord)
    return float(treffer.group(2)) - float(treffer.group(1))


def test_totaal_overzicht_op_hoogstens_drie_paginas_op_leesbare_schaal(tmp_path):
    """Issue 9 asks it of totaal.xlsx: 20 gebieden, the overview on at most 3 A4 pages at ≥ 70 %."""
    from xl_opgave.werkboek.libreoffice import _draai, soffice_pad

    uit = tmp_path / "uit"
    assert main(["fill", str(WORKBOOKS / "voorbeeld_nplv_gebieden.xlsx"), "--template", "nplv", "--out", str(uit)]) == 0
    profiel = tmp_path / "profiel"
    _draai([soffice_pad(), "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
            f"-env:UserInstallation={profiel.as_uri()}", "--convert-to", "pdf", "--outdir", str(tmp_path),
            str(uit / "totaal.xlsx")], 180)
    pdf = tmp_path / "totaal.pdf"
    paginas = _pdf_paginas(pdf)
    assert "Totaal NPLV: de som van 20 gebieden" in paginas[0]
    per_gebied = next(i for i, p in enumerate(paginas) if TITEL_PER_GEBIED in p)
    assert 1 <= per_gebied <= 3, per_gebied  # the overview: the pages before 'Per gebied'
    overzicht = "".join(paginas[:per_gebied])
    for gebied in ("Leeuwarden-Oost", "Rotterdam-Zuid", "Roosendaal-stad"):
        assert gebied in overzicht
    assert "Totaal (opgetelde invoer)" in overzicht and "Som van de gebieden" in overzicht
    # Amounts as Resultaat shows them unrounded, with the PM marker in the cell; nothing cut off ('###').
    # (This profile has the machine's locale: '2.935,00' in Dutch, '2,935.00' in English.)
    assert re.search(r"€ 2[.,]935[.,]00 mln\. - PM", overzicht) and "###" not in "".join(paginas)
    # Per gebied: the 20 gebieden on the page under the heading (the first page of the sheet).
    assert all(g in paginas[per_gebied] for g in ("Leeuwarden-Oost", "Roosendaal-stad"))
    # Scale: the detail sheet prints at 100 %; the overview's words are at least 70 % of that width.
    schaal = _breedte(pdf, 1, "Rotterdam-Zuid") / _breedte(pdf, per_gebied + 1, "Rotterdam-Zuid")
    assert 0.70 <= schaal <= 1.0, schaal
    # A4 landscape: the page is wider than high (pdfinfo-free: the MediaBox of the first page).
    breedte, hoogte = map(float, re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]",
                                           pdf.read_bytes()).groups())
    assert (round(breedte), round(hoogte)) == (842, 595)
