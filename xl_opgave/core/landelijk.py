"""The national picture of gebieden whose verdeelsleutels, and even numbers of years, may differ.

The verdeelsleutels of different gebieden cannot be added, so the national picture is built from
amounts: per periode, pijler and onderdeel the sums over the gebieden of opgave, Rijksdeel (an amount:
each gebied's own opgave times its own key), cofinanciering and Rijksfinanciering (the categories of
NPVR, and the dekking for the whole pillar), and from those sums the report's quantities with the core's
own netting rules (`core.rekenen`): the restopgave on total level and per onderdeel, the
Rijks-restopgave, per pillar, per period and over the horizon.

Per year: each gebied's amounts divided by its own number of years, added up, and netted the same way.
When every gebied has the template's years this is the national amount divided by those years (up to
the last bit); when they differ, it is what the gebieden say per year (`Landelijk.jaren_verschillen`).

Nationally a surplus of dekking in one gebied offsets a shortage in another; in a gebied's own
restopgave it is clipped at zero. `Landelijk.verschil(key)` is the sum of the gebieden' own values minus
the national one; for a restopgave `afkapping(key)` (the gebieden' overschotten minus the national
overschot) and `zonder_eigen_rijksdeel(key)` (Rijksfinanciering of gebieden without a Rijksdeel of their
own there) add up to it exactly: a property test holds that identity.

Two steps, so that a reader of a thousand workbooks keeps a few kilobytes per gebied rather than each
gebied's whole namespace: `bijdrage(vorm, …)` takes from one gebied's outcomes what it adds (floats in
arrays, in the fixed key order of `Schema(vorm)`), `tel_op(vorm, bijdragen)` adds them up in the order
given (the same order gives the same bits) and nets. `tel_gebieden_op` does both.

Keys follow `bereken`'s namespace, so a `ResultaatNaam.sleutel` reads the national value. Not added up:
what only the national report has (kerncijfers, the extra estimates over the horizon, the components of
NPLV Tabel 2) and the amounts per source (the gebieden name their sources as they like).

Standard library only (this is the core).
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from xl_opgave.core.bedrag import NUL, Bedrag, PmPost, som
from xl_opgave.core.model import Programma
from xl_opgave.core.rekenen import JAARLIJKS, OPTELBAAR

_PER_ONDERDEEL = ("opgave", "rijksdeel", "cofinanciering", "rijksfinanciering")
_PIJLERBREED = ("cofinanciering", "rijksfinanciering")
# Netted quantities: recomputed from the national sums, never added up.
NETTO = ("restopgave", "overschot", "rijksrestopgave", "rijksoverschot", "restopgave_per_onderdeel",
         "rijksrestopgave_per_onderdeel", "overschot_onderdelen", "rijksoverschot_onderdelen")
_JAAR = "jaarlijks:"  # prefix of an amount per year in a Bijdrage
_ZONDER = "zonder_rijksdeel:"  # prefix: Rijksfinanciering where the gebied has no Rijksdeel (n.b.)


@dataclass(frozen=True)
class Gebiedsuitkomst:
    """One gebied as it counts nationally: its programme (for its years) and its outcomes (`bereken` of its
    own inputs with its own scenario switches)."""

    gebied: str
    programma: Programma
    uitkomsten: Mapping[str, Bedrag]


class Schema:
    """The keys a gebied contributes, in a fixed order, for programmes of this shape."""

    def __init__(self, vorm: Programma) -> None:
        extra = _extra(vorm)
        optelbaar: list[str] = []
        eigen: list[str] = []
        self.varianten: dict[str, tuple[str, str]] = {}  # variant key → (its category key, the variant)
        for periode in vorm.perioden:
            p = periode.code
            for pijler in vorm.pijlers:
                basis_q = f"{p}.{pijler.code}"
                for onderdeel in vorm.onderdelen_van(pijler.code):
                    basis = f"{basis_q}.{onderdeel.code}"
                    optelbaar += [f"{basis}.{g}" for g in _PER_ONDERDEEL]
                    for categorie in extra:
                        varianten = _varianten(vorm, p, onderdeel.code, categorie)
                        for v in varianten:
                            self.varianten[f"{basis}.{categorie}.variant.{v}"] = (f"{basis}.{categorie}", v)
                        optelbaar += ([f"{basis}.{categorie}.variant.{v}" for v in varianten] if varianten
                                      else [f"{basis}.{categorie}"])
                    eigen += [f"{basis}.{g}" for g in ("restopgave", "overschot", "rijksrestopgave", "rijksoverschot")]
                    eigen.append(f"{_ZONDER}{basis}")
                optelbaar += [f"{basis_q}.pijlerbreed.{g}" for g in _PIJLERBREED]
                eigen += [f"{basis_q}.{g}" for g in NETTO]
                eigen.append(f"{_ZONDER}{basis_q}")
            eigen += [f"{p}.totaal.{g}" for g in NETTO]
        eigen += [f"horizon.{s}.{g}" for s in [*(q.code for q in vorm.pijlers), "totaal"] for g in NETTO]
        self.optelbaar = tuple(optelbaar)
        self.sleutels = (*optelbaar, *(_JAAR + k for k in optelbaar), *eigen)
        self.index = {k: i for i, k in enumerate(self.sleutels)}
        self.perioden = tuple(p.code for p in vorm.perioden)


_SCHEMAS: dict[tuple, Schema] = {}


def _schema(vorm: Programma) -> Schema:
    """One schema per shape (a programme is not hashable as a whole: its scenarios may hold lists)."""
    vorm_sleutel = (vorm.code, tuple((p.code, p.jaren) for p in vorm.perioden), tuple(q.code for q in vorm.pijlers),
                    tuple((o.code, o.pijler) for o in vorm.onderdelen), tuple(c.code for c in vorm.categorieen),
                    tuple((o.periode, o.onderdeel, o.categorie, o.variant) for o in vorm.opgaven if o.variant))
    if vorm_sleutel not in _SCHEMAS:
        _SCHEMAS[vorm_sleutel] = Schema(vorm)
    return _SCHEMAS[vorm_sleutel]


@dataclass(frozen=True)
class Bijdrage:
    """What one gebied adds to the national picture: per key of its `Schema` an amount (as it is, per year,
    and its own values of the netted quantities), as floats in arrays; picklable and small."""

    gebied: str
    jaren: tuple[float, ...]  # per period of the shape
    laag: array
    hoog: array
    pm: Mapping[int, frozenset[PmPost]]  # key index → PM items (only where there are any)
    nb: frozenset[int]  # key indices whose amount is n.b.

    def bedrag(self, index: int) -> Bedrag:
        return Bedrag(self.laag[index], self.hoog[index], self.pm.get(index, frozenset()), index in self.nb)


def bijdrage(vorm: Programma, gebied: str, programma: Programma, uitkomsten: Mapping[str, Bedrag]) -> Bijdrage:
    """One gebied's contribution (see `Schema`). A variant a gebied's switches left out counts with the
    gebied's amount of the whole category: a gebied that chose one variant has that amount in every one."""
    schema = _schema(vorm)
    jaren = tuple(_jaren(programma, p) for p in schema.perioden)
    per_periode = dict(zip(schema.perioden, jaren, strict=True))
    u = dict(uitkomsten)
    waarden: list[Bedrag] = []
    for sleutel in schema.optelbaar:
        waarden.append(_bedrag(u, sleutel, schema))
    for sleutel in schema.optelbaar:
        waarden.append(_bedrag(u, sleutel, schema).schaal(1.0 / per_periode[sleutel.split(".", 1)[0]]))
    for sleutel in schema.sleutels[2 * len(schema.optelbaar):]:
        if sleutel.startswith(_ZONDER):
            scope = sleutel[len(_ZONDER):]
            rest = u.get(f"{scope}.rijksrestopgave", NUL)
            waarden.append(u.get(f"{scope}.rijksfinanciering", NUL) if rest.nb else NUL)
        else:
            waarden.append(u.get(sleutel, NUL))
    return Bijdrage(
        gebied, jaren,
        array("d", (b.laag for b in waarden)), array("d", (b.hoog for b in waarden)),
        {i: b.pm for i, b in enumerate(waarden) if b.pm}, frozenset(i for i, b in enumerate(waarden) if b.nb))


