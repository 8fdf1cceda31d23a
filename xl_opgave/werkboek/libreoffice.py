"""Headless LibreOffice for tests and tools: throw-away profiles and full recalculation of xlsx files.

Facts this module relies on (verified with LibreOffice 7.4.7 on Debian 12):

- ``soffice --headless --convert-to xlsx`` only recomputes formula cells without a cached value, unless the
  profile sets ``/org.openoffice.Office.Calc/Formula/Load/OOXMLRecalcMode`` to 0 ("always recalculate"). With
  that setting a cell written with a wrong cached value (XlsxWriter ``value=999``) comes back correct.
- The settings in ``user/registrymodifications.xcu`` must be written *before* the first start of a profile;
  LibreOffice merges them in (they survive the first start).
- The first start with a real document load creates ``user/basic`` (``Standard`` library with ``Module1``,
  ``script.xlb``, ``dialog.xlb``, ``script.xlc``, ``dialog.xlc``); per the shared notes it overwrites what was
  there, so Basic modules are written after that first start. A module listed in ``Standard/script.xlb`` is loaded on the next start and
  its public functions are usable as worksheet functions (``=DUBBEL(21)`` computes 42). An unknown function is
  written back as ``#NAME?``.
- Python scripts in ``user/Scripts/python/NAME.py`` are reachable from Basic through
  ``com.sun.star.script.provider.MasterScriptProviderFactory`` and the URI
  ``vnd.sun.star.script:NAME.py$func?language=Python&location=user`` (package
  ``libreoffice-script-provider-python``). A range argument arrives in Python as a tuple of row tuples, a single
  cell as a scalar. A Python exception reaches Basic as a UNO RuntimeException that ``On Error GoTo`` traps.
- That Python is Debian's system libpython, which takes its prefix from the first ``python3`` on PATH: with
  another ``python3`` in front (seen with pyenv's), the script provider fails (``std::bad_alloc``, then "can't import
  __main__ module"). soffice is therefore started with ``/usr/bin:/bin`` at the front of PATH and without
  ``PYTHONPATH``/``PYTHONHOME``.
- An unhandled Basic error makes headless soffice hang (an invisible dialog): trap errors in every Basic function.
  Every soffice call here runs under a timeout and the whole process group is killed when it expires
  (``soffice`` is a shell script that starts ``oosplash`` and ``soffice.bin``; killing only the direct child
  leaves ``soffice.bin`` running). The killed profile is usable again afterwards.
- While a ``soffice.bin`` runs on a profile, a second ``soffice`` on the same profile hands its arguments to it and
  exits at once with status 0. A profile is therefore used by one call at a time (a lock file serialises calls
  from this module); use separate profiles to run in parallel. soffice also exits with status 0 when a document
  cannot be loaded ("Error: source file could not be loaded"), so outputs are checked file by file.
- Cost: about 1.4 s for a start with a tiny document; a few tenths of a second more per small workbook.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

__all__ = [
    "LibreOfficeFout",
    "herbereken",
    "maak_profiel",
    "soffice_pad",
]

# Files per soffice call; keeps the command line well below the system limit.
_BESTANDEN_PER_AANROEP = 100
_MAX_UITVOER = 4000  # characters of soffice output quoted in an error message

_REGISTRY_KOP = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
"""
_LOCALE = """<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">\
<value>{}</value></prop></item>
"""
_REGISTRY = _REGISTRY_KOP + "</oor:items>\n"


_KOP = '<?xml version="1.0" encoding="UTF-8"?>\n'
_XBA = (
    _KOP + '<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">\n'
    '<script:module xmlns:script="http://openoffice.org/2000/script" script:name={naam} '
    'script:language="StarBasic">{code}</script:module>\n'
)
_XLB_KOP = (
    _KOP + '<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">\n'
    '<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard" '
    'library:readonly="false" library:passwordprotected="false"'
)
_XLC = (
    _KOP + '<!DOCTYPE library:libraries PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "libraries.dtd">\n'
    '<library:libraries xmlns:library="http://openoffice.org/2000/library" xmlns:xlink="http://www.w3.org/1999/xlink">'
    '\n <library:library library:name="Standard" library:link="false"/>\n</library:libraries>\n'
)

