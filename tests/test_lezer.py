"""The one reader: a template's inputs back into the core's model and a DataFrame."""

from __future__ import annotations

from pathlib import Path

import pytest
from sjabloon_hulp import cel_van, kopie, zet_getal, zet_tekst

from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.rekenen import bereken
from xl_opgave.referentie import laad
from xl_opgave.werkboek.lezer import invoer_tabel, lees_invoer
from xl_opgave.werkboek.sjabloon import invoer_waarden

WORKBOOKS = Path(__file__).resolve().parents[1] / "workbooks"


@pytest.mark.parametrize("code", ["nplv", "npvr"])
def test_teruglezen_geeft_dezelfde_uitkomsten(code):
    gelezen = bereken(lees_invoer(WORKBOOKS / f"{code}.xlsx"))
    referentie = bereken(laad(code).programma)
    for sleutel, bedrag in referentie.items():
        assert gelezen[sleutel].laag == pytest.approx(bedrag.laag), sleutel
        assert gelezen[sleutel].hoog == pytest.approx(bedrag.hoog), sleutel
        assert gelezen[sleutel].pm_teken() == bedrag.pm_teken(), sleutel


def test_dataframe_en_invoer_waarden():
    df = invoer_tabel(WORKBOOKS / "nplv.xlsx")
    assert list(df.columns) == ["naam", "blad", "cel", "waarde"]
    rij = df[df.naam == "In_Opgave_Tot2030_herstructurering_corporatie"].iloc[0]
    assert rij.waarde == 1735 and rij.blad == "Invoer"
    # The PM dekking of §2.2 and the PM verdeelsleutel of the funderingsherstel scenario.
    assert (df.waarde == "PM").sum() == 2
    assert df[df.naam == "In_ScenarioPost_funderingsherstel_Sleutel"].iloc[0].waarde == "PM"
    waarden = invoer_waarden(laad("nplv").programma)
    assert waarden["In_Sleutel_nieuwbouw"] == 0.5
    assert "PM" in waarden["In_Dekking_Tot2030_Cofin"]


def test_gewijzigde_invoer_en_pm(tmp_path):
    pad = kopie(WORKBOOKS / "nplv.xlsx", tmp_path / "a.xlsx")
    zet_tekst(pad, *cel_van(pad, "In_Opgave_Van2030_onderwijs"), "PM")
    zet_getal(pad, *cel_van(pad, "In_Opgave_Tot2030_nieuwbouw"), 500)
    programma = lees_invoer(pad)
    u = bereken(programma)
    assert u["tot2030.fysiek.nieuwbouw.opgave"].laag == 500
    assert u["2030-2035.sociaal.onderwijs.opgave"].pm_teken() == "+ PM"


def test_foute_invoer_noemt_de_cel(tmp_path):
    pad = kopie(WORKBOOKS / "nplv.xlsx", tmp_path / "b.xlsx")
    blad, cel = cel_van(pad, "In_Opgave_Tot2030_onderwijs")
    zet_getal(pad, blad, cel, -5)
    with pytest.raises(InvoerFout, match=f"{blad}!{cel}"):
        lees_invoer(pad)


@pytest.mark.parametrize("tekst", ["1e309", "inf", "nan"])
def test_aantal_jaren_niet_eindig_geweigerd(tmp_path, tekst):
    # A <v> that float() reads as inf or nan is no number of years: read as such, the amounts per year
    # came out as 0 (or nan) without a word.
    pad = kopie(WORKBOOKS / "nplv.xlsx", tmp_path / "j.xlsx")
    blad, cel = cel_van(pad, "In_Jaren_Tot2030")
    zet_getal(pad, blad, cel, tekst)
    with pytest.raises(InvoerFout, match=f"{blad}!{cel}: aantal jaren .* is geen getal"):
        lees_invoer(pad)


@pytest.mark.parametrize("naam", ["In_Opgave_Tot2030_onderwijs", "In_Jaren_Tot2030", "In_Sleutel_onderwijs"])
def test_een_getal_van_400_cijfers_is_een_invoerfout(tmp_path, naam):
    # Read by int() it was an integer no float() can take: OverflowError or decimal.InvalidOperation
    # instead of a finding. Excel holds every number as a double: it is read as one (inf) and refused.
    pad = kopie(WORKBOOKS / "nplv.xlsx", tmp_path / "g.xlsx")
    blad, cel = cel_van(pad, naam)
    zet_getal(pad, blad, cel, "9" * 400)
    with pytest.raises(InvoerFout, match=f"{blad}!{cel}"):
        lees_invoer(pad)
