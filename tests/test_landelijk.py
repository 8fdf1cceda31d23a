"""The national picture of gebieden with their own keys and years (core/landelijk.py).

Properties over random gebieden (amounts, PM, n.b., surpluses, pillar-wide dekking, keys 0–1, PM or
none): the national Rijksdeel is the sum of the gebieden' Rijksdeel amounts, whatever their keys; the
difference between the gebieden' own restopgaven and the national one is exactly the clipping per
gebied; with equal keys and years the picture is the core's own on the summed inputs, key for key.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xl_opgave.core.bedrag import Bedrag
from xl_opgave.core.landelijk import NETTO, Gebiedsuitkomst, tel_gebieden_op
from xl_opgave.core.model import DekkingsPost, Onderdeel, OpgavePost, Periode, Pijler, Programma
from xl_opgave.core.rekenen import bereken
from xl_opgave.referentie import laad
from xl_opgave.vullen.databestand import lees_databestand

WORKBOOKS = Path(__file__).resolve().parents[1] / "workbooks"
bedragen = st.floats(min_value=0, max_value=5000, allow_nan=False).map(lambda x: round(x, 2))
PIJLERS = ("a", "b")
ONDERDELEN = {"a": ("a0", "a1", "a2"), "b": ("b0", "b1")}
PERIODEN = (("p", 4), ("q", 6))


def _vorm(sleutels: dict[str, object] | None = None, jaren: dict[str, float] | None = None) -> Programma:
    sleutels = sleutels or {}
    jaren = jaren or {}
    return Programma(
        code="T", naam="Test", bron="synthetisch",
        perioden=tuple(Periode(p, p, 2026, 2030, jaren.get(p, n)) for p, n in PERIODEN),
        pijlers=tuple(Pijler(q, q) for q in PIJLERS),
        onderdelen=tuple(Onderdeel(o, q, o, sleutels.get(o, 0.5)) for q in PIJLERS for o in ONDERDELEN[q]),
    )


@st.composite
def opgave(draw):
    soort = draw(st.sampled_from(["exact", "exact", "exact", "nul", "pm"]))
    if soort == "exact":
        return Bedrag.exact(draw(bedragen))
    if soort == "pm":
        return Bedrag.alleen_pm(f"pm{draw(st.integers(0, 3))}")
    return Bedrag()


@st.composite
def gebied(draw, naam: str, vaste_sleutels: bool, vaste_jaren: bool):
    sleutels = {} if vaste_sleutels else {
        o: draw(st.one_of(st.floats(0, 1), st.just("PM"), st.none())) for q in PIJLERS for o in ONDERDELEN[q]}
    jaren = {} if vaste_jaren else {p: draw(st.sampled_from([n, n + 1, 2])) for p, n in PERIODEN}
    opgaven, dekkingen = [], []
    for p, _ in PERIODEN:
        for q in PIJLERS:
            for i, o in enumerate(ONDERDELEN[q]):
                opgaven.append(OpgavePost(p, q, o, draw(opgave())))
                if draw(st.booleans()):  # often more dekking than opgave: a surplus to clip
                    dekkingen.append(DekkingsPost(p, q, o, f"bron{i}", Bedrag.exact(draw(bedragen)),
                                                  Bedrag.exact(draw(bedragen))))
            if draw(st.booleans()):
                dekkingen.append(DekkingsPost(p, q, "", "breed", Bedrag.exact(draw(bedragen)),
                                              Bedrag.exact(draw(bedragen))))
    programma = _vorm(sleutels, jaren).met(opgaven=tuple(opgaven), dekkingen=tuple(dekkingen), gebied=naam)
    return Gebiedsuitkomst(naam, programma, bereken(programma))


def gebieden(vaste_sleutels: bool = False, vaste_jaren: bool = False):
    return st.integers(0, 5).flatmap(lambda n: st.tuples(
        *(gebied(f"g{i}", vaste_sleutels, vaste_jaren) for i in range(n))))


def _alleen_landelijk(sleutel: str) -> bool:
    """Keys the national picture leaves out (see core/landelijk.py): what only the report has, and the
    amounts per source (named as each gebied likes)."""
    return sleutel.startswith("kern.") or "aanvullend" in sleutel or ".bron." in sleutel or ".component." in sleutel


def _dicht(a: Bedrag, b: Bedrag, marge: float = 1e-6) -> bool:
    return (a.nb == b.nb and a.pm_teken() == b.pm_teken()
            and abs(a.laag - b.laag) <= marge * max(1.0, abs(b.laag))
            and abs(a.hoog - b.hoog) <= marge * max(1.0, abs(b.hoog)))


@settings(max_examples=150, deadline=None)
@given(gebieden())
def test_landelijk_rijksdeel_is_de_som_van_de_rijksdelen_van_de_gebieden(gs):
    land = tel_gebieden_op(_vorm(), gs)
    for p, _ in PERIODEN:
        for q in PIJLERS:
            for o in ONDERDELEN[q]:
                sleutel = f"{p}.{q}.{o}.rijksdeel"
                eigen = [g.uitkomsten[sleutel] for g in gs]
                verwacht_laag = sum(b.laag for b in eigen if not b.nb)
                assert land[sleutel].laag == pytest.approx(verwacht_laag, abs=1e-6)
                assert {x for b in eigen for x in b.pm} == set(land[sleutel].pm)
                assert land[sleutel].nb == (bool(eigen) and all(b.nb for b in eigen))
            totaal = f"{p}.totaal.rijksdeel"
            assert land[totaal].laag == pytest.approx(sum(g.uitkomsten[totaal].laag for g in gs
                                                          if not g.uitkomsten[totaal].nb), abs=1e-6)


@settings(max_examples=150, deadline=None)
@given(gebieden())
def test_verschil_met_de_som_van_de_gebieden_is_precies_de_afkapping(gs):
    land = tel_gebieden_op(_vorm(), gs)
    sleutels = [f"{p}.{s}.{r}" for p, _ in PERIODEN for s in (*PIJLERS, "totaal") for r in ("restopgave",
                                                                                            "rijksrestopgave")]
    sleutels += [f"{p}.{q}.{o}.restopgave" for p, _ in PERIODEN for q in PIJLERS for o in ONDERDELEN[q]]
    sleutels += [f"horizon.totaal.{r}" for r in ("restopgave", "rijksrestopgave")]
    for sleutel in sleutels:
        if land[sleutel].nb:
            continue
        verschil, afkapping = land.verschil(sleutel), land.afkapping(sleutel)
        assert afkapping is not None, sleutel
        zonder = land.zonder_eigen_rijksdeel(sleutel)
        assert verschil.laag == pytest.approx(afkapping.laag + zonder.laag, abs=1e-6), sleutel
        # Clipping only ever adds: the gebieden' own restopgaven are at least the national one (unless a
        # gebied without a Rijksdeel of its own brings Rijksfinanciering that nationally offsets others').
        if zonder.laag == 0:
            assert afkapping.laag >= -1e-6, sleutel
    assert land.afkapping(f"{PERIODEN[0][0]}.a.opgave") is None


@settings(max_examples=100, deadline=None)
@given(gebieden(vaste_sleutels=True, vaste_jaren=True))
def test_gelijke_sleutels_en_jaren_geven_de_kern_op_de_opgetelde_invoer(gs):
    vorm = _vorm()
    land = tel_gebieden_op(vorm, gs)
    opgeteld = vorm.met(opgaven=tuple(p for g in gs for p in g.programma.opgaven),
                        dekkingen=tuple(d for g in gs for d in g.programma.dekkingen))
    kern = bereken(opgeteld)
    for sleutel, bedrag in kern.items():
        if _alleen_landelijk(sleutel):
            continue
        assert sleutel in land.waarden, sleutel
        assert _dicht(land[sleutel], bedrag), (sleutel, land[sleutel], bedrag)


@settings(max_examples=100, deadline=None)
@given(gebieden(vaste_sleutels=True))
def test_per_jaar_de_jaarbedragen_van_de_gebieden(gs):
    land = tel_gebieden_op(_vorm(), gs)
    for p, _ in PERIODEN:
        for grootheid in ("opgave", "dekking", "rijksdeel", "rijksfinanciering"):
            sleutel = f"{p}.totaal.{grootheid}_jaarlijks"
            verwacht = sum(g.uitkomsten[sleutel].laag for g in gs if not g.uitkomsten[sleutel].nb)
            assert land[sleutel].laag == pytest.approx(verwacht, abs=1e-6)
        verschillend = len({g.programma.periode(p).jaren for g in gs}) > 1
        assert (p in land.jaren_verschillen) == verschillend
        if not verschillend and gs:
            n = gs[0].programma.periode(p).jaren
            for grootheid in ("restopgave", "rijksrestopgave_per_onderdeel"):
                nationaal = land[f"{p}.totaal.{grootheid}"]
                if not nationaal.nb:
                    assert land[f"{p}.totaal.{grootheid}_jaarlijks"].laag == pytest.approx(nationaal.laag / n, abs=1e-6)


def test_geen_gebieden_is_nul():
    land = tel_gebieden_op(_vorm(), [])
    assert land["p.totaal.restopgave"] == Bedrag()
    assert land.som_gebieden("p.totaal.restopgave") == Bedrag()


@pytest.mark.parametrize(("code", "data"), [("nplv", "voorbeeld_nplv_gebieden.xlsx"),
                                            ("npvr", "voorbeeld_npvr_regios.xlsx")])
def test_voorbeelddata_geeft_de_kern_op_het_opgetelde_databestand(code, data):
    """The example data (NPVR with ranges and variants): the national picture is the core's own on the
    data file's national sum, key for key, apart from what only the report has."""
    gegevens = lees_databestand(WORKBOOKS / data, code)
    land = tel_gebieden_op(laad(code).programma, [Gebiedsuitkomst(g, p, bereken(p)) for g, p in gegevens.gebieden.items()])
    kern = bereken(gegevens.totaal)
    for sleutel, bedrag in kern.items():
        if _alleen_landelijk(sleutel):
            continue
        assert _dicht(land[sleutel], bedrag), (sleutel, land[sleutel], bedrag)
    assert all(any(k.endswith(n) for k in land.waarden) for n in NETTO)


