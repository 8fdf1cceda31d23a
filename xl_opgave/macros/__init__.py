"""Macros for the template's buttons (xlwings RunPython), written once against a small workbook interface.

From Excel: the Uitvoeren button of the .xlsm runs ``SampleCall`` (xlwings' quickstart macro), which
imports the Python file named after the workbook and calls its ``main()``; that calls
``knop_uitvoeren()``, which runs the action chosen in the cell Knop_Actie. Optional, one VBA sub per
action (``xl_opgave_knoppen.bas``)::

    RunPython "import xl_opgave.macros as m; m.vul_gebied_knop()"

From Python (a file, no Excel)::

    from xl_opgave.macros import OpenpyxlWerkboek, vul_gebied
    wb = OpenpyxlWerkboek.open("nplv.xlsx")
    vul_gebied(wb, "Rotterdam Zuid", "gebieden.xlsx")
    wb.opslaan("rotterdam_zuid.xlsx")
"""

from xl_opgave.macros.acties import (
    ACTIE_KEUZES,
    ACTIES,
    Uitkomst,
    controleer,
    ververs_resultaat,
    voer_gekozen_actie_uit,
    voer_knop_uit,
    vul_gebied,
)
from xl_opgave.macros.werkboek import Werkboek

# The two implementations load on first use: openpyxl and xlwings are heavy imports, and a runtime
# without them (xlwings Lite's Pyodide, see xl_opgave.lite) uses the actions with its own Werkboek.
_LUI = {
    "OpenpyxlWerkboek": "xl_opgave.macros.openpyxl_werkboek",
    "XlwingsWerkboek": "xl_opgave.macros.xlwings_werkboek",
    "controleer_knop": "xl_opgave.macros.xlwings_werkboek",
    "knop_uitvoeren": "xl_opgave.macros.xlwings_werkboek",
    "ververs_resultaat_knop": "xl_opgave.macros.xlwings_werkboek",
    "vul_gebied_knop": "xl_opgave.macros.xlwings_werkboek",
}


def __getattr__(naam: str) -> object:
    if naam in _LUI:
        import importlib

        return getattr(importlib.import_module(_LUI[naam]), naam)
    raise AttributeError(f"module {__name__!r} has no attribute {naam!r}")


__all__ = [
    "ACTIE_KEUZES",
    "ACTIES",
    "OpenpyxlWerkboek",
    "Uitkomst",
    "Werkboek",
    "XlwingsWerkboek",
    "controleer",
    "controleer_knop",
    "knop_uitvoeren",
    "ververs_resultaat",
    "ververs_resultaat_knop",
    "voer_gekozen_actie_uit",
    "voer_knop_uit",
    "vul_gebied",
    "vul_gebied_knop",
]
