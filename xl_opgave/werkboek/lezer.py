"""The one reader of template workbooks: the cells the template defines, back into the core's model.

Every command that reads a template workbook (`check`, `fill --into`, the Vul-gebied macro, and the
read-back of our own output before it is renamed) reads it through here, and through one mapping from
cells to the model (`programma_uit`):

- ``open_werkboek(pad, alles=True) -> StroomWerkboek``: the file opened by `veilig.open_pakket` and
  read streaming (`pakketlezer`): workbook.xml, the shared strings as far as needed, and of the sheets
  only the cells the template defines (the input names; with `alles` also the template's formula cells
  and the texts of its checks). A defined name of the template that covers more (or fewer) cells than
  the template gives it is reported as broken and its cells are not read, so neither a cell far down a
  sheet nor a name redefined to cover a whole sheet costs more than the template's own cells.
- ``lees_invoer_cellen(pad) -> dict[str, list[tuple[str, object]]]``: the small API for reading many
  returned workbooks: per input name its ('Invoer!C12', value) pairs.
- ``lees_waarden(werkboek)``: input name → (sheet, cells, values) for every input name the workbook has
- ``programma_uit(werkboek)`` / ``lees_invoer(pad) -> Programma``: the model with the workbook's inputs
  (its scenarios with the workbook's scenario amounts); InvoerFout naming sheet!cell for a bad value,
  "buiten bereik" for a readable value out of range
- ``schakelaars_uit(werkboek)`` / ``lees_schakelaars(pad) -> dict[str, int]``: the scenario switches
  (code → 0/1); `werkboek_bytes(programma, …, schakelaars=…)` rebuilds the workbook from both
- ``afronding_uit(werkboek) -> str``: the rounding choice of Resultaat (`werkboek_bytes(…, afronding=…)`)
- ``invoer_tabel(pad) -> pandas.DataFrame``: one row per input cell (naam, blad, cel, waarde)

`Werkboek` is the same interface over an openpyxl workbook held in memory (the openpyxl macros).
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from xl_opgave.core.bedrag import MAX_BEDRAG_MLN, NUL, Bedrag, parse_bedrag
from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.model import (
    Codeboek,
    Component,
    DekkingsPost,
    Kerncijfer,
    OpgavePost,
    Programma,
    Scenario,
    Wijziging,
)
from xl_opgave.core.opmaak import getal_kort
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek import scenarios as sc
from xl_opgave.werkboek.adressen import Gebied, celref, gebied_uit, splits_cel
from xl_opgave.werkboek.veilig import GRENZEN, Grenzen, OnleesbaarBestand, Pakket, open_pakket, open_pakket_bytes


class GeenSjabloon(OnleesbaarBestand):
    """A readable workbook that is no xl_opgave template (no Sjabloon_Programma with NPLV or NPVR)."""


@dataclass
class Werkboek:
    """A template workbook held by openpyxl (the openpyxl macros): `formules` and `waarden` are the
    workbook loaded without and with data_only (or an object with the same indexing)."""

    pad: Path
    formules: object
    waarden: object
    code: str  # 'nplv' or 'npvr'

    def bestemming(self, naam: str) -> tuple[str, list[str]] | None:
        """Sheet and cell coordinates a defined name points at; None when missing or broken."""
        gedefinieerd = self.formules.defined_names.get(naam)  # type: ignore[attr-defined]
        if gedefinieerd is None or "#REF!" in (gedefinieerd.attr_text or ""):
            return None
        gebied = gebied_uit(gedefinieerd.attr_text or "")
        verwacht = verwachte_omvang(self.code).get(naam)
        if gebied is None or gebied.blad not in self.formules.sheetnames:  # type: ignore[attr-defined]
            return None
        if verwacht is not None and gebied.aantal != verwacht:
            return None
        return gebied.blad, gebied.adressen()

    def waarde(self, blad: str, cel: str) -> object:
        return self.waarden[blad][cel].value  # type: ignore[index]

    def formule(self, blad: str, cel: str) -> object:
        return self.formules[blad][cel].value  # type: ignore[index]

    def invoernamen(self) -> Iterable[str]:
        """The input names a template of this programme has (as the template generator writes them).

        A method, so that a reader without the generator can give the list it carries (xlwings Lite:
        `xl_opgave.lite.werkboek`, which reads the open book instead of a file).
        """
        return verwachte_invoer(self.code)


@dataclass
class StroomWerkboek:
    """A template workbook as the streaming reader read it: only the cells the template defines."""

    pad: Path
    code: str
    namen: dict[str, str]  # every defined name of the workbook (lower case) → its reference text
    bladnamen: list[str]
    bestemmingen: dict[str, tuple[str, list[str]]]  # template name → (sheet, cells), for names that are sound
    kapot: dict[str, str]  # template name → what is wrong with it ('' = missing)
    cellen: dict[tuple[str, str], object] = field(default_factory=dict)  # (sheet, 'C5') → pakketlezer.Cel
    # `lees_waarden` of this workbook, kept: the checker, the model and the switches each ask for it, and a
    # streamed workbook does not change once read.
    waarden_: dict | None = field(default=None, repr=False, compare=False)

    def bestemming(self, naam: str) -> tuple[str, list[str]] | None:
        return self.bestemmingen.get(naam)

    def waarde(self, blad: str, cel: str) -> object:
        c = self.cellen.get((blad, cel))
        return c.waarde if c is not None else None  # type: ignore[attr-defined]

    def formule(self, blad: str, cel: str) -> object:
        """The formula ('=…') of a cell, or its value when it holds none (as openpyxl without data_only)."""
        c = self.cellen.get((blad, cel))
        return c.inhoud if c is not None else None  # type: ignore[attr-defined]

    def heeft_naam(self, naam: str) -> bool:
        return naam.lower() in self.namen

    def naam_tekst(self, naam: str) -> str:
        return self.namen.get(naam.lower(), "")

    def gelezen(self) -> Iterable[tuple[str, str, object]]:
        """(sheet, cell, pakketlezer.Cel) of every cell that was read."""
        return ((b, c, cel) for (b, c), cel in self.cellen.items())

    def invoernamen(self) -> Iterable[str]:
        """The input names a template of this programme has (see `Werkboek.invoernamen`)."""
        return verwachte_invoer(self.code)


def verwachte_omvang(code: str) -> dict[str, int]:
    """Template name → the number of cells the template gives it (inputs, results, checks, labels)."""
    return dict(_omvang(code))


def _omvang(code: str) -> tuple[tuple[str, int], ...]:
    return _OMVANG.setdefault(code, tuple(_bereken_omvang(code).items()))


_OMVANG: dict[str, tuple[tuple[str, int], ...]] = {}


def _bereken_omvang(code: str) -> dict[str, int]:
    uit = {naam: len(w) if isinstance(w, list | tuple) else 1 for naam, w in verwachte_invoer(code).items()}
    for naam in _referentie(code).resultaat_namen:
        uit[naam.naam] = 1
    for naam in (nm.CONTROLE_TOTAAL, nm.VERSIE, nm.PROGRAMMA):
        uit[naam] = 1
    return uit


def open_werkboek(pad: str | os.PathLike[str], *, alles: bool = True, grenzen: Grenzen = GRENZEN,
                  data: bytes | None = None) -> StroomWerkboek:
    """Check and read a template workbook; OnleesbaarBestand (one Dutch line) when it cannot or must not be
    read, or is no xl_opgave template. `alles`: also the template's formula cells (for the checker);
    otherwise only the inputs. `data`: the package in memory (`pad` then only names it)."""
    pad = Path(pad)
    with (open_pakket_bytes(data, pad, grenzen) if data is not None else open_pakket(pad, grenzen)) as pakket:
        return _lees(pakket, pad, alles)


def lees_pakket(pakket: Pakket, pad: str | os.PathLike[str], *, alles: bool = True) -> StroomWerkboek:
    """As `open_werkboek`, for a package the caller opened (and reads more from: `verzamel` reads its
    document properties too)."""
    return _lees(pakket, Path(pad), alles)


def _lees(pakket: Pakket, pad: Path, alles: bool) -> StroomWerkboek:
    from xl_opgave.werkboek.adreslezer import lees_adressen
    from xl_opgave.werkboek.pakketlezer import GedeeldeTeksten, lees_structuur

    structuur = lees_structuur(pakket)
    gedeeld = GedeeldeTeksten(pakket, structuur.gedeeld)
    namen = {n.naam.lower(): n.tekst for n in structuur.namen}
    werkboek = StroomWerkboek(pad, "", namen, [b.naam for b in structuur.bladen], {}, {})
    vorm = (tuple((n.naam, n.tekst, n.lokaal) for n in structuur.namen),
            tuple((b.naam, b.deel) for b in structuur.bladen))

    def lees(plan: _Plan) -> None:
        werkboek.bestemmingen.update((naam, (blad, list(cellen))) for naam, (blad, cellen) in plan.bestemmingen.items())
        werkboek.kapot.update(plan.kapot)
        for blad, gevraagd in plan.per_blad.items():
            deel = structuur.blad(blad).deel  # type: ignore[union-attr]
            # A plan kept for the life of the process lets the reader remember the rows it read for it,
            # from its second workbook on (one workbook alone is read without the bookkeeping).
            onthoud = (plan.nummer, blad) if plan.nummer is not None and plan.gebruikt else None
            for adres, cel in lees_adressen(pakket, deel, gevraagd, gedeeld, onthoud=onthoud).items():
                werkboek.cellen[(blad, adres)] = cel
        if not plan.gebruikt:
            plan.gebruikt.append(True)

    # 1. Which programme: the two label cells, read first.
    lees(_plan(structuur, vorm, "", False))
    programma = werkboek.bestemming(nm.PROGRAMMA)
    code = str(werkboek.waarde(programma[0], programma[1][0]) or "").strip().lower() if programma else ""
    if code not in ("nplv", "npvr"):
        raise GeenSjabloon(
            pad, f"geen xl_opgave-sjabloon: de naam {nm.PROGRAMMA} met NPLV of NPVR ontbreekt "
            "(maak een sjabloon met xl-opgave template)."
        )
    werkboek.code = code
    # 2. The template's names (with `alles` also its formula cells and the texts of its checks).
    lees(_plan(structuur, vorm, code, alles))
    return werkboek


@dataclass(frozen=True)
class _Plan:
    """What to read of a workbook of this shape: where the template's names point (or what is wrong with
    them), and per sheet, per row, the cells to read."""

    bestemmingen: dict[str, tuple[str, list[str]]]
    kapot: dict[str, str]
    per_blad: dict[str, dict[int, set[str]]]
    nummer: int | None  # its number among the plans kept (None: not kept)
    gebruikt: list[bool] = field(default_factory=list)  # [True] once a workbook has been read with it


# Every workbook of a programme has the same defined names and sheets (a returned workbook as the template
# made it): its plan is made once per process, for each distinct shape (the names with their references,
# the sheets with their parts), up to `_PLANNEN_MAX` shapes.
_plannen: dict[tuple, _Plan] = {}
_PLANNEN_MAX = 64


def _plan(structuur, vorm: tuple, code: str, alles: bool) -> _Plan:  # noqa: ANN001 - pakketlezer.Structuur
    """Stage 1 (`code` ''): the programme's two label cells; stage 2: the template's names of programme
    `code`, each checked against the number of cells the template gives it, and with `alles` the
    template's formula cells and the texts of its checks."""
    sleutel = (vorm, code, alles)
    plan = _plannen.get(sleutel)
    if plan is not None:
        return plan
    bestemmingen: dict[str, tuple[str, list[str]]] = {}
    kapot: dict[str, str] = {}
    per_blad: dict[str, dict[int, set[str]]] = {}

    def gebied_van(naam: str, omvang: int | None) -> Gebied | None:
        gevonden = structuur.naam(naam)
        if gevonden is None:
            kapot[naam] = ""
            return None
        gebied = _gebied_uit(gevonden.tekst)
        blad = structuur.blad(gebied.blad) if gebied is not None else None
        if gebied is None or blad is None or not blad.deel:
            kapot[naam] = f"verwijst naar {gevonden.tekst or '(niets)'}"
            return None
        if omvang is not None and gebied.aantal != omvang:
            kapot[naam] = (f"verwijst naar {gevonden.tekst}: {_aantal(gebied.aantal)} cellen, het "
                           f"sjabloon geeft haar er {_aantal(omvang)}")
            return None
        if gebied.blad != blad.naam:
            gebied = Gebied(blad.naam, gebied.r1, gebied.k1, gebied.r2, gebied.k2)
        bestemmingen[naam] = (gebied.blad, list(_adressen(gebied)))
        return gebied

    def vraag(blad: str, rijen: Iterable[tuple[int, Iterable[str]]]) -> None:
        gevraagd = per_blad.setdefault(blad, {})
        for r, adressen in rijen:
            gevraagd.setdefault(r, set()).update(adressen)

    if not code:
        namen_: Iterable[tuple[str, int]] = ((nm.PROGRAMMA, 1), (nm.VERSIE, 1))
    else:
        namen_ = ((naam, omvang) for naam, omvang in _omvang(code) if naam not in (nm.PROGRAMMA, nm.VERSIE))
    for naam, omvang in namen_:
        gebied = gebied_van(naam, omvang)
        if gebied is not None:
            vraag(gebied.blad, _per_rij(gebied))
    if code and alles:
        for blad, rijen in _formulecellen(code):
            echt = structuur.blad(blad)
            if echt is not None and echt.deel:
                vraag(echt.naam, rijen)
    if len(_plannen) < _PLANNEN_MAX:
        plan = _plannen[sleutel] = _Plan(bestemmingen, kapot, per_blad, len(_plannen))
    else:
        plan = _Plan(bestemmingen, kapot, per_blad, None)
    return plan


