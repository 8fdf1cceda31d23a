"""The template workbooks (NPLV, NPVR): inputs, live native Excel formulas, the report's tables, checks.

Written with XlsxWriter, which stores each formula together with its cached value: every formula
cell carries the value the core computes for it (see `berekening.py`), so viewers that do not
recalculate show the numbers, and a full recalculation in Excel or LibreOffice gives the same.

The output is deterministic: fixed document properties and fixed zip timestamps; the same
programme gives the same bytes. Formulas use Excel 2010 functions only (SUM, SUMIFS, COUNTIF(S),
MAX, MIN, N, AND, IF, CHOOSE, ABS); inputs are referenced by defined name (see `namen.py` for
the naming contract); numbers are never typed into a formula (0 and 1 as structural constants
aside: a restopgave is clipped at 0, and flags are 0 or 1).

Public API:
- ``werkboek_bytes(programma, namen, *, titel=None, gebied=None, schakelaars=None) -> bytes``
  (`schakelaars`: scenario code → 1 for the scenarios switched on; see `scenarios.py`)
- ``sjabloon_bytes(code) -> bytes``: the reference workbook of 'nplv' or 'npvr' (every switch off)
- ``invoer_waarden(programma, *, schakelaars=None) -> dict[str, object]``: input name → value (PM as
  text, the dekking columns as lists of ``DEKKING_RIJEN`` values, switches 0/1)
- ``schrijf_werkboek(inhoud, pad, *, force=False) -> Path``: atomic write (`bestanden.schrijf_atomisch`)
  that refuses to overwrite without force and refuses a missing output folder
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from xl_opgave import __version__
from xl_opgave.core.bedrag import NUL, Bedrag
from xl_opgave.core.expressie import evalueer
from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.model import Programma
from xl_opgave.core.rekenen import bereken
from xl_opgave.core.resultaten import ResultaatNaam, waarde
from xl_opgave.core.vergelijking import Cijfer
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek import scenarios as sc
from xl_opgave.werkboek.berekening import (
    KOLOM,
    PM_TEKST_FORMULE,
    Kop,
    Regel,
    Rekenmodel,
    amount_categorieen,
    bouw,
    component_namen,
    pm_tekst,
    scenario_dekking,
    varianten,
)

VASTE_DATUM = dt.datetime(2026, 1, 28, 0, 0, 0)
ZIP_DATUM = (2026, 1, 28, 0, 0, 0)
TOLERANTIE = 1e-6

EURO = "[$€-413] "
INVOER_KLEUR = "#FFF2CC"
KOP_KLEUR = "#D9E1F2"


# -- input values ---------------------------------------------------------------------------------
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


def _referentie(programma: Programma) -> Programma:
    from xl_opgave.referentie import laad

    return laad(programma.code.lower()).programma


def invoer_waarden(programma: Programma, *, uitkomsten: Mapping[str, Bedrag] | None = None,
                   schakelaars: Mapping[str, int] | None = None) -> dict[str, object]:
    """Every input defined name → its value for this programme ('PM' as text; lists for the dekking table).

    `uitkomsten` may pass `bereken(programma)` when the caller has it already; `schakelaars` gives the
    scenarios switched on (code → 1; default: every switch off).
    """
    ref = _referentie(programma)
    # A plain dict: the core's mapping looks for a suggestion on every missing key (slow).
    u = dict(uitkomsten if uitkomsten is not None else bereken(programma))
    waarden: dict[str, object] = {nm.GEBIED: programma.gebied or ""}
    waarden[nm.ONTBREKEND] = "; ".join(programma.ontbrekend) or None
    waarden.update(sc.invoer(programma, ref, schakelaars))
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
                kolommen["Toelichting"][i] = d.toelichting or None
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


# -- cached values as functions of the programme ---------------------------------------------------
class Stand:
    """What every cached value of a workbook is computed from: one programme, its outcomes, its inputs.

    The generator writes each formula cell's cached value as `getter(stand)`; recording those getters
    once (see `opname`) gives the cached values of any programme of the same shape without XlsxWriter.

    - `basis`: the outcomes of the programme itself; `w`: its inputs (switches included);
    - `u`: the outcomes with the switched-on scenarios applied (`scenarios.combineer`), what the
      Berekening rows compute; `basis` when every switch is off;
    - `schakelaars`: scenario code → 0/1, as the workbook's switch cells give them.
    """

    def __init__(self, programma: Programma, *, uitkomsten: Mapping[str, Bedrag] | None = None,
                 waarden: Mapping[str, object] | None = None, schakelaars: Mapping[str, int] | None = None) -> None:
        self.programma = programma
        self.basis: Mapping[str, Bedrag] = uitkomsten if uitkomsten is not None else bereken(programma)
        self.w: Mapping[str, object] = waarden if waarden is not None else invoer_waarden(
            programma, uitkomsten=self.basis, schakelaars=schakelaars)
        ref = _referentie(programma)
        self.schakelaars = sc.schakelaars_uit(self.w, ref)
        aan = any(self.schakelaars.values())
        self.u: Mapping[str, Bedrag] = bereken(sc.combineer(programma, self.schakelaars)) if aan else self.basis
        self._memo: dict[object, object] = {}
        # Plain dicts: the core's mapping looks for a suggestion on every missing key (slow).
        self._u: dict[str, Bedrag] = dict(self.u)
        self._basis: dict[str, Bedrag] = dict(self.basis) if aan else self._u
        self._extra: dict[str, Bedrag] = sc.werkboekregels(ref, self.w) if ref.scenarios else {}

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


def _plus(b: Bedrag) -> int:
    return int(any(p.teken > 0 for p in b.pm))


def _min(b: Bedrag) -> int:
    return int(any(p.teken < 0 for p in b.pm))


@dataclass
class Opname:
    """The cells of a template whose content depends on the programme, recorded once per shape.

    - `formules`: (sheet, cell) → getter of the formula cell's cached value;
    - `teksten`: (sheet, cell) → getter of a plain text cell that names the gebied (titles);
    - `grafieken`: the chart series (sheet, first cell, last cell) of column ranges, in chart order.
    """

    formules: dict[tuple[str, str], Getter] = field(default_factory=dict)
    teksten: dict[tuple[str, str], Getter] = field(default_factory=dict)

    def cache(self, stand: Stand) -> dict[tuple[str, str], object]:
        """(sheet, cell) → cached value of every formula cell for this programme."""
        return {plaats: getter(stand) for plaats, getter in self.formules.items()}

    def tekstwaarden(self, stand: Stand) -> dict[tuple[str, str], object]:
        return {plaats: getter(stand) for plaats, getter in self.teksten.items()}


# -- the workbook ---------------------------------------------------------------------------------
class _Opmaak:
    """XlsxWriter formats, created once per workbook and looked up by name or number format."""

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self.wb = wb
        self.titel = wb.add_format({"bold": True, "font_size": 14, "font_color": "#1F3864"})
        self.kop = wb.add_format({"bold": True, "bg_color": KOP_KLEUR, "bottom": 1, "text_wrap": True,
                                  "valign": "top"})
        self.sectie = wb.add_format({"bold": True, "font_size": 12, "font_color": "#1F3864"})
        self.tekst = wb.add_format({"text_wrap": True, "valign": "top"})
        self.klein = wb.add_format({"font_color": "#595959", "italic": True})
        self.vet = wb.add_format({"bold": True})
        self.controle = wb.add_format({"bold": True})
        self._invoer: dict[str, object] = {}
        self._getal: dict[str, object] = {}

    def invoer(self, num_format: str = "#,##0.00") -> object:
        if num_format not in self._invoer:
            self._invoer[num_format] = self.wb.add_format({
                "bg_color": INVOER_KLEUR, "font_color": "#0000FF", "border": 1, "border_color": "#BFBFBF",
                "locked": False, "num_format": num_format,
            })
        return self._invoer[num_format]

    def getal(self, num_format: str, vet: bool = False) -> object:
        sleutel = f"{num_format}|{vet}"
        if sleutel not in self._getal:
            self._getal[sleutel] = self.wb.add_format({"num_format": num_format, "bold": vet})
        return self._getal[sleutel]


class _Schrijver:
    def __init__(self, programma: Programma, resultaat_namen: Sequence[ResultaatNaam], titel: str | None,
                 gebied: str | None, schakelaars: Mapping[str, int] | None = None) -> None:
        self.programma = programma if gebied is None else programma.met(gebied=gebied)
        self.ref = _referentie(programma)
        self.code = programma.code.lower()
        self.bereik = nm.bereik_modus(self.ref)
        self.namen = list(resultaat_namen)
        self.titel = titel or f"{programma.naam} ({programma.code})"
        self.uitkomsten = bereken(self.programma)
        self.waarden = invoer_waarden(self.programma, uitkomsten=self.uitkomsten, schakelaars=schakelaars)
        self.stand = Stand(self.programma, uitkomsten=self.uitkomsten, waarden=self.waarden)
        self.regels_sc = sc.wijzigingsregels(self.ref)
        self.model: Rekenmodel = bouw(self.programma, self.ref, dict(self.stand.u))
        self.opname = Opname()
        self.buffer = io.BytesIO()
        self.wb = xlsxwriter.Workbook(self.buffer, {"in_memory": True, "strings_to_numbers": False,
                                                    "strings_to_formulas": False, "strings_to_urls": False})
        self.wb.set_properties({
            "title": self.titel, "subject": "Restopgave-model", "author": "xl_opgave",
            "company": "", "comments": f"xl_opgave {__version__}, sjabloon {nm.SJABLOON_VERSIE}",
            "created": VASTE_DATUM,
        })
        self.wb.set_custom_property("xl_opgave_sjabloon", nm.SJABLOON_VERSIE)
        self.wb.set_custom_property("xl_opgave_programma", programma.code)
        self.fmt = _Opmaak(self.wb)
        self.bladen = {naam: self.wb.add_worksheet(naam) for naam in nm.BLADEN}
        self.controles: list[tuple[str, str, Getter, str]] = []  # (omschrijving, formule, waarde, advies)
        self.master_waarde = 1

    # -- cells whose content depends on the programme ------------------------------------------
    def formule(self, ws, r: int, c: int, formule: str, opmaak, getter: Getter) -> None:
        """A formula cell; its cached value is `getter(stand)`, recorded for patching other programmes."""
        self.opname.formules[(ws.name, xl_rowcol_to_cell(r, c))] = getter
        ws.write_formula(r, c, formule, opmaak, getter(self.stand))

    def tekst(self, ws, r: int, c: int, opmaak, getter: Getter) -> None:
        self.opname.teksten[(ws.name, xl_rowcol_to_cell(r, c))] = getter
        ws.write(r, c, getter(self.stand), opmaak)

    def master(self, s: Stand) -> int:
        return s.memo("master", lambda s_: min(int(c[2](s_)) for c in self.controles))  # type: ignore[return-value]

    # -- helpers --------------------------------------------------------------------------------
    def naam(self, naam: str, blad: str, rij: int, kol: int, rij2: int | None = None, kol2: int | None = None) -> None:
        begin = xl_rowcol_to_cell(rij, kol, True, True)
        adres = begin if rij2 is None else f"{begin}:{xl_rowcol_to_cell(rij2, kol2 if kol2 is not None else kol, True, True)}"
        self.wb.define_name(naam, f"={blad}!{adres}")

    def kopregels(self, ws, titel: str) -> None:
        self.tekst(ws, 0, 0, self.fmt.titel,
                   lambda s: f"{titel}" + (f" – {s.programma.gebied}" if s.programma.gebied else ""))
        ws.write(1, 0, "Controles:", self.fmt.vet)
        self.formule(ws, 1, 1, f'=IF({nm.CONTROLE_TOTAAL},"in orde","FOUT – zie blad Controles")',
                     self.fmt.controle, lambda s: "in orde" if self.master(s) == 1 else "FOUT – zie blad Controles")

    # -- Invoer ---------------------------------------------------------------------------------
    def schrijf_invoer(self) -> None:
        ws = self.bladen[nm.BLAD_INVOER]
        f = self.fmt
        ws.set_column(0, 0, 34)
        ws.set_column(1, 1, 44)
        ws.set_column(2, 7, 16)
        ws.set_column(8, 8, 60)
        ws.write(2, 0, "Gele cellen zijn invoer. Bedragen in € mln; typ PM voor een post zonder bedrag "
                       "(PM telt nergens als 0 mee, maar wordt in Resultaat als '+ PM' gemeld).", f.klein)
        r = 4
        ws.write(r, 0, "Algemeen", f.sectie)
        r += 1
        ws.write(r, 0, "Gebied", f.vet)
        ws.write(r, 1, self.waarden[nm.GEBIED] or "", f.invoer("@"))
        self.naam(nm.GEBIED, nm.BLAD_INVOER, r, 1)
        ws.write(r, 2, "tekst")
        r += 1
        self._invoer_ontbrekend(ws, r)
        r += 2
        r = self._invoer_scenarios(ws, r)
        r = self._invoer_perioden(ws, r)
        if not self.bereik:
            r = self._invoer_sleutels(ws, r)
            r = self._invoer_opgave_nplv(ws, r)
            r = self._invoer_componenten(ws, r)
        else:
            r = self._invoer_opgave_npvr(ws, r)
        r = self._invoer_kern(ws, r)
        if not self.bereik:
            r = self._invoer_dekking(ws, r)
        r = self._invoer_constanten(ws, r)
        ws.freeze_panes(3, 0)

    def _bedrag_validatie(self, ws, r1: int, c1: int, r2: int, c2: int) -> None:
        cel = xl_rowcol_to_cell(r1, c1)
        ws.data_validation(r1, c1, r2, c2, {
            "validate": "custom", "value": f'=OR(AND(ISNUMBER({cel}),{cel}>=0),{cel}="PM")',
            "error_title": "Ongeldig bedrag", "error_message": "Voer een bedrag ≥ 0 in (€ mln) of de tekst PM.",
            "input_title": "Bedrag in € mln", "input_message": "Een getal ≥ 0, of PM als het bedrag nog niet bekend is.",
        })

    def _invoer_scenarios(self, ws, r: int) -> int:
        if not self.ref.scenarios:
            return r
        f = self.fmt
        ws.write(r, 0, "Scenario's (schakelaars: 1 = aan, 0 = uit; alle uit = het rapport)", f.sectie)
        r += 1
        for c, kop in enumerate(["Scenario", "Toelichting", "Schakelaar", "", "", "", "", "Eenheid", "Bron"]):
            ws.write(r, c, kop, f.kop)
        r += 1
        eerste = r
        for scenario in self.ref.scenarios:
            ws.write(r, 0, scenario.naam, f.tekst)
            delen = [r_ for r_ in self.regels_sc if scenario.code in r_.scenarios]
            samen = " + ".join(sc.omschrijving(self.ref, r_) for r_ in delen)
            ws.write(r, 1, scenario.toelichting or samen, f.tekst)
            naam = nm.scenario(scenario.code)
            _schrijf_invoer(ws, r, 2, self.waarden[naam], f.invoer("0"))
            self.naam(naam, nm.BLAD_INVOER, r, 2)
            ws.write(r, 7, "1 = aan, 0 = uit")
            ws.write(r, 8, f"{self.ref.bron}, {scenario.bron}" if scenario.bron else self.ref.bron, f.tekst)
            r += 1
        self.naam(nm.SCENARIOS, nm.BLAD_INVOER, eerste, 2, r - 1, 2)
        ws.data_validation(eerste, 2, r - 1, 2, {
            "validate": "list", "source": ["0", "1"],
            "error_title": "Ongeldige schakelaar", "error_message": "Kies 1 (scenario aan) of 0 (uit).",
            "input_title": "Scenario aan of uit", "input_message": "1 = aan, 0 = uit. Scenario's die samen aan "
            "staan tellen elke wijziging één keer.",
        })
        ws.conditional_format(eerste, 2, r - 1, 2, {"type": "cell", "criteria": "==", "value": 1,
                                                    "format": self.wb.add_format({"bg_color": "#C6EFCE"})})
        ws.write(r, 0, "Staan meer scenario's aan, dan telt elke wijziging één keer; beide varianten of beide "
                       "grenzen aan = de omhullende / de bandbreedte.", f.klein)
        r += 2
        bedragen = [r_ for r_ in self.regels_sc if r_.soort in ("dekking_toevoegen", "post_toevoegen")]
        if not bedragen:
            return r
        ws.write(r, 0, "Bedragen van de scenario's (tellen alleen mee als een scenario aan staat)", f.sectie)
        r += 1
        for c, kop in enumerate(["Wijziging", "Hoort bij scenario", "Cofinanciering / laag",
                                 "Rijksfinanciering / hoog", "Verdeelsleutel", "", "", "Eenheid", "Bron"]):
            ws.write(r, c, kop, f.kop)
        r += 1
        eerste = r
        for regel in bedragen:
            ws.write(r, 0, sc.omschrijving(self.ref, regel), f.tekst)
            ws.write(r, 1, ", ".join(self.ref.scenario(c).naam for c in regel.scenarios), f.tekst)
            if regel.soort == "dekking_toevoegen":
                namen = sc.dekking_namen(self.ref, regel)
                kolommen = ((2, namen["Cofin"]), (3, namen["Rijksfin"]))
            else:
                namen = sc.post_namen(regel)
                kolommen = ((2, namen["laag"]), (3, namen["hoog"]))
                _schrijf_invoer(ws, r, 4, self.waarden[namen["sleutel"]], f.invoer("0%"))
                self.naam(namen["sleutel"], nm.BLAD_INVOER, r, 4)
                cel = xl_rowcol_to_cell(r, 4)
                ws.data_validation(r, 4, r, 4, {
                    "validate": "custom", "value": f'=OR(AND(ISNUMBER({cel}),{cel}>=0,{cel}<=1),{cel}="PM")',
                    "error_title": "Ongeldige verdeelsleutel",
                    "error_message": "Een verdeelsleutel ligt tussen 0 en 1 (of PM)."})
            for c, naam in kolommen:
                _schrijf_invoer(ws, r, c, self.waarden[naam], f.invoer())
                self.naam(naam, nm.BLAD_INVOER, r, c)
            ws.write(r, 7, "€ mln")
            bron = self.ref.scenario(regel.scenarios[0]).bron
            ws.write(r, 8, f"{self.ref.bron}, {bron}" if bron else self.ref.bron, f.tekst)
            r += 1
        self.naam(nm.SCENARIOBEDRAGEN, nm.BLAD_INVOER, eerste, 2, r - 1, 3)
        self._bedrag_validatie(ws, eerste, 2, r - 1, 3)
        return r + 1

    def _invoer_perioden(self, ws, r: int) -> int:
        f = self.fmt
        ws.write(r, 0, "Perioden", f.sectie)
        r += 1
        for c, kop in enumerate(["Periode", "Eerste jaar", "Laatste jaar", "Aantal jaren", "Eenheid", "", "", "", "Bron"]):
            ws.write(r, c, kop, f.kop)
        r += 1
        eerste = r
        for periode in self.programma.perioden:
            ws.write(r, 0, periode.naam)
            ws.write_number(r, 1, periode.eerste_jaar)
            ws.write_number(r, 2, periode.laatste_jaar)
            ws.write_number(r, 3, self.waarden[nm.jaren(periode)], f.invoer("0"))
            self.naam(nm.jaren(periode), nm.BLAD_INVOER, r, 3)
            ws.write(r, 4, "jaar")
            ws.write(r, 8, f"{self.ref.bron}: jaarlijks = totaal / aantal jaren")
            r += 1
        self.naam("In_Jaren", nm.BLAD_INVOER, eerste, 3, r - 1, 3)
        ws.data_validation(eerste, 3, r - 1, 3, {"validate": "decimal", "criteria": ">", "value": 0,
                                                 "error_message": "Het aantal jaren is een getal groter dan 0."})
        return r + 1

    def _invoer_sleutels(self, ws, r: int) -> int:
        f = self.fmt
        ws.write(r, 0, "Verdeelsleutels (Rijksdeel van de opgave)", f.sectie)
        r += 1
        for c, kop in enumerate(["Pijler", "Onderdeel", "Verdeelsleutel", "Eenheid", "", "", "", "", "Bron"]):
            ws.write(r, c, kop, f.kop)
        r += 1
        eerste = r
        for o in self.programma.onderdelen:
            ws.write(r, 0, self.programma.pijler(o.pijler).naam)
            ws.write(r, 1, o.naam)
            _schrijf_invoer(ws, r, 2, self.waarden[nm.sleutel(o.code)], f.invoer("0%"))
            self.naam(nm.sleutel(o.code), nm.BLAD_INVOER, r, 2)
            ws.write(r, 3, "aandeel 0–1")
            ws.write(r, 8, o.sleutel_toelichting)
            r += 1
        self.naam("In_Sleutels", nm.BLAD_INVOER, eerste, 2, r - 1, 2)
        cel = xl_rowcol_to_cell(eerste, 2)
        ws.data_validation(eerste, 2, r - 1, 2, {
            "validate": "custom", "value": f'=OR(AND(ISNUMBER({cel}),{cel}>=0,{cel}<=1),{cel}="PM")',
            "error_title": "Ongeldige verdeelsleutel", "error_message": "Een verdeelsleutel ligt tussen 0 en 1 (of PM).",
        })
        return r + 1

    def _invoer_opgave_nplv(self, ws, r: int) -> int:
        f = self.fmt
        ws.write(r, 0, "Opgave per onderdeel", f.sectie)
        r += 1
        perioden = self.ref.perioden
        koppen = ["Pijler", "Onderdeel", *(f"Opgave {p.naam}" for p in perioden)]
        koppen += [""] * (6 - len(perioden)) + ["Eenheid", "Bron"]
        for c, kop in enumerate(koppen):
            ws.write(r, c, kop, f.kop)
        r += 1
        eerste = r
        for o in self.ref.onderdelen:
            ws.write(r, 0, self.ref.pijler(o.pijler).naam)
            ws.write(r, 1, o.naam)
            for i, periode in enumerate(perioden):
                _schrijf_invoer(ws, r, 2 + i, self.waarden[nm.opgave(periode, o.code)], f.invoer())
                self.naam(nm.opgave(periode, o.code), nm.BLAD_INVOER, r, 2 + i)
            ws.write(r, 7, "€ mln")
            ws.write(r, 8, _bron_opgave(self.ref, o.code))
            r += 1
        self.naam("In_Opgaven", nm.BLAD_INVOER, eerste, 2, r - 1, 1 + len(perioden))
        for i, periode in enumerate(perioden):
            self.naam(f"In_Opgaven_{nm.periode_label(periode)}", nm.BLAD_INVOER, eerste, 2 + i, r - 1, 2 + i)
        self._bedrag_validatie(ws, eerste, 2, r - 1, 1 + len(perioden))
        return r + 1

    def _invoer_opgave_npvr(self, ws, r: int) -> int:
        f = self.fmt
        ws.write(r, 0, "Opgave per deelopgave en categorie (bandbreedte)", f.sectie)
        r += 1
        for c, kop in enumerate(["Doelstelling", "Deelopgave", "Categorie", "Variant", "Periode", "Laag", "Hoog",
                                 "Eenheid", "Bron"]):
            ws.write(r, c, kop, f.kop)
        r += 1
        eerste = r
        for periode in self.ref.perioden:
            for o in self.ref.onderdelen:
                for cat in amount_categorieen(self.ref):
                    for v in varianten(self.ref, periode.code, o.code, cat.code) or [""]:
                        ws.write(r, 0, self.ref.pijler(o.pijler).naam)
                        ws.write(r, 1, o.naam)
                        ws.write(r, 2, cat.naam)
                        ws.write(r, 3, v)
                        ws.write(r, 4, periode.naam)
                        for c, kant in ((5, "laag"), (6, "hoog")):
                            naam = nm.categorie(periode, o.code, cat.code, v, kant)
                            _schrijf_invoer(ws, r, c, self.waarden[naam], f.invoer())
                            self.naam(naam, nm.BLAD_INVOER, r, c)
                        ws.write(r, 7, "€ mln")
                        ws.write(r, 8, _bron_opgave(self.ref, o.code, cat.code, v))
                        r += 1
        self.naam("In_Bedragen", nm.BLAD_INVOER, eerste, 5, r - 1, 6)
        self.naam("In_Bedragen_Laag", nm.BLAD_INVOER, eerste, 5, r - 1, 5)
        self.naam("In_Bedragen_Hoog", nm.BLAD_INVOER, eerste, 6, r - 1, 6)
        self._bedrag_validatie(ws, eerste, 5, r - 1, 6)
        return r + 1

    def _invoer_componenten(self, ws, r: int) -> int:
        if not self.ref.componenten:
            return r
        f = self.fmt
        ws.write(r, 0, "Componenten van de opgave (Tabel 2: add-on naast de synthese 2024)", f.sectie)
        r += 1
        for c, kop in enumerate(["Pijler", "Component", "Opgave", "Rijksdeel", "Periode", "", "", "Eenheid", "Bron"]):
            ws.write(r, c, kop, f.kop)
        r += 1
        eerste = r
        namen = component_namen(self.ref)
        for periode in self.ref.perioden:
            codes = list(dict.fromkeys(c.code for c in self.ref.componenten if c.periode == periode.code))
            for q in self.ref.pijlers:
                for code in codes:
                    ws.write(r, 0, q.naam)
                    ws.write(r, 1, namen[code])
                    for c, soort in ((2, "opgave"), (3, "rijksdeel")):
                        naam = nm.component(periode, q.code, code, soort)
                        _schrijf_invoer(ws, r, c, self.waarden[naam], f.invoer())
                        self.naam(naam, nm.BLAD_INVOER, r, c)
                    ws.write(r, 4, periode.naam)
                    ws.write(r, 7, "€ mln")
                    bron = [c.bron for c in self.ref.componenten if c.code == code]
                    ws.write(r, 8, f"{self.ref.bron}, {bron[0]}" if bron and q.code in
                             {c.pijler for c in self.ref.componenten} else "geen component in deze pijler")
                    r += 1
        self.naam("In_Componenten", nm.BLAD_INVOER, eerste, 2, r - 1, 3)
        self._bedrag_validatie(ws, eerste, 2, r - 1, 3)
        return r + 1

    def _invoer_kern(self, ws, r: int) -> int:
        if not self.ref.kerncijfers:
            return r
        f = self.fmt
        ws.write(r, 0, "Kerncijfers (genoemd in het rapport, niet doorgerekend)", f.sectie)
        r += 1
        koppen = ["Kerncijfer", "", "Laag", "Hoog"] if self.bereik else ["Kerncijfer", "", "Waarde", ""]
        for c, kop in enumerate([*koppen, "", "", "", "Eenheid", "Bron"]):
            ws.write(r, c, kop, f.kop)
        r += 1
        eerste = r
        for kern in self.ref.kerncijfers:
            ws.write(r, 0, kern.naam)
            if self.bereik:
                for c, kant in ((2, "laag"), (3, "hoog")):
                    _schrijf_invoer(ws, r, c, self.waarden[nm.kern(kern.code, kant)], f.invoer("#,##0"))
                    self.naam(nm.kern(kern.code, kant), nm.BLAD_INVOER, r, c)
            else:
                _schrijf_invoer(ws, r, 2, self.waarden[nm.kern(kern.code)], f.invoer())
                self.naam(nm.kern(kern.code), nm.BLAD_INVOER, r, 2)
            ws.write(r, 7, "aantal" if kern.code.startswith(("inwoners", "woningen", "gemeenten")) else "€ mln")
            ws.write(r, 8, f"{self.ref.bron}, {kern.bron}")
            r += 1
        self.naam("In_Kerncijfers", nm.BLAD_INVOER, eerste, 2, r - 1, 3 if self.bereik else 2)
        self._bedrag_validatie(ws, eerste, 2, r - 1, 3 if self.bereik else 2)
        return r + 1

    def _invoer_dekking(self, ws, r: int) -> int:
        f = self.fmt
        for periode in self.ref.perioden:
            ws.write(r, 0, f"Dekking {periode.naam} (één regel per bron en toewijzing)", f.sectie)
            r += 1
            koppen = ["Bron", "Onderdeel (of 'Hele pijler')", "Pijler", "Cofinanciering", "Rijksfinanciering",
                      "", "", "Eenheid", "Toelichting / vindplaats"]
            for c, kop in enumerate(koppen):
                ws.write(r, c, kop, f.kop)
            r += 1
            eerste = r
            kolommen = {"Bron": 0, "Onderdeel": 1, "Pijler": 2, "Cofin": 3, "Rijksfin": 4, "Toelichting": 8}
            for i in range(nm.DEKKING_RIJEN):
                for kol, c in kolommen.items():
                    waarde_ = self.waarden[nm.dekking(periode, kol)][i]  # type: ignore[index]
                    opmaak = f.invoer() if kol in ("Cofin", "Rijksfin") else f.invoer("@")
                    _schrijf_invoer(ws, r, c, waarde_, opmaak)
                ws.write(r, 7, "€ mln")
                r += 1
            for kol, c in kolommen.items():
                self.naam(nm.dekking(periode, kol), nm.BLAD_INVOER, eerste, c, r - 1, c)
            self._bedrag_validatie(ws, eerste, 3, r - 1, 4)
            ws.data_validation(eerste, 2, r - 1, 2, {"validate": "list", "source": "=Lijst_Pijlers",
                                                     "error_message": "Kies een pijler uit de lijst."})
            ws.data_validation(eerste, 1, r - 1, 1, {"validate": "list", "source": "=Lijst_Onderdelen",
                                                     "error_message": "Kies een onderdeel uit de lijst of 'Hele pijler'."})
            r += 1
        return r

    def _invoer_ontbrekend(self, ws, r: int) -> None:
        """The gaps of the data file taken as zero (fill --ontbrekend nul); a check fails while not empty."""
        ws.write(r, 0, "Ontbreekt in de data, als 0 ingevuld", self.fmt.vet)
        _schrijf_invoer(ws, r, 1, self.waarden[nm.ONTBREKEND], self.fmt.invoer("@"))
        self.naam(nm.ONTBREKEND, nm.BLAD_INVOER, r, 1)
        ws.write(r, 2, "tekst")
        ws.write(r, 8, "Leeg = de data waren volledig. Vul de echte bedragen in en maak deze cel dan leeg.")

    def _invoer_constanten(self, ws, r: int) -> int:
        f = self.fmt
        ws.write(r, 0, "Constanten van de controles (niet wijzigen)", f.sectie)
        r += 1
        for naam, label, getal, eenheid in (
            ("Tolerantie", "Tolerantie van de controles", TOLERANTIE, "€ mln"),
            ("Sleutel_Min", "Kleinste verdeelsleutel", 0, "aandeel"),
            ("Sleutel_Max", "Grootste verdeelsleutel", 1, "aandeel"),
        ):
            ws.write(r, 0, label)
            ws.write_number(r, 2, getal, f.invoer("General"))
            self.naam(naam, nm.BLAD_INVOER, r, 2)
            ws.write(r, 7, eenheid)
            r += 1
        return r + 1

    # -- Berekening -----------------------------------------------------------------------------
    def schrijf_berekening(self) -> None:
        ws = self.bladen[nm.BLAD_BEREKENING]
        f = self.fmt
        ws.set_column(0, 0, 52)
        ws.set_column(1, 2, 28)
        ws.set_column(3, 3, 44)
        ws.set_column(4, 4, 8)
        ws.set_column(5, 6, 14)
        ws.set_column(7, 9, 7)
        ws.write(2, 0, "Eén formule per regel; invoer via gedefinieerde namen; niets afgerond. PM+ / PM−: "
                       "de regel laat PM-posten weg die erbij (+) of eraf (−) komen.", f.klein)
        for c, kop in enumerate(["Omschrijving", "Pijler", "Onderdeel / bron", "Sleutel (xl_opgave)", "Eenheid",
                                 "Laag", "Hoog", "PM+", "PM−", "PM"]):
            ws.write(4, c, kop, f.kop)
        getal = f.getal("#,##0.00")
        vlag = f.getal("0")
        for item in self.model.items:
            if isinstance(item, Kop):
                ws.write(item.rij - 1, 0, item.tekst, f.sectie)
                continue
            r = item.rij - 1
            ws.write(r, 0, item.label)
            ws.write(r, 1, item.pijler)
            ws.write(r, 2, item.onderdeel)
            ws.write(r, 3, item.sleutel)
            ws.write(r, 4, item.eenheid)
            k = item.sleutel
            self.formule(ws, r, 5, f"={item.laag}", getal, lambda s, k=k: s.bedrag(k).laag)
            self.formule(ws, r, 6, f"={item.hoog}", getal, lambda s, k=k: s.bedrag(k).hoog)
            self.formule(ws, r, 7, f"={item.plus}", vlag, lambda s, k=k: _plus(s.bedrag(k)))
            if item.min:
                self.formule(ws, r, 8, f"={item.min}", vlag, lambda s, k=k: _min(s.bedrag(k)))
            self.formule(ws, r, 9, "=" + PM_TEKST_FORMULE.format(p=item.cel("plus"), m=item.cel("min")), None,
                         lambda s, k=k: pm_tekst(_plus(s.bedrag(k)), _min(s.bedrag(k))))
        for rn in self.namen:
            regel = self.model.regels.get(rn.sleutel)
            if regel is None:
                raise InvoerFout(f"resultaatnaam {rn.naam}: geen regel voor {rn.sleutel} in Berekening")
            kolom = "hoog" if rn.kant == "hoog" else "laag"
            self.wb.define_name(rn.naam, f"={regel.cel(kolom, blad=True)}")
        ws.freeze_panes(5, 1)

    # -- Resultaat ------------------------------------------------------------------------------
    def schrijf_resultaat(self) -> None:
        ws = self.bladen[nm.BLAD_RESULTAAT]
        f = self.fmt
        ws.set_column(0, 0, 58)
        ws.set_column(1, 40, 13)
        ws.write(2, 0, f"Bedragen in € mln tenzij 'mld.' vermeld; afgerond zoals in het rapport ({self.ref.bron}). "
                       "'+ PM': er zijn PM-posten weggelaten.", f.klein)
        r = 4
        r = self._kernresultaten(ws, r)
        r = self._scenarioresultaten(ws, r)
        for tabel, cijfers in _tabellen(self.ref):
            r = self._tabel(ws, r, tabel, cijfers)
        self._grafiek(ws, r)

    def _kernresultaten(self, ws, r: int) -> int:
        f = self.fmt
        ws.write(r, 0, "Kernresultaten (gedefinieerde namen)", f.sectie)
        r += 1
        for c, kop in enumerate(["Resultaat", "€ mln", "PM"]):
            ws.write(r, c, kop, f.kop)
        r += 1
        for rn in self.namen:
            regel = self.model.regels[rn.sleutel]
            ws.write(r, 0, rn.naam)
            k = rn.sleutel
            self.formule(ws, r, 1, f"={rn.naam}", f.getal(f"{EURO}#,##0.00"),
                         lambda s, k=k, kant=rn.kant: waarde(s.bedrag(k), kant))
            self.formule(ws, r, 2, f"={regel.cel('tekst', blad=True)}", None,
                         lambda s, k=k: pm_tekst(_plus(s.bedrag(k)), _min(s.bedrag(k))))
            r += 1
        return r + 1

    def _scenarioresultaten(self, ws, r: int) -> int:
        """Which scenarios are on, and (NPLV) the horizon total including the extra estimates."""
        if not self.ref.scenarios:
            return r
        f = self.fmt
        ws.write(r, 0, "Scenario's (schakelaars op blad Invoer; alle cijfers op dit blad volgen ze)", f.sectie)
        r += 1
        for c, kop in enumerate(["Scenario", "Stand"]):
            ws.write(r, c, kop, f.kop)
        r += 1
        for scenario in self.ref.scenarios:
            ws.write(r, 0, scenario.naam)
            naam = nm.scenario(scenario.code)
            self.formule(ws, r, 1, f'=IF(N({naam})=0,"uit","aan")', None,
                         lambda s, code=scenario.code: "aan" if s.schakelaars[code] else "uit")
            r += 1
        r += 1
        if "horizon.totaal.opgave_incl_aanvullend" not in self.model.regels:
            return r
        eind = self.ref.perioden[-1].laatste_jaar
        ws.write(r, 0, f"Totaal t/m {eind} incl. aanvullende ramingen (alle perioden samen)", f.sectie)
        r += 1
        for c, kop in enumerate(["", "Alle perioden", "incl. aanvullende ramingen (laag)", "(hoog)", "PM"]):
            ws.write(r, c, kop, f.kop)
        r += 1
        formaat = f.getal(f"{EURO}#,##0;-{EURO}#,##0;\"-\"")
        for soort, label in (("opgave", "Opgave"), ("restopgave", "Restopgave"), ("rijksdeel", "Rijksdeel"),
                             ("rijksrestopgave", "Rijksrestopgave")):
            ws.write(r, 0, f"{label} t/m {eind}")
            zonder, met = self.model.regels[f"horizon.totaal.{soort}"], self.model.regels[
                f"horizon.totaal.{soort}_incl_aanvullend"]
            self.formule(ws, r, 1, f"={zonder.cel('laag', True)}", formaat,
                         lambda s, k=zonder.sleutel: s.bedrag(k).laag)
            self.formule(ws, r, 2, f"={met.cel('laag', True)}", formaat, lambda s, k=met.sleutel: s.bedrag(k).laag)
            self.formule(ws, r, 3, f"={met.cel('hoog', True)}", formaat, lambda s, k=met.sleutel: s.bedrag(k).hoog)
            self.formule(ws, r, 4, f"={met.cel('tekst', True)}", None,
                         lambda s, k=met.sleutel: pm_tekst(_plus(s.bedrag(k)), _min(s.bedrag(k))))
            r += 1
        return r + 1

    def _tabel(self, ws, r: int, tabel: str, cijfers: list[Cijfer]) -> int:
        f = self.fmt
        rijen = list(dict.fromkeys(c.rij for c in cijfers))
        kolommen = list(dict.fromkeys(c.kolom for c in cijfers))
        sleutels = [k for c in cijfers for k in _termen(c.formule)[1]]
        bereik = self.bereik and not all(k.startswith("kern.") for k in sleutels)
        breedte = 3 if bereik else 2
        standaard = _standaard_formaat(cijfers)
        ws.write(r, 0, tabel, f.sectie)
        r += 1
        ws.write(r, 0, "", f.kop)
        for i, kolom in enumerate(kolommen):
            c = 1 + i * breedte
            if bereik:
                ws.write(r, c, f"{kolom} (laag)", f.kop)
                ws.write(r, c + 1, "(hoog)", f.kop)
            else:
                ws.write(r, c, kolom, f.kop)
            ws.write(r, c + breedte - 1, "PM", f.kop)
        r += 1
        per_cel = {(c.rij, c.kolom): c for c in cijfers}
        for rij in rijen:
            ws.write(r, 0, rij)
            for i, kolom in enumerate(kolommen):
                c = 1 + i * breedte
                cijfer = per_cel.get((rij, kolom))
                if cijfer is None:
                    continue
                if not cijfer.formule.strip():
                    ws.write(r, c, "n.b.")
                    continue
                formaat = f.getal(_formaat(cijfer, standaard))
                laag, hoog, plus, min_ = self._expressie(cijfer.formule)
                def bedrag(s: Stand, formule: str = cijfer.formule) -> Bedrag:
                    return s.memo(("tabel", formule), lambda s_: evalueer(formule, s_.bedrag))  # type: ignore[return-value]

                self.formule(ws, r, c, f"={laag}", formaat, lambda s, b=bedrag: b(s).laag)
                if bereik:
                    self.formule(ws, r, c + 1, f"={hoog}", formaat, lambda s, b=bedrag: b(s).hoog)
                self.formule(ws, r, c + breedte - 1, "=" + PM_TEKST_FORMULE.format(p=plus, m=min_), None,
                             lambda s, b=bedrag: b(s).pm_teken())
            r += 1
        return r + 1

    def _expressie(self, formule: str) -> tuple[str, str, str, str]:
        """Excel formulas (laag, hoog, PM+, PM−) of a sum or difference of computed keys."""
        tekens, sleutels = _termen(formule)
        laag, hoog, plus, min_ = [], [], [], []
        for teken, sleutel in zip(tekens, sleutels, strict=True):
            regel = self.model.regels.get(sleutel)
            if regel is None:
                raise InvoerFout(f"tabelcijfer {formule!r}: geen regel voor {sleutel} in Berekening")
            if teken > 0:
                laag.append(f"+{regel.cel('laag', True)}")
                hoog.append(f"+{regel.cel('hoog', True)}")
                plus.append(regel.cel("plus", True))
                min_.append(regel.cel("min", True))
            else:
                laag.append(f"-{regel.cel('hoog', True)}")
                hoog.append(f"-{regel.cel('laag', True)}")
                plus.append(regel.cel("min", True))
                min_.append(regel.cel("plus", True))

        def som(delen: list[str]) -> str:
            tekst = "".join(delen)
            return tekst[1:] if tekst.startswith("+") else tekst

        def maximum(delen: list[str]) -> str:
            return delen[0] if len(delen) == 1 else f"MAX({','.join(delen)})"

        return som(laag), som(hoog), maximum(plus), maximum(min_)

    def _grafiek(self, ws, r: int) -> None:
        f = self.fmt
        ws.write(r, 0, "Grafiek: opgave, dekking en restopgave per pijler en periode", f.sectie)
        r += 1
        if self.bereik:
            reeksen = [("Opgave (laag)", "alle", "laag"), ("Opgave (hoog)", "alle", "hoog")]
        else:
            reeksen = [("Opgave", "opgave", "laag"), ("Dekking", "dekking", "laag"), ("Restopgave", "restopgave", "laag")]
        ws.write(r, 0, "Pijler en periode", f.kop)
        for i, (label, _, _) in enumerate(reeksen):
            ws.write(r, 1 + i, label, f.kop)
        r += 1
        eerste = r
        for periode in self.ref.perioden:
            for q in self.ref.pijlers:
                ws.write(r, 0, f"{q.naam} {periode.naam}")
                for i, (_, soort, kant) in enumerate(reeksen):
                    regel = self.model.regels[f"{periode.code}.{q.code}.{soort}"]
                    self.formule(ws, r, 1 + i, f"={regel.cel(kant, True)}", f.getal(f"{EURO}#,##0"),
                                 lambda s, k=regel.sleutel, kant=kant: getattr(s.bedrag(k), kant))
                r += 1
        laatste = r - 1
        grafiek = self.wb.add_chart({"type": "column"})
        for i in range(len(reeksen)):
            kol = 1 + i
            grafiek.add_series({
                "name": [nm.BLAD_RESULTAAT, eerste - 1, kol],
                "categories": [nm.BLAD_RESULTAAT, eerste, 0, laatste, 0],
                "values": [nm.BLAD_RESULTAAT, eerste, kol, laatste, kol],
            })
        grafiek.set_title({"name": "Opgave → dekking → restopgave (€ mln)"})
        grafiek.set_y_axis({"name": "€ mln", "num_format": "#,##0"})
        grafiek.set_size({"width": 900, "height": 420})
        ws.insert_chart(r + 1, 0, grafiek)

    # -- Controles ------------------------------------------------------------------------------
    def verzamel_controles(self) -> None:
        """Each check as (omschrijving, formula giving 1 when it passes, getter of its value, what to do)."""
        regels = self.model.regels
        bedrag_blokken = ["In_Bedragen"] if self.bereik else ["In_Opgaven"]
        if self.ref.componenten and not self.bereik:
            bedrag_blokken.append("In_Componenten")
        if self.ref.kerncijfers:
            bedrag_blokken.append("In_Kerncijfers")
        if not self.bereik:
            for periode in self.ref.perioden:
                bedrag_blokken += [nm.dekking(periode, "Cofin"), nm.dekking(periode, "Rijksfin")]
        if sc.bedragnamen(self.ref):
            bedrag_blokken.append(nm.SCENARIOBEDRAGEN)
        lijst = self._blokwaarden

        for blok in bedrag_blokken:
            self.controles.append((
                f"Geen negatieve bedragen in {blok}", f'=--(COUNTIF({blok},"<0")=0)',
                lambda s, blok=blok: int(sum(1 for v in lijst(blok, s.w) if isinstance(v, int | float) and v < 0) == 0),
                f"Maak de bedragen in {blok} (blad Invoer) ≥ 0."))
            self.controles.append((
                f"Alleen getallen of PM in {blok}", f'=--(COUNTA({blok})-COUNT({blok})-COUNTIF({blok},"PM")=0)',
                lambda s, blok=blok: int(sum(1 for v in lijst(blok, s.w)
                                             if isinstance(v, str) and v.strip().upper() != "PM") == 0),
                f"Vervang tekst in {blok} door een getal of PM."))
        if self.ref.scenarios:
            def schakelaars_goed(s: Stand) -> int:
                waarden = [v for v in lijst(nm.SCENARIOS, s.w) if v not in (None, "")]
                return int(all(_is_getal(v) and v in (0, 1) for v in waarden))

            self.controles.append((
                "Scenarioschakelaars zijn 0 (uit) of 1 (aan)",
                f"=--(COUNTIF({nm.SCENARIOS},0)+COUNTIF({nm.SCENARIOS},1)=COUNTA({nm.SCENARIOS}))",
                schakelaars_goed, "Zet elke schakelaar bij Scenario's (blad Invoer) op 1 (aan) of 0 (uit)."))
        self.controles.append(("Aantal jaren per periode groter dan 0", "=--(MIN(In_Jaren)>0)",
                               lambda s: int(min(p.jaren for p in s.programma.perioden) > 0),
                               "Vul bij Perioden het aantal jaren in."))
        if not self.bereik:
            def sleutels_goed(s: Stand) -> int:
                sleutels = [o.verdeelsleutel for o in s.programma.onderdelen]
                return int(all(x == "PM" or (isinstance(x, int | float) and 0 <= x <= 1) for x in sleutels))

            self.controles.append((
                "Verdeelsleutels tussen 0 en 1 (of PM)",
                '=--(COUNTIF(In_Sleutels,"<"&Sleutel_Min)+COUNTIF(In_Sleutels,">"&Sleutel_Max)'
                '+COUNTA(In_Sleutels)-COUNT(In_Sleutels)-COUNTIF(In_Sleutels,"PM")=0)',
                sleutels_goed, "Zet elke verdeelsleutel op een aandeel tussen 0 en 1, of PM."))
            for periode in self.ref.perioden:
                p = periode.code
                regel = regels[f"{p}.totaal.opgave"]
                namen = [nm.opgave(periode, o.code) for o in self.ref.onderdelen]

                def opgave_goed(s: Stand, p: str = p, namen: list[str] = namen) -> int:
                    som_invoer = sum(v for n in namen if isinstance(v := s.w[n], int | float))
                    return int(abs(s.u[f"{p}.totaal.opgave"].laag - som_invoer) <= TOLERANTIE)

                self.controles.append((
                    f"Totale opgave {periode.naam} = som van de onderdelen",
                    f"=--(ABS({regel.cel('laag', True)}-SUM(In_Opgaven_{nm.periode_label(periode)}))"
                    f"<=Tolerantie)",
                    opgave_goed, "Controleer de opgave per onderdeel op blad Invoer."))
                regel = regels[f"{p}.totaal.dekking"]
                cof, rijks = nm.dekking(periode, "Cofin"), nm.dekking(periode, "Rijksfin")
                extra = [*scenario_dekking(self.ref, p, "cofinanciering"),
                         *scenario_dekking(self.ref, p, "rijksfinanciering")]
                scenario_som = (f"-SUM({nm.BLAD_BEREKENING}!$F${regels[extra[0]].rij}:$F${regels[extra[-1]].rij})"
                                if extra else "")

                def dekking_goed(s: Stand, p: str = p, cof: str = cof, rijks: str = rijks,
                                 extra: list[str] = extra) -> int:
                    ingevuld = sum(v for k in (cof, rijks) for v in s.w[k] if isinstance(v, int | float))  # type: ignore[union-attr]
                    ingevuld += sum(s.bedrag(k).laag for k in extra)
                    return int(abs(s.u[f"{p}.totaal.dekking"].laag - ingevuld) <= TOLERANTIE)

                self.controles.append((
                    f"Alle dekking {periode.naam} toegewezen aan een bestaand onderdeel of de hele pijler",
                    f"=--(ABS({regel.cel('laag', True)}-SUM({cof})-SUM({rijks}){scenario_som})<=Tolerantie)",
                    dekking_goed,
                    f"Kies bij Dekking {periode.naam} voor elke regel een pijler en een onderdeel uit de lijst "
                    "(of 'Hele pijler')."))
                delen = [regels[f"{p}.{q.code}.restopgave"] for q in self.ref.pijlers]
                totaal = regels[f"{p}.totaal.restopgave"]
                self.controles.append((
                    f"Restopgave {periode.naam}: totaal = som van de pijlers",
                    f"=--(ABS({totaal.cel('laag', True)}-SUM({','.join(d.cel('laag', True) for d in delen)}))"
                    "<=Tolerantie)", lambda s: 1, "Een formule op blad Berekening is gewijzigd; maak het werkboek opnieuw."))
        else:
            for periode in self.ref.perioden:
                p = periode.code
                cats = amount_categorieen(self.ref)
                totaal = regels[f"{p}.totaal.alle"]
                delen = [regels[f"{p}.totaal.{c.code}"] for c in cats]
                self.controles.append((
                    f"Totaal alle categorieën {periode.naam} = som van de categorieën",
                    f"=--(ABS({totaal.cel('laag', True)}-SUM({','.join(d.cel('laag', True) for d in delen)}))"
                    "<=Tolerantie)", lambda s: 1, "Een formule op blad Berekening is gewijzigd; maak het werkboek opnieuw."))

                def grenzen_goed(s: Stand) -> int:
                    w = s.w
                    bedragen = [v for k, v in w.items() if k.endswith("_Laag") and not k.startswith(_GEEN_BEDRAG)]
                    hoog = [v for k, v in w.items() if k.endswith("_Hoog") and not k.startswith(_GEEN_BEDRAG)]
                    return int(all(not (isinstance(a, int | float) and isinstance(b, int | float) and a > b)
                                   for a, b in zip(bedragen, hoog, strict=True)))

                self.controles.append((
                    f"Ondergrens niet boven bovengrens ({periode.naam})",
                    "=--(SUMPRODUCT(--(In_Bedragen_Laag>In_Bedragen_Hoog))=0)",
                    grenzen_goed, "Maak op blad Invoer de laag-waarde niet groter dan de hoog-waarde."))
        self.controles.append((
            f"Geen ontbrekende gegevens als 0 ingevuld ({nm.ONTBREKEND} leeg)",
            f"=--(COUNTA({nm.ONTBREKEND})=0)",
            lambda s: int(s.w.get(nm.ONTBREKEND) in (None, "")),
            f"Het databestand had voor dit gebied geen opgave voor wat in {nm.ONTBREKEND} (blad Invoer) staat; het "
            "staat als 0 ingevuld. Vul de echte bedragen in en maak die cel leeg."))
        self.master_waarde = self.master(self.stand)

    def schrijf_controles(self) -> None:
        ws = self.bladen[nm.BLAD_CONTROLES]
        f = self.fmt
        ws.set_column(0, 0, 6)
        ws.set_column(1, 1, 80)
        ws.set_column(2, 2, 12)
        ws.set_column(3, 3, 80)
        ws.write(2, 0, "1 = in orde, 0 = fout. De hoofdcontrole (Controle_Totaal) staat bovenaan elk blad.", f.klein)
        r = 4
        for c, kop in enumerate(["Nr.", "Controle", "Uitkomst", "Wat te doen bij 0"]):
            ws.write(r, c, kop, f.kop)
        r += 1
        eerste = r
        for i, (tekst, formule, waarde_, advies) in enumerate(self.controles, start=1):
            ws.write_number(r, 0, i)
            ws.write(r, 1, tekst)
            self.formule(ws, r, 2, formule, f.getal("0"), waarde_)
            ws.write(r, 3, advies)
            r += 1
        ws.write(r, 1, "Hoofdcontrole: alle controles in orde", f.vet)
        self.formule(ws, r, 2, f"=MIN(C{eerste + 1}:C{r})", f.getal("0", vet=True), self.master)
        self.naam(nm.CONTROLE_TOTAAL, nm.BLAD_CONTROLES, r, 2)
        ws.conditional_format(eerste, 2, r, 2, {"type": "cell", "criteria": "<", "value": 1,
                                                "format": self.wb.add_format({"bg_color": "#F8CBAD"})})
        r += 2
        ws.write(r, 1, "PM-posten in de invoer (bedragen nog niet bekend; nergens als 0 meegeteld)", f.sectie)
        r += 1
        for c, kop in enumerate(["", "Invoerblok", "Aantal PM"]):
            ws.write(r, c, kop, f.kop)
        r += 1
        for naam in self._pm_blokken():
            ws.write(r, 1, naam)
            self.formule(ws, r, 2, f'=COUNTIF({naam},"PM")', f.getal("0"),
                         lambda s, naam=naam: sum(1 for v in self._blokwaarden(naam, s.w)
                                                  if isinstance(v, str) and v.strip().upper() == "PM"))
            r += 1

    def _pm_blokken(self) -> list[str]:
        blokken = ["In_Bedragen"] if self.bereik else ["In_Opgaven", "In_Sleutels"]
        if self.ref.componenten and not self.bereik:
            blokken.append("In_Componenten")
        if not self.bereik:
            for periode in self.ref.perioden:
                blokken += [nm.dekking(periode, "Cofin"), nm.dekking(periode, "Rijksfin")]
        if sc.bedragnamen(self.ref):
            blokken.append(nm.SCENARIOBEDRAGEN)
        return blokken

    def _blokwaarden(self, naam: str, w: Mapping[str, object] | None = None) -> list[object]:
        w = self.waarden if w is None else w
        if naam == "In_Opgaven":
            return [w[nm.opgave(p, o.code)] for p in self.ref.perioden for o in self.ref.onderdelen]
        if naam == "In_Sleutels":
            return [w[nm.sleutel(o.code)] for o in self.ref.onderdelen]
        if naam == "In_Bedragen":
            return [v for k, v in w.items() if k.endswith(("_Laag", "_Hoog")) and not k.startswith(_GEEN_BEDRAG)]
        if naam == nm.SCENARIOBEDRAGEN:
            return [w[k] for k in sc.bedragnamen(self.ref)]
        if naam == nm.SCENARIOS:
            return [w[nm.scenario(s.code)] for s in self.ref.scenarios]
        if naam == "In_Componenten":
            return [v for k, v in w.items() if k.startswith("In_Component_")]
        if naam == "In_Kerncijfers":
            return [v for k, v in w.items() if k.startswith("In_Kern_")]
        return list(w[naam])  # type: ignore[arg-type]

    # -- Toelichting ----------------------------------------------------------------------------
    def schrijf_toelichting(self) -> None:
        ws = self.bladen[nm.BLAD_TOELICHTING]
        f = self.fmt
        ws.set_column(0, 0, 30)
        ws.set_column(1, 1, 110)
        regels = [
            ("Model", f"{self.programma.naam}: de restopgave (opgave − dekking) per pijler, onderdeel en periode."
             if not self.bereik else f"{self.programma.naam}: de financiële opgave per doelstelling, deelopgave en "
             "categorie (publieke opgave, exploitatielasten, investeringsopgave), met bandbreedtes."),
            ("Gebied", self.programma.gebied or "Nederland"),
            ("Bron", f"{self.ref.bron}; de tabellen op blad Resultaat volgen de tabellen van het rapport."),
            ("Gebruik", "Wijzig alleen de gele cellen op blad Invoer (bedragen in € mln; PM voor een post zonder "
             "bedrag). Berekening, Resultaat en Controles rekenen direct mee; deze bladen zijn beveiligd zonder "
             "wachtwoord (Controleren → Beveiliging blad opheffen) zodat een formule niet per ongeluk wordt "
             "overschreven."),
            ("Rekenregels", "Restopgave op totaalniveau: max(0, opgave − dekking) per pijler; per onderdeel: "
             "max(0, Σ max(0, opgave − dekking per onderdeel) − pijlerbrede dekking). Rijksdeel = opgave × "
             "verdeelsleutel; Rijksrestopgave met de Rijksfinanciering. Jaarlijks = totaal / aantal jaren."
             if not self.bereik else "Bedragen per categorie tellen op per doelstelling en in totaal; bij "
             "varianten (capaciteit nu / in 2035) geldt de omhullende: laagste ondergrens, hoogste bovengrens. "
             "Jaarlijks = totaal / aantal jaren."),
            ("Scenario's", "Blad Invoer, blok Scenario's: zet een schakelaar op 1 om een scenario uit het rapport "
             "mee te rekenen (extra dekking, aanvullende ramingen, een variant of één kant van de bandbreedte); "
             "alle schakelaars op 0 geeft de cijfers van het rapport. Staan er meer aan, dan telt elke wijziging "
             "één keer; beide varianten of beide grenzen aan geeft weer de omhullende / de bandbreedte. De bedragen "
             "van de scenario's staan als invoer onder de schakelaars."
             if self.ref.scenarios else "Dit programma heeft geen scenario's."),
            ("Controles", "Blad Controles toont elke controle (1 = in orde) en de hoofdcontrole, die bovenaan elk "
             "blad staat: totalen kloppen, verdeelsleutels tussen 0 en 1, dekking toegewezen aan bestaande "
             "onderdelen, geen negatieve bedragen, alleen getallen of PM; PM-posten worden per blok geteld."),
            ("Controleren buiten Excel", "xl-opgave check BESTAND.xlsx controleert een ingevuld werkboek "
             "(namen, foutwaarden, invoer, overschreven formules, opgeslagen waarden)."),
            ("Gedefinieerde namen", "Invoer: In_… (zie xl_opgave/werkboek/namen.py); resultaten onder de namen "
             "van xl_opgave (bijv. " + ", ".join(n.naam for n in self.namen[:3]) + ")."),
        ]
        r = 2
        ws.write(r, 0, "Wat is dit?", f.sectie)
        r += 1
        for kop, tekst in regels:
            ws.write(r, 0, kop, f.vet)
            if kop == "Gebied":
                self.tekst(ws, r, 1, f.tekst, lambda s: s.programma.gebied or "Nederland")
            else:
                ws.write(r, 1, tekst, f.tekst)
            r += 1
        r += 1
        ws.write(r, 0, "Versie", f.sectie)
        r += 1
        ws.write(r, 0, "Programma", f.vet)
        ws.write(r, 1, self.programma.code)
        self.naam(nm.PROGRAMMA, nm.BLAD_TOELICHTING, r, 1)
        r += 1
        ws.write(r, 0, "Sjabloonversie", f.vet)
        ws.write(r, 1, nm.SJABLOON_VERSIE)
        self.naam(nm.VERSIE, nm.BLAD_TOELICHTING, r, 1)
        r += 1
        ws.write(r, 0, "xl_opgave", f.vet)
        ws.write(r, 1, __version__)
        r += 2
        if not self.bereik:
            ws.write(r, 0, "Keuzelijsten (dekking)", f.sectie)
            r += 1
            ws.write(r, 0, "Pijlers", f.kop)
            ws.write(r, 1, "Onderdelen", f.kop)
            r += 1
            onderdelen = [o.naam for o in self.ref.onderdelen] + [nm.HELE_PIJLER]
            for i, naam in enumerate(onderdelen):
                if i < len(self.ref.pijlers):
                    ws.write(r + i, 0, self.ref.pijlers[i].naam)
                ws.write(r + i, 1, naam)
            self.naam("Lijst_Pijlers", nm.BLAD_TOELICHTING, r, 0, r + len(self.ref.pijlers) - 1, 0)
            self.naam("Lijst_Onderdelen", nm.BLAD_TOELICHTING, r, 1, r + len(onderdelen) - 1, 1)

    # -- whole ----------------------------------------------------------------------------------
    def schrijf(self, na_opbouw: Callable[[xlsxwriter.Workbook], None] | None = None) -> bytes:
        self.verzamel_controles()
        self.schrijf_toelichting()
        self.schrijf_invoer()
        self.schrijf_berekening()
        self.schrijf_resultaat()
        self.schrijf_controles()
        for naam, ws in self.bladen.items():
            self.kopregels(ws, f"{naam} – {self.titel}")
            if naam != nm.BLAD_INVOER:
                ws.protect("", {"format_columns": True, "format_rows": True, "select_locked_cells": True,
                                "select_unlocked_cells": True})
        if na_opbouw is not None:
            na_opbouw(self.wb)
        self.bladen[nm.BLAD_INVOER].activate()
        self.wb.close()
        return _vaste_zip(self.buffer.getvalue())


_GEEN_BEDRAG = ("In_Kern", "In_Scenario")  # inputs that are not the NPVR In_Bedragen block


def _is_getal(waarde: object) -> bool:
    return isinstance(waarde, int | float) and not isinstance(waarde, bool)


def _schrijf_invoer(ws, r: int, c: int, waarde_: object, opmaak) -> None:
    if waarde_ is None or waarde_ == "":
        ws.write_blank(r, c, None, opmaak)
    elif isinstance(waarde_, str):
        ws.write_string(r, c, waarde_, opmaak)
    else:
        ws.write_number(r, c, float(waarde_), opmaak)  # type: ignore[arg-type]


def _bron_opgave(ref: Programma, onderdeel: str, categorie: str = "opgave", variant: str = "") -> str:
    posten = [o for o in ref.opgaven if o.onderdeel == onderdeel and o.categorie == categorie
              and o.variant == variant]
    delen = list(dict.fromkeys(x for o in posten for x in (o.bron, o.toelichting) if x))
    return f"{ref.bron}" + (f": {'; '.join(delen)}" if delen else "")


def _tabellen(ref: Programma) -> list[tuple[str, list[Cijfer]]]:
    from xl_opgave.referentie import laad

    groepen: dict[str, list[Cijfer]] = {}
    for cijfer in laad(ref.code.lower()).cijfers:
        if re.fullmatch(r"Tabel \d+(\.\d+)?", cijfer.tabel):
            groepen.setdefault(cijfer.tabel, []).append(cijfer)
    return list(groepen.items())


def _termen(formule: str) -> tuple[list[int], list[str]]:
    """A sum or difference of keys as signs and keys ('- a + b' → [-1, 1], [a, b])."""
    tekens, sleutels, teken = [], [], 1
    for token in formule.split():
        if token == "+":
            continue
        if token == "-":
            teken = -teken
            continue
        tekens.append(teken)
        sleutels.append(token)
        teken = 1
    return tekens, sleutels


def _decimalen(tekst: str) -> int | None:
    getallen = re.findall(r"\d+(?:[.,]\d+)*", tekst)
    if not getallen:
        return None
    return max(len(g.split(",")[1]) if "," in g else 0 for g in getallen)


def _standaard_formaat(cijfers: list[Cijfer]) -> int:
    decimalen = [d for c in cijfers if (d := _decimalen(c.gedrukt)) is not None]
    return min(decimalen) if decimalen else 0


def _formaat(cijfer: Cijfer, standaard: int) -> str:
    """The report's presentation of one figure as an Excel number format (values stay in € mln)."""
    decimalen = _decimalen(cijfer.gedrukt)
    d = standaard if decimalen is None else decimalen
    staart = ("." + "0" * d) if d else ""
    if "mld" in cijfer.gedrukt or cijfer.schaal == "mld" or "mld" in cijfer.kolom:
        positief = f'{EURO}#,##0{staart},"\u00a0mld."'
    elif all(k.startswith("kern.") for k in _termen(cijfer.formule)[1]) and "€" not in cijfer.gedrukt:
        positief = "#,##0"
    elif "mln" in cijfer.gedrukt:
        positief = f'{EURO}#,##0{staart}"\u00a0mln."'
    else:
        positief = f"{EURO}#,##0{staart}"
    return f'{positief};-{positief};"-"'


