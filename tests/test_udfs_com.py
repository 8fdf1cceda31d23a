"""The Windows route one step deeper: xlwings' own COM entry point with the values Excel's COM passes.

The VBA wrapper that *Import Functions* writes (tests/golden/udfs_vba.bas) calls
`XLPy.CallUDF("xl_opgave.udfs", name, Array(args…), ThisWorkbook, Application.Caller)`: that is
`xlwings.com_server.XLPython.CallUDF`, which hands the arguments to `xlwings.udfs.call_udf`, which reads
each one through xlwings' conversion and the Windows engine (`xlwings._xlwindows`), calls the function
and writes the result back. A child process imports those real modules with stand-ins for pywin32 and
for the Windows DLLs that `_xlwindows` loads at import (nothing of xlwings itself is replaced), then
calls `CallUDF` with what COM delivers:

- a cell reference arrives as a COM Range object whose `.Value` is a tuple of row tuples (a single
  cell: a scalar), numbers as floats, empty cells as None, error cells as their int code;
- an array constant (`{445;100}`) or a literal (`"onderdeel"`, `100`) arrives as a value;
- an omitted optional argument arrives as COM's "missing" (DISP_E_PARAMNOTFOUND, -2147352572).

Each answer must be the core's: `werkbladfuncties` on the values xlwings' documented conversion gives
(ranges as lists of rows with ndim=2, error cells as their text with err_to_str, missing → the Python
default), and for the report's own sheet the reference figures of the core's analysis.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys

import pytest
from test_udfs import GEVALLEN, LABELS, nplv_blad

from xl_opgave import werkbladfuncties as wf
from xl_opgave.functiebeschrijvingen import BEREIK, PER_NAAM
from xl_opgave.referentie import analyse

ONTBREEKT = -2147352572  # VARIANT with DISP_E_PARAMNOTFOUND: an omitted optional argument
COM_FOUTEN = {-2146826281: "#DIV/0!", -2146826246: "#N/A", -2146826259: "#NAME?", -2146826288: "#NULL!",
              -2146826252: "#NUM!", -2146826265: "#REF!", -2146826273: "#VALUE!"}

KIND = r"""
import ctypes, json, sys, types

def stub(naam, **attributen):
    module = types.ModuleType(naam)
    module.__dict__.update(attributen)
    sys.modules[naam] = module
    return module

class com_error(Exception):
    pass

class Leeg:
    pass

class Alles:
    # the Windows DLLs _xlwindows loads at import (ole32, PyCom_PyObjectFromIUnknown): never called here
    def __getattr__(self, naam):
        return Alles()
    def __call__(self, *args, **kwargs):
        return Alles()

ctypes.oledll = ctypes.windll = Alles()
ctypes.PyDLL = Alles()
PyIDispatch = type("PyIDispatch", (), {})
stub("pythoncom", __file__="pythoncom.dll", CoInitialize=lambda: None, IID_IDispatch="IDispatch",
     IID_IEnumVARIANT="IEnumVARIANT", TypeIIDs={"IDispatch": PyIDispatch},
     CoMarshalInterThreadInterfaceInStream=None, CoGetInterfaceAndReleaseStream=None)
stub("pywintypes", com_error=com_error, error=com_error, TimeType=type("TimeType", (), {}), IID=lambda s: s)
for naam in ("win32api", "win32con", "win32gui", "win32timezone", "win32event"):
    stub(naam)
stub("win32process", GetWindowThreadProcessId=lambda hwnd: (1, 4242))
win32com = stub("win32com")
win32com.client = stub("win32com.client", Dispatch=lambda *a, **k: None, CDispatch=Leeg, DispatchBaseClass=Leeg,
                       DispatchEx=None, CoClassBaseClass=Leeg)
win32com.server = stub("win32com.server")
win32com.server.dispatcher = stub("win32com.server.dispatcher")
win32com.server.policy = stub("win32com.server.policy")

def unwrap(var):
    raise ValueError("geen Python-object")  # what pywin32 does for a plain COM value

win32com.server.util = stub("win32com.server.util", unwrap=unwrap, wrap=None)

import xlwings as xw
import xlwings._xlwindows as xlwin
import xlwings.udfs as xu
from xlwings.main import Engine

xw.func, xw.arg, xw.ret = xu.xlfunc, xu.xlarg, xu.xlret  # the choice xlwings makes at import on Windows
xw.engines.add(Engine(impl=xlwin.engine))
xw.engines.active = xw.engines["excel"]
from xlwings.com_server import XLPython

