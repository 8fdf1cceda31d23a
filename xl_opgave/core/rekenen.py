"""Compute every quantity the reports use from a `Programma`.

The result is a flat namespace of keys → `Bedrag`, e.g. ``tot2030.fysiek.nieuwbouw.restopgave``,
``tot2030.fysiek.restopgave_per_onderdeel``, ``2030-2035.totaal.rijksrestopgave_jaarlijks``,
``2025-2035.totaal.investering``, ``kern.inwoners_npvr``. Tables, workbooks and result names all
read from this one namespace.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

from xl_opgave.core.bedrag import NUL, Bedrag, PmPost, som
from xl_opgave.core.model import OpgavePost, Programma, Sleutel

# Quantities that are also given per year (÷ the period's number of years).
JAARLIJKS = (
    "opgave",
    "dekking",
    "restopgave",
    "restopgave_per_onderdeel",
    "rijksdeel",
    "rijksfinanciering",
    "rijksrestopgave",
    "rijksrestopgave_per_onderdeel",
)

# Pillar quantities that add up over pillars to the programme total of a period.
OPTELBAAR = (
    "opgave",
    "rijksdeel",
    "dekking",
    "cofinanciering",
    "rijksfinanciering",
    "pijlerbreed.dekking",
    "pijlerbreed.cofinanciering",
    "pijlerbreed.rijksfinanciering",
    "restopgave",
    "restopgave_per_onderdeel",
    "overschot",
    "overschot_onderdelen",
    "rijksrestopgave",
    "rijksrestopgave_per_onderdeel",
    "rijksoverschot",
    "rijksoverschot_onderdelen",
)


class Uitkomsten(Mapping[str, Bedrag]):
    """Read-only mapping of computed keys; unknown keys fail with the nearest known one."""

    def __init__(self, waarden: dict[str, Bedrag]) -> None:
        self._waarden = waarden

    def __getitem__(self, sleutel: str) -> Bedrag:
        try:
            return self._waarden[sleutel]
        except KeyError:
            beste = difflib.get_close_matches(sleutel, list(self._waarden), n=1, cutoff=0.6)
            hint = f" (bedoelt u {beste[0]!r}?)" if beste else ""
            raise KeyError(f"onbekende grootheid {sleutel!r}{hint}") from None

    def __contains__(self, sleutel: object) -> bool:
        return sleutel in self._waarden

    def get(self, sleutel: str, standaard: Bedrag | None = None) -> Bedrag | None:  # type: ignore[override]
        # Mapping.get would go through __getitem__ and pay for a suggestion nobody reads.
        return self._waarden.get(sleutel, standaard)

    def __iter__(self):
        return iter(self._waarden)

    def __len__(self) -> int:
        return len(self._waarden)


def bron_sleutel(naam: str) -> str:
    """A dekking source's name as a key part: 'WoKT 2.0' → 'wokt_2_0'."""
    return re.sub(r"[^a-z0-9]+", "_", naam.lower()).strip("_")


def rijksdeel_van(opgave: Bedrag, sleutel: Sleutel, naam: str) -> Bedrag:
    if sleutel is None:
        return Bedrag.niet_bekend()
    if isinstance(sleutel, str):  # "PM": the Rijk's share exists but is not known yet
        if opgave.nb or (opgave.laag == opgave.hoog == 0 and not opgave.pm):
            return NUL
        return Bedrag(0.0, 0.0, opgave.pm | {PmPost(f"Rijksdeel {naam}")})
    return opgave.schaal(sleutel)


def _envelop(posten: list[OpgavePost]) -> Bedrag:
    """Sum of the posts; with variants, their envelope (lowest low, highest high)."""
    varianten: dict[str, list[Bedrag]] = defaultdict(list)
    for post in posten:
        varianten[post.variant].append(post.bedrag)
    sommen = [som(b) for b in varianten.values()]
    if not sommen:
        return NUL
    if len(sommen) == 1:
        return sommen[0]
    pm = frozenset().union(*(s.pm for s in sommen))
    return Bedrag(min(s.laag for s in sommen), max(s.hoog for s in sommen), pm)


