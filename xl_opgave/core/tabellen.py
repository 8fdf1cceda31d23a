"""How the report prints each table: caption, column heads, row headings and notes (`tabellen.toml`).

The figures themselves are `Cijfer`s (gepubliceerd.csv); this is the presentation around them, kept
as data so that every renderer (the Resultaat sheet, a PDF page, the CLI report) shows the same table
the same way. `tabel_opmaak` joins both: the rows in the order of the figures, the columns in the
printed order, each figure at its place.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field

from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.vergelijking import Cijfer

# The published tables proper (not "Tekst bij …", "NB bij …", "Voetnoot …").
TABELNAAM = re.compile(r"Tabel \d+(\.\d+)?")


@dataclass(frozen=True)
class Kolom:
    kolom: str  # the column as named in gepubliceerd.csv
    kop: str  # what the report prints above it
    groep: str = ""  # the head spanning this and neighbouring columns ("Tot 2030")


@dataclass(frozen=True)
class Tussenkop:
    voor: str  # the row label it is printed above
    tekst: str


@dataclass(frozen=True)
class Tabelopmaak:
    tabel: str
    titel: str
    kolommen: tuple[Kolom, ...]
    hoek: str = ""
    rijkop: str = ""
    soort: str = "bedrag"  # 'bedrag' (€) or 'aantal' (inhabitants, homes, municipalities)
    tussenkoppen: tuple[Tussenkop, ...] = ()
    noten: tuple[str, ...] = ()

    def groepen(self) -> list[tuple[str, int]]:
        """The spanning heads in order, with the number of columns each spans ('' for none)."""
        uit: list[tuple[str, int]] = []
        for k in self.kolommen:
            if uit and uit[-1][0] == k.groep:
                uit[-1] = (k.groep, uit[-1][1] + 1)
            else:
                uit.append((k.groep, 1))
        return uit


@dataclass(frozen=True)
class Tabel:
    """One published table ready to render: rows in the report's order, each with its figures per column."""

    opmaak: Tabelopmaak
    rijen: tuple[str, ...]
    cijfers: dict[tuple[str, str], Cijfer] = field(default_factory=dict)  # (rij, kolom) → figure

    def cijfer(self, rij: str, kolom: str) -> Cijfer | None:
        return self.cijfers.get((rij, kolom))

    def tussenkop(self, rij: str) -> str:
        return next((t.tekst for t in self.opmaak.tussenkoppen if t.voor == rij), "")


@dataclass(frozen=True)
class Kernweergave:
    """How the block of key results under the tables prints an amount: a sample and its rounding unit."""

    gedrukt: str = "€ 2.375 mln."
    afronding: float | None = 5.0


def _lees(tekst: str, bron: str) -> dict:
    try:
        return tomllib.loads(tekst)
    except tomllib.TOMLDecodeError as fout:
        raise InvoerFout(f"ongeldige TOML: {fout}", bron=bron) from None


def kernweergave_uit_toml(tekst: str, bron: str) -> Kernweergave:
    ruw = _lees(tekst, bron).get("kernresultaten", {})
    afronding = ruw.get("afronding")
    return Kernweergave(str(ruw.get("gedrukt", Kernweergave.gedrukt)),
                        float(afronding) if afronding is not None else None)


def tabellen_uit_toml(tekst: str, bron: str) -> tuple[Tabelopmaak, ...]:
    ruw = _lees(tekst, bron)
    uit = []
    for i, t in enumerate(ruw.get("tabel", []), start=1):
        plaats = f"tabel {i}"
        try:
            kolommen = tuple(Kolom(str(k["kolom"]), str(k.get("kop") or k["kolom"]), str(k.get("groep", "")))
                             for k in t["kolommen"])
            uit.append(Tabelopmaak(
                tabel=str(t["tabel"]), titel=str(t["titel"]), kolommen=kolommen, hoek=str(t.get("hoek", "")),
                rijkop=str(t.get("rijkop", "")), soort=str(t.get("soort", "bedrag")),
                tussenkoppen=tuple(Tussenkop(str(x["voor"]), str(x["tekst"])) for x in t.get("tussenkoppen", [])),
                noten=tuple(str(n) for n in t.get("noten", [])),
            ))
        except KeyError as fout:
            raise InvoerFout(f"veld {fout.args[0]!r} ontbreekt", bron=bron, plaats=plaats) from None
        if uit[-1].soort not in ("bedrag", "aantal"):
            raise InvoerFout(f"soort {uit[-1].soort!r}: kies 'bedrag' of 'aantal'", bron=bron, plaats=plaats)
    return tuple(uit)


def tabel_opmaak(opmaak: tuple[Tabelopmaak, ...], cijfers: tuple[Cijfer, ...] | list[Cijfer]) -> list[Tabel]:
    """Every published table in the report's order, its figures placed by row and column.

    Raises InvoerFout when a table has figures but no presentation, a figure's column is not one of its
    table's columns, or two figures share a row and column: the data files must agree.
    """
    per_naam = {o.tabel: o for o in opmaak}
    groepen: dict[str, list[Cijfer]] = {}
    for c in cijfers:
        if TABELNAAM.fullmatch(c.tabel):
            groepen.setdefault(c.tabel, []).append(c)
    uit = []
    for naam, lijst in groepen.items():
        o = per_naam.get(naam)
        if o is None:
            raise InvoerFout(f"{naam} heeft cijfers maar geen opmaak in tabellen.toml")
        bekend = {k.kolom for k in o.kolommen}
        per_plaats: dict[tuple[str, str], Cijfer] = {}
        for c in lijst:
            if c.kolom not in bekend:
                raise InvoerFout(f"{naam}: kolom {c.kolom!r} van {c.id} staat niet in tabellen.toml")
            ander = per_plaats.setdefault((c.rij, c.kolom), c)
            if ander is not c:
                raise InvoerFout(f"{naam}: {ander.id} en {c.id} staan op dezelfde plaats (rij {c.rij!r}, "
                                 f"kolom {c.kolom!r})")
        rijen = tuple(dict.fromkeys(c.rij for c in lijst))
        for t in o.tussenkoppen:
            if t.voor not in rijen:
                raise InvoerFout(f"{naam}: tussenkop vóór onbekende rij {t.voor!r}")
        uit.append(Tabel(o, rijen, per_plaats))
    return uit