_BASIC_NAAM = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_PYTHON_NAAM = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}(\.py)?")


class LibreOfficeFout(RuntimeError):
    """LibreOffice is missing, failed, timed out or did not write an expected file.

    ``uitvoer`` holds soffice's combined stdout/stderr (may be empty).
    """

    def __init__(self, melding: str, uitvoer: str = "") -> None:
        self.melding = melding
        self.uitvoer = uitvoer
        tekst = melding
        if uitvoer.strip():
            tekst += "\nUitvoer van soffice:\n" + uitvoer.strip()[-_MAX_UITVOER:]
        super().__init__(tekst)


def soffice_pad() -> str | None:
    """Path of the LibreOffice executable (``soffice`` or ``libreoffice`` on PATH), or None."""
    for naam in ("soffice", "libreoffice"):
        pad = shutil.which(naam)
        if pad:
            return pad
    return None


def _vereis_soffice() -> str:
    pad = soffice_pad()
    if pad is None:
        raise LibreOfficeFout("LibreOffice (soffice) is niet gevonden; installeer libreoffice-calc-nogui.")
    return pad


def _omgeving() -> dict[str, str]:
    """Environment for soffice: without the venv's Python variables, which would confuse LibreOffice's Python."""
    env = dict(os.environ)
    for naam in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONSAFEPATH", "PYTHONNOUSERSITE"):
        env.pop(naam, None)
    # LibreOffice's embedded Python (Debian: the system libpython) derives its prefix from the first python3 on
    # PATH; another python3 in front (pyenv, venv, Docker images) breaks the script provider.
    voorop = ["/usr/bin", "/bin"]
    rest = [p for p in env.get("PATH", "").split(os.pathsep) if p and p not in voorop]
    env["PATH"] = os.pathsep.join(voorop + rest)
    return env


