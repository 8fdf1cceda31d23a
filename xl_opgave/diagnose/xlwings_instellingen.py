"""Where classic xlwings keeps its settings and which Python its add-in starts, as xlwings itself does it.

Read from xlwings 0.37.8 (the version installed and tested here), its docs (docs/addin.md) and the add-in's
VBA source in xlwings' repository (`xlwings/addin/Config.bas`, `Main.bas`; the installed `xlwings/xlwings.bas`
is the standalone copy of the same code, with ``ThisWorkbook`` where the add-in has ``ActiveWorkbook``);
tests/test_diagnose.py checks that these facts are still in the installed xlwings. None of it is new in the
versions since 0.30 that pyproject allows:

- **User config file** (`xlwings/__init__.py`, ``USER_CONFIG_FILE``; VBA ``GetConfigFilePath`` in
  `xlwings/addin/Config.bas`): Windows ``%USERPROFILE%\\.xlwings\\xlwings.conf``, macOS
  ``~/Library/Containers/com.microsoft.Excel/Data/xlwings.conf`` (Excel's sandbox).
- **Format**: one ``"KEY","VALUE"`` line per setting, as VBA ``Write #`` writes it (``SaveConfigToFile``, every
  change in the ribbon) and ``xlwings config create`` (`xlwings/cli.py`, ``config_create``). VBA
  ``GetConfigFromFile`` reads with ``Input #`` and takes the FIRST line whose key equals, ignoring case.
  Keys in the docs (docs/addin.md, "User Config: Ribbon/Config File"): ``INTERPRETER_WIN``,
  ``INTERPRETER_MAC``, ``PYTHONPATH``, ``CONDA PATH``, ``CONDA ENV``, ``UDF MODULES``, ``DEBUG UDFS``,
  ``USE UDF SERVER``, ``SHOW CONSOLE``, …; ``INTERPRETER`` is the legacy key for both platforms.
- **Order** (``GetConfig`` in Config.bas; docs/addin.md, "Config Hierarchy"): the sheet ``xlwings.conf`` of the
  active workbook (keys in column A from A1 down to the first empty cell, ``UCase``d; values in column B),
  then a file ``xlwings.conf`` in the workbook's folder, then the user file, then the default. The first
  layer that HAS the key wins, also with an empty value. Values go through ``ExpandEnvironmentStrings``.
- **Interpreter** for the worksheet functions (``XLPyLoadDLL`` in `xlwings/xlwings.bas`): ``INTERPRETER_WIN``,
  if empty the legacy ``INTERPRETER``, default ``pythonw`` (found on PATH). When that is ``python``/``pythonw``
  and both ``CONDA PATH`` and ``CONDA ENV`` are set: ``<CONDA PATH>\\pythonw`` for env ``base``,
  ``<CONDA ENV>\\pythonw`` when the env is a path, else ``<CONDA PATH>\\envs\\<CONDA ENV>\\pythonw``. The
  button (``RunPython``) reads the same keys (default ``python``). macOS: ``INTERPRETER_MAC``, else
  ``INTERPRETER``, default ``python``.
- **DLL**: ``XLPyLoadDLL`` loads ``xlwings64-<versie>.dll`` (``xlwings32-`` in 32-bit Office) from the
  interpreter's folder, else from its parent (a virtual environment: ``Scripts\\..``). ``<versie>`` is the
  add-in's own ``XLWINGS_VERSION``: add-in and Python package must be the same version, else Excel says
  "File not found: xlwings64-….dll" (xlwings issues #1864, #2263, #2376).
- **Add-in**: ``xlwings addin install`` (`cli.py`, ``addin_install``) copies `xlwings/addin/xlwings.xlam`
  unchanged (``shutil.copyfile``) into Excel's ``StartupPath``: the user's XLSTART folder,
  ``%APPDATA%\\Microsoft\\Excel\\XLSTART``; with ``--glob`` the XLSTART folder of Excel's installation.
  The first install also writes the user file with ``INTERPRETER_WIN``/``_MAC`` = the Python that ran
  the command (``config_create``; an existing file is left alone, so a later install from another Python
  does not change it). On macOS it also copies ``xlwings-<versie>.applescript`` to
  ``~/Library/Application Scripts/com.microsoft.Excel`` (``runpython_install``), which ``RunPython`` calls
  through ``AppleScriptTask``.
- **UDF Modules** (``GetUdfModules`` in xlwings.bas): ``GetConfig("UDF MODULES")``, modules separated by
  ``;``; empty means the module named after the workbook.
"""

