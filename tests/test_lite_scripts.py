"""The xlwings Lite scripts (Ververs resultaat, Controleer) on the open workbook, in CPython.

The workbook is a snapshot of a real template file behind a stand-in for Lite's `book`
(tests/lite_boek.py); the same scripts run inside Pyodide in test_lite_pyodide.py. The value
checker they use (`controle.controleer_waarden`) is also run on the file through the openpyxl
reader here, and must find the same.
"""

from __future__ import annotations

import copy
import io
from pathlib import Path

import pytest
from lite_boek import LiteBoek, momentopname

from xl_opgave.lite import scripts
from xl_opgave.lite.werkboek import LiteWerkboek, cellen_van
from xl_opgave.macros import acties
from xl_opgave.referentie import laad
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek.controle import controleer_waarden
from xl_opgave.werkboek.lezer import Werkboek, open_werkboek, verwachte_invoer

WERKBOEKEN = Path(__file__).resolve().parent.parent / "workbooks"


@pytest.fixture(scope="module")
def nplv() -> dict:
    return momentopname(WERKBOEKEN / "nplv.xlsx")


def zet(snap: dict, naam: str, waarde: object, index: int = 0) -> dict:
    """A copy of the snapshot with one cell behind `naam` changed (as an adviser's edit or a stale value)."""
    uit = copy.deepcopy(snap)
    blad, adres = uit["namen"][naam]
    uit["bladen"][blad][cellen_van(adres)[index]] = waarde
    return uit


def soorten(uitkomst_of_lijst) -> list[str]:
    return [b.soort for b in uitkomst_of_lijst]


def bevindingen(snap: dict) -> list:
    return controleer_waarden(LiteWerkboek(LiteBoek(snap)))


def test_cellen_van_een_adres():
    assert cellen_van("$C$5:$D$6") == ["C5", "D5", "C6", "D6"]
    assert cellen_van("Invoer!$AA$3") == ["AA3"]
    assert cellen_van("$Z$1:$AB$1") == ["Z1", "AA1", "AB1"]
    with pytest.raises(ValueError):
        cellen_van("#REF!")


@pytest.mark.parametrize("code", ["nplv", "npvr"])
def test_het_sjabloon_zelf_is_in_orde(code):
    boek = LiteBoek(momentopname(WERKBOEKEN / f"{code}.xlsx"))
    uitkomst = scripts.controleer(boek)
    assert uitkomst.ok and uitkomst.aantal == 0, uitkomst.tekst
    # The macros' own output: the findings area emptied, then title, summary and header written at F3.
    assert boek.acties[0] == ("clear_contents", nm.BLAD_CONTROLES, "$F$3:$J$506")
    soort, blad, adres, rijen = boek.acties[1]
    assert (soort, blad, adres) == ("value", nm.BLAD_CONTROLES, "$F$3")
    assert rijen[0][0] == acties.BEVINDINGEN_TITEL and rijen[2] == list(acties.BEVINDINGEN_KOP)


def test_een_oude_uitkomst_naast_nieuwe_invoer_wordt_gevonden(nplv):
    # The adviser typed a new opgave, but the named results still show the old figures (a formula
    # overwritten by its value would look the same).
    naam = "In_Opgave_Tot2030_nieuwbouw"
    blad, adres = nplv["namen"][naam]
    oud = nplv["bladen"][blad][cellen_van(adres)[0]]
    gevonden = bevindingen(zet(nplv, naam, oud + 100))
    afwijkend = {b.melding.split(" is ")[0] for b in gevonden if b.soort == "waarde_wijkt_af"}
    assert {"Opgave_Fysiek_Tot2030", "Opgave_Totaal_Tot2030", "Restopgave_Fysiek_Tot2030"} <= afwijkend
    assert "Opgave_Sociaal_Tot2030" not in afwijkend
    melding = next(b for b in gevonden if b.melding.startswith("Opgave_Fysiek_Tot2030 "))
    assert melding.blad == nm.BLAD_BEREKENING and "+ 100" not in melding.melding
    assert set(soorten(gevonden)) == {"waarde_wijkt_af"}


def test_fouten_namen_invoer_en_controles(nplv):
    snap = zet(nplv, "Restopgave_Totaal_Tot2030", "#N/A")
    snap = zet(snap, "In_Opgave_Van2030_nieuwbouw", "veel")
    del snap["namen"]["Restopgave_Fysiek_Tot2030"]
    snap["namen"]["Opgave_Fysiek_Tot2030"] = None  # a name on #REF!
    gevonden = bevindingen(snap)
    assert ("foutwaarde", "Restopgave_Totaal_Tot2030") in {(b.soort, b.melding.split("(")[-1].rstrip(")"))
                                                          for b in gevonden}
    ontbreekt = [b.melding for b in gevonden if b.soort == "naam_ontbreekt"]
    assert any("Restopgave_Fysiek_Tot2030" in m for m in ontbreekt)
    assert any("Opgave_Fysiek_Tot2030" in m for m in ontbreekt)
    tekst = [b for b in gevonden if b.soort == "invoer_tekst"]
    assert tekst and "'veel'" in tekst[0].melding and tekst[0].blad == nm.BLAD_INVOER
    # unreadable input: the recomputation is skipped, and that is said
    assert "waarden_niet_vergeleken" in soorten(gevonden)


