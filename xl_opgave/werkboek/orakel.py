"""The template rebuilt from a workbook's own inputs: the oracle for its formulas and cached values.

Two things every face that compares a workbook with the template needs, defined once:

- `normaal(formule)`: the one formula normalisation. Two formulas are "the same" when their
  normalisations are equal: an openpyxl `ArrayFormula` counts as its text, the leading '=' is
  dropped, and outside string literals whitespace and '$' are removed and letters upper-cased
  (Excel and LibreOffice are free to re-case function names and references, to add or drop
  absolute markers and spacing; none of that changes the result). The content of a string literal
  ("in orde") is kept exactly: it is data, and a change there can change the result.
- `bouw_orakel(code, programma, schakelaars=..., afronding=...)`: the template regenerated from a programme,
  its scenario switches and the rounding choice of Resultaat (`sjabloon.werkboek_bytes`, which carries the core's value for every formula
  cell), read with openpyxl into the formula and the cached value per (sheet, cell). Without a
  programme it is the reference template, built once per programme code and kept.
  `orakel_uit(werkboek)` reads the inputs with the template reader (`lezer.programma_uit`,
  `lezer.schakelaars_uit`) and builds the oracle from them.

Users: the checker (`werkboek.controle`) and the openpyxl macro implementation
(`macros.openpyxl_werkboek.herbereken`) use the oracle; `fill --into` (`vullen.invullen`) works on
the raw sheet XML for byte-exact patching and shares only `normaal`.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xl_opgave.core.model import Programma
    from xl_opgave.werkboek.lezer import Werkboek

Plaats = tuple[str, str]  # (sheet, cell such as 'C5')

# A string literal of a formula ("" inside it is an escaped quote: two adjacent literals give the
# same split, so the quote needs no special case), or an unterminated one up to the end.
_LITERAAL = re.compile(r'"[^"]*(?:"|$)')
_WEG = re.compile(r"[\s$]+")


def formuletekst(waarde: object) -> str | None:
    """The formula of an openpyxl cell value ('=...'; an ArrayFormula's text), None when it holds no formula."""
    tekst = waarde if isinstance(waarde, str) else getattr(waarde, "text", None)
    return tekst if isinstance(tekst, str) and tekst.startswith("=") else None


def normaal(formule: object) -> str | None:
    """The normalised form of a formula, for comparing two formulas; None for None.

    `formule` is a formula text with or without its leading '=' (openpyxl's '=SUM(A1)' or the raw
    XML's 'SUM(A1)') or an openpyxl ArrayFormula. Whether a cell holds a formula at all is the
    caller's question: this only normalises. Anything else that is not text gives None.
    """
    if formule is None:
        return None
    tekst = formule if isinstance(formule, str) else getattr(formule, "text", None)
    if not isinstance(tekst, str):
        return None
    tekst = tekst.strip().removeprefix("=")
    delen: list[str] = []
    begin = 0
    for literaal in _LITERAAL.finditer(tekst):
        delen.append(_WEG.sub("", tekst[begin:literaal.start()]).upper())
        delen.append(literaal.group())
        begin = literaal.end()
    delen.append(_WEG.sub("", tekst[begin:]).upper())
    return "".join(delen)


@dataclass(frozen=True)
class Orakel:
    """The template for one programme: per formula cell its formula and the core's cached value."""

    code: str  # 'nplv' or 'npvr'
    formules: Mapping[Plaats, str]  # (sheet, cell) → formula as the template writes it ('=...'), row by row
    waarden: Mapping[Plaats, object]  # (sheet, cell) → cached value of that formula cell
    bladen: tuple[str, ...]  # the template's sheets, in order

    def formule(self, blad: str, cel: str) -> str | None:
        """The template's formula at this place; None where the template has none."""
        return self.formules.get((blad, cel))

    def waarde(self, blad: str, cel: str) -> object:
        """The cached value of the template's formula cell at this place (None where there is none)."""
        return self.waarden.get((blad, cel))

    def cellen(self, blad: str) -> list[str]:
        """The template's formula cells of one sheet, row by row."""
        return [cel for (b, cel) in self.formules if b == blad]

    def is_eigen(self, blad: str, cel: str, formule: object) -> bool:
        """Whether `formule` is the template's own formula at this place (compared by `normaal`)."""
        verwacht = self.formules.get((blad, cel))
        return verwacht is not None and normaal(formule) == normaal(verwacht)


def bouw_orakel(code: str, programma: Programma | None = None, *,
                schakelaars: Mapping[str, int] | None = None, afronding: str | None = None) -> Orakel:
    """The template rebuilt from `programma` with these scenario switches (code → 0/1) and this rounding
    choice of Resultaat.

    `programma` None: the reference programme of `code`; without switches and with the default rounding
    that oracle is built once and kept (its mappings are read-only).
    """
    from xl_opgave.werkboek import namen as nm

    if programma is None and not schakelaars and afronding in (None, nm.AFRONDING_KEUZES[0]):
        return _referentie_orakel(code)
    from xl_opgave.referentie import laad

    ref = laad(code)
    return _bouw(code, programma if programma is not None else ref.programma, schakelaars, afronding)


def orakel_uit(werkboek: Werkboek) -> Orakel:
    """The template rebuilt from a workbook's own inputs and switches; InvoerFout when they cannot be read."""
    from xl_opgave.werkboek.lezer import afronding_uit, programma_uit, schakelaars_uit

    programma = programma_uit(werkboek)
    return bouw_orakel(werkboek.code, programma, schakelaars=schakelaars_uit(werkboek),
                       afronding=afronding_uit(werkboek))


@cache
def _referentie_orakel(code: str) -> Orakel:
    from xl_opgave.referentie import laad

    return _bouw(code, laad(code).programma, None, None)


def _bouw(code: str, programma: Programma, schakelaars: Mapping[str, int] | None, afronding: str | None) -> Orakel:
    """The workbook written for this programme; its cached values as the generator computed them (a text
    result '' stays '', where reading the file back would give None)."""
    from xl_opgave.referentie import laad
    from xl_opgave.werkboek.sjabloon.schrijver import Schrijver

    schrijver = Schrijver(programma, laad(code).resultaat_namen, None, None, dict(schakelaars or {}), afronding)
    inhoud = schrijver.schrijf()
    return _lees(code, inhoud, schrijver.opname.cache(schrijver.stand))


def _lees(code: str, inhoud: bytes, waarden_: Mapping[Plaats, object]) -> Orakel:
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb_f = openpyxl.load_workbook(io.BytesIO(inhoud))
        wb_v = openpyxl.load_workbook(io.BytesIO(inhoud), data_only=True)
    formules: dict[Plaats, str] = {}
    waarden: dict[Plaats, object] = {}
    for ws in wb_f.worksheets:
        vw = wb_v[ws.title]
        for rij in ws.iter_rows():
            for cel in rij:
                tekst = formuletekst(cel.value) if cel.data_type == "f" else None
                if tekst is None:
                    continue
                formules[(ws.title, cel.coordinate)] = tekst
                waarden[(ws.title, cel.coordinate)] = waarden_.get((ws.title, cel.coordinate),
                                                                  vw[cel.coordinate].value)
    return Orakel(code, MappingProxyType(formules), MappingProxyType(waarden), tuple(wb_f.sheetnames))
