"""Rounding on a unit such as €5 mln or €0,01 mld.

`rond` is Excel's ROUND (halves away from zero). `rond_zoals_rapport` is what both reports actually
do: every exact half goes toward zero (222,5 → 220; 975 → 970 on €10; −485 → −480; 77,5 → 75), the
other values to the nearest multiple. Presentation (Resultaat, the CLI report) uses the latter.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_DOWN, ROUND_HALF_UP, Decimal

# Computed values carry binary noise (0.1 + 0.2); anything this close to a half counts as a half.
EPSILON = 1e-7


def _decimaal(getal: float) -> Decimal:
    return Decimal(repr(getal))


def rond(getal: float, eenheid: float) -> float:
    """Round to a multiple of `eenheid`, halves away from zero (Excel's ROUND, Dutch practice)."""
    stappen = _decimaal(getal) / _decimaal(eenheid)
    # Snap binary noise first so that 222.49999999 (really 222.5) rounds like 222.5.
    stappen = stappen.quantize(Decimal("1e-6"))
    return float(stappen.quantize(Decimal(1), rounding=ROUND_HALF_UP) * _decimaal(eenheid))


def rond_zoals_rapport(getal: float, eenheid: float) -> float:
    """Round to a multiple of `eenheid`, exact halves toward zero (the reports' convention)."""
    # The common case without Decimal (a workbook's Resultaat rounds a few hundred amounts, and `verzamel`
    # checks a thousand workbooks): a whole unit (1, 5, 10 € mln) and a quotient far from a half. Then the
    # nearest multiple is the same whichever way halves go, and n × unit is exact in a float. A test holds
    # it equal to the Decimal way below.
    if eenheid > 0 and float(eenheid).is_integer() and abs(getal) < 1e9 * eenheid:
        stappen = getal / eenheid
        if abs(stappen - math.floor(stappen) - 0.5) > 1e-4:
            return float(round(stappen)) * eenheid
    stappen = (_decimaal(getal) / _decimaal(eenheid)).quantize(Decimal("1e-6"))
    return float(stappen.quantize(Decimal(1), rounding=ROUND_HALF_DOWN) * _decimaal(eenheid))


def _rond_zoals_rapport_decimaal(getal: float, eenheid: float) -> float:
    """The Decimal way for every input (the reference the fast path is tested against)."""
    stappen = (_decimaal(getal) / _decimaal(eenheid)).quantize(Decimal("1e-6"))
    return float(stappen.quantize(Decimal(1), rounding=ROUND_HALF_DOWN) * _decimaal(eenheid))


def is_halverwege(getal: float, eenheid: float) -> bool:
    """True when `getal` lies exactly halfway between two multiples of `eenheid`."""
    stappen = getal / eenheid
    return abs(abs(stappen - int(stappen)) - 0.5) < EPSILON


def gelijk(a: float, b: float) -> bool:
    return abs(a - b) < EPSILON * max(1.0, abs(a), abs(b))
