"""`xl-opgave lite`: the main.py, requirements.txt and wheel for xlwings Lite, as files (no Pyodide here).

What main.py does in Pyodide is test_lite_pyodide.py; here: it is deterministic and versioned, it
carries exactly the package's files, every module it carries imports only what it carries, it runs
in a plain CPython where openpyxl, XlsxWriter, pandas, numpy and defusedxml cannot be imported, the
wheel is a valid dependency-free wheel, and the command behaves (exit statuses, no overwriting).
"""

from __future__ import annotations

import ast
import base64
import hashlib
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from xl_opgave import __version__
from xl_opgave.cli import main as cli
from xl_opgave.lite import bundel
from xl_opgave.werkboek.lezer import verwachte_invoer

HIER = Path(__file__).resolve().parent
PAKKET = HIER.parent / "xl_opgave"


@pytest.fixture(scope="module")
def main_py() -> str:
    return bundel.main_py()


def ingebed(tekst: str) -> dict[str, str]:
    """The files main.py carries: the dict literal passed to `_xl_opgave_installeer`."""
    boom = ast.parse(tekst)
    for knoop in boom.body:
        if isinstance(knoop, ast.Expr) and isinstance(knoop.value, ast.Call) and \
                getattr(knoop.value.func, "id", "") == "_xl_opgave_installeer":
            return ast.literal_eval(knoop.value.args[0])
    raise AssertionError("no _xl_opgave_installeer call in main.py")


def test_deterministisch_en_met_versie(main_py):
    assert bundel.main_py() == main_py
    assert bundel.wheel_bytes() == bundel.wheel_bytes()
    assert f"XL_OPGAVE_VERSIE = {__version__!r}" in main_py
    assert f"XL_OPGAVE_HASH = {bundel.inhoud_hash(bundel.bestanden())!r}" in main_py
    assert f"# xl_opgave {__version__}" in main_py
    grootte = len(main_py.encode("utf-8"))
    assert 150_000 < grootte < 600_000, grootte  # the README states the size
    compile(main_py, "main.py", "exec")


def test_draagt_precies_de_bestanden_van_het_pakket(main_py):
    bestanden = ingebed(main_py)
    assert bestanden == bundel.bestanden()
    for pad, tekst in bestanden.items():
        if pad.endswith(".json"):
            continue
        assert (PAKKET.parent / pad).read_text(encoding="utf-8") == tekst, pad
    assert json.loads(bestanden["xl_opgave/lite/invoernamen.json"]) == {
        code: list(verwachte_invoer(code)) for code in ("nplv", "npvr")}
    # the template generator, the file readers, the CLI and the batch filler stay out
    for buiten in ("werkboek/sjabloon.py", "cli.py", "vullen/vul.py", "macros/openpyxl_werkboek.py",
                   "macros/xlwings_werkboek.py", "udfs.py", "lite/bundel.py"):
        assert f"xl_opgave/{buiten}" not in bestanden


def test_elke_import_bovenaan_zit_in_de_bundel(main_py):
    """A module imported at the top of a carried module is carried too (or is the standard library).

    Imports inside functions are not checked here: several are on paths Lite never takes (the
    template generator); the paths it does take run in Pyodide (test_lite_pyodide.py).
    """
    bestanden = ingebed(main_py)
    modules = {p.removesuffix("/__init__.py").removesuffix(".py").replace("/", ".") for p in bestanden if p.endswith(".py")}
    for pad, tekst in bestanden.items():
        if not pad.endswith(".py"):
            continue
        for knoop in ast.parse(tekst).body:
            namen = []
            if isinstance(knoop, ast.ImportFrom) and knoop.module and knoop.level == 0:
                namen = [knoop.module] + [f"{knoop.module}.{a.name}" for a in knoop.names]
            elif isinstance(knoop, ast.Import):
                namen = [a.name for a in knoop.names]
            for naam in namen:
                wortel = naam.split(".")[0]
                if wortel == "xl_opgave":
                    assert naam in modules or naam.rpartition(".")[0] in modules, (pad, naam)
                else:
                    assert wortel in sys.stdlib_module_names or wortel == "__future__", (pad, naam)


# A plain CPython that cannot import what Lite does not have, the stand-in xlwings, main.py as a module.
KIND = r"""
import importlib.abc, json, sys
VERBODEN = {"openpyxl", "xlsxwriter", "pandas", "numpy", "defusedxml"}

class Weiger(importlib.abc.MetaPathFinder):
    def find_spec(self, naam, pad=None, doel=None):
        if naam.split(".")[0] in VERBODEN:
            raise ImportError(f"{naam} is er niet (zoals in xlwings Lite)")
        return None

sys.meta_path.insert(0, Weiger())
sys.path[:] = [p for p in sys.path if "site-packages" not in p]
sys.path.insert(0, sys.argv[1])
import xlwings, main, xl_opgave
print(json.dumps({
    "pad": xl_opgave.__file__,
    "restopgave": main.RESTOPGAVE([[445.0], [None], ["PM"]], [[100.0], [5.0], [None]]),
    "opgave": main.OPGAVE("NPLV", "Restopgave_Totaal_Tot2030"),
    "tabel": main.RESTOPGAVE_TABEL([["a"], ["b"]], [[10.0], [5.0]], [[3.0], [6.0]], [[0.5], [1.0]], [[1.0], [1.0]]),
    "geregistreerd": sorted({r["functie"] for r in xlwings.OPGENOMEN}),
    "zwaar": sorted(m for m in sys.modules if m.split(".")[0] in VERBODEN),
}))
"""


