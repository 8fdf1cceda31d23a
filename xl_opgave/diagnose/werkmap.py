"""The facts of one workbook an adviser gives to `xl-opgave diagnose`, read without running anything in it.

Opened through the safe opener (`werkboek.veilig.open_pakket`): the package is checked before anything is
decompressed; the ``xlwings.conf`` sheet is then read with openpyxl (bounded, see veilig.py).
"""

from __future__ import annotations

import keyword
import re
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

from xl_opgave.diagnose.omgeving import Omgeving
from xl_opgave.diagnose.xlwings_instellingen import CONF_NAAM, Laag, blad_laag
from xl_opgave.werkboek.veilig import OnleesbaarBestand, open_pakket

VBA_ONDERDEEL = "xl/vbaProject.bin"
MAX_CONF_RIJEN = 200  # xlwings knows a few dozen keys; a longer column is not a conf sheet


@dataclass(frozen=True)
class Zone:
    """Windows' mark of the web: the Zone.Identifier stream a browser or mail program attaches to a download."""

    zone_id: int | None  # 0 this computer, 1 intranet, 2 trusted sites, 3 internet, 4 restricted sites

    @property
    def geblokkeerd(self) -> bool:
        # Office blocks macros in files from the internet (zone 3) and restricted sites (4); Microsoft Learn,
        # "Macros from the internet are blocked by default in Office" (Version 2203 and later).
        return self.zone_id is not None and self.zone_id >= 3


@dataclass(frozen=True)
class Werkmapfeiten:
    pad: Path
    onleesbaar: str | None = None  # the safe opener's Dutch reason
    vba: bool = False
    knopmacros: tuple[str, ...] = ()  # macros bound to form buttons (as in the Uitvoeren button's SampleCall)
    conf: Laag | None = None  # the sheet xlwings.conf, when present
    zone: Zone | None = None  # None: no Zone.Identifier stream (or not Windows)

    @property
    def module(self) -> str:
        """The Python module SampleCall imports: the workbook's name without extension."""
        return self.pad.stem

    @property
    def modulenaam_bruikbaar(self) -> bool:
        naam = self.module
        return naam.isidentifier() and not keyword.iskeyword(naam) and naam not in sys.stdlib_module_names

    @property
    def py_pad(self) -> Path:
        return self.pad.with_name(f"{self.module}.py")


def lees_zone(omgeving: Omgeving, pad: Path) -> Zone | None:
    """The file's Zone.Identifier stream (``[ZoneTransfer]`` / ``ZoneId=3``), None when it has none."""
    ruw = omgeving.lees_stroom(pad, "Zone.Identifier")
    if ruw is None:
        return None
    tekst = ruw.decode("utf-8", errors="replace").replace("\x00", "")  # some tools write UTF-16
    gevonden = re.search(r"^\s*ZoneId\s*=\s*(\d+)", tekst, re.MULTILINE | re.IGNORECASE)
    return Zone(int(gevonden.group(1)) if gevonden else None)


def lees(omgeving: Omgeving, pad: Path) -> Werkmapfeiten:
    """What diagnose needs to know of the workbook at `pad` (an existing file)."""
    zone = lees_zone(omgeving, pad)
    try:
        with open_pakket(pad) as pakket:
            namen = set(pakket.namelist())
            vba = VBA_ONDERDEEL in namen
            macros: list[str] = []
            for naam in sorted(namen):
                if naam.startswith("xl/drawings/") and naam.endswith(".vml"):
                    vml = pakket.lees(naam, max_grootte=8 * 1024 * 1024).decode("utf-8", errors="replace")
                    # "[0]!SampleCall" as written, "'naam.xlsm'!SampleCall" or "SampleCall" after Excel saved it.
                    macros += [m.rsplit("!", 1)[-1].strip() for m in re.findall(r"<x:FmlaMacro>([^<]+)</x:FmlaMacro>", vml)]
    except OnleesbaarBestand as fout:
        return Werkmapfeiten(pad, onleesbaar=fout.melding, zone=zone)
    try:
        conf = _conf_blad(pad)
    except Exception as fout:  # noqa: BLE001 - a package the safe opener accepted but openpyxl cannot read
        return Werkmapfeiten(pad, onleesbaar=f"het werkboek is beschadigd ({type(fout).__name__}).", zone=zone)
    return Werkmapfeiten(pad, vba=vba, knopmacros=tuple(macros), conf=conf, zone=zone)


def _conf_blad(pad: Path) -> Laag | None:
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read (validation, …)
        werkmap = openpyxl.load_workbook(pad, read_only=True, data_only=True, keep_links=False)
    try:
        if CONF_NAAM not in werkmap.sheetnames:
            return None
        cellen = [(rij[0] if rij else None, rij[1] if len(rij) > 1 else None)
                  for rij in werkmap[CONF_NAAM].iter_rows(min_row=1, max_row=MAX_CONF_RIJEN, max_col=2,
                                                            values_only=True)]
    finally:
        werkmap.close()
    return blad_laag(cellen, pad.name)
