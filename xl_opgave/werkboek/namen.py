"""The naming contract of the template workbooks: every input cell or range and its defined name.

The generator writes these names, the reader and the checker read them, the batch filler fills them.

Sheets: ``Toelichting``, ``Invoer``, ``Berekening``, ``Resultaat``, ``Controles``.

Workbook-scope defined names (``<P>`` = the period's ``resultaat_label``: ``Tot2030``, ``Van2030``,
NPVR ``Totaal``; ``<o>`` = an onderdeel code; ``<q>`` = a pijler code):

==================================================  ===============================================
``Sjabloon_Programma``, ``Sjabloon_Versie``         programme code (NPLV/NPVR) and template version
``In_Gebied``                                       the gebied the figures are for (text)
``In_Ontbrekend``                                   what the data file lacked for this gebied and was taken
                                                    as 0 (text, '; '-separated; empty = complete); a
                                                    check on Controles fails while it is not empty
``In_Jaren_<P>``                                    number of years of a period (``In_Jaren`` block)
``In_Sleutel_<o>``                                  verdeelsleutel 0–1 or ``PM`` (``In_Sleutels`` block)
``In_Opgave_<P>_<o>``                               NPLV: opgave € mln, number ≥ 0 or ``PM``
``In_<Cat>_<P>_<o>[_<variant>]_Laag`` / ``_Hoog``   NPVR: bandbreedte per categorie (``Publiek``,
                                                    ``Exploitatie``, ``Investering``) and variant
``In_Dekking_<P>_Bron|Pijler|Onderdeel|Cofin|       dekking table of a period, a fixed number of rows
Rijksfin|Toelichting``                              (``DEKKING_RIJEN``); onderdeel ``Hele pijler``
                                                    assigns a source to the whole pillar
``In_Component_<P>_<q>_<code>_Opgave|_Rijksdeel``   NPLV Tabel 2 components (add-on)
``In_Kern_<code>`` (NPVR: ``_Laag`` / ``_Hoog``)     figures the report states but does not compute with
``In_Scenario_<code>``                              scenario switch: 1 = aan, 0 (or empty) = uit
                                                    (``In_Scenarios`` block)
``In_ScenarioDekking_<P>_<o|q>_<bron>_Cofin|        the amounts of a scenario's extra dekking
_Rijksfin``
``In_ScenarioPost_<code>_Laag|_Hoog|_Sleutel``      a scenario's extra estimate over the horizon
                                                    (bandbreedte and verdeelsleutel 0–1 or ``PM``);
                                                    amounts in the ``In_Scenariobedragen`` block
``In_Opgaven``, ``In_Bedragen``, ``In_Componenten``, blocks used by the Controles
``In_Kerncijfers``
``In_Afronding``                                    Resultaat: how amounts are shown, one of
                                                    ``AFRONDING_KEUZES`` (an adviser's choice, like
                                                    the scenario switches); ``Afronding_Stand`` its
                                                    number 1–3 (formula)
``Lijst_Pijlers``, ``Lijst_Onderdelen``,             drop-down lists of the dekking table and of
``Lijst_Afronding``                                 the rounding switch
``Tolerantie``, ``Sleutel_Min``, ``Sleutel_Max``     constants of the checks
``Afronding_Decimalen``                             decimals to which Resultaat smooths binary noise
                                                    before rounding (a constant)
``Controle_Totaal``                                 the master check (1 = all checks pass)
result names of the core (``Restopgave_Totaal_Tot2030``, ``Investeringsopgave_Hoog``, …), each on
one Berekening cell with a live formula.
==================================================  ===============================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xl_opgave.core.model import Periode, Programma

SJABLOON_VERSIE = "3"  # 2: scenario switches on Invoer; 3: Resultaat as the report (rounding switch), print set-up, In_Ontbrekend and its check
BLAD_TOELICHTING = "Toelichting"
BLAD_INVOER = "Invoer"
BLAD_BEREKENING = "Berekening"
BLAD_RESULTAAT = "Resultaat"
BLAD_CONTROLES = "Controles"
BLADEN = (BLAD_TOELICHTING, BLAD_INVOER, BLAD_BEREKENING, BLAD_RESULTAAT, BLAD_CONTROLES)
# Sheets whose cells are formulas the adviser should not overwrite.
REKENBLADEN = (BLAD_BEREKENING, BLAD_RESULTAAT, BLAD_CONTROLES)

DEKKING_RIJEN = 30
HELE_PIJLER = "Hele pijler"
DEKKING_KOLOMMEN = ("Bron", "Pijler", "Onderdeel", "Cofin", "Rijksfin", "Toelichting")

PROGRAMMA = "Sjabloon_Programma"
VERSIE = "Sjabloon_Versie"
GEBIED = "In_Gebied"
ONTBREKEND = "In_Ontbrekend"  # text: the gebied's gaps taken as zero (fill --ontbrekend nul); empty = none
CONTROLE_TOTAAL = "Controle_Totaal"
AFRONDING = "In_Afronding"
AFRONDING_STAND = "Afronding_Stand"
AFRONDING_DECIMALEN = "Afronding_Decimalen"
LIJST_AFRONDING = "Lijst_Afronding"
# The rounding switch on Resultaat: as the report rounds (default), to €1 mln, or not at all.
AFRONDING_KEUZES = ("zoals rapport", "op € 1 mln", "onafgerond")


def afronding_stand(keuze: object) -> int:
    """The number (1–3) of a rounding choice as the workbook computes it; anything else counts as 1."""
    tekst = keuze.strip().lower() if isinstance(keuze, str) else ""
    for i, k in enumerate(AFRONDING_KEUZES, start=1):
        if tekst == k.lower():
            return i
    return 1


def deel(tekst: str) -> str:
    """A code as part of a defined name: letters, digits and underscores only."""
    return re.sub(r"[^A-Za-z0-9_]+", "_", tekst).strip("_")


def periode_label(periode: Periode) -> str:
    return deel(periode.resultaat_label or periode.code)


def jaren(periode: Periode) -> str:
    return f"In_Jaren_{periode_label(periode)}"


def sleutel(onderdeel: str) -> str:
    return f"In_Sleutel_{deel(onderdeel)}"


def opgave(periode: Periode, onderdeel: str) -> str:
    return f"In_Opgave_{periode_label(periode)}_{deel(onderdeel)}"


def categorie(periode: Periode, onderdeel: str, cat: str, variant: str, kant: str) -> str:
    midden = f"{deel(onderdeel)}_{deel(variant)}" if variant else deel(onderdeel)
    return f"In_{deel(cat).capitalize()}_{periode_label(periode)}_{midden}_{kant.capitalize()}"


def dekking(periode: Periode, kolom: str) -> str:
    return f"In_Dekking_{periode_label(periode)}_{kolom}"


def component(periode: Periode, pijler: str, code: str, soort: str) -> str:
    return f"In_Component_{periode_label(periode)}_{deel(pijler)}_{deel(code)}_{soort.capitalize()}"


def kern(code: str, kant: str = "") -> str:
    return f"In_Kern_{deel(code)}" + (f"_{kant.capitalize()}" if kant else "")


def scenario(code: str) -> str:
    return f"In_Scenario_{deel(code)}"


def scenario_dekking(periode: Periode, doel: str, bron: str, kolom: str) -> str:
    """A scenario's extra dekking; `doel` is the onderdeel code (or the pijler code for the whole pillar)."""
    return f"In_ScenarioDekking_{periode_label(periode)}_{deel(doel)}_{deel(bron)}_{kolom}"


def scenario_post(code: str, soort: str) -> str:
    return f"In_ScenarioPost_{deel(code)}_{soort.capitalize()}"


SCENARIOS = "In_Scenarios"
SCENARIOBEDRAGEN = "In_Scenariobedragen"


def bereik_modus(programma: Programma) -> bool:
    """NPVR shape: amounts per categorie as bandbreedtes; NPLV shape: exact amounts with dekking."""
    return any(c.code != "opgave" for c in programma.categorieen)


@dataclass(frozen=True)
class Veld:
    """One named input: a single cell, or a column of `rijen` cells (the dekking table)."""

    naam: str
    soort: str  # bedrag | sleutel | jaren | tekst | pijler | onderdeel
    rijen: int = 1


def is_scenarionaam(naam: str) -> bool:
    """An adviser's choices, which filling a gebied leaves alone: the scenario switches and amounts, and
    the rounding switch of Resultaat (`In_Afronding`)."""
    return naam.startswith("In_Scenario") or naam == AFRONDING