# The same few hundred names and few thousand cells are asked of every workbook of a programme: what they
# come to is computed once per process.
_gebied_uit = cache(gebied_uit)


@cache
def _adressen(gebied: Gebied) -> tuple[str, ...]:
    return tuple(gebied.adressen())


@cache
def _per_rij(gebied: Gebied) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """The cells of an area as (row, addresses in that row)."""
    return tuple((r, tuple(celref(r, k) for k in range(gebied.k1, gebied.k2 + 1)))
                 for r in range(gebied.r1, gebied.r2 + 1))


@cache
def _formulecellen(code: str) -> tuple[tuple[str, tuple[tuple[int, tuple[str, ...]], ...]], ...]:
    """Per template sheet, per row, the template's formula cells; on Controles also the texts of its checks
    (columns B and D)."""
    from xl_opgave.werkboek.orakel import sjabloonkaart

    per_blad: dict[str, dict[int, list[str]]] = {}
    for (blad, adres) in sjabloonkaart(code).formules:
        r, _ = splits_cel(adres)
        rij = per_blad.setdefault(blad, {}).setdefault(r, [])
        rij.append(adres)
        if blad == nm.BLAD_CONTROLES:
            rij += [f"B{r}", f"D{r}"]
    return tuple((blad, tuple((r, tuple(dict.fromkeys(a))) for r, a in rijen.items()))
                 for blad, rijen in per_blad.items())


