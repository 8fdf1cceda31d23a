"""Headless LibreOffice: full recalculation, Basic worksheet functions and Python scripts via the script provider."""

from __future__ import annotations

import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from xl_opgave.werkboek.libreoffice import LibreOfficeFout, herbereken, maak_profiel, soffice_pad

pytestmark = pytest.mark.libreoffice

BASIC = """\
Function DUBBEL(x As Double) As Double
    On Error GoTo fout
    DUBBEL = x * 2
    Exit Function
fout:
    DUBBEL = -1
End Function

Function PY_SOM(bereik As Variant) As Variant
    ' Calls hulp.py$som; a range arrives as a tuple of row tuples.
    On Error GoTo fout
    Dim fabriek As Object, aanbieder As Object, script As Object
    fabriek = createUnoService("com.sun.star.script.provider.MasterScriptProviderFactory")
    aanbieder = fabriek.createScriptProvider("")
    script = aanbieder.getScript("vnd.sun.star.script:hulp.py$som?language=Python&location=user")
    PY_SOM = script.invoke(Array(bereik), Array(), Array())
    Exit Function
fout:
    PY_SOM = "FOUT: " & Error$
End Function

Function PY_KAPOT(x As Variant) As Variant
    On Error GoTo fout
    Dim fabriek As Object, aanbieder As Object, script As Object
    fabriek = createUnoService("com.sun.star.script.provider.MasterScriptProviderFactory")
    aanbieder = fabriek.createScriptProvider("")
    script = aanbieder.getScript("vnd.sun.star.script:hulp.py$kapot?language=Python&location=user")
    PY_KAPOT = script.invoke(Array(x), Array(), Array())
    Exit Function
fout:
    PY_KAPOT = "FOUT: " & Error$
End Function

Function HANGT(x As Double) As Double
    ' Deliberately untrapped: makes headless soffice hang.
    HANGT = x / 0
End Function
"""

PYTHON = """\
def som(bereik):
    try:
        if isinstance(bereik, tuple):
            return float(sum(v for rij in bereik for v in rij if isinstance(v, (int, float))))
        return float(bereik)
    except Exception as fout:  # an exception escaping to Basic hangs soffice
        return "FOUT: " + str(fout)


def kapot(x):
    raise ValueError("stuk")
"""


def _schrijf(pad: Path, formules: dict[str, tuple[str, object]], getallen: dict[str, float] | None = None) -> Path:
    """Write an xlsx with XlsxWriter; each formula gets the given (deliberately wrong) cached value."""
    boek = xlsxwriter.Workbook(str(pad))
    blad = boek.add_worksheet("Blad")
    for cel, getal in (getallen or {}).items():
        blad.write_number(cel, getal)
    for cel, (formule, waarde) in formules.items():
        blad.write_formula(cel, formule, None, waarde)
    boek.close()
    return pad


def _waarden(pad: Path) -> dict[str, object]:
    blad = openpyxl.load_workbook(pad, data_only=True)["Blad"]
    return {c.coordinate: c.value for rij in blad.iter_rows() for c in rij if c.value is not None}


def _formule(pad: Path, cel: str) -> object:
    return openpyxl.load_workbook(pad)["Blad"][cel].value


@pytest.fixture(scope="module")
def profiel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return maak_profiel(
        tmp_path_factory.mktemp("lo") / "profiel met spatie é",
        basic_modules={"Functies": BASIC},
        python_scripts={"hulp": PYTHON},
    )


def test_verouderde_waarde_wordt_herberekend(tmp_path: Path) -> None:
    getallen = {"A1": 20, "A2": 22}
    a = _schrijf(tmp_path / "a b é.xlsx", {"A3": ("=A1+A2", 999), "A4": ("=SUM(A1:A3)*2", 0)}, getallen)
    (tmp_path / "sub").mkdir()
    b = _schrijf(tmp_path / "sub" / "b.xlsm", {"B1": ("=ROUND(A1/3,2)", "oud")}, getallen)
    assert _waarden(a)["A3"] == 999  # the cached value really is stale

    uit = herbereken([a, b], tmp_path / "uit")

    assert uit == [tmp_path / "uit" / "a b é.xlsx", tmp_path / "uit" / "b.xlsx"]
    assert _waarden(uit[0]) == {"A1": 20, "A2": 22, "A3": 42, "A4": 168}
    assert _waarden(uit[1])["B1"] == 6.67
    assert _formule(uit[0], "A3") == "=A1+A2"  # formulas survive the conversion