# A COM Range as pywin32 presents Excel's: is_range_instance() checks its type library IID, the
# conversion reads .Value and walks .Worksheet.Parent.Application for the engine.
class TypeAttr:
    iid = "{00020846-0000-0000-C000-000000000046}"

class OleObj:
    def GetTypeInfo(self):
        return types.SimpleNamespace(GetTypeAttr=lambda: TypeAttr())

App = types.SimpleNamespace(Hwnd=1)
Blad = types.SimpleNamespace(Parent=types.SimpleNamespace(Application=App, Name="adviseur.xlsm"), Name="Blad1")

class ComRange:
    Worksheet = Blad
    Row = Column = 1

    def __init__(self, value):
        self.Value = value
        self._oleobj_ = OleObj()
        rijen = len(value) if isinstance(value, tuple) else 1
        kolommen = len(value[0]) if isinstance(value, tuple) else 1
        self.Rows = types.SimpleNamespace(Count=rijen)
        self.Columns = types.SimpleNamespace(Count=kolommen)
        self.Count = rijen * kolommen

def com(waarde):
    if isinstance(waarde, list):
        return tuple(com(w) for w in waarde)
    return waarde

def argument(geval):
    if geval["soort"] == "bereik":
        return ComRange(com(geval["waarde"]))
    if geval["soort"] == "ontbreekt":
        return -2147352572
    return com(geval["waarde"])

server = XLPython()
uit = []
for naam, args in json.load(sys.stdin):
    resultaat = server.CallUDF("xl_opgave.udfs", naam, tuple(argument(a) for a in args), None, None)
    uit.append(resultaat if not isinstance(resultaat, tuple) else [list(r) for r in resultaat])
print(json.dumps(uit))
"""


def bereik(*rijen):
    """A cell reference: rows of cell values as COM gives them (floats, None, strings, error codes)."""
    return {"soort": "bereik", "waarde": [list(r) for r in rijen]}


def kolom(*cellen):
    return bereik(*[[c] for c in cellen])


def cel(waarde):
    """A reference to one cell: COM's Range.Value is then the value itself."""
    return {"soort": "bereik", "waarde": waarde}


def waarde(w):
    """A literal or an array constant in the formula."""
    return {"soort": "waarde", "waarde": w}


ONTBR = {"soort": "ontbreekt"}


def python_waarde(geval: dict, opties_bereik: bool, standaard: object) -> object:
    """What xlwings' conversion gives the function (its documentation): ndim=2 makes a list of rows of any
    range or value; err_to_str turns an error code into its text; missing becomes the default."""
    if geval["soort"] == "ontbreekt":
        return standaard
    w = copy.deepcopy(geval["waarde"])
    if geval["soort"] == "bereik":
        w = [[COM_FOUTEN.get(c, c) if isinstance(c, int) else c for c in rij] for rij in w] if isinstance(w, list) \
            else COM_FOUTEN.get(w, w) if isinstance(w, int) else w
    if opties_bereik and not isinstance(w, list):
        return [[w]]
    if not opties_bereik and isinstance(w, list) and len(w) == 1 and len(w[0]) == 1:
        return w[0][0]  # xlwings gives a 1x1 range without ndim as its scalar
    return w


def verwacht(naam: str, args: list[dict]) -> object:
    beschrijving = PER_NAAM[naam]
    waarden = [python_waarde(g, a.soort == BEREIK, None if a.standaard is None else a.standaard)
               for g, a in zip(args, beschrijving.argumenten, strict=False)]
    uitkomst = getattr(wf, beschrijving.logica)(*waarden)
    return str(uitkomst) if isinstance(uitkomst, str) else uitkomst


def com_blad(periode: str, pijler: str) -> list[dict]:
    """The report's columns as cell references: COM floats, None for an empty cell."""
    kolommen = nplv_blad(periode, pijler)
    return [bereik(*[[float(c) if isinstance(c, int | float) and not isinstance(c, bool) else c for c in rij]
                     for rij in k]) for k in kolommen]


