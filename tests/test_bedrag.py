import math

import pytest

from xl_opgave.core.bedrag import Bedrag, PmPost, parse_bedrag, parse_getal, som
from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.opmaak import bedrag_tekst, getal_nl, lees_gedrukt


@pytest.mark.parametrize(
    ("tekst", "waarde"),
    [
        ("12,5", 12.5),
        ("1.234,5", 1234.5),
        ("1.735", 1735.0),
        ("1.234.567", 1234567.0),
        ("12.5", 12.5),
        ("2.11", 2.11),
        ("0,135", 0.135),
        ("€ 2.375", 2375.0),
        ("-3,5", -3.5),
        (" 7 ", 7.0),
    ],
)
def test_parse_getal_leest_zoals_een_nederlandse_lezer(tekst, waarde):
    assert parse_getal(tekst) == pytest.approx(waarde)


@pytest.mark.parametrize("tekst", ["", "abc", "1,2,3", "12.34.5", "1.23,4.5", "=1+1"])
def test_parse_getal_weigert_onzin(tekst):
    with pytest.raises(ValueError):
        parse_getal(tekst)


def test_parse_bedrag_kent_pm_nb_streep_en_bandbreedte():
    assert parse_bedrag("PM", pm_omschrijving="x").pm == frozenset({PmPost("x")})
    assert parse_bedrag("n.b.").nb
    assert parse_bedrag("-") == Bedrag()
    assert parse_bedrag(None) == Bedrag()
    assert parse_bedrag("600 – 1.100") == Bedrag.bereik(600, 1100)
    assert parse_bedrag(12) == Bedrag.exact(12)


@pytest.mark.parametrize("waarde", [-1, "-5", "twaalf", True, math.nan, '=HYPERLINK("x")'])
def test_parse_bedrag_geeft_domeinfout_met_plaats(waarde):
    with pytest.raises(InvoerFout) as fout:
        parse_bedrag(waarde, bron="data.csv", plaats="rij 3, kolom opgave_mln")
    assert "data.csv" in str(fout.value) and "rij 3" in str(fout.value)


def test_pm_wordt_nooit_als_nul_opgeteld_maar_meegedragen():
    totaal = som([Bedrag.exact(10), Bedrag.alleen_pm("a"), Bedrag.exact(5)])
    assert totaal.laag == 15 and totaal.pm_teksten() == ["a"]
    rest = Bedrag.exact(100) - Bedrag.alleen_pm("gemeenten")
    assert rest.pm_teken() == "- PM"


def test_nb_telt_niet_mee_en_alles_nb_blijft_nb():
    assert som([Bedrag.niet_bekend(), Bedrag.exact(3)]) == Bedrag.exact(3)
    assert som([Bedrag.niet_bekend(), Bedrag.niet_bekend()]).nb


def test_bandbreedte_rekenkunde():
    verschil = Bedrag.bereik(10, 20) - Bedrag.bereik(1, 2)
    assert (verschil.laag, verschil.hoog) == (8, 19)
    assert Bedrag.bereik(-5, 3).afgekapt() == Bedrag.bereik(0, 3)


def test_nederlandse_opmaak():
    assert getal_nl(2375) == "2.375"
    assert getal_nl(2.935, 2) == "2,94"
    assert bedrag_tekst(2935) == "€2,94 mld."
    assert bedrag_tekst(2375, "mln") == "€2.375 mln."
    assert bedrag_tekst(-680, "mld") == "- €0,68 mld."
    assert bedrag_tekst(Bedrag(2445, 2445, frozenset({PmPost("x")})), "mln") == "€2.445 mln. + PM"
    assert bedrag_tekst(Bedrag.bereik(6300, 11800), "mld", 1) == "€6,3 – €11,8 mld."


def test_gedrukte_cijfers_teruglezen():
    assert lees_gedrukt("€2,94 mld.").bedrag.laag == pytest.approx(2940)
    assert lees_gedrukt("€2,94 mld.").eenheid == pytest.approx(10)
    assert lees_gedrukt("- €0,68 mld.").bedrag.laag == pytest.approx(-680)
    assert lees_gedrukt("2.340", 5).bedrag.laag == 2340
    gedrukt = lees_gedrukt("€0,6 mld. + PM")
    assert gedrukt.met_pm and gedrukt.bedrag.laag == pytest.approx(600)
    bereik = lees_gedrukt("€6,3 – €11,8 mld.")
    assert (bereik.bedrag.laag, bereik.bedrag.hoog) == (pytest.approx(6300), pytest.approx(11800))
    assert lees_gedrukt("€0,135 mld.").eenheid == pytest.approx(1)
    assert lees_gedrukt("circa drie keer").bedrag.laag == 3


@pytest.mark.parametrize(("getal", "tekst"), [(1.5, "1,5"), (2375.0, "2.375"), (222.5, "222,5"), (-0.00001, "0"), (0.135, "0,135")])
def test_getal_kort(getal, tekst):
    from xl_opgave.core.opmaak import getal_kort

    assert getal_kort(getal) == tekst


# -- issue 8: a strict grammar, not cleaning ------------------------------------------------------------


@pytest.mark.parametrize(("tekst", "waarde"), [
    ("0.135", 0.135),  # a leading 0 is no thousands group
    ("1 234,5", 1234.5), ("1\u00a0234", 1234.0),  # spaced thousands
    ("1,234.5", 1234.5),  # plain English with both separators
    ("1,234", 1.234),  # Dutch first: a comma is the decimal sign
    ("€5", 5.0), ("5 €", 5.0), ("-€ 5", -5.0), ("€ -5", -5.0), ("+7", 7.0),
])
def test_strikte_grammatica_leest_wat_een_lezer_bedoelt(tekst, waarde):
    assert parse_getal(tekst) == pytest.approx(waarde)


@pytest.mark.parametrize("tekst", ["1 2", "12€5", "1e3", "€5€", "--5", "1.2345.678", ",5", "12.", "1  234",
                                   "12,5 mln", "0.123.456", "1 23", "- 5"])
def test_strikte_grammatica_weigert_wat_geen_getal_is(tekst):
    with pytest.raises(ValueError):
        parse_getal(tekst)


def test_bedragen_buiten_bereik():
    from xl_opgave.core.bedrag import MAX_BEDRAG_MLN, GetalTeGroot

    with pytest.raises(GetalTeGroot):
        parse_getal("9" * 400)
    with pytest.raises(InvoerFout, match="buiten bereik: te groot getal"):
        parse_bedrag("9" * 400)
    with pytest.raises(InvoerFout, match=r"buiten bereik: meer dan € 1\.000\.000 mln"):
        parse_bedrag("2.375.000.000", grens=MAX_BEDRAG_MLN, bron="x.csv", plaats="rij 3")
    with pytest.raises(InvoerFout, match="buiten bereik"):
        parse_bedrag(1e308, grens=MAX_BEDRAG_MLN)
    with pytest.raises(InvoerFout, match="buiten bereik: te groot getal"):  # an int no float holds: no crash
        parse_bedrag(10**400)
    assert parse_bedrag(1_000_000, grens=MAX_BEDRAG_MLN).laag == 1_000_000
    assert parse_bedrag(13_680_000).laag == 13_680_000  # without a bound (a population count): accepted
