"""The generated main.py in Pyodide, loaded as xlwings Lite loads it: same answers as CPython, Lite's API.

One Pyodide (npm `pyodide`, pinned in tests/pyodide/package.json) under Node for the whole run. Into
it go: a stand-in for the `xlwings` module whose decorators record what they are given
(tests/lite_xlwings.py; Lite's real decorators are in the licence-gated `xlwings.pro`), and the
`main.py` that `xl-opgave lite` writes, imported as Lite imports it. Then:

- what main.py asked of `func`/`arg`/`ret`/`script` is checked against a schema of xlwings Lite's
  documented API (SCHEMA below) and against `functiebeschrijvingen` (the classic route's texts);
- every function is called with worksheet-shaped arguments as Lite hands them over (after xlwings'
  conversion: ranges as lists of rows, empty cells None, an omitted or empty optional argument its
  default, error cells as text), and each answer must equal CPython's classic route exactly (an
  error: Lite raises, with exactly the classic '#WAARDE! …' text);
- the scripts run on a snapshot of a template behind a stand-in book (tests/lite_boek.py) and must
  write what they write in CPython;
- nothing heavy (openpyxl, XlsxWriter, pandas, numpy, defusedxml) is imported, and the package route
  (the wheel, unpacked as micropip would) answers the same.
"""

from __future__ import annotations

import copy
import io
import json
import re
import zipfile
from pathlib import Path

import pyodide_hulp
import pytest
from lite_boek import LiteBoek, momentopname
from test_udfs import nplv_blad

from xl_opgave import werkbladfuncties as wf
from xl_opgave.functiebeschrijvingen import FUNCTIES, MAX_TEKST, PER_NAAM, VERPLICHT, opties
from xl_opgave.lite import bundel, scripts

HIER = Path(__file__).resolve().parent
WERKBOEKEN = HIER.parent / "workbooks"
WERK = "/home/pyodide/lite"  # where main.py and the stand-ins go, as Lite keeps main.py in its own folder


@pytest.fixture(scope="session")
def pyodide():
    pyodide_hulp.vereis()
    sessie = pyodide_hulp.start()
    yield sessie
    sessie.sluit()


@pytest.fixture(scope="session")
def lite(pyodide):
    """Pyodide with the stand-in xlwings and the generated main.py imported as the module `main`."""
    pyodide.draai(
        f"import sys\nsys.path.insert(0, {WERK!r})\nimport xlwings, main",
        bestanden={f"{WERK}/xlwings.py": (HIER / "lite_xlwings.py").read_text(encoding="utf-8"),
                   f"{WERK}/lite_boek.py": (HIER / "lite_boek.py").read_text(encoding="utf-8"),
                   f"{WERK}/main.py": bundel.main_py()},
    )
    pyodide.draai(HULP)
    return pyodide


# Runs inside Pyodide: a call as xlwings Lite makes it. xlwings passes an empty or omitted argument
# as None and then substitutes an optional argument's default (`arg_info.get("optional")`).
HULP = '''
import inspect, json, main

def lite_aanroep(naam, args):
    f = getattr(main, naam)
    parameters = list(inspect.signature(f).parameters.values())
    args = list(args) + [None] * (len(parameters) - len(args))
    args = [p.default if a is None and p.default is not inspect.Parameter.empty else a
            for a, p in zip(args, parameters)]
    try:
        return {"waarde": f(*args)}
    except Exception as fout:
        return {"fout": str(fout), "soort": type(fout).__name__}
'''


# -- the schema of xlwings Lite's decorators ------------------------------------------------------------
# From xlwings' documentation of `func`, `arg`, `ret` and `script` for xlwings Lite / Office.js custom
# functions (lite.xlwings.org "Custom Functions" and "Scripts"; the docstrings of xlwings 0.37): the
# options marked "xlwings Lite" or "All integrations". Options marked "Classic xlwings only" (category,
# call_in_wizard, async_mode, vba, expand) would be ignored by Lite, so main.py must not rely on them.
SCHEMA = {
    "func": {"name", "namespace", "volatile", "cache", "help_url"},
    "arg": {"doc", "ndim", "transpose", "err_to_str", "empty", "dates", "numbers", "convert"},
    "ret": {"transpose", "index", "header", "date_format", "convert"},
    "script": {"name", "include", "exclude", "button", "show_taskpane"},
}
ALLEEN_KLASSIEK = {"category", "call_in_wizard", "async_mode", "vba", "expand"}
EXCEL_NAAM = re.compile(r"^[^\W\d_][\w.]{0,127}$")  # Office.js: a letter first; letters, digits, '.', '_'


