"""The `report` face: every table of a source report recomputed, next to what was published.

Text for people (Dutch, in the report's own presentation, rounded as the report rounds: exact halves
toward zero) with the summary first, and one JSON object for machines. The memo for the report's
authors is `notitie.py`, over the same findings.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from xl_opgave.core.afronding import gelijk, is_halverwege, rond
from xl_opgave.core.analyse import Analyse
from xl_opgave.core.controles import KLASSEN, Bevinding
from xl_opgave.core.opmaak import bedrag_tekst, getal_kort
from xl_opgave.core.vergelijking import AFRONDING, FOUT, Beoordeling, interval_tekst, tekst_mln
from xl_opgave.referentie import Referentie

MERK = {FOUT: "‼", AFRONDING: "≈", None: ""}
_BREEDTE = 72  # widest table cell: value, aanname marks and the printed figure beside it


def _cel(b: Beoordeling) -> str:
    tekst = b.getoond()
    # A PM the report leaves unmentioned is shown, but is not by itself a different figure.
    zonder_pm = tekst.removesuffix(" + PM").removesuffix(" - PM").removesuffix(" ± PM")
    if b.aannames:
        tekst += f" [{','.join(b.aannames)}]"
    if b.berekend is not None and b.cijfer.gedrukt.strip() not in (b.getoond().strip(), zonder_pm.strip()):
        tekst += f" (rapport: {b.cijfer.gedrukt}{', halve eenheid' if _gelijke_helft(b) else ''})"
    return f"{tekst} {MERK[b.soort]}".rstrip()


def _gelijke_helft(b: Beoordeling) -> bool:
    """The report rounded an exact half away from zero here (332,5 → 335): a correct rounding, not flagged."""
    c, u = b.berekend, b.gelezen.eenheid
    if c is None or not c.is_exact or not b.gelezen.bedrag.is_exact or not is_halverwege(c.laag, u):
        return False
    return gelijk(rond(c.laag, u), b.gelezen.bedrag.laag)


def _tabel_tekst(titel: str, beoordelingen: list[Beoordeling], volgorde: list[str] | None = None) -> list[str]:
    rijen: OrderedDict[str, dict[str, Beoordeling]] = OrderedDict()
    kolommen: list[str] = list(volgorde or [])
    for b in beoordelingen:
        rijen.setdefault(b.cijfer.rij, {})[b.cijfer.kolom] = b
        if b.cijfer.kolom not in kolommen:
            kolommen.append(b.cijfer.kolom)
    kop = ["", *kolommen]
    regels = [[rij, *(_cel(cellen[k]) if k in cellen else "" for k in kolommen)] for rij, cellen in rijen.items()]
    breedtes = [min(_BREEDTE, max(len(r[i]) for r in [kop, *regels])) for i in range(len(kop))]

    def regel(waarden: list[str]) -> str:
        return " | ".join(w[:_BREEDTE].ljust(breedtes[i]) for i, w in enumerate(waarden)).rstrip()

    uit = [titel, "-" * len(titel), regel(kop), "-+-".join("-" * b for b in breedtes)]
    uit += [regel(r) for r in regels]
    uit += _bevinding_regels([b for b in beoordelingen if b.soort])
    return uit


def _bevinding_regels(beoordelingen: list[Beoordeling]) -> list[str]:
    return [f"  {MERK[b.soort]} {b.soort}: {b.cijfer.rij} – {b.cijfer.kolom}: {b.toelichting}" for b in beoordelingen]


@dataclass
class Telling:
    cijfers: int
    fout: int
    afronding: int
    controles: int
    controle_fout: int
    controle_afronding: int
    redactioneel: int

    @property
    def kloppen(self) -> int:
        return self.cijfers - self.fout - self.afronding


def telling(referentie: Referentie, analyse: Analyse) -> Telling:
    uitslag = analyse.controles
    return Telling(
        cijfers=len([b for b in analyse.beoordelingen if b.berekend is not None]),
        fout=analyse.aantal(FOUT),
        afronding=analyse.aantal(AFRONDING),
        controles=sum(uitslag.uitgevoerd.values()),
        controle_fout=sum(1 for b in uitslag.numeriek() if b.soort == FOUT),
        controle_afronding=sum(1 for b in uitslag.numeriek() if b.soort == AFRONDING),
        redactioneel=len(uitslag.redactioneel()) + len(referentie.opmerkingen),
    )


def samenvatting_regel(t: Telling) -> str:
    return (f"{t.cijfers} gepubliceerde cijfers herberekend: {t.kloppen} kloppen, {t.afronding} afronding, {t.fout} fout; "
            f"{t.controles} controles tussen cijfers en tekst: {t.controle_fout} fout, {t.controle_afronding} afronding; "
            f"{t.redactioneel} redactionele opmerkingen.")


def fout_regel(b: Beoordeling) -> str:
    """One line per fout: where, printed, what the inputs allow, recomputed."""
    toegestaan = interval_tekst(b)
    berekend = tekst_mln(b.berekend) if b.berekend is not None else "-"
    return f"{b.cijfer.plaats}: gedrukt {b.cijfer.gedrukt}, de invoer laat {toegestaan} toe, berekend {berekend}"


def bevinding_regel(b: Bevinding) -> str:
    return f"{b.controle.plaats} ({b.klasse}): {b.uitleg}"


def _samenvatting(referentie: Referentie, analyse: Analyse) -> list[str]:
    t = telling(referentie, analyse)
    regels = ["Samenvatting", "=" * 12, samenvatting_regel(t)]
    fouten = [b for b in analyse.beoordelingen if b.soort == FOUT]
    controle_fouten = [b for b in analyse.controles.numeriek() if b.soort == FOUT]
    if fouten or controle_fouten:
        regels.append("Fouten:")
        regels += [f"  ‼ {fout_regel(b)}" for b in fouten]
        regels += [f"  ‼ {bevinding_regel(b)}" for b in controle_fouten]
    rustend = {n for n, ids in analyse.aannames_per_resultaat().items() if ids}
    if analyse.aannames:
        regels.append(f"Aannames: {len(analyse.aannames)} (zie onder); {len(rustend)} van de {len(analyse.namen)} "
                      "resultaten rusten op een of meer ervan, gemarkeerd met [id].")
    return [*regels, ""]


def rapport_tekst(referentie: Referentie, analyse: Analyse, *, alleen_afwijkingen: bool = False) -> str:
    programma = referentie.programma
    regels = [
        f"{programma.code}: {programma.naam}",
        f"Bron: {programma.bron}",
        "",
        *_samenvatting(referentie, analyse),
        "Elke tabel herberekend uit de invoer (xl_opgave/data/"
        f"{referentie.map}), afgerond zoals het rapport (exact halve eenheden naar nul); waar het rapport iets "
        "anders drukt staat het erachter" + (f", [{analyse.aannames[0].id}] = rust op aanname {analyse.aannames[0].id}."
                                              if analyse.aannames else "."),
        "‼ = fout (buiten wat de gedrukte invoer toelaat, ook met de afronding van elke invoer), "
        "≈ = afronding (binnen die marge, maar een gedrukt totaal telt niet op uit zijn gedrukte delen).",
        "",
    ]
    per_tabel: OrderedDict[str, list[Beoordeling]] = OrderedDict()
    for b in analyse.beoordelingen:
        per_tabel.setdefault(b.cijfer.tabel, []).append(b)
    for titel, beoordelingen in per_tabel.items():
        if alleen_afwijkingen:
            gemarkeerd = [b for b in beoordelingen if b.soort]
            if gemarkeerd:
                regels += [titel, "-" * len(titel), *_bevinding_regels(gemarkeerd), ""]
            continue
        regels += _tabel_tekst(titel, beoordelingen, referentie.tabelkolommen.get(titel))
        regels.append("")
    regels += _controle_tekst(analyse)
    if not alleen_afwijkingen:
        regels += _scenario_tekst(analyse)
    regels += _redactioneel_tekst(referentie, analyse)
    regels += _aannames_tekst(analyse, kort=alleen_afwijkingen)
    return "\n".join(regels) + "\n"


def _controle_tekst(analyse: Analyse) -> list[str]:
    numeriek = analyse.controles.numeriek()
    uitgevoerd = ", ".join(f"{KLASSEN[k]} {n}" for k, n in analyse.controles.uitgevoerd.items())
    titel = "Controles tussen cijfers en tekst"
    regels = [titel, "-" * len(titel), f"Uitgevoerd: {uitgevoerd}."]
    regels += [f"  {MERK[b.soort]} {b.soort}: {bevinding_regel(b)}" for b in numeriek]
    if not numeriek:
        regels.append("  geen bevindingen")
    return [*regels, ""]


def _redactioneel_tekst(referentie: Referentie, analyse: Analyse) -> list[str]:
    opmerkingen = [(b.controle.plaats, b.uitleg) for b in analyse.controles.redactioneel()]
    opmerkingen += [(o["plaats"], o["opmerking"]) for o in referentie.opmerkingen]
    if not opmerkingen:
        return []
    titel = "Redactionele opmerkingen (tekst, geen bedragen)"
    return [titel, "-" * len(titel), *(f"- {p}: {o}" for p, o in opmerkingen), ""]


def _aannames_tekst(analyse: Analyse, *, kort: bool = False) -> list[str]:
    if not analyse.aannames:
        return []
    titel = "Aannames (invoer die het rapport niet als zodanig geeft)"
    regels = [titel, "-" * len(titel)]
    for a in analyse.aannames:
        regels.append(f"[{a.id}] {a.naam} ({a.plaats})")
        regels.append(f"  {a.reden}")
        if kort:
            continue
        for lezing, waarden in lezingen(analyse, a):
            regels.append(f"  andere lezing: {lezing}: {waarden}")
        regels.append(f"  raakt {raakt(analyse, a)}")
    return [*regels, ""]


def raakt(analyse: Analyse, aanname, *, labels: bool = False) -> str:
    """What rests on an aanname: the results (names or Dutch labels) and, if none, the printed figures."""
    label = {n.naam: (n.omschrijving if labels else n.naam) for n in analyse.namen}
    resultaten = [label[n] for n, ids in analyse.aannames_per_resultaat().items() if aanname.id in ids]
    if resultaten:
        return f"{len(resultaten)} resultaten: {'; '.join(resultaten)}"
    tabellen = list(dict.fromkeys(b.cijfer.tabel for b in analyse.beoordelingen if aanname.id in b.aannames))
    if tabellen:
        return f"geen resultaat; wel gepubliceerde cijfers in {', '.join(tabellen)}"
    return "niets: geen enkele lezing verandert een uitkomst"


def lezingen(analyse: Analyse, aanname) -> list[tuple[str, str]]:
    """Each other reading of an aanname with its values, from the printed figures."""
    from xl_opgave.core.aannames import waarde
    from xl_opgave.core.vergelijking import lees

    gedrukt = {b.cijfer.id: lees(b.cijfer).bedrag.laag for b in analyse.beoordelingen}
    uit = []
    for lezing in aanname.lezingen:
        waarden = [waarde(x, gedrukt.__getitem__) for x in lezing.waarden]
        uit.append((lezing.naam, ", ".join("geen" if w is None else getal_kort(w) for w in waarden)))
    return uit


def _scenario_tekst(analyse: Analyse) -> list[str]:
    if not analyse.scenarios:
        return []
    regels = ["Scenario's (naast de basis)", "-" * 27]
    basis = analyse.uitkomsten
    for scenario in analyse.programma.scenarios:
        uitkomsten = analyse.scenarios[scenario.code]
        regels.append(f"{scenario.naam} [{scenario.code}] — bron: {scenario.bron}")
        if scenario.toelichting:
            regels.append(f"  {scenario.toelichting}")
        for naam in analyse.namen:
            oud, nieuw = basis[naam.sleutel], uitkomsten[naam.sleutel]
            if naam.kant != "exact":
                oud, nieuw = oud.kies(naam.kant), nieuw.kies(naam.kant)
            if _verschilt(oud, nieuw):
                regels.append(f"  {naam.naam}: {bedrag_tekst(oud, 'mln')} → {bedrag_tekst(nieuw, 'mln')}")
        extra = [k for k in uitkomsten if k.startswith("horizon.") and k.endswith("_incl_aanvullend")]
        for sleutel in extra:
            if _verschilt(basis.get(sleutel, uitkomsten[sleutel]), uitkomsten[sleutel]) or sleutel not in basis:
                regels.append(f"  {sleutel}: {bedrag_tekst(uitkomsten[sleutel], 'mln')}")
        regels.append("")
    return regels


def _verschilt(a, b) -> bool:
    return not (gelijk(a.laag, b.laag) and gelijk(a.hoog, b.hoog) and a.pm == b.pm)


def _getal(b) -> float | list[float]:
    return b.laag if b.is_exact else [b.laag, b.hoog]


def rapport_json(referentie: Referentie, analyse: Analyse) -> dict[str, object]:
    scenarios = {}
    for scenario in analyse.programma.scenarios:
        resultaten = analyse.resultaten(scenario.code)
        basis = analyse.resultaten()
        scenarios[scenario.code] = {
            "naam": scenario.naam,
            "bron": scenario.bron,
            "toelichting": scenario.toelichting,
            "resultaten": resultaten,
            "verschil": {k: v - basis[k] for k, v in resultaten.items() if not gelijk(v, basis[k])},
            "pm": analyse.pm(scenario.code),
            "bandbreedtes": analyse.bandbreedtes(scenario.code),
            "horizon": {
                k: [b.laag, b.hoog] if not b.is_exact else b.laag
                for k, b in analyse.scenarios[scenario.code].items()
                if k.startswith("horizon.totaal.")
            },
        }
    t = telling(referentie, analyse)
    return {
        "programma": analyse.programma.code,
        "bron": analyse.programma.bron,
        "eenheid": "€ mln",
        "resultaten": analyse.resultaten(),
        "aannames_per_resultaat": analyse.aannames_per_resultaat(),
        "pm": analyse.pm(),
        "bandbreedtes": analyse.bandbreedtes(),
        "afwijkingen": analyse.afwijkingen_json() + analyse.bevindingen_json(),
        "samenvatting": {
            "cijfers": t.cijfers,
            "fout": t.fout,
            "afronding": t.afronding,
            "controles": t.controles,
            "controles_fout": t.controle_fout,
            "controles_afronding": t.controle_afronding,
            "redactioneel": t.redactioneel,
        },
        "cijfers": [
            {
                "id": b.cijfer.id,
                "tabel": b.cijfer.tabel,
                "rij": b.cijfer.rij,
                "kolom": b.cijfer.kolom,
                "gedrukt": b.cijfer.gedrukt,
                "berekend": _getal(b.berekend) if b.berekend is not None else None,
                "getoond": b.getoond() if b.berekend is not None else None,
                "toegestaan": {k: [i.laag, i.hoog] for k, i in b.toegestaan.items()},
                "soort": b.soort,
                "aannames": list(b.aannames),
            }
            for b in analyse.beoordelingen
        ],
        "aannames": [
            {
                "id": a.id,
                "naam": a.naam,
                "reden": a.reden,
                "plaats": a.plaats,
                "lezingen": [{"naam": n, "waarden": w} for n, w in lezingen(analyse, a)],
                "resultaten": [n for n, ids in analyse.aannames_per_resultaat().items() if a.id in ids],
            }
            for a in analyse.aannames
        ],
        "scenarios": scenarios,
        "redactioneel": analyse.redactioneel_json() + list(referentie.opmerkingen),
    }
