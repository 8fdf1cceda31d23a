"""The core against the NPLV and NPVR reports' own arithmetic (figures worked out by hand)."""

import pytest

from xl_opgave.core.formules import jaarlijks, overschot, restopgave, rijksrestopgave
from xl_opgave.referentie import analyse


@pytest.fixture(scope="module")
def nplv():
    return analyse("nplv")


@pytest.fixture(scope="module")
def npvr():
    return analyse("npvr")


@pytest.mark.parametrize(
    ("sleutel", "verwacht"),
    [
        # Tabel 4: opgave and Rijksdeel by verdeelsleutel (50/30/70/75/65 %).
        ("tot2030.fysiek.opgave", 3050),
        ("tot2030.fysiek.rijksdeel", 445 * 0.5 + 1735 * 0.3 + 475 * 0.7 + 265 * 0.75 + 130 * 0.65),
        ("2030-2035.fysiek.rijksdeel", 445 * 0.5 + 605 * 0.3 + 720 * 0.7 + 265 * 0.75 + 130 * 0.65),
        # Tabel 5/7: dekking 675 (WoKT 45 + 90) and the total-level restopgave 2.375.
        ("tot2030.fysiek.dekking", 675),
        ("tot2030.fysiek.cofinanciering", 190),
        ("tot2030.fysiek.rijksfinanciering", 485),
        ("tot2030.fysiek.restopgave", 2375),
        ("tot2030.fysiek.rijksrestopgave", 1358.75 - 485),
        # NB under Tabel 6: per onderdeel (clipped) minus the pillar-wide 70.
        ("tot2030.fysiek.restopgave_per_onderdeel", 155 + 1735 + 475 + 85 + 0 - 70),
        ("tot2030.fysiek.overschot_onderdelen", 5),
        ("tot2030.fysiek.bereikbaarheid.restopgave", 0),
        ("2030-2035.fysiek.restopgave", 2020),
        ("2030-2035.fysiek.restopgave_per_onderdeel", 2030),
        ("tot2030.sociaal.restopgave", 560),
        ("tot2030.sociaal.restopgave_per_onderdeel", 565),
        ("tot2030.sociaal.rijksrestopgave", 235),
        ("2030-2035.sociaal.opgave", 2120),
        ("2030-2035.sociaal.restopgave", 2115),
        ("2030-2035.sociaal.rijksrestopgave", 1585),
        ("tot2030.totaal.restopgave", 2935),
        ("tot2030.totaal.restopgave_jaarlijks", 2935 / 4),
        ("2030-2035.totaal.restopgave", 4135),
        ("2030-2035.totaal.restopgave_jaarlijks", 4135 / 6),
        ("2030-2035.totaal.rijksrestopgave", 1096.25 + 1585),
        ("tot2030.fysiek.component.addon.opgave", 1710),
        ("tot2030.fysiek.component.synthese.opgave", 1340),
    ],
)
def test_nplv_kerncijfers(nplv, sleutel, verwacht):
    assert nplv.uitkomsten[sleutel].laag == pytest.approx(verwacht)


def test_nplv_resultaatnamen_compleet(nplv):
    resultaten = nplv.resultaten()
    for grootheid in [
        "Opgave",
        "Dekking",
        "Restopgave",
        "RestopgaveJaarlijks",
        "RijksOpgave",
        "RijksDekking",
        "RijksRestopgave",
        "RijksRestopgaveJaarlijks",
        "RestopgavePerOnderdeel",
    ]:
        for scope in ["Fysiek", "Sociaal", "Totaal"]:
            for periode in ["Tot2030", "Van2030"]:
                assert f"{grootheid}_{scope}_{periode}" in resultaten
    assert resultaten["Restopgave_Totaal_Tot2030"] == pytest.approx(2935)
    assert resultaten["RijksRestopgave_Totaal_Van2030"] == pytest.approx(2681.25)


def test_nplv_pm_dekking_gemeenten_wordt_meegedragen(nplv):
    pm = nplv.pm()
    assert "Restopgave_Fysiek_Tot2030" in pm
    assert "Restopgave_Sociaal_Tot2030" not in pm


def test_npvr_totalen_en_jaarlijks(npvr):
    r = npvr.resultaten()
    assert r["PubliekeOpgave_Totaal"] == pytest.approx(700 + 400 + 1100 + 135 + 1300)
    assert r["Exploitatielasten_Totaal"] == pytest.approx(550)
    assert r["Investeringsopgave_Laag"] == pytest.approx(4300 + 600 + 1400)
    assert r["Investeringsopgave_Hoog"] == pytest.approx(4300 + 1100 + 6400)
    assert r["InvesteringsopgaveJaarlijks_Hoog"] == pytest.approx(11800 / 11)
    assert r["ExploitatielastenJaarlijks_Totaal"] == pytest.approx(50)
    assert len(npvr.pm()["Exploitatielasten_Totaal"]) == 2


def test_npvr_capaciteit_is_omhullende_van_varianten(npvr):
    capaciteit = npvr.uitkomsten["2025-2035.voorzieningen.vastgoed_capaciteit.investering"]
    assert (capaciteit.laag, capaciteit.hoog) == (1400, 6400)


def test_float_formules_gelijk_aan_rapport():
    opgave = [445, 1735, 475, 265, 130]
    dekking = [290, 0, 0, 180, 135]
    assert restopgave(opgave, dekking, "totaal", 70) == 2375
    assert restopgave(opgave, dekking, "onderdeel", 70) == 2380
    assert overschot(opgave, dekking) == 5
    sleutels = [0.5, 0.3, 0.7, 0.75, 0.65]
    rijksdekking = [145, 0, 0, 180, 90]
    assert rijksrestopgave(opgave, sleutels, rijksdekking, "totaal", 70) == pytest.approx(873.75)
    assert jaarlijks(2935, 4) == pytest.approx(733.75)
    with pytest.raises(ValueError):
        restopgave([1], [1, 2])
    with pytest.raises(ValueError):
        restopgave([1], [1], "anders")


def test_resultaatnamen_hebben_een_nederlands_label():
    from xl_opgave import referentie

    for code in referentie.PROGRAMMAS:
        namen = referentie.laad(code).resultaat_namen
        assert all(n.label and "_" not in n.label for n in namen), code
        assert len({n.label for n in namen}) == len(namen), code  # one label, one result
    labels = {n.naam: n.label for n in referentie.laad("nplv").resultaat_namen}
    assert labels["Restopgave_Fysiek_Tot2030"] == "Restopgave fysieke pijler tot 2030"
    assert labels["RijksRestopgaveJaarlijks_Totaal_Van2030"] == "Rijksrestopgave totaal 2030 t/m 2035, per jaar"