def _aantal(getal: int) -> str:
    return f"{getal:,}".replace(",", ".")


def lees_invoer_cellen(pad: str | os.PathLike[str]) -> dict[str, list[tuple[str, object]]]:
    """Per input name of the template its ('Invoer!C12', value) pairs, as the workbook holds them.

    The small API for reading many returned workbooks: only the inputs are read. Names that are
    missing or broken are left out (`open_werkboek(pad, alles=False).kapot` says which)."""
    werkboek = open_werkboek(pad, alles=False)
    return {naam: [(f"{blad}!{cel}", waarde) for cel, waarde in zip(cellen, waarden, strict=True)]
            for naam, (blad, cellen, waarden) in lees_waarden(werkboek).items()}


def _referentie(code: str):
    from xl_opgave.referentie import laad

    return laad(code)


def verwachte_invoer(code: str) -> dict[str, object]:
    """The input names of a template (the reference values, which fix the shape); a fresh dict each call."""
    return dict(_verwachte_invoer(code))


@cache
def _verwachte_invoer(code: str) -> tuple[tuple[str, object], ...]:
    # Computed once per programme: it runs the core on the reference programme (milliseconds), and a
    # reader of many returned workbooks asks for it per workbook.
    from xl_opgave.werkboek.sjabloon import invoer_waarden

    return tuple((naam, tuple(w) if isinstance(w, list) else w)
                 for naam, w in invoer_waarden(_referentie(code).programma).items())


