"""The restopgave arithmetic on plain floats: the fast path of the worksheet functions.

The rich model (`rekenen`) computes the same with `Bedrag` (ranges, PM); the property tests hold the
two to the same results. Amounts in € mln.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import fsum

# Sums of floats go through math.fsum (correctly rounded): the same last digit on every Python. The
# built-in sum() adds floats with compensated summation since Python 3.12 and naively before, so the
# same worksheet would otherwise answer differently in classic xlwings (the adviser's Python) and in
# xlwings Lite (Pyodide's Python 3.12); tests/test_lite_pyodide.py compares the two exactly.

METHODEN = ("totaal", "onderdeel")


def controleer_methode(methode: str) -> str:
    methode = methode.strip().lower()
    if methode not in METHODEN:
        raise ValueError(f"onbekende methode {methode!r}: kies 'totaal' of 'onderdeel'")
    return methode


def restopgave(
    opgave: Sequence[float],
    dekking: Sequence[float],
    methode: str = "totaal",
    pijlerbreed: float = 0.0,
) -> float:
    """Opgave minus dekking, never negative.

    'totaal': netted on total level (a surplus on one row offsets another), as the NPLV report's
    Tabel 7. 'onderdeel': each row clipped at zero, summed; then the pillar-wide dekking is deducted.
    """
    if len(opgave) != len(dekking):
        raise ValueError(f"opgave heeft {len(opgave)} rijen, dekking {len(dekking)}")
    if controleer_methode(methode) == "totaal":
        return max(0.0, fsum(opgave) - fsum(dekking) - pijlerbreed)
    return max(0.0, fsum(o - d if o > d else 0.0 for o, d in zip(opgave, dekking, strict=True)) - pijlerbreed)


def overschot(opgave: Sequence[float], dekking: Sequence[float]) -> float:
    """Dekking above opgave on individual rows, summed: what netting per onderdeel loses."""
    return fsum(d - o if d > o else 0.0 for o, d in zip(opgave, dekking, strict=True))


def controleer_sleutel(sleutel: float) -> float:
    if not 0.0 <= sleutel <= 1.0:
        raise ValueError(f"verdeelsleutel {sleutel} ligt niet tussen 0 en 1")
    return sleutel


def rijksdeel(opgave: float, sleutel: float) -> float:
    """The Rijk's share of an opgave by its verdeelsleutel (0–1)."""
    return opgave * controleer_sleutel(sleutel)


def rijksrestopgave(
    opgave: Sequence[float],
    sleutel: Sequence[float],
    rijksdekking: Sequence[float],
    methode: str = "totaal",
    pijlerbreed: float = 0.0,
) -> float:
    """Rijksdeel minus Rijksfinanciering, by either netting method, never negative."""
    if not len(opgave) == len(sleutel) == len(rijksdekking):
        raise ValueError("opgave, verdeelsleutel en rijksdekking hebben niet evenveel rijen")
    delen = [rijksdeel(o, s) for o, s in zip(opgave, sleutel, strict=True)]
    return restopgave(delen, rijksdekking, methode, pijlerbreed)


def aantal_jaren(eerste_jaar: int, laatste_jaar: int) -> int:
    if laatste_jaar < eerste_jaar:
        raise ValueError(f"laatste jaar {laatste_jaar} ligt voor eerste jaar {eerste_jaar}")
    return laatste_jaar - eerste_jaar + 1


def jaarlijks(bedrag: float, jaren: int) -> float:
    """A period total spread evenly over its years."""
    if jaren <= 0:
        raise ValueError(f"aantal jaren moet positief zijn, niet {jaren}")
    return bedrag / jaren
