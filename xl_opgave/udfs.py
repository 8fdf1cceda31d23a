"""Werkbladfuncties voor Excel (xlwings): =RESTOPGAVE(), =RIJKSDEEL(), =JAARLIJKS(), =OPGAVE(), ...

Name this module (`xl_opgave.udfs`) in xlwings' *UDF Modules* setting and click *Import Functions*.
Every function is a thin wrapper over `xl_opgave.werkbladfuncties`, which computes through the core.

Design notes (English, for developers):
- The UDF parameters carry no type hints on purpose: xlwings reads a parameter's annotation as its
  converter (`convert=`), so `opgave: object` would break the call. The typed logic lives in
  `werkbladfuncties`.
- Ranges are read with `ndim=2` (always a list of rows) and `err_to_str=True`, so an error cell
  (#N/B) arrives as text and is reported, instead of arriving as None and counting as zero.
- Errors come back as text '#WAARDE! <melding>' (`werkbladfuncties.Foutwaarde`): classic xlwings has
  no way to return a real Excel error value. PM results are text too: '€2.445 mln. + PM'.
- Cold import: this module imports only the core (bedrag, formules, opmaak); the reference data for
  OPGAVE() and the period table for JAARLIJKS() load on first use.
"""

from __future__ import annotations

import xlwings as xw

from xl_opgave import werkbladfuncties as wf

CATEGORIE = wf.CATEGORIE
_BEREIK = {"ndim": 2, "err_to_str": True}
_CEL = {"err_to_str": True}

_DOC_OPGAVE = "Opgave in € mln: een getal of een bereik (leeg en - tellen als 0, n.b. telt niet mee, PM wordt getoond)."
_DOC_DEKKING = "Dekking in € mln: een bereik van dezelfde vorm als de opgave."
_DOC_METHODE = (
    'Optioneel: "totaal" (standaard; verrekend op totaalniveau, zoals Tabel 7) '
    'of "onderdeel" (per rij afgekapt op nul, dan opgeteld).'
)
_DOC_SLEUTEL = "Verdeelsleutel (aandeel Rijk, 0–1 of 50%): één cel voor alle rijen, of een bereik van dezelfde vorm."


@xw.func(category=CATEGORIE)
@xw.arg("opgave", doc=_DOC_OPGAVE, **_BEREIK)
@xw.arg("dekking", doc=_DOC_DEKKING, **_BEREIK)
@xw.arg("methode", doc=_DOC_METHODE, **_CEL)
def RESTOPGAVE(opgave, dekking, methode="totaal"):  # noqa: N802 - Excel function names are upper case
    """Restopgave in € mln: opgave min dekking, nooit negatief. Met PM in de invoer een tekst zoals "€2.445 mln. + PM"."""
    return wf.restopgave(opgave, dekking, methode)


@xw.func(category=CATEGORIE)
@xw.arg("opgave", doc=_DOC_OPGAVE, **_BEREIK)
@xw.arg("verdeelsleutel", doc=_DOC_SLEUTEL, **_BEREIK)
def RIJKSDEEL(opgave, verdeelsleutel):  # noqa: N802
    """Rijksdeel in € mln: de som van opgave × verdeelsleutel over de rijen."""
    return wf.rijksdeel(opgave, verdeelsleutel)


@xw.func(category=CATEGORIE)
@xw.arg("opgave", doc=_DOC_OPGAVE, **_BEREIK)
@xw.arg("verdeelsleutel", doc=_DOC_SLEUTEL, **_BEREIK)
@xw.arg("rijksdekking", doc="Rijksfinanciering in € mln: een bereik van dezelfde vorm als de opgave.", **_BEREIK)
@xw.arg("methode", doc=_DOC_METHODE, **_CEL)
def RIJKSRESTOPGAVE(opgave, verdeelsleutel, rijksdekking, methode="totaal"):  # noqa: N802
    """Rijks-restopgave in € mln: Rijksdeel (opgave × verdeelsleutel) min Rijksfinanciering, nooit negatief."""
    return wf.rijksrestopgave(opgave, verdeelsleutel, rijksdekking, methode)


@xw.func(category=CATEGORIE)
@xw.arg("bedrag", doc="Bedrag in € mln over de hele periode (één cel).", **_CEL)
@xw.arg(
    "periode",
    doc='Periodecode ("tot2030", "2030-2035", "2025-2035") of, samen met laatste_jaar, het eerste jaar.',
    **_CEL,
)
@xw.arg("laatste_jaar", doc="Optioneel: het laatste jaar (dan is periode het eerste jaar).", **_CEL)
def JAARLIJKS(bedrag, periode, laatste_jaar=None):  # noqa: N802
    """Jaarlijks bedrag in € mln: het bedrag gedeeld door het aantal jaren van de periode (tot2030 = 4 jaar)."""
    return wf.jaarlijks(bedrag, periode, laatste_jaar)


@xw.func(category=CATEGORIE)
@xw.arg("programma", doc='Het programma: "NPLV" of "NPVR".', **_CEL)
@xw.arg("naam", doc='De vaste naam van het cijfer, bijvoorbeeld "Restopgave_Totaal_Tot2030".', **_CEL)
def OPGAVE(programma, naam):  # noqa: N802
    """Referentiecijfer in € mln zoals xl_opgave het uit het rapport berekent, op vaste naam."""
    return wf.opgave(programma, naam)


@xw.func(category=CATEGORIE)
@xw.arg("onderdelen", doc="De namen van de onderdelen (één kolom).", **_BEREIK)
@xw.arg("opgave", doc="Opgave per onderdeel in € mln (één kolom, even lang).", **_BEREIK)
@xw.arg("dekking", doc="Totale dekking per onderdeel in € mln (één kolom, even lang).", **_BEREIK)
@xw.arg("verdeelsleutel", doc="Verdeelsleutel per onderdeel (0–1; leeg of n.b.: geen Rijksdeel).", **_BEREIK)
@xw.arg("rijksdekking", doc="Rijksfinanciering per onderdeel in € mln (één kolom, even lang).", **_BEREIK)
def RESTOPGAVE_TABEL(onderdelen, opgave, dekking, verdeelsleutel, rijksdekking):  # noqa: N802
    """Tabel 6 als matrix: kopregel, per onderdeel opgave, dekking, restopgave en Rijks-restopgave, en een totaalregel."""
    return wf.restopgave_tabel(onderdelen, opgave, dekking, verdeelsleutel, rijksdekking)


@xw.func(category=CATEGORIE)
@xw.arg("bedrag_mln", doc="Bedrag in € mln (ook PM, n.b. of een bandbreedte als tekst).", **_CEL)
@xw.arg("eenheid", doc='Optioneel: "mln" of "mld"; zonder eenheid mld. vanaf €1.000 mln.', **_CEL)
def BEDRAG(bedrag_mln, eenheid=None):  # noqa: N802
    """Bedrag als tekst zoals de rapporten het schrijven: "€2,94 mld.", "€2.375 mln.", "€0,6 mld. + PM"."""
    return wf.bedrag(bedrag_mln, eenheid)


FUNCTIES = (RESTOPGAVE, RIJKSDEEL, RIJKSRESTOPGAVE, JAARLIJKS, OPGAVE, RESTOPGAVE_TABEL, BEDRAG)
