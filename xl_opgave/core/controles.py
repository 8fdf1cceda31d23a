"""Checks between printed figures and statements of a report, beyond each figure's own recomputation.

Classes (`KLASSEN`), each data-driven:
- ``jaarlijks``: per-year figures against their period total and against their printed parts
  (derived from gepubliceerd.csv: every ``…_jaarlijks`` figure, the period total in the same table);
- ``tekst``: amounts in running text against the table, and every printing of a quantity against its
  other printings (same formula, derived), and against the other amounts of the same sentence
  (``controles.toml``);
- ``opsomming``: footnotes and text that enumerate the parts of a printed total;
- ``bewering``: statements a table contradicts ("uitsluitend herstructurering en nieuwbouw");
- ``bijlage``: the main text against the appendix tables;
- ``verwijzing``: references to footnotes, sections, tables and appendices (the report's inventory);
- ``notatie``: a decimal point or a missing unit in a Dutch amount (derived).

A numeric check is a comparison ``links = rechts`` (or ``<=``, ``>=``) of linear expressions over
printed figure ids, several joined by `` & ``, or ``elk(…)`` over the ids matching a ``*``. It is
judged like a figure: holds as printed (within the rounding of the single figure it is about): no
finding; fails as printed but possible within every figure's rounding: ``afronding``; impossible
even then: ``fout``. Numeric findings go to `afwijkingen`, the others (``verwijzing``, ``notatie``)
to `redactioneel`, each with its place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from xl_opgave.core.expressie import ExpressieFout, evalueer, lineair, namen
from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.intervallen import Interval, enkele_sleutel
from xl_opgave.core.model import Programma
from xl_opgave.core.opmaak import Gedrukt, getal_kort
from xl_opgave.core.vergelijking import AFRONDING, FOUT, Cijfer, lees

KLASSEN = {
    "jaarlijks": "jaarcijfers tegen het periodetotaal en tegen hun gedrukte delen",
    "tekst": "bedragen in de lopende tekst tegen de tabel en tegen elkaar",
    "opsomming": "opsommingen van de delen van een gedrukt totaal",
    "bewering": "beweringen die een tabel tegenspreekt",
    "bijlage": "de hoofdtekst tegen de bijlagen",
    "verwijzing": "verwijzingen naar voetnoten, paragrafen, tabellen en bijlagen",
    "notatie": "notatie van bedragen in de tekst",
}
NUMERIEK = ("jaarlijks", "tekst", "opsomming", "bewering", "bijlage")
REDACTIONEEL = "redactioneel"
# `a ~ b`: two printings of one quantity, consistent when their rounding intervals overlap.
_OPERATOREN = (" <= ", " >= ", " = ", " ~ ")
_TEKSTPLAATSEN = ("Tekst", "Samenvatting", "Kop", "NB", "Voetnoot", "Box")


@dataclass(frozen=True)
class Controle:
    id: str
    klasse: str
    plaats: str
    tekst: str = ""  # the statement, quoted from the report
    regel: str = ""  # numeric: the comparison over printed figure ids
    marge: float | None = None  # numeric: tolerance as printed, instead of the figure's half rounding unit
    naar: tuple[str, ...] = ()  # verwijzing: the items referred to ('voetnoot 6')
    hoofdstuk: str = ""  # verwijzing: the chapter the text says they are in
    onderwerp: tuple[str, ...] = ()  # verwijzing: words the referred items should be about


@dataclass(frozen=True)
class Onderdeel:
    """One item of the report's inventory: a footnote, section, table, figure or appendix."""

    soort: str
    nummer: str
    hoofdstuk: str = ""
    onderwerp: tuple[str, ...] = ()

    @property
    def naam(self) -> str:
        return f"{self.soort} {self.nummer}"


