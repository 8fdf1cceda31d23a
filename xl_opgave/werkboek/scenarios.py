"""Scenario switches of the template workbooks: which changes a switch turns on, and what they give.

Each scenario of the programme gets a switch on Invoer (``In_Scenario_<code>``: 1 = aan, 0 or empty =
uit). The workbook computes the *union* of the changes of the scenarios that are on: a change shared
by several scenarios (``alle_scenarios`` repeats the Wbi, AZWA and funderingsherstel changes) is one
`Wijzigingsregel` whose amounts are entered once and which is active when any of its scenarios is on
(``MAX`` of their switches). So switching on ``alle_scenarios`` gives exactly
``pas_toe(programma, alle_scenarios)``, and switching on ``alle_scenarios`` together with ``azwa``
does not count the AZWA money twice.

Choices combine as the report reads them: two variants of one onderdeel on (``capaciteit_nu`` and
``capaciteit_2035``) is their envelope again (the base case), and both ends of the bandbreedte on
(``ondergrens`` and ``bovengrens``) is the bandbreedte again.

Supported kinds: ``dekking_toevoegen``, ``post_toevoegen``, ``variant_kiezen``, ``bandbreedte_kiezen``
(the ones the reference data uses); a reference scenario of another kind is refused with a clear error.

- ``wijzigingsregels(ref)``: the distinct changes of the reference scenarios, in order
- ``invoer(programma, ref, schakelaars)``: the switch and scenario-amount inputs (defined name → value)
- ``schakelaars_uit(waarden, ref)``: the switch states (code → 0/1) from input values
- ``combineer(programma, schakelaars)``: the programme with the changes of the switched-on scenarios
- ``werkboekregels(ref, waarden)``: the values of the Berekening rows that exist only in the workbook
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from xl_opgave.core.bedrag import NUL, Bedrag, PmPost, parse_bedrag
from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.laden import aanvullend_uit_toml
from xl_opgave.core.model import Programma, Scenario, Wijziging
from xl_opgave.core.scenario import pas_toe
from xl_opgave.werkboek import namen as nm

ONDERSTEUND = ("dekking_toevoegen", "post_toevoegen", "variant_kiezen", "bandbreedte_kiezen")
# Fields that are inputs of the workbook (amounts); the other fields fix the change's place.
BEDRAGVELDEN = frozenset({"cofinanciering", "rijksfinanciering", "bedrag", "verdeelsleutel"})
BANDBREEDTE_LAAG = "scenario.bandbreedte.laag"  # 1 when only the low end is chosen
BANDBREEDTE_HOOG = "scenario.bandbreedte.hoog"  # 1 when only the high end is chosen


def vorm(wijziging: Wijziging) -> tuple[str, tuple[tuple[str, str], ...]]:
    """What identifies a change independent of its amounts."""
    return wijziging.soort, tuple(sorted((k, repr(v)) for k, v in wijziging.velden if k not in BEDRAGVELDEN))


@dataclass(frozen=True)
class Wijzigingsregel:
    """One distinct change of the reference scenarios, with the scenarios that contain it."""

    nummer: int
    soort: str
    velden: tuple[tuple[str, object], ...]
    scenarios: tuple[str, ...]

    def veld(self, naam: str, standaard: object = None) -> object:
        return dict(self.velden).get(naam, standaard)

    @property
    def actief(self) -> str:
        """The Berekening row of the change's switch (1 when any of its scenarios is on)."""
        return f"scenario.{self.nummer}.actief"

    @property
    def vorm(self) -> tuple[str, tuple[tuple[str, str], ...]]:
        return vorm(Wijziging(self.soort, self.velden))


