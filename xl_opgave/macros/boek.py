"""The `Werkboek` interface over an xlwings Book object: the open workbook, read and written through xlwings.

Classic xlwings (Excel on Windows and macOS, `xw.Book.caller()`) and xlwings Lite (the `book`
argument of a script, `xl_opgave.lite`) give the same object model for what the macros need:
defined names, ranges, values, `app.calculate()`. Kept apart from `xlwings_werkboek` (the classic
button entry points) so that it imports without xlwings itself.

Deliberately thin: every method is one or two xlwings calls, so that it is obviously correct without
an Excel to test against (the tests drive it with fake Books that record the calls).
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from xl_opgave.core.fouten import InvoerFout
from xl_opgave.macros.werkboek import als_tekst_veilig, plat, vorm

TITEL = "xl_opgave"


class XlwingsWerkboek:
    """`Werkboek` over an `xw.Book` (in practice `xw.Book.caller()`)."""

    def __init__(self, book: Any) -> None:
        self.book = book

    def _bereik(self, naam: str) -> Any:
        if not self.book.names.contains(naam):
            raise InvoerFout(f"de naam {naam} ontbreekt in het werkboek")
        return self.book.names[naam].refers_to_range

    def heeft_naam(self, naam: str) -> bool:
        return bool(self.book.names.contains(naam))

    def lees_naam(self, naam: str) -> list[object]:
        return plat(self._bereik(naam).options(ndim=2).value)

    def schrijf_naam(self, naam: str, waarde: object) -> None:
        bereik = self._bereik(naam)
        rijen, kolommen = bereik.shape
        waarden = [als_tekst_veilig(w) for w in vorm(waarde, rijen * kolommen, naam)]
        if rijen * kolommen == 1:
            bereik.value = waarden[0]
        else:
            bereik.value = [waarden[r * kolommen:(r + 1) * kolommen] for r in range(rijen)]

    def lees_blok(self, blad: str, bereik: str) -> list[list[object]]:
        return self.book.sheets[blad].range(bereik).options(ndim=2).value

    def schrijf_blok(self, blad: str, linksboven: str, rijen: Sequence[Sequence[object]]) -> None:
        if not rijen:
            return
        breedte = max(len(r) for r in rijen)
        blok = [[als_tekst_veilig(w) for w in r] + [None] * (breedte - len(r)) for r in rijen]
        self.book.sheets[blad].range(linksboven).value = blok

    def wis_blok(self, blad: str, bereik: str) -> None:
        self.book.sheets[blad].range(bereik).clear_contents()

    def herbereken(self) -> None:
        self.book.app.calculate()

    @property
    def map(self) -> Path | None:
        pad = Path(str(self.book.fullname))
        return pad.parent if pad.is_absolute() and pad.parent.exists() else None

    @contextmanager
    def momentopname(self) -> Iterator[Path]:
        """Windows: a copy of the workbook as it is now (Workbook.SaveCopyAs; the open book is untouched).
        Elsewhere (macOS): the last saved version of the file."""
        naam = Path(str(self.book.name))
        if sys.platform.startswith("win"):
            with tempfile.TemporaryDirectory(prefix="xl_opgave_") as map_:
                pad = Path(map_) / f"kopie{naam.suffix or '.xlsm'}"
                self.book.api.SaveCopyAs(str(pad))
                yield pad
            return
        pad = Path(str(self.book.fullname))
        if not pad.is_file():
            raise InvoerFout("sla het werkboek eerst op: op deze computer controleert de knop de opgeslagen versie")
        yield pad

    def melding(self, tekst: str) -> None:
        self.book.app.alert(tekst, title=TITEL)