@pytest.fixture(scope="session")
def opgenomen(lite):
    return lite.json("json.dumps(xlwings.OPGENOMEN)")


@pytest.fixture(scope="session")
def signaturen(lite):
    return lite.json(
        "json.dumps({n: [[p.name, repr(p.default) if p.default is not inspect.Parameter.empty else None, "
        "str(p.kind), p.annotation.__name__ if p.annotation is not inspect.Parameter.empty else None] "
        "for p in inspect.signature(getattr(main, n)).parameters.values()] "
        "for n in dir(main) if callable(getattr(main, n)) and getattr(getattr(main, n), '__module__', '') == 'main' "
        "and not n.startswith('_')})")


def _per_functie(opgenomen: list[dict]) -> dict[str, dict[str, list[dict]]]:
    uit: dict[str, dict[str, list[dict]]] = {}
    for regel in opgenomen:
        uit.setdefault(regel["functie"], {}).setdefault(regel["decorator"], []).append(regel)
    return uit


def test_decorators_volgen_het_schema_van_xlwings_lite(opgenomen, signaturen, lite):
    per_functie = _per_functie(opgenomen)
    for naam, decorators in per_functie.items():
        for soort, regels in decorators.items():
            for regel in regels:
                extra = set(regel["kwargs"]) - SCHEMA[soort]
                assert not extra, (naam, soort, extra)
                assert not set(regel["kwargs"]) & ALLEEN_KLASSIEK, (naam, soort)
        assert ("func" in decorators) != ("script" in decorators), naam  # a function or a script, not both
        assert len(decorators.get("func", decorators.get("script"))) == 1, naam
        assert decorators.get("ret") is None, naam  # plain values and lists of rows need no return converter
    functies = {n for n, d in per_functie.items() if "func" in d}
    assert functies == {f.naam for f in FUNCTIES}
    namen = sorted(per_functie)
    docs = lite.json(f"json.dumps({{n: getattr(main, n).__doc__ for n in {namen!r}}})")
    for naam in functies:
        beschrijving = PER_NAAM[naam]
        assert EXCEL_NAAM.match(naam) and naam == naam.upper()
        assert per_functie[naam]["func"][0]["kwargs"] == {} and per_functie[naam]["func"][0]["args"] == []
        assert docs[naam] == beschrijving.omschrijving and 20 < len(docs[naam]) <= MAX_TEKST
        parameters = signaturen[naam]
        assert all(kind == "POSITIONAL_OR_KEYWORD" for _, _, kind, _ in parameters), naam  # Lite: no *args/kw-only
        assert [p[0] for p in parameters] == [a.naam for a in beschrijving.argumenten]
        assert [p[1] for p in parameters] == [None if a.standaard is VERPLICHT else repr(a.standaard)
                                              for a in beschrijving.argumenten]
        assert all(p[3] is None for p in parameters), naam  # no type hint: Lite would read it as a converter
        args = per_functie[naam]["arg"]
        assert sorted(a["args"][0] for a in args) == sorted(a.naam for a in beschrijving.argumenten)
        for regel in args:
            assert len(regel["args"]) == 1, regel  # the parameter's name, no converter
            argument = next(a for a in beschrijving.argumenten if a.naam == regel["args"][0])
            kwargs = dict(regel["kwargs"])
            assert kwargs.pop("doc") == argument.doc and 10 < len(argument.doc) <= MAX_TEKST
            assert kwargs == opties(argument)
            assert kwargs["err_to_str"] is True and kwargs.get("ndim") in (None, 2)
    scripts_ = {n: d["script"][0] for n, d in per_functie.items() if "script" in d}
    assert set(scripts_) == {s[0] for s in bundel.SCRIPTS}
    for naam, regel in scripts_.items():
        assert regel["kwargs"]["name"].startswith("xl_opgave: ")
        assert docs[naam] and len(docs[naam]) <= MAX_TEKST
        (book,) = signaturen[naam]
        assert book[0] == "book" and book[3] == "Book"  # exactly one parameter, typed xw.Book


