"""Compare every published figure with what the report's own printed inputs allow, and flag it.

The rule (interval arithmetic, `core.intervallen`): every printed input stands for the interval of
its own rounding; each figure's formula over those intervals (clipping at zero included) gives the
values the report's inputs allow, widened by the figure's own rounding.
- outside it: `fout`;
- inside it, but a printed total whose printed parts do not add up (as printed, within the total's
  own rounding): `afronding`, what a reader notices;
- otherwise no flag, ties included (the reports round exact halves toward zero, but 332,5 printed as
  335 is just as much a correct rounding).
Every toelichting is generated from the numbers: the printed arithmetic, and which parts (or the
figure itself, or a different netting) make the difference and by how much, adding up exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache

from xl_opgave.core.afronding import rond_zoals_rapport
from xl_opgave.core.bedrag import Bedrag
from xl_opgave.core.expressie import ExpressieFout, Lineair, evalueer, lineair, namen
from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.intervallen import (
    KANTEN,
    Interval,
    Waarneming,
    Wereld,
    doorreken,
    enkele_sleutel,
    heeft_bandbreedtes,
)
from xl_opgave.core.model import Programma
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

    @property
    def plaats(self) -> str:
        return f"{self.tabel}, {self.rij} – {self.kolom}"


@dataclass
class Beoordeling:
    cijfer: Cijfer
    gelezen: Gedrukt
    berekend: Bedrag | None = None
    soort: str | None = None
    toegestaan: dict[str, Interval] = field(default_factory=dict)  # per end: what the printed inputs allow
    rekensom: str = ""  # the arithmetic a reader can redo
    verschil: list[str] = field(default_factory=list)  # the difference taken apart, adding up
    oorzaak: str = ""  # the likely cause, from the numbers
    aannames: tuple[str, ...] = ()  # ids of the aannames the recomputed value rests on

    @property
    def toelichting(self) -> str:
        delen = [self.rekensom, *self.verschil]
        if self.oorzaak:
            delen.append(f"vermoedelijke oorzaak: {self.oorzaak}")
        if self.aannames:
            delen.append(f"berekend met aanname {', '.join(self.aannames)}")
        return "; ".join(d for d in delen if d)

    def getoond(self) -> str:
        """The recomputed figure in the report's own presentation, rounded as the report rounds."""
        if self.berekend is None:
            return self.cijfer.gedrukt
        return self.gelezen.sjabloon.toon(rond_bedrag(self.berekend, self.gelezen.eenheid))


def rond_bedrag(b: Bedrag, eenheid: float) -> Bedrag:
    """Both ends rounded as the reports round (exact halves toward zero)."""
    return Bedrag(rond_zoals_rapport(b.laag, eenheid), rond_zoals_rapport(b.hoog, eenheid), b.pm, b.nb)


def cijfers_uit_rijen(rijen: list[dict[str, str]], bron: str) -> list[Cijfer]:
    cijfers = []
    gezien: set[str] = set()
    for rij in rijen:
        plaats = f"rij {rij['_rij']}"
        if rij["id"] in gezien:
            raise InvoerFout(f"dubbel id {rij['id']!r}", bron=bron, plaats=plaats)
        gezien.add(rij["id"])
        if rij.get("toelichting", "").strip():
            # Every explanation is generated from the numbers; a hand-written one could contradict them.
            raise InvoerFout("de kolom toelichting blijft leeg: toelichtingen worden uit de getallen gemaakt",
                             bron=bron, plaats=f"{plaats}, kolom toelichting")
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
            )
        )
    for cijfer in cijfers:
        for relatie in cijfer.delen:
            for naam in namen(relatie):
                if naam not in gezien:
                    raise InvoerFout(f"{cijfer.id}: deel {naam!r} bestaat niet", bron=bron)
            try:
                lineair(relatie)
            except ExpressieFout as fout:
                raise InvoerFout(f"{cijfer.id}: delen {relatie!r}: {fout}", bron=bron) from None
    return cijfers


def lees(cijfer: Cijfer) -> Gedrukt:
    return _lees(cijfer.gedrukt, cijfer.afronding, cijfer.schaal)


@cache
def _lees(gedrukt: str, afronding: float | None, schaal: str) -> Gedrukt:
    # A report's figures are read back a dozen times each (the judging, the checks, the aannames, the
    # presentation); a Gedrukt is immutable, so once per text is enough.
    return lees_gedrukt(gedrukt, afronding, schaal=schaal)


