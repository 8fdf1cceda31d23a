"""The machine as `xl-opgave diagnose` sees it: one object, so tests can replace every part of it.

`echte_omgeving()` reads the real machine. Tests build an `Omgeving` with fakes: a platform string,
environment variables pointing into a temporary folder (conf files, XLSTART), a dict for the registry,
a dict for NTFS alternate data streams, and canned answers for other Python interpreters.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import metadata, util
from pathlib import Path


@dataclass(frozen=True)
class Peiling:
    """What another Python interpreter says about itself (see `peil_interpreter`)."""

    gestart: bool  # the interpreter ran and answered
    python: str | None = None  # "3.11.7"
    xl_opgave: str | None = None  # version when `import xl_opgave` worked
    xlwings: str | None = None  # installed xlwings version
    prefix: str | None = None  # sys.prefix: where a Windows install keeps xlwings' DLL
    fout: str | None = None  # why it did not start, or why `import xl_opgave` failed


@dataclass(frozen=True)
class Omgeving:
    """Everything diagnose reads from the machine."""

    platform: str  # sys.platform: 'win32', 'darwin', 'linux'
    variabelen: Mapping[str, str]  # environment variables
    thuismap: Path  # the user's home folder
    python: str  # the Python running now (sys.executable)
    python_versie: tuple[int, int, int]
    pakketversie: Callable[[str], str | None]  # installed distribution → version (None: not installed)
    pakketmap: Callable[[str], Path | None]  # importable package → its folder, without importing it
    zoek_programma: Callable[[str], str | None]  # a program on PATH (shutil.which)
    lees_stroom: Callable[[Path, str], bytes | None]  # an NTFS alternate data stream of a file (Windows)
    lees_register: Callable[[str, str], int | None]  # a DWORD under HKEY_CURRENT_USER (Windows)
    peil: Callable[[str], Peiling]  # ask another interpreter about itself
    commandos: frozenset[str] = field(default_factory=frozenset)  # the subcommands of this xl-opgave

    @property
    def windows(self) -> bool:
        return self.platform.startswith("win")

    @property
    def macos(self) -> bool:
        return self.platform == "darwin"

    def variabele(self, naam: str) -> str | None:
        """An environment variable; on Windows its name is case-insensitive, as in the system."""
        if naam in self.variabelen:
            return self.variabelen[naam]
        if self.windows:
            for sleutel, waarde in self.variabelen.items():
                if sleutel.upper() == naam.upper():
                    return waarde
        return None


def _pakketversie(naam: str) -> str | None:
    try:
        return metadata.version(naam)
    except metadata.PackageNotFoundError:
        return None


def _pakketmap(naam: str) -> Path | None:
    # find_spec locates the package without running its __init__ (xlwings' import costs ~0,3 s: pandas).
    try:
        spec = util.find_spec(naam)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _lees_stroom(pad: Path, naam: str) -> bytes | None:
    """NTFS alternate data stream `pad:naam` (Windows); None elsewhere, or when there is none."""
    if not sys.platform.startswith("win"):
        return None
    try:
        with open(f"{pad}:{naam}", "rb") as stroom:
            return stroom.read(64 * 1024)
    except OSError:
        return None


def _lees_register(sleutel: str, waarde: str) -> int | None:
    """A DWORD under HKEY_CURRENT_USER (Windows); None when the key or value is absent, or elsewhere."""
    if not sys.platform.startswith("win"):
        return None
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, sleutel) as open_sleutel:
            gelezen, soort = winreg.QueryValueEx(open_sleutel, waarde)
    except OSError:
        return None
    return int(gelezen) if soort == winreg.REG_DWORD else None


# Runs in the other interpreter: only syntax and modules every Python 3 has, so an old Python still answers.
PEILCODE = r"""
import json, sys
uit = {"python": "%d.%d.%d" % tuple(sys.version_info[:3]), "prefix": sys.prefix}
try:
    import xl_opgave
    uit["xl_opgave"] = getattr(xl_opgave, "__version__", "?")
except Exception as fout:
    uit["fout"] = "%s: %s" % (type(fout).__name__, fout)
try:
    from importlib.metadata import version
    uit["xlwings"] = version("xlwings")
except Exception:
    uit["xlwings"] = None
print("XL_OPGAVE_PEILING " + json.dumps(uit))
"""


def peil_interpreter(interpreter: str, timeout: float = 60.0) -> Peiling:
    """Start `interpreter` as xlwings would (`-B -c …`) and ask it for its versions and `import xl_opgave`.

    It runs in an empty temporary folder: `python -c` puts the working folder on sys.path, and a source
    checkout there would make `import xl_opgave` succeed where Excel's start of the same Python fails.
    """
    try:
        with tempfile.TemporaryDirectory(prefix="xl_opgave_peiling_") as leeg:
            klaar = subprocess.run(
                [interpreter, "-B", "-c", PEILCODE], cwd=leeg, capture_output=True, text=True,
                timeout=timeout, stdin=subprocess.DEVNULL, errors="replace",
            )
    except FileNotFoundError:
        return Peiling(False, fout="bestaat niet")
    except PermissionError:
        return Peiling(False, fout="geen toegang of geen programma")
    except subprocess.TimeoutExpired:
        return Peiling(False, fout=f"gaf binnen {timeout:.0f} s geen antwoord")
    except OSError as fout:
        return Peiling(False, fout=fout.strerror or str(fout))
    for regel in klaar.stdout.splitlines():
        if regel.startswith("XL_OPGAVE_PEILING "):
            try:
                gelezen = json.loads(regel.split(" ", 1)[1])
            except ValueError:
                break
            return Peiling(True, python=gelezen.get("python"), xl_opgave=gelezen.get("xl_opgave"),
                           xlwings=gelezen.get("xlwings"), prefix=gelezen.get("prefix"), fout=gelezen.get("fout"))
    laatste = (klaar.stderr.strip().splitlines() or ["geen antwoord"])[-1]
    return Peiling(False, fout=laatste[:200])


def _commandos() -> frozenset[str]:
    from xl_opgave.cli import maak_parser

    for actie in maak_parser()._actions:
        keuzes = getattr(actie, "choices", None)
        if isinstance(keuzes, dict):
            return frozenset(keuzes)
    return frozenset()


def echte_omgeving() -> Omgeving:
    """This machine."""
    return Omgeving(
        platform=sys.platform,
        variabelen=dict(os.environ),
        thuismap=Path.home(),
        python=sys.executable,
        python_versie=tuple(sys.version_info[:3]),  # type: ignore[arg-type]
        pakketversie=_pakketversie,
        pakketmap=_pakketmap,
        zoek_programma=shutil.which,
        lees_stroom=_lees_stroom,
        lees_register=_lees_register,
        peil=peil_interpreter,
        commandos=_commandos(),
    )