# -- the calls ------------------------------------------------------------------------------------------
def _kolom(*waarden):
    return [[w] for w in waarden]


def gevallen() -> list[tuple[str, list]]:
    uit: list[tuple[str, list]] = []
    for periode in ("tot2030", "2030-2035"):
        for pijler in ("fysiek", "sociaal"):
            namen, opgave, dekking, sleutel, rijks = nplv_blad(periode, pijler)
            uit += [
                ("RESTOPGAVE", [opgave, dekking]),
                ("RESTOPGAVE", [opgave, dekking, "onderdeel"]),
                ("RIJKSDEEL", [opgave, sleutel]),
                ("RIJKSRESTOPGAVE", [opgave, sleutel, rijks]),
                ("RIJKSRESTOPGAVE", [opgave, sleutel, rijks, "onderdeel"]),
                ("RESTOPGAVE_TABEL", [namen, opgave, dekking, sleutel, rijks]),
            ]
    uit += [
        ("RESTOPGAVE", [_kolom(445.0, None, "PM"), _kolom(100.0, 5.0, None)]),
        ("RESTOPGAVE", [_kolom(445, 100), _kolom(10, 5)]),  # Lite passes whole numbers as int
        ("RESTOPGAVE", [_kolom("12,5", "-", "n.b."), _kolom(2, None, 1)]),
        ("RESTOPGAVE", [_kolom("1.735", "12,5"), _kolom("1.000,5", 0), "ONDERDEEL"]),
        ("RESTOPGAVE", [[[1000.0, 200.0]], [[300.0, 250.0]], "onderdeel"]),
        ("RESTOPGAVE", [_kolom("n.b."), _kolom(3)]),
        ("RESTOPGAVE", [_kolom("6,3 – 11,8"), _kolom(1)]),
        ("RESTOPGAVE", [_kolom(10.0, "PM"), _kolom("PM", 1.0)]),
        ("RESTOPGAVE", [None, None]),  # both arguments on an empty cell
        ("RESTOPGAVE", [_kolom(1.0, 2.0), _kolom(1.0)]),  # shapes differ
        ("RESTOPGAVE", [_kolom("abc"), _kolom(1)]),
        ("RESTOPGAVE", [_kolom("#N/A"), _kolom(1)]),
        ("RESTOPGAVE", [_kolom(-5), _kolom(1)]),
        ("RESTOPGAVE", [_kolom(True), _kolom(1)]),
        ("RESTOPGAVE", [_kolom(1.0), _kolom(1.0), "fout"]),
        ("RESTOPGAVE", [_kolom(1.0), _kolom(1.0), ""]),
        ("RIJKSDEEL", [_kolom(100.0, 50.0), [["50%"]]]),
        ("RIJKSDEEL", [_kolom(100.0, "PM"), _kolom(0.5, "PM")]),
        ("RIJKSDEEL", [_kolom(100.0, 20.0), _kolom("n.b.", 1)]),
        ("RIJKSDEEL", [_kolom(100.0), _kolom(1.5)]),
        ("RIJKSRESTOPGAVE", [_kolom(100.0, 40.0), _kolom(0.5, "75%"), _kolom("-", 10), "onderdeel"]),
        ("JAARLIJKS", [2935.0, "tot2030"]),
        ("JAARLIJKS", [2935, "Tot 2030"]),
        ("JAARLIJKS", ["PM", "2030-2035"]),
        ("JAARLIJKS", [100, 2026, 2029]),
        ("JAARLIJKS", ["1.200", "2025 t/m 2035"]),
        ("JAARLIJKS", ["12,5", "2025-2035", None]),
        ("JAARLIJKS", ["n.b.", "tot2030"]),
        ("JAARLIJKS", [1.0, "2040"]),
        ("JAARLIJKS", [[1.0, 2.0], "tot2030"]),  # a range where one cell belongs: Lite gives a flat list
        ("JAARLIJKS", [1.0, None]),
        ("OPGAVE", ["NPLV", "Restopgave_Totaal_Tot2030"]),
        ("OPGAVE", ["nplv", "restopgave_sociaal_tot2030"]),
        ("OPGAVE", ["NPVR", "Investeringsopgave_Hoog"]),
        ("OPGAVE", ["NPLV", "Restopgave_Totaal_Tot2031"]),
        ("OPGAVE", ["NPLX", "Restopgave_Totaal_Tot2030"]),
        ("OPGAVE", [1, "x"]),
        ("RESTOPGAVE_TABEL", [_kolom("Wonen", None, "Groen"), _kolom(100, None, "PM"), _kolom(40, None, 5),
                              _kolom(0.5, None, None), _kolom(10, None, None)]),
        ("RESTOPGAVE_TABEL", [_kolom("a", "b"), _kolom(1.0), _kolom(1.0), _kolom(1.0), _kolom(1.0)]),
        ("RESTOPGAVE_TABEL", [_kolom("a"), _kolom("x"), _kolom(1.0), _kolom(1.0), _kolom(1.0)]),
        ("BEDRAG", [2935.0]),
        ("BEDRAG", [2375, "mln"]),
        ("BEDRAG", [2375.0, "miljard"]),
        ("BEDRAG", ["PM"]),
        ("BEDRAG", ["6,3 – 11,8", "mld"]),
        ("BEDRAG", [-680.0]),
        ("BEDRAG", ["n.b."]),
        ("BEDRAG", [None]),
        ("BEDRAG", [1.0, "kg"]),
        ("BEDRAG", [True]),
    ]
    return uit