def _vaste_zip(inhoud: bytes) -> bytes:
    """The same package with fixed timestamps and a fixed member order: identical input, identical bytes."""
    uit = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(inhoud)) as bron, zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as doel:
        for info in bron.infolist():
            nieuw = zipfile.ZipInfo(info.filename, date_time=ZIP_DATUM)
            nieuw.compress_type = zipfile.ZIP_DEFLATED
            nieuw.external_attr = 0o600 << 16
            doel.writestr(nieuw, bron.read(info.filename))
    return uit.getvalue()


# -- public API ---------------------------------------------------------------------------------
def werkboek_bytes(programma: Programma, namen: Sequence[ResultaatNaam], *, titel: str | None = None,
                   gebied: str | None = None, na_opbouw: Callable[[xlsxwriter.Workbook], None] | None = None,
                   schakelaars: Mapping[str, int] | None = None) -> bytes:
    """The complete workbook for a programme of the NPLV or NPVR shape (e.g. one gebied's figures).

    `na_opbouw(workbook)` may add sheets (or decorations) after the template's own, before closing.
    `schakelaars` (scenario code → 1) switches scenarios on; the cached values are then those of
    `bereken(pas_toe(programma, scenario))` (for several: their union, see `scenarios.combineer`).
    """
    return _Schrijver(programma, namen, titel, gebied, schakelaars).schrijf(na_opbouw)


def werkboek_met_opname(programma: Programma, namen: Sequence[ResultaatNaam], *, titel: str | None = None,
                        gebied: str | None = None) -> tuple[bytes, Opname]:
    """The workbook (as `werkboek_bytes`) and the recording of its programme-dependent cells.

    The layout depends only on the programme's shape (the reference report), so `opname.cache(Stand(p))`
    gives, for any programme `p` of that shape, the cached value of every formula cell exactly as
    `werkboek_bytes(p, …)` writes it (the batch filler patches those into this workbook's bytes).
    """
    schrijver = _Schrijver(programma, namen, titel, gebied)
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


__all__ = ["KOLOM", "Opname", "Regel", "Stand", "invoer_waarden", "werkboek_met_opname", "schrijf_werkboek", "sjabloon_bytes", "werkboek_bytes",
           "xl_col_to_name"]
