"""Every published figure is reproduced within its tolerance or flagged, from data alone."""

from dataclasses import replace

import pytest

from xl_opgave.core.analyse import analyseer
from xl_opgave.core.bedrag import Bedrag
from xl_opgave.core.vergelijking import AFRONDING, FOUT
from xl_opgave.referentie import analyse, laad


@pytest.fixture(scope="module", params=["nplv", "npvr"])
def beoordeeld(request):
    return request.param, analyse(request.param)


def soorten(a):
    return {b.cijfer.id: b.soort for b in a.beoordelingen}


def test_elk_cijfer_binnen_tolerantie_of_gemarkeerd(beoordeeld):
    _, a = beoordeeld
    assert a.beoordelingen
    for b in a.beoordelingen:
        if b.berekend is None:
            continue
        p, c = b.gelezen.bedrag, b.berekend
        verschil = max(abs(p.laag - c.laag), abs(p.hoog - c.hoog))
        if verschil > b.tolerantie + 1e-9:
            assert b.soort == FOUT, b.cijfer.id


def test_toelichting_met_de_hand_alleen_bij_gemarkeerde_cijfers(beoordeeld):
    _, a = beoordeeld
    for b in a.beoordelingen:
        if b.cijfer.toelichting:
            assert b.soort, f"{b.cijfer.id} heeft een toelichting maar wordt niet gemarkeerd"


NPLV_VERWACHT = {
    "t6.tot.r": FOUT,  # 2.340 vs 3.050 − 675 = 2.375
    "tx6.rest": FOUT,
    "t6nb.totaal": FOUT,
    "t6nb.onderdeel": FOUT,  # 2.425 vs 2.380
    "t9nb.onderdeel": FOUT,  # 2.035 vs 2.030 (pillar-wide 5 not deducted)
    "t5.wokt.c": FOUT,  # 50 vs 45
    "t5.wokt.t": FOUT,  # 140 follows from it
    "t11.gov.p1r": FOUT,  # 30 vs 33,75
    "t13.ow.d": FOUT,  # 415 vs 420
    "t2.rfys.syn": FOUT,  # 0,78 + 0,59 ≠ 1,36
    "t4.nb.p1r": AFRONDING,  # 222,5 printed as 220
    "t11.tot.p2o": AFRONDING,  # 2.120 vs printed parts 2.115
    "t3.tot.rest": AFRONDING,  # €4,14 vs 2,02 + 2,11
    "t13.tot.r": AFRONDING,  # 560 vs column 565
    "t7.rest.t": None,
    "t10.rest.r": None,
    "t16.rest.r": None,
    "t5.tot.t": None,  # right total; its wrong part is flagged instead
}

NPVR_VERWACHT = {
    "kop35": FOUT,  # heading €0,7 mld. vs €1,4 – €6,4 mld.
    "t21.tot": AFRONDING,  # €6,6 vs printed parts €6,5
    "tx34.vb": AFRONDING,  # functions add to 1,2
    "t12.tot.pub": None,
    "t12.tot.inv": None,
    "t12.tot.exp": None,
    "t12.jr.exp": None,
}


def test_bekende_afwijkingen_worden_gevonden():
    for naam, verwacht in (("nplv", NPLV_VERWACHT), ("npvr", NPVR_VERWACHT)):
        gevonden = soorten(analyse(naam))
        for cijfer, soort in verwacht.items():
            assert gevonden[cijfer] == soort, (naam, cijfer)


def test_vlaggen_volgen_de_invoer_niet_een_lijst():
    """With WoKT cofinanciering read as the printed 50, Tabel 5 agrees and Tabel 6/7 do not."""
    ref = laad("nplv")
    dekkingen = tuple(
        replace(d, cofinanciering=Bedrag.exact(50)) if d.bron == "WoKT 2.0" and d.periode == "tot2030" else d
        for d in ref.programma.dekkingen
    )
    a = analyseer(ref.programma.met(dekkingen=dekkingen), ref.resultaat_namen, ref.cijfers)
    gevonden = soorten(a)
    assert gevonden["t5.wokt.c"] is None
    assert gevonden["t7.rest.t"] == FOUT
    assert gevonden["t6.br.d"] == FOUT


def test_json_afwijkingen_velden():
    a = analyse("nplv")
    for afwijking in a.afwijkingen_json():
        assert set(afwijking) >= {"tabel", "soort", "omschrijving", "gepubliceerd", "berekend", "toelichting"}
        assert afwijking["soort"] in (FOUT, AFRONDING)
        assert afwijking["toelichting"]