@dataclass
class Bevinding:
    controle: Controle
    soort: str  # fout / afronding (numeric) or redactioneel
    uitleg: str
    cijfers: tuple[str, ...] = ()

    @property
    def klasse(self) -> str:
        return self.controle.klasse

    @property
    def numeriek(self) -> bool:
        return self.soort in (FOUT, AFRONDING)

    def json(self) -> dict[str, object]:
        return {
            "id": self.controle.id,
            "klasse": self.klasse,
            "tabel": self.controle.plaats,
            "plaats": self.controle.plaats,
            "soort": self.soort,
            "omschrijving": self.controle.tekst or self.controle.regel,
            "regel": self.controle.regel,
            # The same keys as a figure's finding, so a reader of `afwijkingen` needs no second schema.
            "gepubliceerd": None,
            "berekend": None,
            "toegestaan": {},
            "rekensom": self.uitleg,
            "oorzaak": "",
            "toelichting": self.uitleg,
            "aannames": [],
            "cijfers": list(self.cijfers),
        }


@dataclass
class Uitslag:
    """All checks of one report: how many ran and what they found."""

    uitgevoerd: dict[str, int] = field(default_factory=dict)  # per class
    bevindingen: list[Bevinding] = field(default_factory=list)

    def numeriek(self) -> list[Bevinding]:
        return [b for b in self.bevindingen if b.numeriek]

    def redactioneel(self) -> list[Bevinding]:
        return [b for b in self.bevindingen if not b.numeriek]


# -- loading ------------------------------------------------------------------------------------------
def controles_uit_toml(d: Mapping[str, object], bron: str) -> tuple[tuple[Controle, ...], tuple[Onderdeel, ...]]:
    controles, inhoud = [], []
    for nummer, c in enumerate(d.get("controle", []), start=1):  # type: ignore[union-attr]
        plaats = f"controle {c.get('id', nummer)!r}"
        try:
            controle = Controle(
                id=str(c["id"]), klasse=str(c["klasse"]), plaats=str(c["plaats"]), tekst=str(c.get("tekst", "")),
                regel=str(c.get("regel", "")), marge=float(c["marge"]) if "marge" in c else None,
                naar=tuple(str(x) for x in c.get("naar", [])), hoofdstuk=str(c.get("hoofdstuk", "")),
                onderwerp=tuple(str(x).lower() for x in c.get("onderwerp", [])),
            )
        except KeyError as fout:
            raise InvoerFout(f"verplicht veld {fout.args[0]!r} ontbreekt", bron=bron, plaats=plaats) from None
        if controle.klasse not in KLASSEN:
            raise InvoerFout(f"onbekende klasse {controle.klasse!r} (kies uit {', '.join(KLASSEN)})", bron=bron, plaats=plaats)
        if controle.klasse in NUMERIEK and not controle.regel:
            raise InvoerFout("een numerieke controle heeft een regel nodig", bron=bron, plaats=plaats)
        if controle.klasse == "verwijzing" and not controle.naar:
            raise InvoerFout("een verwijzing noemt waarnaar ze verwijst (naar)", bron=bron, plaats=plaats)
        controles.append(controle)
    for o in d.get("inhoud", []):  # type: ignore[union-attr]
        inhoud.append(Onderdeel(str(o["soort"]).lower(), str(o["nummer"]), str(o.get("hoofdstuk", "")),
                                tuple(str(x).lower() for x in o.get("onderwerp", []))))
    if len({c.id for c in controles}) != len(controles):
        raise InvoerFout("dubbel controle-id", bron=bron)
    return tuple(controles), tuple(inhoud)


