"""The lists of gebieden: shipped (20 NPLV focusgebieden, 11 NPVR regions) or the user's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from xl_opgave.core.fouten import InvoerFout
from xl_opgave.vullen.gebieden import laad_gebieden

GEDEELD = Path("/work/shared/gebieden.csv")


def test_meegeleverde_lijsten() -> None:
    nplv, npvr = laad_gebieden("nplv"), laad_gebieden("NPVR")
    assert len(nplv) == 20 and len(npvr) == 11
    assert nplv.zoek("Den Haag Zuidwest").gemeente == "'s-Gravenhage"
    assert "Noard-Fryslân" in npvr and "Rotterdam-Zuid" not in npvr


@pytest.mark.skipif(not GEDEELD.exists(), reason="gedeelde lijst niet aanwezig")
def test_kopie_van_de_gedeelde_lijst() -> None:
    eigen = Path(__file__).parents[1] / "xl_opgave" / "data" / "gebieden.csv"
    assert eigen.read_bytes() == GEDEELD.read_bytes()


def test_namen_gevouwen_vergeleken_en_in_eigen_spelling_terug() -> None:
    lijst = laad_gebieden("nplv")
    assert lijst.zoek("rotterdam zuid").naam == "Rotterdam-Zuid"
    assert lijst.zoek("  LEEUWARDEN  OOST ").naam == "Leeuwarden-Oost"


def test_onbekend_gebied_met_suggestie() -> None:
    with pytest.raises(InvoerFout) as fout:
        laad_gebieden("nplv").zoek("Rotterdam Zuidd", bron="data.xlsx", plaats="blad Opgave, rij 4, kolom A (gebied)")
    tekst = fout.value.tekst()
    assert tekst.startswith("data.xlsx, blad Opgave, rij 4, kolom A (gebied): onbekend gebied 'Rotterdam Zuidd'")
    assert "bedoelt u 'Rotterdam-Zuid'?" in tekst


def test_eigen_lijst_cp1252_zonder_programma(tmp_path: Path) -> None:
    pad = tmp_path / "wijken.csv"
    pad.write_bytes("gebied;gemeente\r\nZuidoost-Fryslân West;Heerenveen\r\nBeekse Bergen;Hilvarenbeek\r\n".encode("cp1252"))
    lijst = laad_gebieden("npvr", pad)
    assert lijst.namen == ("Zuidoost-Fryslân West", "Beekse Bergen") and lijst.bron == str(pad)
    assert laad_gebieden("nplv", pad).namen == lijst.namen  # no programma column: fits any programme


def test_eigen_lijst_met_programma_filtert(tmp_path: Path) -> None:
    pad = tmp_path / "lijst.csv"
    pad.write_text("\ufeffprogramma,gebied\nNPLV,Wijk A\nNPVR,Regio B\n,Overal C\n", encoding="utf-8")
    assert laad_gebieden("nplv", pad).namen == ("Wijk A", "Overal C")


@pytest.mark.parametrize(
    ("tekst", "melding"),
    [
        ("naam;gemeente\nA;B\n", "rij 1: kolom 'gebied' ontbreekt"),
        ("gebied\nWijk A\nwijk-a\n", "rij 3, kolom gebied: gebied 'wijk-a' staat dubbel in de lijst (ook rij 2)"),
        ("programma,gebied\nNPVR,Regio\n", "de lijst bevat geen gebieden voor NPLV"),
    ],
)
def test_eigen_lijst_fouten(tmp_path: Path, tekst: str, melding: str) -> None:
    pad = tmp_path / "lijst.csv"
    pad.write_text(tekst, encoding="utf-8")
    with pytest.raises(InvoerFout) as fout:
        laad_gebieden("nplv", pad)
    assert fout.value.tekst() == f"{pad}, {melding}" if melding.startswith("rij") else melding in fout.value.tekst()


def test_lijst_niet_gevonden(tmp_path: Path) -> None:
    with pytest.raises(InvoerFout, match="bestand niet gevonden"):
        laad_gebieden("nplv", tmp_path / "weg.csv")
