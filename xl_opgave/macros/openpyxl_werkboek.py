"""The workbook interface on a file, through openpyxl (tests and the command line; no Excel needed).

openpyxl cannot calculate and writes formulas without cached values. This implementation therefore
keeps the cached values of formula cells itself (read from the file, refreshed by `herbereken` from the
core) and puts them back into the saved package with `vullen.pakket.vul_pakket(cache=...)`, so a viewer
that does not recalculate, and the checker, see current numbers.

`herbereken` computes like Excel in manual calculation mode, on request only: it builds the template
from the workbook's inputs (`werkboek.orakel.orakel_uit`: the template reader's inputs and switches,
the core's value for every formula) and takes the value of every formula cell whose formula is the
template's own (compared by `werkboek.orakel.normaal`). A formula the adviser changed gets no
value (None) rather than a wrong one.

Saving: when only defined names were written (`vul_gebied`, `ververs_resultaat`), the original package
is edited in place by `vullen.pakket.vul_pakket` (input cells and cached values; every other part kept
byte for byte, charts included). After a write outside defined names (`schrijf_blok`/`wis_blok`, e.g. the
findings of `controleer`) the workbook is saved by openpyxl instead, which drops charts and images
(an openpyxl limitation); an .xlsm is loaded with ``keep_vba=True``, so its VBA project and its
form-control buttons (legacy VML drawing) survive that save.
"""

from __future__ import annotations

import io
import tempfile
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.utils.cell import coordinate_from_string, range_boundaries
from openpyxl.workbook.workbook import Workbook

from xl_opgave.core.fouten import InvoerFout
from xl_opgave.macros.werkboek import vorm
from xl_opgave.werkboek import namen as nm


def _is_formule(cel: Cell) -> bool:
    return cel.data_type == "f"


class _Waarden:
    """`wb[blad][cel].value` with cached values for formula cells: what the template reader expects."""

    def __init__(self, werkboek: OpenpyxlWerkboek) -> None:
        self._wb = werkboek

    def __getitem__(self, blad: str) -> _Blad:
        return _Blad(self._wb, blad)


class _Blad:
    def __init__(self, werkboek: OpenpyxlWerkboek, blad: str) -> None:
        self._wb, self._blad = werkboek, blad

    def __getitem__(self, cel: str) -> _Cel:
        return _Cel(self._wb.waarde(self._blad, cel))


class _Cel:
    def __init__(self, value: object) -> None:
        self.value = value


