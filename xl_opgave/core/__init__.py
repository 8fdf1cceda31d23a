"""The pure-Python core of xl_opgave.

Standard library only, no file I/O: it must also run inside LibreOffice's embedded Python and in
Pyodide. Every face (report, workbooks, worksheet functions, batch fill) computes through it.
"""

from xl_opgave.core.bedrag import Bedrag, PmPost, parse_bedrag, parse_getal
from xl_opgave.core.formules import jaarlijks, restopgave, rijksdeel, rijksrestopgave
from xl_opgave.core.fouten import InvoerFout

__all__ = [
    "Bedrag",
    "InvoerFout",
    "PmPost",
    "jaarlijks",
    "parse_bedrag",
    "parse_getal",
    "restopgave",
    "rijksdeel",
    "rijksrestopgave",
]
