"""`xl-opgave excel-setup`: the .xlsm wired to xlwings, its Python module, the optional VBA module, LEESMIJ."""

from __future__ import annotations

import ast
import importlib
import io
import re
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlwings

from xl_opgave import WHEEL_NAAM
from xl_opgave.cli import main
from xl_opgave.commando import excel_setup as es
from xl_opgave.macros import acties
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek.controle import controleer
from xl_opgave.werkboek.sjabloon import sjabloon_bytes

CODES = ("nplv", "npvr")
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


@pytest.fixture(scope="module", params=CODES)
def gemaakt(request):
    code = request.param
    xlsm = es.xlsm_bytes(code)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(io.BytesIO(xlsm), keep_vba=True)
    return code, xlsm, wb


def _knop_macros(xlsm: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(xlsm)) as pakket:
        vml = "".join(pakket.read(n).decode() for n in pakket.namelist() if n.endswith(".vml"))
    assert vml.count('ObjectType="Button"') == 1
    return re.findall(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", vml)


def test_xlsm_draagt_het_vba_project_van_xlwings(gemaakt):
    code, xlsm, wb = gemaakt
    quickstart = Path(xlwings.__file__).parent / "quickstart.xlsm"
    with zipfile.ZipFile(io.BytesIO(xlsm)) as pakket, zipfile.ZipFile(quickstart) as bron:
        vba = pakket.read("xl/vbaProject.bin")
        assert vba == bron.read("xl/vbaProject.bin")
        typen = pakket.read("[Content_Types].xml").decode()
        werkboek = pakket.read("xl/workbook.xml").decode()
    assert vba.startswith(bytes.fromhex("D0CF11E0A1B11AE1"))  # an OLE2 compound file
    assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in typen
    assert 'codeName="ThisWorkbook"' in werkboek
    # openpyxl with keep_vba sees the project and keeps it.
    assert "xl/vbaProject.bin" in wb.vba_archive.namelist()
    # The quickstart project holds only xlwings' sample module with SampleCall, which the button runs;
    # the subs of the optional .bas are not in it.
    assert b"Module=Module1" in vba
    assert b"SampleCall" in vba and es.KNOP_MACRO == "SampleCall"
    assert not any(sub.encode() in vba for _, sub, _, _ in es.KNOPPEN)


def test_xlwings_conf_blad_zet_udf_modules(gemaakt):
    _, _, wb = gemaakt
    conf = wb[es.CONF_BLAD]
    assert (conf["A1"].value, conf["B1"].value) == ("UDF Modules", "xl_opgave.udfs")
    assert conf["A2"].value is None  # xlwings reads keys from A1 down to the first empty cell
    # The key as the VBA of the add-in asks for it: GetConfig("UDF MODULES") against UCase(A-cell).
    assert conf["A1"].value.upper() == "UDF MODULES"
    assert "UDF MODULES" in (Path(xlwings.__file__).parent / "xlwings.bas").read_text(encoding="latin-1")
    module = importlib.import_module(conf["B1"].value)
    assert callable(module.RESTOPGAVE)


def test_knop_roept_een_bestaande_macro_aan(gemaakt):
    _, xlsm, wb = gemaakt
    assert _knop_macros(xlsm) == [es.KNOP_MACRO]
    with zipfile.ZipFile(io.BytesIO(xlsm)) as pakket:
        assert es.KNOP_MACRO.encode() in pakket.read("xl/vbaProject.bin")
    # The action choice: a drop-down with the three Dutch labels, "Ververs resultaat" by default.
    knoppen = wb[acties.BLAD_KNOPPEN]
    (blad, adres), = list(wb.defined_names[acties.KNOP_ACTIE].destinations)
    assert blad == acties.BLAD_KNOPPEN
    cel = adres.replace("$", "")
    assert knoppen[cel].value == acties.STANDAARD_KEUZE == "Ververs resultaat"
    keuzes = [label for label, _ in acties.ACTIE_KEUZES]
    assert keuzes == ["Vul gebied", "Controleer", "Ververs resultaat"]
    lijst, = [dv for dv in knoppen.data_validations.dataValidation if cel in dv.sqref]
    assert lijst.type == "list" and lijst.formula1 == '"' + ",".join(keuzes) + '"'
    # The actions of the drop-down are those of the optional .bas, in the same order.
    import xl_opgave.macros as m

    assert [(o, f) for o, _, f, _ in es.KNOPPEN] == [(label, f"{actie}_knop") for label, actie in acties.ACTIE_KEUZES]
    assert {actie for _, actie in acties.ACTIE_KEUZES} == set(acties.ACTIES)
    assert all(callable(getattr(m, f)) for _, _, f, _ in es.KNOPPEN)
    # The parameter cells of the macros are named on sheet Knoppen.
    for naam in (acties.KNOP_ACTIE, acties.KNOP_GEBIED, acties.KNOP_DATABESTAND, acties.KNOP_GEBIEDENLIJST,
                 acties.KNOP_STATUS):
        (blad, _), = list(wb.defined_names[naam].destinations)
        assert blad == acties.BLAD_KNOPPEN
    # Invoer opens, and only that tab is selected (two selected tabs open as a group in Excel).
    assert wb.active.title == nm.BLAD_INVOER
    with zipfile.ZipFile(io.BytesIO(xlsm)) as pakket:
        bladen = [n for n in pakket.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sum('tabSelected="1"' in pakket.read(n).decode() for n in bladen) == 1


def test_optionele_bas_module():
    bas = es.bas_tekst()
    subs = re.findall(r"^Sub (\w+)\(\)\r$", bas, re.M)
    assert sorted(subs) == sorted(sub for _, sub, _, _ in es.KNOPPEN)
    assert bas.startswith(f'Attribute VB_Name = "{es.VBA_MODULE}"\r\n')
    assert "\n" not in bas.replace("\r\n", "") and bas.isascii()
    # Every RunPython statement names a function that exists in xl_opgave.macros.
    import xl_opgave.macros as m

    for opdracht in re.findall(r'RunPython "([^"]+)"', bas):
        compile(opdracht, "RunPython", "exec")
        functie = re.fullmatch(r"import xl_opgave\.macros as m; m\.(\w+)\(\)", opdracht).group(1)
        assert callable(getattr(m, functie))


def test_sjablooninhoud_is_intact(gemaakt):
    code, xlsm, wb = gemaakt
    sjabloon = sjabloon_bytes(code)
    origineel = openpyxl.load_workbook(io.BytesIO(sjabloon))
    waarden_o = openpyxl.load_workbook(io.BytesIO(sjabloon), data_only=True)
    waarden_n = openpyxl.load_workbook(io.BytesIO(xlsm), data_only=True)
    assert wb.sheetnames == [*nm.BLADEN, acties.BLAD_KNOPPEN, es.CONF_BLAD]
    for blad in nm.BLADEN:
        oud, nieuw = origineel[blad], wb[blad]
        assert oud.dimensions == nieuw.dimensions, blad
        for rij_o, rij_n in zip(oud.iter_rows(), nieuw.iter_rows(), strict=True):
            for a, b in zip(rij_o, rij_n, strict=True):
                assert (a.value, a.number_format, a.protection.locked) == (b.value, b.number_format,
                                                                          b.protection.locked), f"{blad}!{a.coordinate}"
                assert waarden_o[blad][a.coordinate].value == waarden_n[blad][a.coordinate].value
        assert nieuw.protection.sheet == oud.protection.sheet
    for naam, definitie in origineel.defined_names.items():
        assert wb.defined_names[naam].attr_text == definitie.attr_text, naam
    # The checker accepts it like the template itself.
    assert controleer_pakket(xlsm, code) == []


@pytest.mark.parametrize("code", CODES)
def test_python_module_naast_het_werkboek(code):
    """The module SampleCall imports: named like the workbook, only main(), which calls knop_uitvoeren."""
    naam = es.module_naam(code)
    assert naam == Path(es.xlsm_naam(code)).stem == f"{code}_xlwings"
    assert es.py_naam(code) == f"{naam}.py"
    tekst = es.py_tekst(code)
    boom = ast.parse(tekst)
    compile(tekst, es.py_naam(code), "exec")
    functies = [k for k in boom.body if isinstance(k, ast.FunctionDef)]
    assert [f.name for f in functies] == ["main"] and not functies[0].args.args
    aanroepen = [k.func.id for k in ast.walk(functies[0]) if isinstance(k, ast.Call)]
    assert aanroepen == ["knop_uitvoeren"]
    assert "from xl_opgave.macros import knop_uitvoeren" in tekst
    import xl_opgave.macros as m

    assert callable(m.knop_uitvoeren)
    # The statement SampleCall passes to RunPython, with the module name derived as the VBA does
    # (Left(Name, InStrRev(Name, ".") - 1)).
    xlsm = es.xlsm_naam(code)
    module = xlsm[:xlsm.rindex(".")]
    assert module == naam
    compile(f"import {module};{module}.main()", "SampleCall", "exec")


@pytest.mark.parametrize("xlsm", ["nplv-xlwings.xlsm", "1nplv.xlsm", "class.xlsm", "nplv xlwings.xlsm",
                                  "json.xlsm"])
def test_werkboeknaam_moet_een_modulenaam_zijn(monkeypatch, xlsm):
    monkeypatch.setattr(es, "xlsm_naam", lambda code: xlsm)
    with pytest.raises(ValueError, match="Python-modulenaam"):
        es.module_naam("nplv")


def controleer_pakket(data: bytes, code: str, map_: Path | None = None) -> list:
    import tempfile

    with tempfile.TemporaryDirectory() as tijdelijk:
        pad = Path(tijdelijk) / f"{code}.xlsm"
        pad.write_bytes(data)
        return controleer(pad)


def test_bevindingenkolommen_zijn_ontgrendeld(gemaakt):
    _, xlsm, _ = gemaakt
    with zipfile.ZipFile(io.BytesIO(xlsm)) as pakket:
        werkboek = pakket.read("xl/workbook.xml").decode()
        rels = pakket.read("xl/_rels/workbook.xml.rels").decode()
        stijlen = pakket.read("xl/styles.xml").decode()
        rid = re.search(rf'<sheet name="{nm.BLAD_CONTROLES}" sheetId="\d+" r:id="(rId\d+)"', werkboek).group(1)
        doel = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"', rels)
        blad = pakket.read("xl/" + (doel.group(1) or doel.group(2)).lstrip("/").removeprefix("xl/")).decode()
    assert "<sheetProtection" in blad
    xfs = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", stijlen, re.S).group(1)
    xf = re.findall(r"<xf\b[^>]*/>|<xf\b[^>]*[^/]>.*?</xf>", xfs, re.S)
    kolommen = {k: m.group(3) for m in re.finditer(r'<col min="(\d+)" max="(\d+)"[^>]*?style="(\d+)"', blad)
                for k in range(int(m.group(1)), int(m.group(2)) + 1)}
    eerste = ord(acties.BEVINDINGEN_EERSTE_KOLOM) - ord("A") + 1
    laatste = ord(acties.BEVINDINGEN_LAATSTE_KOLOM) - ord("A") + 1
    for kolom in range(eerste, laatste + 1):
        assert 'locked="0"' in xf[int(kolommen[kolom])], kolom


def test_commando_schrijft_en_weigert_te_overschrijven(tmp_path, capsys):
    uit = tmp_path / "excel"
    assert main(["excel-setup", "nplv", "--out", str(uit)]) == 0
    namen = sorted(p.name for p in uit.iterdir())
    assert namen == sorted([es.xlsm_naam("nplv"), es.py_naam("nplv"), es.BAS_NAAM, es.LEESMIJ_NAAM])
    bas = (uit / es.BAS_NAAM).read_bytes()
    assert bas == es.bas_tekst().encode("ascii")
    assert (uit / es.py_naam("nplv")).read_bytes() == es.py_tekst("nplv").encode("ascii")
    assert Path(es.py_naam("nplv")).stem == Path(es.xlsm_naam("nplv")).stem
    leesmij = (uit / es.LEESMIJ_NAAM).read_text(encoding="utf-8-sig")
    for stap in (f"py -m pip install {WHEEL_NAAM}", "xl-opgave diagnose", "xlwings addin install", "Import Functions", "UDF Modules",
                 "=RESTOPGAVE(B4:B8; C4:C8)", "xl_opgave.udfs", es.xlsm_naam("nplv"), es.py_naam("nplv"),
                 es.KNOP_MACRO, "Uitvoeren", "hernoem", "macOS", "web"):
        assert stap in leesmij, stap
    assert "{" not in leesmij.replace("{code}", "")  # every placeholder filled
    # Step 4: nothing to import for the Uitvoeren button; the .bas is optional.
    begin = leesmij.index("\n4. Er hoeft niets")
    stap4 = leesmij[begin:leesmij.index("\n5. ", begin)]
    assert "Bestand importeren" not in stap4 and es.py_naam("nplv") in stap4
    capsys.readouterr()

    (uit / es.BAS_NAAM).write_text("eigen wijziging")
    assert main(["excel-setup", "nplv", "--out", str(uit)]) == 2
    assert "--force" in capsys.readouterr().err
    assert (uit / es.BAS_NAAM).read_text() == "eigen wijziging"
    assert main(["excel-setup", "nplv", "--out", str(uit), "--force"]) == 0
    assert (uit / es.BAS_NAAM).read_bytes() == bas
    assert not [p for p in uit.iterdir() if p.name.endswith(".tmp")]

    # Every output is checked before any is written: an existing .py alone stops the whole run.
    leeg = tmp_path / "alleen_py"
    leeg.mkdir()
    (leeg / es.py_naam("nplv")).write_text("eigen main")
    assert main(["excel-setup", "nplv", "--out", str(leeg)]) == 2
    assert es.py_naam("nplv") in capsys.readouterr().err
    assert [p.name for p in leeg.iterdir()] == [es.py_naam("nplv")]
    assert (leeg / es.py_naam("nplv")).read_text() == "eigen main"

    bestand = tmp_path / "geen_map"
    bestand.write_text("x")
    assert main(["excel-setup", "npvr", "--out", str(bestand)]) == 2