def test_falende_controles_worden_genoemd(nplv):
    snap = zet(nplv, nm.CONTROLE_TOTAAL, 0)
    snap["bladen"][nm.BLAD_CONTROLES]["C7"] = 0
    gevonden = bevindingen(snap)
    assert soorten(gevonden) == ["controle_faalt"]
    assert gevonden[0].cel == "C7" and "Alleen getallen of PM" in gevonden[0].melding
    assert gevonden[0].advies.startswith("Vervang tekst")
    # the master check alone
    gevonden = bevindingen(zet(nplv, nm.CONTROLE_TOTAAL, 0))
    assert soorten(gevonden) == ["controle_faalt"] and nm.CONTROLE_TOTAAL in gevonden[0].melding


def test_oude_sjabloonversie(nplv):
    gevonden = bevindingen(zet(nplv, nm.VERSIE, "1"))
    assert soorten(gevonden) == ["oude_versie"]


def test_scenarioschakelaars_rekenen_mee(tmp_path):
    from xl_opgave.werkboek.sjabloon import werkboek_bytes

    ref = laad("nplv")
    pad = tmp_path / "met_scenario.xlsx"
    pad.write_bytes(werkboek_bytes(ref.programma, ref.resultaat_namen, schakelaars={"alle_scenarios": 1}))
    snap = momentopname(pad)
    assert bevindingen(snap) == []
    # the switch set back by hand while the results still show the scenario: every result it moved differs
    gevonden = bevindingen(zet(snap, nm.scenario("alle_scenarios"), 0))
    assert gevonden and set(soorten(gevonden)) == {"waarde_wijkt_af"}


@pytest.mark.parametrize("code", ["nplv", "npvr"])
def test_zelfde_bevindingen_als_de_lezer_van_het_bestand(tmp_path, code):
    """The open-workbook reader (Lite) and the file reader (openpyxl) give the checker the same workbook."""
    import openpyxl

    wb = openpyxl.load_workbook(WERKBOEKEN / f"{code}.xlsx")
    eerste = next(iter(verwachte_invoer(code)))
    invoer = [n for n in verwachte_invoer(code) if n.startswith(("In_Opgave_", "In_Publiek_"))][0]
    for naam, waarde in ((invoer, "PM?"), (nm.CONTROLE_TOTAAL, 0), (eerste, "")):
        (blad, adres), = list(wb.defined_names[naam].destinations)
        wb[blad][adres.replace("$", "").split(":")[0]] = waarde
    buffer = io.BytesIO()
    wb.save(buffer)  # openpyxl keeps formulas, drops cached values: give it the old ones back below
    pad = tmp_path / "gewijzigd.xlsx"
    pad.write_bytes(buffer.getvalue())
    snap = momentopname(WERKBOEKEN / f"{code}.xlsx")
    for naam, waarde in ((invoer, "PM?"), (nm.CONTROLE_TOTAAL, 0), (eerste, "")):
        snap = zet(snap, naam, waarde)
    lite = [(b.soort, b.blad, b.cel) for b in bevindingen(snap)]
    assert lite, "the planted faults must be found"
    # The file reader on the same values: a workbook whose cached values are the snapshot's.
    # (openpyxl's reader interface, `lezer.Werkboek`, whose values can be set cell by cell.)
    formules = openpyxl.load_workbook(pad)
    waarden = openpyxl.load_workbook(pad, data_only=True)
    for blad, cellen in snap["bladen"].items():
        for cel, waarde in cellen.items():
            waarden[blad][cel].value = waarde
    bestand = Werkboek(pad, formules, waarden, open_werkboek(pad).code)
    assert [(b.soort, b.blad, b.cel) for b in controleer_waarden(bestand)] == lite


def test_ververs_resultaat_vraagt_excel_te_herberekenen(nplv):
    boek = LiteBoek(nplv)
    uitkomst = scripts.ververs_resultaat(boek)
    assert uitkomst.ok and boek.acties == [("calculate",)]
    boek = LiteBoek(zet(nplv, nm.CONTROLE_TOTAAL, 0))
    uitkomst = scripts.ververs_resultaat(boek)
    assert not uitkomst.ok and nm.CONTROLE_TOTAAL in uitkomst.tekst


def test_geen_sjabloon_geeft_een_nederlandse_melding(capsys):
    boek = LiteBoek({"naam": "leeg.xlsx", "bladen": {"Blad1": {"A1": 3}}, "namen": {}})
    uitkomst = scripts.controleer(boek)
    assert not uitkomst.ok and uitkomst.tekst.startswith("Niet gelukt: dit is geen xl_opgave-sjabloon")
    assert "geen xl_opgave-sjabloon" in capsys.readouterr().out  # Lite's output pane
    assert boek.acties == []  # nothing written


def test_status_in_de_knoppencel_van_het_xlsm(tmp_path):
    from xl_opgave.commando.excel_setup import bestanden

    inhoud = bestanden("nplv")
    naam = next(n for n in inhoud if n.endswith(".xlsm"))
    pad = tmp_path / naam
    pad.write_bytes(inhoud[naam])
    boek = LiteBoek(momentopname(pad))
    assert scripts.controleer(boek).ok
    status = [a for a in boek.acties if a[0] == "value" and a[1] == acties.BLAD_KNOPPEN]
    assert status and "Geen bevindingen" in status[0][3]


def test_momentopname_bestaat_niet_in_lite(nplv):
    wb = LiteWerkboek(LiteBoek(nplv))
    assert wb.map is None
    with pytest.raises(Exception, match="geen bestand"), wb.momentopname():
        pass