# -- derived checks -----------------------------------------------------------------------------------
def jaarlijkse_controles(cijfers: Sequence[Cijfer], programma: Programma) -> list[Controle]:
    """Every per-year figure against its period total (÷ years) and its printed per-year parts, same table."""
    uit = []
    for a in cijfers:
        enkel = enkele_sleutel(a.formule) if a.formule else None
        if not enkel or enkel[1] != 1 or not enkel[0].endswith("_jaarlijks"):
            continue
        basis = enkel[0].removesuffix("_jaarlijks")
        try:
            jaren = programma.periode(basis.split(".")[0]).jaren
        except InvoerFout:
            continue
        zelfde = [c for c in cijfers if c.tabel == a.tabel]
        totaal = next((c for c in zelfde if c.formule == basis and c.rij == a.rij),
                      next((c for c in zelfde if c.formule == basis), None))
        if totaal is None:
            continue
        uit.append(Controle(f"jaar.{a.id}", "jaarlijks", f"{a.tabel}, {a.rij}",
                            f"{a.gedrukt} per jaar bij {totaal.gedrukt} over {jaren} jaar", f"{a.id} = {totaal.id} / {jaren}"))
        if not totaal.delen:
            continue
        vorm = lineair(totaal.delen[0])
        delen = []
        for naam, coef in vorm.termen.items():
            deel = next((c for c in cijfers if c.id == naam), None)
            sleutel = enkele_sleutel(deel.formule) if deel and deel.formule else None
            jaarlijks = next((c for c in zelfde if sleutel and c.formule == f"{sleutel[0]}_jaarlijks"), None)
            if jaarlijks is None or sleutel is None or sleutel[1] != 1:
                break
            delen.append(f"{'-' if coef < 0 else '+'} {jaarlijks.id}")
        else:
            som = " ".join(delen).removeprefix("+ ")
            uit.append(Controle(f"jaardelen.{a.id}", "jaarlijks", f"{a.tabel}, {a.rij}",
                                f"{a.gedrukt} per jaar als som van de jaarcijfers van de delen", f"{a.id} = {som}"))
    return uit


def _is_tekst(c: Cijfer) -> bool:
    return c.tabel.startswith(_TEKSTPLAATSEN)


def tekst_tabel_controles(cijfers: Sequence[Cijfer], uitgezonderd: Iterable[str] = ()) -> list[Controle]:
    """Every printing of a quantity against its earlier printings (same formula): text against table, and
    tables against each other. `uitgezonderd`: figures already flagged `fout` (a check would repeat that)."""
    uit = []
    weg = set(uitgezonderd)
    eerder: dict[str, list[Cijfer]] = {}
    for c in cijfers:
        if not c.formule:
            continue
        vorige = [v for v in eerder.get(c.formule, []) if v.id not in weg]
        eerder.setdefault(c.formule, []).append(c)
        if not vorige or c.id in weg:
            continue
        uit.append(Controle(f"zelfde.{c.id}", "tekst", f"{c.tabel}, {c.rij}",
                            f"{c.gedrukt} ({c.tabel}), elders " + ", ".join(f"{v.gedrukt} ({v.tabel})" for v in vorige),
                            " & ".join(f"{c.id} ~ {v.id}" for v in vorige)))
    return uit


def notatie_bevindingen(cijfers: Sequence[Cijfer]) -> tuple[int, list[Bevinding]]:
    """A decimal point (Dutch writes 2,11) or an amount in running text without mln./mld./miljoen/miljard."""
    uit, telling = [], 0
    for c in cijfers:
        if not _is_tekst(c) or "€" not in c.gedrukt:
            continue
        telling += 1
        plaats = f"{c.tabel}, {c.rij}"
        if re.search(r"\d\.\d{1,2}(?!\d)", c.gedrukt):
            uit.append(Bevinding(Controle(f"notatie.punt.{c.id}", "notatie", plaats, c.gedrukt), REDACTIONEEL,
                                 f"'{c.gedrukt}': een punt als decimaalteken, in Nederlandse notatie een komma", (c.id,)))
        if not re.search(r"mln|mld|miljoen|miljard", c.gedrukt) and not c.schaal:
            uit.append(Bevinding(Controle(f"notatie.eenheid.{c.id}", "notatie", plaats, c.gedrukt), REDACTIONEEL,
                                 f"'{c.gedrukt}': bedrag zonder eenheid (miljoen of miljard)", (c.id,)))
    return telling, uit


# -- numeric checks ------------------------------------------------------------------------------------
def _splits(regel: str) -> tuple[str, str, str]:
    for op in _OPERATOREN:
        if op in regel:
            links, rechts = regel.split(op, 1)
            return links.strip(), op.strip(), rechts.strip()
    raise ExpressieFout(f"geen vergelijking (=, <= of >=) in {regel!r}")