def cpython(naam: str, args: list) -> dict:
    """The classic route in CPython: the same values, an omitted/empty optional argument its default."""
    beschrijving = PER_NAAM[naam]
    volledig = list(args) + [None] * (len(beschrijving.argumenten) - len(args))
    volledig = [a.standaard if w is None and a.optioneel else w for w, a in zip(volledig, beschrijving.argumenten,
                                                                               strict=True)]
    uitkomst = getattr(wf, beschrijving.logica)(*copy.deepcopy(volledig))
    if isinstance(uitkomst, wf.Foutwaarde):
        return {"fout": str(uitkomst), "soort": "Werkbladfout"}
    return {"waarde": uitkomst}


def test_elke_functie_geeft_wat_cpython_geeft(lite):
    lijst = gevallen()
    antwoorden = lite.json(f"json.dumps([lite_aanroep(n, a) for n, a in json.loads({json.dumps(lijst)!r})])")
    assert len(antwoorden) == len(lijst)
    fouten = 0
    for (naam, args), antwoord in zip(lijst, antwoorden, strict=True):
        verwacht = cpython(naam, args)
        assert antwoord == verwacht, (naam, args)
        assert type(antwoord.get("waarde")) is type(verwacht.get("waarde")), (naam, args)
        fouten += "fout" in antwoord
    assert 10 < fouten < len(lijst) - 20  # both kinds of answer are covered
    # the figures the issue names
    per = {(n, json.dumps(a)): x for (n, a), x in zip(lijst, antwoorden, strict=True)}
    assert per[("OPGAVE", json.dumps(["NPLV", "Restopgave_Totaal_Tot2030"]))] == {"waarde": "€2.935 mln. - PM"}
    assert per[("OPGAVE", json.dumps(["NPVR", "Investeringsopgave_Hoog"]))] == {"waarde": 11800.0}
    fout = per[("OPGAVE", json.dumps(["NPLV", "Restopgave_Totaal_Tot2031"]))]
    assert fout["soort"] == "Werkbladfout" and fout["fout"].startswith("#N/B onbekende naam")


def test_lite_met_gehele_getallen_is_de_klassieke_route_met_kommagetallen(lite):
    """Lite passes a whole number as int, classic xlwings (COM) as float: the answers are the same."""
    lijst = [(n, a) for n, a in gevallen()
             if any(isinstance(c, int) and not isinstance(c, bool) for c in _alle_cellen(a))]
    assert len(lijst) >= 5
    antwoorden = lite.json(f"json.dumps([lite_aanroep(n, a) for n, a in json.loads({json.dumps(lijst)!r})])")
    for (naam, args), antwoord in zip(lijst, antwoorden, strict=True):
        assert antwoord == cpython(naam, _als_float(args)), (naam, args)