from __future__ import annotations

import csv
import io
import ntpath
import os
import re
from dataclasses import dataclass
from pathlib import Path

from xl_opgave.diagnose.omgeving import Omgeving

CONF_NAAM = "xlwings.conf"
UDF_MODULE = "xl_opgave.udfs"

# Keys as xlwings' VBA asks for them (upper case; file keys compare case-insensitively, sheet keys are UCase'd).
INTERPRETER_WIN = "INTERPRETER_WIN"
INTERPRETER_MAC = "INTERPRETER_MAC"
INTERPRETER_OUD = "INTERPRETER"
CONDA_PATH = "CONDA PATH"
CONDA_ENV = "CONDA ENV"
UDF_MODULES = "UDF MODULES"

BLAD, MAP, GEBRUIKER = "blad", "map", "gebruiker"


@dataclass(frozen=True)
class Laag:
    """One source of settings: KEY → (value, where exactly)."""

    soort: str  # BLAD (the workbook's sheet), MAP (xlwings.conf beside the workbook), GEBRUIKER (the user's file)
    naam: str  # how the adviser finds it ("%USERPROFILE%\\.xlwings\\xlwings.conf", "blad xlwings.conf van x.xlsm")
    waarden: dict[str, tuple[str, str]]


@dataclass(frozen=True)
class Gevonden:
    waarde: str  # after expanding environment variables
    laag: Laag
    plaats: str  # "cel B2", "regel 3"


@dataclass(frozen=True)
class Instellingen:
    """The layers in xlwings' order (sheet, workbook folder, user file)."""

    lagen: tuple[Laag, ...]
    omgeving: Omgeving

    def zoek(self, sleutel: str) -> Gevonden | None:
        """What xlwings' GetConfig(sleutel) finds: the first layer that has the key, also when empty."""
        for laag in self.lagen:
            if sleutel in laag.waarden:
                waarde, plaats = laag.waarden[sleutel]
                return Gevonden(vul_variabelen_in(waarde, self.omgeving), laag, plaats)
        return None

    def waarde(self, sleutel: str) -> str:
        gevonden = self.zoek(sleutel)
        return gevonden.waarde if gevonden else ""


def vul_variabelen_in(waarde: str, omgeving: Omgeving) -> str:
    """Windows ``%VAR%`` as ExpandEnvironmentStrings does (unknown names stay); macOS ``$HOME`` and friends."""
    if omgeving.windows:
        def vervang(m: re.Match[str]) -> str:
            gevonden = omgeving.variabele(m.group(1))
            return gevonden if gevonden is not None else m.group(0)

        return re.sub(r"%([^%]+)%", vervang, waarde)
    if omgeving.macos:
        # docs/addin.md, "Making use of Environment Variables": $HOME, $APPLICATIONS, $DOCUMENTS, $DESKTOP.
        thuis = str(omgeving.thuismap)
        for naam, pad in (("$HOME", thuis), ("$APPLICATIONS", "/Applications"),
                          ("$DOCUMENTS", thuis + "/Documents"), ("$DESKTOP", thuis + "/Desktop")):
            waarde = waarde.replace(naam, pad)
    return waarde


def lees_conf_bestand(pad: Path, naam: str, soort: str) -> Laag | None:
    """A conf file as VBA ``Input #`` reads it: ``"KEY","VALUE"`` per line, the first line of a key wins."""
    try:
        ruw = pad.read_bytes()
    except OSError:
        return None
    try:
        tekst = ruw.decode("utf-8-sig")
    except UnicodeDecodeError:
        tekst = ruw.decode("cp1252", errors="replace")  # VBA writes the system's ANSI code page
    waarden: dict[str, tuple[str, str]] = {}
    for nummer, velden in enumerate(csv.reader(io.StringIO(tekst), skipinitialspace=True), start=1):
        if len(velden) < 2 or not velden[0].strip():
            continue
        sleutel = velden[0].strip().upper()
        waarden.setdefault(sleutel, (velden[1], f"regel {nummer}"))
    return Laag(soort, naam, waarden)


