"""The interval rule, proven as properties: every correctly rounded figure passes, every figure outside fails."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from synthetisch import cijfer, programma

from xl_opgave.core.afronding import rond, rond_zoals_rapport
from xl_opgave.core.analyse import analyseer
from xl_opgave.core.intervallen import Interval
from xl_opgave.core.rekenen import bereken
from xl_opgave.core.vergelijking import AFRONDING, FOUT

EENHEID = 5.0


def _correct_afgerond(waarde: float, kies: int) -> float:
    """One of the correct roundings of `waarde` to €5 mln: halves either way (ties are never flagged)."""
    return (rond, rond_zoals_rapport)[kies](waarde, EENHEID)


@st.composite
def gevallen(draw):
    n = draw(st.integers(2, 4))
    opgaven = [round(draw(st.floats(0, 2000)), 2) for _ in range(n)]
    dekkingen = [round(draw(st.floats(0, 600)), 2) * draw(st.sampled_from([0, 1])) for _ in range(n)]
    sleutels = [draw(st.sampled_from([0.3, 0.5, 0.65, 0.7, 0.75])) for _ in range(n)]
    breed = round(draw(st.floats(0, 100)), 2) * draw(st.sampled_from([0, 1]))
    keuzes = draw(st.lists(st.integers(0, 1), min_size=64, max_size=64))
    return opgaven, dekkingen, sleutels, breed, keuzes


def _gedrukt(opgaven, dekkingen, sleutels, breed, keuzes):
    """Every figure a table of this programme would print, each a correct rounding of its true value."""
    p = programma(opgaven, dekkingen, sleutels, breed)
    u = bereken(p)
    k = iter(keuzes)
    cijfers = []
    n = len(opgaven)
    for i in range(n):
        for veld in ("opgave", "rijksdeel", "rijksfinanciering", "cofinanciering", "dekking", "restopgave"):
            cijfers.append(cijfer(f"o{i}.{veld}", f"p.a.o{i}.{veld}", _correct_afgerond(u[f"p.a.o{i}.{veld}"].laag, next(k))))
    delen_opgave = " + ".join(f"o{i}.opgave" for i in range(n))
    for veld, delen in (("opgave", delen_opgave), ("rijksdeel", " + ".join(f"o{i}.rijksdeel" for i in range(n))),
                        ("dekking", ""), ("restopgave", "tot.opgave - tot.dekking"), ("restopgave_jaarlijks", ""),
                        ("restopgave_per_onderdeel", "")):
        cijfers.append(cijfer(f"tot.{veld}", f"p.a.{veld}", _correct_afgerond(u[f"p.a.{veld}"].laag, next(k)), delen=delen))
    cijfers.append(cijfer("tekst.rest", "p.a.restopgave", _correct_afgerond(u["p.a.restopgave"].laag, next(k)),
                          tabel="Tekst bij Tabel X"))
    return p, cijfers


@settings(max_examples=150, deadline=None)
@given(gevallen())
def test_correct_afgeronde_cijfers_zijn_nooit_fout(geval):
    """Printed figures that are correct roundings of one consistent set of true values: nothing is `fout`,
    and only a total whose printed parts do not add up can be `afronding`."""
    p, cijfers = _gedrukt(*geval)
    analyse = analyseer(p, (), cijfers, met_scenarios=False)
    for b in analyse.beoordelingen:
        assert b.soort != FOUT, (b.cijfer.id, b.cijfer.gedrukt, b.toelichting)
        if b.soort == AFRONDING:
            assert b.cijfer.delen, b.cijfer.id
        for interval in b.toegestaan.values():  # the true value is always inside what the inputs allow
            assert interval.bevat(b.berekend.laag), (b.cijfer.id, interval, b.berekend)


@settings(max_examples=100, deadline=None)
@given(gevallen(), st.integers(1, 40), st.sampled_from(["tot.restopgave", "tot.rijksdeel", "o0.restopgave",
                                                         "tot.restopgave_per_onderdeel", "tekst.rest"]))
def test_buiten_het_interval_altijd_fout_erbinnen_nooit(geval, stappen, doel):
    """Move one computed figure to every multiple of €5 mln around what the inputs allow: `fout` exactly outside."""
    p, cijfers = _gedrukt(*geval)
    toegestaan = {b.cijfer.id: b.toegestaan["laag"] for b in analyseer(p, (), cijfers, met_scenarios=False).beoordelingen}
    interval = toegestaan[doel]
    for richting in (-1, 1):
        rand = interval.laag - EENHEID / 2 if richting < 0 else interval.hoog + EENHEID / 2
        waarde = (math.floor(rand / EENHEID) if richting < 0 else math.ceil(rand / EENHEID)) * EENHEID
        waarde += richting * EENHEID * (stappen % 3)
        if waarde < 0:
            continue
        geplant = [c if c.id != doel else cijfer(c.id, c.formule, waarde, delen="|".join(c.delen), tabel=c.tabel)
                   for c in cijfers]
        b = next(x for x in analyseer(p, (), geplant, met_scenarios=False).beoordelingen if x.cijfer.id == doel)
        binnen = interval.laag - EENHEID / 2 - 1e-6 <= waarde <= interval.hoog + EENHEID / 2 + 1e-6
        assert (b.soort == FOUT) == (not binnen), (doel, waarde, interval, b.toelichting)
        if not binnen:
            assert "buiten de marge" in b.toelichting


@settings(max_examples=300, deadline=None)
@given(st.floats(-1e4, 1e4), st.floats(0, 500), st.floats(-1e4, 1e4), st.sampled_from([0.01, 1, 5, 10, 100]))
def test_intervalrekenen_omvat_elke_uitkomst(a, breedte, b, factor):
    """Interval arithmetic encloses every result of the point arithmetic (the soundness of the rule)."""
    i, j = Interval(a, a + breedte), Interval(b, b + breedte / 2)
    for x in (a, a + breedte / 3, a + breedte):
        for y in (b, b + breedte / 2):
            assert (i + j).bevat(x + y)
            assert (i - j).bevat(x - y)
            assert (i * Interval.punt(factor)).bevat(x * factor)
            assert (i * j).bevat(x * y)
            assert i.afgekapt().bevat(max(0.0, x))


def test_gelijke_helft_wordt_nooit_gemarkeerd():
    """222,5 printed as 220 (the report's way) and as 225 (Excel's way): both correct, neither flagged."""
    p = programma([445.0], [0.0], [0.5])
    for gedrukt in (220, 225):
        cijfers = [cijfer("opg", "p.a.o0.opgave", 445), cijfer("rijk", "p.a.o0.rijksdeel", gedrukt)]
        soorten = {b.cijfer.id: b.soort for b in analyseer(p, (), cijfers, met_scenarios=False).beoordelingen}
        assert soorten == {"opg": None, "rijk": None}, gedrukt
    cijfers = [cijfer("opg", "p.a.o0.opgave", 445), cijfer("rijk", "p.a.o0.rijksdeel", 230)]
    b = {x.cijfer.id: x for x in analyseer(p, (), cijfers, met_scenarios=False).beoordelingen}["rijk"]
    assert b.soort == FOUT  # 0,5 × 447,5 = 223,75: 230 is more than half a unit beyond
    assert b.toegestaan["laag"] == Interval(221.25, 223.75)


def test_gedrukt_totaal_smalt_wat_verder_volgt():
    """A printed total narrows what follows from it: five opgaven of ±2,5 allow ±12,5, their printed total ±2,5."""
    p = programma([100.0, 200.0, 300.0, 400.0, 500.0], [0, 0, 0, 0, 0], [0.5] * 5, breed=50.0)
    cijfers = [cijfer(f"o{i}", f"p.a.o{i}.opgave", x) for i, x in enumerate([100, 200, 300, 400, 500])]
    cijfers += [cijfer("breed", "p.a.pijlerbreed.rijksfinanciering", 50), cijfer("breed.c", "p.a.pijlerbreed.cofinanciering", 0),
                cijfer("totaal", "p.a.opgave", 1500), cijfer("rest", "p.a.restopgave", 1435)]
    b = {x.cijfer.id: x for x in analyseer(p, (), cijfers, met_scenarios=False).beoordelingen}
    assert b["totaal"].toegestaan["laag"] == Interval(1487.5, 1512.5)
    # dekking: 50 ± 2,5 Rijks plus a printed '-' cofinanciering (0 – 2,5): 47,5 – 55
    assert b["rest"].toegestaan["laag"] == Interval(1497.5 - 55, 1502.5 - 47.5)
    # 1.435 < 1.442,5 − 2,5: fout; without the printed total (1.487,5 − 55 = 1.432,5) it would have passed
    assert b["rest"].soort == FOUT
    zonder_totaal = [c for c in cijfers if c.id != "totaal"]
    b = {x.cijfer.id: x for x in analyseer(p, (), zonder_totaal, met_scenarios=False).beoordelingen}
    assert b["rest"].soort is None and b["rest"].toegestaan["laag"].laag == pytest.approx(1432.5)