def _uitgevouwen(regel: str, ids: Iterable[str]) -> list[tuple[str, str]]:
    """`elk(a.*.x = b.*.y)` → one rule per stem for which every id exists; other rules as they are."""
    regel = regel.strip()
    if not (regel.startswith("elk(") and regel.endswith(")")):
        return [("", regel)]
    binnen = regel[4:-1]
    patronen = [n for n in namen(binnen.replace(" = ", " + ").replace(" <= ", " + ").replace(" >= ", " + ")) if "*" in n]
    if not patronen:
        raise ExpressieFout(f"elk(…) zonder * in {regel!r}")
    alle = set(ids)
    eerste = re.compile("^" + re.escape(patronen[0]).replace(r"\*", "([^.]+)") + "$")
    stammen = [m.group(1) for i in ids if (m := eerste.match(i))]
    uit = []
    for stam in stammen:
        concreet = re.sub(r"(?<=\S)\*|\*(?=\S)", stam, binnen)  # the wildcard, not the operator ' * '
        if all(n in alle for n in namen(concreet.replace(" = ", " + ").replace(" <= ", " + ").replace(" >= ", " + "))):
            uit.append((stam, concreet))
    return uit


def _gedrukte_som(expressie: str, waarden: Mapping[str, float]) -> str:
    """The expression with every id replaced by its printed value, in Dutch notation."""
    stukken = []
    for token in expressie.split():
        if token in waarden:
            stukken.append(getal_kort(waarden[token]))
        elif re.fullmatch(r"\d+(\.\d+)?", token):
            stukken.append(getal_kort(float(token)))
        else:
            stukken.append({"-": "−", "*": "×"}.get(token, token))
    return " ".join(stukken)


def _plus(x: float) -> str:
    return f"+{getal_kort(x)}" if x > 0 else f"−{getal_kort(-x)}"


@dataclass
class _Oordeel:
    soort: str | None
    uitleg: str


def _oordeel_een(regel: str, gelezen: Mapping[str, Gedrukt], cijfers: Mapping[str, Cijfer],
                 marge: float | None, opsomming: bool = False) -> _Oordeel:
    """One comparison; for an enumeration (`opsomming`) a printed figure equal to the difference is named."""
    links, op, rechts = _splits(regel)
    ids = [n for n in namen(links) + namen(rechts)]
    bereik = any(not gelezen[n].bedrag.is_exact for n in ids)
    soort: str | None = None
    teksten = []
    for kant in ("laag", "hoog") if bereik else ("laag",):
        waarden = {n: (gelezen[n].bedrag.laag if kant == "laag" else gelezen[n].bedrag.hoog) for n in ids}
        lw = evalueer(links, lambda n, w=waarden: _Getal(w[n]), _Getal).x
        rw = evalueer(rechts, lambda n, w=waarden: _Getal(w[n]), _Getal).x
        if marge is not None:
            tol = marge
        elif op == "~":
            tol = gelezen[links].eenheid / 2 + gelezen[rechts].eenheid / 2
        elif len(namen(links)) == 1 and links == namen(links)[0]:
            tol = gelezen[links].eenheid / 2
        elif len(namen(rechts)) == 1 and rechts == namen(rechts)[0]:
            tol = gelezen[rechts].eenheid / 2
        else:
            tol = 0.0
        eps = 1e-7 * max(1.0, abs(lw), abs(rw))
        klopt = {"=": abs(lw - rw) <= tol + eps, "~": abs(lw - rw) <= tol + eps, "<=": lw <= rw + tol + eps,
                 ">=": lw + tol + eps >= rw}[op]
        voor = "" if not bereik else ("ondergrens: " if kant == "laag" else "bovengrens: ")
        lt, rt = _gedrukte_som(links, waarden), _gedrukte_som(rechts, waarden)
        ls = lt if lt == getal_kort(lw) else f"{lt} = {getal_kort(lw)}"
        rs = rt if rt == getal_kort(rw) else f"{rt} = {getal_kort(rw)}"
        if klopt:
            teksten.append(f"{voor}{ls} en {rs}: klopt")
            continue
        woord = {"=": "niet gelijk aan", "~": "elders gedrukt als", "<=": "meer dan", ">=": "minder dan"}[op]
        tekst = f"{voor}zoals gedrukt {ls}, {woord} {rs} (verschil {_plus(lw - rw)})"

        def interval(naam: str, kant: str = kant) -> Interval:
            g = gelezen[naam]
            x = g.bedrag.laag if kant == "laag" else g.bedrag.hoog
            return Interval.punt(x).verbreed(g.eenheid / 2)

        li = evalueer(links, interval, Interval.punt)
        ri = evalueer(rechts, interval, Interval.punt)
        kan = {"=": li.snijd(ri) is not None, "~": li.snijd(ri) is not None, "<=": li.laag <= ri.hoog + eps,
               ">=": li.hoog + eps >= ri.laag}[op]
        if kan:
            tekst += (f"; binnen de afronding van elk cijfer wel mogelijk ({getal_kort(li.laag)} – {getal_kort(li.hoog)} "
                      f"tegen {getal_kort(ri.laag)} – {getal_kort(ri.hoog)})")
            soort = soort or AFRONDING
        else:
            tekst += (f"; ook met de afronding van elk cijfer niet ({getal_kort(li.laag)} – {getal_kort(li.hoog)} "
                      f"tegen {getal_kort(ri.laag)} – {getal_kort(ri.hoog)})")
            soort = FOUT
        verklaring = _verklaar(lw - rw, ids, gelezen, cijfers, kant) if opsomming else ""
        if verklaring and op == "=":
            tekst += f"; het verschil is gelijk aan {verklaring}"
        teksten.append(tekst)
    return _Oordeel(soort, "; ".join(teksten))


