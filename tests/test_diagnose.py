"""`xl-opgave diagnose`: the Windows and macOS parts driven by fakes on Linux, the rest on this machine.

A fake machine (`Nep`) is a temporary folder laid out as a Windows or macOS user's would be (home folder,
%APPDATA%\\Microsoft\\Excel\\XLSTART, a Python installation with its xlwings DLL, xlwings' package folder with
the add-in it ships), plus a dict for the registry, one for NTFS streams and canned answers of other Python
interpreters. Each test plants one of the failures an adviser meets and reads the screen.
"""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from xl_opgave import __version__, uitvoer
from xl_opgave.cli import main
from xl_opgave.commando import excel_setup as es
from xl_opgave.diagnose import controles, werkmap
from xl_opgave.diagnose import omgeving as om
from xl_opgave.diagnose import xlwings_instellingen as xi
from xl_opgave.diagnose.omgeving import Omgeving, Peiling

XLWINGS = "0.37.8"
ADDIN = b"PK xlwings.xlam van xlwings " + XLWINGS.encode()


class Nep:
    """A fake adviser's machine in `tmp`: every part of Omgeving that diagnose reads."""

    def __init__(self, tmp: Path, platform: str = "win32") -> None:
        self.tmp = tmp
        self.platform = platform
        self.thuis = tmp / "Users" / "adviseur"
        self.thuis.mkdir(parents=True)
        self.variabelen = {"USERPROFILE": str(self.thuis), "APPDATA": str(self.thuis / "AppData" / "Roaming"),
                           "ProgramFiles": str(tmp / "Program Files")}
        if platform == "win32":
            self.python = self.bestand(tmp / "Python312" / "python.exe")
            self.bestand(tmp / "Python312" / "pythonw.exe")
            self.bestand(tmp / "Python312" / f"xlwings64-{XLWINGS}.dll")
        else:
            self.python = self.bestand(tmp / "bin" / "python3.12")
        self.pakketten = {"xl-opgave": __version__, "xlwings": XLWINGS}
        self.xlwings_map = tmp / "site-packages" / "xlwings"
        self.bestand(self.xlwings_map / "addin" / "xlwings.xlam", ADDIN)
        self.programmas: dict[str, str] = {}
        self.stromen: dict[tuple[str, str], bytes] = {}
        self.register: dict[tuple[str, str], int] = {}
        self.peilingen: dict[str, Peiling] = {}
        self.gepeild: list[str] = []
        self.commandos = frozenset({"report", "template", "check", "excel-setup", "fill", "diagnose"})

    @staticmethod
    def bestand(pad: Path, inhoud: bytes = b"") -> str:
        pad.parent.mkdir(parents=True, exist_ok=True)
        pad.write_bytes(inhoud)
        return str(pad)

    # -- the usual state of a working Windows installation ---------------------------------------------
    @property
    def pythonw(self) -> str:
        return str(Path(self.python).with_name("pythonw.exe"))

    @property
    def xlstart(self) -> Path:
        return self.thuis / "AppData" / "Roaming" / "Microsoft" / "Excel" / "XLSTART"

    def conf(self, *regels: str) -> Path:
        if self.platform == "darwin":
            pad = self.thuis / "Library" / "Containers" / "com.microsoft.Excel" / "Data" / "xlwings.conf"
        else:
            pad = self.thuis / ".xlwings" / "xlwings.conf"
        self.bestand(pad, "".join(r + "\r\n" for r in regels).encode("cp1252"))
        return pad

    def installeer_alles(self) -> Nep:
        """As after the README's steps: add-in installed from this Python, UDF Modules set, VBA access trusted."""
        self.bestand(self.xlstart / "xlwings.xlam", ADDIN)
        self.conf(f'"INTERPRETER_WIN","{self.pythonw}"', '"UDF MODULES","xl_opgave.udfs"')
        self.register[(r"Software\Microsoft\Office\16.0\Excel\Security", "AccessVBOM")] = 1
        return self

    def omgeving(self) -> Omgeving:
        def peil(pad: str) -> Peiling:
            self.gepeild.append(pad)
            return self.peilingen.get(pad, Peiling(False, fout="bestaat niet"))

        return Omgeving(
            platform=self.platform, variabelen=dict(self.variabelen), thuismap=self.thuis, python=self.python,
            python_versie=(3, 12, 1), pakketversie=self.pakketten.get,
            pakketmap=lambda naam: self.xlwings_map if naam == "xlwings" and "xlwings" in self.pakketten else None,
            zoek_programma=self.programmas.get, lees_stroom=lambda pad, naam: self.stromen.get((str(pad), naam)),
            lees_register=lambda sleutel, waarde: self.register.get((sleutel, waarde)), peil=peil,
            commandos=self.commandos,
        )

    def diagnose(self, route: str = "windows", werkboek: Path | None = None) -> controles.Diagnose:
        omgeving = self.omgeving()
        feiten = werkmap.lees(omgeving, werkboek) if werkboek is not None else None
        return controles.diagnose(omgeving, route, feiten)


def _regel(uitslag: controles.Diagnose, begin: str) -> controles.Regel:
    gevonden = [r for r in uitslag.regels if begin in r.tekst]
    assert len(gevonden) == 1, (begin, uitslag.tekst())
    return gevonden[0]