Cellenbron = Werkboek | StroomWerkboek


def lees_waarden(werkboek: Cellenbron) -> dict[str, tuple[str, list[str], list[object]]]:
    """Input name → (sheet, cells, values) for every input name the workbook has (do not change it: for a
    streamed workbook it is made once and shared)."""
    if isinstance(werkboek, StroomWerkboek):
        if werkboek.waarden_ is None:
            werkboek.waarden_ = _lees_waarden(werkboek)
        return werkboek.waarden_
    return _lees_waarden(werkboek)


def _lees_waarden(werkboek: Cellenbron) -> dict[str, tuple[str, list[str], list[object]]]:
    uit: dict[str, tuple[str, list[str], list[object]]] = {}
    for naam in werkboek.invoernamen():
        bestemming = werkboek.bestemming(naam)
        if bestemming is None:
            continue
        blad, cellen = bestemming
        uit[naam] = (blad, cellen, [werkboek.waarde(blad, c) for c in cellen])
    return uit


def _bedrag(waarde: object, omschrijving: str, bron: str, plaats: str, grens: float | None = MAX_BEDRAG_MLN) -> Bedrag:
    return parse_bedrag(waarde, pm_omschrijving=omschrijving, bron=bron, plaats=plaats, grens=grens)


def _tekst(waarde: object) -> str:
    return "" if waarde is None else str(waarde).strip()