@dataclass(frozen=True)
class _Getal:
    x: float

    def __add__(self, o: _Getal) -> _Getal:
        return _Getal(self.x + o.x)

    def __sub__(self, o: _Getal) -> _Getal:
        return _Getal(self.x - o.x)

    def __mul__(self, o: _Getal) -> _Getal:
        return _Getal(self.x * o.x)

    def __truediv__(self, o: _Getal) -> _Getal:
        return _Getal(self.x / o.x)

    def __neg__(self) -> _Getal:
        return _Getal(-self.x)


def _verklaar(verschil: float, ids: Sequence[str], gelezen: Mapping[str, Gedrukt], cijfers: Mapping[str, Cijfer],
              kant: str) -> str:
    """A printed figure of a table the rule refers to (not in the rule) whose value is exactly the difference."""
    if abs(verschil) < 1e-9:
        return ""
    tabellen = {cijfers[n].tabel for n in ids}
    for c in cijfers.values():
        if c.tabel not in tabellen or c.id in ids or c.id not in gelezen:
            continue
        b = gelezen[c.id].bedrag
        x = b.laag if kant == "laag" else b.hoog
        if abs(abs(x) - abs(verschil)) <= 1e-7 * max(1.0, abs(x)):
            return f"{c.rij} – {c.kolom} in {c.tabel} ({c.gedrukt})"
    return ""


def beoordeel_regel(controle: Controle, gelezen: Mapping[str, Gedrukt], cijfers: Mapping[str, Cijfer]) -> Bevinding | None:
    soort: str | None = None
    teksten, betrokken = [], []
    delen = [x for deel in controle.regel.split(" & ") for x in _uitgevouwen(deel, gelezen)]
    for stam, regel in delen:
        oordeel = _oordeel_een(regel, gelezen, cijfers, controle.marge, controle.klasse == "opsomming")
        if oordeel.soort is None:
            continue
        soort = FOUT if FOUT in (soort, oordeel.soort) else oordeel.soort
        links, _, rechts = _splits(regel)
        betrokken += namen(links) + namen(rechts)
        c = cijfers[namen(links)[0]] if namen(links) else None
        voor = f"{c.rij} – {c.kolom}: " if c is not None and (stam or len(delen) > 1) else ""
        teksten.append(voor + oordeel.uitleg)
    if soort is None:
        return None
    return Bevinding(controle, soort, "; ".join(teksten), tuple(dict.fromkeys(betrokken)))