def maak_xlsm(pad: Path, conf: list[tuple[str, str]] | None = None, knop: bool = True, vba: bool = True) -> Path:
    """A small macro workbook like excel-setup's: xlwings' VBA project, an Uitvoeren button, a conf sheet."""
    import xlsxwriter

    pad.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(pad))
    blad = wb.add_worksheet("Knoppen")
    if vba:
        wb.add_vba_project(io.BytesIO(es.quickstart_vba()), is_stream=True)
    if knop:
        blad.insert_button(1, 0, {"macro": "SampleCall", "caption": "Uitvoeren"})
    if conf is not None:
        conf_blad = wb.add_worksheet("xlwings.conf")
        for rij, (sleutel, waarde) in enumerate(conf):
            conf_blad.write_string(rij, 0, sleutel)
            conf_blad.write_string(rij, 1, waarde)
    wb.close()
    return pad


@pytest.fixture(scope="module")
def setup_map(tmp_path_factory) -> Path:
    """What `xl-opgave excel-setup nplv` writes, once for the module."""
    map_ = tmp_path_factory.mktemp("excel_setup")
    assert main(["excel-setup", "nplv", "--out", str(map_)]) == 0
    return map_


# -- the whole Windows route ------------------------------------------------------------------------------

def test_windows_alles_in_orde_met_het_werkboek_van_excel_setup(tmp_path, setup_map, monkeypatch, capsys):
    nep = Nep(tmp_path).installeer_alles()
    monkeypatch.setattr(om, "echte_omgeving", nep.omgeving)
    xlsm = setup_map / es.xlsm_naam("nplv")
    assert main(["diagnose", str(xlsm), "--route", "windows"]) == uitvoer.IN_ORDE
    scherm = capsys.readouterr().out
    regels = scherm.splitlines()
    assert regels[0].startswith("xl-opgave diagnose, route windows")
    assert not any(r.startswith("✘") for r in regels), scherm
    for verwacht in (f"✔ xl-opgave {__version__}", f"✔ xlwings {XLWINGS}", f"✔ xlwings-invoegtoepassing {XLWINGS}",
                     "✔ Python van xlwings (%USERPROFILE%\\.xlwings\\xlwings.conf, regel 1): deze Python",
                     f"✔ xlwings64-{XLWINGS}.dll in", "✔ UDF Modules = xl_opgave.udfs (blad xlwings.conf van "
                     "nplv_xlwings.xlsm, cel B1)", "✔ toegang tot het VBA-projectobjectmodel vertrouwd (Excel 16.0)",
                     "✔ nplv_xlwings.xlsm: VBA-project aanwezig", "✔ nplv_xlwings.py staat naast nplv_xlwings.xlsm",
                     "✔ nplv_xlwings.xlsm is niet geblokkeerd door Windows"):
        assert any(r.startswith(verwacht) for r in regels), (verwacht, scherm)
    assert regels[-1] == "In orde: alle 11 controles van route windows geslaagd."
    assert nep.gepeild == []  # the configured Python is this one: nothing else was started


def test_andere_python_zonder_xl_opgave(tmp_path):
    nep = Nep(tmp_path).installeer_alles()
    anaconda = nep.bestand(tmp_path / "Anaconda3" / "pythonw.exe")
    nep.bestand(tmp_path / "Anaconda3" / "python.exe")
    nep.conf(f'"INTERPRETER_WIN","{anaconda}"', '"UDF MODULES","xl_opgave.udfs"')
    nep.peilingen[str(tmp_path / "Anaconda3" / "python.exe")] = Peiling(
        True, python="3.9.13", xlwings="0.30.10", fout="ModuleNotFoundError: No module named 'xl_opgave'")
    uitslag = nep.diagnose()
    regel = _regel(uitslag, "Python van xlwings")
    assert regel.soort == controles.FOUT
    assert anaconda in regel.tekst and "zonder xl-opgave" in regel.tekst and "ModuleNotFoundError" in regel.tekst
    # The fix: this Python's pythonw.exe in the ribbon, or install xl-opgave into the other one.
    assert f"tabblad xlwings > Interpreter: {nep.pythonw}" in regel.oplossing
    assert f"-m pip install xl_opgave-{__version__}-py3-none-any.whl" in regel.oplossing
    # pythonw.exe has no console: the diagnosis asked the python.exe beside it.
    assert nep.gepeild == [str(tmp_path / "Anaconda3" / "python.exe")]
    # The add-in of xlwings 0.37.8 wants xlwings64-0.37.8.dll, which that Python does not have.
    assert _regel(uitslag, "xlwings64-").soort == controles.FOUT
    assert not uitslag.in_orde


def test_andere_python_met_dezelfde_xl_opgave_is_goed_een_oudere_niet(tmp_path):
    nep = Nep(tmp_path).installeer_alles()
    venv = nep.bestand(tmp_path / "venvs" / "xl" / "Scripts" / "pythonw.exe")
    nep.bestand(tmp_path / "venvs" / "xl" / "Scripts" / "python.exe")
    nep.bestand(tmp_path / "venvs" / "xl" / f"xlwings64-{XLWINGS}.dll")  # a venv: the DLL in Scripts\..
    nep.conf(f'"INTERPRETER_WIN","{venv}"', '"UDF MODULES","xl_opgave.udfs"')
    console = str(tmp_path / "venvs" / "xl" / "Scripts" / "python.exe")
    nep.peilingen[console] = Peiling(True, python="3.12.1", xl_opgave=__version__, xlwings=XLWINGS)
    uitslag = nep.diagnose()
    assert _regel(uitslag, "Python van xlwings").soort == controles.OK
    assert _regel(uitslag, "xlwings64-").tekst == f"xlwings64-{XLWINGS}.dll in {tmp_path / 'venvs' / 'xl'}"
    assert uitslag.in_orde, uitslag.tekst()

    nep.peilingen[console] = Peiling(True, python="3.12.1", xl_opgave="0.1.0", xlwings=XLWINGS)
    regel = _regel(nep.diagnose(), "Python van xlwings")
    assert regel.soort == controles.FOUT and f"xl-opgave 0.1.0 (deze: {__version__})" in regel.tekst


