"""The same collection for machines: one JSON object (`--json`), and a pandas-friendly CSV of Per gebied.

The CSV (written beside the overview, `<naam>_per_gebied.csv`): UTF-8, comma-separated, a point as the
decimal sign and full precision, one row per gebied of the list (its status and file, then every named
result under its stable name, empty where it has none), and a column `<naam>_pm` ('+ PM', '- PM') for
each result that leaves PM items out in some gebied. No sum rows: `pandas.read_csv` gives the table as it
is, and `df[df.status == "in orde"].sum()` is the sum over the gebieden in orde.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from xl_opgave.core.bedrag import Bedrag

if TYPE_CHECKING:
    from xl_opgave.verzamelen.verzamel import Verzameling


@dataclass
class Gebiedsrij:
    """One gebied of the list as Per gebied shows it: the row whose results count, or why there is none."""

    gebied: str
    status: str
    bestand: str
    resultaten: dict[str, float] | None
    pm: dict[str, str] = field(default_factory=dict)
    opmerking: str = ""


def per_gebied_rijen(v: Verzameling) -> list[Gebiedsrij]:
    """One row per gebied of the list, in the list's order."""
    from xl_opgave.core.opmaak import getal_kort

    rijen = []
    per_gebied: dict[str, list] = {}
    for r in v.regels:
        if r.gebied:
            per_gebied.setdefault(r.gebied, []).append(r)
    tellend = v.tellend
    for gebied in v.lijst.namen:
        regels = per_gebied.get(gebied, [])
        regel = tellend.get(gebied)
        if regel is None:
            status = regels[0].status if regels else "ontbreekt"
            bestanden = ", ".join(r.bestand for r in regels if r.bestand)
            opmerking = regels[0].toelichting if len(regels) == 1 else (regels[0].toelichting if regels else "")
            rijen.append(Gebiedsrij(gebied, status, bestanden, None, {}, opmerking))
            continue
        g = regel.gelezen
        opmerkingen = []
        if g.schakelaars:
            opmerkingen.append("scenario aan: " + ", ".join(sorted(g.schakelaars)))
        for periode, jaren in sorted(g.jaren.items()):
            if len(v.landelijk.jaren.get(periode, ())) > 1:
                opmerkingen.append(f"{periode}: {getal_kort(jaren)} jaar")
        if g.afwijkend:
            opmerkingen.append(f"opgeslagen waarden wijken af ({len(g.afwijkend)})")
        rijen.append(Gebiedsrij(gebied, regel.status, regel.bestand, g.resultaten, dict(g.pm), "; ".join(opmerkingen)))
    return rijen


def per_gebied_csv(v: Verzameling) -> str:
    from xl_opgave.referentie import laad

    namen = [n.naam for n in laad(v.code).resultaat_namen]
    rijen = per_gebied_rijen(v)
    met_pm = [n for n in namen if any(n in r.pm for r in rijen if r.resultaten is not None)]
    uit = io.StringIO()
    schrijver = csv.writer(uit, lineterminator="\n")
    schrijver.writerow(["gebied", "status", "bestand", *namen, *(f"{n}_pm" for n in met_pm), "opmerking"])
    for r in rijen:
        waarden = [repr(r.resultaten[n]) if r.resultaten is not None else "" for n in namen]
        schrijver.writerow([r.gebied, r.status, r.bestand, *waarden, *(r.pm.get(n, "") for n in met_pm), r.opmerking])
    return uit.getvalue()


def _bedrag(b: Bedrag) -> float | list[float] | None:
    if b.nb:
        return None
    return b.laag if b.is_exact else [b.laag, b.hoog]


def als_json(v: Verzameling) -> dict[str, object]:
    """The collection as one JSON-serialisable object (`--json`)."""
    from xl_opgave.core.resultaten import waarde
    from xl_opgave.referentie import laad
    from xl_opgave.verzamelen.status import STATUSSEN

    ref = laad(v.code)
    bestanden = []
    for r in v.regels:
        g = r.gelezen
        item: dict[str, object] = {"gebied": r.gebied or None, "bestand": r.bestand or None, "status": r.status,
                                   "toelichting": r.toelichting, "telt_mee": r.telt, "wijzigingen": r.wijzigingen}
        if g is not None:
            item.update({
                "sha256": g.sha256, "grootte": g.grootte, "programma": g.code.upper() or None,
                "sjabloonversie": g.versie or None,
                "gebied_in_werkboek": g.gebied if g.leesbaar else None,
                "opgeslagen": g.opgeslagen.isoformat() if g.opgeslagen else None, "door": g.door or None,
                "bevindingen": [b.als_dict() for b in g.bevindingen],
                "opgeslagen_wijkt_af": list(g.afwijkend), "scenarios_aan": sorted(g.schakelaars),
                "resultaten": g.resultaten, "pm": g.pm,
            })
        bestanden.append(item)
    rijen = per_gebied_rijen(v)
    land = v.landelijk
    landelijk = {
        "gebieden": list(land.gebieden),
        "jaren": {p: list(j) for p, j in land.jaren.items()},
        "resultaten": {n.naam: waarde(land[n.sleutel], n.kant) if not land[n.sleutel].nb else None
                       for n in ref.resultaat_namen},
        "pm": {n.naam: land[n.sleutel].pm_teken() for n in ref.resultaat_namen if land[n.sleutel].pm},
        "som_eigen_restopgaven": {n.naam: waarde(land.som_gebieden(n.sleutel), n.kant) for n in ref.resultaat_namen
                                  if n.sleutel in land.eigen},
        "afkapping": {n.naam: waarde(a, n.kant) for n in ref.resultaat_namen
                      if (a := land.afkapping(n.sleutel)) is not None},
        "bedragen": {k: _bedrag(b) for k, b in sorted(land.waarden.items())},
    }
    return {
        "programma": v.code.upper(),
        "gebiedenlijst": v.lijst_bron,
        "vergeleken_met": v.basislijn.omschrijving,
        "status": v.exitstatus,
        "tellingen": v.indeling.per_status(),
        "statussen": list(STATUSSEN),
        "bestanden": bestanden,
        "ontbrekend": [r.gebied for r in v.regels if r.status == "ontbreekt"],
        "overgeslagen": [{"bestand": p, "reden": r} for p, r in v.overgeslagen],
        "per_gebied": [{"gebied": r.gebied, "status": r.status, "bestand": r.bestand or None,
                        "resultaten": r.resultaten, "pm": r.pm, "opmerking": r.opmerking} for r in rijen],
        "som_in_orde": som_van(rijen, ref.resultaat_namen, alleen_in_orde=True),
        "som_leesbaar": som_van(rijen, ref.resultaat_namen, alleen_in_orde=False),
        "wijzigingen": [w.als_dict() for w in v.wijzigingen],
        "landelijk": landelijk,
        "meldingen": list(v.meldingen),
        "uitvoer": {"werkboek": str(v.uit), "csv": str(v.csv)},
    }


def som_van(rijen: list[Gebiedsrij], namen, *, alleen_in_orde: bool) -> dict[str, float]:  # noqa: ANN001
    """Per result name the sum over the gebieden that count (only those in orde, or every readable one)."""
    tellend = [r for r in rijen if r.resultaten is not None and (r.status == "in orde" or not alleen_in_orde)]
    return {n.naam: sum(r.resultaten[n.naam] for r in tellend) for n in namen}  # type: ignore[index]
