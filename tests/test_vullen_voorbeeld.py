"""The example data files in workbooks/ are generated, deterministic, fictitious and not stale."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from xl_opgave.vullen import voorbeeld

WERKBOEKEN = Path(__file__).parents[1] / "workbooks"


def test_bestanden_zijn_deterministisch_en_niet_verouderd() -> None:
    eerst, daarna = voorbeeld.bestanden(), voorbeeld.bestanden()
    assert eerst == daarna
    for naam, data in eerst.items():
        pad = WERKBOEKEN / naam
        assert pad.exists(), f"{naam} ontbreekt: python -m xl_opgave.vullen.voorbeeld"
        assert pad.read_bytes() == data, f"{naam} is verouderd: python -m xl_opgave.vullen.voorbeeld"


@pytest.mark.parametrize("naam", [voorbeeld.NPLV_XLSX, voorbeeld.NPVR_XLSX])
def test_duidelijk_fictief(naam: str) -> None:
    wb = openpyxl.load_workbook(WERKBOEKEN / naam, read_only=True)
    toelichting = " ".join(str(r[0]) for r in wb["Toelichting"].iter_rows(values_only=True) if r[0])
    assert "FICTIEF" in toelichting.upper() and "demonstratie" in toelichting
    opgave = list(wb["Opgave"].iter_rows(values_only=True))
    assert opgave[0][-1] == "toelichting"
    assert all("FICTIEVE verdeling" in rij[-1] for rij in opgave[1:])


def test_verdeling_exact_en_zonder_negatieve_rest() -> None:
    aandelen = voorbeeld.gewichten([f"g{i}" for i in range(20)], "nieuwbouw")
    delen = voorbeeld.verdeel(325.77, aandelen)
    assert sum(delen) == Decimal("325.77") and all(d >= 0 for d in delen)
    assert all(d == d.quantize(Decimal("0.01")) for d in delen)
    with pytest.raises(ValueError, match="negatieve rest"):
        voorbeeld.verdeel(0.01, [Decimal("0.6"), Decimal("0.6"), Decimal("-0.2")])


def test_main_schrijft_in_map(tmp_path: Path) -> None:
    assert voorbeeld.main([str(tmp_path)]) == 0
    assert (tmp_path / voorbeeld.NPLV_CSV / "opgave.csv").read_bytes() == (WERKBOEKEN / voorbeeld.NPLV_CSV / "opgave.csv").read_bytes()