def wijzigingsregels(ref: Programma) -> list[Wijzigingsregel]:
    regels: dict[tuple, tuple[Wijziging, list[str]]] = {}
    for scenario in ref.scenarios:
        for wijziging in scenario.wijzigingen:
            if wijziging.soort not in ONDERSTEUND:
                raise InvoerFout(f"scenario {scenario.code!r}: soort {wijziging.soort!r} heeft (nog) geen schakelaar "
                                 f"in het sjabloon (ondersteund: {', '.join(ONDERSTEUND)})")
            sleutel = vorm(wijziging)
            if sleutel not in regels:
                regels[sleutel] = (wijziging, [])
            if scenario.code not in regels[sleutel][1]:
                regels[sleutel][1].append(scenario.code)
    return [Wijzigingsregel(i, w.soort, w.velden, tuple(codes))
            for i, (w, codes) in enumerate(regels.values(), start=1)]


def dekking_namen(ref: Programma, regel: Wijzigingsregel) -> dict[str, str]:
    """The input names of a dekking change: 'Cofin' and 'Rijksfin'."""
    periode = ref.periode(str(regel.veld("periode")))
    doel = str(regel.veld("onderdeel") or "") or str(regel.veld("pijler"))
    return {k: nm.scenario_dekking(periode, doel, str(regel.veld("bron")), k) for k in ("Cofin", "Rijksfin")}


def post_namen(regel: Wijzigingsregel) -> dict[str, str]:
    code = str(regel.veld("code"))
    return {k: nm.scenario_post(code, k) for k in ("laag", "hoog", "sleutel")}


def omschrijving(ref: Programma, regel: Wijzigingsregel) -> str:
    """The change in Dutch, for labels."""
    if regel.soort == "dekking_toevoegen":
        onderdeel = str(regel.veld("onderdeel") or "")
        doel = ref.onderdeel(onderdeel).naam if onderdeel else f"{ref.pijler(str(regel.veld('pijler'))).naam} (hele pijler)"
        return f"Extra dekking {regel.veld('bron')} → {doel}, {ref.periode(str(regel.veld('periode'))).naam}"
    if regel.soort == "post_toevoegen":
        return f"Aanvullende raming {regel.veld('naam')} ({ref.pijler(str(regel.veld('pijler'))).naam})"
    if regel.soort == "variant_kiezen":
        return f"{ref.onderdeel(str(regel.veld('onderdeel'))).naam}: alleen variant {regel.veld('variant')}"
    kant = "ondergrens" if regel.veld("kant") == "laag" else "bovengrens"
    return f"Elke bandbreedte: alleen de {kant}"


# -- inputs -----------------------------------------------------------------------------------------
def _zoek(programma: Programma, regel: Wijzigingsregel) -> Wijziging | None:
    for scenario in programma.scenarios:
        for wijziging in scenario.wijzigingen:
            if vorm(wijziging) == regel.vorm:
                return wijziging
    return None


def _cel(bedrag: Bedrag) -> object:
    if bedrag.nb:
        return None
    if bedrag.pm and bedrag.laag == bedrag.hoog == 0:
        return "PM"
    return bedrag.laag


