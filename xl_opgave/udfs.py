"""Werkbladfuncties voor Excel (xlwings): =RESTOPGAVE(), =RIJKSDEEL(), =JAARLIJKS(), =OPGAVE(), ...

Name this module (`xl_opgave.udfs`) in xlwings' *UDF Modules* setting and click *Import Functions*.
Every function is a thin wrapper over `xl_opgave.werkbladfuncties`, which computes through the core.

Design notes (English, for developers):
- Descriptions, argument help and converter options come from `xl_opgave.functiebeschrijvingen`, the
  one definition that the xlwings Lite route (`xl_opgave.lite`) registers too. `_werkbladfunctie`
  applies xlwings' decorators from it; the `def`s stay literal because xlwings writes the VBA
  wrapper from the Python signature (parameter names, optional defaults).
- The UDF parameters carry no type hints on purpose: xlwings reads a parameter's annotation as its
  converter (`convert=`), so `opgave: object` would break the call. The typed logic lives in
  `werkbladfuncties`.
- Ranges are read with `ndim=2` (always a list of rows) and `err_to_str=True`, so an error cell
  (#N/B) arrives as text and is reported, instead of arriving as None and counting as zero.
- Errors come back as text '#WAARDE! <melding>' (`werkbladfuncties.Foutwaarde`): classic xlwings has
  no way to return a real Excel error value. PM results are text too: '€2.445 mln. + PM'.
- RESTOPGAVE_TABEL returns a list of rows with no `expand` option: it spills in Excel 365/2021;
  in Excel 2010–2019 it is entered as an array formula (Ctrl+Shift+Enter), as its description
  says. xlwings' legacy `expand="table"` is not used: it overwrites the cells below and does not
  work with volatile arguments (xlwings' own documentation).
- Cold import: this module imports only the core (bedrag, formules, opmaak); the reference data for
  OPGAVE() and the period table for JAARLIJKS() load on first use.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import xlwings as xw

from xl_opgave import werkbladfuncties as wf
from xl_opgave.functiebeschrijvingen import CATEGORIE, PER_NAAM, VERPLICHT, opties


def _werkbladfunctie(functie: Callable[..., Any]) -> Callable[..., Any]:
    """Register `functie` with xlwings as described in `functiebeschrijvingen` (by its name)."""
    beschrijving = PER_NAAM[functie.__name__]
    parameters = inspect.signature(functie).parameters
    for argument, parameter in zip(beschrijving.argumenten, parameters.values(), strict=True):
        standaard = VERPLICHT if parameter.default is inspect.Parameter.empty else parameter.default
        if (argument.naam, argument.standaard) != (parameter.name, standaard):
            raise TypeError(f"{functie.__name__}: signature does not match functiebeschrijvingen at {argument.naam}")
    # xlwings reads the description from the docstring when the first decorator is applied.
    functie.__doc__ = beschrijving.omschrijving
    for argument in beschrijving.argumenten:
        functie = xw.arg(argument.naam, doc=argument.doc, **opties(argument))(functie)
    return xw.func(category=CATEGORIE)(functie)


@_werkbladfunctie
def RESTOPGAVE(opgave, dekking, methode="totaal"):  # noqa: N802 - Excel function names are upper case
    return wf.restopgave(opgave, dekking, methode)


@_werkbladfunctie
def RIJKSDEEL(opgave, verdeelsleutel):  # noqa: N802
    return wf.rijksdeel(opgave, verdeelsleutel)


@_werkbladfunctie
def RIJKSRESTOPGAVE(opgave, verdeelsleutel, rijksdekking, methode="totaal"):  # noqa: N802
    return wf.rijksrestopgave(opgave, verdeelsleutel, rijksdekking, methode)


@_werkbladfunctie
def JAARLIJKS(bedrag, periode, laatste_jaar=None):  # noqa: N802
    return wf.jaarlijks(bedrag, periode, laatste_jaar)


@_werkbladfunctie
def OPGAVE(programma, naam):  # noqa: N802
    return wf.opgave(programma, naam)


@_werkbladfunctie
def RESTOPGAVE_TABEL(onderdelen, opgave, dekking, verdeelsleutel, rijksdekking):  # noqa: N802
    return wf.restopgave_tabel(onderdelen, opgave, dekking, verdeelsleutel, rijksdekking)


@_werkbladfunctie
def BEDRAG(bedrag_mln, eenheid=None):  # noqa: N802
    return wf.bedrag(bedrag_mln, eenheid)


FUNCTIES = (RESTOPGAVE, RIJKSDEEL, RIJKSRESTOPGAVE, JAARLIJKS, OPGAVE, RESTOPGAVE_TABEL, BEDRAG)
