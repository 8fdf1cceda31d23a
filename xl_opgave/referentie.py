"""The shipped reference data of both reports: read the data files, build the core's model.

This is the I/O edge; the core itself only ever sees text.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from xl_opgave.core.aannames import Aanname, aannames_uit_toml, controleer_gekozen
from xl_opgave.core.controles import Controle, Onderdeel, controleer_ids, controles_uit_toml
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
from xl_opgave.core.vergelijking import Cijfer, cijfers_uit_rijen, lees

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
    aannames: tuple[Aanname, ...] = ()
    controles: tuple[Controle, ...] = ()  # controles.toml: checks between printed figures and statements
    inhoud: tuple[Onderdeel, ...] = ()  # controles.toml: footnotes, tables, appendices that text refers to
    bijlagecijfers: tuple[Cijfer, ...] = ()  # bijlagen.csv: appendix tables, printed but not recomputed
    tabelopmaak: tuple[Tabelopmaak, ...] = ()  # tabellen.toml: captions, column heads, notes
    kernweergave: Kernweergave = field(default_factory=Kernweergave)  # tabellen.toml: the key results

    def tabellen(self) -> list[Tabel]:
        """The published tables (Tabel 1, 1.2, …) with their printed presentation, in the report's order."""
        return tabel_opmaak(self.tabelopmaak, self.cijfers)


def _tekst(map_: str, naam: str) -> str:
    return resources.files("xl_opgave.data").joinpath(map_, naam).read_text(encoding="utf-8")


def _bestaat(map_: str, naam: str) -> bool:
    return resources.files("xl_opgave.data").joinpath(map_, naam).is_file()


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
    aannames = aannames_uit_toml(ruw.get("aanname", []), f"{bron}/programma.toml")
    gedrukt = {c.id: lees(c).bedrag.laag for c in cijfers}
    controleer_gekozen(programma, aannames, gedrukt.__getitem__, f"{bron}/programma.toml")
    bijlagen: list[Cijfer] = []
    if _bestaat(code, "bijlagen.csv"):
        bijlagen = cijfers_uit_rijen(lees_csv(_tekst(code, "bijlagen.csv"), f"{bron}/bijlagen.csv"), f"{bron}/bijlagen.csv")
    controles, inhoud = (), ()
    if _bestaat(code, "controles.toml"):
        try:
            d = tomllib.loads(_tekst(code, "controles.toml"))
        except tomllib.TOMLDecodeError as fout:
            raise InvoerFout(f"geen geldige TOML: {fout}", bron=f"{bron}/controles.toml") from None
        controles, inhoud = controles_uit_toml(d, f"{bron}/controles.toml")
        controleer_ids(controles, [*cijfers, *bijlagen], f"{bron}/controles.toml")
    opmaak: tuple[Tabelopmaak, ...] = ()
    kern = Kernweergave()
    if _bestaat(code, "tabellen.toml"):
        tabellen_tekst = _tekst(code, "tabellen.toml")
        opmaak = tabellen_uit_toml(tabellen_tekst, f"{bron}/tabellen.toml")
        kern = kernweergave_uit_toml(tabellen_tekst, f"{bron}/tabellen.toml")
    return Referentie(programma, tuple(cijfers), tuple(namen), opmerkingen, code, ruw.get("tabelkolommen", {}),
                      aannames, controles, inhoud, tuple(bijlagen), opmaak, kern)


def analyse(naam: str):
    """The shipped report fully computed: base case, scenarios and every published figure checked."""
    from xl_opgave.core.analyse import analyseer

    ref = laad(naam)
    return analyseer(ref.programma, ref.resultaat_namen, ref.cijfers, aannames=ref.aannames, controles=ref.controles,
                     inhoud=ref.inhoud, bijlagecijfers=ref.bijlagecijfers)


def aannames_per_resultaat(naam: str) -> dict[str, list[str]]:
    """Per stable result name of the shipped report, the ids of the aannames its value rests on.

    For the template's Resultaat (a marker column): every result name is present, with an empty list
    when it rests on none. The aannames themselves (id, naam, reden, plaats) are `laad(naam).aannames`.
    They belong to the report's national inputs: a gebied's own data file makes its own choices.
    Computed once per programme (cached); every call gets its own copy.
    """
    return {naam_: list(ids) for naam_, ids in _aannames(programma_code(naam))[0]}


def aannames_per_cijfer(naam: str) -> dict[str, list[str]]:
    """Per published figure id (gepubliceerd.csv), the aanname ids its recomputed value rests on."""
    return {id_: list(ids) for id_, ids in _aannames(programma_code(naam))[1]}


@cache
def _aannames(code: str) -> tuple[tuple[tuple[str, tuple[str, ...]], ...], tuple[tuple[str, tuple[str, ...]], ...]]:
    # What `analyse(code)` gives for these (its aannames_per_resultaat and each beoordeling's aannames), without
    # judging the published figures: the template generator needs only the dependencies (a tenth of the time).
    from xl_opgave.core.aannames import afhankelijkheden, van_formule
    from xl_opgave.core.rekenen import bereken
    from xl_opgave.core.vergelijking import lees

    ref = laad(code)
    per_sleutel: dict[str, tuple[str, ...]] = {}
    if ref.aannames:
        gedrukt = {c.id: lees(c).bedrag.laag for c in ref.cijfers}
        per_sleutel = afhankelijkheden(ref.programma, ref.aannames, gedrukt.__getitem__, bereken(ref.programma))
    return (tuple((n.naam, tuple(per_sleutel.get(n.sleutel, ()))) for n in ref.resultaat_namen),
            tuple((c.id, van_formule(c.formule, per_sleutel) if c.formule and per_sleutel else ()) for c in ref.cijfers))