def waarnemingen(cijfers: list[Cijfer], gelezen: Mapping[str, Gedrukt]) -> dict[str, list[Waarneming]]:
    """Per computed key, the printed figures that state exactly that key."""
    uit: dict[str, list[Waarneming]] = {}
    for c in cijfers:
        enkel = enkele_sleutel(c.formule) if c.formule else None
        if enkel and not gelezen[c.id].bedrag.nb:
            uit.setdefault(enkel[0], []).append(Waarneming(c.id, enkel[1], gelezen[c.id]))
    return uit


def _einde(b: Bedrag, kant: str) -> float:
    return b.laag if kant == "laag" else b.hoog


@dataclass
class Toets:
    """Everything the judging of one programme needs and leaves behind (worlds, look-ups)."""

    programma: Programma
    zoek: Callable[[str], Bedrag]
    werelden: dict[str, Wereld]
    smal: dict[str, dict[str, Bedrag]]
    waarnemingen: dict[str, list[Waarneming]]
    beoordelingen: dict[str, Beoordeling]

    def kanten(self) -> tuple[str, ...]:
        return tuple(self.werelden)

    def wereld(self, kant: str) -> Wereld:
        return self.werelden.get(kant) or self.werelden["laag"]

    def interval(self, formule: str, kant: str) -> Interval | None:
        """What the printed inputs allow for a formula (an expression over keys, narrowed by printed figures)."""
        enkel = enkele_sleutel(formule)
        wereld = self.wereld(kant)
        if enkel:
            ruw = wereld.ruw.get(enkel[0])
            if ruw is None:
                return None
            return ruw if enkel[1] == 1 else -ruw
        if "scenario." in formule:
            # Scenario figures echo a scenario's own stated amounts: judged on the computation itself.
            return Interval.punt(_einde(evalueer(formule, self.zoek), kant))
        smal = self.smal.get(kant) or self.smal["laag"]

        def opzoeken(sleutel: str) -> Interval:
            if sleutel not in smal:
                raise KeyError(sleutel)
            return Interval.van(smal[sleutel])

        try:
            return evalueer(formule, opzoeken, Interval.punt)
        except (KeyError, ZeroDivisionError):
            return None


def toets(programma: Programma, cijfers: list[Cijfer], zoek: Callable[[str], Bedrag]) -> Toets:
    """Run the interval worlds of a programme against its published figures."""
    gelezen = {c.id: lees(c) for c in cijfers}
    per_sleutel = waarnemingen(cijfers, gelezen)
    kanten = KANTEN if heeft_bandbreedtes(programma) else ("laag",)
    werelden, smal = {}, {}
    for kant in kanten:
        werelden[kant], smal[kant] = doorreken(programma, per_sleutel, kant)
    beoordelingen = {c.id: Beoordeling(c, gelezen[c.id]) for c in cijfers}
    return Toets(programma, zoek, werelden, smal, per_sleutel, beoordelingen)


def beoordeel(cijfers: list[Cijfer], programma: Programma, zoek: Callable[[str], Bedrag],
              aannames: Mapping[str, tuple[str, ...]] | None = None) -> list[Beoordeling]:
    """Recompute every figure, flag it by the interval rule and explain it from the numbers.

    `zoek` resolves a computed key (or ``scenario.<code>.<key>``) to the point value; `aannames`
    (optional) gives per formula the aanname ids its point value rests on.
    """
    t = toets(programma, cijfers, zoek)
    alle = t.beoordelingen
    for b in alle.values():
        if not b.cijfer.formule:
            continue
        try:
            b.berekend = evalueer(b.cijfer.formule, zoek)
        except KeyError as fout:
            raise InvoerFout(f"{b.cijfer.id}: {fout.args[0]}") from None
        if aannames:
            b.aannames = tuple(aannames.get(b.cijfer.formule, ()))
        bereik = not (b.gelezen.bedrag.is_exact and b.berekend.is_exact) or len(t.kanten()) > 1
        for kant in KANTEN if bereik else ("laag",):
            interval = t.interval(b.cijfer.formule, kant)
            if interval is not None:
                b.toegestaan[kant] = interval
    for b in alle.values():
        if b.berekend is None:
            continue
        _fout(b, t)
    for b in alle.values():
        if b.berekend is None or b.soort == FOUT:
            continue
        _afronding(b, t)
    return list(alle.values())


