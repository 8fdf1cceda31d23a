"""The small workbook interface the macros are written against.

Two implementations: `boek.XlwingsWerkboek` (the open workbook in Excel, through xlwings; its subclass
`xl_opgave.lite.werkboek.LiteWerkboek` in xlwings Lite) and `openpyxl_werkboek.OpenpyxlWerkboek` (a
file, for tests and the command line). The actions in `acties.py` use nothing else, so the same code
runs behind an Excel button, in xlwings Lite and in a test.

Conventions shared by both implementations:
- a defined name's values are a flat list, row by row (a single cell gives a list of one);
- writing a name takes a scalar (every cell gets it) or a list of exactly as many values as cells;
- a formula cell reads as its (cached) value; writing a value into a formula cell of a name is refused;
- text that Excel would read as a formula (starting with ``=``, ``+``, ``-``, ``@``) is written as text.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol, runtime_checkable

from xl_opgave.core.fouten import InvoerFout

FORMULE_TEKENS = ("=", "+", "-", "@")


@runtime_checkable
class Werkboek(Protocol):
    """What a macro may do with the workbook it was started from."""

    def heeft_naam(self, naam: str) -> bool:
        """Whether the workbook defines `naam` (workbook scope)."""
        ...

    def lees_naam(self, naam: str) -> list[object]:
        """The values of the cells behind `naam`, row by row; InvoerFout when the name is missing."""
        ...

    def schrijf_naam(self, naam: str, waarde: object) -> None:
        """Write a scalar or a list (row by row, one value per cell) into the cells behind `naam`."""
        ...

    def lees_blok(self, blad: str, bereik: str) -> list[list[object]]:
        """The values of a rectangular range such as ``'F5:J9'``, as rows."""
        ...

    def schrijf_blok(self, blad: str, linksboven: str, rijen: Sequence[Sequence[object]]) -> None:
        """Write rows of values with their top-left corner at `linksboven` (e.g. ``'F6'``)."""
        ...

    def wis_blok(self, blad: str, bereik: str) -> None:
        """Empty the cells of a range (contents only, formatting stays)."""
        ...

    def herbereken(self) -> None:
        """Recalculate every formula (Excel: Application.Calculate; openpyxl: the core's values)."""
        ...

    def momentopname(self) -> AbstractContextManager[Path]:
        """A file with the workbook's current state, for the checker (removed afterwards)."""
        ...

    @property
    def map(self) -> Path | None:
        """The folder of the workbook file (for relative paths), None when unknown/unsaved."""
        ...


def vorm(waarde: object, aantal: int, naam: str) -> list[object]:
    """The value(s) for `aantal` cells: a scalar repeated, or a list of exactly that length."""
    if isinstance(waarde, list | tuple):
        if len(waarde) != aantal:
            raise InvoerFout(f"naam {naam}: {len(waarde)} waarden voor {aantal} cellen")
        return list(waarde)
    return [waarde] * aantal


def als_tekst_veilig(waarde: object) -> object:
    """Text that Excel would parse as a formula gets a leading apostrophe (Excel's 'this is text')."""
    if isinstance(waarde, str) and waarde.startswith(FORMULE_TEKENS):
        return "'" + waarde
    return waarde


def plat(rijen: object) -> list[object]:
    """A value read from a range (scalar, list or list of rows) as a flat list, row by row."""
    if not isinstance(rijen, list):
        return [rijen]
    uit: list[object] = []
    for rij in rijen:
        uit.extend(rij if isinstance(rij, list) else [rij])
    return uit
