"""Scenario switches on Invoer: off by default, and when on the workbook computes the core's scenario.

- generator: with each switch on, every Berekening row of a core key and every named result equals
  `bereken(pas_toe(programma, scenario))`; combinations count each change once;
- batch patcher: the switch set through `Stand` gives the generator's workbook, cell for cell;
- reader and checker: switch states and scenario amounts read back; a switch other than 0/1 is a finding;
- LibreOffice (one soffice call): the native formulas give the same with switches on, also when the
  switch was flipped in the file without cached values to match.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from sjabloon_hulp import cel_van, vergelijk_cache_met_herberekening, zet_getal
from test_vullen_fill import cellen, grafiekcache

from xl_opgave.core.rekenen import bereken
from xl_opgave.core.resultaten import resultaten
from xl_opgave.core.scenario import pas_toe
from xl_opgave.referentie import laad
from xl_opgave.vullen.vul import sjabloonpakket
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek.controle import controleer
from xl_opgave.werkboek.lezer import lees_invoer, lees_schakelaars
from xl_opgave.werkboek.sjabloon import Stand, invoer_waarden, werkboek_bytes
from xl_opgave.werkboek.sjabloon.berekening import SLEUTEL_KOLOM

WORKBOOKS = Path(__file__).resolve().parents[1] / "workbooks"
SCENARIOS = [(c, s.code) for c in ("nplv", "npvr") for s in laad(c).programma.scenarios]


def _naam(wb, naam: str) -> object:
    (blad, adres), = wb.defined_names[naam].destinations
    return wb[blad][adres.replace("$", "")].value


def _vergelijk_met_kern(wb, code: str, programma) -> int:
    """Every Berekening row of a core key and every named result equals the core for `programma`."""
    u = bereken(programma)
    aantal = 0
    for rij in wb[nm.BLAD_BEREKENING].iter_rows(min_row=6):
        sleutel = rij[SLEUTEL_KOLOM].value
        # The variant rows echo the inputs (the core drops a variant a switch leaves out).
        if not isinstance(sleutel, str) or sleutel not in u or ".variant." in sleutel or u[sleutel].nb:
            continue
        assert rij[5].value == pytest.approx(u[sleutel].laag, abs=1e-6), sleutel
        assert rij[6].value == pytest.approx(u[sleutel].hoog, abs=1e-6), sleutel
        aantal += 1
    for naam, waarde in resultaten(list(laad(code).resultaat_namen), u).items():
        assert _naam(wb, naam) == pytest.approx(waarde, abs=1e-6), naam
    assert _naam(wb, nm.CONTROLE_TOTAAL) == 1
    return aantal


def test_standaard_alles_uit():
    for code in ("nplv", "npvr"):
        wb = openpyxl.load_workbook(WORKBOOKS / f"{code}.xlsx", data_only=True)
        for scenario in laad(code).programma.scenarios:
            assert _naam(wb, nm.scenario(scenario.code)) == 0
        assert wb.defined_names[nm.SCENARIOS]


@pytest.mark.parametrize(("code", "scenario"), SCENARIOS)
def test_schakelaar_aan_geeft_het_scenario_van_de_kern(code, scenario):
    ref = laad(code)
    inhoud = werkboek_bytes(ref.programma, ref.resultaat_namen, schakelaars={scenario: 1})
    wb = openpyxl.load_workbook(io.BytesIO(inhoud), data_only=True)
    assert _naam(wb, nm.scenario(scenario)) == 1
    assert _vergelijk_met_kern(wb, code, pas_toe(ref.programma, ref.programma.scenario(scenario))) > 60
    if scenario in ("funderingsherstel", "alle_scenarios"):
        u = bereken(pas_toe(ref.programma, ref.programma.scenario(scenario)))
        totaal = u["horizon.totaal.opgave_incl_aanvullend"]
        assert (totaal.laag, totaal.hoog) == (pytest.approx(u["horizon.totaal.opgave"].laag + 1000),
                                              pytest.approx(u["horizon.totaal.opgave"].hoog + 1500))
        rijen = {r[SLEUTEL_KOLOM].value: r for r in wb[nm.BLAD_BEREKENING].iter_rows(min_row=6)}
        assert rijen["horizon.totaal.opgave_incl_aanvullend"][6].value == pytest.approx(totaal.hoog)
        assert rijen["horizon.aanvullend.funderingsherstel.rijksdeel"][9].value == "+ PM"


@pytest.mark.parametrize(("code", "schakelaars", "gelijk_aan"), [
    ("nplv", {"alle_scenarios": 1, "azwa": 1, "wbi_nieuwbouw": 1}, "alle_scenarios"),  # each change once
    ("npvr", {"capaciteit_nu": 1, "capaciteit_2035": 1}, None),  # both variants: the envelope again
    ("npvr", {"ondergrens": 1, "bovengrens": 1}, None),  # both ends: the bandbreedte again
])
def test_combinaties(code, schakelaars, gelijk_aan):
    ref = laad(code)
    inhoud = werkboek_bytes(ref.programma, ref.resultaat_namen, schakelaars=schakelaars)
    wb = openpyxl.load_workbook(io.BytesIO(inhoud), data_only=True)
    verwacht = pas_toe(ref.programma, ref.programma.scenario(gelijk_aan)) if gelijk_aan else ref.programma
    _vergelijk_met_kern(wb, code, verwacht)


def test_variant_en_ondergrens_samen():
    ref = laad("npvr")
    inhoud = werkboek_bytes(ref.programma, ref.resultaat_namen, schakelaars={"capaciteit_2035": 1, "ondergrens": 1})
    wb = openpyxl.load_workbook(io.BytesIO(inhoud), data_only=True)
    stap = pas_toe(ref.programma, ref.programma.scenario("capaciteit_2035"))
    _vergelijk_met_kern(wb, "npvr", pas_toe(stap, ref.programma.scenario("ondergrens")))


@pytest.mark.parametrize(("code", "schakelaars"), [("nplv", {"alle_scenarios": 1}),
                                                    ("npvr", {"capaciteit_nu": 1, "bovengrens": 1})])
def test_batchvuller_zet_de_schakelaar(code, schakelaars):
    programma = laad(code).programma.met(gebied="Testgebied")
    gevuld = sjabloonpakket(code).vul(programma, Stand(programma, schakelaars=schakelaars))
    verwacht = werkboek_bytes(programma, laad(code).resultaat_namen, schakelaars=schakelaars)
    a, b = cellen(gevuld), cellen(verwacht)
    assert a.keys() == b.keys()
    verschil = {k: (a[k], b[k]) for k in a if a[k] != b[k]}
    assert not verschil, list(verschil.items())[:5]
    assert grafiekcache(gevuld) == grafiekcache(verwacht)


def test_lezer_en_controle(tmp_path):
    ref = laad("nplv")
    pad = tmp_path / "aan.xlsx"
    pad.write_bytes(werkboek_bytes(ref.programma, ref.resultaat_namen, schakelaars={"azwa": 1}))
    assert lees_schakelaars(pad) == {"wbi_nieuwbouw": 0, "azwa": 1, "funderingsherstel": 0, "alle_scenarios": 0}
    programma = lees_invoer(pad)
    assert invoer_waarden(programma, schakelaars={"azwa": 1}) == invoer_waarden(ref.programma, schakelaars={"azwa": 1})
    assert controleer(pad) == []
    # A scenario amount changed by the adviser flows into the programme the reader gives.
    gewijzigd = tmp_path / "bedrag.xlsx"
    gewijzigd.write_bytes(pad.read_bytes())
    zet_getal(gewijzigd, *cel_van(gewijzigd, "In_ScenarioDekking_Tot2030_gezondheid_zorg_AZWA_Rijksfin"), 70)
    gelezen = lees_invoer(gewijzigd)
    u = bereken(pas_toe(gelezen, gelezen.scenario("azwa")))
    assert u["tot2030.sociaal.bron.azwa.rijksfinanciering"].laag == 70
    assert any(b.soort == "waarde_wijkt_af" for b in controleer(gewijzigd))  # cached values not recalculated
    # A switch is 0 or 1.
    fout = tmp_path / "twee.xlsx"
    fout.write_bytes(pad.read_bytes())
    blad, cel = cel_van(fout, nm.scenario("azwa"))
    zet_getal(fout, blad, cel, 2)
    assert ("invoer_buiten_bereik", f"{blad}!{cel}") in {(b.soort, b.plaats) for b in controleer(fout)}


def test_gebied_zonder_nationale_scenariobedragen():
    ref = laad("nplv")
    from xl_opgave.vullen.databestand import gebiedsdefinitie

    gebied = gebiedsdefinitie(ref.programma)
    waarden = invoer_waarden(gebied)
    assert waarden["In_ScenarioDekking_Van2030_nieuwbouw_Wbi_tranche_8_e_v_Rijksfin"] is None
    with pytest.raises(Exception, match="hoort niet bij"):
        invoer_waarden(gebied, schakelaars={"azwa": 1})


# -- LibreOffice ----------------------------------------------------------------------------------------
LO_GEVALLEN = {
    "nplv_alle": ("nplv", {"alle_scenarios": 1}),
    "nplv_azwa": ("nplv", {"azwa": 1}),
    "npvr_nu_onder": ("npvr", {"capaciteit_nu": 1, "ondergrens": 1}),
    "npvr_2035": ("npvr", {"capaciteit_2035": 1}),
    "npvr_boven": ("npvr", {"bovengrens": 1}),
}


@pytest.fixture(scope="module")
def herberekend(tmp_path_factory):
    from conftest import vereis_libreoffice

    vereis_libreoffice()
    from xl_opgave.werkboek.libreoffice import herbereken

    map_ = tmp_path_factory.mktemp("lo_scenarios")
    (map_ / "in").mkdir()
    bestanden = []
    for naam, (code, schakelaars) in LO_GEVALLEN.items():
        pad = map_ / "in" / f"{naam}.xlsx"
        pad.write_bytes(werkboek_bytes(laad(code).programma, laad(code).resultaat_namen, schakelaars=schakelaars))
        bestanden.append(pad)
    # The switch flipped in the file only (cached values of 'all off'): LibreOffice must recompute.
    omgezet = map_ / "in" / "nplv_omgezet.xlsx"
    omgezet.write_bytes((WORKBOOKS / "nplv.xlsx").read_bytes())
    zet_getal(omgezet, *cel_van(omgezet, nm.scenario("funderingsherstel")), 1)
    bestanden.append(omgezet)
    uit = herbereken(bestanden, map_ / "uit")
    return {Path(p).stem: Path(p) for p in uit}, map_ / "in"


@pytest.mark.libreoffice
@pytest.mark.parametrize("naam", list(LO_GEVALLEN))
def test_libreoffice_rekent_als_de_cache(herberekend, naam):
    uit, invoer = herberekend
    code, schakelaars = LO_GEVALLEN[naam]
    aantal = vergelijk_cache_met_herberekening(invoer / f"{naam}.xlsx", uit[naam])
    lo = openpyxl.load_workbook(uit[naam], data_only=True)
    assert aantal > 400
    ref = laad(code)
    if len(schakelaars) == 1:
        (scenario,) = schakelaars
        _vergelijk_met_kern(lo, code, pas_toe(ref.programma, ref.programma.scenario(scenario)))


@pytest.mark.libreoffice
def test_libreoffice_volgt_een_omgezette_schakelaar(herberekend):
    uit, _ = herberekend
    lo = openpyxl.load_workbook(uit["nplv_omgezet"], data_only=True)
    ref = laad("nplv")
    _vergelijk_met_kern(lo, "nplv", pas_toe(ref.programma, ref.programma.scenario("funderingsherstel")))
    rijen = {r[SLEUTEL_KOLOM].value: r for r in lo[nm.BLAD_BEREKENING].iter_rows(min_row=6)}
    assert rijen["horizon.aanvullend.funderingsherstel.opgave"][6].value == 1500
