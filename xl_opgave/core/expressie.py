"""A tiny, safe expression language over named amounts: ``a + b - c``, ``( a / b ) * 100``.

Tokens are separated by spaces (names contain hyphens, such as ``2030-2035.fysiek.opgave``).
Nothing is ever passed to eval(): data text can never become code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from xl_opgave.core.bedrag import Bedrag

OPERATOREN = {"+", "-", "*", "/"}


class ExpressieFout(ValueError):
    pass


def _tokens(tekst: str) -> list[str]:
    return tekst.replace("(", " ( ").replace(")", " ) ").split()


def namen(tekst: str) -> list[str]:
    """The names an expression refers to, in order."""
    return [t for t in _tokens(tekst) if t not in OPERATOREN and t not in "()" and not _is_getal(t)]


def _is_getal(token: str) -> bool:
    try:
        float(token)
    except ValueError:
        return False
    return True


def evalueer(tekst: str, opzoeken: Callable[[str], Any], getal: Callable[[float], Any] = Bedrag.exact) -> Any:
    """Evaluate with + - * / and parentheses; names are looked up, numbers are constants.

    The values only need + - * / and unary minus: `Bedrag` by default, an `Interval` or a `Lineair`
    with `getal` making their constants.
    """
    tokens = _tokens(tekst)
    positie = 0

    def volgende() -> str | None:
        return tokens[positie] if positie < len(tokens) else None

    def neem() -> str:
        nonlocal positie
        if positie >= len(tokens):
            raise ExpressieFout(f"onvolledige expressie {tekst!r}")
        token = tokens[positie]
        positie += 1
        return token

    def som() -> Bedrag:
        waarde = product()
        while volgende() in ("+", "-"):
            if neem() == "+":
                waarde = waarde + product()
            else:
                waarde = waarde - product()
        return waarde

    def product() -> Bedrag:
        waarde = factor()
        while volgende() in ("*", "/"):
            if neem() == "*":
                waarde = waarde * factor()
            else:
                waarde = waarde / factor()
        return waarde

    def factor() -> Bedrag:
        token = neem()
        if token == "-":
            return -factor()
        if token == "(":
            waarde = som()
            if neem() != ")":
                raise ExpressieFout(f"haakje ontbreekt in {tekst!r}")
            return waarde
        if token in OPERATOREN or token == ")":
            raise ExpressieFout(f"onverwacht {token!r} in {tekst!r}")
        if _is_getal(token):
            return getal(float(token))
        return opzoeken(token)

    if not tokens:
        raise ExpressieFout("lege expressie")
    resultaat = som()
    if positie != len(tokens):
        raise ExpressieFout(f"onverwacht {tokens[positie]!r} in {tekst!r}")
    return resultaat


@dataclass(frozen=True)
class Lineair:
    """A linear form Σ coëfficiënt × naam + constante: a relation between printed figures, taken apart."""

    termen: dict[str, float] = field(default_factory=dict)
    constante: float = 0.0

    def __add__(self, ander: Lineair) -> Lineair:
        termen = dict(self.termen)
        for naam, c in ander.termen.items():
            termen[naam] = termen.get(naam, 0.0) + c
        return Lineair(termen, self.constante + ander.constante)

    def __neg__(self) -> Lineair:
        return Lineair({n: -c for n, c in self.termen.items()}, -self.constante)

    def __sub__(self, ander: Lineair) -> Lineair:
        return self + (-ander)

    def __mul__(self, ander: Lineair) -> Lineair:
        if not ander.termen:
            return Lineair({n: c * ander.constante for n, c in self.termen.items()}, self.constante * ander.constante)
        if not self.termen:
            return ander * self
        raise ExpressieFout("geen lineaire relatie: product van twee cijfers")

    def __truediv__(self, ander: Lineair) -> Lineair:
        if ander.termen or ander.constante == 0:
            raise ExpressieFout("geen lineaire relatie: deling door een cijfer of door nul")
        return self * Lineair({}, 1.0 / ander.constante)

    def waarde(self, waarden: Callable[[str], float]) -> float:
        return self.constante + sum(c * waarden(n) for n, c in self.termen.items())


def lineair(tekst: str) -> Lineair:
    """The relation as a linear form over its names (raises ExpressieFout when it is not linear)."""
    return evalueer(tekst, lambda n: Lineair({n: 1.0}), lambda x: Lineair({}, x))
