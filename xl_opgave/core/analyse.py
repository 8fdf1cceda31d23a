"""One call that computes a programme as the reports do: base case, scenarios, results, checks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from xl_opgave.core.bedrag import Bedrag
from xl_opgave.core.model import Programma
from xl_opgave.core.rekenen import Uitkomsten, bereken
from xl_opgave.core.resultaten import ResultaatNaam, bandbreedtes, pm_posten, resultaten
from xl_opgave.core.scenario import pas_toe
from xl_opgave.core.vergelijking import FOUT, Beoordeling, Cijfer, beoordeel, tekst_mln


@dataclass
class Analyse:
    programma: Programma
    uitkomsten: Uitkomsten
    namen: Sequence[ResultaatNaam]
    scenarios: dict[str, Uitkomsten] = field(default_factory=dict)
    beoordelingen: list[Beoordeling] = field(default_factory=list)

    def zoek(self, sleutel: str) -> Bedrag:
        """A computed key; ``scenario.<code>.<key>`` reads a scenario's outcome."""
        if sleutel.startswith("scenario."):
            _, code, rest = sleutel.split(".", 2)
            if code not in self.scenarios:
                raise KeyError(f"onbekend scenario {code!r}")
            return self.scenarios[code][rest]
        return self.uitkomsten[sleutel]

    def resultaten(self, scenario: str | None = None) -> dict[str, float]:
        return resultaten(list(self.namen), self._uitkomsten(scenario))

    def pm(self, scenario: str | None = None) -> dict[str, list[str]]:
        return pm_posten(list(self.namen), self._uitkomsten(scenario))

    def bandbreedtes(self, scenario: str | None = None) -> dict[str, list[float]]:
        return bandbreedtes(list(self.namen), self._uitkomsten(scenario))

    def _uitkomsten(self, scenario: str | None) -> Uitkomsten:
        return self.uitkomsten if scenario is None else self.scenarios[scenario]

    def afwijkingen(self) -> list[Beoordeling]:
        return [b for b in self.beoordelingen if b.soort]

    def afwijkingen_json(self) -> list[dict[str, object]]:
        return [
            {
                "id": b.cijfer.id,
                "tabel": b.cijfer.tabel,
                "soort": b.soort,
                "omschrijving": (
                    f"{b.cijfer.rij} – {b.cijfer.kolom}: gedrukt {b.cijfer.gedrukt!r}, berekend"
                    f" {tekst_mln(b.berekend) if b.berekend is not None else '-'} (€ mln, onafgerond)"
                ),
                "gepubliceerd": _getal(b.gelezen.bedrag),
                "berekend": _getal(b.berekend) if b.berekend is not None else None,
                "toelichting": b.toelichting,
            }
            for b in self.afwijkingen()
        ]

    def aantal(self, soort: str) -> int:
        return sum(1 for b in self.beoordelingen if b.soort == soort)


def _getal(bedrag: Bedrag) -> float | list[float]:
    return bedrag.laag if bedrag.is_exact else [bedrag.laag, bedrag.hoog]


def analyseer(
    programma: Programma,
    namen: Sequence[ResultaatNaam] = (),
    cijfers: Sequence[Cijfer] = (),
    *,
    met_scenarios: bool = True,
) -> Analyse:
    """Compute the base case, every scenario of the programme and, given published figures, flag them."""
    analyse = Analyse(programma, bereken(programma), namen)
    if met_scenarios:
        for scenario in programma.scenarios:
            analyse.scenarios[scenario.code] = bereken(pas_toe(programma, scenario))
    if cijfers:
        analyse.beoordelingen = beoordeel(list(cijfers), programma, analyse.zoek)
    return analyse


__all__ = ["FOUT", "Analyse", "analyseer"]