def _buiten(b: Beoordeling) -> dict[str, float]:
    """Per end, how far the printed figure lies outside what the inputs allow (widened by its rounding)."""
    uit = {}
    for kant, interval in b.toegestaan.items():
        afstand = interval.verbreed(b.gelezen.eenheid / 2).afstand(_einde(b.gelezen.bedrag, kant))
        if abs(afstand) > 1e-7 * max(1.0, abs(_einde(b.gelezen.bedrag, kant))):
            uit[kant] = afstand
    return uit


def _interval_tekst(b: Beoordeling) -> str:
    delen = []
    intervallen = dict(b.toegestaan)
    if len(intervallen) == 2 and intervallen["laag"] == intervallen["hoog"]:
        intervallen.pop("hoog")  # an exact quantity in a programme with ranges: both worlds agree
    for kant, i in intervallen.items():
        voor = "" if len(intervallen) == 1 else ("ondergrens " if kant == "laag" else "bovengrens ")
        tekst = f"{getal_kort(i.laag)} – {'onbegrensd' if i.onbegrensd else getal_kort(i.hoog)}"
        delen.append(voor + (getal_kort(i.laag) if i.laag == i.hoog else tekst))
    return " en ".join(delen)


def _fout(b: Beoordeling, t: Toets) -> None:
    assert b.berekend is not None
    buiten = _buiten(b)
    if buiten:
        b.soort = FOUT
        afstand = max(buiten.values(), key=abs)
        b.rekensom = (
            f"gedrukt {tekst_mln(b.gelezen.bedrag)}; de gedrukte invoer laat {_interval_tekst(b)} toe "
            f"(± {getal_kort(b.gelezen.eenheid / 2)} afronding), berekend {tekst_mln(b.berekend)}: "
            f"{getal_kort(abs(afstand))} {'te hoog' if afstand > 0 else 'te laag'} buiten de marge"
        )
        relaties = [_relatie(b, r, t) for r in b.cijfer.delen]
        for r in relaties:
            if r is not None:
                b.verschil.append(r.tekst)
        weggelaten = next((r.weggelaten for r in relaties if r is not None and r.weggelaten), "")
        if not relaties:
            b.verschil.append(_delen_elders(b, t))
        elders = _elders(b, t)
        if elders:
            b.verschil.append(f"elders gedrukt: {elders}")
        if weggelaten:
            b.oorzaak = f"{weggelaten} weggelaten"
        elif elders:
            b.oorzaak = "wijkt af van hetzelfde cijfer elders in het rapport en is niet te herleiden uit de gedrukte invoer"
        else:
            b.oorzaak = "niet te herleiden uit de gedrukte invoer"
    elif b.gelezen.met_pm and not b.berekend.pm:
        b.soort = FOUT
        b.rekensom = f"gedrukt {b.cijfer.gedrukt!r} met PM, maar geen van de posten is PM"
        b.oorzaak = "PM-vermelding zonder PM-post"


def _delen_elders(b: Beoordeling, t: Toets) -> str:
    """For a figure without printed parts of its own: the printed parts of the same quantity elsewhere."""
    enkel = enkele_sleutel(b.cijfer.formule)
    if not enkel:
        return ""
    kandidaten = sorted(t.waarnemingen.get(enkel[0], []), key=lambda w: w.gelezen.eenheid != b.gelezen.eenheid)
    for w in kandidaten:  # the same precision first
        ander = t.beoordelingen[w.id].cijfer
        if ander.id == b.cijfer.id or not ander.delen or w.teken != enkel[1]:
            continue
        vorm = lineair(ander.delen[0])
        waarden = {n: t.beoordelingen[n].gelezen.bedrag.laag for n in vorm.termen}
        return f"uit de gedrukte delen in {ander.tabel}: {_som_tekst(vorm, waarden.__getitem__)} = {getal_kort(vorm.waarde(waarden.__getitem__))}"
    return ""


def _elders(b: Beoordeling, t: Toets) -> str:
    enkel = enkele_sleutel(b.cijfer.formule)
    if not enkel:
        return ""
    wereld = t.wereld("laag")
    andere = [w for w in t.waarnemingen.get(enkel[0], []) if w.id != b.cijfer.id and wereld.binnen.get(w.id)]
    andere.sort(key=lambda w: w.gelezen.eenheid != b.gelezen.eenheid)  # the same precision first
    teksten = []
    for w in andere[:3]:
        c = t.beoordelingen[w.id].cijfer
        teksten.append(f"{c.gedrukt} ({c.tabel})")
    return ", ".join(dict.fromkeys(teksten))


