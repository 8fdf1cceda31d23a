"""What every programme-dependent cell of a template is computed from, and the recording of those cells.

- `invoer_waarden(programma)`: input defined name → value (PM as text, the dekking columns as lists
  of ``DEKKING_RIJEN`` values, switches 0/1, the rounding choice as text);
- `Stand`: one programme, its outcomes and its inputs; every cached value is a getter over a Stand;
- `Opname`: the getters of one template's formula cells, title texts and page headers/footers, and the
  rows whose height follows such texts, recorded once per programme shape so that the batch filler
  patches any gebied without XlsxWriter.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from xl_opgave.core.bedrag import NUL, Bedrag
from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.model import Programma
from xl_opgave.core.rekenen import bereken
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek import scenarios as sc
from xl_opgave.werkboek.berekening import amount_categorieen, varianten

if TYPE_CHECKING:
    from xl_opgave.werkboek.sjabloon.opmaak import Pagina, Rijmaat


def _cel(bedrag: Bedrag, plaats: str) -> object:
    """One exact amount as a cell value: a number, 'PM' or None."""
    if bedrag.nb:
        return None
    if bedrag.pm and bedrag.laag == bedrag.hoog == 0:
        return "PM"
    if bedrag.pm:
        raise InvoerFout(f"{plaats}: een bedrag met PM-posten past niet in één cel")
    if not bedrag.is_exact:
        raise InvoerFout(f"{plaats}: een bandbreedte past niet in dit sjabloon (één bedrag per cel)")
    return bedrag.laag


def _bereik(bedrag: Bedrag) -> tuple[object, object]:
    if bedrag.nb:
        return None, None
    if bedrag.pm and bedrag.laag == bedrag.hoog == 0:
        return "PM", "PM"
    return bedrag.laag, bedrag.hoog


def referentie(programma: Programma) -> Programma:
    """The reference programme of the same code (it fixes the workbook's shape)."""
    from xl_opgave.referentie import laad

    return laad(programma.code.lower()).programma


def _dekking_toelichting(toelichting: str, herkomst: str) -> str | None:
    if herkomst:
        return f"{herkomst}: {toelichting}" if toelichting else herkomst
    return toelichting or None


def invoer_waarden(programma: Programma, *, uitkomsten: Mapping[str, Bedrag] | None = None,
                   schakelaars: Mapping[str, int] | None = None, afronding: str | None = None) -> dict[str, object]:
    """Every input defined name → its value for this programme ('PM' as text; lists for the dekking table).

    `uitkomsten` may pass `bereken(programma)` when the caller has it already; `schakelaars` gives the
    scenarios switched on (code → 1; default: every switch off); `afronding` the rounding choice of
    Resultaat (one of `namen.AFRONDING_KEUZES`; default: as the report rounds).
    """
    ref = referentie(programma)
    # A plain dict: the core's mapping looks for a suggestion on every missing key (slow).
    u = dict(uitkomsten if uitkomsten is not None else bereken(programma))
    waarden: dict[str, object] = {nm.GEBIED: programma.gebied or ""}
    # fill --ontbrekend nul: the gebied's gaps taken as zero; a check on Controles fails while this is not empty.
    waarden[nm.ONTBREKEND] = "; ".join(programma.ontbrekend) or None
    waarden.update(sc.invoer(programma, ref, schakelaars))
    waarden[nm.AFRONDING] = afronding if afronding is not None else nm.AFRONDING_KEUZES[0]
    for periode in programma.perioden:
        waarden[nm.jaren(periode)] = periode.jaren
    if nm.bereik_modus(ref):
        for periode in ref.perioden:
            p = periode.code
            for o in ref.onderdelen:
                for cat in amount_categorieen(ref):
                    basis = f"{p}.{o.pijler}.{o.code}.{cat.code}"
                    vs = varianten(ref, p, o.code, cat.code)
                    for v in vs or [""]:
                        sleutel = f"{basis}.variant.{v}" if v else basis
                        laag, hoog = _bereik(u.get(sleutel, NUL)) if sleutel in u else (None, None)
                        waarden[nm.categorie(periode, o.code, cat.code, v, "laag")] = laag
                        waarden[nm.categorie(periode, o.code, cat.code, v, "hoog")] = hoog
    else:
        for o in programma.onderdelen:
            waarden[nm.sleutel(o.code)] = o.verdeelsleutel
        for periode in ref.perioden:
            p = periode.code
            for o in ref.onderdelen:
                waarden[nm.opgave(periode, o.code)] = _cel(u[f"{p}.{o.pijler}.{o.code}.opgave"], nm.opgave(periode, o.code))
            posten = [d for d in programma.dekkingen if d.periode == p]
            if len(posten) > nm.DEKKING_RIJEN:
                raise InvoerFout(f"meer dan {nm.DEKKING_RIJEN} dekkingsposten in {periode.naam}")
            kolommen: dict[str, list[object]] = {k: [None] * nm.DEKKING_RIJEN for k in nm.DEKKING_KOLOMMEN}
            for i, d in enumerate(posten):
                kolommen["Bron"][i] = d.bron
                kolommen["Pijler"][i] = programma.pijler(d.pijler).naam
                kolommen["Onderdeel"][i] = programma.onderdeel(d.onderdeel).naam if d.onderdeel else nm.HELE_PIJLER
                kolommen["Cofin"][i] = _cel(d.cofinanciering, f"dekking {d.bron}")
                kolommen["Rijksfin"][i] = _cel(d.rijksfinanciering, f"dekking {d.bron}")
                kolommen["Toelichting"][i] = _dekking_toelichting(d.toelichting, d.herkomst)
            for k, lijst in kolommen.items():
                waarden[nm.dekking(periode, k)] = lijst
        for periode in ref.perioden:
            for q in ref.pijlers:
                for code in dict.fromkeys(c.code for c in ref.componenten if c.periode == periode.code):
                    gevonden = [c for c in programma.componenten
                                if (c.periode, c.pijler, c.code) == (periode.code, q.code, code)]
                    for soort in ("opgave", "rijksdeel"):
                        bedrag = getattr(gevonden[0], soort) if gevonden else NUL
                        waarden[nm.component(periode, q.code, code, soort)] = _cel(bedrag, code)
    for kern in ref.kerncijfers:
        gevonden = [k for k in programma.kerncijfers if k.code == kern.code]
        bedrag = gevonden[0].waarde if gevonden else NUL
        if nm.bereik_modus(ref):
            laag, hoog = _bereik(bedrag)
            waarden[nm.kern(kern.code, "laag")] = laag
            waarden[nm.kern(kern.code, "hoog")] = hoog
        else:
            waarden[nm.kern(kern.code)] = _cel(bedrag, kern.code)
    return waarden


class Stand:
    """What every cached value of a workbook is computed from: one programme, its outcomes, its inputs.

    The generator writes each formula cell's cached value as `getter(stand)`; recording those getters
    once (see `Opname`) gives the cached values of any programme of the same shape without XlsxWriter.

    - `basis`: the outcomes of the programme itself; `w`: its inputs (switches included);
    - `u`: the outcomes with the switched-on scenarios applied (`scenarios.combineer`), what the
      Berekening rows compute; `basis` when every switch is off;
    - `schakelaars`: scenario code → 0/1, as the workbook's switch cells give them;
    - `afronding`: the number (1–3) of the rounding choice of Resultaat (`namen.AFRONDING_KEUZES`).
    """

    def __init__(self, programma: Programma, *, uitkomsten: Mapping[str, Bedrag] | None = None,
                 waarden: Mapping[str, object] | None = None, schakelaars: Mapping[str, int] | None = None,
                 afronding: str | None = None) -> None:
        self.programma = programma
        self.basis: Mapping[str, Bedrag] = uitkomsten if uitkomsten is not None else bereken(programma)
        self.w: Mapping[str, object] = waarden if waarden is not None else invoer_waarden(
            programma, uitkomsten=self.basis, schakelaars=schakelaars, afronding=afronding)
        ref = referentie(programma)
        self.schakelaars = sc.schakelaars_uit(self.w, ref)
        self.afronding = nm.afronding_stand(self.w.get(nm.AFRONDING))
        aan = any(self.schakelaars.values())
        self.u: Mapping[str, Bedrag] = bereken(sc.combineer(programma, self.schakelaars)) if aan else self.basis
        self._memo: dict[object, object] = {}
        # Plain dicts: the core's mapping looks for a suggestion on every missing key (slow).
        self._u: dict[str, Bedrag] = dict(self.u)
        self._basis: dict[str, Bedrag] = dict(self.basis) if aan else self._u
        self._extra: dict[str, Bedrag] = sc.werkboekregels(ref, self.w) if ref.scenarios else {}

    @property
    def gebied(self) -> str:
        """The gebied as the workbook's input cell gives it (what the title formulas show)."""
        waarde = self.w.get(nm.GEBIED)
        return "" if waarde is None else str(waarde)

    def bedrag(self, sleutel: str) -> Bedrag:
        """The amount of a Berekening row (as `Rekenmodel.regel`: missing or n.b. counts as 0).

        The rows of the variants (NPVR) show the inputs as they are: a variant that a switch leaves
        out still shows its amounts there; only the envelope follows the switches.
        """
        b = self._extra.get(sleutel)
        if b is None:
            b = (self._basis if ".variant." in sleutel else self._u).get(sleutel, NUL)
        return NUL if b.nb else b

    def memo(self, sleutel: object, functie: Callable[[Stand], object]) -> object:
        if sleutel not in self._memo:
            self._memo[sleutel] = functie(self)
        return self._memo[sleutel]


Getter = Callable[[Stand], object]


def plus(b: Bedrag) -> int:
    return int(any(p.teken > 0 for p in b.pm))


def min_(b: Bedrag) -> int:
    return int(any(p.teken < 0 for p in b.pm))


@dataclass
class Opname:
    """The parts of a template that depend on the programme, recorded once per shape.

    - `formules`: (sheet, cell) → getter of the formula cell's cached value;
    - `teksten`: (sheet, cell) → getter of a plain text cell that depends on the gebied's data (the
      source of an input row: a data file's name and toelichting);
    - `kopvoet`: sheet → getter of its page (header, footer), which name the gebied;
    - `rijen`: (sheet, 0-based row) → the `Rijmaat` of a row whose height follows texts that differ per
      programme (its cells are among the inputs, `formules` and `teksten`);
    - `paginas`: sheet → its `Pagina` (blocks and row heights as written) and last printed row, so the
      page breaks can be computed again for other row heights.
    """

    formules: dict[tuple[str, str], Getter] = field(default_factory=dict)
    teksten: dict[tuple[str, str], Getter] = field(default_factory=dict)
    kopvoet: dict[str, Callable[[Stand], tuple[str, str]]] = field(default_factory=dict)
    rijen: dict[tuple[str, int], Rijmaat] = field(default_factory=dict)
    paginas: dict[str, tuple[Pagina, int]] = field(default_factory=dict)

    def cache(self, stand: Stand) -> dict[tuple[str, str], object]:
        """(sheet, cell) → cached value of every formula cell for this programme."""
        return {plaats: getter(stand) for plaats, getter in self.formules.items()}

    def tekstwaarden(self, stand: Stand) -> dict[tuple[str, str], object]:
        return {plaats: getter(stand) for plaats, getter in self.teksten.items()}

    def kopvoetteksten(self, stand: Stand) -> dict[str, tuple[str, str]]:
        return {blad: getter(stand) for blad, getter in self.kopvoet.items()}

    def breuken(self, blad: str, hoogtes: Mapping[int, float], *, alleen: bool = False) -> list[int]:
        """A sheet's page breaks (0-based rows a page starts at) with these row heights (0-based rows;
        `alleen`: every other row is one line, as in a workbook read back; else they replace the
        template's own)."""
        pagina, laatste = self.paginas[blad]
        return pagina.breuken_met(hoogtes, laatste, alleen=alleen)
