"""The issue's "Done when" as one end-to-end test, with LibreOffice (marker `libreoffice`).

The example data filled (20 NPLV gebieden); a handful of workbooks edited the way a gebied would and
saved with LibreOffice so that their cached values are present (a changed amount, a changed key); one
file deleted, one duplicated, one broken; `verzamel` run. Then: the right statuses, the right changes,
national totals equal to the core's on the counted amounts, every returned file unchanged, and the
overview's formulas recalculated by LibreOffice equal to the values it carries.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sjabloon_hulp import cel_van, vergelijk_cache_met_herberekening, zet_getal
from test_verzamel import DATA, _bestand, _per_bestand, ongewijzigd

from xl_opgave.cli import main
from xl_opgave.core.bedrag import Bedrag
from xl_opgave.core.rekenen import bereken
from xl_opgave.referentie import laad
from xl_opgave.verzamelen import status as st
from xl_opgave.verzamelen.export import als_json
from xl_opgave.verzamelen.verzamel import verzamel
from xl_opgave.vullen.databestand import lees_databestand, tel_op
from xl_opgave.vullen.vul import vul_map

pytestmark = pytest.mark.libreoffice

GEWIJZIGD_BEDRAG = ("Delft West", "In_Opgave_Tot2030_nieuwbouw", 10.0)  # + 10 € mln
GEWIJZIGDE_SLEUTEL = ("Rotterdam-Zuid", "In_Sleutel_nieuwbouw", 0.6)  # was 0.5
WEG, DUBBEL, KAPOT = "Arnhem Oost", "Breda Noord", "Heerlen Noord"


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from xl_opgave.werkboek.libreoffice import herbereken

    basis = tmp_path_factory.mktemp("klaar")
    verstuurd = basis / "verstuurd"
    vul_map(DATA, "nplv", verstuurd, voortgang=False, werkers=1)
    (verstuurd / "totaal.xlsx").unlink()
    terug = basis / "terug"
    shutil.copytree(verstuurd, terug)
    werk = basis / "werk"
    werk.mkdir()
    oud = {}
    for gebied, naam, waarde in (GEWIJZIGD_BEDRAG, GEWIJZIGDE_SLEUTEL):
        pad = shutil.copy(terug / _bestand(gebied), werk / _bestand(gebied))
        blad, cel = cel_van(Path(pad), naam)
        import openpyxl

        oud[gebied] = openpyxl.load_workbook(pad, data_only=True)[blad][cel].value
        zet_getal(Path(pad), blad, cel, oud[gebied] + waarde if naam.startswith("In_Opgave") else waarde)
    for pad in herbereken(sorted(werk.iterdir()), basis / "libreoffice"):
        shutil.copy(pad, terug / pad.name)
    (terug / _bestand(WEG)).unlink()
    shutil.copy(terug / _bestand(DUBBEL), terug / "Breda Noord - kopie.xlsx")
    data = (terug / _bestand(KAPOT)).read_bytes()
    (terug / _bestand(KAPOT)).write_bytes(data[: len(data) // 3])
    uit = basis / "uit" / "overzicht.xlsx"
    uit.parent.mkdir()
    with ongewijzigd(terug, verstuurd):
        verzameling = verzamel([terug], "nplv", uit, vergelijk=DATA, voortgang=False)
        # The command line too: the same run, its exit status, refusing to overwrite without --force.
        assert main(["verzamel", str(terug), "--template", "nplv", "--out", str(uit), "--vergelijk", str(DATA)]) == 2
    return {"status": verzameling.exitstatus, "json": als_json(verzameling), "terug": terug, "uit": uit, "oud": oud}


def test_statussen(scenario, capsys):
    uitkomst = _json(scenario, capsys)
    assert scenario["status"] == 1
    regels = _per_bestand(uitkomst)
    assert regels["Delft_West.xlsx"]["status"] == regels["Rotterdam-Zuid.xlsx"]["status"] == st.IN_ORDE
    assert regels["Breda_Noord.xlsx"]["status"] == regels["Breda Noord - kopie.xlsx"]["status"] == st.DUBBEL
    assert regels["Heerlen_Noord.xlsx"]["status"] == st.ONLEESBAAR
    assert sorted(uitkomst["ontbrekend"]) == [WEG, KAPOT]
    assert uitkomst["tellingen"] == {st.IN_ORDE: 17, st.BEVINDINGEN: 0, st.OUDE_VERSIE: 0, st.DUBBEL: 2,
                                     st.ONBEKEND_GEBIED: 0, st.ANDER_PROGRAMMA: 0, st.ONLEESBAAR: 1, st.ONTBREEKT: 2}
    assert sum(1 for b in uitkomst["bestanden"] if b["telt_mee"]) == 17


def test_wijzigingen(scenario, capsys):
    uitkomst = _json(scenario, capsys)
    wijzigingen = {(w["gebied"], w["naam"]): w for w in uitkomst["wijzigingen"]}
    assert set(wijzigingen) == {(GEWIJZIGD_BEDRAG[0], GEWIJZIGD_BEDRAG[1]), (GEWIJZIGDE_SLEUTEL[0], GEWIJZIGDE_SLEUTEL[1])}
    bedrag = wijzigingen[GEWIJZIGD_BEDRAG[:2]]
    assert bedrag["oud"] == pytest.approx(scenario["oud"]["Delft West"])
    assert bedrag["nieuw"] == pytest.approx(scenario["oud"]["Delft West"] + 10)
    assert bedrag["soort"] == "bedrag" and bedrag["let_op"] == ""
    sleutel = wijzigingen[GEWIJZIGDE_SLEUTEL[:2]]
    assert (sleutel["oud"], sleutel["nieuw"], sleutel["let_op"]) == (0.5, 0.6, "verdeelsleutel gewijzigd")


def test_landelijke_totalen_gelijk_aan_de_kern_op_de_getelde_bedragen(scenario, capsys):
    uitkomst = _json(scenario, capsys)
    getelde = [r["gebied"] for r in uitkomst["per_gebied"] if r["resultaten"] is not None]
    assert len(getelde) == 17 and not {WEG, DUBBEL, KAPOT} & set(getelde)
    # The counted amounts, independently of the workbooks: the data file with the two edits applied.
    gegevens = lees_databestand(DATA, "nplv")
    programmas = {}
    for gebied in getelde:
        p = gegevens.gebieden[gebied]
        if gebied == GEWIJZIGD_BEDRAG[0]:
            p = p.met(opgaven=tuple(o.__class__(**{**o.__dict__, "bedrag": Bedrag.exact(o.bedrag.laag + 10)})
                                    if (o.periode, o.onderdeel) == ("tot2030", "nieuwbouw") else o for o in p.opgaven))
        if gebied == GEWIJZIGDE_SLEUTEL[0]:
            p = p.met(onderdelen=tuple(o.__class__(**{**o.__dict__, "verdeelsleutel": 0.6}) if o.code == "nieuwbouw"
                                       else o for o in p.onderdelen))
        programmas[gebied] = p
    kern = bereken(tel_op(gegevens.totaal.met(opgaven=(), dekkingen=()), programmas.values()))
    bedragen = uitkomst["landelijk"]["bedragen"]
    for periode in ("tot2030", "2030-2035"):
        for sleutel in ("opgave", "dekking", "cofinanciering", "rijksfinanciering", "restopgave",
                        "restopgave_per_onderdeel"):
            assert bedragen[f"{periode}.totaal.{sleutel}"] == pytest.approx(kern[f"{periode}.totaal.{sleutel}"].laag)
        # The Rijksdeel as amounts: each gebied's opgave times its own key (Rotterdam-Zuid's nieuwbouw 0.6).
        rijksdeel = sum(bereken(p)[f"{periode}.totaal.rijksdeel"].laag for p in programmas.values())
        assert bedragen[f"{periode}.totaal.rijksdeel"] == pytest.approx(rijksdeel)
        for q in ("fysiek", "sociaal"):
            rijks = max(0.0, sum(bereken(p)[f"{periode}.{q}.rijksdeel"].laag for p in programmas.values())
                        - kern[f"{periode}.{q}.rijksfinanciering"].laag)
            assert bedragen[f"{periode}.{q}.rijksrestopgave"] == pytest.approx(rijks)
    assert rijksdeel != pytest.approx(kern["2030-2035.totaal.rijksdeel"].laag)  # the key change counts
    eigen = uitkomst["landelijk"]["som_eigen_restopgaven"]["Restopgave_Totaal_Tot2030"]
    assert eigen - uitkomst["landelijk"]["resultaten"]["Restopgave_Totaal_Tot2030"] == pytest.approx(
        uitkomst["landelijk"]["afkapping"]["Restopgave_Totaal_Tot2030"], abs=1e-6)


def test_overzicht_door_libreoffice_herberekend_gelijk(scenario, tmp_path):
    from xl_opgave.werkboek.libreoffice import herbereken

    herberekend, = herbereken([scenario["uit"]], tmp_path)
    assert vergelijk_cache_met_herberekening(scenario["uit"], herberekend) > 300  # Per gebied and Landelijk
    naam = laad("nplv").resultaat_namen[0]
    assert naam.omschrijving  # Dutch labels on Per gebied come from here


def _json(scenario: dict, capsys) -> dict:
    return json.loads(json.dumps(scenario["json"]))  # as --json gives it