def gevallen() -> list[tuple[str, list[dict]]]:
    uit: list[tuple[str, list[dict]]] = []
    for periode, pijler in GEVALLEN:
        namen, opgave, dekking, sleutel, rijks = com_blad(periode, pijler)
        uit += [
            ("RESTOPGAVE", [opgave, dekking, ONTBR]),
            ("RESTOPGAVE", [opgave, dekking, waarde("onderdeel")]),
            ("RIJKSDEEL", [opgave, sleutel]),
            ("RIJKSRESTOPGAVE", [opgave, sleutel, rijks, ONTBR]),
            ("RIJKSRESTOPGAVE", [opgave, sleutel, rijks, cel("onderdeel")]),
            ("RESTOPGAVE_TABEL", [namen, opgave, dekking, sleutel, rijks]),
        ]
    uit += [
        # ranges with empty cells, PM, Dutch number text, '-', n.b.
        ("RESTOPGAVE", [kolom(445.0, None, "PM"), kolom(100.0, 5.0, None), ONTBR]),
        ("RESTOPGAVE", [kolom("12,5", "-", "n.b."), kolom(2.0, None, 1.0), cel(None)]),  # methode on an empty cell
        ("RESTOPGAVE", [bereik([1000.0, 200.0]), bereik([300.0, 250.0]), waarde("onderdeel")]),  # a row
        # a single cell where a range is expected, and an array constant
        ("RESTOPGAVE", [cel(445.0), cel(100.0), ONTBR]),
        ("RESTOPGAVE", [waarde([[445.0], [100.0]]), waarde([[10.0], [5.0]]), ONTBR]),
        ("RESTOPGAVE", [waarde(445.0), waarde(100.0), ONTBR]),
        ("RESTOPGAVE", [cel(None), cel(None), ONTBR]),
        # errors: an error cell, text, shapes that differ, an unknown methode
        ("RESTOPGAVE", [kolom(445.0, -2146826246), kolom(100.0, 5.0), ONTBR]),
        ("RESTOPGAVE", [cel(-2146826281), cel(1.0), ONTBR]),
        ("RESTOPGAVE", [kolom("abc"), kolom(1.0), ONTBR]),
        ("RESTOPGAVE", [kolom(1.0, 2.0), kolom(1.0), ONTBR]),
        ("RESTOPGAVE", [cel(1.0), cel(1.0), waarde("fout")]),
        ("RIJKSDEEL", [kolom(100.0, 50.0), cel("50%")]),
        ("RIJKSDEEL", [kolom(100.0, "PM"), kolom(0.5, "PM")]),
        ("RIJKSDEEL", [waarde(100.0), waarde(0.5)]),
        ("RIJKSDEEL", [kolom(100.0), cel(1.5)]),
        ("RIJKSRESTOPGAVE", [kolom(100.0, 40.0), kolom(0.5, "75%"), kolom("-", 10.0), ONTBR]),
        ("RIJKSRESTOPGAVE", [cel(100.0), cel(0.5), cel(None), cel(None)]),
        ("JAARLIJKS", [cel(2935.0), waarde("tot2030"), ONTBR]),
        ("JAARLIJKS", [waarde(100.0), waarde(2026.0), waarde(2029.0)]),  # COM: 2026 arrives as 2026.0
        ("JAARLIJKS", [cel("PM"), cel("2030-2035"), cel(None)]),
        ("JAARLIJKS", [cel(1.0), waarde("2040"), ONTBR]),
        ("JAARLIJKS", [kolom(1.0, 2.0), waarde("tot2030"), ONTBR]),  # a range where one cell belongs
        ("OPGAVE", [waarde("NPLV"), waarde("Restopgave_Totaal_Tot2030")]),
        ("OPGAVE", [cel("NPVR"), cel("Investeringsopgave_Hoog")]),
        ("OPGAVE", [waarde("NPLV"), waarde("Restopgave_Totaal_Tot2031")]),
        ("OPGAVE", [waarde(1.0), waarde("x")]),
        ("RESTOPGAVE_TABEL", [kolom("Wonen", None, "Groen"), kolom(100.0, None, "PM"), kolom(40.0, None, 5.0),
                              kolom(0.5, None, None), kolom(10.0, None, None)]),
        ("RESTOPGAVE_TABEL", [cel("a"), cel(1.0), cel(1.0), cel(1.0), cel(1.0)]),
        ("RESTOPGAVE_TABEL", [kolom("a", "b"), kolom(1.0), kolom(1.0), kolom(1.0), kolom(1.0)]),
        ("BEDRAG", [cel(2935.0), ONTBR]),
        ("BEDRAG", [waarde(2375.0), waarde("mln")]),
        ("BEDRAG", [cel("PM"), cel(None)]),
        ("BEDRAG", [cel("6,3 – 11,8"), waarde("mld")]),
        ("BEDRAG", [cel(-2146826246), ONTBR]),
        ("BEDRAG", [waarde(True), ONTBR]),
    ]
    return uit


