"""Every flag and every non-flag of the 434 published figures, re-derived under the interval rule.

`VOOR` is what the previous rule (a fixed tolerance around the computed point value) flagged;
`WIJZIGINGEN` every figure whose flag the interval rule changes, with the reason. Every other figure
keeps its former flag, and the test checks all 434 of them.
"""

from __future__ import annotations

import pytest

from xl_opgave.core.vergelijking import AFRONDING, FOUT
from xl_opgave.referentie import analyse

F, A, G = FOUT, AFRONDING, None

VOOR = {
    "nplv": {
        "s.p2.rest": A, "t1.opg.p2": A, "t1.rijk.p1": A, "tx2.fys.rest": A, "tx2.fys.rijk": A, "t2.fys.rest": A,
        "t2.tot.dek": A, "t2.rfys.syn": F, "t2.rfys.dek": A, "t2.rfys.rest": A, "t2.rsoc.syn": A, "t2.rsoc.sub": A,
        "t2.rsoc.rest": A, "t2.rtot.syn": A, "t2.rtot.sub": A, "t2.rtot.dek": A, "t2.rtot.rest": A, "t3.fys.dek": A,
        "t3.fys.rest": A, "t3.soc.rest": A, "t3.tot.opg": A, "t3.tot.rest": A, "t3.rfys.dek": A, "t3.rsoc.rest": A,
        "tx3.rest": A, "tx3.soc": A, "tx3.fys.rest": A, "tx3.fys.dek": A, "tx3.soc.rest": A, "tx3.soc.rijk": A,
        "t4.nb.p1r": A, "t4.nb.p2r": A, "tx4.nb.p1r": A, "tx4.nb.p2r": A, "t5.wokt.c": F, "t5.wokt.t": A,
        "tx6.rest": F, "t6.nb.rr": A, "t6.tot.r": F, "t6nb.totaal": F, "t6nb.onderdeel": F, "t9.nb.rr": A,
        "t9.tot.r": A, "t9nb.onderdeel": F, "t11.gov.p1r": F, "t11.tot.p2o": A, "t13.ow.d": F, "t13.tot.r": A,
    },
    "npvr": {"t21.tot": A, "kop22": A, "tx22": A, "tx34.vb": A, "kop35": F},
}

HALF = "the computed value lies exactly on a rounding boundary (a tie): a correct rounding either way, never flagged"
WIJZIGINGEN = {
    "nplv": {
        # (before, now, why)
        "tx2.fys.rijk": (A, G, "873,75 → €0,88 mld.: inside what the inputs allow (872,5 – 880); its parts 1,36 − 0,48 add up"),
        "t2.rfys.rest": (A, G, "as tx2.fys.rijk: no 'double rounding' flag, 0,88 is inside and 1,36 − 0,48 = 0,88"),
        "t2.rfys.syn": (F, G, "0,78 is inside 762,5 – 777,5 ± 5: Tabel 4's opgaven are rounded to €5 mln and the "
                              "add-on's 0,59 to €0,01 mld. (the issue's example; footnote 3 warns of it)"),
        "t2.rfys.sub": (G, A, "a reader adds the printed parts 0,78 + 0,59 = 1,37 against the printed 1,36"),
        "t2.rtot.syn": (A, G, "no longer carries a fout of t2.rfys.syn; its parts 0,78 + 0,97 = 1,75 add up"),
        "t2.rfys.dek": (A, G, HALF + " (−485 → −0,48)"),
        "t2.rsoc.syn": (A, G, HALF + " (975 → 0,97)"),
        "t2.rsoc.sub": (A, G, HALF + " (975 → 0,97)"),
        "t2.rtot.dek": (A, G, HALF + " (−1.225 → −1,22)"),
        "t3.fys.dek": (A, G, HALF + " (145 → 0,14)"),
        "t3.soc.rest": (A, G, HALF + " (2.115 → 2,11)"),
        "t3.rfys.dek": (A, G, HALF + " (95 → 0,09)"),
        "t3.rsoc.rest": (A, G, HALF + " (1.585 → 1,58)"),
        "tx3.soc": (A, G, HALF + " (2.115 → 2,11)"),
        "tx3.fys.dek": (A, G, HALF + " (145 → 0,14)"),
        "tx3.soc.rest": (A, G, HALF + " (2.115 → 2.11)"),
        "tx3.soc.rijk": (A, G, HALF + " (1.585 → 1,58)"),
        "t4.nb.p1r": (A, G, HALF + " (222,5 → 220)"),
        "t4.nb.p2r": (A, G, HALF + " (222,5 → 220)"),
        "tx4.nb.p1r": (A, G, HALF + " (222,5 → 220)"),
        "tx4.nb.p2r": (A, G, HALF + " (222,5 → 220)"),
        "t6.nb.rr": (A, G, HALF + " (77,5 → 75)"),
        "t9.nb.rr": (A, G, HALF + " (222,5 → 220)"),
        "t5.wokt.c": (F, G, "50 is itself the printed input (47,5 – 52,5); nothing computed contradicts it: the clash "
                            "with Tabel 6 (135) and Tabel 5's own totals shows on those totals, and in aanname A1"),
        "t5.wokt.t": (A, G, "50 + 90 = 140 adds up as printed"),
        "t5.tot.c": (G, A, "the printed parts 145 + 50 = 195 against the printed 190 (the WoKT cofinanciering)"),
        "t5.tot.t": (G, A, "the printed parts 180 + 50 + 290 + 140 + 20 = 680 against the printed 675 (the same)"),
        "t9nb.onderdeel": (F, A, "2.035 is inside 2.017,5 – 2.042,5 (Tabel 9's opgaven are rounded to €5 mln); its "
                                 "printed parts with Governance* give 2.030: the 5 is exactly the pillar-wide dekking"),
        "t11.gov.p1r": (F, G, "75% of 42,5 – 47,5 is 31,875 – 35,625; 30 is a correct rounding of 31,875"),
        "t11.tot.p1r": (G, A, "the printed parts 160 + 200 + 310 + 270 + 30 = 970 against the printed 975"),
        "t13.ow.d": (F, G, "only Tabel 13 itself states the dekking of Onderwijs (how the sources split over the "
                           "thema's is printed nowhere), so nothing computed can contradict 415; the clash shows on "
                           "the column total, and in aanname A3"),
        "t13.tot.d": (G, A, "the printed parts 105 + 25 + 415 + 170 + 20 = 735 against the printed 740"),
    },
    "npvr": {},
}


