"""Amounts as the reports use them: exact, a bandbreedte (low–high), PM or n.b.

All amounts are in € mln. A PM item exists but has no amount yet; it is carried along by every sum
and never counted as zero. n.b. (niet bekend / not applicable) means there is no amount at all.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from xl_opgave.core.fouten import InvoerFout

# Words that mean "no amount"; compared after lower-casing and stripping.
NB_TEKSTEN = frozenset({"n.b.", "n.b", "nb", "n.v.t.", "n.v.t", "nvt"})
PM_TEKSTEN = frozenset({"pm", "p.m.", "p.m"})
NUL_TEKSTEN = frozenset({"", "-", "–", "—"})

# The largest amount accepted anywhere, in € mln: € 1.000.000 mln (€ 1.000 mld.), more than twice the
# whole national budget. A larger figure is a unit mistake (euros typed where € mln is meant: €2,4 mld.
# becomes 2.375.000.000) or an overflow, never a real opgave; refusing it also keeps every sum finite.
MAX_BEDRAG_MLN = 1_000_000.0

# The strict grammar of a number as a Dutch (or plain English) reader writes one. Spaces only as a
# thousands separator between groups of three digits, or once between € and the number.
_SPATIE = "[ \u00a0\u202f]"
_GETAL = re.compile(
    rf"""^(?P<teken1>[-+\u2212\u2013])?
    (?:€{_SPATIE}?(?P<teken2>[-+\u2212\u2013])?)?
    (?P<kern>
        [1-9]\d{{0,2}}(?:\.\d{{3}})+(?:,\d+)?          # Dutch thousands: 1.735 / 1.234,5
      | [1-9]\d{{0,2}}(?:{_SPATIE}\d{{3}})+(?:,\d+)?    # spaced thousands: 1 234,5
      | [1-9]\d{{0,2}}(?:,\d{{3}})+\.\d+              # English with both: 1,234.5
      | \d+,\d+                                      # Dutch decimal comma: 12,5 / 1,234
      | \d+\.\d+                                     # decimal point: 12.5 / 0.135 (not 3-digit groups)
      | \d+                                          # whole number
    )
    (?:{_SPATIE}?€)?$""",
    re.VERBOSE,
)


_BANDBREEDTE = re.compile(r"\s+[–—-]\s+|\s*[–—]\s*")
_SPATIE_RE = re.compile(_SPATIE)
# The common cases, read without the full grammar: plain digits, or digits with a decimal comma.
_GEWOON_GETAL = re.compile(r"\d{1,15}")
_GEWOON_BEDRAG = re.compile(r"\d{1,15}(?:,\d{1,15})?")


class GetalTeGroot(ValueError):
    """Number text that is well formed but does not fit a float (hundreds of digits)."""


def parse_getal(tekst: str) -> float:
    """Read a number as a Dutch reader means it, against a strict grammar.

    "12,5" = 12.5; "1.234,5" = 1234.5; "1.735" = 1735 (a dot followed by groups of exactly three
    digits, the first group not starting with 0, is a thousands separator); "12.5" and "0.135" are
    decimals; "1 234,5" (spaced thousands) and "1,234.5" (English) are read too; a sign and one € (before
    or after) are allowed. Anything else raises ValueError: text is never cleaned into a number
    ("1 2", "12€5", "1.2.3" and "1e3" are refused), nor is a number that does not fit a float.
    """
    tekst = tekst.strip()
    if _GEWOON_GETAL.fullmatch(tekst):
        return float(tekst)
    treffer = _GETAL.match(tekst)
    if treffer is None or (treffer.group("teken1") and treffer.group("teken2")) or tekst.count("€") > 1:
        raise ValueError(f"geen getal: {tekst!r}")
    kern = treffer.group("kern")
    if " " in kern or "\u00a0" in kern or "\u202f" in kern:
        kern = _SPATIE_RE.sub("", kern)
    if "," in kern and "." in kern and kern.index(",") < kern.index("."):  # English: 1,234.5
        kern = kern.replace(",", "")
    else:
        kern = kern.replace(".", "").replace(",", ".") if ("," in kern or _DUIZENDTAL.match(kern)) else kern
    getal = float(kern)
    if not math.isfinite(getal):
        raise GetalTeGroot(f"getal te groot: {tekst[:40]!r}")
    teken = treffer.group("teken1") or treffer.group("teken2") or "+"
    return -getal if teken != "+" else getal


_DUIZENDTAL = re.compile(r"^[1-9]\d{0,2}(\.\d{3})+$")


@dataclass(frozen=True, slots=True, order=True)
class PmPost:
    """A PM item: it exists, its amount is not known yet."""

    omschrijving: str
    teken: int = 1  # +1 adds to the amount it is part of, -1 is deducted from it

    def omgekeerd(self) -> PmPost:
        return PmPost(self.omschrijving, -self.teken)


@dataclass(frozen=True, slots=True)
class Bedrag:
    """An amount in € mln: [laag, hoog] plus the PM items it leaves out."""

    laag: float = 0.0
    hoog: float = 0.0
    pm: frozenset[PmPost] = field(default_factory=frozenset)
    nb: bool = False

    # -- construction -------------------------------------------------------------------------
    @staticmethod
    def exact(waarde: float) -> Bedrag:
        return Bedrag(float(waarde), float(waarde))

    @staticmethod
    def bereik(laag: float, hoog: float) -> Bedrag:
        if laag > hoog:
            raise ValueError(f"bandbreedte {laag} – {hoog}: ondergrens boven bovengrens")
        return Bedrag(float(laag), float(hoog))

    @staticmethod
    def alleen_pm(omschrijving: str) -> Bedrag:
        return Bedrag(0.0, 0.0, frozenset({PmPost(omschrijving)}))

    @staticmethod
    def niet_bekend() -> Bedrag:
        return Bedrag(nb=True)

    # -- properties ---------------------------------------------------------------------------
    @property
    def is_exact(self) -> bool:
        return self.laag == self.hoog

    @property
    def heeft_pm(self) -> bool:
        return bool(self.pm)

    @property
    def waarde(self) -> float:
        """The amount when it is exact (PM items left out: check `pm`)."""
        if not self.is_exact:
            raise ValueError(f"bandbreedte {self.laag} – {self.hoog}, geen enkel bedrag")
        return self.laag

    def pm_teksten(self) -> list[str]:
        return sorted({p.omschrijving for p in self.pm})

    def pm_teken(self) -> str:
        """'+ PM', '- PM', '± PM' or '' as the text form of the PM items."""
        tekens = {p.teken for p in self.pm}
        if not tekens:
            return ""
        if tekens == {1}:
            return "+ PM"
        if tekens == {-1}:
            return "- PM"
        return "± PM"

    # -- arithmetic ---------------------------------------------------------------------------
    def __add__(self, ander: Bedrag) -> Bedrag:
        if self.nb and ander.nb:
            return self
        return Bedrag(self.laag + ander.laag, self.hoog + ander.hoog, self.pm | ander.pm)

    def __neg__(self) -> Bedrag:
        if self.nb:
            return self
        return Bedrag(-self.hoog, -self.laag, frozenset(p.omgekeerd() for p in self.pm))

    def __sub__(self, ander: Bedrag) -> Bedrag:
        return self + (-ander)

    def schaal(self, factor: float) -> Bedrag:
        """Multiply by a factor ≥ 0 (a verdeelsleutel, 1/years)."""
        if factor < 0:
            raise ValueError(f"negatieve factor {factor}")
        if self.nb:
            return self
        return Bedrag(self.laag * factor, self.hoog * factor, self.pm)

    def __mul__(self, ander: Bedrag | float) -> Bedrag:
        if isinstance(ander, Bedrag):
            if ander.is_exact and not ander.pm:
                factor = ander.laag
            elif self.is_exact and not self.pm:
                return ander * self.laag
            else:
                raise ValueError("vermenigvuldiging van twee bandbreedtes of PM-posten")
        else:
            factor = float(ander)
        if factor >= 0:
            return self.schaal(factor)
        return -self.schaal(-factor)

    def __truediv__(self, ander: Bedrag | float) -> Bedrag:
        deler = ander.waarde if isinstance(ander, Bedrag) else float(ander)
        if isinstance(ander, Bedrag) and ander.pm:
            raise ValueError("deling door een PM-post")
        return self * (1.0 / deler)

    def afgekapt(self) -> Bedrag:
        """Clipped at zero: a restopgave is never negative."""
        if self.nb:
            return self
        return Bedrag(max(0.0, self.laag), max(0.0, self.hoog), self.pm)

    def kies(self, kant: str) -> Bedrag:
        """One end of the bandbreedte: 'laag' or 'hoog'."""
        waarde = self.laag if kant == "laag" else self.hoog
        return Bedrag(waarde, waarde, self.pm, self.nb)

    def zonder_pm(self) -> Bedrag:
        return Bedrag(self.laag, self.hoog, frozenset(), self.nb)


NUL = Bedrag()


def som(bedragen: list[Bedrag] | tuple[Bedrag, ...]) -> Bedrag:
    """Sum that keeps PM items; the sum of nothing but n.b. is n.b., of nothing is 0."""
    if bedragen and all(b.nb for b in bedragen):
        return Bedrag.niet_bekend()
    totaal = NUL
    for bedrag in bedragen:
        if not bedrag.nb:
            totaal = totaal + bedrag
    return totaal


def parse_bedrag(waarde: object, *, pm_omschrijving: str = "PM", bron: str = "", plaats: str = "",
                 grens: float | None = None) -> Bedrag:
    """A cell or field as an amount: a number, Dutch number text, '-', 'PM', 'n.b.' or 'laag – hoog'.

    Raises InvoerFout naming `bron` and `plaats` for anything else; negative amounts are refused, and so
    are amounts that are not finite or (with `grens`, e.g. MAX_BEDRAG_MLN) larger than `grens`.
    """
    if waarde is None:
        return NUL
    if isinstance(waarde, bool):
        raise InvoerFout(f"{waarde!r} is geen bedrag", bron=bron, plaats=plaats)
    if isinstance(waarde, int | float):
        try:
            getal = float(waarde)
        except OverflowError:  # an int beyond a float (hundreds of digits): refused, never a crash
            raise InvoerFout(f"bedrag {str(waarde)[:30]}… buiten bereik: te groot getal", bron=bron,
                             plaats=plaats) from None
        if getal != getal or getal in (float("inf"), float("-inf")):
            raise InvoerFout(f"{waarde!r} is geen bedrag", bron=bron, plaats=plaats)
        if getal < 0:
            raise InvoerFout(f"negatief bedrag {_nl(getal)}", bron=bron, plaats=plaats)
        if grens is not None and getal > grens:
            _eis_binnen_bereik(getal, str(waarde), grens, bron, plaats)
        return Bedrag(getal, getal)
    tekst = str(waarde).strip()
    if _GEWOON_BEDRAG.fullmatch(tekst):
        getal = float(tekst.replace(",", "."))
        if grens is not None and getal > grens:
            _eis_binnen_bereik(getal, repr(tekst), grens, bron, plaats)
        return Bedrag(getal, getal)
    klein = tekst.lower()
    if klein in NUL_TEKSTEN:
        return NUL
    if klein in NB_TEKSTEN:
        return Bedrag.niet_bekend()
    if klein in PM_TEKSTEN:
        return Bedrag.alleen_pm(pm_omschrijving)
    delen = _BANDBREEDTE.split(tekst) if ("–" in tekst or "—" in tekst or " -" in tekst) else [tekst]
    try:
        getallen = [parse_getal(deel) for deel in delen]
    except GetalTeGroot:
        getallen = [-math.inf if tekst.startswith(("-", "\u2212", "\u2013")) else math.inf]
    except ValueError:
        raise InvoerFout(
            f"{tekst!r} is geen bedrag (verwacht een getal in € mln, '-', 'PM' of 'n.b.')",
            bron=bron,
            plaats=plaats,
        ) from None
    if any(g < 0 for g in getallen):
        raise InvoerFout(f"negatief bedrag {tekst!r}", bron=bron, plaats=plaats)
    for getal in getallen:
        _eis_binnen_bereik(getal, repr(tekst), grens, bron, plaats)
    if len(getallen) == 1:
        return Bedrag.exact(getallen[0])
    if len(getallen) == 2 and getallen[0] <= getallen[1]:
        return Bedrag.bereik(getallen[0], getallen[1])
    raise InvoerFout(f"{tekst!r} is geen geldige bandbreedte", bron=bron, plaats=plaats)


def _eis_binnen_bereik(getal: float, getoond: str, grens: float | None, bron: str, plaats: str) -> None:
    if len(getoond) > 40:
        getoond = getoond[:37] + "…"
    if not math.isfinite(getal):
        raise InvoerFout(f"bedrag {getoond} buiten bereik: te groot getal", bron=bron, plaats=plaats)
    if grens is not None and getal > grens:
        grens_nl = f"{grens:,.0f}".replace(",", ".")
        raise InvoerFout(
            f"bedrag {getoond} buiten bereik: meer dan € {grens_nl} mln (bedragen zijn in € mln; staat het bedrag "
            "in euro's?)",
            bron=bron,
            plaats=plaats,
        )


def _nl(getal: float) -> str:
    return f"{getal:g}".replace(".", ",")