def programma_uit(werkboek: Cellenbron) -> Programma:
    """The core's model with this workbook's inputs (InvoerFout naming sheet!cell for a bad value)."""
    ref = _referentie(werkboek.code).programma
    gelezen = lees_waarden(werkboek)
    bron = werkboek.pad.name
    # Scenario inputs are new in template version 2, the rounding switch and In_Ontbrekend in 3: without them
    # every switch is off, Resultaat rounds as the report and no gap was taken as zero.
    ontbreekt = [n for n in werkboek.invoernamen()
                 if n not in gelezen and not nm.is_scenarionaam(n) and n != nm.ONTBREKEND]
    if ontbreekt:
        raise InvoerFout(f"gedefinieerde naam {ontbreekt[0]} ontbreekt of verwijst naar #REF!", bron=bron)

    def een(naam: str) -> tuple[object, str]:
        blad, cellen, waarden = gelezen[naam]
        return waarden[0], f"{blad}!{cellen[0]}"

    codes = Codeboek(ref)
    gebied = _tekst(een(nm.GEBIED)[0])
    # Template version 3: the gaps taken as zero ('; '-separated text); older versions have none. Any
    # content counts (as COUNTA does in the check), even a space.
    ruw_ontbrekend = een(nm.ONTBREKEND)[0] if nm.ONTBREKEND in gelezen else None
    ontbrekend: tuple[str, ...] = ()
    if ruw_ontbrekend not in (None, ""):
        tekst_ontbrekend = str(ruw_ontbrekend)
        ontbrekend = tuple(d.strip() for d in tekst_ontbrekend.split(";") if d.strip()) or (tekst_ontbrekend,)
    perioden = []
    for periode in ref.perioden:
        waarde, plaats = een(nm.jaren(periode))
        # Not finite (a <v> of '1e309', 'inf' or 'nan') is no number of years: the amounts per year would
        # come out as 0 or nan. Refused as the core refuses such an amount (`parse_bedrag`).
        eindig = (isinstance(waarde, int | float) and not isinstance(waarde, bool)
                  and (isinstance(waarde, int) or math.isfinite(waarde)))
        if not eindig or waarde <= 0:  # type: ignore[operator]
            if eindig:
                raise InvoerFout(f"aantal jaren {getal_kort(waarde)} buiten bereik: niet groter dan 0", bron=bron,
                                 plaats=plaats)
            raise InvoerFout(f"aantal jaren {waarde!r} is geen getal", bron=bron, plaats=plaats)
        perioden.append(periode.__class__(**{**periode.__dict__, "jaren": int(waarde) if float(waarde).is_integer()
                                             else waarde}))
    opgaven: list[OpgavePost] = []
    dekkingen: list[DekkingsPost] = []
    componenten: list[Component] = []
    onderdelen = list(ref.onderdelen)
    if nm.bereik_modus(ref):
        from xl_opgave.werkboek.berekening import amount_categorieen, varianten

        for periode in ref.perioden:
            for o in ref.onderdelen:
                for cat in amount_categorieen(ref):
                    for v in varianten(ref, periode.code, o.code, cat.code) or [""]:
                        omschrijving = f"{o.naam} ({cat.code}, {periode.code})"
                        lw, lp = een(nm.categorie(periode, o.code, cat.code, v, "laag"))
                        hw, hp = een(nm.categorie(periode, o.code, cat.code, v, "hoog"))
                        if lw is None and hw is None:
                            continue
                        laag = _bedrag(lw, omschrijving, bron, lp)
                        hoog = _bedrag(hw if hw is not None else lw, omschrijving, bron, hp)
                        if laag.laag > hoog.hoog:
                            raise InvoerFout("de ondergrens is groter dan de bovengrens", bron=bron, plaats=lp)
                        bedrag = Bedrag(laag.laag, hoog.hoog, laag.pm | hoog.pm)
                        opgaven.append(OpgavePost(periode.code, o.pijler, o.code, bedrag, cat.code, v))
    else:
        onderdelen = []
        for o in ref.onderdelen:
            waarde, plaats = een(nm.sleutel(o.code))
            sleutel: float | str | None
            if isinstance(waarde, str) and waarde.strip().upper() == "PM":
                sleutel = "PM"
            elif waarde is None:
                sleutel = None
            elif isinstance(waarde, int | float) and not isinstance(waarde, bool) and 0 <= waarde <= 1:
                sleutel = float(waarde)
            elif isinstance(waarde, int | float) and not isinstance(waarde, bool):
                raise InvoerFout(f"verdeelsleutel {getal_kort(waarde)} buiten bereik: niet tussen 0 en 1", bron=bron,
                                 plaats=plaats)
            else:
                raise InvoerFout(f"verdeelsleutel {waarde!r} is geen getal tussen 0 en 1 of PM", bron=bron,
                                 plaats=plaats)
            onderdelen.append(o.__class__(**{**o.__dict__, "verdeelsleutel": sleutel}))
        for periode in ref.perioden:
            for o in ref.onderdelen:
                waarde, plaats = een(nm.opgave(periode, o.code))
                bedrag = _bedrag(waarde, f"{o.naam} (opgave, {periode.code})", bron, plaats)
                opgaven.append(OpgavePost(periode.code, o.pijler, o.code, bedrag))
            kolommen = {k: gelezen[nm.dekking(periode, k)] for k in nm.DEKKING_KOLOMMEN}
            for i in range(len(kolommen["Bron"][2])):
                rij = {k: v[2][i] for k, v in kolommen.items()}
                plaats = {k: f"{v[0]}!{v[1][i]}" for k, v in kolommen.items()}
                if all(rij[k] in (None, "") for k in ("Bron", "Pijler", "Onderdeel", "Cofin", "Rijksfin")):
                    continue
                bron_naam = _tekst(rij["Bron"]) or f"Dekking regel {i + 1}"
                pijler = codes.code("pijler", _tekst(rij["Pijler"]), bron=bron, plaats=plaats["Pijler"])
                onderdeel_tekst = _tekst(rij["Onderdeel"])
                onderdeel = ""
                if onderdeel_tekst and onderdeel_tekst.lower() != nm.HELE_PIJLER.lower():
                    onderdeel = codes.code("onderdeel", onderdeel_tekst, bron=bron, plaats=plaats["Onderdeel"])
                    if ref.onderdeel(onderdeel).pijler != pijler:
                        raise InvoerFout(f"onderdeel {onderdeel_tekst!r} hoort niet bij deze pijler", bron=bron,
                                         plaats=plaats["Onderdeel"])
                dekkingen.append(DekkingsPost(
                    periode.code, pijler, onderdeel, bron_naam,
                    _bedrag(rij["Cofin"], f"{bron_naam} (cofinanciering, {periode.code})", bron, plaats["Cofin"]),
                    _bedrag(rij["Rijksfin"], f"{bron_naam} (Rijksfinanciering, {periode.code})", bron,
                            plaats["Rijksfin"]),
                    _tekst(rij["Toelichting"]),
                ))
        for periode in ref.perioden:
            for q in ref.pijlers:
                for c in dict.fromkeys((c.code, c.naam, c.bron) for c in ref.componenten if c.periode == periode.code):
                    code, naam, cbron = c
                    opg, p1 = een(nm.component(periode, q.code, code, "opgave"))
                    rijks, p2 = een(nm.component(periode, q.code, code, "rijksdeel"))
                    a, b = _bedrag(opg, naam, bron, p1), _bedrag(rijks, naam, bron, p2)
                    if a == NUL and b == NUL:
                        continue
                    componenten.append(Component(periode.code, q.code, code, naam, a, b, cbron))
    kerncijfers = []
    for kern in ref.kerncijfers:
        if nm.bereik_modus(ref):
            lw, lp = een(nm.kern(kern.code, "laag"))
            hw, hp = een(nm.kern(kern.code, "hoog"))
            laag = _bedrag(lw, kern.naam, bron, lp, None)  # a kerncijfer may be a population count
            hoog = _bedrag(hw if hw is not None else lw, kern.naam, bron, hp, None)
            waarde_ = Bedrag(laag.laag, hoog.hoog, laag.pm | hoog.pm)
        else:
            w, p = een(nm.kern(kern.code))
            waarde_ = _bedrag(w, kern.naam, bron, p, None)
        kerncijfers.append(Kerncijfer(kern.code, kern.naam, waarde_, kern.bron))
    return ref.met(
        gebied=gebied, perioden=tuple(perioden), onderdelen=tuple(onderdelen), opgaven=tuple(opgaven),
        dekkingen=tuple(dekkingen), componenten=tuple(componenten) if not nm.bereik_modus(ref) else ref.componenten,
        kerncijfers=tuple(kerncijfers),
        scenarios=_scenarios(ref, een, gelezen, schakelaars_uit(werkboek, gelezen), bron),
        ontbrekend=ontbrekend,
    )