def invoer(programma: Programma, ref: Programma, schakelaars: Mapping[str, int] | None = None) -> dict[str, object]:
    """The switches (default uit) and the scenario amounts of this programme; the shape is the reference's.

    A scenario the programme does not have (a gebied has no national scenario amounts) has empty amounts
    and cannot be switched on.
    """
    schakelaars = dict(schakelaars or {})
    codes = [s.code for s in ref.scenarios]
    onbekend = [c for c in schakelaars if c not in codes]
    if onbekend:
        raise InvoerFout(f"onbekend scenario {onbekend[0]!r} (bekend: {', '.join(codes) or 'geen'})")
    eigen = {s.code for s in programma.scenarios}
    waarden: dict[str, object] = {}
    for code in codes:
        stand = schakelaars.get(code, 0)
        if stand not in (0, 1):
            raise InvoerFout(f"schakelaar van scenario {code!r} is {stand!r}; kies 0 (uit) of 1 (aan)")
        if stand and code not in eigen:
            raise InvoerFout(f"scenario {code!r} hoort niet bij dit programma (gebied); het kan niet aan")
        waarden[nm.scenario(code)] = int(stand)
    for regel in wijzigingsregels(ref):
        wijziging = _zoek(programma, regel)
        if regel.soort == "dekking_toevoegen":
            namen = dekking_namen(ref, regel)
            for kolom, veld in (("Cofin", "cofinanciering"), ("Rijksfin", "rijksfinanciering")):
                waarden[namen[kolom]] = None if wijziging is None else _cel(
                    parse_bedrag(wijziging.veld(veld, 0), plaats=namen[kolom]))
        elif regel.soort == "post_toevoegen":
            namen = post_namen(regel)
            if wijziging is None:
                waarden.update({namen["laag"]: None, namen["hoog"]: None, namen["sleutel"]: None})
                continue
            post = aanvullend_uit_toml([dict(wijziging.velden)], "scenario")[0]
            if post.bedrag.nb:
                laag = hoog = None
            elif post.bedrag.pm and post.bedrag.laag == post.bedrag.hoog == 0:
                laag = hoog = "PM"
            else:
                laag, hoog = post.bedrag.laag, post.bedrag.hoog
            waarden[namen["laag"]], waarden[namen["hoog"]] = laag, hoog
            waarden[namen["sleutel"]] = post.verdeelsleutel
    return waarden


def bedragnamen(ref: Programma) -> list[str]:
    """The scenario amount inputs (the ``In_Scenariobedragen`` block), in sheet order."""
    namen: list[str] = []
    for regel in wijzigingsregels(ref):
        if regel.soort == "dekking_toevoegen":
            namen += list(dekking_namen(ref, regel).values())
        elif regel.soort == "post_toevoegen":
            p = post_namen(regel)
            namen += [p["laag"], p["hoog"]]
    return namen


def _getal(waarde: object) -> float:
    """Excel's N(): a number stays, anything else is 0."""
    return float(waarde) if isinstance(waarde, int | float) and not isinstance(waarde, bool) else 0.0


def _is_pm(waarde: object) -> bool:
    return isinstance(waarde, str) and waarde.upper() == "PM"


def schakelaars_uit(waarden: Mapping[str, object], ref: Programma) -> dict[str, int]:
    """Switch states from input values (a switch counts as on when it is a number other than 0)."""
    return {s.code: int(_getal(waarden.get(nm.scenario(s.code))) != 0) for s in ref.scenarios}


# -- the programme with the switched-on scenarios ---------------------------------------------------
def combineer(programma: Programma, schakelaars: Mapping[str, int]) -> Programma:
    """The programme with the union of the changes of the scenarios that are on (see the module text)."""
    aan = [s for s in programma.scenarios if schakelaars.get(s.code)]
    if not aan:
        return programma
    gezien: set[tuple] = set()
    wijzigingen: list[Wijziging] = []
    for scenario in aan:
        for wijziging in scenario.wijzigingen:
            if vorm(wijziging) not in gezien:
                gezien.add(vorm(wijziging))
                wijzigingen.append(wijziging)
    gewoon = tuple(w for w in wijzigingen if w.soort not in ("variant_kiezen", "bandbreedte_kiezen"))
    if gewoon:
        programma = pas_toe(programma, Scenario("werkboek", "Schakelaars van het werkboek", wijzigingen=gewoon))
    keuzes: dict[str, list[str]] = {}
    for w in wijzigingen:
        if w.soort == "variant_kiezen":
            keuzes.setdefault(str(w.veld("onderdeel")), []).append(str(w.veld("variant")))
    for onderdeel, gekozen in keuzes.items():
        alle = {p.variant for p in programma.opgaven if p.onderdeel == onderdeel and p.variant}
        if alle <= set(gekozen):
            continue  # every variant chosen: their envelope, as without a choice
        if len(gekozen) == 1:
            keuze = Wijziging("variant_kiezen", (("onderdeel", onderdeel), ("variant", gekozen[0])))
            programma = pas_toe(programma, Scenario("werkboek", "variant", wijzigingen=(keuze,)))
        else:
            programma = programma.met(opgaven=tuple(
                p for p in programma.opgaven if p.onderdeel != onderdeel or p.variant in ("", *gekozen)))
    kanten = {str(w.veld("kant")) for w in wijzigingen if w.soort == "bandbreedte_kiezen"}
    if len(kanten) == 1:
        keuze = Wijziging("bandbreedte_kiezen", (("kant", kanten.pop()),))
        programma = pas_toe(programma, Scenario("werkboek", "bandbreedte", wijzigingen=(keuze,)))
    return programma


