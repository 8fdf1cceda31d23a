"""Each class of checks between printed figures and statements, proven with a planted inconsistency in a
small synthetic programme (and its counterpart without it), then run over both reports."""

from __future__ import annotations

import pytest
from synthetisch import cijfer

from xl_opgave.core.analyse import analyseer
from xl_opgave.core.bedrag import Bedrag
from xl_opgave.core.controles import KLASSEN, Controle, Onderdeel, controleer_ids, controles_uit_toml
from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.model import DekkingsPost, OpgavePost, Periode, Pijler, Programma
from xl_opgave.core.model import Onderdeel as Thema
from xl_opgave.core.vergelijking import AFRONDING, FOUT, Cijfer
from xl_opgave.referentie import analyse


def _programma() -> Programma:
    """Pillar a: o0 (opgave 100, Rijksdeel 50%, Rijksdekking 50); pillar b: o1 (opgave 150, 75%, no dekking)."""
    return Programma(
        code="T", naam="Test", bron="synthetisch", perioden=(Periode("p", "periode", 2026, 2029, 4),),
        pijlers=(Pijler("a", "A"), Pijler("b", "B")),
        onderdelen=(Thema("o0", "a", "Onderdeel 0", 0.5), Thema("o1", "b", "Onderdeel 1", 0.75)),
        opgaven=(OpgavePost("p", "a", "o0", Bedrag.exact(100)), OpgavePost("p", "b", "o1", Bedrag.exact(150))),
        dekkingen=(DekkingsPost("p", "a", "o0", "bron0", Bedrag(), Bedrag.exact(50)),),
    )


def _cijfers(**anders) -> list[Cijfer]:
    """The synthetic report's printed figures; keyword arguments replace what one of them prints."""
    rijen = [
        ("t.o0", "p.a.o0.opgave", 100, "", "Tabel 1"), ("t.o1", "p.b.o1.opgave", 150, "", "Tabel 1"),
        ("t.d0", "p.a.o0.rijksfinanciering", 50, "", "Tabel 1"), ("t.c0", "p.a.o0.cofinanciering", 0, "", "Tabel 1"),
        ("t.rr0", "p.a.o0.rijksrestopgave", 0, "", "Tabel 1"), ("t.rr1", "p.b.o1.rijksrestopgave", 112.5, "", "Tabel 1"),
        ("t.ra", "p.a.restopgave", 50, "", "Tabel 2"), ("t.rb", "p.b.restopgave", 150, "", "Tabel 2"),
        ("t.rt", "p.totaal.restopgave", 200, "t.ra + t.rb", "Tabel 2"),
        # per year: 12,5 and 37,5, printed to €5 mln (a tie each), total 50
        ("t.ja", "p.a.restopgave_jaarlijks", 15, "", "Tabel 2"), ("t.jb", "p.b.restopgave_jaarlijks", 35, "", "Tabel 2"),
        ("t.jt", "p.totaal.restopgave_jaarlijks", 50, "", "Tabel 2"),
        ("tx.rt", "p.totaal.restopgave", 200, "", "Tekst bij Tabel 2"),
        ("tx.rr", "p.totaal.rijksrestopgave", 112.5, "", "Tekst bij Tabel 2"),
        ("tx.d", "p.totaal.dekking", "€50 miljoen", "", "Tekst bij Tabel 1"),
        ("tx.o0", "p.a.o0.opgave", 100, "", "Tekst bij Tabel 1"),
    ]
    uit = []
    for id_, formule, gedrukt, delen, tabel in rijen:
        gedrukt = anders.get(id_.replace(".", "_"), gedrukt)
        uit.append(cijfer(id_, formule, gedrukt, afronding=2.5 if isinstance(gedrukt, float) else 5, delen=delen,
                          tabel=tabel, rij=id_))
    uit += [Cijfer("a.x.lf", "Bijlage 1", "Voorziening x", "lopen/fietsen", anders.get("a_x_lf", "15 min."), 1),
            Cijfer("a.y.lf", "Bijlage 1", "Voorziening y", "lopen/fietsen", "15 min.", 1)]
    return uit


