"""Scenarios: a named set of changes to the inputs, computed next to the base case.

Kinds of change (`soort`), with their fields:
- ``dekking_toevoegen``: periode, pijler, onderdeel ('' = whole pillar), bron, cofinanciering,
  rijksfinanciering (e.g. a Wbi allocation to nieuwbouw, the AZWA money);
- ``opgave_zetten``: periode, onderdeel, bedrag (number, [laag, hoog] or "PM"), optional categorie;
- ``verdeelsleutel_zetten``: onderdeel, waarde (0–1 or "PM");
- ``post_toevoegen``: code, naam, pijler, bedrag, verdeelsleutel (an estimate over the horizon,
  e.g. funderingsherstel €1–1,5 mld. with Rijksdeel PM);
- ``variant_kiezen``: onderdeel, variant (one of an onderdeel's alternative estimates);
- ``bandbreedte_kiezen``: kant ('laag' or 'hoog'): every range replaced by that end.
"""

from __future__ import annotations

from dataclasses import replace

from xl_opgave.core.bedrag import Bedrag, parse_bedrag
from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.laden import _bedrag_toml, _sleutel, aanvullend_uit_toml
from xl_opgave.core.model import DekkingsPost, OpgavePost, Programma, Scenario

SOORTEN = (
    "dekking_toevoegen",
    "opgave_zetten",
    "verdeelsleutel_zetten",
    "post_toevoegen",
    "variant_kiezen",
    "bandbreedte_kiezen",
)


def pas_toe(programma: Programma, scenario: Scenario) -> Programma:
    """The programme with the scenario's changes applied; the input is not modified."""
    for nummer, wijziging in enumerate(scenario.wijzigingen, start=1):
        plaats = f"scenario {scenario.code!r}, wijziging {nummer} ({wijziging.soort})"
        veld = wijziging.veld
        if wijziging.soort == "dekking_toevoegen":
            periode = programma.periode(str(veld("periode"))).code
            pijler = programma.pijler(str(veld("pijler"))).code
            onderdeel = str(veld("onderdeel", "") or "")
            if onderdeel and programma.onderdeel(onderdeel).pijler != pijler:
                raise InvoerFout(f"onderdeel {onderdeel!r} hoort niet bij pijler {pijler!r}", plaats=plaats)
            post = DekkingsPost(
                periode=periode,
                pijler=pijler,
                onderdeel=onderdeel,
                bron=str(veld("bron")),
                cofinanciering=parse_bedrag(veld("cofinanciering", 0), plaats=plaats),
                rijksfinanciering=parse_bedrag(veld("rijksfinanciering", 0), plaats=plaats),
                toelichting=scenario.naam,
            )
            programma = programma.met(dekkingen=(*programma.dekkingen, post))
        elif wijziging.soort == "opgave_zetten":
            periode = programma.periode(str(veld("periode"))).code
            onderdeel = programma.onderdeel(str(veld("onderdeel")))
            categorie = str(veld("categorie", "opgave"))
            bedrag = _bedrag_toml(veld("bedrag"), "", plaats)
            overig = tuple(
                p
                for p in programma.opgaven
                if (p.periode, p.onderdeel, p.categorie) != (periode, onderdeel.code, categorie)
            )
            nieuw = OpgavePost(periode, onderdeel.pijler, onderdeel.code, bedrag, categorie, bron=scenario.naam)
            programma = programma.met(opgaven=(*overig, nieuw))
        elif wijziging.soort == "verdeelsleutel_zetten":
            onderdeel = programma.onderdeel(str(veld("onderdeel")))
            sleutel = _sleutel(veld("waarde"), plaats, "")
            onderdelen = tuple(
                replace(o, verdeelsleutel=sleutel) if o.code == onderdeel.code else o for o in programma.onderdelen
            )
            programma = programma.met(onderdelen=onderdelen)
        elif wijziging.soort == "post_toevoegen":
            posten = aanvullend_uit_toml([dict(wijziging.velden)], plaats)
            programma.pijler(posten[0].pijler)
            programma = programma.met(aanvullend=(*programma.aanvullend, *posten))
        elif wijziging.soort == "variant_kiezen":
            onderdeel = programma.onderdeel(str(veld("onderdeel"))).code
            variant = str(veld("variant"))
            if not any(p.onderdeel == onderdeel and p.variant == variant for p in programma.opgaven):
                raise InvoerFout(f"onderdeel {onderdeel!r} heeft geen variant {variant!r}", plaats=plaats)
            opgaven = tuple(p for p in programma.opgaven if p.onderdeel != onderdeel or p.variant in ("", variant))
            programma = programma.met(opgaven=opgaven)
        elif wijziging.soort == "bandbreedte_kiezen":
            kant = str(veld("kant"))
            if kant not in ("laag", "hoog"):
                raise InvoerFout(f"kant {kant!r}: kies 'laag' of 'hoog'", plaats=plaats)
            programma = programma.met(
                opgaven=_kies_variant_per_kant(programma.opgaven, kant),
                aanvullend=tuple(replace(a, bedrag=a.bedrag.kies(kant)) for a in programma.aanvullend),
            )
        else:
            raise InvoerFout(f"onbekende soort wijziging (kies uit {', '.join(SOORTEN)})", plaats=plaats)
    return programma


def _kies_variant_per_kant(opgaven: tuple[OpgavePost, ...], kant: str) -> tuple[OpgavePost, ...]:
    """Every range replaced by one end; of alternative variants the one that gives that end.

    The envelope of variants runs from the lowest low to the highest high, so the 'laag' scenario
    keeps the variant with the lowest low (and only its low end), 'hoog' the highest high.
    """
    gekozen: dict[tuple[str, str, str], str] = {}
    for post in opgaven:
        if not post.variant:
            continue
        sleutel = (post.periode, post.onderdeel, post.categorie)
        huidig = gekozen.get(sleutel)
        waarde = post.bedrag.laag if kant == "laag" else post.bedrag.hoog
        if huidig is None:
            gekozen[sleutel] = post.variant
            continue
        beste = next(p for p in opgaven if (p.periode, p.onderdeel, p.categorie) == sleutel and p.variant == huidig)
        beste_waarde = beste.bedrag.laag if kant == "laag" else beste.bedrag.hoog
        if (kant == "laag" and waarde < beste_waarde) or (kant == "hoog" and waarde > beste_waarde):
            gekozen[sleutel] = post.variant
    return tuple(
        replace(p, bedrag=p.bedrag.kies(kant))
        for p in opgaven
        if not p.variant or gekozen[(p.periode, p.onderdeel, p.categorie)] == p.variant
    )


def geen_wijziging(code: str = "basis") -> Scenario:
    return Scenario(code=code, naam="Basis (geen wijzigingen)")


__all__ = ["SOORTEN", "Bedrag", "geen_wijziging", "pas_toe"]
