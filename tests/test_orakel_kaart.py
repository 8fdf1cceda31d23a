"""The fast oracle and reader give exactly what the slow ones gave.

`orakel.sjabloonkaart` records the template's formulas and value getters once per programme, without
packing a workbook; `bouw_orakel` then gives the cached values of any programme from those getters. Here
that oracle is compared, formula by formula and value by value, with the template written by XlsxWriter
for the same programme and read back with openpyxl (what `bouw_orakel` did before), for the reference
programmes, a gebied, every scenario switch and every rounding choice. And the template reader's fast
path (`adreslezer.lees_adressen`) is compared with the general one (`lees_cellen`) on the template and
on sheets with shared formulas, inline strings and cells without a reference.
"""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path

import openpyxl
import pytest
from sjabloon_hulp import BLAD_XML, herschrijf, kopie

from xl_opgave.referentie import aannames_per_cijfer, aannames_per_resultaat, analyse, laad
from xl_opgave.vullen.databestand import lees_databestand
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek.adreslezer import lees_adressen
from xl_opgave.werkboek.adressen import splits_cel
from xl_opgave.werkboek.orakel import bouw_orakel, formuletekst, sjabloonkaart
from xl_opgave.werkboek.pakketlezer import GedeeldeTeksten, lees_cellen, lees_structuur
from xl_opgave.werkboek.sjabloon.schrijver import Schrijver
from xl_opgave.werkboek.veilig import open_pakket

WORKBOOKS = Path(__file__).resolve().parents[1] / "workbooks"


def _geschreven_orakel(code: str, programma, schakelaars=None, afronding=None):
    """The oracle as it was built before: the workbook written for this programme, its formulas read back
    with openpyxl, its cached values as that writer computed them."""
    schrijver = Schrijver(programma, laad(code).resultaat_namen, None, None, dict(schakelaars or {}), afronding)
    inhoud = schrijver.schrijf()
    waarden = schrijver.opname.cache(schrijver.stand)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(io.BytesIO(inhoud))
    formules = {}
    for ws in wb.worksheets:
        for rij in ws.iter_rows():
            for cel in rij:
                tekst = formuletekst(cel.value) if cel.data_type == "f" else None
                if tekst is not None:
                    formules[(ws.title, cel.coordinate)] = tekst
    return formules, {p: waarden[p] for p in formules}, tuple(wb.sheetnames)


def _gevallen():
    gebied = lees_databestand(WORKBOOKS / "voorbeeld_nplv_gebieden.xlsx", "nplv")
    yield "nplv", laad("nplv").programma, None, None
    yield "npvr", laad("npvr").programma, None, None
    yield "nplv", gebied.gebieden["Rotterdam-Zuid"], None, None
    for code in ("nplv", "npvr"):
        for scenario in laad(code).programma.scenarios:
            yield code, laad(code).programma, {scenario.code: 1}, None
    for keuze in nm.AFRONDING_KEUZES[1:]:
        yield "nplv", laad("nplv").programma, None, keuze


@pytest.mark.parametrize(("code", "programma", "schakelaars", "afronding"), list(_gevallen()),
                         ids=lambda x: getattr(x, "gebied", None) or (str(x) if not hasattr(x, "code") else x.code))
def test_kaart_orakel_gelijk_aan_het_geschreven_sjabloon(code, programma, schakelaars, afronding):
    formules, waarden, bladen = _geschreven_orakel(code, programma, schakelaars, afronding)
    orakel = bouw_orakel(code, programma, schakelaars=schakelaars, afronding=afronding)
    assert dict(orakel.formules) == formules
    assert list(orakel.formules) == list(formules)  # row by row, as openpyxl lists them
    assert dict(orakel.waarden) == waarden
    assert orakel.bladen == bladen
    for blad in nm.REKENBLADEN:
        assert orakel.cellen(blad) == [c for (b, c) in formules if b == blad]


def test_kaart_eenmaal_per_programma():
    assert sjabloonkaart("nplv") is sjabloonkaart("nplv")
    assert sjabloonkaart("nplv") is not sjabloonkaart("npvr")