def test_interpreter_die_niet_bestaat_of_niet_start(tmp_path):
    nep = Nep(tmp_path).installeer_alles()
    weg = str(tmp_path / "Python38" / "pythonw.exe")
    nep.conf(f'"INTERPRETER_WIN","{weg}"', '"UDF MODULES","xl_opgave.udfs"')
    regel = _regel(nep.diagnose(), "Python van xlwings")
    assert regel.soort == controles.FOUT and f"{weg} bestaat niet" in regel.tekst
    assert nep.gepeild == []

    kapot = nep.bestand(tmp_path / "Kapot" / "python.exe")
    nep.conf(f'"INTERPRETER_WIN","{kapot}"', '"UDF MODULES","xl_opgave.udfs"')
    nep.peilingen[kapot] = Peiling(False, fout="geen toegang of geen programma")
    regel = _regel(nep.diagnose(), "Python van xlwings")
    assert regel.soort == controles.FOUT and "start niet (geen toegang of geen programma)" in regel.tekst


def test_niet_ingesteld_betekent_pythonw_van_path(tmp_path):
    nep = Nep(tmp_path).installeer_alles()
    nep.conf('"UDF MODULES","xl_opgave.udfs"')
    regel = _regel(nep.diagnose(), "Python van xlwings")
    assert regel.soort == controles.FOUT and "pythonw niet gevonden op PATH" in regel.tekst
    assert "niet ingesteld, dus pythonw van PATH" in regel.tekst

    nep.programmas["pythonw"] = nep.pythonw.upper()  # Windows paths compare without case
    regel = _regel(nep.diagnose(), "Python van xlwings")
    assert regel.soort == controles.OK and regel.tekst.endswith("deze Python")


def test_leeg_interpreter_win_valt_terug_op_de_oude_sleutel(tmp_path):
    nep = Nep(tmp_path).installeer_alles()
    nep.conf('"INTERPRETER_WIN",""', f'"INTERPRETER","{nep.python}"', '"UDF MODULES","xl_opgave.udfs"')
    regel = _regel(nep.diagnose(), "Python van xlwings")
    assert regel.soort == controles.OK and "regel 2" in regel.tekst


def test_conda_pad_en_omgeving(tmp_path):
    nep = Nep(tmp_path).installeer_alles()
    conda = tmp_path / "miniconda3"
    pythonw = nep.bestand(conda / "envs" / "adviseur" / "pythonw.exe")
    nep.bestand(conda / "envs" / "adviseur" / "python.exe")
    nep.bestand(conda / "envs" / "adviseur" / f"xlwings64-{XLWINGS}.dll")
    nep.conf(f'"CONDA PATH","{conda}"', '"CONDA ENV","adviseur"', '"UDF MODULES","xl_opgave.udfs"')
    nep.peilingen[str(conda / "envs" / "adviseur" / "python.exe")] = Peiling(True, "3.11.9", __version__, XLWINGS)
    regel = _regel(nep.diagnose(), "Python van xlwings")
    assert regel.soort == controles.OK and pythonw in regel.tekst and "Conda Path en Conda Env" in regel.tekst

    ip = xi.interpreter(xi.verzamel(nep.omgeving()))
    assert ip.pad == pythonw and ip.conda
    nep.conf(f'"CONDA PATH","{conda}"', '"CONDA ENV","base"')
    assert xi.interpreter(xi.verzamel(nep.omgeving())).ingesteld == os.path.join(str(conda), "pythonw")
    # Conda only applies when the interpreter is the bare python/pythonw (XLPyLoadDLL).
    nep.conf(f'"INTERPRETER_WIN","{nep.pythonw}"', f'"CONDA PATH","{conda}"', '"CONDA ENV","adviseur"')
    assert xi.interpreter(xi.verzamel(nep.omgeving())).ingesteld == nep.pythonw


def test_omgevingsvariabelen_in_de_instelling(tmp_path):
    nep = Nep(tmp_path).installeer_alles()
    nep.variabelen["LOCALAPPDATA"] = str(tmp_path)
    nep.conf('"INTERPRETER_WIN","%localappdata%\\Python312\\pythonw.exe"'.replace("\\", os.sep),
             '"UDF MODULES","xl_opgave.udfs"')
    regel = _regel(nep.diagnose(), "Python van xlwings")
    assert regel.soort == controles.OK, regel


# -- the order of xlwings' settings: sheet, workbook folder, user file -------------------------------------

def test_blad_van_het_werkboek_gaat_voor_het_gebruikersbestand(tmp_path):
    nep = Nep(tmp_path).installeer_alles()
    ander = nep.bestand(tmp_path / "Oud" / "python.exe")
    nep.peilingen[ander] = Peiling(True, python="3.10.0", fout="ModuleNotFoundError: No module named 'xl_opgave'")
    xlsm = maak_xlsm(tmp_path / "map" / "gemeente.xlsm", [("UDF Modules", "xl_opgave.udfs"), ("Interpreter_Win", ander)])
    nep.bestand(tmp_path / "map" / "gemeente.py", b"from xl_opgave.macros import knop_uitvoeren\n")
    regel = _regel(nep.diagnose(werkboek=xlsm), "Python van xlwings")
    assert regel.soort == controles.FOUT and "blad xlwings.conf van gemeente.xlsm, cel B2" in regel.tekst
    assert regel.oplossing.startswith(f"zet op blad xlwings.conf van gemeente.xlsm, cel B2: {nep.pythonw}")


