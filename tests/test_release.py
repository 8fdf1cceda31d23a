"""The release: the version in one place, package data that matches, install texts that work today, CI's steps.

Building and installing the wheel needs the package index, so that part runs in `.ci/wheel` (after pytest in
`.ci/run`), not here.
"""

from __future__ import annotations

import io
import re
import tomllib
import warnings
from fnmatch import fnmatch
from pathlib import Path

import openpyxl
import pytest

from xl_opgave import WHEEL_NAAM, __version__
from xl_opgave.cli import main
from xl_opgave.commando import excel_setup as es
from xl_opgave.vullen import voorbeeld
from xl_opgave.werkboek import namen as nm

BRON = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((BRON / "pyproject.toml").read_text(encoding="utf-8"))
PAKKET = BRON / "xl_opgave"


def _pakketdata() -> list[str]:
    return PYPROJECT["tool"]["setuptools"]["package-data"]["xl_opgave"]


def _databestanden() -> list[str]:
    """Every file of the package that is not Python code, relative to xl_opgave/."""
    return sorted(p.relative_to(PAKKET).as_posix() for p in PAKKET.rglob("*")
                  if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts)


def test_versie_op_een_plek(capsys):
    project = PYPROJECT["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "xl_opgave.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)
    with pytest.raises(SystemExit) as uit:
        main(["--version"])
    assert uit.value.code == 0 and capsys.readouterr().out.strip() == f"xl-opgave {__version__}"
    assert WHEEL_NAAM == f"xl_opgave-{__version__}-py3-none-any.whl"
    # No other file of the package or the project states the version as a literal.
    for pad in [*PAKKET.rglob("*.py"), BRON / "pyproject.toml"]:
        if pad != PAKKET / "__init__.py":
            assert f'"{__version__}"' not in pad.read_text(encoding="utf-8"), pad


@pytest.mark.parametrize("code", ["nplv", "npvr"])
def test_toelichting_toont_de_versie_van_het_pakket_en_van_het_sjabloon(code):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        blad = openpyxl.load_workbook(BRON / "workbooks" / f"{code}.xlsx", read_only=True)["Toelichting"]
        # Label and value side by side, wherever the Toelichting layout puts the block.
        rijen = {rij[i]: rij[i + 1] for rij in blad.iter_rows(values_only=True) for i in range(len(rij) - 1)
                 if isinstance(rij[i], str)}
    assert rijen["xl_opgave"] == __version__
    assert rijen["Sjabloonversie"] == nm.SJABLOON_VERSIE != __version__  # its own number


def test_changelog_beschrijft_deze_versie():
    tekst = (BRON / "CHANGELOG.md").read_text(encoding="utf-8")
    koppen = re.findall(r"^## (\d+\.\d+\.\d+)", tekst, re.MULTILINE)
    assert koppen and koppen[0] == __version__, koppen  # newest first
    assert "include CHANGELOG.md" in (BRON / "MANIFEST.in").read_text(encoding="utf-8")


def test_elke_regel_voor_pakketdata_vindt_iets():
    for patroon in _pakketdata():
        assert list(PAKKET.glob(patroon)), f"{patroon} in [tool.setuptools.package-data] vindt geen bestand"


def test_elk_databestand_valt_onder_een_regel():
    bestanden = _databestanden()
    assert "data/gebieden.csv" in bestanden and "data/nplv/programma.toml" in bestanden
    for bestand in bestanden:
        assert any(fnmatch(bestand, p) and bestand.count("/") == p.count("/") for p in _pakketdata()), (
            f"xl_opgave/{bestand} komt niet in het wheel: voeg een regel toe aan [tool.setuptools.package-data]")


# -- install texts ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def teksten() -> dict[str, str]:
    """Every text that tells an adviser how to install, as the adviser gets it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        knoppen = openpyxl.load_workbook(io.BytesIO(es.xlsm_bytes("nplv")), read_only=True)["Knoppen"]
        knoppentekst = "\n".join(str(c) for rij in knoppen.iter_rows(values_only=True) for c in rij if c)
    return {
        "README.md": (BRON / "README.md").read_text(encoding="utf-8"),
        "LEESMIJ.txt (excel-setup)": es.leesmij("nplv"),
        "blad Knoppen": knoppentekst,
        es.BAS_NAAM: es.bas_tekst(),
        "workbooks/voorbeeld_nplv_csv/LEESMIJ.txt": (BRON / "workbooks" / voorbeeld.NPLV_CSV / "LEESMIJ.txt")
        .read_text(encoding="cp1252"),
    }


def test_installatieteksten_geven_het_commando_dat_nu_werkt(teksten):
    for naam, tekst in teksten.items():
        vlak = " ".join(tekst.split())
        wheel = "xl_opgave-<versie>-py3-none-any.whl" if "voorbeeld" in naam else WHEEL_NAAM
        assert f"py -m pip install {wheel}" in vlak, naam  # Windows
        assert "python3 -m pip install" in vlak, naam  # macOS
        if naam in ("README.md", "LEESMIJ.txt (excel-setup)", "workbooks/voorbeeld_nplv_csv/LEESMIJ.txt"):
            assert re.search(r"pip install \.(\s|`|$)", tekst), naam  # the source folder


def test_pip_install_xl_opgave_alleen_als_toekomst(teksten):
    """`pip install xl-opgave` fails while the package is not on PyPI: it may only appear as what comes later."""
    for naam, tekst in teksten.items():
        vlak = " ".join(tekst.split())
        for gevonden in re.finditer(r"pip install (--upgrade )?xl-opgave\b", vlak):
            assert "PyPI" in vlak[max(0, gevonden.start() - 250):gevonden.start()], (naam, vlak[gevonden.start() - 250:
                                                                                              gevonden.end()])


def test_diagnose_staat_waar_het_misgaat(teksten):
    for naam in ("README.md", "LEESMIJ.txt (excel-setup)", "blad Knoppen", es.BAS_NAAM):
        assert "xl-opgave diagnose" in teksten[naam], naam


# -- CI ---------------------------------------------------------------------------------------------------

def test_ci_draait_het_testcommando_van_de_readme_en_dan_het_wheel():
    readme = (BRON / "README.md").read_text(encoding="utf-8")
    blok = re.search(r"# 2\. [^\n]*\n([^\n]+)\n", readme)
    assert blok, "het tweede commando van Snel aan de slag"
    run = (BRON / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert blok.group(1) in run, "de README's testcommando staat niet letterlijk in .ci/run"
    assert ".ci/wheel" in run[run.index(blok.group(1)) + 1:], ".ci/wheel na het testcommando"
    wheel = (BRON / ".ci" / "wheel").read_text(encoding="utf-8")
    assert "python -m build" in wheel and "wheel_rooktest.py" in wheel and "-e " not in wheel
    assert (BRON / ".ci" / "wheel").stat().st_mode & 0o111


def test_rooktest_kent_elk_gezicht():
    """The smoke test of the installed wheel covers the README's main command and every face."""
    tekst = (BRON / ".ci" / "wheel_rooktest.py").read_text(encoding="utf-8")
    for stap in ('draai("report", "nplv")', 'draai("template"', 'draai("check"', '"xl_opgave.vullen.voorbeeld"',
                 'draai("fill"', 'draai("excel-setup"', "import xl_opgave.udfs", 'draai("diagnose"'):
        assert stap in tekst, stap