def _bedrag(u: dict[str, Bedrag], sleutel: str, schema: Schema) -> Bedrag:
    if sleutel in u:
        return u[sleutel]
    if sleutel in schema.varianten:
        return u.get(schema.varianten[sleutel][0], NUL)
    return NUL


@dataclass(frozen=True)
class Landelijk:
    """The national picture: `waarden` in `bereken`'s namespace, the sums of the gebieden' own values of
    the netted quantities, and the numbers of years the gebieden use."""

    vorm: Programma  # the programme's shape (the reference programme)
    gebieden: tuple[str, ...]
    waarden: Mapping[str, Bedrag]
    eigen: Mapping[str, Bedrag] = field(default_factory=dict)  # netted key → sum of the gebieden' own values
    jaren: Mapping[str, tuple[float, ...]] = field(default_factory=dict)  # periode → the gebieden' years

    def __getitem__(self, sleutel: str) -> Bedrag:
        return self.waarden[sleutel]

    def som_gebieden(self, sleutel: str) -> Bedrag:
        """The sum of the gebieden' own values: for a netted quantity (restopgave, overschot …) from
        `eigen`, for an amount the national sum itself."""
        if sleutel in self.eigen:
            return self.eigen[sleutel]
        return self.waarden.get(sleutel, NUL)

    def verschil(self, sleutel: str) -> Bedrag:
        """Sum of the gebieden' own values minus the national value: for an amount nothing, for a
        restopgave what clipping per gebied adds."""
        nationaal = self.waarden.get(sleutel, NUL)
        if nationaal.nb:
            return NUL
        return _min(self.som_gebieden(sleutel), nationaal)

    def afkapping(self, sleutel: str) -> Bedrag | None:
        """For a restopgave or Rijks-restopgave on total level (of an onderdeel, a pillar, a period or the
        horizon): the sum of the gebieden' overschotten minus the national overschot. With
        `zonder_eigen_rijksdeel` it adds up to `verschil(sleutel)` exactly. None for any other key."""
        for rest, over in (("rijksrestopgave", "rijksoverschot"), ("restopgave", "overschot")):
            if sleutel.endswith(f".{rest}"):
                overschot = sleutel[: -len(rest)] + over
                if overschot not in self.waarden or overschot not in self.eigen:
                    return None
                return _min(self.eigen[overschot], self.waarden[overschot])
        return None

    def zonder_eigen_rijksdeel(self, sleutel: str) -> Bedrag:
        """For a Rijks-restopgave: the Rijksfinanciering of the gebieden that have no Rijksdeel there (no
        verdeelsleutel: n.b.). Nationally it is set against the other gebieden' Rijksdeel, as the core does
        within one programme; in such a gebied's own figures it counts for nothing. Else nothing."""
        if not sleutel.endswith(".rijksrestopgave"):
            return NUL
        delen = sleutel.split(".")
        if delen[0] == "horizon":  # over the periods, and within each over the pillars
            return som([self.zonder_eigen_rijksdeel(f"{p.code}.{'.'.join(delen[1:])}") for p in self.vorm.perioden])
        if delen[1] == "totaal":
            return som([self.zonder_eigen_rijksdeel(f"{delen[0]}.{q.code}.rijksrestopgave") for q in self.vorm.pijlers])
        if sleutel not in self.waarden or self.waarden[sleutel].nb:
            return NUL  # no gebied has a Rijksdeel here: their Rijksfinanciering is set against nothing
        return self.eigen.get(_ZONDER + sleutel[: -len(".rijksrestopgave")], NUL)

    @property
    def jaren_verschillen(self) -> dict[str, tuple[float, ...]]:
        """Periods whose number of years differs between gebieden (periode → the years found)."""
        return {p: j for p, j in self.jaren.items() if len(j) > 1}


