"""What the report's own printed inputs allow for every quantity: interval arithmetic over the model.

Every printed amount stands for the interval of its own rounding (€ 445 printed to €5 mln is
442,5 – 447,5; ties included). An input of the model takes the intervals of the figures that print
it (an input no figure prints, such as a source's split over thema's, is bounded only by zero).
`bereken` then runs over these intervals (the core's own arithmetic, clipping at zero included) and
at every key the printed figures of that key are judged against the interval its inputs allow
(before that key's own figures are used: leave-own-out). Figures inside it narrow the key for
everything computed from it; so 3.050 − 675 bounds the restopgave to 2.370 – 2.380 even though five
opgaven of ±2,5 and seven dekkingen of ±2,5 alone would allow ±30.

Sound: an interval always contains every value the accepted printed figures allow, so a printed
figure outside it (widened by its own rounding) cannot be a correct rounding of anything the
report's inputs allow. Ranges (NPVR "€0,6 – €1,1 mld.") are two worlds: one for the low ends,
one for the high ends. Inputs the aannames of xl_opgave choose play no part: the intervals come
from printed figures only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from xl_opgave.core.bedrag import Bedrag
from xl_opgave.core.model import Programma
from xl_opgave.core.opmaak import Gedrukt
from xl_opgave.core.rekenen import bereken, bron_sleutel

# An input no printed figure bounds: [0, ONBEGRENSD]. Finite on purpose: 0 × ∞ would be NaN.
ONBEGRENSD = 1e12
KANTEN = ("laag", "hoog")


def _eps(x: float) -> float:
    return 1e-7 * max(1.0, abs(x))


@dataclass(frozen=True, slots=True)
class Interval:
    """A closed interval [laag, hoog] with the arithmetic of interval analysis."""

    laag: float
    hoog: float

    @staticmethod
    def punt(waarde: float) -> Interval:
        return Interval(waarde, waarde)

    @staticmethod
    def van(bedrag: Bedrag) -> Interval:
        return Interval(bedrag.laag, bedrag.hoog)

    @property
    def onbegrensd(self) -> bool:
        return self.hoog >= ONBEGRENSD / 10

    def __add__(self, ander: Interval) -> Interval:
        return Interval(self.laag + ander.laag, self.hoog + ander.hoog)

    def __neg__(self) -> Interval:
        return Interval(-self.hoog, -self.laag)

    def __sub__(self, ander: Interval) -> Interval:
        return self + (-ander)

    def __mul__(self, ander: Interval) -> Interval:
        producten = [a * b for a in (self.laag, self.hoog) for b in (ander.laag, ander.hoog)]
        return Interval(min(producten), max(producten))

    def __truediv__(self, ander: Interval) -> Interval:
        if ander.laag <= 0 <= ander.hoog:
            raise ZeroDivisionError("deling door een interval dat nul bevat")
        return self * Interval(1.0 / ander.hoog, 1.0 / ander.laag)

    def afgekapt(self) -> Interval:
        return Interval(max(0.0, self.laag), max(0.0, self.hoog))

    def verbreed(self, marge: float) -> Interval:
        return Interval(self.laag - marge, self.hoog + marge)

    def snijd(self, ander: Interval) -> Interval | None:
        laag, hoog = max(self.laag, ander.laag), min(self.hoog, ander.hoog)
        if laag > hoog + _eps(hoog):
            return None
        return Interval(laag, max(laag, hoog))

    def bevat(self, waarde: float) -> bool:
        return self.laag - _eps(self.laag) <= waarde <= self.hoog + _eps(self.hoog)

    def afstand(self, waarde: float) -> float:
        """How far `waarde` lies outside (0 inside), signed: negative below, positive above."""
        if waarde < self.laag:
            return waarde - self.laag
        if waarde > self.hoog:
            return waarde - self.hoog
        return 0.0


def gedrukt_interval(gelezen: Gedrukt, kant: str) -> Interval:
    """The values one end of a printed figure stands for: ± half its rounding unit, ties included."""
    waarde = gelezen.bedrag.laag if kant == "laag" else gelezen.bedrag.hoog
    return Interval.punt(waarde).verbreed(gelezen.eenheid / 2)


def enkele_sleutel(formule: str) -> tuple[str, int] | None:
    """`key` → (key, 1), `- key` → (key, -1); None for an expression or a scenario key."""
    tokens = formule.split()
    if len(tokens) == 1:
        sleutel, teken = tokens[0], 1
    elif len(tokens) == 2 and tokens[0] == "-":
        sleutel, teken = tokens[1], -1
    else:
        return None
    if sleutel.startswith("scenario.") or _is_getal(sleutel):
        return None
    return sleutel, teken


def _is_getal(tekst: str) -> bool:
    try:
        float(tekst)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Waarneming:
    """One printed figure that states a key: its id, sign (`- key`) and what is printed."""

    id: str
    teken: int
    gelezen: Gedrukt

    def interval(self, kant: str) -> Interval:
        """The key's values this figure stands for."""
        i = gedrukt_interval(self.gelezen, kant)
        return i if self.teken == 1 else -i