def beoordeel_verwijzing(controle: Controle, inhoud: Sequence[Onderdeel]) -> Bevinding | None:
    per_naam = {o.naam: o for o in inhoud}
    problemen = []
    for naar in controle.naar:
        doel = per_naam.get(naar.lower())
        if doel is None:
            problemen.append(f"{naar} bestaat niet in het rapport")
            continue
        if controle.hoofdstuk and doel.hoofdstuk and doel.hoofdstuk != controle.hoofdstuk:
            problemen.append(f"{naar} staat in hoofdstuk {doel.hoofdstuk}, niet in hoofdstuk {controle.hoofdstuk}")
        if controle.onderwerp and not _over(doel, controle.onderwerp):
            problemen.append(f"{naar} gaat niet over {' / '.join(controle.onderwerp)} (maar over {', '.join(doel.onderwerp)})")
    if not problemen:
        return None
    soort_doel = controle.naar[0].split()[0].lower()
    passend = [o.naam for o in inhoud if o.soort == soort_doel and controle.onderwerp and _over(o, controle.onderwerp)
               and o.naam != controle.plaats.lower()
               and (not controle.hoofdstuk or not o.hoofdstuk or o.hoofdstuk == controle.hoofdstuk)]
    uitleg = "; ".join(problemen)
    if passend:
        uitleg += f"; wel over {' / '.join(controle.onderwerp)}: {', '.join(passend)}"
    return Bevinding(controle, REDACTIONEEL, uitleg)


def _over(onderdeel: Onderdeel, woorden: Iterable[str]) -> bool:
    return any(w in o for w in woorden for o in onderdeel.onderwerp)


def voer_uit(controles: Sequence[Controle], inhoud: Sequence[Onderdeel], cijfers: Sequence[Cijfer],
             programma: Programma, gemarkeerd: Iterable[str] = ()) -> Uitslag:
    """Run the report's own checks and the derived ones. `gemarkeerd`: figure ids already flagged
    `fout` by their recomputation; a derived text-vs-table check on them would only repeat that."""
    per_id = {c.id: c for c in cijfers}
    gelezen = {c.id: lees(c) for c in cijfers}
    fout = set(gemarkeerd)
    uitslag = Uitslag()
    afgeleid = jaarlijkse_controles(cijfers, programma) + tekst_tabel_controles(cijfers, fout)
    for controle in [*controles, *afgeleid]:
        uitslag.uitgevoerd[controle.klasse] = uitslag.uitgevoerd.get(controle.klasse, 0) + 1
        if controle.klasse == "verwijzing":
            bevinding = beoordeel_verwijzing(controle, inhoud)
        else:
            try:
                bevinding = beoordeel_regel(controle, gelezen, per_id)
            except (KeyError, ExpressieFout, ZeroDivisionError) as e:
                raise InvoerFout(f"controle {controle.id}: {e}") from None
        if bevinding is not None:
            uitslag.bevindingen.append(bevinding)
    telling, notatie = notatie_bevindingen(cijfers)
    uitslag.uitgevoerd["notatie"] = telling
    uitslag.bevindingen += notatie
    return uitslag


def controleer_ids(controles: Sequence[Controle], cijfers: Sequence[Cijfer], bron: str) -> None:
    """Every id a check names exists (a typo would otherwise silently drop a check)."""
    ids = {c.id for c in cijfers}
    for controle in controles:
        if not controle.regel:
            continue
        for deel in controle.regel.split(" & "):
            try:
                regels = _uitgevouwen(deel, ids)
                for _, regel in regels:
                    links, _, rechts = _splits(regel)
                    for naam in namen(links) + namen(rechts):
                        if naam not in ids:
                            raise InvoerFout(f"controle {controle.id}: cijfer {naam!r} bestaat niet", bron=bron)
            except ExpressieFout as e:
                raise InvoerFout(f"controle {controle.id}: {e}", bron=bron) from None
            if not regels:
                raise InvoerFout(f"controle {controle.id}: elk(…) vindt geen cijfers", bron=bron)


__all__ = ["KLASSEN", "NUMERIEK", "REDACTIONEEL", "Bevinding", "Controle", "Onderdeel", "Uitslag", "beoordeel_regel",
           "beoordeel_verwijzing", "controleer_ids", "controles_uit_toml", "jaarlijkse_controles",
           "notatie_bevindingen", "tekst_tabel_controles", "voer_uit"]