@dataclass
class _Relatie:
    tekst: str
    klopt: bool  # the printed total is a rounding of the printed parts' arithmetic
    weggelaten: str = ""  # a part whose omission gives exactly the printed figure
    methode: bool = False  # the difference is a different netting, not the parts' rounding
    afwijkend_deel: str = ""  # a part printed beyond its own rounding from its recomputation


def _label(b: Beoordeling, zelfde_tabel: str) -> str:
    c = b.cijfer
    return f"{c.rij} – {c.kolom}" if c.tabel == zelfde_tabel else f"{c.tabel} {c.rij} – {c.kolom}"


def _som_tekst(vorm: Lineair, waarde: Callable[[str], float]) -> str:
    stukken = []
    for naam, coef in vorm.termen.items():
        x = waarde(naam)
        teken = "−" if coef * x < 0 else "+"  # '3.050 − 680', also where the part is printed as '- €0,68 mld.'
        a, x = abs(coef), abs(x)
        if abs(a - 1) < 1e-12:
            term = getal_kort(x)
        elif abs(1 / a - round(1 / a)) < 1e-9:
            term = f"{getal_kort(x)} / {getal_kort(round(1 / a))}"
        else:
            term = f"{getal_kort(a)} × {getal_kort(x)}"
        stukken.append((teken, term))
    if vorm.constante:
        stukken.append(("−" if vorm.constante < 0 else "+", getal_kort(abs(vorm.constante))))
    tekst = ""
    for i, (teken, term) in enumerate(stukken):
        tekst += (f"− {term}" if teken == "−" else term) if i == 0 else f" {teken} {term}"
    return tekst


def _relatie(b: Beoordeling, relatie: str, t: Toets) -> _Relatie | None:
    """The printed total against its printed parts: the arithmetic, and the difference taken apart."""
    vorm = lineair(relatie)
    delen = {n: t.beoordelingen[n] for n in vorm.termen}
    kanten = ["laag"] if b.gelezen.bedrag.is_exact else ["laag", "hoog"]
    teksten, klopt, weggelaten, methode, afwijkend = [], True, "", False, ""
    for kant in kanten:
        gedrukt = {n: _einde(d.gelezen.bedrag, kant) for n, d in delen.items()}
        som = vorm.waarde(gedrukt.__getitem__)
        p = _einde(b.gelezen.bedrag, kant)
        verschil = p - som
        voor = "" if len(kanten) == 1 else ("ondergrens: " if kant == "laag" else "bovengrens: ")
        tekst = f"{voor}gedrukte delen {_som_tekst(vorm, gedrukt.__getitem__)} = {getal_kort(som)}"
        if abs(verschil) <= b.gelezen.eenheid / 2 + 1e-7 * max(1.0, abs(p)):
            teksten.append(f"{tekst}, gedrukt {getal_kort(p)}: telt op")
            continue
        klopt = False
        tekst += f", gedrukt {getal_kort(p)}: verschil {_plus(verschil)}"
        # D = (p − c) − Σ coef·(p_i − c_i) + (c − Σ coef·c_i): every term from the numbers, adding up.
        assert b.berekend is not None
        berekend = {n: (_einde(d.berekend, kant) if d.berekend is not None else gedrukt[n]) for n, d in delen.items()}
        c = _einde(b.berekend, kant)
        termen = []
        for n, coef in vorm.termen.items():
            bijdrage = -coef * (gedrukt[n] - berekend[n])
            if abs(bijdrage) > 1e-7:
                d = delen[n]
                aanname = f", aanname {', '.join(d.aannames)}" if d.aannames else ""
                termen.append(f"{_plus(bijdrage)} door {_label(d, b.cijfer.tabel)} (gedrukt {getal_kort(gedrukt[n])}, "
                              f"berekend {getal_kort(berekend[n])}{aanname})")
                if abs(gedrukt[n] - berekend[n]) > d.gelezen.eenheid / 2 + 1e-7:
                    afwijkend = afwijkend or f"{_label(d, b.cijfer.tabel)} gedrukt als {getal_kort(gedrukt[n])}, berekend {getal_kort(berekend[n])}{aanname}"
        zelf = p - c
        if abs(zelf) > 1e-7:
            termen.append(f"{_plus(zelf)} door het cijfer zelf (berekend {getal_kort(c)}, gedrukt {getal_kort(p)})")
        rest = c - vorm.waarde(berekend.__getitem__)
        if abs(rest) > 1e-7:
            uitleg = _verrekening(b, vorm, rest, kant, t)
            termen.append(f"{_plus(rest)} {uitleg}")
            methode = uitleg.startswith("door de verrekening") or methode
        if termen:
            tekst += " = " + " ".join(f"{x}" if i == 0 else f"en {x}" for i, x in enumerate(termen))
        for n, coef in vorm.termen.items():
            weg = coef * gedrukt[n]
            if abs(weg) > 1e-7 and abs(verschil + weg) <= 1e-7 * max(1.0, abs(p)):
                weggelaten = f"{_label(delen[n], b.cijfer.tabel)} ({getal_kort(gedrukt[n])})"
                tekst += f"; zonder {weggelaten} geven de delen precies het gedrukte cijfer"
                break
        teksten.append(tekst)
    return _Relatie("; ".join(teksten), klopt, weggelaten, methode, afwijkend)