def schakelaars_uit(werkboek: Cellenbron, gelezen: dict | None = None) -> dict[str, int]:
    """The scenario switches (code → 0 or 1); InvoerFout naming the cell for anything but 0, 1 or empty."""
    ref = _referentie(werkboek.code).programma
    gelezen = gelezen if gelezen is not None else lees_waarden(werkboek)
    uit: dict[str, int] = {}
    for scenario in ref.scenarios:
        naam = nm.scenario(scenario.code)
        if naam not in gelezen:  # a workbook of template version 1 (the checker reports the version)
            uit[scenario.code] = 0
            continue
        blad, cellen, waarden = gelezen[naam]
        waarde = waarden[0]
        if waarde in (None, ""):
            uit[scenario.code] = 0
        elif isinstance(waarde, int | float) and not isinstance(waarde, bool) and waarde in (0, 1):
            uit[scenario.code] = int(waarde)
        elif isinstance(waarde, int | float) and not isinstance(waarde, bool):
            raise InvoerFout(f"schakelaar van scenario {scenario.code!r} is {getal_kort(waarde)}: buiten bereik; kies 1 "
                             "(aan) of 0 (uit)", bron=werkboek.pad.name, plaats=f"{blad}!{cellen[0]}")
        else:
            raise InvoerFout(f"schakelaar van scenario {scenario.code!r} is {waarde!r}; kies 1 (aan) of 0 (uit)",
                             bron=werkboek.pad.name, plaats=f"{blad}!{cellen[0]}")
    return uit


