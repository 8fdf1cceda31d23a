"""The registration Excel on Windows would get for xl_opgave.udfs, checked on Linux.

xlwings' Windows decorators live in `xlwings/udfs.py`, which imports pythoncom, pywintypes and
win32com at the top. A child process puts stub modules for those in sys.modules, imports that real
file, binds xw.func/arg/ret to it (the choice xlwings makes at import time on Windows), then imports
xl_opgave.udfs and reports each function's `__xlfunc__` and the VBA that *Import Functions* would
insert (`generate_vba_wrapper`). The VBA is kept in tests/golden/udfs_vba.bas; regenerate it with
XL_OPGAVE_GOLDEN=1 after a deliberate change.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden" / "udfs_vba.bas"

KIND = r"""
import io, json, sys, types

def stub(naam, **attributen):
    module = types.ModuleType(naam)
    module.__dict__.update(attributen)
    sys.modules[naam] = module
    return module

class com_error(Exception):
    pass

stub("pythoncom", CoInitialize=lambda: None, IID_IDispatch=None,
     CoMarshalInterThreadInterfaceInStream=None, CoGetInterfaceAndReleaseStream=None)
stub("pywintypes", com_error=com_error)
win32com = stub("win32com")
win32com.client = stub("win32com.client", Dispatch=lambda *a, **k: None)

import xlwings as xw
import xlwings.udfs as xu

xw.func, xw.arg, xw.ret = xu.xlfunc, xu.xlarg, xu.xlret
import xl_opgave.udfs as module

class Werkboek:
    Name = "nplv.xlsm"

vba = io.StringIO()
xu.generate_vba_wrapper("xl_opgave.udfs", module, vba, Werkboek())
functies = {
    naam: getattr(module, naam).__xlfunc__
    for naam in dir(module) if hasattr(getattr(module, naam), "__xlfunc__")
}
# What xlwings' call_udf makes of a scalar argument with each argument's options. The conversion
# pipeline is xlwings' own; only the engine's last cleaning step is a stand-in that mirrors
# _xlwindows._clean_value_data_element for error cells (that module needs the real pywin32).
from xlwings import conversion
from xlwings.main import Engine

FOUTEN = {-2146826246: "#N/A", -2146826273: "#VALUE!"}

class Windows:
    name, type = "excel", "desktop"

    @staticmethod
    def clean_value_data(data, datetime_builder, empty_as, number_builder, err_to_str):
        def cel(c):
            if c in ("", None):
                return empty_as
            if isinstance(c, int) and c in FOUTEN:
                return FOUTEN[c] if err_to_str else None
            return c
        return [[cel(c) for c in rij] for rij in data]

xw.engines.add(Engine(impl=Windows()))
conversies = {}
for naam, info in functies.items():
    conversies[naam] = {a["name"]: conversion.read(None, 445.0, a["options"]) for a in info["args"]}
fout = conversion.read(None, -2146826246, functies["RESTOPGAVE"]["args"][0]["options"])
print(json.dumps({"functies": functies, "vba": vba.getvalue(), "conversies": conversies, "fout": fout},
                 default=repr))