def test_basic_en_python_als_werkbladfunctie(tmp_path: Path, profiel: Path) -> None:
    bron = _schrijf(
        tmp_path / "udf.xlsx",
        {
            "B1": ("=DUBBEL(21)", 0),
            "B2": ("=PY_SOM(A1:A3)", 0),
            "B3": ("=PY_SOM(A1)", 0),
            "B4": ("=ONBEKEND(1)", 0),
            "B5": ("=PY_KAPOT(1)", 0),
        },
        {"A1": 1.5, "A2": 2, "A3": 3},
    )
    (uit,) = herbereken([bron], tmp_path / "uit", profiel=profiel)
    waarden = _waarden(uit)
    assert waarden["B1"] == 42
    assert waarden["B2"] == 6.5
    assert waarden["B3"] == 1.5
    assert waarden["B4"] == "#NAME?"
    # A Python exception reaches Basic as a UNO exception that On Error traps (no hang).
    assert str(waarden["B5"]).startswith("FOUT:") and "stuk" in str(waarden["B5"])

    # The profile stays usable for a second call.
    (uit2,) = herbereken([bron], tmp_path / "uit2", profiel=profiel)
    assert _waarden(uit2)["B1"] == 42


def test_profiel_inhoud(profiel: Path) -> None:
    standard = profiel / "user" / "basic" / "Standard"
    assert (standard / "Functies.xba").is_file()
    xlb = (standard / "script.xlb").read_text(encoding="utf-8")
    assert 'library:name="Functies"' in xlb and 'library:name="Module1"' in xlb
    assert (profiel / "user" / "Scripts" / "python" / "hulp.py").read_text(encoding="utf-8") == PYTHON


def test_hangende_soffice_wordt_gestopt(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    eigen = maak_profiel(tmp_path_factory.mktemp("lo") / "hangt", basic_modules={"Fout": BASIC})
    bron = _schrijf(tmp_path / "hangt.xlsx", {"A1": ("=HANGT(1)", 0)})
    with pytest.raises(LibreOfficeFout, match="niet binnen 3 s"):
        herbereken([bron], tmp_path / "uit", profiel=eigen, timeout=3)
    # The whole process group was killed: no soffice.bin is left on this profile.
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=True).stdout
    assert eigen.as_uri() not in ps


def test_parallel_met_eigen_profielen(tmp_path: Path) -> None:
    bronnen = [_schrijf(tmp_path / f"p{i}.xlsx", {"A1": (f"={i}*10", -1)}) for i in range(2)]
    with ThreadPoolExecutor(2) as pool:
        uit = list(pool.map(lambda i: herbereken(bronnen[i : i + 1], tmp_path / f"uit{i}"), range(2)))
    assert [_waarden(u[0])["A1"] for u in uit] == [0, 10]


def test_onleesbaar_bestand_geeft_fout(tmp_path: Path) -> None:
    goed = _schrijf(tmp_path / "goed.xlsx", {"A1": ("=1+1", 0)})
    kapot = tmp_path / "kapot.xlsx"
    kapot.write_bytes(b"geen werkmap")
    with pytest.raises(LibreOfficeFout, match="kapot.xlsx") as fout:
        herbereken([goed, kapot], tmp_path / "uit")
    # Calc alone cannot load it; with Writer installed, LibreOffice opens it as text and has no xlsx filter for it.
    assert any(t in fout.value.uitvoer for t in ("could not be loaded", "no export filter")), fout.value.uitvoer


def test_invoer_wordt_vooraf_gecontroleerd(tmp_path: Path) -> None:
    assert soffice_pad() is not None
    (tmp_path / "x").mkdir()
    a = _schrijf(tmp_path / "a.xlsx", {"A1": ("=1", 0)})
    b = _schrijf(tmp_path / "x" / "a.xlsx", {"A1": ("=1", 0)})
    with pytest.raises(ValueError, match="dezelfde uitvoernaam"):
        herbereken([a, b], tmp_path / "uit")
    with pytest.raises(ValueError, match="bronbestand overschrijven"):
        herbereken([a], tmp_path)
    with pytest.raises(FileNotFoundError, match="niet gevonden"):
        herbereken([tmp_path / "bestaat_niet.xlsx"], tmp_path / "uit")
    (tmp_path / "leeg" / "user").mkdir(parents=True)
    with pytest.raises(ValueError, match="geen herberekening"):
        herbereken([a], tmp_path / "uit", profiel=tmp_path / "leeg")
    assert herbereken([], tmp_path / "uit") == []
    niet_leeg = tmp_path / "nietleeg"
    niet_leeg.mkdir()
    (niet_leeg / "iets").write_text("x")
    with pytest.raises(ValueError, match="niet leeg"):
        maak_profiel(niet_leeg)
    with pytest.raises(ValueError, match="Ongeldige naam"):
        maak_profiel(tmp_path / "p", basic_modules={"met spatie": ""})
