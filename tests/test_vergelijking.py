"""Every published figure is reproduced within its tolerance or flagged, from data alone."""

from dataclasses import replace

import pytest

from xl_opgave.core.analyse import analyseer
from xl_opgave.core.bedrag import Bedrag
from xl_opgave.core.expressie import namen
from xl_opgave.core.opmaak import lees_gedrukt
from xl_opgave.core.vergelijking import AFRONDING, FOUT
from xl_opgave.referentie import analyse, laad


@pytest.fixture(scope="module", params=["nplv", "npvr"])
def beoordeeld(request):
    return request.param, analyse(request.param)


def soorten(a):
    return {b.cijfer.id: b.soort for b in a.beoordelingen}


def test_elk_cijfer_binnen_tolerantie_of_gemarkeerd(beoordeeld):
    """The rule, recomputed here from the printed texts alone: half a unit, plus half a unit per part."""
    _, a = beoordeeld
    eenheid = {b.cijfer.id: lees_gedrukt(b.cijfer.gedrukt, b.cijfer.afronding, schaal=b.cijfer.schaal).eenheid for b in a.beoordelingen}
    assert a.beoordelingen
    for b in a.beoordelingen:
        if b.berekend is None:
            continue
        delen = [namen(r) for r in b.cijfer.delen]
        marge = eenheid[b.cijfer.id] / 2 + max((sum(eenheid[d] / 2 for d in r) for r in delen), default=0)
        p, c = b.gelezen.bedrag, b.berekend
        verschil = max(abs(p.laag - c.laag), abs(p.hoog - c.hoog))
        if verschil > marge + 1e-9:
            assert b.soort == FOUT, b.cijfer.id
        elif b.soort == FOUT:
            assert b.gelezen.met_pm and not c.pm, f"{b.cijfer.id} binnen de marge maar fout"


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
    "t5.wokt.t": AFRONDING,  # 140 follows from it, but lies inside its margin (5 ≤ 7,5)
    "t2.rtot.syn": AFRONDING,  # 1,75 follows from the 0,78 of the fysieke pijler, inside its margin
    "t9.tot.r": AFRONDING,  # column 2.035 vs 2.020: clipped per onderdeel vs netted on total level
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


def test_precies_deze_fouten_in_nplv():
    fouten = {b.cijfer.id for b in analyse("nplv").beoordelingen if b.soort == FOUT}
    assert fouten == {
        "t2.rfys.syn",
        "t5.wokt.c",
        "tx6.rest",
        "t6.tot.r",
        "t6nb.totaal",
        "t6nb.onderdeel",
        "t9nb.onderdeel",
        "t11.gov.p1r",
        "t13.ow.d",
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
    assert gevonden["t7.dek.t"] == FOUT  # 675 printed, 680 computed
    assert gevonden["t6.br.d"] == FOUT  # 135 printed, 140 computed
    assert gevonden["t7.rest.t"] == AFRONDING  # 2.375 vs 2.370: inside its margin, carries the dekking's fout
    assert "t7.dek.t" in {b.cijfer.id: b for b in a.beoordelingen}["t7.rest.t"].draagt_fout


def test_verschil_door_verrekenen_wordt_niet_als_afronding_van_delen_uitgelegd():
    b = {x.cijfer.id: x for x in analyse("nplv").beoordelingen}
    for cijfer in ("t13.tot.r", "t9.tot.r"):
        assert "op totaalniveau verrekend" in b[cijfer].reden, cijfer
    assert "dubbele afronding" in b["t2.rfys.rest"].reden


def test_json_afwijkingen_velden():
    a = analyse("nplv")
    for afwijking in a.afwijkingen_json():
        assert set(afwijking) >= {"tabel", "soort", "omschrijving", "gepubliceerd", "berekend", "toelichting"}
        assert afwijking["soort"] in (FOUT, AFRONDING)
        assert afwijking["toelichting"]


def test_afronding_zoals_rapport_halven_naar_nul():
    from xl_opgave.core.afronding import rond, rond_zoals_rapport

    for getal, eenheid, verwacht in [(222.5, 5, 220), (975, 10, 970), (-485, 10, -480), (2115, 10, 2110),
                                     (77.5, 5, 75), (332.5, 5, 330), (223, 5, 225), (0.975, 0.01, 0.97),
                                     (874.25, 5, 875), (0.1 + 0.2, 0.1, 0.3)]:
        assert rond_zoals_rapport(getal, eenheid) == pytest.approx(verwacht), (getal, eenheid)
    assert rond(222.5, 5) == 225  # Excel's ROUND: away from zero
