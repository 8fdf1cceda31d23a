"""The logic of the worksheet functions, free of any spreadsheet library.

`xl_opgave.udfs` registers these with xlwings for Excel; `xl_opgave.libreoffice_functies` calls them
from LibreOffice's embedded Python. Both pass cell values as Excel hands them over: a scalar
(float, int, str, None) or a rectangular range as a sequence of rows. Standard library and the core
only, so that this module also imports under Debian's /usr/bin/python3 inside LibreOffice.

Input cells: empty and '-' count as zero; 'n.b.' is no amount (skipped in sums; a result with
nothing but n.b. is the text 'n.b.'); 'PM' is never counted as zero: a result that involves a PM is
the text '€2.445 mln. + PM' (or '- PM' when the PM is in a dekking). Numbers typed as Dutch text
are read as a Dutch reader means them ('1.735' = 1735, '12,5' = 12.5); 'laag – hoog' is a range.
Anything else gives a `Foutwaarde`: a text '#WAARDE! <melding>' (see its docstring for why text).

Amounts are added with math.fsum (as in `core.formules`): the same answer, to the last digit, on every
Python, so the classic route and xlwings Lite (Pyodide's Python) agree exactly. The plain sum() left
here only screens a range for NaN and infinity.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain
from math import fsum
from typing import Any

from xl_opgave.core import formules
from xl_opgave.core.bedrag import Bedrag, PmPost, parse_bedrag, parse_getal
from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.opmaak import bedrag_tekst

CATEGORIE = "xl_opgave"
NB_TEKST = "n.b."

# Dutch Excel's spelling of its error values.
WAARDE = "#WAARDE!"
NIET_BESCHIKBAAR = "#N/B"

# Excel error values as xlwings reads them with err_to_str=True (English spelling) and in Dutch.
_EXCEL_FOUTEN = frozenset(
    {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!", "#CALC!",
     "#DEEL/0!", "#N/B", "#NAAM?", "#LEEG!", "#GETAL!", "#VERW!", "#WAARDE!", "#OVERLOOP!", "#BEREKENEN!"}
)
_GETALTYPEN = frozenset({float, int})
_INF = float("inf")
_MAX_MELDING = 200

# PM items of a result: a PM in an opgave adds to it, one in a dekking is deducted from it.
_PM_OPGAVE = PmPost("PM in opgave")
_PM_SLEUTEL = PmPost("PM in verdeelsleutel")
_PM_DEKKING = PmPost("PM in dekking", -1)


class Foutwaarde(str):
    """An error result: the cell shows '#WAARDE! opgave, rij 3: 'abc' is geen bedrag'.

    A str so that every spreadsheet bridge passes it on unchanged. Classic xlwings cannot put a real
    Excel error value in a cell: pywin32 turns `VARIANT(VT_ERROR, code)` into DISP_E_PARAMNOTFOUND
    whatever the code (com/win32com/src/oleargs.cpp, `MakeObjToVariant`), and the VBA wrapper that
    xlwings generates writes either the result or the text of a raised error (xlwings issue #776).
    So the error is a text that starts with the Excel error name: `=A1*2` on it gives #WAARDE!,
    `ISTEKST` is true; note that SOM/SUM skips text, as it skips every text cell.
    """

    code: str
    melding: str

    def __new__(cls, code: str, melding: str) -> Foutwaarde:
        melding = " ".join(melding.split())
        if len(melding) > _MAX_MELDING:
            melding = melding[: _MAX_MELDING - 1] + "…"
        obj = super().__new__(cls, f"{code} {melding}")
        obj.code = code
        obj.melding = melding
        return obj


class NietGevonden(LookupError):
    """A name or period that does not exist: shown as #N/B."""


Uitkomst = float | str
Functie = Callable[..., Any]


def werkbladfunctie(functie: Functie) -> Functie:
    """Turn every error into a `Foutwaarde`: never a Python traceback in a cell."""

    @functools.wraps(functie)
    def omhulsel(*args: Any) -> Any:
        try:
            return functie(*args)
        except NietGevonden as fout:
            return Foutwaarde(NIET_BESCHIKBAAR, str(fout.args[0]) if fout.args else "niet gevonden")
        except (InvoerFout, ValueError, TypeError, ZeroDivisionError) as fout:
            return Foutwaarde(WAARDE, str(fout))
        except Exception as fout:  # noqa: BLE001 - a cell must never show a traceback
            return Foutwaarde(WAARDE, f"interne fout ({type(fout).__name__}): {fout}")

    return omhulsel


# -- reading cells -------------------------------------------------------------------------------
@dataclass(slots=True)
class Reeks:
    """A range read as amounts: low and high ends per cell (equal unless a bandbreedte), flags."""

    laag: list[float]
    hoog: list[float]
    vorm: tuple[int, int]
    pm: list[bool] | None = None  # per cell; None when no cell is PM
    nb: list[bool] | None = None  # per cell; None when no cell is n.b.

    @property
    def exact(self) -> bool:
        return self.laag is self.hoog

    @property
    def heeft_pm(self) -> bool:
        return self.pm is not None

    @property
    def alles_nb(self) -> bool:
        return self.nb is not None and all(self.nb)


def _rijen(waarde: object, naam: str) -> list[Sequence[object]]:
    """A scalar or a range (sequence of rows; a flat sequence is one column) as a list of rows."""
    if isinstance(waarde, list | tuple):
        if not waarde:
            raise InvoerFout("leeg bereik", bron=naam)
        if isinstance(waarde[0], list | tuple):
            rijen = list(waarde)
            breedte = len(rijen[0])
            for rij in rijen:
                if not isinstance(rij, list | tuple) or len(rij) != breedte:
                    raise InvoerFout("het bereik is niet rechthoekig", bron=naam)
            return rijen
        return [(cel,) for cel in waarde]
    return [(waarde,)]


def _plaats(index: int, vorm: tuple[int, int]) -> str:
    rijen, kolommen = vorm
    rij, kolom = divmod(index, kolommen)
    if rijen == kolommen == 1:
        return ""
    if kolommen == 1:
        return f"rij {rij + 1}"
    if rijen == 1:
        return f"kolom {kolom + 1}"
    return f"rij {rij + 1}, kolom {kolom + 1}"


def lees_bedrag(cel: object, naam: str = "", plaats: str = "") -> Bedrag:
    """One cell as an amount; an Excel error value in the cell is named as such."""
    if isinstance(cel, str) and cel.strip().upper() in _EXCEL_FOUTEN:
        raise InvoerFout(f"de cel bevat de fout {cel.strip()}", bron=naam, plaats=plaats)
    if isinstance(cel, bool):
        raise InvoerFout(f"{'WAAR' if cel else 'ONWAAR'} is geen bedrag", bron=naam, plaats=plaats)
    if cel is not None and not isinstance(cel, str | int | float):
        raise InvoerFout(f"{cel!r} is geen bedrag", bron=naam, plaats=plaats)
    return parse_bedrag(cel, bron=naam, plaats=plaats)


def lees_reeks(waarde: object, naam: str) -> Reeks:
    """A range of amounts. Fast path: all cells numbers ≥ 0 (what Excel sends for a filled range)."""
    rijen = _rijen(waarde, naam)
    vorm = (len(rijen), len(rijen[0]))
    cellen = list(chain.from_iterable(rijen))
    if set(map(type, cellen)) <= _GETALTYPEN:
        totaal = sum(cellen)
        if totaal == totaal and totaal != _INF and min(cellen) >= 0:  # no NaN, no inf, none negative
            return Reeks(cellen, cellen, vorm)
    laag: list[float] = []
    hoog: list[float] = []
    pm = [False] * len(cellen)
    nb = [False] * len(cellen)
    exact = True
    for i, cel in enumerate(cellen):
        if cel is None:
            laag.append(0.0)
            hoog.append(0.0)
            continue
        bedrag = lees_bedrag(cel, naam, _plaats(i, vorm))
        laag.append(bedrag.laag)
        hoog.append(bedrag.hoog)
        exact = exact and bedrag.is_exact
        pm[i] = bedrag.heeft_pm
        nb[i] = bedrag.nb
    return Reeks(laag, laag if exact else hoog, vorm, pm if any(pm) else None, nb if any(nb) else None)


def _sleutel(cel: object, naam: str, plaats: str) -> float | str | None:
    """A verdeelsleutel: a share 0–1 (also '50%'), 'PM', or None for n.b. (no Rijksdeel)."""
    if isinstance(cel, float | int) and not isinstance(cel, bool):
        waarde = float(cel)
    elif cel is None:
        return 0.0
    elif isinstance(cel, str):
        tekst = cel.strip()
        if tekst.endswith("%"):
            try:
                waarde = parse_getal(tekst[:-1]) / 100.0
            except ValueError:
                raise InvoerFout(f"{tekst!r} is geen percentage", bron=naam, plaats=plaats) from None
        else:
            bedrag = lees_bedrag(tekst, naam, plaats)
            if bedrag.nb:
                return None
            if bedrag.heeft_pm:
                return "PM"
            if not bedrag.is_exact:
                raise InvoerFout(f"een verdeelsleutel is één getal, geen bandbreedte ({tekst!r})", bron=naam, plaats=plaats)
            waarde = bedrag.laag
    else:
        raise InvoerFout(f"{cel!r} is geen verdeelsleutel", bron=naam, plaats=plaats)
    try:
        return formules.controleer_sleutel(waarde)
    except ValueError:
        raise InvoerFout(f"{waarde:g} ligt niet tussen 0 en 1".replace(".", ","), bron=naam, plaats=plaats) from None


def lees_sleutels(waarde: object, naam: str, vorm: tuple[int, int]) -> list[float | str | None]:
    """Verdeelsleutels for a range of shape `vorm`; a single cell applies to every cell."""
    rijen = _rijen(waarde, naam)
    eigen = (len(rijen), len(rijen[0]))
    cellen = list(chain.from_iterable(rijen))
    if eigen == (1, 1) and vorm != (1, 1):
        return [_sleutel(cellen[0], naam, "")] * (vorm[0] * vorm[1])
    if eigen != vorm:
        raise InvoerFout(f"het bereik is {_vorm_tekst(eigen)}, de opgave {_vorm_tekst(vorm)}", bron=naam)
    if set(map(type, cellen)) <= _GETALTYPEN and sum(cellen) == sum(cellen) and min(cellen) >= 0 and max(cellen) <= 1:
        return [float(c) for c in cellen]
    return [_sleutel(cel, naam, _plaats(i, vorm)) for i, cel in enumerate(cellen)]


def _vorm_tekst(vorm: tuple[int, int]) -> str:
    return f"{vorm[0]}×{vorm[1]}"


def _zelfde_vorm(eerste: Reeks, naam_eerste: str, tweede: Reeks, naam_tweede: str) -> None:
    if eerste.vorm != tweede.vorm:
        raise InvoerFout(
            f"{naam_eerste} is {_vorm_tekst(eerste.vorm)} cellen, {naam_tweede} {_vorm_tekst(tweede.vorm)}: "
            "geef bereiken van gelijke vorm"
        )


def lees_methode(methode: object) -> str:
    if methode is None or (isinstance(methode, str) and not methode.strip()):
        return "totaal"
    if not isinstance(methode, str):
        raise InvoerFout(f"methode {methode!r}: kies \"totaal\" of \"onderdeel\"")
    try:
        return formules.controleer_methode(methode)
    except ValueError as fout:
        raise InvoerFout(str(fout)) from None


def _enkel(waarde: object, naam: str) -> object:
    """The value of a single cell (a 1×1 range is accepted)."""
    rijen = _rijen(waarde, naam)
    if len(rijen) != 1 or len(rijen[0]) != 1:
        raise InvoerFout(f"verwacht één cel, kreeg een bereik van {len(rijen)}×{len(rijen[0])}", bron=naam)
    return rijen[0][0]


# -- writing results -----------------------------------------------------------------------------
def _decimalen(*getallen: float) -> int:
    return 0 if all(abs(g - round(g)) < 1e-9 for g in getallen) else 2


def uitkomst(laag: float, hoog: float, pm: frozenset[PmPost] = frozenset()) -> Uitkomst:
    """A plain number when exact without PM; otherwise the Dutch text ('€2.445 mln. + PM')."""
    if not pm and laag == hoog:
        return float(laag)
    return bedrag_tekst(Bedrag(laag, hoog, pm), "mln", _decimalen(laag, hoog))


def bedrag_uitkomst(bedrag: Bedrag) -> Uitkomst:
    if bedrag.nb:
        return NB_TEKST
    return uitkomst(bedrag.laag, bedrag.hoog, bedrag.pm)


def _pm(*paren: tuple[bool, PmPost]) -> frozenset[PmPost]:
    return frozenset(post for aanwezig, post in paren if aanwezig)


# -- the functions -------------------------------------------------------------------------------
@werkbladfunctie
def restopgave(opgave: object, dekking: object, methode: object = "totaal") -> Uitkomst:
    """Opgave minus dekking, never negative; 'totaal' nets on total level, 'onderdeel' per row."""
    soort = lees_methode(methode)
    o = lees_reeks(opgave, "opgave")
    d = lees_reeks(dekking, "dekking")
    _zelfde_vorm(o, "opgave", d, "dekking")
    if o.alles_nb:
        return NB_TEKST
    pm = _pm((o.heeft_pm, _PM_OPGAVE), (d.heeft_pm, _PM_DEKKING))
    if o.nb is None:
        laag = formules.restopgave(o.laag, d.hoog, soort)
        hoog = laag if o.exact and d.exact else formules.restopgave(o.hoog, d.laag, soort)
        return uitkomst(laag, hoog, pm)
    (o_laag, o_hoog, d_laag, d_hoog), (pijler_laag, pijler_hoog) = _pijlerbreed(o.nb, o.laag, o.hoog, d.laag, d.hoog)
    laag = formules.restopgave(o_laag, d_hoog, soort, pijler_hoog)
    hoog = formules.restopgave(o_hoog, d_laag, soort, pijler_laag)
    return uitkomst(laag, hoog, pm)


def _pijlerbreed(
    nb: list[bool], o_laag: list[float], o_hoog: list[float], d_laag: list[float], d_hoog: list[float]
) -> tuple[tuple[list[float], ...], tuple[float, float]]:
    """Rows whose opgave is n.b. have no opgave of their own: their dekking serves the whole pillar
    (as 'Governance*' in the NPLV report's Tabel 6) and is deducted after the per-row clipping."""
    houden = [i for i, leeg in enumerate(nb) if not leeg]
    weg = [i for i, leeg in enumerate(nb) if leeg]
    rijen = tuple([reeks[i] for i in houden] for reeks in (o_laag, o_hoog, d_laag, d_hoog))
    return rijen, (fsum(d_laag[i] for i in weg), fsum(d_hoog[i] for i in weg))


def _rijksdelen(o: Reeks, sleutels: list[float | str | None]) -> tuple[list[float], list[float], bool, bool]:
    """Per cell the Rijksdeel (low, high) by the core; PM keys count 0 here and are flagged."""
    laag: list[float] = []
    hoog: list[float] = []
    pm_sleutel = False
    alles_nb = True
    for i, sleutel in enumerate(sleutels):
        celnb = o.nb is not None and o.nb[i]
        if sleutel is None or celnb:
            laag.append(0.0)
            hoog.append(0.0)
            continue
        alles_nb = False
        if isinstance(sleutel, str):  # PM: the Rijk's share exists but is not known yet
            pm_sleutel = pm_sleutel or o.hoog[i] > 0 or (o.pm is not None and o.pm[i])
            laag.append(0.0)
            hoog.append(0.0)
            continue
        laag.append(formules.rijksdeel(o.laag[i], sleutel))
        hoog.append(formules.rijksdeel(o.hoog[i], sleutel))
    return laag, hoog, pm_sleutel, alles_nb


@werkbladfunctie
def rijksdeel(opgave: object, verdeelsleutel: object) -> Uitkomst:
    """Σ opgave × verdeelsleutel over equal-shaped ranges (one key cell applies to every row)."""
    o = lees_reeks(opgave, "opgave")
    sleutels = lees_sleutels(verdeelsleutel, "verdeelsleutel", o.vorm)
    if o.laag is o.hoog and o.nb is None and all(type(s) is float for s in sleutels):
        waarde = fsum(map(formules.rijksdeel, o.laag, sleutels))
        return uitkomst(waarde, waarde, _pm((o.heeft_pm, _PM_OPGAVE)))
    laag, hoog, pm_sleutel, alles_nb = _rijksdelen(o, sleutels)
    if alles_nb:
        return NB_TEKST
    return uitkomst(fsum(laag), fsum(hoog), _pm((o.heeft_pm, _PM_OPGAVE), (pm_sleutel, _PM_SLEUTEL)))


@werkbladfunctie
def rijksrestopgave(opgave: object, verdeelsleutel: object, rijksdekking: object, methode: object = "totaal") -> Uitkomst:
    """Rijksdeel minus Rijksfinanciering by either netting method, never negative."""
    soort = lees_methode(methode)
    o = lees_reeks(opgave, "opgave")
    sleutels = lees_sleutels(verdeelsleutel, "verdeelsleutel", o.vorm)
    rd = lees_reeks(rijksdekking, "rijksdekking")
    _zelfde_vorm(o, "opgave", rd, "rijksdekking")
    if o.laag is o.hoog and o.nb is None and rd.exact and all(type(s) is float for s in sleutels):
        waarde = formules.rijksrestopgave(o.laag, sleutels, rd.laag, soort)  # type: ignore[arg-type]
        return uitkomst(waarde, waarde, _pm((o.heeft_pm, _PM_OPGAVE), (rd.heeft_pm, _PM_DEKKING)))
    laag, hoog, pm_sleutel, alles_nb = _rijksdelen(o, sleutels)
    if alles_nb:
        return NB_TEKST
    nb = o.nb if o.nb is not None else [False] * len(laag)
    (laag, hoog, rd_laag, rd_hoog), (pijler_laag, pijler_hoog) = _pijlerbreed(nb, laag, hoog, rd.laag, rd.hoog)
    een = [1.0] * len(laag)  # the shares are already applied
    onder = formules.rijksrestopgave(laag, een, rd_hoog, soort, pijler_hoog)
    boven = formules.rijksrestopgave(hoog, een, rd_laag, soort, pijler_laag)
    return uitkomst(
        onder, boven, _pm((o.heeft_pm, _PM_OPGAVE), (pm_sleutel, _PM_SLEUTEL), (rd.heeft_pm, _PM_DEKKING))
    )


# -- periods -------------------------------------------------------------------------------------
_JAREN_PATROON = re.compile(r"^(\d{4})\s*(?:-|–|—|t/m|tot en met)\s*(\d{4})$")


@functools.cache
def _periodes() -> dict[str, tuple[int, str]]:
    """Period codes and aliases of the shipped programmes → (years, description). Loaded lazily."""
    from xl_opgave.core.model import normaliseer
    from xl_opgave.referentie import PROGRAMMAS, laad

    tabel: dict[str, tuple[int, str]] = {}
    dubbel: set[str] = set()
    for code in PROGRAMMAS:
        for periode in laad(code).programma.perioden:
            omschrijving = f"{periode.naam} ({code.upper()}: {periode.eerste_jaar}–{periode.laatste_jaar})"
            for sleutel in (periode.code, periode.naam, *periode.aliassen):
                sleutel = normaliseer(sleutel)
                if sleutel in tabel and tabel[sleutel][0] != periode.jaren:
                    dubbel.add(sleutel)
                tabel[sleutel] = (periode.jaren, omschrijving)
    for sleutel in dubbel:
        del tabel[sleutel]
    return tabel


def jaren_van_periode(periode: object) -> int:
    """The number of years of a period code ('tot2030' = 4 as the NPLV report divides)."""
    if not isinstance(periode, str) or not periode.strip():
        raise InvoerFout(
            f"periode {periode!r}: geef een periodecode (\"tot2030\", \"2030-2035\", \"2025-2035\") "
            "of een eerste en laatste jaar"
        )
    from xl_opgave.core.model import normaliseer

    sleutel = normaliseer(periode)
    gevonden = _periodes().get(sleutel)
    if gevonden is not None:
        return gevonden[0]
    match = _JAREN_PATROON.match(periode.strip().lower())
    if match:
        return formules.aantal_jaren(int(match.group(1)), int(match.group(2)))
    bekend = sorted({k for k in _periodes() if " " not in k or k.replace(" ", "").isdigit()})
    hint = difflib.get_close_matches(sleutel, list(_periodes()), n=1)
    raise NietGevonden(
        f"onbekende periode {periode!r}" + (f"; bedoeld: {hint[0]!r}?" if hint else f"; bekend: {', '.join(bekend)}")
    )


def _jaar(waarde: object, naam: str) -> int:
    try:
        getal = float(parse_getal(waarde)) if isinstance(waarde, str) else float(waarde)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InvoerFout(f"{waarde!r} is geen jaartal", bron=naam) from None
    if isinstance(waarde, bool) or getal != int(getal) or not 1900 <= getal <= 2200:
        raise InvoerFout(f"{waarde!r} is geen jaartal", bron=naam)
    return int(getal)


@werkbladfunctie
def jaarlijks(bedrag: object, periode: object, laatste_jaar: object = None) -> Uitkomst:
    """A period total per year: by period code, or with `laatste_jaar` from first to last year."""
    b = lees_bedrag(_enkel(bedrag, "bedrag"), "bedrag")
    periode = _enkel(periode, "periode")
    laatste_jaar = _enkel(laatste_jaar, "laatste_jaar")
    if laatste_jaar is None or laatste_jaar == "":
        jaren = jaren_van_periode(periode)
    else:
        jaren = formules.aantal_jaren(_jaar(periode, "periode (eerste jaar)"), _jaar(laatste_jaar, "laatste_jaar"))
    if b.nb:
        return NB_TEKST
    return uitkomst(formules.jaarlijks(b.laag, jaren), formules.jaarlijks(b.hoog, jaren), b.pm)


# -- reference figures ---------------------------------------------------------------------------
@functools.cache
def _analyse(code: str) -> Any:
    from xl_opgave.referentie import analyse

    return analyse(code)


@werkbladfunctie
def opgave(programma: object, naam: object) -> Uitkomst:
    """A computed reference figure by its stable name, e.g. ('NPLV', 'Restopgave_Totaal_Tot2030')."""
    from xl_opgave.referentie import programma_code

    if not isinstance(programma, str) or not isinstance(naam, str):
        raise InvoerFout("geef programma en naam als tekst, bijvoorbeeld \"NPLV\" en \"Restopgave_Totaal_Tot2030\"")
    analyse = _analyse(programma_code(programma))
    namen = {n.naam.lower(): n for n in analyse.namen}
    gezocht = namen.get(naam.strip().lower())
    if gezocht is None:
        hint = difflib.get_close_matches(naam.strip(), [n.naam for n in analyse.namen], n=1, cutoff=0.5)
        raise NietGevonden(f"onbekende naam {naam!r} in {programma.upper()}" + (f"; bedoeld: {hint[0]!r}?" if hint else ""))
    waarde = analyse.resultaten()[gezocht.naam]
    volledig = analyse.uitkomsten[gezocht.sleutel]
    if volledig.nb:
        return NB_TEKST
    return uitkomst(waarde, waarde, volledig.pm)


# -- table and text ------------------------------------------------------------------------------
TABEL_KOP = ("Onderdeel", "Opgave", "Dekking", "Restopgave", "Rijks-restopgave")


def _kolom(waarde: object, naam: str) -> list[object]:
    rijen = _rijen(waarde, naam)
    if len(rijen[0]) != 1 and len(rijen) != 1:
        raise InvoerFout(f"verwacht één kolom, kreeg {len(rijen)}×{len(rijen[0])} cellen", bron=naam)
    return list(chain.from_iterable(rijen))


def _leeg(cel: object) -> bool:
    return cel is None or (isinstance(cel, str) and not cel.strip())


@werkbladfunctie
def restopgave_tabel(
    onderdelen: object, opgave: object, dekking: object, verdeelsleutel: object, rijksdekking: object
) -> list[list[object]]:
    """The report's Tabel 6: per onderdeel opgave, dekking, restopgave, Rijks-restopgave; a total row.

    Rows clip at zero each; the total row nets on total level (as the report's Tabel 7).
    """
    kolommen = {
        "onderdelen": _kolom(onderdelen, "onderdelen"),
        "opgave": _kolom(opgave, "opgave"),
        "dekking": _kolom(dekking, "dekking"),
        "verdeelsleutel": _kolom(verdeelsleutel, "verdeelsleutel"),
        "rijksdekking": _kolom(rijksdekking, "rijksdekking"),
    }
    lengtes = {naam: len(cellen) for naam, cellen in kolommen.items()}
    if len(set(lengtes.values())) != 1:
        raise InvoerFout("de kolommen zijn niet even lang: " + ", ".join(f"{n} {k}" for n, k in lengtes.items()))
    rijen = [
        rij for rij in zip(*kolommen.values(), strict=True) if not all(_leeg(c) for c in rij)
    ]  # skip blank rows of a generously selected range
    if not rijen:
        raise InvoerFout("geen onderdelen")
    namen, o, d, s, rd = (list(k) for k in zip(*rijen, strict=True))
    for i, (naam, sleutel) in enumerate(zip(namen, s, strict=True)):
        if _leeg(sleutel) and not _leeg(o[i]):
            s[i] = "n.b."  # an onderdeel without a key has no Rijksdeel (as the model's None)
        if not (naam is None or isinstance(naam, str | int | float)) or isinstance(naam, bool):
            raise InvoerFout(f"{naam!r} is geen naam", bron="onderdelen", plaats=f"rij {i + 1}")
    tabel: list[list[object]] = [list(TABEL_KOP)]
    for i, naam in enumerate(namen):
        cel = "" if naam is None else (naam if isinstance(naam, str) else f"{naam:g}")
        regel = [
            cel,
            _enkel_bedrag(o[i], "opgave", i),
            _enkel_bedrag(d[i], "dekking", i),
            _fout_met_rij(restopgave(o[i], d[i]), i),
            _fout_met_rij(rijksrestopgave(o[i], s[i], rd[i]), i),
        ]
        for waarde in regel:
            if isinstance(waarde, Foutwaarde):
                raise InvoerFout(waarde.melding)
        tabel.append(regel)
    totaal_o = lees_reeks(o, "opgave")
    totaal_d = lees_reeks(d, "dekking")
    tabel.append(
        [
            "Totaal",
            _som_uitkomst(totaal_o, _PM_OPGAVE),
            _som_uitkomst(totaal_d, _PM_DEKKING.omgekeerd()),
            restopgave(o, d, "totaal"),
            rijksrestopgave(o, s, rd, "totaal"),
        ]
    )
    return tabel


def _enkel_bedrag(cel: object, naam: str, rij: int) -> Uitkomst:
    return bedrag_uitkomst(lees_bedrag(cel, naam, f"rij {rij + 1}"))


def _fout_met_rij(waarde: Uitkomst, rij: int) -> Uitkomst:
    if isinstance(waarde, Foutwaarde) and "rij" not in waarde.melding:
        return Foutwaarde(waarde.code, f"rij {rij + 1}: {waarde.melding}")
    return waarde


def _som_uitkomst(reeks: Reeks, post: PmPost) -> Uitkomst:
    if reeks.alles_nb:
        return NB_TEKST
    return uitkomst(fsum(reeks.laag), fsum(reeks.hoog), _pm((reeks.heeft_pm, post)))


@werkbladfunctie
def bedrag(bedrag_mln: object, eenheid: object = None) -> str:
    """An amount in € mln as the reports write it: '€2,94 mld.', '€2.375 mln.', '€0,6 mld. + PM'."""
    cel = _enkel(bedrag_mln, "bedrag_mln")
    if isinstance(cel, float | int) and not isinstance(cel, bool):
        waarde = Bedrag.exact(float(cel))  # negative amounts may be shown ('- €0,68 mld.')
        if waarde.laag != waarde.laag or abs(waarde.laag) == _INF:
            raise InvoerFout(f"{cel!r} is geen bedrag", bron="bedrag_mln")
    else:
        waarde = lees_bedrag(cel, "bedrag_mln")
    eenheid = _enkel(eenheid, "eenheid")
    if eenheid is not None and not isinstance(eenheid, str):
        raise InvoerFout(f"eenheid {eenheid!r}: kies \"mln\" of \"mld\"")
    soort = None if eenheid is None or not eenheid.strip() else eenheid
    if soort is not None and soort.strip().lower().rstrip(".") in ("miljoen", "miljard"):
        soort = "mln" if soort.strip().lower().startswith("miljoen") else "mld"
    return bedrag_tekst(waarde, soort)


__all__ = [
    "CATEGORIE",
    "Foutwaarde",
    "NB_TEKST",
    "TABEL_KOP",
    "bedrag",
    "jaarlijks",
    "opgave",
    "restopgave",
    "restopgave_tabel",
    "rijksdeel",
    "rijksrestopgave",
]
