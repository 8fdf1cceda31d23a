"""The template rebuilt from a workbook's own inputs: the oracle for its formulas and cached values.

Two things every face that compares a workbook with the template needs, defined once:

- `normaal(formule)`: the one formula normalisation. Two formulas are "the same" when their
  normalisations are equal: an openpyxl `ArrayFormula` counts as its text, the leading '=' is
  dropped, and outside string literals whitespace and '$' are removed and letters upper-cased
  (Excel and LibreOffice are free to re-case function names and references, to add or drop
  absolute markers and spacing; none of that changes the result). The content of a string literal
  ("in orde") is kept exactly: it is data, and a change there can change the result.
- `bouw_orakel(code, programma, schakelaars=..., afronding=...)`: the template for a programme, its
  scenario switches and the rounding choice of Resultaat: per formula cell the formula and the cached
  value `sjabloon.werkboek_bytes` would write. Nothing is written or read back: the formulas depend only
  on the programme's shape and come from `sjabloonkaart(code)` (the sheet writers run once per process
  with formula cells recorded, not packed), the values from the recorded getters over a `Stand` of the
  programme (`sjabloon.Opname`, as the batch filler uses them). Without a programme it is the reference
  template, built once per programme code and kept.
  `orakel_uit(werkboek)` reads the inputs with the template reader (`lezer.programma_uit`,
  `lezer.schakelaars_uit`) and builds the oracle from them.

Users: the checker (`werkboek.controle`) and the openpyxl macro implementation
(`macros.openpyxl_werkboek.herbereken`) use the oracle; `fill --into` (`vullen.invullen`) works on
the raw sheet XML for byte-exact patching and shares only `normaal`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xl_opgave.core.model import Programma
    from xl_opgave.werkboek.lezer import Werkboek
    from xl_opgave.werkboek.sjabloon.stand import Opname, Stand

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
    # Derived from `formules` once per programme by `sjabloonkaart` (a checker of many workbooks asks for
    # them per workbook); computed here when absent.
    per_blad: Mapping[str, tuple[str, ...]] | None = None
    genormaliseerd: Mapping[Plaats, str | None] | None = None

    def formule(self, blad: str, cel: str) -> str | None:
        """The template's formula at this place; None where the template has none."""
        return self.formules.get((blad, cel))

    def waarde(self, blad: str, cel: str) -> object:
        """The cached value of the template's formula cell at this place (None where there is none)."""
        return self.waarden.get((blad, cel))

    def cellen(self, blad: str) -> list[str]:
        """The template's formula cells of one sheet, row by row."""
        if self.per_blad is not None:
            return list(self.per_blad.get(blad, ()))
        return [cel for (b, cel) in self.formules if b == blad]

    def is_eigen(self, blad: str, cel: str, formule: object) -> bool:
        """Whether `formule` is the template's own formula at this place (compared by `normaal`)."""
        verwacht = self.formules.get((blad, cel))
        if verwacht is None:
            return False
        if formule == verwacht:  # the common case: the text as the template wrote it
            return True
        normaal_verwacht = (self.genormaliseerd.get((blad, cel)) if self.genormaliseerd is not None
                            else normaal(verwacht))
        return normaal(formule) == normaal_verwacht