class OpenpyxlWerkboek:
    """A template workbook file held in memory; `opslaan` writes it back atomically."""

    def __init__(self, wb: Workbook, cache: dict[tuple[str, str], object], pad: Path | None = None,
                 bron: bytes | None = None) -> None:
        self.wb = wb
        self.cache = cache  # (sheet, 'C5') -> cached value of a formula cell
        self.pad = pad
        self.bron = bron  # the package it was loaded from: saved by editing it while only names were written
        self.geschreven: dict[str, list[object]] = {}  # name -> values written, in order
        self.buiten_namen = False  # a cell outside the defined names was written
        self.niet_herberekend: list[str] = []  # formula cells herbereken could not give a value

    # -- opening and saving -----------------------------------------------------------------------
    @classmethod
    def open(cls, pad: str | Path) -> OpenpyxlWerkboek:
        """Check the file like the reader does (no .xls, no zip bombs), then load it."""
        from xl_opgave.werkboek.veilig import OnleesbaarBestand, open_pakket

        pad = Path(pad)
        with open_pakket(pad):
            pass
        try:
            return cls.uit_bytes(pad.read_bytes(), pad)
        except Exception as fout:  # noqa: BLE001 - any parse failure of an untrusted file is "unreadable"
            raise OnleesbaarBestand(pad, f"het werkboek kan niet gelezen worden ({type(fout).__name__}).") from None

    @classmethod
    def uit_bytes(cls, data: bytes, pad: Path | None = None) -> OpenpyxlWerkboek:
        """Load from bytes (already trusted: e.g. a template built in this process)."""
        with zipfile.ZipFile(io.BytesIO(data)) as pakket:
            vba = "xl/vbaProject.bin" in pakket.namelist()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(data), keep_vba=vba)
            waarden = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        cache: dict[tuple[str, str], object] = {}
        for ws in wb.worksheets:
            vw = waarden[ws.title]
            for rij in ws.iter_rows():
                for cel in rij:
                    if _is_formule(cel):
                        cache[(ws.title, cel.coordinate)] = vw[cel.coordinate].value
        return cls(wb, cache, pad, data)

    def bytes(self) -> bytes:
        """The package (see the module docstring for the two ways it is built)."""
        from xl_opgave.vullen.pakket import vul_pakket

        if self.bron is not None and not self.buiten_namen:
            cache = {sleutel: w for sleutel, w in self.cache.items() if w is not None}
            return vul_pakket(self.bron, self.geschreven, cache=cache, bron=str(self.pad or "")).data or b""
        buffer = io.BytesIO()
        self.wb.save(buffer)
        cache = {sleutel: w for sleutel, w in self.cache.items()
                 if w is not None and _is_formule(self.wb[sleutel[0]][sleutel[1]])}
        return vul_pakket(buffer.getvalue(), {}, cache=cache, bron=str(self.pad or "")).data or b""

    def opslaan(self, pad: str | Path | None = None, *, overschrijven: bool = False) -> Path:
        """Write atomically to `pad` (default: the file it came from, which needs `overschrijven`)."""
        from xl_opgave.bestanden import schrijf_atomisch

        doel = Path(pad) if pad is not None else self.pad
        if doel is None:
            raise InvoerFout("geen bestandsnaam om op te slaan")
        return schrijf_atomisch(doel, self.bytes(), overschrijven=overschrijven)

    # -- the interface ----------------------------------------------------------------------------
    @property
    def map(self) -> Path | None:
        return self.pad.parent if self.pad is not None else None

    def _cellen(self, naam: str) -> list[Cell]:
        gedefinieerd = self.wb.defined_names.get(naam)
        if gedefinieerd is None:
            raise InvoerFout(f"de naam {naam} ontbreekt in het werkboek")
        try:
            bestemmingen = list(gedefinieerd.destinations)
        except Exception:  # noqa: BLE001 - malformed reference
            bestemmingen = []
        if len(bestemmingen) != 1 or bestemmingen[0][0] not in self.wb.sheetnames:
            raise InvoerFout(f"de naam {naam} verwijst niet naar één bereik ({gedefinieerd.attr_text})")
        blad, bereik = bestemmingen[0]
        return self._bereik(blad, bereik.replace("$", ""))

    def _bereik(self, blad: str, bereik: str) -> list[Cell]:
        ws = self.wb[blad]
        kol1, rij1, kol2, rij2 = range_boundaries(bereik)
        return [ws.cell(r, k) for r in range(rij1, rij2 + 1) for k in range(kol1, kol2 + 1)]

    def waarde(self, blad: str, cel: str) -> object:
        c = self.wb[blad][cel]
        return self.cache.get((blad, cel)) if _is_formule(c) else c.value

    def heeft_naam(self, naam: str) -> bool:
        return self.wb.defined_names.get(naam) is not None

    def lees_naam(self, naam: str) -> list[object]:
        return [self.waarde(c.parent.title, c.coordinate) for c in self._cellen(naam)]

    def schrijf_naam(self, naam: str, waarde: object) -> None:
        cellen = self._cellen(naam)
        waarden = vorm(waarde, len(cellen), naam)
        formules = [c.coordinate for c in cellen if _is_formule(c)]
        if formules:
            raise InvoerFout(f"naam {naam}: cel {formules[0]} bevat een formule; die wordt niet overschreven")
        for cel, w in zip(cellen, waarden, strict=True):
            self._zet(cel, w)
        self.geschreven[naam] = waarden

    @staticmethod
    def _zet(cel: Cell, waarde: object) -> None:
        cel.value = waarde
        if isinstance(waarde, str) and waarde.startswith("="):
            cel.data_type = "s"  # text, never a formula

    def lees_blok(self, blad: str, bereik: str) -> list[list[object]]:
        kol1, rij1, kol2, rij2 = range_boundaries(bereik)
        return [[self.waarde(blad, self.wb[blad].cell(r, k).coordinate) for k in range(kol1, kol2 + 1)]
                for r in range(rij1, rij2 + 1)]

    def schrijf_blok(self, blad: str, linksboven: str, rijen: Sequence[Sequence[object]]) -> None:
        ws = self.wb[blad]
        letters, rij = coordinate_from_string(linksboven)
        kol = range_boundaries(f"{letters}{rij}")[0]
        for i, waarden in enumerate(rijen):
            for j, w in enumerate(waarden):
                cel = ws.cell(rij + i, kol + j)
                self.cache.pop((blad, cel.coordinate), None)
                self._zet(cel, w)
                self.buiten_namen = True

    def wis_blok(self, blad: str, bereik: str) -> None:
        for cel in self._bereik(blad, bereik):
            if cel.value is not None:
                self.buiten_namen = True
            self.cache.pop((blad, cel.coordinate), None)
            cel.value = None

    def herbereken(self) -> None:
        from xl_opgave.werkboek.lezer import Werkboek as LeesWerkboek
        from xl_opgave.werkboek.orakel import orakel_uit

        code = str(self.lees_naam(nm.PROGRAMMA)[0] or "").strip().lower()
        if code not in ("nplv", "npvr"):
            raise InvoerFout(f"geen xl_opgave-sjabloon: de naam {nm.PROGRAMMA} met NPLV of NPVR ontbreekt")
        orakel = orakel_uit(LeesWerkboek(self.pad or Path("werkboek.xlsx"), self.wb, _Waarden(self), code))
        self.niet_herberekend = []
        for ws in self.wb.worksheets:
            for rij in ws.iter_rows():
                for cel in rij:
                    if not _is_formule(cel):
                        continue
                    if orakel.is_eigen(ws.title, cel.coordinate, cel.value):
                        self.cache[(ws.title, cel.coordinate)] = orakel.waarde(ws.title, cel.coordinate)
                    else:
                        self.cache[(ws.title, cel.coordinate)] = None
                        self.niet_herberekend.append(f"{ws.title}!{cel.coordinate}")

    @contextmanager
    def momentopname(self) -> Iterator[Path]:
        achtervoegsel = self.pad.suffix if self.pad is not None else ".xlsx"
        naam = self.pad.stem if self.pad is not None else "werkboek"
        with tempfile.TemporaryDirectory(prefix="xl_opgave_") as map_:
            pad = Path(map_) / f"{naam}{achtervoegsel}"
            pad.write_bytes(self.bytes())
            yield pad