def _stop_groep(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _draai(argumenten: Sequence[str], timeout: float) -> str:
    """Run soffice in its own process group under a timeout; return its output. Kills the group on timeout."""
    with tempfile.TemporaryFile(mode="w+b") as log:
        proces = subprocess.Popen(
            list(argumenten),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=_omgeving(),
            start_new_session=True,
        )
        try:
            code = proces.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop_groep(proces.pid)
            proces.wait()
            log.seek(0)
            uitvoer = log.read().decode("utf-8", "replace")
            raise LibreOfficeFout(
                f"LibreOffice reageerde niet binnen {timeout:g} s en is gestopt "
                "(mogelijk een onafgevangen fout in een Basic- of Python-functie).",
                uitvoer,
            ) from None
        except BaseException:
            _stop_groep(proces.pid)
            proces.wait()
            raise
        # A process left behind in the group (should not happen after a normal exit) would block the profile.
        _stop_groep(proces.pid)
        log.seek(0)
        uitvoer = log.read().decode("utf-8", "replace")
    if code != 0:
        raise LibreOfficeFout(f"LibreOffice stopte met foutcode {code}.", uitvoer)
    return uitvoer


@contextmanager
def _profielslot(profiel: Path) -> Iterator[None]:
    """Serialise soffice calls on one profile (a second instance would hand its work to the first and exit)."""
    with open(profiel / ".xl_opgave.lock", "a+b") as slot:
        fcntl.flock(slot, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(slot, fcntl.LOCK_UN)


def _opdracht(soffice: str, profiel: Path, uitvoermap: Path, bestanden: Sequence[Path]) -> list[str]:
    return [
        soffice,
        "--headless",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        f"-env:UserInstallation={profiel.as_uri()}",
        "--convert-to",
        "xlsx",
        "--outdir",
        str(uitvoermap),
        *(str(b) for b in bestanden),
    ]


def _schrijf_instellingen(profiel: Path, locale: str | None = None) -> None:
    """The profile's settings, before its first start: full recalculation on load; with `locale` (e.g.
    'nl-NL', for PDFs) the number style of that locale whatever the machine's."""
    user = profiel / "user"
    user.mkdir(parents=True, exist_ok=True)
    tekst = _REGISTRY if locale is None else _REGISTRY_KOP + _LOCALE.format(locale) + "</oor:items>\n"
    (user / "registrymodifications.xcu").write_text(tekst, encoding="utf-8")


def _dwingt_herberekening_af(profiel: Path) -> bool:
    xcu = profiel / "user" / "registrymodifications.xcu"
    try:
        tekst = xcu.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return re.search(r'oor:name="OOXMLRecalcMode"[^>]*>\s*<value>0</value>', tekst) is not None


def _basic_code(code: str) -> str:
    code = code.replace("\r\n", "\n").replace("\r", "\n")
    return escape(code, {'"': "&quot;"})


def _schrijf_basic(profiel: Path, modules: dict[str, str]) -> None:
    standard = profiel / "user" / "basic" / "Standard"
    xlb = standard / "script.xlb"
    if not xlb.is_file():
        raise LibreOfficeFout(f"Het profiel {profiel} is niet geïnitialiseerd: {xlb} ontbreekt.")
    bestaand = re.findall(r'<library:element library:name="([^"]+)"\s*/>', xlb.read_text(encoding="utf-8"))
    for naam, code in modules.items():
        (standard / f"{naam}.xba").write_text(_XBA.format(naam=quoteattr(naam), code=_basic_code(code)), "utf-8")
    namen = list(dict.fromkeys([*bestaand, *modules]))
    elementen = "".join(f" <library:element library:name={quoteattr(n)}/>\n" for n in namen)
    xlb.write_text(f"{_XLB_KOP}>\n{elementen}</library:library>\n", encoding="utf-8")
    if not (standard / "dialog.xlb").is_file():
        (standard / "dialog.xlb").write_text(_XLB_KOP + "/>\n", encoding="utf-8")
    basic = standard.parent
    for lijst in ("script.xlc", "dialog.xlc"):
        pad = basic / lijst
        if not pad.is_file() or 'library:name="Standard"' not in pad.read_text(encoding="utf-8"):
            pad.write_text(_XLC, encoding="utf-8")


def _schrijf_python(profiel: Path, scripts: dict[str, str]) -> None:
    map_ = profiel / "user" / "Scripts" / "python"
    map_.mkdir(parents=True, exist_ok=True)
    for naam, code in scripts.items():
        bestandsnaam = naam if naam.endswith(".py") else f"{naam}.py"
        (map_ / bestandsnaam).write_text(code, encoding="utf-8")


def maak_profiel(
    map: Path,
    *,
    basic_modules: dict[str, str] | None = None,
    python_scripts: dict[str, str] | None = None,
    timeout: float = 120,
) -> Path:
    """Create a throw-away LibreOffice user profile in ``map`` (empty or absent) and return its absolute path.

    The profile forces a full recalculation of OOXML and ODF files on load. ``basic_modules`` maps module names
    to Basic source; the modules go into the profile's ``Standard`` library, so their functions work as worksheet
    functions. ``python_scripts`` maps script names (``hulp`` or ``hulp.py``) to Python source for
    ``user/Scripts/python/``. Basic functions must trap their errors (``On Error GoTo``): an unhandled error hangs
    headless soffice until the timeout.
    """
    basic_modules = dict(basic_modules or {})
    python_scripts = dict(python_scripts or {})
    for naam in basic_modules:
        if not _BASIC_NAAM.fullmatch(naam):
            raise ValueError(f"Ongeldige naam voor een Basic-module: {naam!r}")
    for naam in python_scripts:
        if not _PYTHON_NAAM.fullmatch(naam):
            raise ValueError(f"Ongeldige naam voor een Python-script: {naam!r}")
    soffice = _vereis_soffice()
    profiel = Path(map).resolve()
    if profiel.exists() and any(profiel.iterdir()):
        raise ValueError(f"De profielmap {profiel} is niet leeg; geef een lege of nieuwe map.")
    profiel.mkdir(parents=True, exist_ok=True)
    _schrijf_instellingen(profiel)
    # First start with a real document load, so that LibreOffice builds the profile (including user/basic).
    with tempfile.TemporaryDirectory(prefix="xl_opgave_lo_") as tmp:
        bron = Path(tmp) / "start.csv"
        bron.write_text("1\n", encoding="utf-8")
        with _profielslot(profiel):
            uitvoer = _draai(_opdracht(soffice, profiel, Path(tmp), [bron]), timeout)
        if not (Path(tmp) / "start.xlsx").is_file():
            raise LibreOfficeFout(f"LibreOffice kon het profiel {profiel} niet initialiseren.", uitvoer)
    if not _dwingt_herberekening_af(profiel):
        raise LibreOfficeFout(f"LibreOffice heeft de herberekeningsinstelling in {profiel} niet overgenomen.")
    if basic_modules:
        _schrijf_basic(profiel, basic_modules)
    if python_scripts:
        _schrijf_python(profiel, python_scripts)
    return profiel


def herbereken(
    bestanden: list[Path],
    uitvoermap: Path,
    *,
    profiel: Path | None = None,
    timeout: float = 120,
) -> list[Path]:
    """Recalculate each workbook fully by converting it to xlsx in ``uitvoermap``; return the output paths.

    The output of ``a/naam.xlsx`` (or ``.xlsm``, ``.ods``, ...) is ``uitvoermap/naam.xlsx``, in input order. Files
    are converted many at a time (up to 100 per soffice call); ``timeout`` applies to each soffice call. Without
    ``profiel`` a fresh profile is used (and removed); a given profile must come from :func:`maak_profiel`.
    Raises :class:`LibreOfficeFout` (with soffice's output) when soffice fails, hangs or writes no output.
    """
    soffice = _vereis_soffice()
    bronnen = [Path(b).resolve() for b in bestanden]
    if not bronnen:
        return []
    for bron in bronnen:
        if not bron.is_file():
            raise FileNotFoundError(f"Bestand niet gevonden: {bron}")
    uitvoermap = Path(uitvoermap).resolve()
    uitvoermap.mkdir(parents=True, exist_ok=True)
    doelen = [uitvoermap / f"{b.stem}.xlsx" for b in bronnen]
    gezien: dict[Path, Path] = {}
    for bron, doel in zip(bronnen, doelen, strict=True):
        if doel == bron:
            raise ValueError(f"De uitvoer zou het bronbestand overschrijven: {bron}; kies een andere uitvoermap.")
        if doel in gezien:
            raise ValueError(f"Twee bestanden krijgen dezelfde uitvoernaam {doel.name}: {gezien[doel]} en {bron}.")
        gezien[doel] = bron
    for doel in doelen:
        doel.unlink(missing_ok=True)  # a stale output must not pass for a fresh one

    if profiel is None:
        with tempfile.TemporaryDirectory(prefix="xl_opgave_lo_") as tmp:
            # A fresh profile needs only its settings; the conversion itself is its first start.
            _schrijf_instellingen(Path(tmp))
            _converteer(soffice, Path(tmp), uitvoermap, bronnen, doelen, timeout)
    else:
        profiel = Path(profiel).resolve()
        if not _dwingt_herberekening_af(profiel):
            raise ValueError(f"Het profiel {profiel} dwingt geen herberekening af; maak het met maak_profiel().")
        _converteer(soffice, profiel, uitvoermap, bronnen, doelen, timeout)
    return doelen


def _converteer(
    soffice: str, profiel: Path, uitvoermap: Path, bronnen: list[Path], doelen: list[Path], timeout: float
) -> None:
    for start in range(0, len(bronnen), _BESTANDEN_PER_AANROEP):
        deel = bronnen[start : start + _BESTANDEN_PER_AANROEP]
        with _profielslot(profiel):
            uitvoer = _draai(_opdracht(soffice, profiel, uitvoermap, deel), timeout)
        ontbrekend = [
            bron.name
            for bron, doel in zip(deel, doelen[start : start + len(deel)], strict=True)
            if not doel.is_file()
        ]
        if ontbrekend:
            raise LibreOfficeFout(
                "LibreOffice heeft niet alle bestanden herberekend; geen uitvoer voor: " + ", ".join(ontbrekend),
                uitvoer,
            )
