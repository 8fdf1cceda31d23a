"""Aannames: inputs the report does not state as such, and which results rest on them.

An aanname names the inputs it sets (a split, a scaling, a choice between two printed readings),
says why in one line and where, and lists the other readings the report allows, each as expressions
over printed figure ids (`t5.wokt.c`, `t5.wokt.r / 0.65 - t5.wokt.r`), so every number in it comes
from the report. A result rests on an aanname when it changes under one of those other readings:
computed once per programme (one `bereken` per reading), not carried by every amount, so `bereken`
itself stays as fast as it was. A reading that gives the same outcome everywhere (a split that keeps
every printed total) shows that no result rests on that choice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from xl_opgave.core.afronding import gelijk
from xl_opgave.core.bedrag import Bedrag
from xl_opgave.core.expressie import evalueer, namen
from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.model import DekkingsPost, Programma
from xl_opgave.core.rekenen import Uitkomsten, bereken

SOORTEN_INVOER = ("opgave", "dekking", "component", "jaren")
WEG = "weg"  # a reading without this input at all (e.g. no PM item)


@dataclass(frozen=True)
class Invoer:
    """One input an aanname sets, e.g. dekking tot2030 / bereikbaarheid / WoKT 2.0 / cofinanciering."""

    soort: str
    velden: tuple[tuple[str, str], ...]

    def veld(self, naam: str, standaard: str = "") -> str:
        return dict(self.velden).get(naam, standaard)

    def omschrijving(self) -> str:
        return f"{self.soort} " + ", ".join(v for k, v in self.velden if k != "soort" and v)


@dataclass(frozen=True)
class Lezing:
    naam: str
    waarden: tuple[str, ...]  # per input: an expression over printed figure ids, or "weg"


@dataclass(frozen=True)
class Aanname:
    id: str
    naam: str
    reden: str  # one line
    plaats: str  # where in the report
    invoer: tuple[Invoer, ...]
    gekozen: tuple[str, ...] = ()  # per input: the expression over printed ids that gives the value used
    lezingen: tuple[Lezing, ...] = ()


def aannames_uit_toml(waarden: Iterable[Mapping[str, object]], bron: str) -> tuple[Aanname, ...]:
    uit = []
    for nummer, w in enumerate(waarden, start=1):
        plaats = f"aanname {w.get('id', nummer)!r}"
        try:
            invoer = tuple(
                Invoer(str(i["soort"]), tuple((str(k), str(v)) for k, v in i.items()))
                for i in w["invoer"]  # type: ignore[union-attr]
            )
            for i in invoer:
                if i.soort not in SOORTEN_INVOER:
                    raise InvoerFout(f"onbekende soort invoer {i.soort!r} (kies uit {', '.join(SOORTEN_INVOER)})",
                                     bron=bron, plaats=plaats)
            lezingen = tuple(
                Lezing(str(lz["naam"]), tuple(str(x) for x in lz["waarden"]))  # type: ignore[index]
                for lz in w.get("lezing", [])  # type: ignore[union-attr]
            )
            aanname = Aanname(
                id=str(w["id"]),
                naam=str(w["naam"]),
                reden=str(w["reden"]),
                plaats=str(w["plaats"]),
                invoer=invoer,
                gekozen=tuple(str(x) for x in w.get("gekozen", [])),  # type: ignore[union-attr]
                lezingen=lezingen,
            )
        except KeyError as fout:
            raise InvoerFout(f"verplicht veld {fout.args[0]!r} ontbreekt", bron=bron, plaats=plaats) from None
        for reeks in (aanname.gekozen, *(lz.waarden for lz in aanname.lezingen)):
            if reeks and len(reeks) != len(aanname.invoer):
                raise InvoerFout(f"{len(reeks)} waarden voor {len(aanname.invoer)} invoer", bron=bron, plaats=plaats)
        uit.append(aanname)
    if len({a.id for a in uit}) != len(uit):
        raise InvoerFout("dubbel aanname-id", bron=bron)
    return tuple(uit)


def waarde(expressie: str, gedrukt: Callable[[str], float]) -> float | None:
    """An expression over printed figure ids as a number (None for 'weg')."""
    if expressie.strip().lower() == WEG:
        return None
    return evalueer(expressie, lambda n: Bedrag.exact(gedrukt(n))).laag


def _is_dekking(d: DekkingsPost, i: Invoer) -> bool:
    return (d.periode == i.veld("periode") and d.pijler == i.veld("pijler")
            and d.onderdeel == i.veld("onderdeel") and d.bron.lower() == i.veld("bron").lower())


def invoerwaarde(programma: Programma, i: Invoer) -> float | None:
    """The value an input has in the programme (None: the input is absent)."""
    if i.soort == "opgave":
        for p in programma.opgaven:
            if (p.periode, p.onderdeel, p.categorie) == (i.veld("periode"), i.veld("onderdeel"), i.veld("categorie", "opgave")):
                return p.bedrag.laag
    elif i.soort == "dekking":
        for d in programma.dekkingen:
            if _is_dekking(d, i):
                return getattr(d, i.veld("veld")).laag
    elif i.soort == "component":
        for c in programma.componenten:
            if (c.periode, c.pijler, c.code) == (i.veld("periode"), i.veld("pijler"), i.veld("code")):
                return getattr(c, i.veld("veld")).laag
    elif i.soort == "jaren":
        return float(programma.periode(i.veld("periode")).jaren)
    return None


def zet(programma: Programma, i: Invoer, nieuw: float | None) -> Programma:
    """The programme with one input set (None removes it); an absent dekking row is added."""
    if i.soort == "opgave":
        sleutel = (i.veld("periode"), i.veld("onderdeel"), i.veld("categorie", "opgave"))
        opgaven = tuple(
            replace(p, bedrag=Bedrag.exact(nieuw)) if (p.periode, p.onderdeel, p.categorie) == sleutel and nieuw is not None else p
            for p in programma.opgaven
            if nieuw is not None or (p.periode, p.onderdeel, p.categorie) != sleutel
        )
        return programma.met(opgaven=opgaven)
    if i.soort == "dekking":
        veld = i.veld("veld")
        if nieuw is None:
            return programma.met(dekkingen=tuple(d for d in programma.dekkingen if not _is_dekking(d, i)))
        if not any(_is_dekking(d, i) for d in programma.dekkingen):
            leeg = DekkingsPost(i.veld("periode"), i.veld("pijler"), i.veld("onderdeel"), i.veld("bron"), Bedrag(), Bedrag())
            programma = programma.met(dekkingen=(*programma.dekkingen, leeg))
        dekkingen = tuple(replace(d, **{veld: Bedrag.exact(nieuw)}) if _is_dekking(d, i) else d for d in programma.dekkingen)
        return programma.met(dekkingen=dekkingen)
    if i.soort == "component":
        componenten = tuple(
            replace(c, **{i.veld("veld"): Bedrag.exact(nieuw or 0.0)})
            if (c.periode, c.pijler, c.code) == (i.veld("periode"), i.veld("pijler"), i.veld("code")) else c
            for c in programma.componenten
        )
        return programma.met(componenten=componenten)
    perioden = tuple(replace(p, jaren=int(nieuw or 0)) if p.code == i.veld("periode") else p for p in programma.perioden)
    return programma.met(perioden=perioden)


def lezing_toegepast(programma: Programma, aanname: Aanname, lezing: Lezing, gedrukt: Callable[[str], float]) -> Programma:
    for i, expressie in zip(aanname.invoer, lezing.waarden, strict=True):
        programma = zet(programma, i, waarde(expressie, gedrukt))
    return programma


def _verschilt(a: Bedrag | None, b: Bedrag | None) -> bool:
    if a is None or b is None:
        return a is not b
    if a.nb or b.nb:
        return a.nb != b.nb
    return not (gelijk(a.laag, b.laag) and gelijk(a.hoog, b.hoog) and a.pm == b.pm)


def afhankelijkheden(programma: Programma, aannames: Sequence[Aanname], gedrukt: Callable[[str], float],
                     basis: Uitkomsten | None = None) -> dict[str, tuple[str, ...]]:
    """Per computed key, the ids of the aannames it rests on (keys resting on none are left out)."""
    basis = basis if basis is not None else bereken(programma)
    per_sleutel: dict[str, set[str]] = {}
    for aanname in aannames:
        for lezing in aanname.lezingen:
            ander = bereken(lezing_toegepast(programma, aanname, lezing, gedrukt))
            for sleutel in set(basis) | set(ander):
                if _verschilt(basis.get(sleutel), ander.get(sleutel)):
                    per_sleutel.setdefault(sleutel, set()).add(aanname.id)
    return {k: tuple(sorted(v)) for k, v in per_sleutel.items()}


def van_formule(formule: str, per_sleutel: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The aannames a published figure's formula rests on (a scenario key as its base key)."""
    ids: set[str] = set()
    for naam in namen(formule):
        if naam.startswith("scenario."):
            naam = naam.split(".", 2)[2]
        ids.update(per_sleutel.get(naam, ()))
    return tuple(sorted(ids))


def controleer_gekozen(programma: Programma, aannames: Sequence[Aanname], gedrukt: Callable[[str], float],
                       bron: str = "") -> None:
    """Every `gekozen` expression gives the value the data uses (within a cent): the reason is the data's reason."""
    for a in aannames:
        for i, expressie in zip(a.invoer, a.gekozen, strict=False):
            verwacht, werkelijk = waarde(expressie, gedrukt), invoerwaarde(programma, i)
            if verwacht is None and werkelijk is None:
                continue
            if verwacht is None or werkelijk is None or abs(verwacht - werkelijk) > 0.01:
                raise InvoerFout(f"aanname {a.id}: {i.omschrijving()} is {werkelijk}, maar {expressie!r} geeft {verwacht}",
                                 bron=bron)


__all__ = ["Aanname", "Invoer", "Lezing", "WEG", "aannames_uit_toml", "afhankelijkheden", "controleer_gekozen",
           "invoerwaarde", "lezing_toegepast", "van_formule", "waarde", "zet"]
