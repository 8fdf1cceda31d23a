"""The one formula normalisation and the one rebuilt-template oracle (werkboek/orakel.py), and that the
checker, the openpyxl macro implementation and `fill --into` agree on them."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula
from sjabloon_hulp import BLAD_XML, herschrijf, kopie

from xl_opgave.cli import main
from xl_opgave.macros.openpyxl_werkboek import OpenpyxlWerkboek
from xl_opgave.referentie import laad
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek.controle import controleer
from xl_opgave.werkboek.orakel import bouw_orakel, formuletekst, normaal

WORKBOOKS = Path(__file__).resolve().parents[1] / "workbooks"
DATA = WORKBOOKS / "voorbeeld_nplv_gebieden.xlsx"

# Template formulas that Excel or LibreOffice may legitimately rewrite: F9 carries '$' markers, the
# Resultaat cells are plain references to Berekening with '$'.
ZONDER_DOLLAR = (nm.BLAD_BEREKENING, "F9")

def _resultaatcellen() -> list[str]:
    """Resultaat cells with a plain reference to Berekening (the unrounded value behind a table amount)."""
    wb = openpyxl.load_workbook(WORKBOOKS / "nplv.xlsx")
    return [c.coordinate for rij in wb[nm.BLAD_RESULTAAT].iter_rows() for c in rij
            if isinstance(c.value, str) and re.fullmatch(r"=Berekening!\$[A-Z]+\$\d+", c.value)]


MET_DOLLAR_WEG = (nm.BLAD_RESULTAAT, _resultaatcellen()[0])
ALS_MATRIX = (nm.BLAD_RESULTAAT, _resultaatcellen()[1])


# -- normaal -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("a", "b"), [
    ("=SUM($A$1:$A$3)", "=SUM(A1:A3)"),
    ("=sum( a1 ,\n b2 )", "=SUM(A1,B2)"),
    ("SUM(A1)", "=SUM(A1)"),  # the raw XML has no '='
    (" =Berekening!$J$45", "=berekening!J45"),
    (ArrayFormula("C8", "=Berekening!$J$49"), "=Berekening!J49"),
    ('=IF(Controle_Totaal,"in orde","FOUT – zie blad Controles")',
     '=if(controle_totaal, "in orde", "FOUT – zie blad Controles")'),
    ('=COUNTIF(In_Opgaven,"<0")', '=COUNTIF( In_Opgaven , "<0" )'),
])
def test_normaal_gelijk(a, b):
    assert normaal(a) == normaal(b)


@pytest.mark.parametrize(("a", "b"), [
    ('=IF(A1,"in orde","FOUT")', '=IF(A1,"IN ORDE","FOUT")'),  # literal text is data: case counts
    ('=IF(A1,"in orde","")', '=IF(A1,"inorde","")'),  # and so do its spaces
    ('="$"&A1', '=""&A1'),  # and its '$'
    ('="a""b"&c1', '="A""B"&C1'),  # an escaped quote stays inside the literal
    ("=SUM(A1:A3)", "=SUM(A1:A4)"),
])
def test_normaal_verschillend(a, b):
    assert normaal(a) != normaal(b)


def test_normaal_randgevallen():
    assert normaal(None) is None
    assert normaal(3.5) is None
    assert normaal('="a""b"&c1') == '"a""b"&C1'
    assert normaal('="open&a1') == '"open&a1'  # an unterminated literal runs to the end
    assert formuletekst(ArrayFormula("A1", "=A2")) == "=A2"
    assert formuletekst("=A2") == "=A2"
    assert formuletekst("tekst") is None and formuletekst(None) is None and formuletekst(2) is None


# -- the oracle -----------------------------------------------------------------------------------------


def test_referentie_orakel_is_het_sjabloon_en_wordt_bewaard():
    orakel = bouw_orakel("nplv")
    assert orakel is bouw_orakel("nplv")
    with pytest.raises(TypeError):
        orakel.formules[("Berekening", "A1")] = "=1"  # type: ignore[index]
    wb = openpyxl.load_workbook(WORKBOOKS / "nplv.xlsx")
    waarden = openpyxl.load_workbook(WORKBOOKS / "nplv.xlsx", data_only=True)
    for blad in nm.REKENBLADEN:
        cellen = [c.coordinate for rij in wb[blad].iter_rows() for c in rij if c.data_type == "f"]
        assert orakel.cellen(blad) == cellen
        for cel in cellen:
            assert orakel.is_eigen(blad, cel, wb[blad][cel].value)
            # A text result '' is '' in the oracle; openpyxl reads it back as None.
            assert (orakel.waarde(blad, cel) if orakel.waarde(blad, cel) != "" else None) == waarden[blad][cel].value
    assert orakel.formule(nm.BLAD_INVOER, "B6") is None
    assert not orakel.is_eigen(nm.BLAD_INVOER, "B6", "=1")


def test_orakel_met_schakelaars_volgt_de_scenarios():
    ref = bouw_orakel("nplv")
    scenario = laad("nplv").programma.scenarios[0].code
    aan = bouw_orakel("nplv", schakelaars={scenario: 1})
    assert aan is not ref and aan.formules == ref.formules
    assert aan.waarden != ref.waarden


# -- the three users agree --------------------------------------------------------------------------


def _herschrijf_formule(pad: Path, blad: str, cel: str, functie) -> None:
    """Rewrite the <f> element of one cell (its cached value stays)."""
    def vervang(xml: str) -> str:
        patroon = re.compile(rf'(<c r="{cel}"[^>]*>)<f>([^<]*)</f>')
        nieuw, aantal = patroon.subn(lambda m: m.group(1) + functie(m.group(2)), xml)
        assert aantal == 1, f"formule in {blad}!{cel} niet gevonden"
        return nieuw
    herschrijf(pad, BLAD_XML[blad], vervang)


@pytest.fixture
def herschreven(tmp_path) -> Path:
    """The NPLV template with '$' markers dropped from two formulas and one formula saved as an array
    formula (as Excel 365 may save it): the same formulas, so no finding and a refresh everywhere."""
    pad = kopie(WORKBOOKS / "nplv.xlsx", tmp_path / "herschreven.xlsx")
    _herschrijf_formule(pad, *ZONDER_DOLLAR, lambda f: f"<f>{f.replace('$', '')}</f>")
    _herschrijf_formule(pad, *MET_DOLLAR_WEG, lambda f: f"<f>{f.replace('$', '')}</f>")
    _herschrijf_formule(pad, *ALS_MATRIX, lambda f: f'<f t="array" ref="{ALS_MATRIX[1]}">{f}</f>')
    wb = openpyxl.load_workbook(pad)
    assert "$" not in wb[ZONDER_DOLLAR[0]][ZONDER_DOLLAR[1]].value
    assert "$" not in wb[MET_DOLLAR_WEG[0]][MET_DOLLAR_WEG[1]].value
    assert isinstance(wb[ALS_MATRIX[0]][ALS_MATRIX[1]].value, ArrayFormula)
    return pad


def test_controle_accepteert_dollar_en_matrixformule(herschreven):
    assert controleer(herschreven) == []


def test_controle_meldt_een_echt_gewijzigde_matrixformule(tmp_path):
    pad = kopie(WORKBOOKS / "nplv.xlsx", tmp_path / "w.xlsx")
    _herschrijf_formule(pad, *ALS_MATRIX, lambda f: f'<f t="array" ref="{ALS_MATRIX[1]}">{f}*2</f>')
    formules = [b for b in controleer(pad) if b.soort.startswith("formule")]
    assert [(b.soort, b.plaats) for b in formules] == [("formule_gewijzigd", f"{ALS_MATRIX[0]}!{ALS_MATRIX[1]}")]
    assert "*2 wijkt af" in formules[0].melding


def test_herbereken_van_de_macros_accepteert_dollar_en_matrixformule(herschreven):
    wb = OpenpyxlWerkboek.open(herschreven)
    voor = dict(wb.cache)
    wb.herbereken()
    assert wb.niet_herberekend == []
    for blad, cel in (ZONDER_DOLLAR, MET_DOLLAR_WEG, ALS_MATRIX):
        assert wb.cache[(blad, cel)] == pytest.approx(voor[(blad, cel)])


def test_fill_into_ververst_ook_bij_dollar_en_matrixformule(herschreven, tmp_path, capsys):
    gevuld, gevuld_herschreven = tmp_path / "gevuld.xlsx", tmp_path / "gevuld_herschreven.xlsx"
    verslagen = []
    for bron, doel in ((WORKBOOKS / "nplv.xlsx", gevuld), (herschreven, gevuld_herschreven)):
        assert main(["fill", str(DATA), "--into", str(bron), "--gebied", "Rotterdam-Zuid", "--out", str(doel)]) == 0
        verslagen.append(capsys.readouterr().out)
    for verslag in verslagen:
        assert "niet bijgewerkt" not in verslag
    assert verslagen[0].replace(str(gevuld), "X") == verslagen[1].replace(str(gevuld_herschreven), "X")
    a = openpyxl.load_workbook(gevuld, data_only=True)
    b = openpyxl.load_workbook(gevuld_herschreven, data_only=True)
    for blad, cel in (ZONDER_DOLLAR, MET_DOLLAR_WEG, ALS_MATRIX):
        assert b[blad][cel].value == a[blad][cel].value
    # The gebied's values, not the national ones the template carried.
    nationaal = openpyxl.load_workbook(WORKBOOKS / "nplv.xlsx", data_only=True)
    assert any(a[blad][cel].value != nationaal[blad][cel].value for blad, cel in (ZONDER_DOLLAR, MET_DOLLAR_WEG))
