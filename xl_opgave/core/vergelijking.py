"""Compare every published figure with its recomputation and flag what does not add up.

A printed figure's tolerance is half its rounding unit plus, for a printed total of printed parts,
half a unit for each part. Outside it: `fout`. Inside it but not equal to the (rounded) sum of the
printed parts, or not equal to the correctly rounded computed value (a halfway case printed the
other way, or a double rounding): `afronding`. A total whose printed parts include a `fout` is not
flagged again when it is itself right, and is a `fout` when it only follows the wrong part.
The flags are computed here from data; nothing is listed by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from xl_opgave.core.afronding import gelijk, is_halverwege, rond
from xl_opgave.core.bedrag import Bedrag
from xl_opgave.core.expressie import evalueer, namen
from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.opmaak import Gedrukt, getal_nl, lees_gedrukt

FOUT = "fout"
AFRONDING = "afronding"


@dataclass(frozen=True)
class Cijfer:
    """A published figure: where it is printed, what is printed and how it is computed."""

    id: str
    tabel: str
    rij: str
    kolom: str
    gedrukt: str
    afronding: float | None = None
    schaal: str = ""  # "mld" where a table prints bare numbers in € mld.
    formule: str = ""
    delen: tuple[str, ...] = ()
    toelichting: str = ""


@dataclass
class Beoordeling:
    cijfer: Cijfer
    gelezen: Gedrukt
    berekend: Bedrag | None = None
    soort: str | None = None
    reden: str = ""
    tolerantie: float = 0.0
    delen_som: list[Bedrag] = field(default_factory=list)

    @property
    def toelichting(self) -> str:
        if self.cijfer.toelichting:
            return f"{self.cijfer.toelichting} ({self.reden})" if self.reden else self.cijfer.toelichting
        return self.reden

    def getoond(self) -> str:
        """The recomputed figure in the report's own presentation."""
        if self.berekend is None:
            return self.cijfer.gedrukt
        return self.gelezen.sjabloon.toon(_rond(self.berekend, self.gelezen.eenheid))


def cijfers_uit_rijen(rijen: list[dict[str, str]], bron: str) -> list[Cijfer]:
    cijfers = []
    gezien: set[str] = set()
    for rij in rijen:
        plaats = f"rij {rij['_rij']}"
        if rij["id"] in gezien:
            raise InvoerFout(f"dubbel id {rij['id']!r}", bron=bron, plaats=plaats)
        gezien.add(rij["id"])
        afronding = rij.get("afronding", "").replace(",", ".")
        cijfers.append(
            Cijfer(
                id=rij["id"],
                tabel=rij["tabel"],
                rij=rij["rij"],
                kolom=rij["kolom"],
                gedrukt=rij["gedrukt"],
                afronding=float(afronding) if afronding else None,
                schaal=rij.get("schaal", ""),
                formule=rij.get("formule", ""),
                delen=tuple(d.strip() for d in rij.get("delen", "").split("|") if d.strip()),
                toelichting=rij.get("toelichting", ""),
            )
        )
    for cijfer in cijfers:
        for relatie in cijfer.delen:
            for naam in namen(relatie):
                if naam not in gezien:
                    raise InvoerFout(f"{cijfer.id}: deel {naam!r} bestaat niet", bron=bron)
    return cijfers


