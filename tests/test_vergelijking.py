"""Published figures against their recomputation: the machinery around the interval rule."""

from dataclasses import replace

import pytest

from xl_opgave.core.analyse import analyseer
from xl_opgave.core.bedrag import Bedrag
from xl_opgave.core.vergelijking import AFRONDING, FOUT
from xl_opgave.referentie import analyse, laad


def soorten(a):
    return {b.cijfer.id: b.soort for b in a.beoordelingen}


def test_vlaggen_hangen_niet_af_van_de_aannames():
    """With WoKT cofinanciering taken as the printed 50 instead of aanname A1's 45, the recomputed values
    change but no flag does: the intervals come from printed figures only."""
    ref = laad("nplv")
    dekkingen = tuple(
        replace(d, cofinanciering=Bedrag.exact(50)) if d.bron == "WoKT 2.0" and d.periode == "tot2030" else d
        for d in ref.programma.dekkingen
    )
    a = analyseer(ref.programma.met(dekkingen=dekkingen), ref.resultaat_namen, ref.cijfers)
    basis = analyse("nplv")
    assert soorten(a) == soorten(basis)
    berekend = {b.cijfer.id: b.berekend for b in a.beoordelingen}
    assert berekend["t7.dek.t"].laag == pytest.approx(680)  # the point value follows the input
    assert {b.cijfer.id: b.toegestaan for b in a.beoordelingen} == {b.cijfer.id: b.toegestaan for b in basis.beoordelingen}


def test_vlaggen_volgen_de_gedrukte_cijfers_niet_een_lijst():
    """Print Tabel 7's restopgave as 2.340 too: it becomes a fout by the same rule, nothing listed by hand."""
    ref = laad("nplv")
    cijfers = [replace(c, gedrukt="2.340") if c.id == "t7.rest.t" else c for c in ref.cijfers]
    a = soorten(analyseer(ref.programma, ref.resultaat_namen, cijfers, aannames=ref.aannames))
    assert a["t7.rest.t"] == FOUT


def test_json_afwijkingen_velden():
    a = analyse("nplv")
    for afwijking in a.afwijkingen_json():
        assert set(afwijking) >= {"id", "klasse", "tabel", "soort", "omschrijving", "gepubliceerd", "berekend",
                                  "toegestaan", "rekensom", "oorzaak", "toelichting", "aannames"}
        assert afwijking["soort"] in (FOUT, AFRONDING)
        assert afwijking["toelichting"] and afwijking["oorzaak"] and afwijking["rekensom"]


def test_getoond_zoals_het_rapport_afrondt():
    """The CLI shows amounts rounded the report's way: exact halves toward zero (issue 9, item 1)."""
    b = {x.cijfer.id: x for x in analyse("nplv").beoordelingen}
    assert b["t4.nb.p1r"].getoond() == "220"  # 222,5 (Excel's ROUND would say 225)
    assert b["t6.nb.rr"].getoond() == "75"  # 77,5
    assert b["t2.rfys.dek"].getoond() == "- €0,48 mld."  # −485
    assert b["t4.hp.p1r"].getoond() == "330"  # 332,5: the report itself prints 335 (a tie, not flagged)
    assert b["t4.hp.p1r"].soort is None


def test_afronding_zoals_rapport_halven_naar_nul():
    from xl_opgave.core.afronding import rond, rond_zoals_rapport

    for getal, eenheid, verwacht in [(222.5, 5, 220), (975, 10, 970), (-485, 10, -480), (2115, 10, 2110),
                                     (77.5, 5, 75), (332.5, 5, 330), (223, 5, 225), (0.975, 0.01, 0.97),
                                     (874.25, 5, 875), (0.1 + 0.2, 0.1, 0.3)]:
        assert rond_zoals_rapport(getal, eenheid) == pytest.approx(verwacht), (getal, eenheid)
    assert rond(222.5, 5) == 225  # Excel's ROUND: away from zero


def test_handgeschreven_toelichting_wordt_geweigerd():
    from xl_opgave.core.fouten import InvoerFout
    from xl_opgave.core.vergelijking import cijfers_uit_rijen

    rij = {"_rij": "2", "id": "x", "tabel": "T", "rij": "r", "kolom": "k", "gedrukt": "5", "formule": "a",
           "delen": "", "toelichting": "vermoedelijk een tikfout"}
    with pytest.raises(InvoerFout, match="toelichting blijft leeg"):
        cijfers_uit_rijen([rij], "gepubliceerd.csv")