def test_xlwings_conf_in_de_map_van_het_werkboek(tmp_path):
    nep = Nep(tmp_path).installeer_alles()
    xlsm = maak_xlsm(tmp_path / "map" / "gemeente.xlsm", [("UDF Modules", "xl_opgave.udfs")])
    nep.bestand(tmp_path / "map" / "gemeente.py")
    map_conf = tmp_path / "map" / "xlwings.conf"
    map_conf.write_text('"interpreter_win","C:\\bestaat\\niet\\pythonw.exe"\n')
    regel = _regel(nep.diagnose(werkboek=xlsm), "Python van xlwings")
    assert regel.soort == controles.FOUT and f"{map_conf}, regel 1" in regel.tekst
    assert regel.oplossing.startswith(f"zet in {map_conf} bij INTERPRETER: ")


def test_een_lege_sleutel_op_het_blad_verbergt_het_gebruikersbestand(tmp_path):
    # GetConfig stops at the first layer that has the key, even when its value is empty.
    nep = Nep(tmp_path).installeer_alles()
    xlsm = maak_xlsm(tmp_path / "x.xlsm", [("UDF Modules", "")])
    regel = _regel(nep.diagnose(werkboek=xlsm), "UDF Modules")
    assert regel.soort == controles.FOUT and "leeg (blad xlwings.conf van x.xlsm, cel B1)" in regel.tekst
    assert regel.oplossing == "zet op blad xlwings.conf van x.xlsm, cel B1: xl_opgave.udfs"


def test_udf_modules_niet_of_anders_ingesteld(tmp_path):
    nep = Nep(tmp_path).installeer_alles()
    nep.conf(f'"INTERPRETER_WIN","{nep.pythonw}"')
    regel = _regel(nep.diagnose(), "UDF Modules")
    assert regel.soort == controles.FOUT and "niet ingesteld (voor al uw werkboeken)" in regel.tekst
    assert regel.oplossing == "tabblad xlwings > UDF Modules: xl_opgave.udfs"
    nep.conf(f'"INTERPRETER_WIN","{nep.pythonw}"', '"UDF MODULES","mijn_udfs;"')
    regel = _regel(nep.diagnose(), "UDF Modules")
    assert regel.oplossing == "tabblad xlwings > UDF Modules: mijn_udfs;xl_opgave.udfs"
    nep.conf(f'"INTERPRETER_WIN","{nep.pythonw}"', '"UDF MODULES","mijn_udfs; xl_opgave.udfs"')
    assert _regel(nep.diagnose(), "UDF Modules").soort == controles.OK


def test_conf_bestand_zoals_vba_het_leest(tmp_path):
    nep = Nep(tmp_path)
    pad = nep.conf('"UDF MODULES","eerste"', 'udf modules,tweede', '"Interpreter_Win","C:\\Program Files\\é\\python.exe"',
                   '', 'kapotte regel')
    laag = xi.lees_conf_bestand(pad, "gebruiker", xi.GEBRUIKER)
    assert laag.waarden["UDF MODULES"] == ("eerste", "regel 1")  # the first line of a key wins (Input #)
    assert laag.waarden["INTERPRETER_WIN"][0] == "C:\\Program Files\\é\\python.exe"  # cp1252 as VBA writes it
    assert set(laag.waarden) == {"UDF MODULES", "INTERPRETER_WIN"}


def test_conf_bestand_zoals_xlwings_eigen_lezer(tmp_path, monkeypatch):
    """Without duplicate keys, our reading of the user file equals xlwings' own (xlwings.utils.read_user_config)."""
    import xlwings
    import xlwings.utils

    pad = tmp_path / "xlwings.conf"
    pad.write_text('"INTERPRETER_WIN","C:\\Python312\\pythonw.exe"\n"UDF MODULES","xl_opgave.udfs"\n'
                   '"CONDA PATH",""\n"SHOW CONSOLE","False"\n')
    monkeypatch.setattr(xlwings, "USER_CONFIG_FILE", str(pad))
    eigen = xlwings.utils.read_user_config()
    onze = xi.lees_conf_bestand(pad, "gebruiker", xi.GEBRUIKER).waarden
    assert {k.lower(): v for k, (v, _) in onze.items()} == eigen


def test_de_feiten_uit_xlwings_gelden_nog(tmp_path):
    """What xlwings_instellingen emulates, found in the installed xlwings' own source (fails when xlwings changes)."""
    import xlwings

    map_ = Path(xlwings.__file__).parent
    bas = (map_ / "xlwings.bas").read_text(encoding="latin-1")
    for feit in ('PYTHON_WIN = GetConfig("INTERPRETER_WIN", "")', 'PYTHON_WIN = GetConfig("INTERPRETER", "pythonw")',
                 'CondaPath & "\\envs\\" & CondaEnv & "\\" & PYTHON_WIN', 'If CondaEnv = "base" Then',
                 'LoadLibrary(ParentFolder(PYTHON_WIN) + "\\" + XLPyDLLName)',
                 'LoadLibrary(ParentFolder(ParentFolder(PYTHON_WIN)) + "\\" + XLPyDLLName)',
                 'Environ("USERPROFILE") & "\\." & PROJECT_NAME & "\\" & PROJECT_NAME & ".conf"',
                 'GetUdfModules = GetConfig("UDF MODULES")', 'interpreter = GetConfig("INTERPRETER_MAC", "")',
                 f'Lib "xlwings64-{xlwings.__version__}.dll"', 'd.Add UCase(cell.Value), cell.Offset(0, 1).Value',
                 "If LCase(sVarName) = LCase(sName) Then"):
        assert feit in bas, feit
    cli = (map_ / "cli.py").read_text(encoding="utf-8")
    assert "shutil.copyfile(addin_source_path, addin_target_path)" in cli
    assert 'f"xlwings-{xw.__version__}.applescript"' in cli and '"/Library/Application Scripts/com.microsoft.Excel"' in cli
    assert (map_ / "addin" / "xlwings.xlam").is_file()
    assert xlwings.USER_CONFIG_FILE == os.path.join(os.path.expanduser("~"), ".xlwings", "xlwings.conf")


