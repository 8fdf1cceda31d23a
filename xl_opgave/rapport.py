"""The `report` face: every table of a source report recomputed, next to what was published.

Text for people (Dutch, in the report's own presentation) and one JSON object for machines.
"""

from __future__ import annotations

from collections import OrderedDict

from xl_opgave.core.afronding import gelijk
from xl_opgave.core.analyse import Analyse
from xl_opgave.core.opmaak import bedrag_tekst
from xl_opgave.core.vergelijking import AFRONDING, FOUT, Beoordeling
from xl_opgave.referentie import Referentie

MERK = {FOUT: "‼", AFRONDING: "≈", None: ""}


def _cel(b: Beoordeling) -> str:
    tekst = b.getoond()
    # A PM the report leaves unmentioned is shown, but is not by itself a different figure.
    zonder_pm = tekst.removesuffix(" + PM").removesuffix(" - PM").removesuffix(" ± PM")
    if b.berekend is not None and b.cijfer.gedrukt.strip() not in (tekst.strip(), zonder_pm.strip()):
        tekst += f" (rapport: {b.cijfer.gedrukt})"
    return f"{tekst} {MERK[b.soort]}".rstrip()


def _tabel_tekst(titel: str, beoordelingen: list[Beoordeling], volgorde: list[str] | None = None) -> list[str]:
    rijen: OrderedDict[str, dict[str, Beoordeling]] = OrderedDict()
    kolommen: list[str] = list(volgorde or [])
    for b in beoordelingen:
        rijen.setdefault(b.cijfer.rij, {})[b.cijfer.kolom] = b
        if b.cijfer.kolom not in kolommen:
            kolommen.append(b.cijfer.kolom)
    kop = ["", *kolommen]
    regels = [[rij, *(_cel(cellen[k]) if k in cellen else "" for k in kolommen)] for rij, cellen in rijen.items()]
    breedtes = [min(48, max(len(r[i]) for r in [kop, *regels])) for i in range(len(kop))]

    def regel(waarden: list[str]) -> str:
        return " | ".join(w[:48].ljust(breedtes[i]) for i, w in enumerate(waarden)).rstrip()

    uit = [titel, "-" * len(titel), regel(kop), "-+-".join("-" * b for b in breedtes)]
    uit += [regel(r) for r in regels]
    for b in beoordelingen:
        if b.soort:
            uit.append(f"  {MERK[b.soort]} {b.soort}: {b.cijfer.rij} – {b.cijfer.kolom}: {b.toelichting}")
    return uit


def rapport_tekst(referentie: Referentie, analyse: Analyse) -> str:
    programma = referentie.programma
    regels = [
        f"{programma.code}: {programma.naam}",
        f"Bron: {programma.bron}",
        "Elke tabel herberekend uit de invoer (xl_opgave/data/"
        f"{referentie.map}); waar het rapport iets anders drukt staat het erachter.",
        "‼ = fout (buiten de afrondingsmarge), ≈ = afronding (binnen de marge, maar telt niet op of is anders afgerond).",
        "",
    ]
    per_tabel: OrderedDict[str, list[Beoordeling]] = OrderedDict()
    for b in analyse.beoordelingen:
        per_tabel.setdefault(b.cijfer.tabel, []).append(b)
    for titel, beoordelingen in per_tabel.items():
        regels += _tabel_tekst(titel, beoordelingen, referentie.tabelkolommen.get(titel))
        regels.append("")
    regels += _scenario_tekst(analyse)
    if referentie.opmerkingen:
        regels += ["Redactionele opmerkingen (tekst, geen bedragen)", "-" * 46]
        regels += [f"- {o['plaats']}: {o['opmerking']}" for o in referentie.opmerkingen]
        regels.append("")
    totaal = len([b for b in analyse.beoordelingen if b.berekend is not None])
    fout, afronding = analyse.aantal(FOUT), analyse.aantal(AFRONDING)
    regels.append(
        f"Samenvatting: {totaal} gepubliceerde cijfers herberekend; {totaal - fout - afronding} kloppen, "
        f"{afronding} afronding, {fout} fout."
    )
    return "\n".join(regels) + "\n"


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
    totaal = len([b for b in analyse.beoordelingen if b.berekend is not None])
    return {
        "programma": analyse.programma.code,
        "bron": analyse.programma.bron,
        "eenheid": "€ mln",
        "resultaten": analyse.resultaten(),
        "pm": analyse.pm(),
        "bandbreedtes": analyse.bandbreedtes(),
        "afwijkingen": analyse.afwijkingen_json(),
        "samenvatting": {
            "cijfers": totaal,
            "fout": analyse.aantal(FOUT),
            "afronding": analyse.aantal(AFRONDING),
        },
        "scenarios": scenarios,
        "redactioneel": list(referentie.opmerkingen),
    }
