"""The checker: each kind of fault planted in a copy is found with its sheet!cell; bad files exit 2."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sjabloon_hulp import cel_van, herschrijf, kopie, zet_cache, zet_getal, zet_naam, zet_tekst

from xl_opgave.cli import main
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek.controle import controleer

WORKBOOKS = Path(__file__).resolve().parents[1] / "workbooks"


def _kopie(tmp_path, code="nplv", naam="w.xlsx"):
    return kopie(WORKBOOKS / f"{code}.xlsx", tmp_path / naam)


def _soorten(pad):
    return {(b.soort, b.plaats) for b in controleer(pad)}


@pytest.mark.parametrize("code", ["nplv", "npvr"])
def test_schoon_sjabloon(code, capsys):
    assert controleer(WORKBOOKS / f"{code}.xlsx") == []
    assert main(["check", str(WORKBOOKS / f"{code}.xlsx")]) == 0
    assert "in orde" in capsys.readouterr().out


def test_negatief_tekst_en_buiten_bereik(tmp_path):
    pad = _kopie(tmp_path)
    neg, tekst, sleutel = (cel_van(pad, n) for n in ("In_Opgave_Tot2030_onderwijs", "In_Opgave_Van2030_nieuwbouw",
                                                     "In_Sleutel_leefomgeving"))
    zet_getal(pad, *neg, -5)
    zet_tekst(pad, *tekst, "veel")
    zet_getal(pad, *sleutel, 1.5)
    soorten = _soorten(pad)
    assert ("invoer_negatief", f"{neg[0]}!{neg[1]}") in soorten
    assert ("invoer_tekst", f"{tekst[0]}!{tekst[1]}") in soorten
    assert ("invoer_buiten_bereik", f"{sleutel[0]}!{sleutel[1]}") in soorten


def test_dekking_aan_onbekend_onderdeel(tmp_path):
    pad = _kopie(tmp_path)
    wb = openpyxl.load_workbook(pad)
    (blad, bereik), = wb.defined_names["In_Dekking_Tot2030_Onderdeel"].destinations
    cel = bereik.replace("$", "").split(":")[0]
    zet_tekst(pad, blad, cel, "Zwembaden")
    assert ("dekking_toewijzing", f"{blad}!{cel}") in _soorten(pad)


def test_formule_overschreven_door_getal(tmp_path):
    pad = _kopie(tmp_path)
    blad, cel = cel_van(pad, "Restopgave_Fysiek_Tot2030")
    zet_getal(pad, blad, cel, 2375)
    bevindingen = controleer(pad)
    assert any(b.soort == "formule_overschreven" and b.plaats == f"{blad}!{cel}" for b in bevindingen)
    assert main(["check", str(pad)]) == 1


def test_kapotte_en_ontbrekende_naam(tmp_path):
    pad = _kopie(tmp_path)
    zet_naam(pad, "Restopgave_Totaal_Tot2030", "#REF!")
    zet_naam(pad, "RijksRestopgave_Totaal_Van2030", None)
    soorten = {b.soort: b.melding for b in controleer(pad)}
    assert "Restopgave_Totaal_Tot2030" in soorten["naam_kapot"]
    assert "RijksRestopgave_Totaal_Van2030" in soorten["naam_ontbreekt"]


def test_foutwaarde(tmp_path):
    pad = _kopie(tmp_path)
    def vervang(xml):
        return xml.replace('<c r="F8" s="12"><f>', '<c r="F8" s="12" t="e"><f>', 1).replace(
            "<v>222.5</v>", "<v>#REF!</v>", 1)
    herschrijf(pad, "xl/worksheets/sheet3.xml", vervang)
    assert ("foutwaarde", "Berekening!F8") in _soorten(pad)


def test_opgeslagen_waarde_wijkt_af_en_controle_faalt(tmp_path):
    pad = _kopie(tmp_path)
    blad, cel = cel_van(pad, "Dekking_Sociaal_Van2030")
    zet_cache(pad, blad, cel, 123.0)
    zet_cache(pad, *cel_van(pad, nm.CONTROLE_TOTAAL), 0)
    soorten = _soorten(pad)
    assert ("waarde_wijkt_af", f"{blad}!{cel}") in soorten
    assert any(s == "controle_faalt" for s, _ in soorten)


def test_oude_sjabloonversie(tmp_path):
    pad = _kopie(tmp_path, "npvr")
    blad, cel = cel_van(pad, nm.VERSIE)
    zet_tekst(pad, blad, cel, "0")
    assert ("oude_versie", f"{blad}!{cel}") in _soorten(pad)


def test_json_en_bestand_ongewijzigd(tmp_path, capsys):
    pad = _kopie(tmp_path)
    zet_getal(pad, *cel_van(pad, "In_Opgave_Tot2030_onderwijs"), -1)
    voor = hashlib.sha256(pad.read_bytes()).hexdigest()
    assert main(["check", "--json", str(pad)]) == 1
    uit = json.loads(capsys.readouterr().out)
    assert uit["status"] == 1
    assert any(b["soort"] == "invoer_negatief" for b in uit["bestanden"][0]["bevindingen"])
    assert hashlib.sha256(pad.read_bytes()).hexdigest() == voor


def _zip_bom(pad: Path) -> None:
    with zipfile.ZipFile(pad, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", b"\0" * (300 * 1024 * 1024))


def _entiteitenbom(pad: Path) -> None:
    kopie(WORKBOOKS / "nplv.xlsx", pad)
    bom = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
           '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>')
    herschrijf(pad, "xl/sharedStrings.xml", lambda _xml: bom)


@pytest.mark.parametrize("maak", ["geen_zip", "xls", "leeg", "ander_programma", "zip_bom", "entiteiten"])
def test_onleesbaar_bestand_exit_2(tmp_path, capsys, maak):
    pad = tmp_path / ("oud.xls" if maak == "xls" else "x.xlsx")
    if maak == "geen_zip":
        pad.write_text("dit is geen werkboek")
    elif maak == "xls":
        pad.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 1024)
    elif maak == "leeg":
        pad.write_bytes(b"")
    elif maak == "ander_programma":
        wb = openpyxl.Workbook()
        wb.active["A1"] = 42
        wb.save(pad)
    elif maak == "zip_bom":
        _zip_bom(pad)
    else:
        _entiteitenbom(pad)
    voor = sorted(p.name for p in tmp_path.iterdir())
    assert main(["check", str(pad)]) == 2
    fout = capsys.readouterr().err.strip()
    assert fout.startswith("fout: ") and "\n" not in fout
    assert sorted(p.name for p in tmp_path.iterdir()) == voor