@dataclass
class Wereld:
    """One run of the model over intervals (the low or the high ends of every range)."""

    kant: str
    ruw: dict[str, Interval] = field(default_factory=dict)  # allowed by the inputs, before the key's own figures
    smal: dict[str, Interval] = field(default_factory=dict)  # after the accepted figures of the key
    binnen: dict[str, bool] = field(default_factory=dict)  # figure id → inside its key's interval


def _invoer_sleutels(programma: Programma) -> dict[tuple, list[str]]:
    """For every input field, the computed keys that equal that input alone (so printed figures of it bound it)."""
    uit: dict[tuple, list[str]] = {}
    telling: dict[tuple, int] = defaultdict(int)
    for post in programma.opgaven:
        telling[("opgave", post.periode, post.onderdeel, post.categorie, post.variant)] += 1
        telling[("opgave", post.periode, post.onderdeel, post.categorie)] += 1
    for i, post in enumerate(programma.opgaven):
        q = post.pijler
        basis = f"{post.periode}.{q}.{post.onderdeel}.{post.categorie}"
        sleutels = []
        if not post.variant and telling[("opgave", post.periode, post.onderdeel, post.categorie)] == 1:
            sleutels.append(basis)
        if post.variant and telling[("opgave", post.periode, post.onderdeel, post.categorie, post.variant)] == 1:
            sleutels.append(f"{basis}.variant.{post.variant}")
        uit[("opgave", i)] = sleutels
    per_bron: dict[tuple, int] = defaultdict(int)
    per_onderdeel: dict[tuple, int] = defaultdict(int)
    for d in programma.dekkingen:
        per_bron[(d.periode, d.pijler, bron_sleutel(d.bron))] += 1
        per_onderdeel[(d.periode, d.pijler, d.onderdeel)] += 1
    for i, d in enumerate(programma.dekkingen):
        for veld in ("cofinanciering", "rijksfinanciering"):
            sleutels = []
            if per_bron[(d.periode, d.pijler, bron_sleutel(d.bron))] == 1:
                sleutels.append(f"{d.periode}.{d.pijler}.bron.{bron_sleutel(d.bron)}.{veld}")
            if per_onderdeel[(d.periode, d.pijler, d.onderdeel)] == 1:
                plek = d.onderdeel or "pijlerbreed"
                sleutels.append(f"{d.periode}.{d.pijler}.{plek}.{veld}")
            uit[("dekking", i, veld)] = sleutels
    for i, c in enumerate(programma.componenten):
        for veld in ("opgave", "rijksdeel"):
            uit[("component", i, veld)] = [f"{c.periode}.{c.pijler}.component.{c.code}.{veld}"]
    for i, k in enumerate(programma.kerncijfers):
        uit[("kern", i)] = [f"kern.{k.code}"]
    return uit


