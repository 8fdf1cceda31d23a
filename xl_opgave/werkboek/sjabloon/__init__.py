"""The template workbooks (NPLV, NPVR): inputs, live native Excel formulas, the report's tables, checks.

Written with XlsxWriter, which stores each formula together with its cached value: every formula
cell carries the value the core computes for it (see `werkboek/berekening.py`), so viewers that do not
recalculate show the numbers, and a full recalculation in Excel or LibreOffice gives the same.

One module per sheet over a small shared layout module: `toelichting`, `invoer`, `berekening`,
`resultaat` (with `weergave`: rounding and number formats of the report's tables), `controles`;
`opmaak` (formats, row heights, page set-up), `stand` (inputs, cached-value getters, the recording of
programme-dependent parts), `schrijver` (the shared context and the order of the sheets).

The output is deterministic: fixed document properties and fixed zip timestamps; the same
programme gives the same bytes. Formulas use Excel 2010 functions only (SUM, SUMIFS, COUNTIF(S),
MAX, MIN, N, AND, IF, CHOOSE, ABS, SIGN, ROUND, ROUNDUP, MATCH, IFERROR); inputs are referenced by
defined name (see `namen.py` for the naming contract); numbers are never typed into a formula (0, 1
and ½ as structural constants aside: a restopgave is clipped at 0, flags are 0 or 1, a half is a half).

Public API:
- ``werkboek_bytes(programma, namen, *, titel=None, gebied=None, schakelaars=None, afronding=None) -> bytes``
  (`schakelaars`: scenario code → 1 for the scenarios switched on; `afronding`: the rounding choice of
  Resultaat, one of `namen.AFRONDING_KEUZES`)
- ``werkboek_met_opname(...) -> (bytes, Opname)``: the same and the recording of its programme-dependent parts
- ``sjabloon_bytes(code) -> bytes``: the reference workbook of 'nplv' or 'npvr' (every switch off)
- ``invoer_waarden(programma, *, schakelaars=None, afronding=None) -> dict[str, object]``
- ``schrijf_werkboek(inhoud, pad, *, force=False) -> Path``: atomic write (`bestanden.schrijf_atomisch`)
  that refuses to overwrite without force and refuses a missing output folder
- ``Stand``, ``Opname``: see `stand.py`; the ``na_opbouw(workbook)`` hook of `werkboek_bytes` adds sheets
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.model import Programma
from xl_opgave.core.resultaten import ResultaatNaam
from xl_opgave.werkboek.berekening import KOLOM, Regel
from xl_opgave.werkboek.sjabloon.schrijver import TOLERANTIE, Schrijver
from xl_opgave.werkboek.sjabloon.stand import Getter, Opname, Stand, invoer_waarden


def werkboek_bytes(programma: Programma, namen: Sequence[ResultaatNaam], *, titel: str | None = None,
                   gebied: str | None = None, na_opbouw: Callable[[xlsxwriter.Workbook], None] | None = None,
                   schakelaars: Mapping[str, int] | None = None, afronding: str | None = None) -> bytes:
    """The complete workbook for a programme of the NPLV or NPVR shape (e.g. one gebied's figures).

    `na_opbouw(workbook)` may add sheets (or decorations) after the template's own, before closing.
    `schakelaars` (scenario code → 1) switches scenarios on; the cached values are then those of
    `bereken(pas_toe(programma, scenario))` (for several: their union, see `scenarios.combineer`).
    `afronding` chooses how Resultaat rounds (default 'zoals rapport').
    """
    return Schrijver(programma, namen, titel, gebied, schakelaars, afronding).schrijf(na_opbouw)


def werkboek_met_opname(programma: Programma, namen: Sequence[ResultaatNaam], *, titel: str | None = None,
                        gebied: str | None = None) -> tuple[bytes, Opname]:
    """The workbook (as `werkboek_bytes`) and the recording of its programme-dependent parts.

    The layout depends only on the programme's shape (the reference report), so `opname.cache(Stand(p))`
    gives, for any programme `p` of that shape, the cached value of every formula cell exactly as
    `werkboek_bytes(p, …)` writes it (the batch filler patches those into this workbook's bytes).
    """
    schrijver = Schrijver(programma, namen, titel, gebied)
    return schrijver.schrijf(), schrijver.opname


def sjabloon_bytes(code: str) -> bytes:
    """The reference template of 'nplv' or 'npvr' (the committed workbooks/*.xlsx)."""
    from xl_opgave.referentie import laad

    ref = laad(code)
    return werkboek_bytes(ref.programma, ref.resultaat_namen)


def schrijf_werkboek(inhoud: bytes, pad: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Write atomically via `bestanden.schrijf_atomisch` (fsync, normal file permissions, published
    by hard link so that even a race never overwrites a file without `force`).

    Raises `bestanden.BestaatAl` (naming --force) when the file exists and `force` is not given, and
    `InvoerFout` when the output folder does not exist: no folder is created, nothing is written.
    """
    from xl_opgave.bestanden import schrijf_atomisch

    doel = Path(pad)
    map_ = doel.parent if str(doel.parent) else Path(".")
    if not map_.is_dir():
        reden = "is geen map" if map_.exists() else "bestaat niet"
        raise InvoerFout(f"uitvoermap {map_} {reden}; maak de map eerst aan of kies een andere plek",
                         bron=str(doel))
    return schrijf_atomisch(doel, inhoud, overschrijven=force)


__all__ = ["KOLOM", "TOLERANTIE", "Getter", "Opname", "Regel", "Stand", "invoer_waarden", "schrijf_werkboek",
           "sjabloon_bytes", "werkboek_bytes", "werkboek_met_opname", "xl_col_to_name"]