def test_main_py_draait_zonder_de_zware_pakketten(tmp_path, main_py):
    (tmp_path / "main.py").write_text(main_py, encoding="utf-8")
    (tmp_path / "xlwings.py").write_text((HIER / "lite_xlwings.py").read_text(encoding="utf-8"), encoding="utf-8")
    uit = subprocess.run([sys.executable, "-I", "-c", KIND, str(tmp_path)], capture_output=True, text=True,
                         timeout=120, cwd=tmp_path)
    assert uit.returncode == 0, uit.stderr
    antwoord = json.loads(uit.stdout)
    assert "/xl_opgave_lite_" in antwoord["pad"] and str(PAKKET) not in antwoord["pad"]
    assert antwoord["restopgave"] == "€340 mln. + PM"
    assert antwoord["opgave"] == "€2.935 mln. - PM"
    assert antwoord["tabel"][-1] == ["Totaal", 15.0, 9.0, 6.0, 8.0]
    assert set(antwoord["geregistreerd"]) >= {"RESTOPGAVE", "BEDRAG", "xl_opgave_controleer"}
    assert antwoord["zwaar"] == []


def test_wheel_zonder_afhankelijkheden(tmp_path):
    data = bundel.wheel_bytes()
    assert bundel.wheel_naam() == f"xl_opgave_kern-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        namen = zf.namelist()
        distinfo = f"xl_opgave_kern-{__version__}.dist-info"
        metadata = zf.read(f"{distinfo}/METADATA").decode()
        assert "Requires-Dist" not in metadata and "Name: xl-opgave-kern" in metadata
        assert f"Version: {__version__}" in metadata
        assert set(namen) - {f"{distinfo}/{n}" for n in ("METADATA", "WHEEL", "RECORD")} == set(bundel.bestanden())
        for regel in zf.read(f"{distinfo}/RECORD").decode().splitlines():
            pad, digest, grootte = regel.split(",")
            if pad.endswith("RECORD"):
                continue
            inhoud = zf.read(pad)
            verwacht = base64.urlsafe_b64encode(hashlib.sha256(inhoud).digest()).rstrip(b"=").decode()
            assert digest == f"sha256={verwacht}" and int(grootte) == len(inhoud), pad
    wheel = tmp_path / bundel.wheel_naam()
    wheel.write_bytes(data)
    doel = tmp_path / "doel"
    uit = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet",
                          "--target", str(doel), str(wheel)], capture_output=True, text=True, timeout=300)
    assert uit.returncode == 0, uit.stderr
    assert (doel / "xl_opgave" / "core" / "bedrag.py").is_file()
    assert (doel / "xl_opgave" / "lite" / "invoernamen.json").is_file()


def test_pakketroute_main_py_en_requirements():
    main_pakket = bundel.main_py(zelfstandig=False)
    assert "_xl_opgave_installeer" not in main_pakket and len(main_pakket) < 12_000
    assert bundel.requirements_txt(zelfstandig=False).splitlines()[-1] == f"xl-opgave-kern=={__version__}"
    regels = [r for r in bundel.requirements_txt().splitlines() if r and not r.startswith("#")]
    assert regels == ["xlwings"]  # the self-contained route needs nothing but Lite's own xlwings


def test_commando_schrijft_en_overschrijft_niet(tmp_path, capsys):
    uit = tmp_path / "lite"
    assert cli(["lite", "--out", str(uit)]) == 0
    assert (uit / "main.py").read_text(encoding="utf-8") == bundel.main_py()
    assert (uit / "requirements.txt").read_text(encoding="utf-8") == bundel.requirements_txt()
    assert "Volgende stap" in capsys.readouterr().out
    oud = (uit / "main.py").stat().st_mtime_ns
    assert cli(["lite", "--out", str(uit)]) == 2
    assert "bestaan al" in capsys.readouterr().err and (uit / "main.py").stat().st_mtime_ns == oud
    assert cli(["lite", "--out", str(uit), "--force", "--pakket"]) == 0
    assert (uit / bundel.wheel_naam()).read_bytes() == bundel.wheel_bytes()
    bestand = tmp_path / "geen_map"
    bestand.write_text("x")
    assert cli(["lite", "--out", str(bestand)]) == 2
    assert "geen map" in capsys.readouterr().err


def test_meegeleverde_bestanden_zijn_actueel():
    """workbooks/xlwings_lite/ holds main.py and requirements.txt for advisers without Python (README)."""
    map_ = HIER.parent / "workbooks" / "xlwings_lite"
    for naam, data in bundel.uitvoer().items():
        assert (map_ / naam).read_bytes() == data, (
            "workbooks/xlwings_lite is verouderd: xl-opgave lite --out workbooks/xlwings_lite --force")