"""


@pytest.fixture(scope="module")
def registratie():
    uit = subprocess.run([sys.executable, "-c", KIND], capture_output=True, text=True, timeout=120)
    assert uit.returncode == 0, uit.stderr
    return json.loads(uit.stdout)


VERWACHT = {
    "RESTOPGAVE": ["opgave", "dekking", "methode"],
    "RIJKSDEEL": ["opgave", "verdeelsleutel"],
    "RIJKSRESTOPGAVE": ["opgave", "verdeelsleutel", "rijksdekking", "methode"],
    "JAARLIJKS": ["bedrag", "periode", "laatste_jaar"],
    "OPGAVE": ["programma", "naam"],
    "RESTOPGAVE_TABEL": ["onderdelen", "opgave", "dekking", "verdeelsleutel", "rijksdekking"],
    "BEDRAG": ["bedrag_mln", "eenheid"],
}
OPTIONEEL = {("RESTOPGAVE", "methode"): "totaal", ("RIJKSRESTOPGAVE", "methode"): "totaal",
             ("JAARLIJKS", "laatste_jaar"): None, ("BEDRAG", "eenheid"): None}
BEREIKEN = {"opgave", "dekking", "verdeelsleutel", "rijksdekking", "onderdelen"}
NEDERLANDS = (" de ", " het ", " een ", " in ", " of ", " van ", "€", "Optioneel", "programma", "naam")


def test_alle_functies_met_naam_en_argumenten(registratie):
    functies = registratie["functies"]
    assert set(functies) == set(VERWACHT)
    for naam, argumenten in VERWACHT.items():
        info = functies[naam]
        assert info["name"] == naam
        assert info["sub"] is False
        assert [a["name"] for a in info["args"]] == argumenten
        for a in info["args"]:
            assert ("optional" in a) == ((naam, a["name"]) in OPTIONEEL)
            if "optional" in a:
                assert a["optional"] == OPTIONEEL[(naam, a["name"])]
            assert a["vararg"] is False and a["vba"] is None


def test_een_categorie_en_nederlandse_omschrijvingen(registratie):
    for naam, info in registratie["functies"].items():
        assert info["category"] == "xl_opgave"
        assert info["volatile"] is False and info["call_in_wizard"] is True and info["async_mode"] is None
        omschrijving = info["ret"]["doc"]
        assert 20 < len(omschrijving) <= 255, naam  # Excel's limit (xlwings cuts at 255)
        assert "Python function" not in omschrijving
        for a in info["args"]:
            assert not a["doc"].startswith("Positional argument"), (naam, a["name"])
            assert 10 < len(a["doc"]) <= 255
            assert any(w in f" {a['doc']} " for w in NEDERLANDS), (naam, a["name"], a["doc"])


def test_bereiken_als_rijen_en_fouten_als_tekst(registratie):
    for naam, info in registratie["functies"].items():
        for a in info["args"]:
            opties = a["options"]
            assert opties["err_to_str"] is True  # an error cell must not arrive as None (= 0)
            assert "convert" not in opties  # no type hint turned into a converter
            if a["name"] in BEREIKEN:
                assert opties["ndim"] == 2
                assert registratie["conversies"][naam][a["name"]] == [[445.0]]
            else:
                assert "ndim" not in opties
                assert registratie["conversies"][naam][a["name"]] == 445.0
        # Array return: no legacy 'expand'; RESTOPGAVE_TABEL returns a list of rows that spills.
        assert info["ret"]["options"] == {}
    assert registratie["fout"] == [["#N/A"]]


def test_vba_wrappers_gelijk_aan_golden_kopie(registratie):
    vba = registratie["vba"]
    for naam, argumenten in VERWACHT.items():
        assert f'XLPy.CallUDF("xl_opgave.udfs", "{naam}", Array({", ".join(argumenten)}), ThisWorkbook' in vba
    assert "Function RESTOPGAVE(opgave, dekking, Optional methode)" in vba
    if os.environ.get("XL_OPGAVE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(vba, encoding="utf-8", newline="")
    assert GOLDEN.is_file(), "maak de golden kopie met XL_OPGAVE_GOLDEN=1"
    assert vba == GOLDEN.read_text(encoding="utf-8")


def test_zelfde_teksten_en_opties_als_functiebeschrijvingen(registratie):
    """The classic registration says what functiebeschrijvingen says, which the Lite main.py registers too
    (test_lite_pyodide.py): the two routes show the same descriptions and argument help."""
    from xl_opgave.functiebeschrijvingen import FUNCTIES, opties

    for beschrijving in FUNCTIES:
        info = registratie["functies"][beschrijving.naam]
        assert info["ret"]["doc"] == beschrijving.omschrijving
        assert [a["doc"] for a in info["args"]] == [a.doc for a in beschrijving.argumenten]
        assert [a["options"] for a in info["args"]] == [opties(a) for a in beschrijving.argumenten]


def test_matrixuitkomst_zegt_hoe_hij_in_excel_2010_2019_ingevoerd_wordt(registratie):
    """Issue 9, item 6: a matrix result spills in Excel 365/2021 and is an array formula (Ctrl+Shift+Enter over
    onderdelen + 2 rows by 5 columns) in Excel 2010-2019; the function wizard says so. No legacy `expand`:
    it overwrites the cells below and cannot take volatile arguments (xlwings' documentation)."""
    from xl_opgave.functiebeschrijvingen import MATRIX_INVOER, PER_NAAM

    assert "Ctrl+Shift+Enter" in MATRIX_INVOER and "onderdelen + 2 rijen × 5 kolommen" in MATRIX_INVOER
    for naam, info in registratie["functies"].items():
        assert (MATRIX_INVOER in info["ret"]["doc"]) == PER_NAAM[naam].matrix, naam
        assert len(info["ret"]["doc"]) <= 255
        assert "expand" not in info["ret"]["options"]
    assert PER_NAAM["RESTOPGAVE_TABEL"].matrix