# -- Berekening rows that exist only in the workbook -------------------------------------------------
def variant_regels(ref: Programma) -> dict[str, list[Wijzigingsregel]]:
    """Per onderdeel with a variant switch: its variant changes."""
    uit: dict[str, list[Wijzigingsregel]] = {}
    for regel in wijzigingsregels(ref):
        if regel.soort == "variant_kiezen":
            uit.setdefault(str(regel.veld("onderdeel")), []).append(regel)
    return uit


def variant_sleutel(onderdeel: str, variant: str) -> str:
    """The Berekening row: 1 when this variant counts in the envelope."""
    return f"scenario.variant.{onderdeel}.{variant}"


def alle_varianten(ref: Programma, onderdeel: str) -> list[str]:
    return list(dict.fromkeys(p.variant for p in ref.opgaven if p.onderdeel == onderdeel and p.variant))


def werkboekregels(ref: Programma, waarden: Mapping[str, object]) -> dict[str, Bedrag]:
    """Values of the workbook-only Berekening rows, computed as their formulas do from the inputs."""
    uit: dict[str, Bedrag] = {}
    regels = wijzigingsregels(ref)
    actief: dict[int, float] = {}
    for regel in regels:
        actief[regel.nummer] = max((_getal(waarden.get(nm.scenario(c))) for c in regel.scenarios), default=0.0)
        uit[regel.actief] = Bedrag.exact(actief[regel.nummer])
        if regel.soort == "dekking_toevoegen":
            namen = dekking_namen(ref, regel)
            for kolom, soort in (("Cofin", "cofinanciering"), ("Rijksfin", "rijksfinanciering")):
                bedrag = waarden.get(namen[kolom])
                a = actief[regel.nummer]
                pm = frozenset({PmPost(f"{regel.veld('bron')} ({soort})")}) if a * _is_pm(bedrag) > 0 else frozenset()
                uit[f"scenario.{regel.nummer}.{soort}"] = Bedrag(a * _getal(bedrag), a * _getal(bedrag), pm)
    laag = max((actief[r.nummer] for r in regels if r.soort == "bandbreedte_kiezen" and r.veld("kant") == "laag"),
               default=None)
    hoog = max((actief[r.nummer] for r in regels if r.soort == "bandbreedte_kiezen" and r.veld("kant") == "hoog"),
               default=None)
    if laag is not None or hoog is not None:
        uit[BANDBREEDTE_LAAG] = Bedrag.exact((laag or 0.0) * (1 - (hoog or 0.0)) if hoog is not None else laag or 0.0)
        uit[BANDBREEDTE_HOOG] = Bedrag.exact((hoog or 0.0) * (1 - (laag or 0.0)) if laag is not None else hoog or 0.0)
    for onderdeel, lijst in variant_regels(ref).items():
        ergens = max(actief[r.nummer] for r in lijst)
        for variant in alle_varianten(ref, onderdeel):
            eigen = [actief[r.nummer] for r in lijst if r.veld("variant") == variant]
            uit[variant_sleutel(onderdeel, variant)] = Bedrag.exact(max([*eigen, 1 - ergens]))
    return uit


__all__ = ["NUL", "Wijzigingsregel", "combineer", "invoer", "schakelaars_uit", "werkboekregels", "wijzigingsregels"]