@pytest.fixture(scope="module", params=["nplv", "npvr"])
def beoordeeld(request):
    return request.param, analyse(request.param)


def test_elk_cijfer_opnieuw_afgeleid(beoordeeld):
    code, a = beoordeeld
    herberekend = [b for b in a.beoordelingen if b.berekend is not None]
    assert len(herberekend) == {"nplv": 364, "npvr": 70}[code]
    verwacht = dict(VOOR[code])
    for cijfer, (voor, nu, _) in WIJZIGINGEN[code].items():
        assert VOOR[code].get(cijfer) == voor, f"{cijfer}: 'voor' in the table is not the former flag"
        verwacht[cijfer] = nu
    fouten = [(b.cijfer.id, verwacht.get(b.cijfer.id), b.soort) for b in herberekend if b.soort != verwacht.get(b.cijfer.id)]
    assert not fouten


def test_de_fouten_van_het_rapport_blijven():
    """The report's real errors survive the interval rule."""
    for code, fouten in (("nplv", {"tx6.rest", "t6.tot.r", "t6nb.totaal", "t6nb.onderdeel"}), ("npvr", {"kop35"})):
        assert {b.cijfer.id for b in analyse(code).beoordelingen if b.soort == FOUT} == fouten


def test_toelichtingen_tellen_op():
    """Every explanation of a total that does not add up takes the difference apart into terms that add up."""
    import re

    def getal(tekst: str) -> float:
        return float(tekst.replace("−", "-").replace(".", "").replace(",", "."))

    gecontroleerd = 0
    for code in ("nplv", "npvr"):
        for b in analyse(code).beoordelingen:
            for stuk in re.findall(r"verschil ([+−][\d.,]+) = (.*?)(?:; |$)", b.toelichting):
                gecontroleerd += 1
                totaal = getal(stuk[0])
                termen = re.findall(r"(?:^|en )([+−][\d.,]+) ", stuk[1])
                assert termen, (b.cijfer.id, stuk)
                assert sum(getal(t) for t in termen) == pytest.approx(totaal, abs=1e-6), (b.cijfer.id, stuk)
    assert gecontroleerd >= 25


def test_de_toelichtingen_van_het_issue():
    b = {x.cijfer.id: x for x in analyse("nplv").beoordelingen}
    # NB under Tabel 6: per onderdeel from the printed parts 2.380, the 45 not one omitted part
    nb6 = b["t6nb.onderdeel"].toelichting
    assert "155 + 1.735 + 475 + 85 + 0 − 70 = 2.380" in nb6 and "+45" in nb6 and "Capaciteit" not in nb6
    # NB under Tabel 9: 2.035 is the column without the pillar-wide dekking (5)
    nb9 = b["t9nb.onderdeel"]
    assert "445 + 605 + 720 + 265 + 0 − 5 = 2.030" in nb9.toelichting and "Governance*" in nb9.oorzaak
    # Tabel 9's column against its total: 10 overschot plus 5 pillar-wide dekking, not 15 of clipping
    t9 = b["t9.tot.r"].toelichting
    assert "10 overschot op Bereikbaarheid en Mobiliteit en 5 pijlerbrede dekking" in t9
    # Tabel 5: the same WoKT difference on both totals, with the aanname that carries it
    for cijfer in ("t5.tot.c", "t5.tot.t"):
        assert "WoKT 2.0" in b[cijfer].toelichting and "−5" in b[cijfer].toelichting
    assert "aanname A1" in b["t5.tot.c"].toelichting
    # the report's tie 332,5 → 335 (Tabel 4, particuliere voorraad) is not flagged
    assert b["t4.hp.p1r"].soort is None and b["t4.hp.p1r"].berekend.laag == pytest.approx(332.5)


def test_npvr_kop_35_zonder_verschil_0():
    """§3.4's upper bounds differ by 100 (1,2 against 1,1): the explanation says so, not 'verschil 0'."""
    b = {x.cijfer.id: x for x in analyse("npvr").beoordelingen}
    assert "verschil 0" not in b["tx34.vb"].toelichting
    assert "bovengrens: gedrukte delen 600 + 400 + 200 = 1.200, gedrukt 1.100: verschil −100" in b["tx34.vb"].toelichting
