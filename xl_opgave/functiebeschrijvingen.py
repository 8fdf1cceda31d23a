"""What Excel shows of the seven worksheet functions: name, Dutch description, argument help, defaults.

One definition for both routes that register them: classic xlwings on Windows (`xl_opgave.udfs`) and
xlwings Lite (the `main.py` that `xl-opgave lite` writes, `xl_opgave.lite`). Both call the same logic
(`xl_opgave.werkbladfuncties`, named here per function), so the two routes cannot drift apart in what
they compute nor in what the function wizard says. Standard library only: the Lite bundle embeds it.

Excel cuts a description or argument help at 255 characters; the tests hold every text to that.
"""

from __future__ import annotations

from dataclasses import dataclass

CATEGORIE = "xl_opgave"
MAX_TEKST = 255

# How a range reaches Python: always as a list of rows (`ndim=2`), and an error cell as its text
# ('#N/A') so that it is reported instead of counting as empty (= 0). A single cell: as it is.
BEREIK = "bereik"
CEL = "cel"


class _Verplicht:
    def __repr__(self) -> str:
        return "VERPLICHT"


VERPLICHT = _Verplicht()
"""Marks an argument without a default (the adviser must give it)."""


@dataclass(frozen=True)
class Argument:
    naam: str
    doc: str
    soort: str  # BEREIK or CEL
    standaard: object = VERPLICHT

    @property
    def optioneel(self) -> bool:
        return self.standaard is not VERPLICHT


@dataclass(frozen=True)
class Functie:
    naam: str  # the Excel name, upper case
    omschrijving: str  # the function's description (the Python docstring)
    argumenten: tuple[Argument, ...]
    logica: str  # the function in xl_opgave.werkbladfuncties that computes it
    matrix: bool = False  # returns a table (rows × columns) instead of one value


_OPGAVE = Argument(
    "opgave", "Opgave in € mln: een getal of een bereik (leeg en - tellen als 0, n.b. telt niet mee, PM wordt getoond).",
    BEREIK)
_DEKKING = Argument("dekking", "Dekking in € mln: een bereik van dezelfde vorm als de opgave.", BEREIK)
_METHODE = Argument(
    "methode",
    'Optioneel: "totaal" (standaard; verrekend op totaalniveau, zoals Tabel 7) '
    'of "onderdeel" (per rij afgekapt op nul, dan opgeteld).',
    CEL, "totaal")
_SLEUTEL = Argument(
    "verdeelsleutel", "Verdeelsleutel (aandeel Rijk, 0–1 of 50%): één cel voor alle rijen, of een bereik van dezelfde vorm.",
    BEREIK)

# Older Excel (2010–2019) has no dynamic arrays: a matrix result shows only its first cell unless it is
# entered as an array formula over a range of the right size (issue 9, item 6).
MATRIX_INVOER = ("Excel 2010–2019: selecteer onderdelen + 2 rijen × 5 kolommen, typ de formule en druk "
                 "Ctrl+Shift+Enter.")

FUNCTIES: tuple[Functie, ...] = (
    Functie(
        "RESTOPGAVE",
        'Restopgave in € mln: opgave min dekking, nooit negatief. Met PM in de invoer een tekst zoals "€2.445 mln. + PM".',
        (_OPGAVE, _DEKKING, _METHODE),
        "restopgave",
    ),
    Functie(
        "RIJKSDEEL",
        "Rijksdeel in € mln: de som van opgave × verdeelsleutel over de rijen.",
        (_OPGAVE, _SLEUTEL),
        "rijksdeel",
    ),
    Functie(
        "RIJKSRESTOPGAVE",
        "Rijks-restopgave in € mln: Rijksdeel (opgave × verdeelsleutel) min Rijksfinanciering, nooit negatief.",
        (_OPGAVE, _SLEUTEL,
         Argument("rijksdekking", "Rijksfinanciering in € mln: een bereik van dezelfde vorm als de opgave.", BEREIK),
         _METHODE),
        "rijksrestopgave",
    ),
    Functie(
        "JAARLIJKS",
        "Jaarlijks bedrag in € mln: het bedrag gedeeld door het aantal jaren van de periode (tot2030 = 4 jaar).",
        (Argument("bedrag", "Bedrag in € mln over de hele periode (één cel).", CEL),
         Argument("periode",
                  'Periodecode ("tot2030", "2030-2035", "2025-2035") of, samen met laatste_jaar, het eerste jaar.', CEL),
         Argument("laatste_jaar", "Optioneel: het laatste jaar (dan is periode het eerste jaar).", CEL, None)),
        "jaarlijks",
    ),
    Functie(
        "OPGAVE",
        "Referentiecijfer in € mln zoals xl_opgave het uit het rapport berekent, op vaste naam.",
        (Argument("programma", 'Het programma: "NPLV" of "NPVR".', CEL),
         Argument("naam", 'De vaste naam van het cijfer, bijvoorbeeld "Restopgave_Totaal_Tot2030".', CEL)),
        "opgave",
    ),
    Functie(
        "RESTOPGAVE_TABEL",
        "Tabel 6 als matrix: kopregel, per onderdeel opgave, dekking, restopgave en Rijks-restopgave, en een "
        "totaalregel. " + MATRIX_INVOER,
        (Argument("onderdelen", "De namen van de onderdelen (één kolom).", BEREIK),
         Argument("opgave", "Opgave per onderdeel in € mln (één kolom, even lang).", BEREIK),
         Argument("dekking", "Totale dekking per onderdeel in € mln (één kolom, even lang).", BEREIK),
         Argument("verdeelsleutel", "Verdeelsleutel per onderdeel (0–1; leeg of n.b.: geen Rijksdeel).", BEREIK),
         Argument("rijksdekking", "Rijksfinanciering per onderdeel in € mln (één kolom, even lang).", BEREIK)),
        "restopgave_tabel",
        matrix=True,
    ),
    Functie(
        "BEDRAG",
        'Bedrag als tekst zoals de rapporten het schrijven: "€2,94 mld.", "€2.375 mln.", "€0,6 mld. + PM".',
        (Argument("bedrag_mln", "Bedrag in € mln (ook PM, n.b. of een bandbreedte als tekst).", CEL),
         Argument("eenheid", 'Optioneel: "mln" of "mld"; zonder eenheid mld. vanaf €1.000 mln.', CEL, None)),
        "bedrag",
    ),
)

PER_NAAM: dict[str, Functie] = {f.naam: f for f in FUNCTIES}


def opties(argument: Argument) -> dict[str, object]:
    """The xlwings converter options of an argument (the same for classic xlwings and xlwings Lite)."""
    if argument.soort == BEREIK:
        return {"ndim": 2, "err_to_str": True}
    return {"err_to_str": True}


__all__ = ["BEREIK", "CATEGORIE", "CEL", "FUNCTIES", "MATRIX_INVOER", "PER_NAAM", "VERPLICHT", "Argument", "Functie",
           "opties"]
