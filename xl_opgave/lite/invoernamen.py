"""The input names of a template workbook, for the template reader where the generator is not available.

The template reader (`werkboek.lezer`) asks a workbook for the input names its template has
(`Werkboek.invoernamen`). In CPython the template generator knows them (`lezer.verwachte_invoer`,
which needs XlsxWriter). xlwings Lite has no XlsxWriter, so the bundle and the wheel carry the list
as `invoernamen.json`, written from the generator when they are made (`bundel`).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

BESTAND = "invoernamen.json"


def tabel() -> dict[str, list[str]]:
    """Per programme code the input names of its template, from the template generator."""
    from xl_opgave.referentie import PROGRAMMAS
    from xl_opgave.werkboek.lezer import verwachte_invoer

    return {code: list(verwachte_invoer(code)) for code in PROGRAMMAS}


@cache
def invoernamen(code: str) -> tuple[str, ...]:
    """The input names of the template of `code` ('nplv', 'npvr'): the carried list, else the generator's."""
    bron = resources.files("xl_opgave.lite").joinpath(BESTAND)
    if bron.is_file():
        return tuple(json.loads(bron.read_text(encoding="utf-8"))[code])
    return tuple(tabel()[code])