# Called with every key and its amount as the amount is stored; returns what is stored instead.
Waarnemer = Callable[[str, Bedrag], Bedrag]


class _Bewaakt(dict):
    """The namespace under a `Waarnemer`: every stored amount passes through it first.

    Every key is stored exactly once and everything derived from it is read back from the namespace,
    so what the waarnemer returns (e.g. an interval narrowed by printed figures) flows downstream.
    """

    __slots__ = ("_waarnemer",)

    def __init__(self, waarnemer: Waarnemer) -> None:
        super().__init__()
        self._waarnemer = waarnemer

    def __setitem__(self, sleutel: str, waarde: Bedrag) -> None:
        super().__setitem__(sleutel, self._waarnemer(sleutel, waarde))


def bereken(programma: Programma, waarnemer: Waarnemer | None = None) -> Uitkomsten:
    """All quantities of a programme.

    `waarnemer` (optional) sees every key as it is stored, children before parents, and may replace
    the amount; the interval check (`core.intervallen`) narrows amounts by the printed figures this way.
    Without it nothing extra happens.
    """
    u: dict[str, Bedrag] = {} if waarnemer is None else _Bewaakt(waarnemer)
    opgaven: dict[tuple[str, str, str], list[OpgavePost]] = defaultdict(list)
    for post in programma.opgaven:
        opgaven[(post.periode, post.onderdeel, post.categorie)].append(post)
    extra_categorieen = [c.code for c in programma.categorieen if c.code != "opgave"]

    for periode in programma.perioden:
        p = periode.code
        for pijler in programma.pijlers:
            q = pijler.code
            _bereken_pijler(programma, u, opgaven, p, q, extra_categorieen)
        _tel_op(u, f"{p}.totaal", [f"{p}.{q.code}" for q in programma.pijlers], OPTELBAAR)
        _tel_op(u, f"{p}.totaal", [f"{p}.{q.code}" for q in programma.pijlers], extra_categorieen)
        _tel_op(u, f"{p}.totaal", [f"{p}.{q.code}" for q in programma.pijlers], ["alle"])
        for scope in [*(q.code for q in programma.pijlers), "totaal"]:
            for grootheid in (*JAARLIJKS, *extra_categorieen, "alle"):
                sleutel = f"{p}.{scope}.{grootheid}"
                if sleutel in u:
                    u[f"{sleutel}_jaarlijks"] = u[sleutel].schaal(1.0 / periode.jaren)
        for component in {c.code for c in programma.componenten if c.periode == p}:
            delen = [f"{p}.{q.code}.component.{component}" for q in programma.pijlers]
            _tel_op(u, f"{p}.totaal.component.{component}", delen, ["opgave", "rijksdeel"])
        rest = programma.rest_component[0]
        if rest:
            delen = [f"{p}.{q.code}.component.{rest}" for q in programma.pijlers]
            _tel_op(u, f"{p}.totaal.component.{rest}", delen, ["opgave", "rijksdeel"])

    _horizon(programma, u, extra_categorieen)
    for kern in programma.kerncijfers:
        u[f"kern.{kern.code}"] = kern.waarde
    return Uitkomsten(u)


