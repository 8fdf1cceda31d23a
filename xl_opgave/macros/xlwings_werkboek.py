"""The button entry points on the calling workbook in Excel (classic xlwings, RunPython).

The workbook interface they use is `boek.XlwingsWerkboek` (shared with xlwings Lite's scripts in
`xl_opgave.lite`); it is re-exported here.

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

from collections.abc import Callable
from typing import Any

import xlwings as xw

from xl_opgave.macros import acties
from xl_opgave.macros.boek import TITEL, XlwingsWerkboek

__all__ = ["TITEL", "XlwingsWerkboek", "controleer_knop", "knop_uitvoeren", "ververs_resultaat_knop",
           "vul_gebied_knop"]


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
