"""What `xl-opgave lite` writes for xlwings Lite: `main.py`, `requirements.txt` and, for later, a wheel.

Two routes, one set of files:

- **zelfstandig** (works today): `main.py` carries the pure-Python part of xl_opgave itself
  (`BESTANDEN`: core, worksheet logic, reference data, template reader and checker, macro actions;
  plus `invoernamen.json`), as text literals. When Lite runs it, it writes them into Pyodide's
  in-memory file system, puts that folder first on `sys.path` and imports from there; the adviser
  pastes one file. `requirements.txt` needs nothing but xlwings.
- **pakket** (once published on PyPI): `wheel_bytes()` is a dependency-free wheel
  `xl_opgave_kern-<versie>-py3-none-any.whl` of the same files; `requirements.txt` then names
  `xl-opgave-kern==<versie>` and `main.py` holds only the registrations.

In both, `main.py` registers the seven worksheet functions (`functiebeschrijvingen`) and the two
scripts with xlwings' `func`/`arg`/`script`, each a one-line call into `xl_opgave.lite`. Everything is
generated from the package's own files and the version, so the same version gives the same bytes.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import io
import json
import zipfile
from pathlib import Path

from xl_opgave import __version__
from xl_opgave.functiebeschrijvingen import FUNCTIES, VERPLICHT, Functie, opties
from xl_opgave.lite.invoernamen import BESTAND as INVOERNAMEN_BESTAND
from xl_opgave.lite.invoernamen import tabel as invoernamen_tabel

PAKKET = Path(__file__).resolve().parent.parent  # the xl_opgave package folder
WHEEL_NAAM = "xl-opgave-kern"
MAIN = "main.py"
REQUIREMENTS = "requirements.txt"

# The modules Lite needs, as paths inside the package. An explicit list, not an import graph: several
# modules import heavy libraries lazily on paths Lite never takes (the template generator, openpyxl),
# and those must stay out. That every module here imports, and the scripts run, without openpyxl,
# XlsxWriter, pandas, defusedxml or classic xlwings is what the Pyodide tests prove.
# The core is standard library only by rule (docs/ONTWIKKELAARS.md), so all of it goes in: a new core
# module can never be forgotten here.
KERN = tuple(sorted(f"core/{p.name}" for p in (PAKKET / "core").glob("*.py")))
MODULES = (
    "__init__.py",
    # the core and the reference data
    *KERN,
    "referentie.py", "data/__init__.py",
    # the worksheet functions
    "functiebeschrijvingen.py", "werkbladfuncties.py",
    # the scripts: the macros' actions, the template reader and the checker on values
    "macros/__init__.py", "macros/acties.py", "macros/werkboek.py", "macros/boek.py",
    "werkboek/__init__.py", "werkboek/namen.py", "werkboek/scenarios.py", "werkboek/berekening.py",
    "werkboek/lezer.py", "werkboek/controle.py", "werkboek/orakel.py", "werkboek/veilig.py",
    "werkboek/adressen.py", "werkboek/xmlstroom.py", "uitvoer.py",
    # the Lite face itself (not this generator)
    "lite/__init__.py", "lite/functies.py", "lite/invoernamen.py", "lite/werkboek.py", "lite/scripts.py",
)
DATA = ("data/nplv", "data/npvr")  # every file in these folders (programma.toml, opgave/dekking/gepubliceerd.csv)


def bestanden() -> dict[str, str]:
    """Path inside the installed tree ('xl_opgave/core/bedrag.py') → text, sorted by path."""
    uit: dict[str, str] = {}
    for pad in MODULES:
        uit[f"xl_opgave/{pad}"] = (PAKKET / pad).read_text(encoding="utf-8")
    for map_ in DATA:
        for bestand in sorted((PAKKET / map_).iterdir()):
            if bestand.is_file() and bestand.suffix in (".csv", ".toml"):
                uit[f"xl_opgave/{map_}/{bestand.name}"] = bestand.read_text(encoding="utf-8")
    uit[f"xl_opgave/lite/{INVOERNAMEN_BESTAND}"] = json.dumps(invoernamen_tabel(), indent=1, ensure_ascii=False) + "\n"
    return dict(sorted(uit.items()))


def inhoud_hash(tekst_per_pad: dict[str, str]) -> str:
    """sha256 over the embedded files (path and text), the identity of a bundle's content."""
    h = hashlib.sha256()
    for pad, tekst in sorted(tekst_per_pad.items()):
        h.update(pad.encode("utf-8") + b"\0" + tekst.encode("utf-8") + b"\0")
    return h.hexdigest()


