"""Property-based invariants of the core over zero, PM, n.b., ranges and surpluses."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xl_opgave.core.bedrag import Bedrag
from xl_opgave.core.formules import restopgave
from xl_opgave.core.model import DekkingsPost, Onderdeel, OpgavePost, Periode, Pijler, Programma, Scenario
from xl_opgave.core.rekenen import bereken
from xl_opgave.core.scenario import pas_toe

bedragen = st.floats(min_value=0, max_value=5000, allow_nan=False).map(lambda x: round(x, 2))


@st.composite
def opgave_bedrag(draw):
    soort = draw(st.sampled_from(["exact", "nul", "bereik", "pm", "nb"]))
    if soort == "exact":
        return Bedrag.exact(draw(bedragen))
    if soort == "nul":
        return Bedrag()
    if soort == "bereik":
        a, b = sorted((draw(bedragen), draw(bedragen)))
        return Bedrag.bereik(a, b)
    if soort == "pm":
        return Bedrag.alleen_pm(f"pm{draw(st.integers(0, 9))}")
    return Bedrag.niet_bekend()


@st.composite
def dekking_bedrag(draw):
    """Dekking: mostly exact, sometimes a range or PM (extra municipal money 'nog PM')."""
    soort = draw(st.sampled_from(["exact", "exact", "bereik", "pm", "nul"]))
    if soort == "exact":
        return Bedrag.exact(draw(bedragen))
    if soort == "bereik":
        a, b = sorted((draw(bedragen), draw(bedragen)))
        return Bedrag.bereik(a, b)
    if soort == "pm":
        return Bedrag.alleen_pm(f"dekking{draw(st.integers(0, 9))}")
    return Bedrag()


@st.composite
def programmas(draw):
    pijlers = ("a", "b")[: draw(st.integers(1, 2))]
    onderdelen, opgaven, dekkingen = [], [], []
    for q in pijlers:
        for i in range(draw(st.integers(1, 5))):
            code = f"{q}{i}"
            onderdelen.append(Onderdeel(code, q, code, draw(st.floats(0, 1))))
            opgaven.append(OpgavePost("p", q, code, draw(opgave_bedrag())))
            if draw(st.booleans()):
                dekkingen.append(
                    DekkingsPost("p", q, code, f"bron{i}", Bedrag.exact(draw(bedragen)), Bedrag.exact(draw(bedragen)))
                )
        if draw(st.booleans()):
            dekkingen.append(DekkingsPost("p", q, "", "pijlerbreed", Bedrag(), Bedrag.exact(draw(bedragen))))
    return Programma(
        code="T",
        naam="test",
        bron="hypothesis",
        perioden=(Periode("p", "p", 2026, 2029, 4),),
        pijlers=tuple(Pijler(q, q) for q in pijlers),
        onderdelen=tuple(onderdelen),
        opgaven=tuple(opgaven),
        dekkingen=tuple(dekkingen),
    )


def _pijlers(programma):
    return [q.code for q in programma.pijlers]


@settings(max_examples=200, deadline=None)
@given(programmas())
def test_per_onderdeel_minstens_totaalniveau_en_verschil_is_overschot(programma):
    u = bereken(programma)
    for q in _pijlers(programma):
        totaal, per_onderdeel = u[f"p.{q}.restopgave"], u[f"p.{q}.restopgave_per_onderdeel"]
        overschot = u[f"p.{q}.overschot_onderdelen"]
        # A restopgave's low end goes with the opgave's low end, where the overschot is highest.
        for kant, tegenkant in (("laag", "hoog"), ("hoog", "laag")):
            t, o, s = getattr(totaal, kant), getattr(per_onderdeel, kant), getattr(overschot, tegenkant)
            assert o >= t - 1e-6
            assert o - t <= s + 1e-6
            if t > 1e-6:  # not clipped on total level: the difference is exactly the overschot
                assert o - t == pytest.approx(s, abs=1e-6)
        for grootheid in ("restopgave", "restopgave_per_onderdeel", "rijksrestopgave"):
            assert u[f"p.{q}.{grootheid}"].laag >= 0


@settings(max_examples=200, deadline=None)
@given(programmas())
def test_pm_nooit_als_nul_en_delen_tellen_op(programma):
    u = bereken(programma)
    for q in _pijlers(programma):
        posten = [p for p in programma.opgaven if p.pijler == q]
        pm = frozenset().union(*(p.bedrag.pm for p in posten))
        assert pm <= u[f"p.{q}.opgave"].pm
        assert pm <= u[f"p.{q}.restopgave"].pm
        # A PM in the dekking shows in the restopgave as a deduction ('- PM'), never as zero.
        dekking_pm = frozenset().union(*(d.cofinanciering.pm | d.rijksfinanciering.pm for d in programma.dekkingen if d.pijler == q))
        assert {p.omgekeerd() for p in dekking_pm} <= u[f"p.{q}.restopgave"].pm
        som_delen = sum(u[f"p.{q}.{p.onderdeel}.opgave"].laag for p in posten)
        assert u[f"p.{q}.opgave"].laag == pytest.approx(som_delen)
    assert u["p.totaal.opgave"].hoog == pytest.approx(sum(u[f"p.{q}.opgave"].hoog for q in _pijlers(programma)))
    assert u["p.totaal.restopgave"].laag == pytest.approx(sum(u[f"p.{q}.restopgave"].laag for q in _pijlers(programma)))


@settings(max_examples=200, deadline=None)
@given(programmas())
def test_rijksdeel_nooit_meer_dan_opgave(programma):
    u = bereken(programma)
    for o in programma.onderdelen:
        opgave, rijksdeel = u[f"p.{o.pijler}.{o.code}.opgave"], u[f"p.{o.pijler}.{o.code}.rijksdeel"]
        if not rijksdeel.nb:
            assert rijksdeel.hoog <= opgave.hoog + 1e-9
            assert rijksdeel.laag <= opgave.laag + 1e-9


@settings(max_examples=100, deadline=None)
@given(programmas())
def test_scenario_zonder_wijzigingen_is_basis(programma):
    assert dict(bereken(pas_toe(programma, Scenario("leeg", "leeg")))) == dict(bereken(programma))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(bedragen, bedragen), min_size=1, max_size=20), bedragen)
def test_floatpad_gelijk_aan_bedragpad(rijen, breed):
    opgave = [o for o, _ in rijen]
    dekking = [d for _, d in rijen]
    rest_onderdelen = [(Bedrag.exact(o) - Bedrag.exact(d)).afgekapt() for o, d in rijen]
    per_onderdeel = (sum((r.laag for r in rest_onderdelen), 0.0)) - breed
    assert restopgave(opgave, dekking, "onderdeel", breed) == pytest.approx(max(0.0, per_onderdeel))
    assert restopgave(opgave, dekking, "totaal", breed) == pytest.approx(max(0.0, sum(opgave) - sum(dekking) - breed))
