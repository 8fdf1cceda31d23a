"""The templates compute in LibreOffice (full recalculation) exactly as the core does.

One soffice call for all files: both templates, a copy with wrong cached values (LibreOffice must
correct them: proof that it recalculates) and a copy with changed inputs (compared with the core's
recomputation from the reader).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sjabloon_hulp import cel_van, kopie, vergelijk_cache_met_herberekening, zet_cache, zet_getal

from xl_opgave.core.rekenen import bereken
from xl_opgave.core.resultaten import resultaten
from xl_opgave.referentie import analyse, laad
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek.lezer import lees_invoer
from xl_opgave.werkboek.sjabloon import werkboek_bytes

WORKBOOKS = Path(__file__).resolve().parents[1] / "workbooks"
pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def herberekend(tmp_path_factory):
    from conftest import vereis_libreoffice

    vereis_libreoffice()
    from xl_opgave.werkboek.libreoffice import herbereken

    map_ = tmp_path_factory.mktemp("lo")
    invoer = map_ / "in"
    invoer.mkdir()
    bestanden = [kopie(WORKBOOKS / f"{c}.xlsx", invoer / f"{c}.xlsx") for c in ("nplv", "npvr")]
    fout = kopie(WORKBOOKS / "nplv.xlsx", invoer / "verkeerde_cache.xlsx")
    blad, cel = cel_van(fout, "Restopgave_Totaal_Tot2030")
    zet_cache(fout, blad, cel, 999.0)
    gewijzigd = kopie(WORKBOOKS / "nplv.xlsx", invoer / "gewijzigd.xlsx")
    for naam, waarde in (("In_Opgave_Tot2030_nieuwbouw", 1000.0), ("In_Sleutel_onderwijs", 0.4),
                         ("In_Jaren_Van2030", 5.0)):
        zet_getal(gewijzigd, *cel_van(gewijzigd, naam), waarde)
    # The other rounding choices of Resultaat: their cached values are the Python truth of the formulas.
    for code in ("nplv", "npvr"):
        ref = laad(code)
        for i, keuze in enumerate(nm.AFRONDING_KEUZES[1:], start=2):
            pad = invoer / f"{code}_afronding{i}.xlsx"
            pad.write_bytes(werkboek_bytes(ref.programma, ref.resultaat_namen, afronding=keuze))
            bestanden.append(pad)
    uit = herbereken([*bestanden, fout, gewijzigd], map_ / "uit")
    return {Path(p).stem: Path(p) for p in uit}, invoer


def _waarde(wb, naam):
    (blad, adres), = wb.defined_names[naam].destinations
    return wb[blad][adres.replace("$", "")].value


@pytest.mark.parametrize("code", ["nplv", "npvr"])
def test_elke_resultaatnaam_gelijk_aan_de_kern(herberekend, code):
    uit, _ = herberekend
    wb = openpyxl.load_workbook(uit[code], data_only=True)
    for naam, verwacht in analyse(code).resultaten().items():
        assert _waarde(wb, naam) == pytest.approx(verwacht, abs=1e-6), naam
    assert _waarde(wb, nm.CONTROLE_TOTAAL) == 1


@pytest.mark.parametrize("code", ["nplv", "npvr"])
def test_elke_opgeslagen_waarde_gelijk_aan_libreoffice(herberekend, code):
    uit, _ = herberekend
    aantal = vergelijk_cache_met_herberekening(WORKBOOKS / f"{code}.xlsx", uit[code])
    assert aantal > 400


@pytest.mark.parametrize("naam", ["nplv_afronding2", "nplv_afronding3", "npvr_afronding2", "npvr_afronding3"])
def test_afrondingskeuzes_rekenen_in_libreoffice_als_python(herberekend, naam):
    """Rounding to €1 mln and no rounding: every displayed amount (and everything else) as LibreOffice computes it."""
    uit, invoer = herberekend
    assert vergelijk_cache_met_herberekening(invoer / f"{naam}.xlsx", uit[naam]) > 400


def test_libreoffice_herberekent_echt(herberekend):
    uit, _ = herberekend
    wb = openpyxl.load_workbook(uit["verkeerde_cache"], data_only=True)
    assert _waarde(wb, "Restopgave_Totaal_Tot2030") == pytest.approx(analyse("nplv").resultaten()["Restopgave_Totaal_Tot2030"])


def test_gewijzigde_invoer_rekent_als_de_kern(herberekend):
    uit, invoer = herberekend
    programma = lees_invoer(invoer / "gewijzigd.xlsx")
    verwacht = resultaten(list(laad("nplv").resultaat_namen), bereken(programma))
    wb = openpyxl.load_workbook(uit["gewijzigd"], data_only=True)
    assert verwacht["Opgave_Fysiek_Tot2030"] == pytest.approx(3050 - 445 + 1000)
    for naam, waarde in verwacht.items():
        assert _waarde(wb, naam) == pytest.approx(waarde, abs=1e-6), naam