def blad_laag(cellen: list[tuple[object, object]], werkmapnaam: str) -> Laag:
    """The sheet ``xlwings.conf``: column A from A1 down to the first empty cell (GetConfigFromSheet)."""
    waarden: dict[str, tuple[str, str]] = {}
    for rij, (sleutel, waarde) in enumerate(cellen, start=1):
        if sleutel is None or str(sleutel) == "":
            break
        tekst = "" if waarde is None else str(waarde)
        waarden.setdefault(str(sleutel).upper(), (tekst, f"cel B{rij}"))
    return Laag(BLAD, f"blad {CONF_NAAM} van {werkmapnaam}", waarden)


def gebruikers_conf(omgeving: Omgeving) -> tuple[Path, str]:
    """The user config file and how to name it to the adviser."""
    if omgeving.macos:
        return (omgeving.thuismap / "Library" / "Containers" / "com.microsoft.Excel" / "Data" / CONF_NAAM,
                "~/Library/Containers/com.microsoft.Excel/Data/xlwings.conf")
    profiel = omgeving.variabele("USERPROFILE")
    basis = Path(profiel) if profiel else omgeving.thuismap
    return basis / ".xlwings" / CONF_NAAM, r"%USERPROFILE%\.xlwings\xlwings.conf"


def verzamel(omgeving: Omgeving, blad: Laag | None = None, werkmap: Path | None = None) -> Instellingen:
    """The layers xlwings reads for `werkmap` (or, without one, only the user's own file)."""
    lagen: list[Laag] = []
    if blad is not None:
        lagen.append(blad)
    if werkmap is not None:
        map_conf = werkmap.parent / CONF_NAAM
        laag = lees_conf_bestand(map_conf, str(map_conf), MAP)
        if laag is not None:
            lagen.append(laag)
    pad, naam = gebruikers_conf(omgeving)
    laag = lees_conf_bestand(pad, naam, GEBRUIKER)
    if laag is not None:
        lagen.append(laag)
    return Instellingen(tuple(lagen), omgeving)


@dataclass(frozen=True)
class Interpreter:
    """The Python xlwings starts: as configured, where that came from, and the file it comes down to."""

    ingesteld: str  # the value xlwings uses ("pythonw" when nothing is set)
    bron: str  # "%USERPROFILE%\\.xlwings\\xlwings.conf, regel 1", "niet ingesteld (standaard)", ...
    gevonden: Gevonden | None  # the setting that decided, None for the default
    pad: str | None  # the file it resolves to; None when it does not exist / is not on PATH
    conda: bool = False


def _bron(gevonden: Gevonden | None, standaard: str) -> str:
    if gevonden is None:
        return f"niet ingesteld, dus {standaard} van PATH"
    return f"{gevonden.laag.naam}, {gevonden.plaats}"


def interpreter(instellingen: Instellingen) -> Interpreter:
    """The interpreter xlwings' add-in starts on this platform (Windows: XLPyLoadDLL; macOS: RunPython)."""
    omgeving = instellingen.omgeving
    sleutel = INTERPRETER_MAC if omgeving.macos else INTERPRETER_WIN
    standaard = "python" if omgeving.macos else "pythonw"
    gevonden = instellingen.zoek(sleutel)
    if gevonden is None or gevonden.waarde == "":
        oud = instellingen.zoek(INTERPRETER_OUD)
        if oud is not None and oud.waarde != "":
            gevonden = oud
        elif gevonden is not None and gevonden.waarde == "":
            gevonden = None  # an empty INTERPRETER_WIN falls back to the default, like no setting
    ingesteld = gevonden.waarde if gevonden else standaard
    conda = False
    if omgeving.windows and ingesteld in ("python", "pythonw"):
        conda_pad, conda_env = instellingen.waarde(CONDA_PATH), instellingen.waarde(CONDA_ENV)
        if conda_pad and conda_env:
            conda = True
            if conda_env == "base":
                ingesteld = os.path.join(conda_pad, ingesteld)
            elif "\\" in conda_env or "/" in conda_env:
                ingesteld = os.path.join(conda_env, ingesteld)
            else:
                ingesteld = os.path.join(conda_pad, "envs", conda_env, ingesteld)
            gevonden = instellingen.zoek(CONDA_ENV)
    bron = _bron(gevonden, standaard)
    if conda:
        bron = f"Conda Path en Conda Env ({bron})"
    return Interpreter(ingesteld, bron, gevonden, _vind(ingesteld, omgeving), conda)


