"""A stand-in for the `xlwings` module inside xlwings Lite: its decorators record what they were given.

The real `func`/`arg`/`ret`/`script` of xlwings Lite live in `xlwings.pro` (licence-gated; not imported
here). The Pyodide tests load this file as the module `xlwings`, then the generated `main.py`, and
check what was recorded against a schema of Lite's documented API (test_lite_pyodide.py). Every
decorator returns the function unchanged, so the functions can then be called as Lite would call them.
Standard library only.
"""

from __future__ import annotations

OPGENOMEN: list[dict] = []  # in order of application: {"decorator", "functie", "args", "kwargs"}


class Book:
    """The type of a script's workbook argument (`book: xw.Book`)."""


def _neem_op(decorator: str, functie, args: tuple, kwargs: dict) -> None:
    OPGENOMEN.append({"decorator": decorator, "functie": functie.__name__, "args": list(args), "kwargs": dict(kwargs)})


def func(f=None, *args, **kwargs):
    def inner(functie):
        _neem_op("func", functie, args, kwargs)
        return functie

    return inner if f is None else inner(f)


def script(f=None, *args, **kwargs):
    def inner(functie):
        _neem_op("script", functie, args, kwargs)
        return functie

    return inner if f is None else inner(f)


def arg(*args, **kwargs):
    def inner(functie):
        _neem_op("arg", functie, args, kwargs)
        return functie

    return inner


def ret(*args, **kwargs):
    def inner(functie):
        _neem_op("ret", functie, args, kwargs)
        return functie

    return inner