# -- add-in, DLL, Trust Center ----------------------------------------------------------------------------

def test_invoegtoepassing_ontbreekt_of_is_een_andere_versie(tmp_path):
    nep = Nep(tmp_path).installeer_alles()
    (nep.xlstart / "xlwings.xlam").unlink()
    regel = _regel(nep.diagnose(), "xlwings-invoegtoepassing")
    assert regel.soort == controles.FOUT and str(nep.xlstart) in regel.tekst
    assert regel.oplossing == "sluit Excel helemaal en typ in de Opdrachtprompt: xlwings addin install"

    nep.bestand(nep.xlstart / "xlwings.xlam", b"PK xlwings.xlam van xlwings 0.30.10")
    regel = _regel(nep.diagnose(), "xlwings-invoegtoepassing")
    assert regel.soort == controles.FOUT and f"niet die van xlwings {XLWINGS}" in regel.tekst

    (nep.xlstart / "xlwings.xlam").unlink()  # `xlwings addin install --glob`: Excel's own XLSTART folder
    nep.bestand(tmp_path / "Program Files" / "Microsoft Office" / "root" / "Office16" / "XLSTART" / "xlwings.xlam", ADDIN)
    assert _regel(nep.diagnose(), "xlwings-invoegtoepassing").soort == controles.OK


def test_dll_ontbreekt(tmp_path):
    nep = Nep(tmp_path).installeer_alles()
    (tmp_path / "Python312" / f"xlwings64-{XLWINGS}.dll").unlink()
    regel = _regel(nep.diagnose(), "xlwings64-")
    assert regel.soort == controles.FOUT and f"'File not found: xlwings64-{XLWINGS}.dll'" in regel.tekst
    assert f"--force-reinstall xlwings=={XLWINGS}" in regel.oplossing
    nep.bestand(tmp_path / "Python312" / f"xlwings32-{XLWINGS}.dll")  # 32-bit Office
    assert _regel(nep.diagnose(), "xlwings32-").soort == controles.OK


def test_xlwings_ontbreekt(tmp_path):
    nep = Nep(tmp_path).installeer_alles()
    del nep.pakketten["xlwings"]
    uitslag = nep.diagnose()
    assert _regel(uitslag, "xlwings is niet geïnstalleerd").oplossing.startswith("py -m pip install xlwings")
    assert "versie niet te vergelijken" in _regel(uitslag, "xlwings-invoegtoepassing").tekst
    assert not [r for r in uitslag.regels if "xlwings64-" in r.tekst]  # no version, so no DLL name to look for


def test_vertrouwen_van_het_vba_project(tmp_path):
    nep = Nep(tmp_path).installeer_alles()
    eigen = (r"Software\Microsoft\Office\16.0\Excel\Security", "AccessVBOM")
    beleid = (r"Software\Policies\Microsoft\Office\16.0\Excel\Security", "AccessVBOM")
    del nep.register[eigen]
    regel = _regel(nep.diagnose(), "VBA-projectobjectmodel")
    assert regel.soort == controles.FOUT and "Vertrouwenscentrum" in regel.oplossing
    nep.register[eigen] = 0
    assert _regel(nep.diagnose(), "VBA-projectobjectmodel").soort == controles.FOUT
    nep.register[eigen] = 1
    nep.register[beleid] = 0  # a group policy overrides the user's own choice
    regel = _regel(nep.diagnose(), "VBA-projectobjectmodel")
    assert regel.soort == controles.FOUT and "groepsbeleid" in regel.tekst and "ICT" in regel.oplossing
    del nep.register[beleid], nep.register[eigen]
    nep.register[(r"Software\Microsoft\Office\15.0\Excel\Security", "AccessVBOM")] = 1  # Excel 2013
    assert _regel(nep.diagnose(), "VBA-projectobjectmodel").tekst.endswith("(Excel 15.0)")


# -- the workbook -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("stroom, geblokkeerd", [
    (b"[ZoneTransfer]\r\nZoneId=3\r\nReferrerUrl=https://mail.example/\r\n", True),
    ("[ZoneTransfer]\r\nZoneId=4\r\n".encode("utf-16-le"), True),
    (b"[ZoneTransfer]\r\nZoneId=2\r\n", False),
    (None, False),
])
def test_werkboek_geblokkeerd_door_windows(tmp_path, stroom, geblokkeerd):
    nep = Nep(tmp_path).installeer_alles()
    xlsm = maak_xlsm(tmp_path / "gemeente.xlsm", [("UDF Modules", "xl_opgave.udfs")])
    nep.bestand(tmp_path / "gemeente.py")
    if stroom is not None:
        nep.stromen[(str(xlsm), "Zone.Identifier")] = stroom
    regel = _regel(nep.diagnose(werkboek=xlsm), "geblokkeerd door Windows")
    assert (regel.soort == controles.FOUT) == geblokkeerd, regel
    if geblokkeerd:
        assert "Blokkering opheffen" in regel.oplossing and f'Unblock-File "{xlsm}"' in regel.oplossing


