"""The shipped reference data of both reports: read the data files, build the core's model.

This is the I/O edge; the core itself only ever sees text.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.laden import (
    controleer_dekking_heeft_opgave,
    definitie_uit_toml,
    dekkingen_uit_rijen,
    lees_csv,
    opgaven_uit_rijen,
)
from xl_opgave.core.model import Programma
from xl_opgave.core.resultaten import ResultaatNaam, resultaat_namen
from xl_opgave.core.tabellen import (
    Kernweergave,
    Tabel,
    Tabelopmaak,
    kernweergave_uit_toml,
    tabel_opmaak,
    tabellen_uit_toml,
)
from xl_opgave.core.vergelijking import Cijfer, cijfers_uit_rijen

PROGRAMMAS = ("nplv", "npvr")


@dataclass(frozen=True)
class Referentie:
    """One report: its model with the published inputs, its published figures, its result names."""

    programma: Programma
    cijfers: tuple[Cijfer, ...]
    resultaat_namen: tuple[ResultaatNaam, ...]
    opmerkingen: tuple[dict[str, str], ...]
    map: str
    tabelkolommen: dict[str, list[str]] = field(default_factory=dict)
    tabelopmaak: tuple[Tabelopmaak, ...] = ()  # tabellen.toml: captions, column heads, notes
    kernweergave: Kernweergave = field(default_factory=Kernweergave)  # tabellen.toml: the key results

    def tabellen(self) -> list[Tabel]:
        """The published tables (Tabel 1, 1.2, …) with their printed presentation, in the report's order."""
        return tabel_opmaak(self.tabelopmaak, self.cijfers)


def _tekst(map_: str, naam: str) -> str:
    return resources.files("xl_opgave.data").joinpath(map_, naam).read_text(encoding="utf-8")


def programma_code(naam: str) -> str:
    code = naam.strip().lower()
    if code not in PROGRAMMAS:
        raise InvoerFout(f"onbekend programma {naam!r}: kies uit {', '.join(PROGRAMMAS)}")
    return code


@cache
def laad(naam: str) -> Referentie:
    """The reference data of 'nplv' or 'npvr' (cached: the files never change at run time)."""
    code = programma_code(naam)
    bron = f"xl_opgave/data/{code}"
    toml_tekst = _tekst(code, "programma.toml")
    definitie = definitie_uit_toml(toml_tekst, f"{bron}/programma.toml")
    opgaven = opgaven_uit_rijen(
        definitie, lees_csv(_tekst(code, "opgave.csv"), f"{bron}/opgave.csv"), f"{bron}/opgave.csv"
    )
    dekkingen = ()
    if resources.files("xl_opgave.data").joinpath(code, "dekking.csv").is_file():
        dekkingen = dekkingen_uit_rijen(
            definitie, lees_csv(_tekst(code, "dekking.csv"), f"{bron}/dekking.csv"), f"{bron}/dekking.csv"
        )
    programma = definitie.met(opgaven=opgaven, dekkingen=dekkingen, gebied="Nederland")
    controleer_dekking_heeft_opgave(programma, f"{bron}/dekking.csv")
    cijfers = cijfers_uit_rijen(
        lees_csv(_tekst(code, "gepubliceerd.csv"), f"{bron}/gepubliceerd.csv"), f"{bron}/gepubliceerd.csv"
    )
    ruw = tomllib.loads(toml_tekst)
    namen = resultaat_namen(programma, ruw.get("resultaten", {}))
    opmerkingen = tuple(ruw.get("redactioneel", []))
    opmaak: tuple[Tabelopmaak, ...] = ()
    kern = Kernweergave()
    if resources.files("xl_opgave.data").joinpath(code, "tabellen.toml").is_file():
        tabellen_tekst = _tekst(code, "tabellen.toml")
        opmaak = tabellen_uit_toml(tabellen_tekst, f"{bron}/tabellen.toml")
        kern = kernweergave_uit_toml(tabellen_tekst, f"{bron}/tabellen.toml")
    return Referentie(programma, tuple(cijfers), tuple(namen), opmerkingen, code, ruw.get("tabelkolommen", {}),
                      opmaak, kern)


def analyse(naam: str):
    """The shipped report fully computed: base case, scenarios and every published figure checked."""
    from xl_opgave.core.analyse import analyseer

    ref = laad(naam)
    return analyseer(ref.programma, ref.resultaat_namen, ref.cijfers)