def _verrekening(b: Beoordeling, vorm: Lineair, rest: float, kant: str, t: Toets) -> str:
    """A total computed otherwise than the sum of its parts: for a restopgave, the netting, from the numbers."""
    sleutel = enkele_sleutel(b.cijfer.formule)
    omschrijving = "doordat het totaal anders bepaald is dan de som van de delen"
    if not sleutel or not sleutel[0].endswith(("restopgave", "rijksrestopgave")):
        return omschrijving
    rijks = sleutel[0].endswith("rijksrestopgave")
    pijler = sleutel[0].rsplit(".", 1)[0]
    overschotten, totaal = [], 0.0
    for n in vorm.termen:
        enkel = enkele_sleutel(t.beoordelingen[n].cijfer.formule)
        if not enkel or not enkel[0].startswith(pijler + "."):
            return omschrijving
        onderdeel = enkel[0].rsplit(".", 1)[0]
        x = _einde(t.zoek(f"{onderdeel}.{'rijksoverschot' if rijks else 'overschot'}"), kant)
        if x > 1e-9:
            code = onderdeel.rsplit(".", 1)[1]
            naam = next((o.naam for o in t.programma.onderdelen if o.code == code), code)
            overschotten.append(f"{getal_kort(x)} overschot op {naam}")
            totaal += x
    breed = _einde(t.zoek(f"{pijler}.pijlerbreed.{'rijksfinanciering' if rijks else 'dekking'}"), kant)
    if abs(rest + totaal + breed) > 1e-6 * max(1.0, abs(rest)):
        return omschrijving
    stukken = overschotten + ([f"{getal_kort(breed)} pijlerbrede dekking"] if breed > 1e-9 else [])
    return ("door de verrekening: het totaal is op totaalniveau verrekend, zodat " + " en ".join(stukken)
            + " ervan afgaan; de delen zijn per onderdeel op nul afgekapt")


def _afronding(b: Beoordeling, t: Toets) -> None:
    relaties = [r for r in (_relatie(b, rel, t) for rel in b.cijfer.delen) if r is not None]
    if all(r.klopt for r in relaties):
        return
    b.soort = AFRONDING
    b.rekensom = "; ".join(r.tekst for r in relaties if not r.klopt)
    b.verschil = [f"binnen wat de gedrukte invoer toelaat ({_interval_tekst(b)})"] if b.toegestaan else []
    fout = next((r for r in relaties if not r.klopt), relaties[0])
    if fout.weggelaten:
        b.oorzaak = f"{fout.weggelaten} weggelaten"
    elif fout.methode:
        b.oorzaak = "andere verrekening: de delen per onderdeel, het totaal op totaalniveau"
    elif "anders bepaald" in fout.tekst:
        b.oorzaak = "het totaal is apart gedrukt, niet uit deze (afgeronde) delen berekend"
    elif fout.afwijkend_deel:
        b.oorzaak = f"een deel wijkt af: {fout.afwijkend_deel}"
    else:
        b.oorzaak = "afronding: de delen en het totaal zijn elk afgerond"


def _plus(x: float) -> str:
    return f"+{getal_kort(x)}" if x > 0 else f"−{getal_kort(-x)}"


def tekst_mln(b: Bedrag) -> str:
    tekst = getal_kort(b.laag) if b.is_exact else f"{getal_kort(b.laag)} – {getal_kort(b.hoog)}"
    return f"{tekst} {b.pm_teken()}".strip()


def interval_tekst(b: Beoordeling) -> str:
    """What the printed inputs allow for a figure, in words ('2.370 – 2.377,5', 'ondergrens … en bovengrens …')."""
    return _interval_tekst(b)


__all__ = ["AFRONDING", "FOUT", "Beoordeling", "Cijfer", "Toets", "beoordeel", "cijfers_uit_rijen", "interval_tekst", "lees",
           "rond_bedrag", "tekst_mln", "toets"]