def _alle_cellen(waarde):
    if isinstance(waarde, list):
        for w in waarde:
            yield from _alle_cellen(w)
    else:
        yield waarde


def _als_float(waarde):
    if isinstance(waarde, list):
        return [_als_float(w) for w in waarde]
    if isinstance(waarde, int) and not isinstance(waarde, bool):
        return float(waarde)
    return waarde


def test_een_fout_is_een_echte_fout_met_de_klassieke_tekst(lite):
    antwoord = lite.json("json.dumps(lite_aanroep('RESTOPGAVE', [[['abc']], [[1]]]))")
    klassiek = wf.restopgave([["abc"]], [[1]])
    assert isinstance(klassiek, wf.Foutwaarde) and klassiek.startswith("#WAARDE! opgave")
    assert antwoord == {"fout": str(klassiek), "soort": "Werkbladfout"}


def test_de_tabel_komt_terug_als_rijen_die_uitlopen(lite):
    namen, opgave, dekking, sleutel, rijks = nplv_blad("tot2030", "fysiek")
    tabel = lite.json(f"json.dumps(main.RESTOPGAVE_TABEL(*json.loads({json.dumps([namen, opgave, dekking, sleutel, rijks])!r})))")
    assert tabel[0] == list(wf.TABEL_KOP) and tabel[-1][0] == "Totaal"
    assert len(tabel) == len(namen) + 2 and {len(r) for r in tabel} == {5}


# -- the scripts ----------------------------------------------------------------------------------------
def _script_in_pyodide(lite, script: str, snap: dict) -> dict:
    return lite.json(
        "import lite_boek\n"
        f"boek = lite_boek.LiteBoek(json.loads({json.dumps(snap, default=str)!r}))\n"
        f"main.{script}(boek)\n"
        "json.dumps(boek.acties, default=str)")


def _script_in_cpython(functie, snap: dict) -> list:
    boek = LiteBoek(json.loads(json.dumps(snap, default=str)))
    functie(boek)
    return json.loads(json.dumps(boek.acties, default=str))


def _met(snap: dict, naam: str, waarde: object) -> dict:
    from xl_opgave.lite.werkboek import cellen_van

    uit = copy.deepcopy(snap)
    blad, adres = uit["namen"][naam]
    uit["bladen"][blad][cellen_van(adres)[0]] = waarde
    return uit


@pytest.mark.parametrize("code", ["nplv", "npvr"])
def test_scripts_doen_in_pyodide_wat_ze_in_cpython_doen(lite, code):
    snap = momentopname(WERKBOEKEN / f"{code}.xlsx")
    # an input that a named result depends on (NPVR's PubliekeOpgave_Totaal is the low end)
    opgave = next(n for n in snap["namen"]
                  if n.startswith("In_Opgave_Tot2030_") or n.startswith("In_Publiek_") and n.endswith("_Laag"))
    gewijzigd = _met(_met(snap, opgave, 99999), "Controle_Totaal", 0)
    if opgave.endswith("_Laag"):  # a bandbreedte: raise both ends, or the low end would exceed the high one
        gewijzigd = _met(gewijzigd, opgave.replace("_Laag", "_Hoog"), 99999)
    for momentopname_ in (snap, gewijzigd):
        for script, functie in (("xl_opgave_controleer", scripts.controleer),
                                ("xl_opgave_ververs_resultaat", scripts.ververs_resultaat)):
            in_pyodide = _script_in_pyodide(lite, script, momentopname_)
            assert in_pyodide == _script_in_cpython(functie, momentopname_), (code, script)
    bevindingen = _script_in_pyodide(lite, "xl_opgave_controleer", gewijzigd)[1][3]
    assert "waarde_wijkt_af" in {rij[1] for rij in bevindingen[3:]}
    assert "controle_faalt" in {rij[1] for rij in bevindingen[3:]}