def _min(a: Bedrag, b: Bedrag) -> Bedrag:
    # An exact difference of two amounts (not the interval difference of two ranges: a range minus itself
    # is nothing here), PM items of both kept.
    return Bedrag(a.laag - b.laag, a.hoog - b.hoog, a.pm | b.pm)


def tel_gebieden_op(vorm: Programma, gebieden: Sequence[Gebiedsuitkomst]) -> Landelijk:
    """The national picture of these gebieden, in this order (see the module docstring)."""
    return tel_op(vorm, [bijdrage(vorm, g.gebied, g.programma, g.uitkomsten) for g in gebieden])


def tel_op(vorm: Programma, bijdragen: Sequence[Bijdrage]) -> Landelijk:
    """Add the contributions up in the order given and net the sums (see the module docstring)."""
    schema = _schema(vorm)
    sommen = _sommen(schema, bijdragen)
    n = len(schema.optelbaar)

    def gewoon(sleutel: str) -> Bedrag:
        i = schema.index.get(sleutel)
        return sommen[i] if i is not None else NUL

    def per_jaar(sleutel: str) -> Bedrag:
        i = schema.index.get(_JAAR + sleutel)
        return sommen[i] if i is not None else NUL

    waarden = _reken(vorm, schema, gewoon)
    jaarlijks = _reken(vorm, schema, per_jaar)
    for periode in vorm.perioden:
        for scope in [*(q.code for q in vorm.pijlers), "totaal"]:
            for grootheid in (*JAARLIJKS, *_extra(vorm), "alle"):
                sleutel = f"{periode.code}.{scope}.{grootheid}"
                if sleutel in jaarlijks:
                    waarden[f"{sleutel}_jaarlijks"] = jaarlijks[sleutel]
    eigen = {k: sommen[i] for i, k in enumerate(schema.sleutels) if i >= 2 * n}
    jaren = {p: tuple(sorted({b.jaren[i] for b in bijdragen})) for i, p in enumerate(schema.perioden)}
    return Landelijk(vorm, tuple(b.gebied for b in bijdragen), waarden, eigen, jaren)