def test_py_naast_het_werkboek(tmp_path, setup_map):
    nep = Nep(tmp_path).installeer_alles()
    map_ = tmp_path / "gemeente"
    map_.mkdir()
    # Renamed with "Opslaan als": the workbook is gemeente_x.xlsm, the .py beside it still nplv_xlwings.py.
    (map_ / "gemeente_x.xlsm").write_bytes((setup_map / es.xlsm_naam("nplv")).read_bytes())
    (map_ / "nplv_xlwings.py").write_bytes((setup_map / es.py_naam("nplv")).read_bytes())
    regel = _regel(nep.diagnose(werkboek=map_ / "gemeente_x.xlsm"), "gemeente_x.py")
    assert regel.soort == controles.FOUT and "knop Uitvoeren" in regel.tekst
    assert regel.oplossing == "hernoem nplv_xlwings.py naar gemeente_x.py (het .py-bestand heet net als het werkboek)"

    (map_ / "gemeente_x.xlsm").rename(map_ / "gemeente-x 2.xlsm")  # not a module name
    regel = _regel(nep.diagnose(werkboek=map_ / "gemeente-x 2.xlsm"), "kan geen Python-module zijn")
    assert "gemeente_x_2.xlsm en gemeente_x_2.py" in regel.oplossing


def _vervang_in_pakket(pad: Path, wijzig) -> None:
    """Rewrite the parts of a package: `wijzig(naam, data) -> data`."""
    import zipfile

    with zipfile.ZipFile(pad) as oud:
        delen = [(info, wijzig(info.filename, oud.read(info))) for info in oud.infolist()]
    with zipfile.ZipFile(pad, "w", zipfile.ZIP_DEFLATED) as nieuw:
        for info, data in delen:
            nieuw.writestr(info, data)


def test_knop_ook_na_opslaan_in_excel(tmp_path):
    # Excel may write the button's macro with the workbook's name in front: still the same SampleCall.
    nep = Nep(tmp_path).installeer_alles()
    xlsm = maak_xlsm(tmp_path / "gemeente.xlsm", [("UDF Modules", "xl_opgave.udfs")])
    _vervang_in_pakket(xlsm, lambda naam, data: data.replace(b"[0]!SampleCall", b"'gemeente.xlsm'!SampleCall")
                       if naam.endswith(".vml") else data)
    assert werkmap.lees(nep.omgeving(), xlsm).knopmacros == ("SampleCall",)
    assert _regel(nep.diagnose(werkboek=xlsm), "gemeente.py").soort == controles.FOUT


def test_beschadigd_blad_is_een_bevinding_geen_interne_fout(tmp_path):
    nep = Nep(tmp_path).installeer_alles()
    xlsm = maak_xlsm(tmp_path / "kapot.xlsm", [("UDF Modules", "xl_opgave.udfs")])
    _vervang_in_pakket(xlsm, lambda naam, data: b"<worksheet><sheetData><row" if naam.endswith("sheet2.xml") else data)
    regel = _regel(nep.diagnose(werkboek=xlsm), "kapot.xlsm")
    assert regel.soort == controles.FOUT and "kapot.xlsm: het werkboek is beschadigd (" in regel.tekst


def test_werkboek_zonder_knop_hoeft_geen_py(tmp_path):
    nep = Nep(tmp_path).installeer_alles()
    xlsm = maak_xlsm(tmp_path / "eigen.xlsm", [("UDF Modules", "xl_opgave.udfs")], knop=False)
    uitslag = nep.diagnose(werkboek=xlsm)
    assert not [r for r in uitslag.regels if ".py" in r.tekst]
    assert uitslag.in_orde, uitslag.tekst()


def test_xlsx_of_geen_vba(tmp_path):
    nep = Nep(tmp_path).installeer_alles()
    regel = _regel(nep.diagnose(werkboek=Path("workbooks/nplv.xlsx").resolve()), "zonder VBA-project:")
    assert regel.soort == controles.FOUT and "zonder VBA-project" in regel.tekst and "*.xlsm" in regel.oplossing
    xlsm = maak_xlsm(tmp_path / "leeg.xlsm", knop=False, vba=False)
    regel = _regel(nep.diagnose(werkboek=xlsm), "VBA-project (")
    assert regel.soort == controles.FOUT and regel.tekst == "leeg.xlsm: geen VBA-project (geen macro's)"


def test_onleesbaar_werkboek_is_een_bevinding(tmp_path, monkeypatch, capsys):
    nep = Nep(tmp_path).installeer_alles()
    kapot = tmp_path / "kapot.xlsm"
    kapot.write_text("<html>dit is een downloadpagina</html>")
    uitslag = nep.diagnose(werkboek=kapot)
    werkboekregels = [r for r in uitslag.regels if "kapot.xlsm" in r.tekst]
    assert len(werkboekregels) == 1 and werkboekregels[0].soort == controles.FOUT
    assert "HTML" in werkboekregels[0].tekst
    monkeypatch.setattr(om, "echte_omgeving", nep.omgeving)
    assert main(["diagnose", str(kapot), "--route", "windows"]) == uitvoer.BEVINDINGEN
    assert main(["diagnose", str(tmp_path / "bestaat_niet.xlsm")]) == uitvoer.GEWEIGERD
    assert "bestaat niet" in capsys.readouterr().err


