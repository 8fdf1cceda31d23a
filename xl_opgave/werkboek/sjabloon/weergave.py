"""How Resultaat shows an amount: rounded by a presentation formula, dressed by a number format.

The rounding lives in the cell's formula, because a number format can neither round to €5 mln nor
round an exact half toward zero (both reports do: 222,5 → 220, 975 → 970 on €10 mln). The switch
`In_Afronding` chooses:

1. *zoals rapport*: to the figure's printed unit, halves toward zero (`core.afronding.rond_zoals_rapport`);
2. *op € 1 mln*: to €1 mln (a count to 1), halves toward zero; € mld. figures are then shown in € mln;
3. *onafgerond*: the value itself (two decimals in € mln).

Excel 2010 has no function for "halves toward zero"; for x = |v| / eenheid ≥ 0 it is
ROUNDUP(MAX(0, x − ½), 0): 44,5 → 44, 44,6 → 45, 0,3 → 0. Binary noise (0,1 + 0,2) is smoothed first
with ROUND(x, Afronding_Decimalen), as the Python truth quantizes to 1e-6.

The cell stays a number; "+ PM" is part of the number format chosen by a conditional format on the
PM text of a helper cell, so pandas and formulas read the rounded number and the reader sees "€ 675 + PM".
"""

from __future__ import annotations

from dataclasses import dataclass

from xl_opgave.core.afronding import rond_zoals_rapport
from xl_opgave.core.opmaak import lees_gedrukt
from xl_opgave.werkboek import namen as nm

RUIS_DECIMALEN = 6  # Afronding_Decimalen: as rond_zoals_rapport's quantisation to 1e-6
PM_TEKSTEN = ("+ PM", "- PM", "± PM")
_NUL_MET_PM = {"+ PM": "PM", "- PM": "- PM", "± PM": "± PM"}


def _tekst(tekst: str) -> str:
    if '"' in tekst:
        raise ValueError(f"aanhalingsteken in een getalnotatie: {tekst!r}")
    return f'"{tekst}"' if tekst else ""


@dataclass(frozen=True)
class Weergave:
    """The printed form of a figure: rounding unit, text before and after the number, decimals, € mld. or not."""

    eenheid: float  # rounding unit of 'zoals rapport', in the value's own unit (€ mln, or a count)
    voor: str = ""  # '€', '€ ' or ''
    na: str = ""  # ' mld.', ' mln.', ' mld.**' or ''
    decimalen: int = 0
    mld: bool = False  # the value (€ mln) is shown in € mld.
    geld: bool = True  # False for counts (inhabitants, homes)

    @staticmethod
    def uit_gedrukt(gedrukt: str, afronding: float | None = None, schaal: str = "", geld: bool = True) -> Weergave | None:
        """The form of a printed figure ('€2,94 mld.', '2.340', '€ 215 mln.'); None for '-', 'PM', 'n.b.'."""
        g = lees_gedrukt(gedrukt, afronding, schaal=schaal)
        sjabloon = g.sjabloon
        if sjabloon.nul_als_streep or not sjabloon.decimalen:
            return None
        return Weergave(eenheid=g.eenheid, voor=sjabloon.stukken[0].lstrip("- ").rstrip("-"),
                        na=sjabloon.stukken[-1], decimalen=sjabloon.decimalen[0],
                        mld=sjabloon.schaal == 1000, geld=geld)

    # -- per choice of the switch (1 zoals rapport, 2 op € 1 mln, 3 onafgerond) ------------------
    def eenheid_bij(self, stand: int) -> float | None:
        return {1: self.eenheid, 2: 1.0}.get(stand)

    def rond(self, waarde: float, stand: int) -> float:
        """The displayed number as the cell's formula computes it (the Python truth of the formula)."""
        eenheid = self.eenheid_bij(stand)
        if eenheid is None:
            return waarde
        return rond_zoals_rapport(waarde, eenheid) + 0.0  # + 0.0: no '-0'

    def _vorm(self, stand: int) -> tuple[bool, str, int]:
        """(shown in € mld., text after the number, decimals) for a choice of the switch."""
        mld = self.mld and stand == 1
        na = self.na
        if self.mld and not mld:
            # A € mld. figure to €1 mln or unrounded reads best in € mln ('€2.375 mln.').
            na = na.replace("mld.", "mln.") if "mld." in na else " mln." + na
        if not self.geld:
            decimalen = self.decimalen if stand == 1 else 0
        elif stand == 1:
            decimalen = self.decimalen
        else:
            decimalen = 0 if stand == 2 else 2
        return mld, na, decimalen

    def formaat(self, stand: int, pm: str = "") -> str:
        """The number format: positive; negative ('- €0,68 mld.'); zero ('-', or 'PM' for only a PM item)."""
        mld, na, decimalen = self._vorm(stand)
        getal = "#,##0" + ("." + "0" * decimalen if decimalen else "") + ("," if mld else "")
        staart = _tekst(na + (f" {pm}" if pm else ""))
        positief = _tekst(self.voor) + getal + staart
        negatief = (_tekst("- " + self.voor) if self.voor else "-") + getal + staart
        nul = _tekst(_NUL_MET_PM[pm] if pm else "-")
        return f"{positief};{negatief};{nul}"

    def toon(self, getal: float, stand: int, pm: str = "") -> str:
        """A displayed number (already rounded by `rond`) as the number format shows it in Dutch: the text a
        reader sees ('€2,93 mld. - PM', '1.330', '-', 'PM'). The Python twin of `formaat` for other renderers."""
        if getal == 0:
            return _NUL_MET_PM[pm] if pm else "-"
        mld, na, decimalen = self._vorm(stand)
        # Formatted from the binary value, as LibreOffice and Excel do (439,785 is 439,78499… → 439,78).
        tekst = f"{abs(getal) / (1000 if mld else 1):,.{decimalen}f}".replace(",", "_").replace(".", ",").replace("_", ".")
        staart = na + (f" {pm}" if pm else "")
        if getal < 0:
            return f"- {self.voor}{tekst}{staart}" if self.voor else f"-{tekst}{staart}"
        return f"{self.voor}{tekst}{staart}"

    @staticmethod
    def formule(v: str, u: str) -> str:
        """The display formula over the unrounded value `v` and the unit cell `u` (same-sheet references)."""
        d = nm.AFRONDING_DECIMALEN
        return (f"=CHOOSE({nm.AFRONDING_STAND},"
                f"SIGN({v})*{u}*ROUNDUP(MAX(0,ROUND(ABS({v})/{u},{d})-1/2),0),"
                f"SIGN({v})*ROUNDUP(MAX(0,ROUND(ABS({v}),{d})-1/2),0),"
                f"{v})")
