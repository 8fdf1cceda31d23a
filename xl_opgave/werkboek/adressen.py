"""Cell addresses and areas as Excel writes them: 'C5', 'Invoer!$B$6:$B$35', column letters.

Shared by the streaming reader (`lezer`), the package patcher (`vullen.pakket`) and the checker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_RIJ = 1_048_576
MAX_KOLOM = 16_384

_CEL = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
_BEREIK = re.compile(
    r"^(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$"
)


def kolomnummer(letters: str) -> int:
    nummer = 0
    for letter in letters.upper():
        nummer = nummer * 26 + ord(letter) - 64
    return nummer


def kolomletters(nummer: int) -> str:
    letters = ""
    while nummer:
        nummer, rest = divmod(nummer - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def celref(rij: int, kolom: int) -> str:
    return f"{kolomletters(kolom)}{rij}"


def splits_cel(ref: str) -> tuple[int, int]:
    """'C5' → (5, 3); ValueError for anything that is not one cell address within Excel's grid."""
    treffer = _CEL.match(ref)
    if not treffer:
        raise ValueError(ref)
    rij, kolom = int(treffer.group(2)), kolomnummer(treffer.group(1))
    if not (1 <= rij <= MAX_RIJ and 1 <= kolom <= MAX_KOLOM):
        raise ValueError(ref)
    return rij, kolom


def blad_in_ref(blad: str) -> str:
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", blad):
        return blad
    return "'" + blad.replace("'", "''") + "'"


@dataclass(frozen=True)
class Gebied:
    """A rectangular area on one sheet (1-based, inclusive)."""

    blad: str
    r1: int
    k1: int
    r2: int
    k2: int

    @property
    def aantal(self) -> int:
        """Number of cells, computed without listing them (a name may cover a whole sheet)."""
        return (self.r2 - self.r1 + 1) * (self.k2 - self.k1 + 1)

    def bevat(self, rij: int, kolom: int) -> bool:
        return self.r1 <= rij <= self.r2 and self.k1 <= kolom <= self.k2

    def cellen(self) -> list[tuple[int, int]]:
        """The cells row by row; only call after checking `aantal` against what is expected."""
        return [(r, k) for r in range(self.r1, self.r2 + 1) for k in range(self.k1, self.k2 + 1)]

    def adressen(self) -> list[str]:
        return [celref(r, k) for r, k in self.cellen()]


def gebied_uit(tekst: str) -> Gebied | None:
    """The area of a defined name's reference ('Invoer!$B$6:$B$35'); None when it is not one plain area
    within Excel's grid (a formula, several areas, #REF!, an external reference)."""
    treffer = _BEREIK.match(tekst.strip())
    if not treffer:
        return None
    blad = (treffer.group(1) or "").replace("''", "'") or treffer.group(2)
    r1, k1 = int(treffer.group(4)), kolomnummer(treffer.group(3))
    r2 = int(treffer.group(6)) if treffer.group(6) else r1
    k2 = kolomnummer(treffer.group(5)) if treffer.group(5) else k1
    if "[" in blad or not all(1 <= r <= MAX_RIJ for r in (r1, r2)) or not all(1 <= k <= MAX_KOLOM for k in (k1, k2)):
        return None
    return Gebied(blad, min(r1, r2), min(k1, k2), max(r1, r2), max(k1, k2))


# -- references inside formulas ------------------------------------------------------------------------

VERWIJZING = re.compile(
    r"(?<![\w.\\])(?:(?P<blad>'(?:[^']|'')+'|[A-Za-z_\u00c0-\uffff][\w.\u00c0-\uffff]*)!)?"
    r"(?P<ref>\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}|\$?\d+:\$?\d+)"
    r"(?![\w(!])"
)
DEEL = re.compile(r"^(\$?)([A-Za-z]{1,3})?(\$?)(\d+)?$")
_LETTERLIJK = re.compile(r'"(?:[^"]|"")*"')


def verschuif(formule: str, d_rij: int, d_kolom: int) -> str:
    """A shared formula's text for a cell d_rij/d_kolom away from its master: relative references moved
    (string literals untouched)."""

    def deel(m: re.Match[str]) -> str:
        kolom_vast, kolom, rij_vast, rij = m.group(1), m.group(2), m.group(3), m.group(4)
        uit = ""
        if kolom:
            uit += kolom_vast + (kolom if kolom_vast else kolomletters(max(1, kolomnummer(kolom) + d_kolom)))
        if rij:
            uit += rij_vast + (rij if rij_vast else str(max(1, int(rij) + d_rij)))
        return uit

    def ref(m: re.Match[str]) -> str:
        nieuw = ":".join(DEEL.sub(deel, stuk) for stuk in m.group("ref").split(":"))
        return (m.group("blad") + "!" if m.group("blad") else "") + nieuw

    delen: list[str] = []
    begin = 0
    for letterlijk in _LETTERLIJK.finditer(formule):
        delen.append(VERWIJZING.sub(ref, formule[begin : letterlijk.start()]))
        delen.append(letterlijk.group())
        begin = letterlijk.end()
    delen.append(VERWIJZING.sub(ref, formule[begin:]))
    return "".join(delen)