def test_het_werkboek_wordt_niet_gewijzigd(tmp_path, setup_map):
    nep = Nep(tmp_path).installeer_alles()
    xlsm = setup_map / es.xlsm_naam("nplv")
    voor = (xlsm.read_bytes(), xlsm.stat().st_mtime_ns)
    nep.diagnose(werkboek=xlsm)
    assert (xlsm.read_bytes(), xlsm.stat().st_mtime_ns) == voor


# -- the other routes -------------------------------------------------------------------------------------

def _mac(tmp_path: Path) -> Nep:
    nep = Nep(tmp_path, platform="darwin")
    opstart = nep.thuis / "Library" / "Group Containers" / "UBF8T346G9.Office" / "User Content.localized"
    nep.bestand(opstart / "Startup.localized" / "Excel" / "xlwings.xlam", ADDIN)
    nep.bestand(nep.thuis / "Library" / "Application Scripts" / "com.microsoft.Excel" / f"xlwings-{XLWINGS}.applescript")
    nep.conf('"INTERPRETER_MAC","$HOME/../../bin/python3.12"')
    return nep


def test_mac_route(tmp_path):
    nep = _mac(tmp_path)
    uitslag = nep.diagnose("mac")
    assert uitslag.in_orde, uitslag.tekst()
    assert _regel(uitslag, "Python van xlwings").tekst.endswith("deze Python")
    assert "~/Library/Containers/com.microsoft.Excel/Data/xlwings.conf" in _regel(uitslag, "Python van xlwings").tekst
    wijzer = [r for r in uitslag.regels if r.soort == controles.INFO]
    assert len(wijzer) == 1 and "xlwings Lite" in wijzer[0].tekst and "xl-opgave lite" in wijzer[0].tekst
    # No Windows-only checks on macOS: no DLL, no registry, no UDF Modules.
    assert not [r for r in uitslag.regels if "dll" in r.tekst or "VBA-projectobjectmodel" in r.tekst
                or "UDF Modules" in r.tekst]

    (nep.thuis / "Library" / "Application Scripts" / "com.microsoft.Excel" / f"xlwings-{XLWINGS}.applescript").unlink()
    regel = _regel(nep.diagnose("mac"), "RunPython (macOS)")
    assert regel.soort == controles.FOUT and "xlwings runpython install" in regel.oplossing
    assert regel.oplossing.startswith("typ in de Terminal")


def test_route_van_een_ander_platform(tmp_path):
    nep = Nep(tmp_path, platform="linux")
    uitslag = nep.diagnose("windows")
    regel = _regel(uitslag, "route windows")
    assert regel.soort == controles.FOUT and "--route pdf" in regel.oplossing
    assert not [r for r in uitslag.regels if "invoegtoepassing" in r.tekst]
    assert _regel(Nep(tmp_path / "w", platform="win32").diagnose("mac"), "route mac").soort == controles.FOUT


def test_web_route(tmp_path, setup_map):
    nep = Nep(tmp_path)
    uitslag = nep.diagnose("web", setup_map / es.xlsm_naam("nplv"))
    regel = _regel(uitslag, "heeft nog geen xl-opgave lite")
    assert regel.soort == controles.FOUT
    assert any(r.soort == controles.INFO and "macro's en knoppen werken niet in Excel op het web" in r.tekst
               for r in uitslag.regels)
    nep.commandos = nep.commandos | {"lite"}
    uitslag = nep.diagnose("web")
    assert uitslag.in_orde and _regel(uitslag, "xl-opgave lite beschikbaar").soort == controles.OK


def test_pdf_route(tmp_path):
    nep = Nep(tmp_path)
    nep.commandos = nep.commandos | {"pdf"}
    regel = _regel(nep.diagnose("pdf"), "LibreOffice")
    assert regel.soort == controles.FOUT and "libreoffice.org" in regel.oplossing
    soffice = nep.bestand(tmp_path / "Program Files" / "LibreOffice" / "program" / "soffice.exe")
    regel = _regel(nep.diagnose("pdf"), "LibreOffice")
    assert regel.soort == controles.FOUT and "niet op PATH" in regel.tekst and str(Path(soffice).parent) in regel.oplossing
    nep.programmas["soffice"] = soffice
    uitslag = nep.diagnose("pdf")
    assert uitslag.in_orde and _regel(uitslag, "LibreOffice").tekst == f"LibreOffice: {soffice}"


def test_libreoffice_gezocht_zoals_xl_opgave_het_zoekt():
    from xl_opgave.werkboek.libreoffice import soffice_pad

    regel = controles.libreoffice(om.echte_omgeving())
    if soffice_pad() is None:
        assert regel.soort == controles.FOUT
    else:
        assert regel == controles.Regel(controles.OK, f"LibreOffice: {soffice_pad()}")


def test_xl_opgave_installatie_half_bijgewerkt(tmp_path):
    nep = Nep(tmp_path)
    nep.pakketten["xl-opgave"] = "0.1.0"
    regel = _regel(nep.diagnose("pdf"), "xl-opgave 0")
    assert regel.soort == controles.FOUT and "de installatie zegt 0.1.0" in regel.tekst
    assert f"py -m pip install xl_opgave-{__version__}-py3-none-any.whl" in regel.oplossing
    del nep.pakketten["xl-opgave"]
    assert "niet als pakket geïnstalleerd" in _regel(nep.diagnose("pdf"), "xl-opgave 0").tekst


