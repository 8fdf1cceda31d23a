"""One call that computes a programme as the reports do: base case, scenarios, results, checks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from xl_opgave.core.aannames import Aanname, afhankelijkheden, van_formule, waarde
from xl_opgave.core.bedrag import Bedrag
from xl_opgave.core.controles import Controle, Onderdeel, Uitslag, voer_uit
from xl_opgave.core.model import Programma
from xl_opgave.core.rekenen import Uitkomsten, bereken
from xl_opgave.core.resultaten import ResultaatNaam, bandbreedtes, pm_posten, resultaten
from xl_opgave.core.scenario import pas_toe
from xl_opgave.core.vergelijking import FOUT, Beoordeling, Cijfer, beoordeel, lees, tekst_mln


@dataclass
class Analyse:
    programma: Programma
    uitkomsten: Uitkomsten
    namen: Sequence[ResultaatNaam]
    scenarios: dict[str, Uitkomsten] = field(default_factory=dict)
    beoordelingen: list[Beoordeling] = field(default_factory=list)
    aannames: Sequence[Aanname] = ()
    # Per computed key, the ids of the aannames it rests on (keys resting on none are absent).
    aannames_per_sleutel: dict[str, tuple[str, ...]] = field(default_factory=dict)
    controles: Uitslag = field(default_factory=Uitslag)

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

    def aannames_van(self, sleutel: str) -> tuple[str, ...]:
        """The aanname ids a computed key rests on (``()`` for none)."""
        return self.aannames_per_sleutel.get(sleutel, ())

    def aannames_per_resultaat(self) -> dict[str, list[str]]:
        """Per result name (the keys of `resultaten()`), the aanname ids it rests on; [] when none."""
        return {n.naam: list(self.aannames_per_sleutel.get(n.sleutel, ())) for n in self.namen}

    def _uitkomsten(self, scenario: str | None) -> Uitkomsten:
        return self.uitkomsten if scenario is None else self.scenarios[scenario]

    def afwijkingen(self) -> list[Beoordeling]:
        return [b for b in self.beoordelingen if b.soort]

    def afwijkingen_json(self) -> list[dict[str, object]]:
        return [
            {
                "id": b.cijfer.id,
                "klasse": "cijfer",
                "tabel": b.cijfer.tabel,
                "plaats": b.cijfer.plaats,
                "soort": b.soort,
                "omschrijving": (
                    f"{b.cijfer.rij} – {b.cijfer.kolom}: gedrukt {b.cijfer.gedrukt!r}, berekend"
                    f" {tekst_mln(b.berekend) if b.berekend is not None else '-'} (€ mln, onafgerond)"
                ),
                "gepubliceerd": _getal(b.gelezen.bedrag),
                "berekend": _getal(b.berekend) if b.berekend is not None else None,
                "toegestaan": {k: [i.laag, i.hoog] for k, i in b.toegestaan.items()},
                "rekensom": b.rekensom,
                "oorzaak": b.oorzaak,
                "toelichting": b.toelichting,
                "aannames": list(b.aannames),
            }
            for b in self.afwijkingen()
        ]

    def aantal(self, soort: str) -> int:
        return sum(1 for b in self.beoordelingen if b.soort == soort)

    def bevindingen_json(self) -> list[dict[str, object]]:
        """The numeric findings of the checks between figures and statements (for `afwijkingen`)."""
        return [b.json() for b in self.controles.numeriek()]

    def redactioneel_json(self) -> list[dict[str, object]]:
        """The non-numeric findings (references, notation) with their place (for `redactioneel`)."""
        return [{"id": b.controle.id, "klasse": b.klasse, "plaats": b.controle.plaats, "opmerking": b.uitleg}
                for b in self.controles.redactioneel()]


def _getal(bedrag: Bedrag) -> float | list[float]:
    return bedrag.laag if bedrag.is_exact else [bedrag.laag, bedrag.hoog]


def analyseer(
    programma: Programma,
    namen: Sequence[ResultaatNaam] = (),
    cijfers: Sequence[Cijfer] = (),
    *,
    met_scenarios: bool = True,
    aannames: Sequence[Aanname] = (),
    controles: Sequence[Controle] = (),
    inhoud: Sequence[Onderdeel] = (),
    bijlagecijfers: Sequence[Cijfer] = (),
) -> Analyse:
    """Compute the base case, every scenario and, given published figures, flag them.

    With `aannames` (whose readings are expressions over the ids of `cijfers`), every key and every
    figure also knows the aannames it rests on. `controles` (with the report's `inhoud` and the
    appendix figures) run next to the derived checks (per-year figures, text against table, notation).
    """
    analyse = Analyse(programma, bereken(programma), namen, aannames=aannames)
    if met_scenarios:
        for scenario in programma.scenarios:
            analyse.scenarios[scenario.code] = bereken(pas_toe(programma, scenario))
    if aannames:
        gedrukt = {c.id: lees(c).bedrag.laag for c in cijfers}
        analyse.aannames_per_sleutel = afhankelijkheden(programma, aannames, gedrukt.__getitem__, analyse.uitkomsten)
    if cijfers:
        per_formule = {c.formule: van_formule(c.formule, analyse.aannames_per_sleutel) for c in cijfers if c.formule}
        analyse.beoordelingen = beoordeel(list(cijfers), programma, analyse.zoek, per_formule)
        fout = [b.cijfer.id for b in analyse.beoordelingen if b.soort == FOUT]
        analyse.controles = voer_uit(controles, inhoud, [*cijfers, *bijlagecijfers], programma, fout)
    return analyse


__all__ = ["FOUT", "Analyse", "analyseer", "waarde"]