def _bereken_pijler(programma, u, opgaven, p, q, extra_categorieen) -> None:
    # Each key is stored once and read back before use (see _Bewaakt).
    rest_onderdelen: list[Bedrag] = []
    rijksrest_onderdelen: list[Bedrag] = []
    for onderdeel in programma.onderdelen_van(q):
        o = onderdeel.code
        basis = f"{p}.{q}.{o}"
        u[f"{basis}.opgave"] = _envelop(opgaven.get((p, o, "opgave"), []))
        opgave = u[f"{basis}.opgave"]
        dekkingen = [d for d in programma.dekkingen if (d.periode, d.onderdeel) == (p, o)]
        u[f"{basis}.rijksdeel"] = rijksdeel_van(opgave, onderdeel.verdeelsleutel, onderdeel.naam)
        rijksdeel = u[f"{basis}.rijksdeel"]
        u[f"{basis}.cofinanciering"] = som([d.cofinanciering for d in dekkingen])
        u[f"{basis}.rijksfinanciering"] = som([d.rijksfinanciering for d in dekkingen])
        cofin, rijksfin = u[f"{basis}.cofinanciering"], u[f"{basis}.rijksfinanciering"]
        u[f"{basis}.dekking"] = cofin + rijksfin
        dekking = u[f"{basis}.dekking"]
        u[f"{basis}.restopgave"] = (opgave - dekking).afgekapt()
        u[f"{basis}.overschot"] = (dekking - opgave).afgekapt()
        if rijksdeel.nb:
            u[f"{basis}.rijksrestopgave"] = rijksdeel
            u[f"{basis}.rijksoverschot"] = rijksdeel
        else:
            u[f"{basis}.rijksrestopgave"] = (rijksdeel - rijksfin).afgekapt()
            u[f"{basis}.rijksoverschot"] = (rijksfin - rijksdeel).afgekapt()
        rest_onderdelen.append(u[f"{basis}.restopgave"])
        rijksrest_onderdelen.append(u[f"{basis}.rijksrestopgave"])
        for c in extra_categorieen:
            u[f"{basis}.{c}"] = _envelop(opgaven.get((p, o, c), []))
        for c in ("opgave", *extra_categorieen):
            posten = opgaven.get((p, o, c), [])
            for variant in {post.variant for post in posten} - {""}:
                u[f"{basis}.{c}.variant.{variant}"] = som([x.bedrag for x in posten if x.variant == variant])
        u[f"{basis}.alle"] = som([u[f"{basis}.{c}"] for c in ("opgave", *extra_categorieen)])

    basis = f"{p}.{q}"
    breed = [d for d in programma.dekkingen if (d.periode, d.pijler, d.onderdeel) == (p, q, "")]
    u[f"{basis}.pijlerbreed.cofinanciering"] = som([d.cofinanciering for d in breed])
    u[f"{basis}.pijlerbreed.rijksfinanciering"] = som([d.rijksfinanciering for d in breed])
    u[f"{basis}.pijlerbreed.dekking"] = u[f"{basis}.pijlerbreed.cofinanciering"] + u[f"{basis}.pijlerbreed.rijksfinanciering"]
    onderdelen = [f"{basis}.{o.code}" for o in programma.onderdelen_van(q)]
    for grootheid in ("opgave", "rijksdeel", "cofinanciering", "rijksfinanciering", "dekking", *extra_categorieen, "alle"):
        totaal = som([u[f"{o}.{grootheid}"] for o in onderdelen])
        if grootheid in ("cofinanciering", "rijksfinanciering", "dekking"):
            totaal = totaal + u[f"{basis}.pijlerbreed.{grootheid}"]
        u[f"{basis}.{grootheid}"] = totaal
    u[f"{basis}.overschot_onderdelen"] = som([u[f"{o}.overschot"] for o in onderdelen])
    u[f"{basis}.rijksoverschot_onderdelen"] = som([u[f"{o}.rijksoverschot"] for o in onderdelen])

    # On total level a surplus on one onderdeel offsets another; per onderdeel it is lost.
    opgave, dekking = u[f"{basis}.opgave"], u[f"{basis}.dekking"]
    u[f"{basis}.restopgave"] = (opgave - dekking).afgekapt()
    u[f"{basis}.overschot"] = (dekking - opgave).afgekapt()
    u[f"{basis}.restopgave_per_onderdeel"] = (som(rest_onderdelen) - u[f"{basis}.pijlerbreed.dekking"]).afgekapt()
    rijksdeel, rijksfin = u[f"{basis}.rijksdeel"], u[f"{basis}.rijksfinanciering"]
    if rijksdeel.nb:
        for naam in ("rijksrestopgave", "rijksoverschot", "rijksrestopgave_per_onderdeel"):
            u[f"{basis}.{naam}"] = rijksdeel
    else:
        u[f"{basis}.rijksrestopgave"] = (rijksdeel - rijksfin).afgekapt()
        u[f"{basis}.rijksoverschot"] = (rijksfin - rijksdeel).afgekapt()
        per_onderdeel = som(rijksrest_onderdelen) - u[f"{basis}.pijlerbreed.rijksfinanciering"]
        u[f"{basis}.rijksrestopgave_per_onderdeel"] = per_onderdeel.afgekapt()

    # A source may feed several onderdelen: add up first, store once.
    per_bron: dict[str, Bedrag] = {}
    for dekkingspost in [d for d in programma.dekkingen if (d.periode, d.pijler) == (p, q)]:
        bron = f"{basis}.bron.{bron_sleutel(dekkingspost.bron)}"
        for naam, bedrag in (
            ("cofinanciering", dekkingspost.cofinanciering),
            ("rijksfinanciering", dekkingspost.rijksfinanciering),
            ("dekking", dekkingspost.totaal),
        ):
            per_bron[f"{bron}.{naam}"] = per_bron.get(f"{bron}.{naam}", NUL) + bedrag
    for sleutel, bedrag in per_bron.items():
        u[sleutel] = bedrag

    componenten = [c for c in programma.componenten if (c.periode, c.pijler) == (p, q)]
    for component in componenten:
        u[f"{basis}.component.{component.code}.opgave"] = component.opgave
        u[f"{basis}.component.{component.code}.rijksdeel"] = component.rijksdeel
    rest = programma.rest_component[0]
    if rest:
        delen = [f"{basis}.component.{c.code}" for c in componenten]
        u[f"{basis}.component.{rest}.opgave"] = opgave - som([u[f"{d}.opgave"] for d in delen])
        u[f"{basis}.component.{rest}.rijksdeel"] = rijksdeel - som([u[f"{d}.rijksdeel"] for d in delen])
    for component in {c.code for c in programma.componenten if c.periode == p} - {c.code for c in componenten}:
        u[f"{basis}.component.{component}.opgave"] = NUL
        u[f"{basis}.component.{component}.rijksdeel"] = NUL


