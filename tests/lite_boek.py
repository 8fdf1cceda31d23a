"""A stand-in for the `book` an xlwings Lite script gets, over a snapshot of a workbook's values.

xlwings Lite hands a script the open workbook as an xlwings `Book` whose sheets carry the values
Excel had when the script started; writes are queued and applied after the script. This stand-in
offers the part of xlwings' public Book API the scripts use (`name`, `names.contains`,
`names[naam].refers_to_range`, `Range.value` / `.options(ndim=2).value` / `.shape` / `.address` /
`.sheet.name` / `.clear_contents()`, `sheets[blad].range(adres)`, `app.calculate()`) and records
every write in `acties`. Standard library only: the Pyodide tests load this same file into Pyodide.

`momentopname(pad)` (CPython, openpyxl) makes the snapshot from a workbook file: every cell's cached
value per sheet and every defined name's sheet and address (None for a name on #REF!).
"""

from __future__ import annotations

import copy
import re

_CEL = re.compile(r"^\$?([A-Z]+)\$?(\d+)$")


def _kolom(letters: str) -> int:
    n = 0
    for teken in letters:
        n = n * 26 + ord(teken) - 64
    return n


def _letters(n: int) -> str:
    uit = ""
    while n:
        n, r = divmod(n - 1, 26)
        uit = chr(65 + r) + uit
    return uit


def _hoeken(adres: str) -> tuple[int, int, int, int]:
    delen = [_CEL.match(d) for d in adres.replace("$", "").split(":")]
    if len(delen) == 1:
        delen *= 2
    (k1, r1), (k2, r2) = [(_kolom(m.group(1)), int(m.group(2))) for m in delen]
    return r1, k1, r2, k2


class Bereik:
    def __init__(self, boek: LiteBoek, blad: str, adres: str, ndim: int | None = None) -> None:
        self.boek, self.blad, self.adres, self.ndim = boek, blad, adres.replace("$", ""), ndim
        self.r1, self.k1, self.r2, self.k2 = _hoeken(self.adres)

    @property
    def sheet(self) -> Blad:
        return Blad(self.boek, self.blad)

    @property
    def address(self) -> str:
        links = f"${_letters(self.k1)}${self.r1}"
        if (self.r1, self.k1) == (self.r2, self.k2):
            return links
        return f"{links}:${_letters(self.k2)}${self.r2}"

    @property
    def shape(self) -> tuple[int, int]:
        return self.r2 - self.r1 + 1, self.k2 - self.k1 + 1

    def options(self, ndim: int | None = None, **_: object) -> Bereik:
        return Bereik(self.boek, self.blad, self.adres, ndim)

    def _rijen(self) -> list[list[object]]:
        cellen = self.boek.bladen[self.blad]
        return [[cellen.get(f"{_letters(k)}{r}") for k in range(self.k1, self.k2 + 1)]
                for r in range(self.r1, self.r2 + 1)]

    @property
    def value(self) -> object:
        rijen = self._rijen()
        if self.ndim == 2:
            return rijen
        if self.shape == (1, 1):
            return rijen[0][0]
        if 1 in self.shape:  # one row or one column: a flat list, as xlwings gives it
            return [w for rij in rijen for w in rij]
        return rijen

    @value.setter
    def value(self, waarde: object) -> None:
        self.boek.acties.append(("value", self.blad, self.address, copy.deepcopy(waarde)))
        rijen = waarde if isinstance(waarde, list) and waarde and isinstance(waarde[0], list) else [[waarde]]
        for i, rij in enumerate(rijen):
            for j, w in enumerate(rij):
                self.boek.bladen[self.blad][f"{_letters(self.k1 + j)}{self.r1 + i}"] = w

    def clear_contents(self) -> None:
        self.boek.acties.append(("clear_contents", self.blad, self.address))
        for r in range(self.r1, self.r2 + 1):
            for k in range(self.k1, self.k2 + 1):
                self.boek.bladen[self.blad].pop(f"{_letters(k)}{r}", None)


class Blad:
    def __init__(self, boek: LiteBoek, naam: str) -> None:
        if naam not in boek.bladen:
            raise KeyError(naam)
        self.boek, self.name = boek, naam

    def range(self, adres: str) -> Bereik:
        return Bereik(self.boek, self.name, adres)

    def __getitem__(self, adres: str) -> Bereik:
        return self.range(adres)


class Naam:
    def __init__(self, boek: LiteBoek, naam: str) -> None:
        self.boek, self.name = boek, naam

    @property
    def refers_to_range(self) -> Bereik:
        doel = self.boek.namen[self.name]
        if doel is None:
            raise ValueError(f"Name '{self.name}' does not refer to a single range.")  # as xlwings' remote engine
        return Bereik(self.boek, doel[0], doel[1])


class Namen:
    def __init__(self, boek: LiteBoek) -> None:
        self.boek = boek

    def contains(self, naam: str) -> bool:
        return naam in self.boek.namen

    def __getitem__(self, naam: str) -> Naam:
        if naam not in self.boek.namen:
            raise KeyError(naam)
        return Naam(self.boek, naam)


class Bladen:
    def __init__(self, boek: LiteBoek) -> None:
        self.boek = boek

    def __getitem__(self, naam: str) -> Blad:
        return Blad(self.boek, naam)


class App:
    def __init__(self, boek: LiteBoek) -> None:
        self.boek = boek

    def calculate(self) -> None:
        self.boek.acties.append(("calculate",))  # Lite queues it; the values this script reads stay as they were


class LiteBoek:
    """The `book` of a Lite script, over a snapshot {'naam', 'bladen': {blad: {cel: waarde}}, 'namen': …}."""

    def __init__(self, momentopname: dict) -> None:
        self.name = momentopname["naam"]
        self.bladen: dict[str, dict[str, object]] = copy.deepcopy(momentopname["bladen"])
        self.namen: dict[str, list[str] | None] = dict(momentopname["namen"])
        self.acties: list[tuple] = []
        self.names = Namen(self)
        self.sheets = Bladen(self)
        self.app = App(self)


def momentopname(pad, naam: str | None = None) -> dict:
    """The snapshot of a workbook file (CPython only: openpyxl), as Lite's book would see its values."""
    from pathlib import Path

    import openpyxl

    wb = openpyxl.load_workbook(pad, data_only=True)
    bladen = {ws.title: {c.coordinate: c.value for rij in ws.iter_rows() for c in rij if c.value is not None}
              for ws in wb.worksheets}
    namen: dict[str, list[str] | None] = {}
    for n, definitie in wb.defined_names.items():
        try:
            doelen = list(definitie.destinations)
        except Exception:  # noqa: BLE001 - a name on #REF! or a constant
            doelen = []
        namen[n] = [doelen[0][0], doelen[0][1]] if len(doelen) == 1 and "#REF!" not in definitie.attr_text else None
    return {"naam": naam or Path(pad).name, "bladen": bladen, "namen": namen}