def test_script_meldt_in_het_uitvoervenster(lite):
    snap = momentopname(WERKBOEKEN / "nplv.xlsx")
    antwoord = lite.draai(
        "import lite_boek\n"
        f"main.xl_opgave_controleer(lite_boek.LiteBoek(json.loads({json.dumps(snap, default=str)!r})))")
    assert antwoord.gedrukt == ["Geen bevindingen: het werkboek is in orde."]


# -- what is (not) loaded, and the package route --------------------------------------------------------
def test_geen_zware_pakketten_en_de_eigen_kopie(lite):
    info = lite.json(
        "import sys, xl_opgave\n"
        "json.dumps({'zwaar': sorted(m for m in ('openpyxl', 'xlsxwriter', 'pandas', 'numpy', 'defusedxml', "
        "'xlwings.pro') if m in sys.modules), 'pad': xl_opgave.__file__, 'versie': main.XL_OPGAVE_VERSIE, "
        "'python': sys.version_info[:2]})")
    assert info["zwaar"] == []
    assert info["pad"].startswith("/tmp/xl_opgave_lite_") and info["versie"] == bundel.__version__
    # Importing the rest of the package fails there, as it should: the generator and the file readers need
    # libraries Lite does not have, so main.py must not carry them.
    with pytest.raises(pyodide_hulp.PyodideFout, match="xlsxwriter|No module"):
        lite.draai("import xl_opgave.werkboek.sjabloon")


def test_main_py_opnieuw_uitvoeren_gebruikt_dezelfde_kopie(lite):
    # Lite runs main.py again after every edit: the second run must find and use the same embedded copy.
    antwoord = lite.json(
        "import importlib\nimportlib.reload(main)\n"
        "json.dumps([main.RESTOPGAVE([[445.0]], [[100.0]]), main._xl_opgave_lite.__file__])")
    assert antwoord[0] == 345.0 and antwoord[1].startswith("/tmp/xl_opgave_lite_")


def test_pakketroute_met_het_wheel(lite):
    """The package route: the wheel unpacked into site-packages (what micropip does with a pure wheel),
    main.py without the embedded copy; same answers."""
    wheel = bundel.wheel_bytes()
    with zipfile.ZipFile(io.BytesIO(wheel)) as zf:
        bestanden = {f"/tmp/wheel/{n}": zf.read(n).decode("utf-8") for n in zf.namelist()}
    lijst = gevallen()[:30]
    antwoorden = lite.json(
        "import sys, shutil, site, importlib\n"
        "for n in [n for n in sys.modules if n == 'xl_opgave' or n.startswith('xl_opgave.') or n == 'main']:\n"
        "    del sys.modules[n]\n"
        "sys.path[:] = [p for p in sys.path if '/xl_opgave_lite_' not in p]\n"
        "doel = site.getsitepackages()[0]\n"
        "shutil.copytree('/tmp/wheel', doel, dirs_exist_ok=True)\n"
        "importlib.invalidate_caches()\n"
        "import main_pakket as main, xl_opgave\n"
        f"json.dumps([xl_opgave.__file__, [lite_aanroep(n, a) for n, a in json.loads({json.dumps(lijst)!r})]])",
        bestanden={**bestanden, f"{WERK}/main_pakket.py": bundel.main_py(zelfstandig=False)},
    )
    # Back to the embedded copy for any later test: main.py installs it again and takes precedence.
    lite.draai(
        "for n in [n for n in sys.modules if n == 'xl_opgave' or n.startswith('xl_opgave.') or n == 'main_pakket']:\n"
        "    del sys.modules[n]\n"
        "import main\n")
    pad, uitkomsten = antwoorden
    assert "site-packages/xl_opgave/" in pad
    for (naam, args), antwoord in zip(lijst, uitkomsten, strict=True):
        assert antwoord == cpython(naam, args), (naam, args)


def test_de_klassieke_kant_vult_standaardwaarden_in_zoals_xlwings():
    # None (an empty or omitted optional argument) becomes the default, as in xlwings' call_udf and Lite.
    assert cpython("RESTOPGAVE", [[[1.0]], [[0.0]], None]) == cpython("RESTOPGAVE", [[[1.0]], [[0.0]], "totaal"])
    assert cpython("JAARLIJKS", [8.0, "tot2030"]) == {"waarde": 2.0}
