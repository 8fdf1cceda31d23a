"""Amounts as the reports use them: exact, a bandbreedte (low–high), PM or n.b.

All amounts are in € mln. A PM item exists but has no amount yet; it is carried along by every sum
and never counted as zero. n.b. (niet bekend / not applicable) means there is no amount at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from xl_opgave.core.fouten import InvoerFout

# Words that mean "no amount"; compared after lower-casing and stripping.
NB_TEKSTEN = frozenset({"n.b.", "n.b", "nb", "n.v.t.", "n.v.t", "nvt"})
PM_TEKSTEN = frozenset({"pm", "p.m.", "p.m"})
NUL_TEKSTEN = frozenset({"", "-", "–", "—"})

_DUIZENDTAL = re.compile(r"^\d{1,3}(\.\d{3})+$")
_MET_KOMMA = re.compile(r"^(\d{1,3}(\.\d{3})+|\d+),\d+$")
_PUNT_DECIMAAL = re.compile(r"^\d+(\.\d+)?$")
_SCHOON = str.maketrans({"\u00a0": "", " ": "", "\u202f": "", "€": ""})


def parse_getal(tekst: str) -> float:
    """Read a number as a Dutch reader means it.

    "12,5" = 12.5; "1.234,5" = 1234.5; "1.735" = 1735 (a dot followed by groups of exactly three
    digits is a thousands separator); a plain "12.5" is 12.5. Raises ValueError otherwise.
    """
    schoon = tekst.strip().translate(_SCHOON)
    teken = 1.0
    if schoon[:1] in ("-", "−", "–"):
        teken, schoon = -1.0, schoon[1:]
    elif schoon[:1] == "+":
        schoon = schoon[1:]
    if _MET_KOMMA.match(schoon):
        return teken * float(schoon.replace(".", "").replace(",", "."))
    if _DUIZENDTAL.match(schoon):
        return teken * float(schoon.replace(".", ""))
    if _PUNT_DECIMAAL.match(schoon):
        return teken * float(schoon)
    raise ValueError(f"geen getal: {tekst!r}")


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


def parse_bedrag(waarde: object, *, pm_omschrijving: str = "PM", bron: str = "", plaats: str = "") -> Bedrag:
    """A cell or field as an amount: a number, Dutch number text, '-', 'PM', 'n.b.' or 'laag – hoog'.

    Raises InvoerFout naming `bron` and `plaats` for anything else; negative amounts are refused.
    """
    if waarde is None:
        return NUL
    if isinstance(waarde, bool):
        raise InvoerFout(f"{waarde!r} is geen bedrag", bron=bron, plaats=plaats)
    if isinstance(waarde, int | float):
        getal = float(waarde)
        if getal != getal or getal in (float("inf"), float("-inf")):
            raise InvoerFout(f"{waarde!r} is geen bedrag", bron=bron, plaats=plaats)
        if getal < 0:
            raise InvoerFout(f"negatief bedrag {_nl(getal)}", bron=bron, plaats=plaats)
        return Bedrag.exact(getal)
    tekst = str(waarde).strip()
    klein = tekst.lower()
    if klein in NUL_TEKSTEN:
        return NUL
    if klein in NB_TEKSTEN:
        return Bedrag.niet_bekend()
    if klein in PM_TEKSTEN:
        return Bedrag.alleen_pm(pm_omschrijving)
    delen = re.split(r"\s+[–—-]\s+|\s*[–—]\s*", tekst)
    try:
        getallen = [parse_getal(deel) for deel in delen]
    except ValueError:
        raise InvoerFout(
            f"{tekst!r} is geen bedrag (verwacht een getal in € mln, '-', 'PM' of 'n.b.')",
            bron=bron,
            plaats=plaats,
        ) from None
    if any(g < 0 for g in getallen):
        raise InvoerFout(f"negatief bedrag {tekst!r}", bron=bron, plaats=plaats)
    if len(getallen) == 1:
        return Bedrag.exact(getallen[0])
    if len(getallen) == 2 and getallen[0] <= getallen[1]:
        return Bedrag.bereik(getallen[0], getallen[1])
    raise InvoerFout(f"{tekst!r} is geen geldige bandbreedte", bron=bron, plaats=plaats)


def _nl(getal: float) -> str:
    return f"{getal:g}".replace(".", ",")
