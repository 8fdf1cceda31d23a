"""Filled workbooks recompute in LibreOffice (full recalculation) to exactly their cached values.

One soffice call: an NPLV gebied workbook, an NPVR regio workbook and the NPLV totaal.xlsx (with the
sheet 'Per gebied'); every formula cell's cached value must equal what LibreOffice computes.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from xl_opgave.cli import main

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
    aantal = 0
    for bron, lo_pad in zip(bestanden, uit, strict=True):
        formules = openpyxl.load_workbook(bron)
        opgeslagen = openpyxl.load_workbook(bron, data_only=True)
        lo = openpyxl.load_workbook(lo_pad, data_only=True)
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
    assert aantal > 2000