def beoordeel(cijfers: list[Cijfer], opzoeken: Callable[[str], Bedrag]) -> list[Beoordeling]:
    """Recompute every figure and flag it; `opzoeken` resolves a computed key to an amount."""
    beoordelingen = {c.id: Beoordeling(c, lees_gedrukt(c.gedrukt, c.afronding, schaal=c.schaal)) for c in cijfers}
    for b in beoordelingen.values():
        if b.cijfer.formule:
            try:
                b.berekend = evalueer(b.cijfer.formule, opzoeken)
            except KeyError as fout:
                raise InvoerFout(f"{b.cijfer.id}: {fout.args[0]}") from None
        b.tolerantie = b.gelezen.eenheid / 2
        if b.cijfer.delen:
            b.tolerantie += sum(beoordelingen[n].gelezen.eenheid / 2 for n in namen(b.cijfer.delen[0]))
        for relatie in b.cijfer.delen:
            b.delen_som.append(evalueer(relatie, lambda n: beoordelingen[n].gelezen.bedrag))

    # Pass 1: outside the tolerance.
    for b in beoordelingen.values():
        if b.berekend is None:
            continue
        p, c = b.gelezen.bedrag, b.berekend
        verschil = max(abs(p.laag - c.laag), abs(p.hoog - c.hoog))
        if verschil > b.tolerantie + 1e-9:
            b.soort = FOUT
            b.reden = f"gedrukt {_nl(p)}, berekend {_nl(c)}: verschil {_nl_getal(verschil)} > tolerantie {_nl_getal(b.tolerantie)}"
        elif b.gelezen.met_pm and not c.pm:
            b.soort = FOUT
            b.reden = "gedrukt met PM, maar er is geen PM-post"

    # Pass 2: inside the tolerance but not adding up; repeated because totals build on totals.
    for _ in range(5):
        veranderd = False
        for b in beoordelingen.values():
            if b.berekend is None or b.soort == FOUT:
                continue
            soort, reden = _afronding(b, beoordelingen)
            if (soort, reden) != (b.soort, b.reden):
                b.soort, b.reden = soort, reden
                veranderd = True
        if not veranderd:
            break
    return list(beoordelingen.values())


def _afronding(b: Beoordeling, alle: Mapping[str, Beoordeling]) -> tuple[str | None, str]:
    p, c, u = b.gelezen.bedrag, b.berekend, b.gelezen.eenheid
    assert c is not None
    juist = all(gelijk(pe, rond(ce, u)) for pe, ce in ((p.laag, c.laag), (p.hoog, c.hoog)))
    for relatie, som in zip(b.cijfer.delen, b.delen_som, strict=True):
        foute_delen = [n for n in namen(relatie) if alle[n].soort == FOUT]
        klopt_met_delen = gelijk(p.laag, rond(som.laag, u)) and gelijk(p.hoog, rond(som.hoog, u))
        if foute_delen:
            if not juist and klopt_met_delen:
                return FOUT, f"volgt uit de fout in {', '.join(foute_delen)}; berekend {_nl(c)}"
            continue
        if not klopt_met_delen:
            return AFRONDING, f"gedrukte delen ({relatie}) geven {_nl(som)}, gedrukt {_nl(p)}, berekend {_nl(c)}"
    if not juist:
        if any(is_halverwege(x, u) for x in (c.laag, c.hoog)):
            return (
                AFRONDING,
                f"berekend {_nl(c)} ligt precies halverwege; gedrukt {_nl(p)}, gebruikelijk (half naar boven) {_nl(_rond(c, u))}",
            )
        return (
            AFRONDING,
            f"berekend {_nl(c)}, correct afgerond {_nl(_rond(c, u))}, gedrukt {_nl(p)}: dubbele afronding (afgeronde tussenuitkomsten opgeteld)",
        )
    return None, ""


def _rond(b: Bedrag, eenheid: float) -> Bedrag:
    return Bedrag(rond(b.laag, eenheid), rond(b.hoog, eenheid), b.pm)


def _nl_getal(getal: float) -> str:
    decimalen = 0 if float(getal).is_integer() else (2 if abs(getal * 100 - round(getal * 100)) < 1e-6 else 3)
    return getal_nl(getal, decimalen)


def _nl(b: Bedrag) -> str:
    tekst = _nl_getal(b.laag) if b.is_exact else f"{_nl_getal(b.laag)} – {_nl_getal(b.hoog)}"
    return f"{tekst} {b.pm_teken()}".strip()