def afronding_uit(werkboek: Werkboek, gelezen: dict | None = None) -> str:
    """The rounding choice of Resultaat as the workbook has it (`namen.AFRONDING_KEUZES`; the first when the
    workbook has none or another text, as the workbook's own formula then counts it)."""
    gelezen = gelezen if gelezen is not None else lees_waarden(werkboek)
    waarde = gelezen[nm.AFRONDING][2][0] if nm.AFRONDING in gelezen else None
    return nm.AFRONDING_KEUZES[nm.afronding_stand(waarde) - 1]


def lees_schakelaars(pad: str | os.PathLike[str]) -> dict[str, int]:
    """The scenario switches of a template workbook (code → 0/1)."""
    return schakelaars_uit(open_werkboek(pad))


def _scenarios(ref: Programma, een, gelezen: dict, schakelaars: dict[str, int], bron: str) -> tuple[Scenario, ...]:
    """The reference scenarios with the workbook's amounts.

    A scenario that is off and whose amount cells are all empty is left out (a gebied's workbook has no
    national scenario amounts), so that reading and writing a workbook gives the same inputs.
    """
    velden: dict[tuple, dict[str, object]] = {}
    leeg: dict[tuple, bool] = {}
    if any(n not in gelezen for n in sc.invoer(ref, ref)):
        return ref.scenarios  # template version 1: the reference amounts
    for regel in sc.wijzigingsregels(ref):
        if regel.soort == "dekking_toevoegen":
            namen = sc.dekking_namen(ref, regel)
            nieuw: dict[str, object] = {}
            cellen = []
            for kolom, veld in (("Cofin", "cofinanciering"), ("Rijksfin", "rijksfinanciering")):
                waarde, plaats = een(namen[kolom])
                cellen.append(waarde)
                bedrag = _bedrag(waarde, f"{regel.veld('bron')} ({veld}, scenario)", bron, plaats)
                nieuw[veld] = "PM" if bedrag.pm else bedrag.laag
            velden[regel.vorm], leeg[regel.vorm] = nieuw, all(c in (None, "") for c in cellen)
        elif regel.soort == "post_toevoegen":
            namen = sc.post_namen(regel)
            (lw, lp), (hw, hp), (sw, sp) = een(namen["laag"]), een(namen["hoog"]), een(namen["sleutel"])
            omschrijving = f"{regel.veld('naam')} (scenario)"
            laag, hoog = _bedrag(lw, omschrijving, bron, lp), _bedrag(hw if hw is not None else lw, omschrijving, bron, hp)
            if laag.pm != hoog.pm and (laag.pm or hoog.pm):
                raise InvoerFout("een raming is twee bedragen of PM (niet één van beide)", bron=bron, plaats=lp)
            if laag.laag > hoog.hoog:
                raise InvoerFout("de ondergrens is groter dan de bovengrens", bron=bron, plaats=lp)
            sleutel: object
            if isinstance(sw, str) and sw.strip().upper() == "PM":
                sleutel = "PM"
            elif sw in (None, ""):
                sleutel = None
            elif isinstance(sw, int | float) and not isinstance(sw, bool) and 0 <= sw <= 1:
                sleutel = float(sw)
            elif isinstance(sw, int | float) and not isinstance(sw, bool):
                raise InvoerFout(f"verdeelsleutel {getal_kort(sw)} buiten bereik: niet tussen 0 en 1", bron=bron,
                                 plaats=sp)
            else:
                raise InvoerFout(f"verdeelsleutel {sw!r} is geen getal tussen 0 en 1 of PM", bron=bron, plaats=sp)
            velden[regel.vorm] = {"bedrag": "PM" if laag.pm else [laag.laag, hoog.hoog], "verdeelsleutel": sleutel}
            leeg[regel.vorm] = all(c in (None, "") for c in (lw, hw, sw))
    uit = []
    for scenario in ref.scenarios:
        vormen = [sc.vorm(w) for w in scenario.wijzigingen]
        if not schakelaars.get(scenario.code) and any(v in leeg for v in vormen) and all(
                leeg.get(v, True) for v in vormen):
            continue
        wijzigingen = tuple(
            Wijziging(w.soort, tuple({**dict(w.velden), **velden.get(sc.vorm(w), {})}.items()))
            for w in scenario.wijzigingen)
        uit.append(Scenario(scenario.code, scenario.naam, scenario.bron, scenario.toelichting, wijzigingen))
    return tuple(uit)


def lees_invoer(pad: str | os.PathLike[str]) -> Programma:
    """The inputs of a template workbook as the core's model."""
    return programma_uit(open_werkboek(pad))


def invoer_tabel(pad: str | os.PathLike[str]):
    """The inputs as a pandas DataFrame: naam, blad, cel, waarde (one row per cell)."""
    import pandas as pd

    werkboek = open_werkboek(pad)
    rijen = [
        {"naam": naam, "blad": blad, "cel": cel, "waarde": waarde}
        for naam, (blad, cellen, waarden) in lees_waarden(werkboek).items()
        for cel, waarde in zip(cellen, waarden, strict=True)
    ]
    return pd.DataFrame(rijen, columns=["naam", "blad", "cel", "waarde"])
