"""A tiny, safe expression language over named amounts: ``a + b - c``, ``( a / b ) * 100``.

Tokens are separated by spaces (names contain hyphens, such as ``2030-2035.fysiek.opgave``).
Nothing is ever passed to eval(): data text can never become code.
"""

from __future__ import annotations

from collections.abc import Callable

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


def evalueer(tekst: str, opzoeken: Callable[[str], Bedrag]) -> Bedrag:
    """Evaluate with + - * / and parentheses; names are looked up, numbers are constants."""
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
            return Bedrag.exact(float(token))
        return opzoeken(token)

    if not tokens:
        raise ExpressieFout("lege expressie")
    resultaat = som()
    if positie != len(tokens):
        raise ExpressieFout(f"onverwacht {tokens[positie]!r} in {tekst!r}")
    return resultaat
