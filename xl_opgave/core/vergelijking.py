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
from xl_opgave.core.opmaak import Gedrukt, getal_kort, lees_gedrukt

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
    draagt_fout: tuple[str, ...] = ()  # the wrong parts this figure (inside its margin) carries along

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
        # A total of printed parts may differ by half a unit per part; with several relations (a row
        # and a column total) the one with the most parts sets the margin.
        b.tolerantie = b.gelezen.eenheid / 2 + max(
            (sum(beoordelingen[n].gelezen.eenheid / 2 for n in namen(r)) for r in b.cijfer.delen), default=0.0
        )
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
            b.reden = f"gedrukt {tekst_mln(p)}, berekend {tekst_mln(c)}: verschil {getal_kort(verschil)} > tolerantie {getal_kort(b.tolerantie)}"
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
    juist = _gelijk_afgerond(p, c, u)
    for relatie, som in zip(b.cijfer.delen, b.delen_som, strict=True):
        foute_delen = [n for n in namen(relatie) if alle[n].soort == FOUT or alle[n].draagt_fout]
        klopt_met_delen = _gelijk_afgerond(p, som, u)
        if foute_delen:
            if not juist and klopt_met_delen:
                # Inside the margin, so by the rule not a `fout` itself: it only carries the wrong part.
                b.draagt_fout = tuple(foute_delen)
                return (
                    AFRONDING,
                    f"binnen de marge, maar volgt uit de fout in {', '.join(foute_delen)}; berekend {tekst_mln(c)}",
                )
            continue
        if not klopt_met_delen:
            return AFRONDING, _reden_delen(relatie, som, p, c, u, alle)
    if not juist:
        if any(is_halverwege(x, u) for x in (c.laag, c.hoog)):
            return (
                AFRONDING,
                f"berekend {tekst_mln(c)} ligt precies halverwege; gedrukt {tekst_mln(p)}, gebruikelijk (half naar boven) {tekst_mln(_rond(c, u))}",
            )
        return (
            AFRONDING,
            f"berekend {tekst_mln(c)}, correct afgerond {tekst_mln(_rond(c, u))}, gedrukt {tekst_mln(p)}: dubbele afronding (afgeronde tussenuitkomsten opgeteld)",
        )
    return None, ""


def _gelijk_afgerond(gedrukt: Bedrag, waarde: Bedrag, eenheid: float) -> bool:
    return gelijk(gedrukt.laag, rond(waarde.laag, eenheid)) and gelijk(gedrukt.hoog, rond(waarde.hoog, eenheid))


def _reden_delen(relatie: str, som: Bedrag, p: Bedrag, c: Bedrag, u: float, alle: Mapping[str, Beoordeling]) -> str:
    """Why a printed total is not the sum of its printed parts: rounding of the parts, or another method."""
    reden = f"gedrukte delen ({relatie}) geven {tekst_mln(som)}, gedrukt {tekst_mln(p)}, berekend {tekst_mln(c)}"
    delen = namen(relatie)
    if all(alle[n].berekend is not None for n in delen):
        som_berekend = evalueer(relatie, lambda n: alle[n].berekend)  # type: ignore[arg-type, return-value]
        if _gelijk_afgerond(som, som_berekend, u) and not _gelijk_afgerond(som, c, u):
            # The parts are right and add up as printed; the total is computed differently.
            verschil = getal_kort(abs(som_berekend.laag - c.laag))
            reden += (
                f"; geen afronding van de delen: die kloppen en tellen op tot {tekst_mln(som_berekend)}, maar het totaal is"
                f" anders bepaald (verschil {verschil})"
            )
            if alle[delen[0]].cijfer.formule.endswith("restopgave"):
                reden += (
                    ": de delen zijn per onderdeel op nul afgekapt, het totaal is op totaalniveau verrekend,"
                    " zodat een overschot op een onderdeel een tekort elders dekt"
                )
    return reden


def _rond(b: Bedrag, eenheid: float) -> Bedrag:
    return Bedrag(rond(b.laag, eenheid), rond(b.hoog, eenheid), b.pm)


def tekst_mln(b: Bedrag) -> str:
    tekst = getal_kort(b.laag) if b.is_exact else f"{getal_kort(b.laag)} – {getal_kort(b.hoog)}"
    return f"{tekst} {b.pm_teken()}".strip()