@pytest.mark.parametrize("code", ["nplv", "npvr"])
def test_aannames_zonder_de_volledige_analyse_gelijk(code):
    a = analyse(code)
    assert aannames_per_resultaat(code) == a.aannames_per_resultaat()
    assert aannames_per_cijfer(code) == {b.cijfer.id: list(b.aannames) for b in a.beoordelingen}


# -- the reader's fast path --------------------------------------------------------------------------------


def _beide(pad: Path, blad: str) -> tuple[dict, dict]:
    """Every cell of one sheet (rows 1–400, columns A–K) through both readers."""
    with open_pakket(pad) as pakket:
        structuur = lees_structuur(pakket)
        deel = structuur.blad(blad).deel
        gevraagd_k = {r: set(range(1, 12)) for r in range(1, 401)}
        oud = lees_cellen(pakket, deel, gevraagd_k, GedeeldeTeksten(pakket, structuur.gedeeld))
        gevraagd_a = {r: {f"{chr(64 + k)}{r}" for k in range(1, 12)} for r in range(1, 401)}
        nieuw = lees_adressen(pakket, deel, gevraagd_a, GedeeldeTeksten(pakket, structuur.gedeeld))
    oud_a = {f"{chr(64 + k)}{r}": (c.waarde, c.formule) for (r, k), c in oud.items()}
    return oud_a, {a: (c.waarde, c.formule) for a, c in nieuw.items()}


@pytest.mark.parametrize("blad", nm.BLADEN)
def test_snelle_lezer_gelijk_aan_de_algemene(blad):
    oud, nieuw = _beide(WORKBOOKS / "nplv.xlsx", blad)
    assert oud and nieuw == oud


def test_snelle_lezer_met_gedeelde_formules_inline_tekst_en_cellen_zonder_verwijzing(tmp_path):
    pad = kopie(WORKBOOKS / "nplv.xlsx", tmp_path / "w.xlsx")

    def pas_aan(xml: str) -> str:
        # Rows 10–12, column F: one shared formula (master in F10), as Excel saves a filled-down column.
        meester = re.search(r'<c r="F10"([^>]*)><f>([^<]*)</f>', xml)
        assert meester
        xml = xml.replace(meester.group(0), f'<c r="F10"{meester.group(1)}><f t="shared" ref="F10:F12" si="7">'
                                             f'{meester.group(2)}</f>', 1)
        for r in (11, 12):
            xml = re.sub(rf'(<c r="F{r}"[^>]*>)<f>[^<]*</f>', r'\1<f t="shared" si="7"/>', xml, count=1)
        # An inline string, and a cell whose reference is left out (the column after the previous cell).
        xml = re.sub(r'<c r="A20"([^>]*?)(?: t="\w+")?>.*?</c>', r'<c r="A20"\1 t="inlineStr"><is><r><t>ge</t></r>'
                     r'<r><t>bied</t></r></is></c>', xml, count=1, flags=re.S)
        xml = xml.replace('<c r="C30"', "<c", 1)
        return xml

    herschrijf(pad, BLAD_XML[nm.BLAD_BEREKENING], pas_aan)
    oud, nieuw = _beide(pad, nm.BLAD_BEREKENING)
    assert nieuw == oud
    assert nieuw["A20"][0] == "gebied"
    assert nieuw["F11"][1] is not None and nieuw["F11"][1] != nieuw["F10"][1]
    assert splits_cel("F11") == (11, 6)


@pytest.mark.parametrize("keuze", nm.AFRONDING_KEUZES[1:])
def test_controle_met_de_eigen_afrondingskeuze_van_het_werkboek(tmp_path, keuze):
    """A workbook whose Resultaat rounds as the adviser chose is checked against that choice (before,
    the checker expected 'zoals rapport' and reported a hundred values on Resultaat as wrong)."""
    from xl_opgave.werkboek.controle import controleer
    from xl_opgave.werkboek.sjabloon import werkboek_bytes

    ref = laad("nplv")
    pad = tmp_path / "afronding.xlsx"
    pad.write_bytes(werkboek_bytes(ref.programma, ref.resultaat_namen, afronding=keuze))
    assert controleer(pad) == []