CONTROLES = [
    Controle("zin", "tekst", "Tekst bij Tabel 2", "€200 miljoen, waarvan €112,5 miljoen Rijksopgave", "tx.rr <= tx.rt"),
    Controle("vn", "opsomming", "Voetnoot 1", "de restopgave is die van pijler A en B", "t.rt = t.ra + t.rb"),
    Controle("bew", "bewering", "§2", "alleen onderdeel 1 heeft een resterende Rijksopgave", "t.rr0 = 0"),
    Controle("bij", "bijlage", "§3", "alle voorzieningen binnen 15 minuten lopen of fietsen", "elk(a.*.lf = 15)"),
    Controle("ver", "verwijzing", "§2", "zie voetnoot 1 over de pijlers", naar=("voetnoot 1",), onderwerp=("pijler",)),
]
INHOUD = [Onderdeel("voetnoot", "1", "2", ("de pijlers a en b",)), Onderdeel("voetnoot", "2", "2", ("bronnen",))]


def _bevindingen(cijfers, controles=CONTROLES, inhoud=INHOUD):
    bijlage = [c for c in cijfers if c.tabel.startswith("Bijlage")]
    gewoon = [c for c in cijfers if not c.tabel.startswith("Bijlage")]
    a = analyseer(_programma(), (), gewoon, met_scenarios=False, controles=controles, inhoud=inhoud, bijlagecijfers=bijlage)
    return a, {b.controle.id: b for b in a.controles.bevindingen}


def test_zonder_planting_geen_bevindingen():
    a, bevindingen = _bevindingen(_cijfers())
    assert not bevindingen, {k: b.uitleg for k, b in bevindingen.items()}
    assert all(b.soort is None for b in a.beoordelingen), [b.cijfer.id for b in a.beoordelingen if b.soort]
    assert set(a.controles.uitgevoerd) >= {"tekst", "opsomming", "bewering", "bijlage", "verwijzing", "jaarlijks", "notatie"}


def test_jaarlijks_delen_tellen_niet_op():
    """12,5 and 37,5 printed as 10 and 35 (ties, each a correct rounding), total 50: the parts give 45."""
    a, b = _bevindingen(_cijfers(t_ja=10))
    jaar = b["jaardelen.t.jt"]
    assert jaar.klasse == "jaarlijks" and jaar.soort == AFRONDING and "10 + 35 = 45" in jaar.uitleg
    assert {x.cijfer.id: x.soort for x in a.beoordelingen}["t.ja"] is None  # each figure itself is fine


def test_jaarlijks_tegen_periodetotaal():
    a, b = _bevindingen(_cijfers(t_jt=60))
    assert b["jaar.t.jt"].soort == FOUT and "200 / 4" in b["jaar.t.jt"].uitleg


def test_tekst_tegen_tabel_en_binnen_een_zin():
    """The text prints another opgave than Tabel 1 (each alone possible, not both), and a Rijks share larger
    than the total it is part of."""
    a, b = _bevindingen(_cijfers(tx_o0=110, tx_rr=215))
    assert b["zelfde.tx.o0"].klasse == "tekst" and b["zelfde.tx.o0"].soort == FOUT
    assert "elders gedrukt als 100" in b["zelfde.tx.o0"].uitleg
    assert {x.cijfer.id: x.soort for x in a.beoordelingen}["tx.o0"] is None  # only the pair is inconsistent
    assert b["zin"].soort == FOUT and "meer dan" in b["zin"].uitleg


def test_opsomming_mist_een_deel():
    """A footnote that names only pillar A as the parts of the total: the missing part is named from the numbers."""
    controles = [Controle("vn", "opsomming", "Voetnoot 1", "de restopgave is die van pijler A", "t.rt = t.ra")]
    a, b = _bevindingen(_cijfers(), controles)
    vn = b["vn"]
    assert vn.klasse == "opsomming" and vn.soort == FOUT
    assert "het verschil is gelijk aan t.rb" in vn.uitleg  # 200 − 50 = 150: pillar B's printed restopgave


