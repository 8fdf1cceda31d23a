"""Macros for the template's buttons (xlwings RunPython), written once against a small workbook interface.

From Excel (VBA)::

    RunPython "import xl_opgave.macros as m; m.vul_gebied_knop()"

From Python (a file, no Excel)::

    from xl_opgave.macros import OpenpyxlWerkboek, vul_gebied
    wb = OpenpyxlWerkboek.open("nplv.xlsx")
    vul_gebied(wb, "Rotterdam Zuid", "gebieden.xlsx")
    wb.opslaan("rotterdam_zuid.xlsx")
"""

from xl_opgave.macros.acties import (
    ACTIES,
    Uitkomst,
    controleer,
    ververs_resultaat,
    voer_knop_uit,
    vul_gebied,
)
from xl_opgave.macros.openpyxl_werkboek import OpenpyxlWerkboek
from xl_opgave.macros.werkboek import Werkboek
from xl_opgave.macros.xlwings_werkboek import (
    XlwingsWerkboek,
    controleer_knop,
    ververs_resultaat_knop,
    vul_gebied_knop,
)

__all__ = [
    "ACTIES",
    "OpenpyxlWerkboek",
    "Uitkomst",
    "Werkboek",
    "XlwingsWerkboek",
    "controleer",
    "controleer_knop",
    "ververs_resultaat",
    "ververs_resultaat_knop",
    "voer_knop_uit",
    "vul_gebied",
    "vul_gebied_knop",
]