def _sommen(schema: Schema, bijdragen: Sequence[Bijdrage]) -> list[Bedrag]:
    """Per key the sum over the contributions, as `som` adds (n.b. only when every one is n.b.)."""
    aantal = len(schema.sleutels)
    laag, hoog = [0.0] * aantal, [0.0] * aantal
    bekend = [0] * aantal
    pm: dict[int, set[PmPost]] = {}
    for b in bijdragen:
        nb = b.nb
        bl, bh = b.laag, b.hoog
        for i in range(aantal):
            if i in nb:
                continue
            laag[i] += bl[i]
            hoog[i] += bh[i]
            bekend[i] += 1
        for i, items in b.pm.items():
            pm.setdefault(i, set()).update(items)
    leeg = not bijdragen
    return [Bedrag.niet_bekend() if not leeg and bekend[i] == 0 else
            Bedrag(laag[i], hoog[i], frozenset(pm.get(i, ()))) for i in range(aantal)]


def _jaren(programma: Programma, periode: str) -> float:
    for p in programma.perioden:
        if p.code == periode:
            return p.jaren
    raise KeyError(periode)


def _extra(vorm: Programma) -> list[str]:
    return [c.code for c in vorm.categorieen if c.code != "opgave"]


def _varianten(vorm: Programma, periode: str, onderdeel: str, categorie: str) -> list[str]:
    return list(dict.fromkeys(o.variant for o in vorm.opgaven
                              if (o.periode, o.onderdeel, o.categorie) == (periode, onderdeel, categorie)
                              and o.variant))


