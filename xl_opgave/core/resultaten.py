"""The key results under stable names shared by every face.

NPLV: ``<Grootheid>_<Scope>_<Periode>`` (e.g. ``Restopgave_Totaal_Tot2030``); NPVR: an explicit list
(``Investeringsopgave_Hoog``). The workbook's defined names and ``=OPGAVE()`` use these names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from xl_opgave.core.bedrag import Bedrag
from xl_opgave.core.model import Programma


@dataclass(frozen=True)
class ResultaatNaam:
    naam: str
    sleutel: str  # key in the computed namespace
    kant: str = "exact"  # 'laag' or 'hoog' for one end of a range
    label: str = ""  # what an adviser reads: "Restopgave fysieke pijler tot 2030" (Dutch, € mln)

    @property
    def omschrijving(self) -> str:
        """The Dutch label, or the stable name where the programme gives none."""
        return self.label or self.naam


def resultaat_namen(programma: Programma, definitie: Mapping[str, object]) -> list[ResultaatNaam]:
    """Result names from the programme TOML's [resultaten] section."""
    namen: list[ResultaatNaam] = []
    patroon = definitie.get("patroon")
    if patroon:
        grootheden: Mapping[str, str] = definitie["grootheden"]  # type: ignore[assignment]
        labels: Mapping[str, str] = definitie.get("labels", {})  # type: ignore[assignment]
        scopes = [(q.resultaat_label, q.code, q.naam[:1].lower() + q.naam[1:]) for q in programma.pijlers]
        scopes.append(("Totaal", "totaal", "totaal"))
        for periode in programma.perioden:
            for scope_label, scope, scope_naam in scopes:
                for grootheid, sleutel in grootheden.items():
                    naam = str(patroon).format(grootheid=grootheid, scope=scope_label, periode=periode.resultaat_label)
                    label = ""
                    if grootheid in labels:
                        sjabloon = labels[grootheid]
                        if "{" not in sjabloon:
                            sjabloon += " {scope} {periode}"
                        label = sjabloon.format(scope=scope_naam, periode=periode.naam)
                    namen.append(ResultaatNaam(naam, f"{periode.code}.{scope}.{sleutel}", label=label))
    for item in definitie.get("naam", []):  # type: ignore[union-attr]
        namen.append(ResultaatNaam(item["naam"], item["sleutel"], item.get("kant", "exact"), item.get("label", "")))
    return namen


def waarde(bedrag: Bedrag, kant: str) -> float:
    if kant == "hoog":
        return bedrag.hoog
    return bedrag.laag


def resultaten(namen: list[ResultaatNaam], uitkomsten: Mapping[str, Bedrag]) -> dict[str, float]:
    """Unrounded € mln per stable name (a range gives its low end unless `kant` says 'hoog')."""
    return {n.naam: waarde(uitkomsten[n.sleutel], n.kant) for n in namen}


def pm_posten(namen: list[ResultaatNaam], uitkomsten: Mapping[str, Bedrag]) -> dict[str, list[str]]:
    """For each result that leaves PM items out, those items."""
    return {n.naam: uitkomsten[n.sleutel].pm_teksten() for n in namen if uitkomsten[n.sleutel].pm}


def bandbreedtes(namen: list[ResultaatNaam], uitkomsten: Mapping[str, Bedrag]) -> dict[str, list[float]]:
    """Results named 'exact' whose amount is nevertheless a range."""
    return {
        n.naam: [uitkomsten[n.sleutel].laag, uitkomsten[n.sleutel].hoog]
        for n in namen
        if n.kant == "exact" and not uitkomsten[n.sleutel].is_exact
    }
