"""Bad input gives a domain error that names the item and the source file, never a traceback."""

import pytest

from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.laden import (
    controleer_dekking_heeft_opgave,
    definitie_uit_toml,
    dekkingen_uit_rijen,
    lees_csv,
    opgaven_uit_rijen,
)
from xl_opgave.referentie import _tekst, laad

DEFINITIE = laad("nplv").programma
KOP_OPGAVE = "gebied;periode;pijler;onderdeel;opgave_mln\n"
KOP_DEKKING = "gebied;periode;pijler;onderdeel;bron;cofinanciering_mln;rijksfinanciering_mln\n"


def opgaven(tekst):
    return opgaven_uit_rijen(DEFINITIE, lees_csv(KOP_OPGAVE + tekst, "opgave.csv"), "opgave.csv")


def dekkingen(tekst):
    return dekkingen_uit_rijen(DEFINITIE, lees_csv(KOP_DEKKING + tekst, "dekking.csv"), "dekking.csv")


@pytest.mark.parametrize(
    ("regel", "melding"),
    [
        ("X;tot2030;fysiek;nieuwbouw;-5", "negatief"),
        ("X;tot2030;fysiek;nieuwbouw;veel", "geen bedrag"),
        ("X;tot2030;fysiek;nieuwbouwen;5", "onbekend onderdeel"),
        ("X;2040;fysiek;nieuwbouw;5", "onbekende periode"),
        ("X;tot2030;sociaal;nieuwbouw;5", "hoort niet bij"),
    ],
)
def test_opgave_fouten_noemen_bestand_rij_en_kolom(regel, melding):
    with pytest.raises(InvoerFout) as fout:
        opgaven(regel + "\n")
    tekst = str(fout.value)
    assert "opgave.csv" in tekst and "rij 2" in tekst and melding in tekst


def test_onbekend_onderdeel_krijgt_suggestie():
    with pytest.raises(InvoerFout, match="bedoelt u 'nieuwbouw'"):
        opgaven("X;tot2030;fysiek;nieuwbouwe;5\n")


def test_labels_van_het_rapport_worden_herkend():
    posten = opgaven(
        "X;Tot 2030;Fysieke pijler;Openbare ruimte en voorzieningen;265\nX;2030 t/m 2035;fysiek;Bereikbaarheid en Mobiliteit;130\n"
    )
    assert [p.onderdeel for p in posten] == ["leefomgeving", "bereikbaarheid"]
    assert posten[1].periode == "2030-2035"


def test_dubbele_rij():
    with pytest.raises(InvoerFout, match="dubbele rij"):
        opgaven("X;tot2030;fysiek;nieuwbouw;5\nX;tot2030;fysiek;nieuwbouw;6\n")


def test_dekking_voor_onbekend_of_leeg_onderdeel():
    with pytest.raises(InvoerFout, match="onbekend onderdeel"):
        dekkingen("X;tot2030;fysiek;tunnel;ORV;0;5\n")
    programma = DEFINITIE.met(
        opgaven=opgaven("X;tot2030;fysiek;nieuwbouw;5\n"),
        dekkingen=dekkingen("X;tot2030;fysiek;leefomgeving;ORV;0;5\n"),
    )
    with pytest.raises(InvoerFout, match="geen opgave-rij"):
        controleer_dekking_heeft_opgave(programma, "dekking.csv")


def test_ontbrekende_kolom():
    with pytest.raises(InvoerFout, match="kolom"):
        opgaven_uit_rijen(DEFINITIE, lees_csv("gebied;periode;pijler\nX;tot2030;fysiek\n", "o.csv"), "o.csv")


def test_verdeelsleutel_buiten_0_1():
    toml = _tekst("nplv", "programma.toml").replace("verdeelsleutel = 0.50", "verdeelsleutel = 1.5", 1)
    with pytest.raises(InvoerFout, match="tussen 0 en 1") as fout:
        definitie_uit_toml(toml, "programma.toml")
    assert "nieuwbouw" in str(fout.value) and "programma.toml" in str(fout.value)
