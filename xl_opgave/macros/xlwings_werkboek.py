"""The workbook interface on the calling workbook in Excel (xlwings), and the button entry points.

Deliberately thin: every method is one or two xlwings calls, so that it is obviously correct without
an Excel to test against (the tests drive it with a fake Book that records the calls).

The .xlsm of `xl-opgave excel-setup` has one button, *Uitvoeren*, bound to ``SampleCall``: the macro
of xlwings' quickstart VBA project, which runs ``import <werkboek>; <werkboek>.main()`` through
RunPython. The ``<werkboek>.py`` written next to the .xlsm calls `knop_uitvoeren`, which runs the
action chosen in the cell ``Knop_Actie``.

Optional per-action entry points (the VBA subs of ``xl_opgave_knoppen.bas``, imported by hand)::

    RunPython "import xl_opgave.macros as m; m.vul_gebied_knop()"
    RunPython "import xl_opgave.macros as m; m.controleer_knop()"
    RunPython "import xl_opgave.macros as m; m.ververs_resultaat_knop()"

They are also marked `@xw.sub` (on Windows, *Import Functions* on a module listing them would generate
VBA subs of the same names; the shipped workbook does not rely on that).
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import xlwings as xw

from xl_opgave.core.fouten import InvoerFout
from xl_opgave.macros import acties
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


def _op_aanroeper(doe: Callable[[XlwingsWerkboek], acties.Uitkomst], book: Any = None) -> acties.Uitkomst:
    """Run `doe` on the calling workbook with screen updating off; show a failure in a message box."""
    book = book if book is not None else xw.Book.caller()
    wb = XlwingsWerkboek(book)
    app = book.app
    scherm = app.screen_updating
    app.screen_updating = False
    try:
        uitkomst = doe(wb)
    finally:
        app.screen_updating = scherm
    if not uitkomst.ok:
        wb.melding(uitkomst.tekst)
    return uitkomst


def _knop(actie: str, book: Any = None) -> acties.Uitkomst:
    """Run one action on the calling workbook (see `_op_aanroeper`)."""
    return _op_aanroeper(lambda wb: acties.voer_knop_uit(wb, actie), book)


def knop_uitvoeren(book: Any = None) -> acties.Uitkomst:
    """Knop 'Uitvoeren': de actie uit de keuzelijst Knop_Actie op blad Knoppen.

    Called by ``main()`` of the Python file next to the .xlsm (RunPython through ``SampleCall``);
    `book` is for tests, Excel passes nothing and the calling workbook is used.
    """
    return _op_aanroeper(acties.voer_gekozen_actie_uit, book)


@xw.sub
def vul_gebied_knop() -> None:
    """Knop 'Vul gebied': de invoer van het gekozen gebied uit het databestand."""
    _knop("vul_gebied")


@xw.sub
def controleer_knop() -> None:
    """Knop 'Controleer': de bevindingen van de controle naar blad Controles."""
    _knop("controleer")


@xw.sub
def ververs_resultaat_knop() -> None:
    """Knop 'Ververs resultaat': alles herberekenen."""
    _knop("ververs_resultaat")