def test_standaardroute():
    assert [controles.standaardroute(p) for p in ("win32", "darwin", "linux")] == ["windows", "mac", "pdf"]


# -- the screen --------------------------------------------------------------------------------------------

def test_alles_mis_past_op_een_scherm(tmp_path):
    """Worst case on Windows, with a workbook: every check fails, and it still fits a console window."""
    nep = Nep(tmp_path)
    nep.pakketten["xl-opgave"] = "0.1.0"
    nep.bestand(nep.xlstart / "xlwings.xlam", b"oud")
    nep.bestand(tmp_path / "Oud" / "python.exe")
    nep.conf(f'"INTERPRETER_WIN","{tmp_path / "Oud" / "python.exe"}"')
    nep.peilingen[str(tmp_path / "Oud" / "python.exe")] = Peiling(True, "3.9.1", None, "0.30.0", fout="ModuleNotFoundError")
    xlsm = maak_xlsm(tmp_path / "gemeente.xlsm", [("UDF Modules", "")])
    nep.stromen[(str(xlsm), "Zone.Identifier")] = b"[ZoneTransfer]\nZoneId=3\n"
    uitslag = nep.diagnose(werkboek=xlsm)
    scherm = uitslag.tekst().splitlines()
    # Only Python, xlwings and the VBA project pass; the other eight fail.
    assert len(uitslag.fouten) == 8, uitslag.tekst()
    assert len(scherm) <= 30, uitslag.tekst()
    assert scherm[-1].startswith("Niet in orde: 8 van 11 controles")
    assert all(r.oplossing for r in uitslag.fouten)  # every ✘ says what to do


def test_tekens_hebben_een_vervanging_voor_elke_console():
    for teken in (*controles.TEKENS.values(), "→"):
        assert uitvoer.VERVANGINGEN[teken].isascii()


def test_echte_machine(capsys):
    """On this machine (Linux: route pdf), end to end; the exit status agrees with the screen."""
    status = main(["diagnose"])
    scherm = capsys.readouterr().out
    assert scherm.startswith("xl-opgave diagnose, route pdf")
    assert f"✔ Python {sys.version_info.major}.{sys.version_info.minor}." in scherm
    assert (status == uitvoer.IN_ORDE) == ("✘" not in scherm)
    assert status in (uitvoer.IN_ORDE, uitvoer.BEVINDINGEN)


# -- asking another Python -------------------------------------------------------------------------------

def _script(pad: Path, tekst: str) -> str:
    pad.write_text("#!/bin/sh\n" + tekst + "\n")
    pad.chmod(pad.stat().st_mode | stat.S_IEXEC)
    return str(pad)


def test_peiling_van_deze_python():
    peiling = om.peil_interpreter(sys.executable)
    assert peiling.gestart and peiling.xl_opgave == __version__ and peiling.fout is None
    assert peiling.python == ".".join(str(d) for d in sys.version_info[:3])
    assert peiling.prefix == sys.prefix
    from importlib.metadata import version

    assert peiling.xlwings == version("xlwings")


@pytest.mark.skipif(sys.platform.startswith("win"), reason="shell scripts as fake interpreters")
def test_peiling_van_een_python_zonder_xl_opgave(tmp_path):
    # -S: without site-packages, as a Python where xl-opgave was never installed.
    zonder = _script(tmp_path / "python_zonder", f'exec "{sys.executable}" -S "$@"')
    peiling = om.peil_interpreter(zonder)
    assert peiling.gestart and peiling.xl_opgave is None
    assert peiling.fout == "ModuleNotFoundError: No module named 'xl_opgave'"

    kapot = _script(tmp_path / "kapot", 'echo "Fatal Python error: init_fs_encoding" >&2; exit 1')
    assert om.peil_interpreter(kapot) == Peiling(False, fout="Fatal Python error: init_fs_encoding")
    traag = _script(tmp_path / "traag", "sleep 10")
    assert om.peil_interpreter(traag, timeout=0.5) == Peiling(False, fout="gaf binnen 0 s geen antwoord")
    assert om.peil_interpreter(str(tmp_path / "bestaat_niet")) == Peiling(False, fout="bestaat niet")


def test_peiling_draait_niet_in_de_bronmap(tmp_path):
    """`python -c` puts the working folder on sys.path; the diagnosis must not find xl_opgave there by accident."""
    kopie = tmp_path / "bron"
    (kopie / "xl_opgave").mkdir(parents=True)
    (kopie / "xl_opgave" / "__init__.py").write_text('__version__ = "vals"\n')
    zonder = _script(tmp_path / "python_zonder", f'cd "{kopie}"; exec "{sys.executable}" -S "$@"')
    # The script itself changes into the folder: proves that a working folder with xl_opgave would be found ...
    assert om.peil_interpreter(zonder).xl_opgave == "vals"
    # ... and peil_interpreter itself starts in an empty folder, whatever the caller's working folder.
    schoon = _script(tmp_path / "python_schoon", f'exec "{sys.executable}" -S "$@"')
    huidig = os.getcwd()
    try:
        os.chdir(kopie)
        assert om.peil_interpreter(schoon).xl_opgave is None
    finally:
        os.chdir(huidig)


def test_commando_start_niet_traag():
    """diagnose is registered like the others: its module imports nothing heavy at the top."""
    code = ("import sys, xl_opgave.commando.diagnose; "
            "print(sorted(m for m in ('openpyxl', 'xlwings', 'pandas', 'xlsxwriter') if m in sys.modules))")
    uit = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert uit.stdout.strip() == "[]", uit.stderr
