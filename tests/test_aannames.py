"""Aannames: the data's values follow from their stated reasons, and a result rests on exactly the aannames
whose other readings change it."""

from __future__ import annotations

import pytest
from synthetisch import cijfer, programma

from xl_opgave.core.aannames import (
    Aanname,
    Invoer,
    Lezing,
    aannames_uit_toml,
    afhankelijkheden,
    controleer_gekozen,
    lezing_toegepast,
    waarde,
)
from xl_opgave.core.analyse import analyseer
from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.rekenen import bereken
from xl_opgave.core.resultaten import ResultaatNaam
from xl_opgave.referentie import aannames_per_cijfer, aannames_per_resultaat, laad


def _dekking(onderdeel: str, bron: str) -> Invoer:
    return Invoer("dekking", (("soort", "dekking"), ("periode", "p"), ("pijler", "a"), ("onderdeel", onderdeel),
                              ("bron", bron), ("veld", "rijksfinanciering")))


def test_resultaat_rust_op_precies_de_aannames_die_het_veranderen():
    """A chosen dekking of onderdeel o1: what o1 and the pillar's dekking and restopgave rest on, o0 does not;
    a reading that keeps o1 overfunded leaves o1's restopgave (clipped at 0) alone."""
    p = programma([100.0, 50.0], [0.0, 80.0], [0.5, 0.5])
    cijfers = [cijfer("gedrukt.o1", "p.a.o1.rijksfinanciering", 80), cijfer("ander", "p.a.o1.opgave", 60)]
    gedrukt = {"gedrukt.o1": 80.0, "ander": 60.0}
    a = Aanname("X1", "dekking o1", "omdat", "Tabel 1", (_dekking("o1", "bron1"),), ("gedrukt.o1",),
                (Lezing("ruimer", ("ander",)),))
    per_sleutel = afhankelijkheden(p, [a], gedrukt.__getitem__)
    assert per_sleutel["p.a.o1.dekking"] == ("X1",)
    assert per_sleutel["p.a.dekking"] == ("X1",) and per_sleutel["p.a.restopgave"] == ("X1",)
    assert "p.a.o0.restopgave" not in per_sleutel and "p.a.opgave" not in per_sleutel
    assert "p.a.o1.restopgave" not in per_sleutel  # 50 − 80 and 50 − 60 both clip to 0
    namen = [ResultaatNaam("Rest", "p.a.restopgave"), ResultaatNaam("Opgave", "p.a.opgave")]
    analyse = analyseer(p, namen, cijfers, met_scenarios=False, aannames=[a])
    assert analyse.aannames_per_resultaat() == {"Rest": ["X1"], "Opgave": []}
    assert {b.cijfer.id: b.aannames for b in analyse.beoordelingen}["gedrukt.o1"] == ("X1",)


def test_lezing_weg_en_nieuwe_rij():
    p = programma([100.0], [20.0], [0.5])
    weg = lezing_toegepast(p, Aanname("X", "x", "r", "p", (_dekking("o0", "bron0"),), (), ()), Lezing("weg", ("weg",)),
                           lambda n: 0.0)
    assert bereken(weg)["p.a.dekking"].laag == 0
    nieuw = lezing_toegepast(p, Aanname("X", "x", "r", "p", (_dekking("o0", "nieuw"),), (), ()), Lezing("5", ("5",)),
                             lambda n: 0.0)
    assert bereken(nieuw)["p.a.dekking"].laag == 25


@pytest.mark.parametrize("code", ["nplv", "npvr"])
def test_gekozen_waarden_volgen_uit_de_gedrukte_cijfers(code):
    """Every `gekozen` expression over printed figures gives the value the data file uses (checked at load too)."""
    from xl_opgave.core.vergelijking import lees

    ref = laad(code)
    gedrukt = {c.id: lees(c).bedrag.laag for c in ref.cijfers}
    controleer_gekozen(ref.programma, ref.aannames, gedrukt.__getitem__)
    assert waarde("t5.wokt.r / 0.65 - t5.wokt.r", gedrukt.__getitem__) if code == "nplv" else True


def test_gekozen_die_niet_klopt_wordt_geweigerd():
    p = programma([100.0], [20.0], [0.5])
    a = Aanname("X", "x", "r", "Tabel 1", (_dekking("o0", "bron0"),), ("25",), ())
    with pytest.raises(InvoerFout, match="aanname X"):
        controleer_gekozen(p, [a], lambda n: 0.0)


def test_aanname_uit_toml_foutmeldingen():
    with pytest.raises(InvoerFout, match="ontbreekt"):
        aannames_uit_toml([{"id": "X", "naam": "x"}], "p.toml")
    with pytest.raises(InvoerFout, match="onbekende soort invoer"):
        aannames_uit_toml([{"id": "X", "naam": "x", "reden": "r", "plaats": "p", "invoer": [{"soort": "gevoel"}]}], "p.toml")
    with pytest.raises(InvoerFout, match="2 waarden voor 1 invoer"):
        aannames_uit_toml([{"id": "X", "naam": "x", "reden": "r", "plaats": "p",
                            "invoer": [{"soort": "jaren", "periode": "p"}], "lezing": [{"naam": "l", "waarden": ["1", "2"]}]}],
                          "p.toml")


def test_aannames_per_resultaat_voor_het_sjabloon():
    """The function the template's Resultaat will call: every result name, a list of ids (empty when none)."""
    per = aannames_per_resultaat("nplv")
    ref = laad("nplv")
    assert set(per) == {n.naam for n in ref.resultaat_namen}
    assert per["RijksOpgave_Fysiek_Tot2030"] == []
    assert per["RijksRestopgaveJaarlijks_Fysiek_Tot2030"] == ["A6"]
    # the per-onderdeel Rijks restopgave sociaal tot 2030 (343,75) uses the printed dekking per thema of
    # Tabel 13; Onderwijs is overfunded under both readings of aanname A3, so it rests on none
    assert per["RijksRestopgavePerOnderdeel_Sociaal_Tot2030"] == []
    assert per["Restopgave_Sociaal_Tot2030"] == ["A3"]
    cijfers = aannames_per_cijfer("nplv")
    assert cijfers["t13.ow.d"] == ["A3"] and cijfers["t4.nb.p1o"] == []
