"""The two scripts of the template in xlwings Lite: *Ververs resultaat* and *Controleer*.

The macros' own actions (`macros.acties.voer_knop_uit`) on the open workbook (`LiteWerkboek`): the
same texts, the same findings area on sheet Controles (columns F–J), the same status cell
(`Knop_Status`, where the workbook has one). The outcome is also printed to Lite's output pane.

- *Ververs resultaat* asks Excel to recalculate and reports the master check. A Lite script reads
  the values Excel had when the script started (its recalculation is applied after the script), so
  in a workbook on manual calculation run it twice; with automatic calculation (Excel's default)
  the values are current already.
- *Controleer* runs the checker on the values of the open workbook
  (`werkboek.controle.controleer_waarden`): there is no file to give the full file checker.
- *Vul gebied* needs a data file on the computer, which Lite cannot open: not offered.
"""

from __future__ import annotations

from typing import Any

from xl_opgave.lite.werkboek import LiteWerkboek, controleer_open_werkboek
from xl_opgave.macros import acties


def ververs_resultaat(book: Any) -> acties.Uitkomst:
    wb = LiteWerkboek(book)
    uitkomst = acties.voer_knop_uit(wb, "ververs_resultaat")
    wb.melding(uitkomst.tekst)
    return uitkomst


def controleer(book: Any) -> acties.Uitkomst:
    wb = LiteWerkboek(book)
    uitkomst = acties.voer_knop_uit(wb, "controleer", controle=controleer_open_werkboek)
    wb.melding(uitkomst.tekst)
    return uitkomst