def _invoer_interval(bedrag: Bedrag, sleutels: Iterable[str], waarnemingen: Mapping[str, list[Waarneming]],
                     kant: str) -> Bedrag:
    """An input as the interval its printed figures allow (one end of a range), PM and n.b. kept."""
    if bedrag.nb or (bedrag.laag == bedrag.hoog == 0 and bedrag.pm):
        return bedrag  # a PM item has no amount in any printed figure; n.b. none at all
    interval: Interval | None = Interval(0.0, ONBEGRENSD)
    for sleutel in sleutels:
        for w in waarnemingen.get(sleutel, []):
            if interval is not None:
                interval = interval.snijd(w.interval(kant))
    if interval is None:  # its printed figures contradict each other: fall back to no bound
        interval = Interval(0.0, ONBEGRENSD)
    return Bedrag(interval.laag, interval.hoog, bedrag.pm, bedrag.nb)


def intervalprogramma(programma: Programma, waarnemingen: Mapping[str, list[Waarneming]], kant: str) -> Programma:
    """The programme with every input replaced by the interval its printed figures allow."""
    sleutels = _invoer_sleutels(programma)

    def zet(soort: str, i: int, bedrag: Bedrag, veld: str = "") -> Bedrag:
        return _invoer_interval(bedrag, sleutels[(soort, i, veld) if veld else (soort, i)], waarnemingen, kant)

    # A range input (NPVR) is two worlds; in each the input is one end (its own printed interval).
    def kies(bedrag: Bedrag) -> Bedrag:
        return bedrag if bedrag.is_exact else bedrag.kies(kant)

    opgaven = tuple(replace(p, bedrag=zet("opgave", i, kies(p.bedrag))) for i, p in enumerate(programma.opgaven))
    dekkingen = tuple(
        replace(d, cofinanciering=zet("dekking", i, kies(d.cofinanciering), "cofinanciering"),
                rijksfinanciering=zet("dekking", i, kies(d.rijksfinanciering), "rijksfinanciering"))
        for i, d in enumerate(programma.dekkingen)
    )
    componenten = tuple(
        replace(c, opgave=zet("component", i, kies(c.opgave), "opgave"),
                rijksdeel=zet("component", i, kies(c.rijksdeel), "rijksdeel"))
        for i, c in enumerate(programma.componenten)
    )
    kern = tuple(replace(k, waarde=zet("kern", i, kies(k.waarde))) for i, k in enumerate(programma.kerncijfers))
    return programma.met(opgaven=opgaven, dekkingen=dekkingen, componenten=componenten, kerncijfers=kern)


def heeft_bandbreedtes(programma: Programma) -> bool:
    bedragen = [p.bedrag for p in programma.opgaven] + [c.opgave for c in programma.componenten]
    bedragen += [d.cofinanciering for d in programma.dekkingen] + [d.rijksfinanciering for d in programma.dekkingen]
    bedragen += [k.waarde for k in programma.kerncijfers]
    return any(not b.nb and not b.is_exact for b in bedragen)


def doorreken(programma: Programma, waarnemingen: Mapping[str, list[Waarneming]], kant: str) -> tuple[Wereld, dict[str, Bedrag]]:
    """Run the model over intervals; judge and apply the printed figures of every key as it is computed."""
    wereld = Wereld(kant)
    intervallen = intervalprogramma(programma, waarnemingen, kant)

    def waarnemer(sleutel: str, bedrag: Bedrag) -> Bedrag:
        if bedrag.nb:
            return bedrag
        ruw = Interval.van(bedrag)
        wereld.ruw[sleutel] = ruw
        smal: Interval | None = ruw
        for w in waarnemingen.get(sleutel, []):
            eigen = w.interval(kant)
            binnen = eigen.snijd(ruw) is not None
            wereld.binnen[w.id] = binnen
            if binnen:
                smal = smal.snijd(eigen) if smal is not None else None
        if smal is None:
            # Each inside, together impossible: two printings of one quantity contradict each other (the
            # same-quantity check names them). Which is right is unknown, so neither narrows the key.
            smal = ruw
        wereld.smal[sleutel] = smal
        return Bedrag(smal.laag, smal.hoog, bedrag.pm, bedrag.nb)

    uitkomsten = bereken(intervallen, waarnemer)
    return wereld, dict(uitkomsten)


__all__ = ["KANTEN", "ONBEGRENSD", "Interval", "Waarneming", "Wereld", "doorreken", "enkele_sleutel",
           "gedrukt_interval", "heeft_bandbreedtes", "intervalprogramma"]