def bouw_orakel(code: str, programma: Programma | None = None, *,
                schakelaars: Mapping[str, int] | None = None, afronding: str | None = None) -> Orakel:
    """The template rebuilt from `programma` with these scenario switches (code → 0/1) and this rounding
    choice of Resultaat.

    `programma` None: the reference programme of `code`; without switches and with the default rounding
    that oracle is built once and kept (its mappings are read-only).

    No workbook is written: the formulas come from the programme's `sjabloonkaart` (recorded once per
    process; they depend only on the programme's shape) and the cached values from its recorded getters
    over a `Stand` of this programme, the values `werkboek_bytes` would write.
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
def formule_orakel(code: str) -> Orakel:
    """The template's formulas of programme `code` without cached values (`waarden` empty): what a checker
    needs that computes each value itself (`controle`: by the recorded getters, one cell at a time)."""
    kaart = sjabloonkaart(code)
    return Orakel(code, kaart.formules, MappingProxyType({}), kaart.bladen, kaart.per_blad, kaart.genormaliseerd)


@cache
def _referentie_orakel(code: str) -> Orakel:
    from xl_opgave.referentie import laad

    return _bouw(code, laad(code).programma, None, None)


def _bouw(code: str, programma: Programma, schakelaars: Mapping[str, int] | None, afronding: str | None) -> Orakel:
    """The formulas of the programme's shape and the cached values for this programme (a text result ''
    stays '', where reading a written file back would give None)."""
    from xl_opgave.werkboek.sjabloon.stand import Stand

    return orakel_van(code, Stand(programma, schakelaars=dict(schakelaars or {}), afronding=afronding))


def orakel_van(code: str, stand: Stand) -> Orakel:
    """The oracle for a programme already put in a `Stand` (its outcomes, switches and rounding choice)."""
    kaart = sjabloonkaart(code)
    getters = kaart.opname.formules
    waarden = {plaats: getters[plaats](stand) for plaats in kaart.formules}
    return Orakel(code, kaart.formules, MappingProxyType(waarden), kaart.bladen, kaart.per_blad,
                  kaart.genormaliseerd)


@dataclass(frozen=True)
class Sjabloonkaart:
    """The template of one programme as the generator lays it out: per formula cell its formula (sheet by
    sheet, row by row) and the recorded getter of its cached value (`sjabloon.Opname`)."""

    code: str
    formules: Mapping[Plaats, str]
    opname: Opname
    bladen: tuple[str, ...]
    per_blad: Mapping[str, tuple[str, ...]]  # sheet → its formula cells, row by row
    genormaliseerd: Mapping[Plaats, str | None]  # `normaal` of each formula


@cache
def sjabloonkaart(code: str) -> Sjabloonkaart:
    """The template's formulas and value getters of 'nplv' or 'npvr', recorded once per process.

    The sheet writers run as for `werkboek_bytes`, but formula cells are only recorded (formula text and
    getter), not handed to XlsxWriter, and the workbook is never packed: about a tenth of writing it. The
    formulas depend only on the programme's shape (tests compare them with a written template, also for
    gebied workbooks, switches and rounding choices)."""
    from xlsxwriter.utility import xl_rowcol_to_cell

    from xl_opgave.referentie import laad
    from xl_opgave.werkboek.sjabloon.schrijver import Schrijver

    class Opnemer(Schrijver):
        def formule(self, ws, r: int, c: int, formule: str, opmaak, getter) -> None:  # noqa: ANN001
            plaats = (ws.name, xl_rowcol_to_cell(r, c))
            self.opname.formules[plaats] = getter
            teksten[plaats] = formule
            rijkolom[plaats] = (r, c)

    teksten: dict[Plaats, str] = {}
    rijkolom: dict[Plaats, tuple[int, int]] = {}
    ref = laad(code)
    opnemer = Opnemer(ref.programma, ref.resultaat_namen, None, None)
    opnemer.bouw()
    bladen = tuple(opnemer.bladen)
    index = {b: i for i, b in enumerate(bladen)}
    volgorde = sorted(teksten, key=lambda p: (index[p[0]], *rijkolom[p]))
    per_blad: dict[str, list[str]] = {}
    for blad, cel in volgorde:
        per_blad.setdefault(blad, []).append(cel)
    formules = MappingProxyType({p: teksten[p] for p in volgorde})
    return Sjabloonkaart(code, formules, opnemer.opname, bladen,
                         MappingProxyType({b: tuple(c) for b, c in per_blad.items()}), _Genormaliseerd(formules))


class _Genormaliseerd(Mapping[Plaats, "str | None"]):
    """`normaal` of each of the template's formulas, made when first asked (a checker asks only for the
    few formulas whose text differs from the template's: making all of them costs start-up time)."""

    def __init__(self, formules: Mapping[Plaats, str]) -> None:
        self._formules = formules
        self._gemaakt: dict[Plaats, str | None] = {}

    def __getitem__(self, plaats: Plaats) -> str | None:
        if plaats not in self._gemaakt:
            self._gemaakt[plaats] = normaal(self._formules[plaats])
        return self._gemaakt[plaats]

    def __iter__(self):  # noqa: ANN204
        return iter(self._formules)

    def __len__(self) -> int:
        return len(self._formules)