@pytest.fixture(scope="module")
def antwoorden():
    lijst = gevallen()
    uit = subprocess.run([sys.executable, "-c", KIND], input=json.dumps(lijst), capture_output=True, text=True,
                         timeout=300)
    assert uit.returncode == 0, uit.stderr
    return list(zip(lijst, json.loads(uit.stdout), strict=True))


def _gelijk(a: object, b: object) -> bool:
    if isinstance(b, list):
        return isinstance(a, list) and len(a) == len(b) and all(_gelijk(x, y) for x, y in zip(a, b, strict=True))
    return a == b and type(a) is type(b)


def test_elke_functie_en_vorm_geeft_de_uitkomst_van_de_kern(antwoorden):
    assert {naam for (naam, _), _ in antwoorden} == set(PER_NAAM)
    soorten = {g["soort"] for (_, args), _ in antwoorden for g in args}
    assert soorten == {"bereik", "waarde", "ontbreekt"}
    for (naam, args), antwoord in antwoorden:
        assert _gelijk(antwoord, verwacht(naam, args)), (naam, args, antwoord)


def test_het_rapportblad_geeft_de_referentiecijfers(antwoorden):
    nplv = analyse("nplv")

    def referentie(naam: str) -> object:
        sleutel = next(n.sleutel for n in nplv.namen if n.naam == naam)
        w = nplv.resultaten()[naam]
        return wf.uitkomst(w, w, frozenset(nplv.uitkomsten[sleutel].pm))

    per_geval = iter(antwoorden)
    for periode, pijler in GEVALLEN:
        achter = f"_{LABELS[pijler]}_{LABELS[periode]}"
        rest, per_onderdeel, rijksdeel, rijksrest, rijksrest_onderdeel, tabel = (a for _, a in
                                                                                   [next(per_geval) for _ in range(6)])
        for uitkomst, naam in ((rest, "Restopgave"), (per_onderdeel, "RestopgavePerOnderdeel"),
                               (rijksdeel, "RijksOpgave"), (rijksrest, "RijksRestopgave"),
                               (rijksrest_onderdeel, "RijksRestopgavePerOnderdeel")):
            verwacht_ = referentie(naam + achter)
            if isinstance(verwacht_, float):
                assert uitkomst == pytest.approx(verwacht_, abs=1e-9), (naam + achter)
            else:
                assert uitkomst == verwacht_, (naam + achter)
        # the matrix: onderdelen + 2 rows by 5 columns, as its description tells Excel 2010-2019 users to select
        onderdelen = len(nplv_blad(periode, pijler)[0])
        assert len(tabel) == onderdelen + 2 and {len(r) for r in tabel} == {5}


def test_com_vormen_de_bekende_uitkomsten(antwoorden):
    per = {json.dumps([n, a]): x for (n, a), x in antwoorden}

    def antwoord(naam, *args):
        return per[json.dumps([naam, list(args)])]

    assert antwoord("RESTOPGAVE", kolom(445.0, None, "PM"), kolom(100.0, 5.0, None), ONTBR) == "€340 mln. + PM"
    assert antwoord("RESTOPGAVE", cel(445.0), cel(100.0), ONTBR) == 345.0
    assert antwoord("RESTOPGAVE", waarde([[445.0], [100.0]]), waarde([[10.0], [5.0]]), ONTBR) == 530.0
    assert antwoord("JAARLIJKS", waarde(100.0), waarde(2026.0), waarde(2029.0)) == 25.0
    assert antwoord("OPGAVE", waarde("NPLV"), waarde("Restopgave_Totaal_Tot2030")) == "€2.935 mln. - PM"
    assert antwoord("OPGAVE", cel("NPVR"), cel("Investeringsopgave_Hoog")) == 11800.0
    fout = antwoord("RESTOPGAVE", kolom(445.0, -2146826246), kolom(100.0, 5.0), ONTBR)
    assert fout.startswith("#WAARDE! opgave, rij 2") and "#N/A" in fout
    assert antwoord("OPGAVE", waarde("NPLV"), waarde("Restopgave_Totaal_Tot2031")).startswith("#N/B onbekende naam")
