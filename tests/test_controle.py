"""The checker: each kind of fault planted in a copy is found with its sheet!cell; bad files exit 2."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sjabloon_hulp import cel_van, herschrijf, kopie, zet_cache, zet_getal, zet_naam, zet_tekst

from xl_opgave.cli import main
from xl_opgave.core.opmaak import getal_kort
from xl_opgave.referentie import laad
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek.controle import controleer
from xl_opgave.werkboek.sjabloon import werkboek_bytes

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
        nieuw, aantal = re.subn(r'<c r="F8"( s="\d+")?><f>([^<]*)</f><v>222.5</v>', r'<c r="F8"\1 t="e"><f>\2</f><v>#REF!</v>',
                                xml, count=1)
        assert aantal == 1
        return nieuw
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


def test_invoerfouten_houden_de_andere_controles_niet_tegen(tmp_path, capsys):
    # Reviewer's reproduction: an overwritten formula next to unreadable inputs is still reported.
    pad = _kopie(tmp_path)
    formule = cel_van(pad, "Restopgave_Fysiek_Tot2030")
    sleutel, neg = cel_van(pad, "In_Sleutel_leefomgeving"), cel_van(pad, "In_Opgave_Tot2030_onderwijs")
    zet_getal(pad, *formule, 123)
    zet_getal(pad, *sleutel, 1.5)
    zet_getal(pad, *neg, -5)
    zet_cache(pad, *cel_van(pad, nm.CONTROLE_TOTAAL), 0)
    bevindingen = controleer(pad)
    soorten = {(b.soort, b.plaats) for b in bevindingen}
    assert ("formule_overschreven", f"{formule[0]}!{formule[1]}") in soorten
    assert ("invoer_buiten_bereik", f"{sleutel[0]}!{sleutel[1]}") in soorten
    assert ("invoer_negatief", f"{neg[0]}!{neg[1]}") in soorten
    assert any(s == "controle_faalt" for s, _ in soorten)
    # Only the comparison of cached values is skipped, and exactly one finding says so.
    overgeslagen = [b for b in bevindingen if b.soort == "waarden_niet_vergeleken"]
    assert len(overgeslagen) == 1 and f"{sleutel[0]}!{sleutel[1]}" in overgeslagen[0].melding
    assert not any(b.soort in ("waarde_wijkt_af", "geen_opgeslagen_waarde") for b in bevindingen)
    assert main(["check", str(pad)]) == 1
    assert "formule vervangen door 123" in capsys.readouterr().out


def test_onleesbare_invoer_zonder_andere_bevinding_wordt_genoemd(tmp_path):
    # A lower bound above the upper bound is found only by the reader: it is named with its cell, and
    # the formulas are still checked.
    pad = _kopie(tmp_path, "npvr")
    laag = cel_van(pad, "In_Exploitatie_Totaal_nieuwbouw_Laag")
    zet_getal(pad, *laag, 1e6)
    resultaat = cel_van(pad, laad("npvr").resultaat_namen[0].naam)
    zet_getal(pad, *resultaat, 7)
    bevindingen = controleer(pad)
    soorten = {(b.soort, b.plaats) for b in bevindingen}
    assert ("invoer_onleesbaar", f"{laag[0]}!{laag[1]}") in soorten
    assert ("formule_overschreven", f"{resultaat[0]}!{resultaat[1]}") in soorten
    assert sum(b.soort == "waarden_niet_vergeleken" for b in bevindingen) == 1


@pytest.mark.parametrize("aan", [False, True])
def test_geen_valse_formulebevindingen_bij_onleesbare_invoer(tmp_path, aan):
    # The formulas depend only on the programme's shape: a gebied's workbook (own figures, a
    # scenario switched on) with an unreadable input gives no formula findings against the reference.
    ref = laad("nplv")
    opgaven = tuple(o.__class__(**{**o.__dict__, "bedrag": o.bedrag.schaal(0.1)}) for o in ref.programma.opgaven)
    programma = ref.programma.met(opgaven=opgaven, dekkingen=ref.programma.dekkingen[:3])
    schakelaars = {ref.programma.scenarios[0].code: 1} if aan else None
    pad = tmp_path / "gebied.xlsx"
    pad.write_bytes(werkboek_bytes(programma, ref.resultaat_namen, gebied="Rotterdam-Zuid", schakelaars=schakelaars))
    assert controleer(pad) == []
    zet_getal(pad, *cel_van(pad, "In_Sleutel_leefomgeving"), 1.5)
    soorten = {b.soort for b in controleer(pad)}
    assert soorten == {"invoer_buiten_bereik", "waarden_niet_vergeleken"}


def test_getallen_in_meldingen_in_nederlandse_notatie(tmp_path):
    pad = _kopie(tmp_path)
    zet_getal(pad, *cel_van(pad, "In_Sleutel_leefomgeving"), 1.5)
    zet_getal(pad, *cel_van(pad, "In_Opgave_Tot2030_onderwijs"), -1234.25)
    zet_getal(pad, *cel_van(pad, "Restopgave_Fysiek_Tot2030"), 2375.5)
    meldingen = {b.soort: b.melding for b in controleer(pad)}
    assert "verdeelsleutel 1,5 buiten bereik: niet tussen 0 en 1" in meldingen["invoer_buiten_bereik"]
    # Readable but out of range is "buiten bereik", not "niet leesbaar" (issue 8).
    assert "een invoer ligt buiten bereik" in meldingen["waarden_niet_vergeleken"]
    assert "niet leesbaar" not in meldingen["waarden_niet_vergeleken"]
    assert "negatief bedrag -1.234,25 " in meldingen["invoer_negatief"]
    assert "vervangen door 2.375,5 " in meldingen["formule_overschreven"]
    for melding in meldingen.values():
        assert not re.search(r"\d\.\d(?!\d\d)", melding.split("(verwacht")[0]), melding


def test_afwijkende_waarde_in_nederlandse_notatie(tmp_path):
    pad = _kopie(tmp_path)
    blad, cel = cel_van(pad, "Dekking_Sociaal_Van2030")
    zet_cache(pad, blad, cel, 1234.5)
    melding = next(b.melding for b in controleer(pad) if b.soort == "waarde_wijkt_af")
    assert "opgeslagen waarde 1.234,5," in melding
    assert not re.search(r"\d\.\d(?!\d\d)", melding), melding


@pytest.mark.parametrize(("getal", "tekst"), [(1.5, "1,5"), (-5, "-5"), (2375, "2.375"), (0.123456, "0,1235"),
                                             (1e-9, "0"), (-1e-9, "0"), (0.5, "0,5"), (12.0, "12")])
def test_getal_tekst(getal, tekst):
    assert getal_kort(getal) == tekst


def test_aantal_jaren_oneindig_is_een_bevinding(tmp_path):
    # '1e309' reads as inf: without a finding the recomputation gave 0 per year for the whole period.
    pad = _kopie(tmp_path)
    blad, cel = cel_van(pad, "In_Jaren_Tot2030")
    zet_getal(pad, blad, cel, "1e309")
    soorten = _soorten(pad)
    assert ("invoer_onleesbaar", f"{blad}!{cel}") in soorten
    assert ("waarden_niet_vergeleken", "werkboek") in soorten
    assert not any(s == "waarde_wijkt_af" for s, _ in soorten)