def _reken(vorm: Programma, schema: Schema, som_van) -> dict[str, Bedrag]:  # noqa: ANN001 - key → national sum
    """`bereken`'s quantities from national sums of amounts: netting as `core.rekenen` does."""
    u: dict[str, Bedrag] = {}
    extra = _extra(vorm)
    for periode in vorm.perioden:
        p = periode.code
        for pijler in vorm.pijlers:
            q = pijler.code
            basis_q = f"{p}.{q}"
            rest: list[Bedrag] = []
            rijksrest: list[Bedrag] = []
            onderdelen = vorm.onderdelen_van(q)
            for onderdeel in onderdelen:
                basis = f"{basis_q}.{onderdeel.code}"
                for grootheid in _PER_ONDERDEEL:
                    u[f"{basis}.{grootheid}"] = som_van(f"{basis}.{grootheid}")
                u[f"{basis}.dekking"] = u[f"{basis}.cofinanciering"] + u[f"{basis}.rijksfinanciering"]
                opgave, dekking = u[f"{basis}.opgave"], u[f"{basis}.dekking"]
                rijksdeel, rijksfin = u[f"{basis}.rijksdeel"], u[f"{basis}.rijksfinanciering"]
                u[f"{basis}.restopgave"] = (opgave - dekking).afgekapt()
                u[f"{basis}.overschot"] = (dekking - opgave).afgekapt()
                if rijksdeel.nb:
                    u[f"{basis}.rijksrestopgave"] = u[f"{basis}.rijksoverschot"] = rijksdeel
                else:
                    u[f"{basis}.rijksrestopgave"] = (rijksdeel - rijksfin).afgekapt()
                    u[f"{basis}.rijksoverschot"] = (rijksfin - rijksdeel).afgekapt()
                rest.append(u[f"{basis}.restopgave"])
                rijksrest.append(u[f"{basis}.rijksrestopgave"])
                for categorie in extra:
                    varianten = _varianten(vorm, p, onderdeel.code, categorie)
                    if not varianten:
                        u[f"{basis}.{categorie}"] = som_van(f"{basis}.{categorie}")
                        continue
                    # Alternative estimates: the category is the envelope of the national sums per variant.
                    sommen = []
                    for variant in varianten:
                        sleutel = f"{basis}.{categorie}.variant.{variant}"
                        u[sleutel] = som_van(sleutel)
                        sommen.append(u[sleutel])
                    u[f"{basis}.{categorie}"] = sommen[0] if len(sommen) == 1 else Bedrag(
                        min(s.laag for s in sommen), max(s.hoog for s in sommen),
                        frozenset().union(*(s.pm for s in sommen)))
                u[f"{basis}.alle"] = som([u[f"{basis}.{c}"] for c in ("opgave", *extra)])
            for grootheid in _PIJLERBREED:
                u[f"{basis_q}.pijlerbreed.{grootheid}"] = som_van(f"{basis_q}.pijlerbreed.{grootheid}")
            u[f"{basis_q}.pijlerbreed.dekking"] = (u[f"{basis_q}.pijlerbreed.cofinanciering"]
                                                   + u[f"{basis_q}.pijlerbreed.rijksfinanciering"])
            delen = [f"{basis_q}.{o.code}" for o in onderdelen]
            for grootheid in ("opgave", "rijksdeel", "cofinanciering", "rijksfinanciering", "dekking", *extra, "alle"):
                waarde = som([u[f"{d}.{grootheid}"] for d in delen])
                if grootheid in ("cofinanciering", "rijksfinanciering", "dekking"):
                    waarde = waarde + u[f"{basis_q}.pijlerbreed.{grootheid}"]
                u[f"{basis_q}.{grootheid}"] = waarde
            u[f"{basis_q}.overschot_onderdelen"] = som([u[f"{d}.overschot"] for d in delen])
            u[f"{basis_q}.rijksoverschot_onderdelen"] = som([u[f"{d}.rijksoverschot"] for d in delen])
            opgave, dekking = u[f"{basis_q}.opgave"], u[f"{basis_q}.dekking"]
            u[f"{basis_q}.restopgave"] = (opgave - dekking).afgekapt()
            u[f"{basis_q}.overschot"] = (dekking - opgave).afgekapt()
            u[f"{basis_q}.restopgave_per_onderdeel"] = (som(rest) - u[f"{basis_q}.pijlerbreed.dekking"]).afgekapt()
            rijksdeel, rijksfin = u[f"{basis_q}.rijksdeel"], u[f"{basis_q}.rijksfinanciering"]
            if rijksdeel.nb:
                for naam in ("rijksrestopgave", "rijksoverschot", "rijksrestopgave_per_onderdeel"):
                    u[f"{basis_q}.{naam}"] = rijksdeel
            else:
                u[f"{basis_q}.rijksrestopgave"] = (rijksdeel - rijksfin).afgekapt()
                u[f"{basis_q}.rijksoverschot"] = (rijksfin - rijksdeel).afgekapt()
                u[f"{basis_q}.rijksrestopgave_per_onderdeel"] = (
                    som(rijksrest) - u[f"{basis_q}.pijlerbreed.rijksfinanciering"]).afgekapt()
        pijlers = [f"{p}.{q.code}" for q in vorm.pijlers]
        for grootheid in (*OPTELBAAR, *extra, "alle"):
            delen_ = [u[f"{b}.{grootheid}"] for b in pijlers if f"{b}.{grootheid}" in u]
            if delen_:
                u[f"{p}.totaal.{grootheid}"] = som(delen_)
    for scope in [*(q.code for q in vorm.pijlers), "totaal"]:
        for grootheid in (*OPTELBAAR, *extra, "alle"):
            delen_ = [u[f"{p.code}.{scope}.{grootheid}"] for p in vorm.perioden if f"{p.code}.{scope}.{grootheid}" in u]
            if delen_:
                u[f"horizon.{scope}.{grootheid}"] = som(delen_)
    return u
