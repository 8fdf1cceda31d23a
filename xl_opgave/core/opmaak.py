"""Dutch presentation of amounts: €2,94 mld., €2.375 mln., €6,3 – €11,8 mld., + PM.

`Sjabloon` learns a presentation from a printed figure ("€2,94 mld.", "2.340", "- €0,68 mld.") so
that a recomputed value is shown exactly the way the report prints it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xl_opgave.core.afronding import rond
from xl_opgave.core.bedrag import Bedrag, PmPost, parse_getal

_GETAL = re.compile(r"\d+(?:[.,]\d+)*")
_DUIZENDTAL = re.compile(r"^\d{1,3}(\.\d{3})+$")


def getal_nl(getal: float, decimalen: int = 0) -> str:
    """1234.5 → '1.234,5' (thousands dot, decimal comma), rounded half away from zero."""
    afgerond = rond(getal, 10.0**-decimalen) if decimalen else rond(getal, 1.0)
    tekst = f"{abs(afgerond):,.{decimalen}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"-{tekst}" if afgerond < 0 else tekst


def getal_kort(getal: float, max_decimalen: int = 4) -> str:
    """A number in Dutch notation with only the decimals it needs: 1.5 → '1,5', 2375.0 → '2.375'."""
    if getal != getal or getal in (float("inf"), float("-inf")):
        return str(getal)
    tekst = getal_nl(getal, max_decimalen)
    if "," in tekst:
        tekst = tekst.rstrip("0").rstrip(",")
    return "0" if tekst == "-0" else tekst


def bedrag_tekst(bedrag: Bedrag | float, eenheid: str | None = None, decimalen: int | None = None) -> str:
    """An amount in € mln as the reports write it: '€2,94 mld.', '€2.375 mln.', '+ PM' when PM.

    Without `eenheid`: mld. from €1.000 mln upward. A range is written '€6,3 – €11,8 mld.'.
    """
    if not isinstance(bedrag, Bedrag):
        bedrag = Bedrag.exact(float(bedrag))
    if bedrag.nb:
        return "n.b."
    if eenheid is None:
        eenheid = "mld" if max(abs(bedrag.laag), abs(bedrag.hoog)) >= 1000 else "mln"
    eenheid = eenheid.strip().lower().rstrip(".")
    if eenheid not in ("mln", "mld"):
        raise ValueError(f"eenheid {eenheid!r}: kies 'mln' of 'mld'")
    factor = 1000.0 if eenheid == "mld" else 1.0
    if decimalen is None:
        decimalen = 2 if eenheid == "mld" else 0

    def een(waarde: float) -> str:
        # The reports print a deduction as '- €0,68 mld.', never '€-0,68 mld.'.
        tekst = getal_nl(waarde / factor, decimalen)
        return f"- €{tekst[1:]}" if tekst.startswith("-") else f"€{tekst}"

    if bedrag.pm and bedrag.laag == bedrag.hoog == 0:
        return "PM"
    tekst = een(bedrag.laag) if bedrag.is_exact else f"{een(bedrag.laag)} – {een(bedrag.hoog)}"
    tekst += f" {eenheid}."
    if bedrag.pm:
        tekst += f" {bedrag.pm_teken()}"
    return tekst


@dataclass(frozen=True)
class Gedrukt:
    """A printed figure read back: its amount, rounding unit and presentation."""

    bedrag: Bedrag
    eenheid: float  # rounding unit in the figure's own unit (€ mln for amounts)
    met_pm: bool
    sjabloon: Sjabloon


@dataclass(frozen=True)
class Sjabloon:
    """The printed text with its numbers taken out: ['€', ' mld.'] around one number, etc."""

    stukken: tuple[str, ...]
    decimalen: tuple[int, ...]
    schaal: float
    nul_als_streep: bool = False
    negatief: bool = False

    @staticmethod
    def uit(gedrukt: str, schaal: str = "") -> Sjabloon:
        tekst = _woorden_als_cijfers(gedrukt.strip())
        zonder_pm = re.sub(r"\s*\+\s*PM\s*$", "", tekst)
        if tekst in ("-", "–"):
            return Sjabloon(("", ""), (0,), 1.0, nul_als_streep=True)
        negatief = bool(re.match(r"^[-−]\s*€", zonder_pm))
        if negatief:
            zonder_pm = re.sub(r"^[-−]\s*", "", zonder_pm)
        factor = 1000.0 if schaal == "mld" or re.search(r"\bmld\b|miljard", zonder_pm) else 1.0
        stukken: list[str] = []
        decimalen: list[int] = []
        vorige = 0
        for match in _GETAL.finditer(zonder_pm):
            stukken.append(zonder_pm[vorige : match.start()])
            decimalen.append(_decimalen(match.group()))
            vorige = match.end()
        stukken.append(zonder_pm[vorige:])
        return Sjabloon(tuple(stukken), tuple(decimalen), factor, negatief=negatief)

    def toon(self, bedrag: Bedrag) -> str:
        if bedrag.nb:
            return "n.b."
        if not self.decimalen:  # e.g. "PM" alone
            return bedrag_tekst(bedrag)
        waarden = [bedrag.laag, bedrag.hoog] if len(self.decimalen) == 2 else [bedrag.laag]
        if len(self.decimalen) == 1 and not bedrag.is_exact:
            waarden = [bedrag.laag]
        if self.nul_als_streep and bedrag.laag == bedrag.hoog == 0:
            tekst = "-"
        else:
            delen = [self.stukken[0]]
            for i, waarde in enumerate(waarden):
                getal = waarde / self.schaal
                if self.negatief:
                    getal = -getal
                delen.append(getal_nl(getal, self.decimalen[i]))
                delen.append(self.stukken[i + 1])
            tekst = "".join(delen)
            if self.negatief:
                tekst = f"- {tekst}"
            if len(self.decimalen) == 1 and not bedrag.is_exact:
                hoog = getal_nl(bedrag.hoog / self.schaal, self.decimalen[0])
                tekst = f"{delen[0]}{delen[1]} – {self.stukken[0].split()[-1] if self.stukken[0].split() else ''}{hoog}{self.stukken[1]}"
        if bedrag.pm:
            tekst += f" {bedrag.pm_teken()}"
        return tekst


def _decimalen(getal: str) -> int:
    if "," in getal:
        return len(getal.rsplit(",", 1)[1])
    if "." in getal and not _DUIZENDTAL.match(getal):
        return len(getal.rsplit(".", 1)[1])
    return 0


_WOORDEN = {
    "twee": "2",
    "drie": "3",
    "vier": "4",
    "vijf": "5",
    "zes": "6",
    "zeven": "7",
    "acht": "8",
    "negen": "9",
    "tien": "10",
}


def _woorden_als_cijfers(tekst: str) -> str:
    """'circa drie keer' → 'circa 3 keer': the reports write small numbers as words."""
    return re.sub(r"\b(" + "|".join(_WOORDEN) + r")\b", lambda m: _WOORDEN[m.group(1)], tekst)


def lees_gedrukt(gedrukt: str, eenheid: float | None = None, pm_omschrijving: str = "PM", schaal: str = "") -> Gedrukt:
    """A printed figure ('€2,94 mld.', '2.340', '- €0,68 mld.', '€0,6 mld. + PM', '-') as an amount."""
    sjabloon = Sjabloon.uit(gedrukt, schaal)
    met_pm = bool(re.search(r"\bPM\b", gedrukt))
    tekst = _woorden_als_cijfers(re.sub(r"\s*\+\s*PM\s*$", "", gedrukt.strip()))
    if sjabloon.nul_als_streep:
        return Gedrukt(Bedrag(), eenheid if eenheid is not None else 1.0, met_pm, sjabloon)
    getallen = [parse_getal(m.group()) * sjabloon.schaal for m in _GETAL.finditer(tekst)]
    if sjabloon.negatief:
        getallen = [-g for g in getallen]
    pm = frozenset({PmPost(pm_omschrijving)}) if met_pm else frozenset()
    if not getallen:
        bedrag = Bedrag(0.0, 0.0, pm)
    elif len(getallen) == 1:
        bedrag = Bedrag(getallen[0], getallen[0], pm)
    else:
        bedrag = Bedrag(min(getallen[:2]), max(getallen[:2]), pm)
    if eenheid is None:
        eenheid = 10.0 ** -max(sjabloon.decimalen, default=0) * sjabloon.schaal
    return Gedrukt(bedrag, eenheid, met_pm, sjabloon)
