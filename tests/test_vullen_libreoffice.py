"""Filled workbooks recompute in LibreOffice (full recalculation) to exactly their cached values.

One soffice call: an NPLV gebied workbook, an NPVR regio workbook and the NPLV totaal.xlsx (with the
sheet 'Per gebied'); every formula cell's cached value must equal what LibreOffice computes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sjabloon_hulp import vergelijk_cache_met_herberekening

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
    aantal = sum(vergelijk_cache_met_herberekening(b, lo) for b, lo in zip(bestanden, uit, strict=True))
    assert aantal > 2000
