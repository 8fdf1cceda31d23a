"""Which files `verzamel` reads: the workbooks in the folders and files named, and the others it skips.

Folders are searched recursively (hidden folders and files left out, symbolic links to folders not
followed, so a link cannot make the search run in circles); a file that is named twice (or both named and
found in a folder) is read once. Workbooks are `.xlsx` and `.xlsm` (any case); every other file is
listed with the reason it is skipped, including Excel's lock files (`~$naam.xlsx`, open elsewhere) and
workbooks in another format (.xls, .xlsb, .ods, .csv), whose reason says what to do.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from xl_opgave.core.fouten import InvoerFout

WERKMAPPEN = (".xlsx", ".xlsm")
_ANDERE_VORM = {
    ".xls": "oud Excel-bestand (.xls): open het in Excel en sla het op als Excel-werkmap (.xlsx)",
    ".xlsb": "binaire Excel-werkmap (.xlsb): sla het op als Excel-werkmap (.xlsx)",
    ".ods": "OpenDocument-rekenblad (.ods): sla het op als Excel-werkmap (.xlsx)",
    ".csv": "CSV-bestand: geen teruggestuurd werkboek",
    ".xltx": "Excel-sjabloon (.xltx): sla het op als Excel-werkmap (.xlsx)",
}


@dataclass
class Gevonden:
    werkboeken: list[Path] = field(default_factory=list)  # in the order found (sorted within each folder)
    overgeslagen: list[tuple[Path, str]] = field(default_factory=list)  # (file, why it is skipped)
    namen: dict[Path, str] = field(default_factory=dict)  # file → how the overview names it

    def naam(self, pad: Path) -> str:
        """A file as the overview names it: from the folder that was given ('terug/Delft_West.xlsx'), so the
        same folder gives the same overview wherever it is."""
        return self.namen.get(pad, str(pad))


def zoek(paden: Sequence[str | os.PathLike[str]]) -> Gevonden:
    """The workbooks to read; InvoerFout (exit 2, nothing read) for a path that does not exist."""
    gevonden = Gevonden()
    gezien: set[tuple[int, int]] = set()
    for invoer in paden:
        pad = Path(invoer)
        if not os.path.lexists(pad):
            raise InvoerFout("bestaat niet: geef een map met teruggestuurde werkboeken of een werkboek",
                             bron=str(pad))
        if pad.is_dir():
            basis = pad.resolve().parent
            for bestand in _in_map(pad):
                if _neem(bestand, gevonden, gezien):
                    gevonden.namen[bestand] = _relatief(bestand, basis)
        elif pad.is_file():
            if _neem(pad, gevonden, gezien):
                gevonden.namen[pad] = pad.name
        else:
            raise InvoerFout("is geen bestand en geen map", bron=str(pad))
    # Two folders of the same name given (a/terug, b/terug): their files keep their full paths.
    tel: dict[str, int] = {}
    for naam in gevonden.namen.values():
        tel[naam] = tel.get(naam, 0) + 1
    for bestand, naam in list(gevonden.namen.items()):
        if tel[naam] > 1:
            gevonden.namen[bestand] = str(bestand)
    return gevonden


def _in_map(map_: Path) -> list[Path]:
    uit: list[Path] = []
    for wortel, mappen, bestanden in os.walk(map_):
        mappen[:] = sorted(m for m in mappen if not m.startswith("."))
        uit += [Path(wortel) / b for b in sorted(bestanden) if not b.startswith(".")]
    return uit


def _relatief(pad: Path, basis: Path) -> str:
    try:
        return pad.resolve().relative_to(basis).as_posix()
    except ValueError:  # a file reached through a link from elsewhere
        return str(pad)


def _neem(pad: Path, gevonden: Gevonden, gezien: set[tuple[int, int]]) -> bool:
    """Take a file (False when it was taken already)."""
    try:
        st = pad.stat()
        sleutel = (st.st_dev, st.st_ino)
    except OSError:
        sleutel = (-1, hash(str(pad)))
    if sleutel in gezien:
        return False
    gezien.add(sleutel)
    naam = pad.name
    soort = pad.suffix.lower()
    if naam.startswith("~$"):
        gevonden.overgeslagen.append((pad, "tijdelijk bestand van Excel (het werkboek is ergens geopend)"))
    elif soort in WERKMAPPEN:
        gevonden.werkboeken.append(pad)
    else:
        gevonden.overgeslagen.append((pad, _ANDERE_VORM.get(soort, "geen Excel-werkmap (.xlsx of .xlsm)")))
    return True
