"""The seven worksheet functions as xlwings Lite calls them: the classic route's logic, real Excel errors.

Lite hands a function the cell values after xlwings' conversion (a range with `ndim=2` as a list of
rows, an empty cell as None, an error cell as its text with `err_to_str`), exactly the shapes the
classic route gets, so `roep` passes them to the same `xl_opgave.werkbladfuncties` function.

The one difference is the error: the classic route can only put a text '#WAARDE! <melding>' in the
cell (`werkbladfuncties.Foutwaarde`). Office.js custom functions can show a real error, and xlwings
Lite turns a Python exception into one: the cell shows #WAARDE! (#VALUE!), and the adviser reads the
message by hovering over the error flag. `Werkbladfout` carries exactly the classic route's text
('#WAARDE! opgave, rij 3: 'abc' is geen bedrag', '#N/B onbekende naam …'), so both routes explain an
error in the same words. A real #WAARDE! also propagates as an error through formulas that use the
cell, where the classic text is skipped by SOM().
"""

from __future__ import annotations

from xl_opgave import werkbladfuncties as wf
from xl_opgave.functiebeschrijvingen import PER_NAAM


class Werkbladfout(ValueError):
    """A worksheet function's error in xlwings Lite: the classic route's '#WAARDE! …' / '#N/B …' text."""


def echt(uitkomst: object) -> object:
    """The result for Lite: a `Foutwaarde` becomes a raised `Werkbladfout` (a real error in the cell)."""
    if isinstance(uitkomst, wf.Foutwaarde):
        raise Werkbladfout(str(uitkomst))
    return uitkomst


def roep(naam: str, *argumenten: object) -> object:
    """Worksheet function `naam` ('RESTOPGAVE', …) with the argument values Lite passes."""
    functie = getattr(wf, PER_NAAM[naam].logica)
    return echt(functie(*argumenten))


__all__ = ["Werkbladfout", "echt", "roep"]