def _tel_op(u: dict[str, Bedrag], doel: str, bronnen: list[str], grootheden: Iterable[str]) -> None:
    for grootheid in grootheden:
        delen = [u[f"{b}.{grootheid}"] for b in bronnen if f"{b}.{grootheid}" in u]
        if delen:
            u[f"{doel}.{grootheid}"] = som(delen)


def _horizon(programma: Programma, u: dict[str, Bedrag], extra_categorieen: list[str]) -> None:
    """The whole horizon (all periods), with the extra estimates over it (e.g. funderingsherstel)."""
    perioden = [p.code for p in programma.perioden]
    for scope in [*(q.code for q in programma.pijlers), "totaal"]:
        _tel_op(u, f"horizon.{scope}", [f"{p}.{scope}" for p in perioden], (*OPTELBAAR, *extra_categorieen, "alle"))
    aanvullend_opgave: list[Bedrag] = []
    aanvullend_rijks: list[Bedrag] = []
    for post in programma.aanvullend:
        rijksdeel = rijksdeel_van(post.bedrag, post.verdeelsleutel, post.naam)
        u[f"horizon.aanvullend.{post.code}.opgave"] = post.bedrag
        u[f"horizon.aanvullend.{post.code}.rijksdeel"] = rijksdeel
        aanvullend_opgave.append(post.bedrag)
        aanvullend_rijks.append(rijksdeel)
    extra = som(aanvullend_opgave)
    extra_rijks = som(aanvullend_rijks)
    for naam, toevoeging in (
        ("opgave", extra),
        ("restopgave", extra),
        ("rijksdeel", extra_rijks),
        ("rijksrestopgave", extra_rijks),
    ):
        if f"horizon.totaal.{naam}" in u:
            u[f"horizon.totaal.{naam}_incl_aanvullend"] = u[f"horizon.totaal.{naam}"] + toevoeging