def _literal(tekst: str) -> str:
    """`tekst` as a readable triple-quoted Python literal (checked to evaluate back to `tekst`)."""
    inhoud = tekst.replace("\\", "\\\\").replace("'''", "\\'\\'\\'")
    if inhoud.endswith("'"):
        inhoud = inhoud[:-1] + "\\'"
    literal = "'''" + inhoud + "'''"
    if ast.literal_eval(literal) != tekst:  # pragma: no cover - a bug in the escaping above
        raise AssertionError("embedded file does not round-trip")
    return literal


# -- main.py ----------------------------------------------------------------------------------------
_KOP = '''"""
# xl_opgave {versie} — de restopgave in Excel

Werkbladfuncties, in elke cel te gebruiken:
`=RESTOPGAVE(opgave; dekking; [methode])`, `=RIJKSDEEL()`, `=RIJKSRESTOPGAVE()`, `=JAARLIJKS()`,
`=OPGAVE(programma; naam)`, `=RESTOPGAVE_TABEL()` en `=BEDRAG()`. Bijvoorbeeld
`=RESTOPGAVE(B4:B8; C4:C8)` of `=OPGAVE("NPLV"; "Restopgave_Totaal_Tot2030")`.

Scripts voor het sjabloon van xl-opgave (nplv.xlsx, npvr.xlsx): *Ververs resultaat* en *Controleer*.

Dit bestand is gemaakt met `xl-opgave lite` ({route}). Wijzig het niet met de hand: maak voor een
nieuwe versie een nieuw bestand en vervang de hele inhoud.
"""
# Generated by xl-opgave {versie} (`xl-opgave lite`); {herkomst}.
'''


def _functie_bron(f: Functie) -> str:
    regels = ["@func"]
    for a in f.argumenten:
        opts = ", ".join(f"{k}={v!r}" for k, v in opties(a).items())
        regels.append(f"@arg({a.naam!r}, doc={a.doc!r}, {opts})")
    parameters = ", ".join(a.naam if a.standaard is VERPLICHT else f"{a.naam}={a.standaard!r}"
                           for a in f.argumenten)
    argumenten = ", ".join(a.naam for a in f.argumenten)
    regels += [
        f"def {f.naam}({parameters}):",
        f"    {_literal(f.omschrijving)}",
        f"    return _xl_opgave_lite.roep({f.naam!r}, {argumenten})",
    ]
    return "\n".join(regels)


SCRIPTS = (
    ("xl_opgave_ververs_resultaat", "xl_opgave: Ververs resultaat", "ververs_resultaat",
     "Laat Excel alles herberekenen en meldt de hoofdcontrole (Controle_Totaal) van het sjabloon."),
    ("xl_opgave_controleer", "xl_opgave: Controleer", "controleer",
     "Controleert het open sjabloon (namen, invoer, foutwaarden, Controles en elke benoemde uitkomst tegen de "
     "herberekening door xl_opgave) en zet de bevindingen op blad Controles, kolommen F tot en met J."),
)


def _script_bron(naam: str, titel: str, doel: str, omschrijving: str) -> str:
    return "\n".join([
        f"@script(name={titel!r})",
        f"def {naam}(book: xw.Book):",
        f"    {_literal(omschrijving)}",
        "    from xl_opgave.lite import scripts  # imported when a script runs: loading main.py stays quick",
        "",
        f"    scripts.{doel}(book)",
    ])


_INSTALLATIE = '''

# -- xl_opgave itself, carried in this file -----------------------------------------------------------
# Written into Pyodide's in-memory file system and imported from there (nothing to install). The folder
# name holds the version and the content hash, so a newer main.py never uses an older copy.
XL_OPGAVE_HASH = {hash!r}


def _xl_opgave_installeer(bestanden):
    import os
    import sys
    import tempfile

    map_ = os.path.join(tempfile.gettempdir(), "xl_opgave_lite_" + XL_OPGAVE_VERSIE + "_" + XL_OPGAVE_HASH[:16])
    klaar = os.path.join(map_, "xl_opgave_lite_klaar")  # written last: the folder is complete
    if not os.path.exists(klaar):  # Lite runs main.py again after every edit: write once
        for pad, tekst in bestanden.items():
            doel = os.path.join(map_, *pad.split("/"))
            os.makedirs(os.path.dirname(doel), exist_ok=True)
            with open(doel, "w", encoding="utf-8", newline="") as uit:
                uit.write(tekst)
        with open(klaar, "w", encoding="utf-8") as uit:
            uit.write(XL_OPGAVE_HASH)
    geladen = sys.modules.get("xl_opgave")
    if geladen is not None and not str(getattr(geladen, "__file__", "")).startswith(map_ + os.sep):
        for naam in [n for n in sys.modules if n == "xl_opgave" or n.startswith("xl_opgave.")]:
            del sys.modules[naam]  # an older copy, or an installed package: this file's copy counts
    if map_ in sys.path:
        sys.path.remove(map_)
    sys.path.insert(0, map_)
    sys.path_importer_cache.pop(map_, None)  # not importlib.invalidate_caches(): ~0.5 s in Pyodide


_xl_opgave_installeer({{
{bestanden}
}})
'''