def _vind(ingesteld: str, omgeving: Omgeving) -> str | None:
    """The file an interpreter setting comes down to; a bare name is looked up on PATH, as Windows does."""
    if not any(teken in ingesteld for teken in "\\/"):
        return omgeving.zoek_programma(ingesteld)
    kandidaten = [ingesteld]
    if omgeving.windows and not ingesteld.lower().endswith(".exe"):
        kandidaten.insert(0, ingesteld + ".exe")
    for kandidaat in kandidaten:
        if Path(kandidaat).is_file():
            return kandidaat
    return None


def _stam(naam: str) -> str:
    naam = naam.lower()
    return naam[:-4] if naam.endswith(".exe") else naam


def zelfde_python(a: str, b: str, windows: bool) -> bool:
    """Is `a` the same Python installation as `b`? On Windows python.exe and pythonw.exe of one folder are one."""
    if windows:
        map_a, naam_a = ntpath.split(ntpath.normcase(a))
        map_b, naam_b = ntpath.split(ntpath.normcase(b))
        return map_a == map_b and {_stam(naam_a), _stam(naam_b)} <= {"python", "pythonw"}
    return os.path.realpath(a) == os.path.realpath(b)


def console_python(pad: str) -> str:
    """The python.exe beside a pythonw.exe: pythonw has no console, so the diagnosis asks python.exe instead."""
    map_, naam = ntpath.split(pad) if "\\" in pad else os.path.split(pad)
    if _stam(naam) == "pythonw":
        kandidaat = os.path.join(map_, "python.exe" if naam.lower().endswith(".exe") else "python")
        if Path(kandidaat).is_file():
            return kandidaat
    return pad


def aanbevolen_interpreter(omgeving: Omgeving) -> str:
    """What to type as Interpreter: the pythonw.exe of the Python running now (Windows), else that Python."""
    if omgeving.windows:
        pythonw = Path(omgeving.python).with_name("pythonw.exe")
        if pythonw.is_file():
            return str(pythonw)
    return omgeving.python


def dll_namen(versie: str) -> tuple[str, str]:
    """The DLL names the add-in of xlwings `versie` loads (64-bit and 32-bit Office)."""
    return f"xlwings64-{versie}.dll", f"xlwings32-{versie}.dll"


def dll_mappen(interpreter_pad: str) -> tuple[Path, Path]:
    """Where XLPyLoadDLL looks: the interpreter's folder, then its parent (virtual environment)."""
    map_ = Path(interpreter_pad).parent
    return map_, map_.parent


def addin_plaatsen(omgeving: Omgeving) -> list[Path]:
    """Where `xlwings addin install` puts xlwings.xlam: the user's startup folder first, then Excel's own."""
    if omgeving.macos:
        # Excel 2016+ for Mac: Application.StartupPath is inside the Office group container; Finder shows
        # the folders without their ".localized" suffix.
        basis = omgeving.thuismap / "Library" / "Group Containers" / "UBF8T346G9.Office"
        return [basis / "User Content.localized" / "Startup.localized" / "Excel" / "xlwings.xlam",
                basis / "User Content" / "Startup" / "Excel" / "xlwings.xlam"]
    plaatsen: list[Path] = []
    appdata = omgeving.variabele("APPDATA")
    if appdata:
        plaatsen.append(Path(appdata) / "Microsoft" / "Excel" / "XLSTART" / "xlwings.xlam")
    # `xlwings addin install --glob`: <Excel's folder>\XLSTART (click-to-run under root\, MSI without).
    for variabele in ("ProgramFiles", "ProgramFiles(x86)"):
        programmas = omgeving.variabele(variabele)
        if not programmas:
            continue
        for office in ("root/Office16", "Office16", "root/Office15", "Office15", "Office14"):
            plaatsen.append(Path(programmas, "Microsoft Office", *office.split("/"), "XLSTART", "xlwings.xlam"))
    return plaatsen


def applescript_pad(omgeving: Omgeving, versie: str) -> Path:
    """The AppleScript RunPython calls on macOS (copied by `xlwings addin install` / `xlwings runpython install`)."""
    return (omgeving.thuismap / "Library" / "Application Scripts" / "com.microsoft.Excel"
            / f"xlwings-{versie}.applescript")


def udf_modules(waarde: str) -> list[str]:
    """The modules of a UDF Modules setting (``;``-separated, a trailing ``;`` ignored)."""
    return [deel.strip() for deel in waarde.split(";") if deel.strip()]