def test_gekozen_variant_telt_in_elke_variant():
    """An NPVR gebied that switched to one capacity variant counts with that amount in both variants."""
    from xl_opgave.werkboek.scenarios import combineer

    gegevens = lees_databestand(WORKBOOKS / "voorbeeld_npvr_regios.xlsx", "npvr")
    (naam, eerste), *rest = gegevens.gebieden.items()
    gekozen = bereken(combineer(eerste, {"capaciteit_nu": 1}))
    uitkomsten = [Gebiedsuitkomst(naam, eerste, gekozen)] + [Gebiedsuitkomst(g, p, bereken(p)) for g, p in rest]
    land = tel_gebieden_op(laad("npvr").programma, uitkomsten)
    basis = "2025-2035.voorzieningen.vastgoed_capaciteit.investering"
    for variant in ("nu", "2035"):
        sleutel = f"{basis}.variant.{variant}"
        verwacht = (gekozen.get(sleutel) or gekozen[basis]).laag + sum(
            bereken(p)[sleutel].laag for _, p in rest)
        assert land[sleutel].laag == pytest.approx(verwacht)


# -- rounding as the reports do, without Decimal in the common case (core/afronding.py) ------------------------


@settings(max_examples=3000, deadline=None)
@given(st.one_of(st.floats(min_value=-1e7, max_value=1e7, allow_nan=False),
                 st.integers(-200000, 200000).map(lambda n: n / 2),  # exact halves of a unit of 1
                 st.integers(-200000, 200000).map(lambda n: n * 2.5)),  # exact halves of a unit of 5
       st.sampled_from([1.0, 5.0, 10.0, 0.01, 0.5, 2.5, 1000.0, 5, 1]))
def test_snel_afronden_gelijk_aan_decimaal(getal, eenheid):
    from xl_opgave.core.afronding import _rond_zoals_rapport_decimaal, rond_zoals_rapport

    assert rond_zoals_rapport(getal, eenheid) == _rond_zoals_rapport_decimaal(getal, eenheid)