def main_py(*, zelfstandig: bool = True) -> str:
    """The text of `main.py`: registrations, and with `zelfstandig` the embedded package."""
    embedded = bestanden() if zelfstandig else {}
    herkomst = (f"carries {len(embedded)} files of the package, content sha256 {inhoud_hash(embedded)}"
                if zelfstandig else f"the package comes from requirements.txt ({WHEEL_NAAM}=={__version__})")
    delen = [
        _KOP.format(versie=__version__, herkomst=herkomst,
                    route="zelfstandig: xl_opgave zit in dit bestand" if zelfstandig
                    else f"met het pakket {WHEEL_NAAM} uit requirements.txt"),
        f"XL_OPGAVE_VERSIE = {__version__!r}",
        "",
        "import xlwings as xw",
        "from xlwings import arg, func, script",
        "",
    ]
    for f in FUNCTIES:
        delen += ["", _functie_bron(f), ""]
    for script in SCRIPTS:
        delen += ["", _script_bron(*script), ""]
    if zelfstandig:
        regels = [f"    {pad!r}: {_literal(tekst)}," for pad, tekst in embedded.items()]
        delen.append(_INSTALLATIE.format(hash=inhoud_hash(embedded), bestanden="\n".join(regels)))
    delen += [
        "",
        "# The functions above call into this (looked up when they run, so it can come last).",
        "from xl_opgave import __version__ as _xl_opgave_versie  # noqa: E402",
        "from xl_opgave.lite import functies as _xl_opgave_lite  # noqa: E402",
        "",
        "if _xl_opgave_versie != XL_OPGAVE_VERSIE:",
        "    raise ImportError(f\"xl_opgave {_xl_opgave_versie} geladen, dit main.py hoort bij {XL_OPGAVE_VERSIE}\")",
        "",
    ]
    return "\n".join(delen)


def requirements_txt(*, zelfstandig: bool = True) -> str:
    regels = [f"# xl_opgave {__version__} voor xlwings Lite (gemaakt met xl-opgave lite)."]
    if zelfstandig:
        regels.append("# main.py bevat xl_opgave zelf: er is geen extra pakket nodig. xlwings Lite heeft xlwings nodig.")
    else:
        regels.append(f"# main.py haalt xl_opgave uit het pakket {WHEEL_NAAM} (zonder afhankelijkheden).")
    regels.append("xlwings")
    if not zelfstandig:
        regels.append(f"{WHEEL_NAAM}=={__version__}")
    return "\n".join(regels) + "\n"


# -- the wheel --------------------------------------------------------------------------------------
_TIJD = (1980, 1, 1, 0, 0, 0)  # fixed zip timestamps: the same version gives the same bytes


def wheel_naam() -> str:
    return f"{WHEEL_NAAM.replace('-', '_')}-{__version__}-py3-none-any.whl"


def _metadata() -> str:
    return "\n".join([
        "Metadata-Version: 2.1",
        f"Name: {WHEEL_NAAM}",
        f"Version: {__version__}",
        "Summary: De kern van xl_opgave (restopgave NPLV/NPVR) en de werkbladfuncties voor xlwings Lite, zonder "
        "afhankelijkheden.",
        "License: MIT",
        "Requires-Python: >=3.11",
        "",
    ])


def wheel_bytes() -> bytes:
    """A pure, dependency-free wheel of the files `main.py` carries (for the package route)."""
    distinfo = f"{WHEEL_NAAM.replace('-', '_')}-{__version__}.dist-info"
    inhoud = {pad: tekst.encode("utf-8") for pad, tekst in bestanden().items()}
    inhoud[f"{distinfo}/METADATA"] = _metadata().encode("utf-8")
    inhoud[f"{distinfo}/WHEEL"] = (f"Wheel-Version: 1.0\nGenerator: xl-opgave {__version__}\n"
                                   "Root-Is-Purelib: true\nTag: py3-none-any\n").encode()
    record = []
    for pad, data in inhoud.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
        record.append(f"{pad},sha256={digest},{len(data)}")
    record.append(f"{distinfo}/RECORD,,")
    inhoud[f"{distinfo}/RECORD"] = ("\n".join(record) + "\n").encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for pad, data in inhoud.items():
            info = zipfile.ZipInfo(pad, date_time=_TIJD)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buffer.getvalue()


def uitvoer(*, pakket: bool = False) -> dict[str, bytes]:
    """File name → bytes of what `xl-opgave lite` writes (`pakket`: the package route, with its wheel)."""
    uit = {
        MAIN: main_py(zelfstandig=not pakket).encode("utf-8"),
        REQUIREMENTS: requirements_txt(zelfstandig=not pakket).encode("utf-8"),
    }
    if pakket:
        uit[wheel_naam()] = wheel_bytes()
    return uit