def test_bewering_die_de_tabel_tegenspreekt():
    a, b = _bevindingen(_cijfers(t_rr0=10))
    assert b["bew"].klasse == "bewering" and b["bew"].soort == FOUT and "zoals gedrukt 10" in b["bew"].uitleg


def test_hoofdtekst_tegen_bijlage():
    a, b = _bevindingen(_cijfers(a_x_lf="30 min."))
    assert b["bij"].klasse == "bijlage" and b["bij"].soort == FOUT and b["bij"].uitleg.startswith("Voorziening x")


def test_verwijzing_naar_het_verkeerde_of_niets():
    controles = [Controle("ver", "verwijzing", "§2", "zie voetnoot 2 en 7 over de pijlers", naar=("voetnoot 2", "voetnoot 7"),
                          onderwerp=("pijler",))]
    a, b = _bevindingen(_cijfers(), controles)
    ver = b["ver"]
    assert ver.soort == "redactioneel" and not ver.numeriek
    assert "voetnoot 2 gaat niet over pijler" in ver.uitleg and "voetnoot 7 bestaat niet" in ver.uitleg
    assert "wel over pijler: voetnoot 1" in ver.uitleg
    assert a.redactioneel_json()[0]["plaats"] == "§2"


def test_notatie_punt_en_eenheid():
    a, b = _bevindingen(_cijfers(tx_d="€50"))
    assert b["notatie.eenheid.tx.d"].soort == "redactioneel"
    a, b = _bevindingen(_cijfers(tx_d="€0.05 miljard"))
    assert "punt als decimaalteken" in b["notatie.punt.tx.d"].uitleg


def test_controle_met_onbekend_cijfer_of_klasse_wordt_geweigerd():
    with pytest.raises(InvoerFout, match="bestaat niet"):
        controleer_ids([Controle("x", "tekst", "p", regel="t.o0 = t.o9")], _cijfers(), "controles.toml")
    with pytest.raises(InvoerFout, match="onbekende klasse"):
        controles_uit_toml({"controle": [{"id": "x", "klasse": "gevoel", "plaats": "p", "regel": "a = b"}]}, "c.toml")


def test_beide_rapporten():
    nplv, npvr = analyse("nplv"), analyse("npvr")
    for a in (nplv, npvr):
        assert set(a.controles.uitgevoerd) >= {"tekst", "opsomming", "verwijzing", "jaarlijks", "notatie"}
    b = {x.controle.id: x for x in nplv.controles.bevindingen}
    assert b["vn.tabel13.dekking"].soort == FOUT and "Programma-organisatie" in b["vn.tabel13.dekking"].uitleg
    assert b["bew.rijks.uitsluitend"].soort == FOUT and "Leefomgeving" in b["bew.rijks.uitsluitend"].uitleg
    assert b["zin.tabel6"].soort == FOUT and "2.210 + 155 = 2.365" in b["zin.tabel6"].uitleg
    assert b["jaardelen.t3.rtot.jaar"].soort == AFRONDING and "180 + 260 = 440" in b["jaardelen.t3.rtot.jaar"].uitleg
    assert b["bew.75procent"].soort == AFRONDING and "Governance" in b["bew.75procent"].uitleg
    assert "voetnoot 7, voetnoot 8" in b["ver.vn13"].uitleg
    assert {"notatie.punt.tx3.soc.rest", "notatie.eenheid.tx5.cofin"} <= set(b)
    n = {x.controle.id: x for x in npvr.controles.bevindingen}
    assert "Voortgezet onderwijs" in n["bij.streefwaarde.lopen"].uitleg and "HBO/WO" in n["bij.streefwaarde.lopen"].uitleg
    assert all(k in KLASSEN for k in nplv.controles.uitgevoerd)
