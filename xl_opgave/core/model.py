"""The programme model: programme → period → pillar (doelstelling) → onderdeel (thema).

Plain frozen dataclasses; `maak_programma` validates the whole and raises `InvoerFout` naming the
item and its source. Amounts are `Bedrag` in € mln.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace

from xl_opgave.core.bedrag import Bedrag
from xl_opgave.core.fouten import InvoerFout

# A verdeelsleutel is a share 0–1, "PM" (the Rijk's share is not known yet) or None (no Rijksdeel).
Sleutel = float | str | None


def normaliseer(tekst: str) -> str:
    """How labels are compared: case-insensitive, whitespace and punctuation variants folded."""
    tekst = tekst.strip().lower().replace("&", " en ").replace("_", " ")
    for teken in ",.:;'’()/":
        tekst = tekst.replace(teken, " ")
    tekst = tekst.replace("-", " ").replace("–", " ")
    return " ".join(tekst.split())


@dataclass(frozen=True)
class Periode:
    code: str
    naam: str
    eerste_jaar: int
    laatste_jaar: int
    jaren: int
    resultaat_label: str = ""
    aliassen: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pijler:
    code: str
    naam: str
    resultaat_label: str = ""
    aliassen: tuple[str, ...] = ()


@dataclass(frozen=True)
class Onderdeel:
    code: str
    pijler: str
    naam: str
    verdeelsleutel: Sleutel = None
    sleutel_toelichting: str = ""
    aliassen: tuple[str, ...] = ()


@dataclass(frozen=True)
class Categorie:
    code: str
    naam: str
    aliassen: tuple[str, ...] = ()


@dataclass(frozen=True)
class OpgavePost:
    periode: str
    pijler: str
    onderdeel: str
    bedrag: Bedrag
    categorie: str = "opgave"
    variant: str = ""  # alternative estimates of one post; the post's amount is their envelope
    bron: str = ""  # where the programme's report prints it ("Tabel 4"); '' when not from the report
    toelichting: str = ""
    herkomst: str = ""  # the data file the figure was read from ('' = the programme's own report data)


@dataclass(frozen=True)
class DekkingsPost:
    """One source's money for one onderdeel, or for the whole pillar when onderdeel is ''."""

    periode: str
    pijler: str
    onderdeel: str
    bron: str
    cofinanciering: Bedrag
    rijksfinanciering: Bedrag
    toelichting: str = ""
    herkomst: str = ""  # the data file the figure was read from ('' = the programme's own report data)

    @property
    def totaal(self) -> Bedrag:
        return self.cofinanciering + self.rijksfinanciering


@dataclass(frozen=True)
class Component:
    """A named part of a pillar's opgave given only on pillar level (NPLV Tabel 2: the add-on).

    The rest of the pillar's opgave is the programme's `rest_component` (the 2024 synthese).
    """

    periode: str
    pijler: str
    code: str
    naam: str
    opgave: Bedrag
    rijksdeel: Bedrag
    bron: str = ""


@dataclass(frozen=True)
class Kerncijfer:
    """A figure the report states that the restopgave does not use (population, a sub-split)."""

    code: str
    naam: str
    waarde: Bedrag
    bron: str = ""


@dataclass(frozen=True)
class AanvullendePost:
    """An extra estimate over the whole horizon of the programme (e.g. funderingsherstel t/m 2035)."""

    code: str
    naam: str
    pijler: str
    bedrag: Bedrag
    verdeelsleutel: Sleutel = "PM"
    bron: str = ""


@dataclass(frozen=True)
class Wijziging:
    """One change of a scenario; `soort` says which fields matter (see scenario.py)."""

    soort: str
    velden: tuple[tuple[str, object], ...]

    def veld(self, naam: str, standaard: object = None) -> object:
        return dict(self.velden).get(naam, standaard)


@dataclass(frozen=True)
class Scenario:
    code: str
    naam: str
    bron: str = ""
    toelichting: str = ""
    wijzigingen: tuple[Wijziging, ...] = ()


@dataclass(frozen=True)
class Programma:
    code: str
    naam: str
    bron: str
    perioden: tuple[Periode, ...]
    pijlers: tuple[Pijler, ...]
    onderdelen: tuple[Onderdeel, ...]
    categorieen: tuple[Categorie, ...] = (Categorie("opgave", "Opgave"),)
    opgaven: tuple[OpgavePost, ...] = ()
    dekkingen: tuple[DekkingsPost, ...] = ()
    componenten: tuple[Component, ...] = ()
    rest_component: tuple[str, str] = ("", "")  # code and name of what is left after components
    kerncijfers: tuple[Kerncijfer, ...] = ()
    aanvullend: tuple[AanvullendePost, ...] = ()
    scenarios: tuple[Scenario, ...] = ()
    gebied: str = ""
    # Combinations a gebied's data file had no opgave row for, taken as zero on the adviser's explicit
    # choice (`fill --ontbrekend nul`); a workbook shows them and its check on them fails.
    ontbrekend: tuple[str, ...] = ()

    # -- look-ups -----------------------------------------------------------------------------
    def periode(self, code: str) -> Periode:
        return _zoek(self.perioden, code, "periode")

    def pijler(self, code: str) -> Pijler:
        return _zoek(self.pijlers, code, "pijler")

    def onderdeel(self, code: str) -> Onderdeel:
        return _zoek(self.onderdelen, code, "onderdeel")

    def onderdelen_van(self, pijler: str) -> tuple[Onderdeel, ...]:
        return tuple(o for o in self.onderdelen if o.pijler == pijler)

    def scenario(self, code: str) -> Scenario:
        return _zoek(self.scenarios, code, "scenario")

    def met(self, **wijzigingen: object) -> Programma:
        return replace(self, **wijzigingen)


def _zoek(items, code: str, soort: str):
    for item in items:
        if item.code == code:
            return item
    raise InvoerFout(f"{onbekend(soort)} {code!r}{_suggestie(code, [i.code for i in items])}")


def _suggestie(naam: str, opties: list[str]) -> str:
    beste = difflib.get_close_matches(naam, opties, n=1, cutoff=0.5)
    return f" (bedoelt u {beste[0]!r}?)" if beste else f" (bekend: {', '.join(opties)})"


class Codeboek:
    """Canonical codes and the report's own labels as aliases, resolved case-insensitively."""

    def __init__(self, programma: Programma) -> None:
        self.programma = programma
        self._tabellen: dict[str, dict[str, str]] = {}
        for soort, items in (
            ("periode", programma.perioden),
            ("pijler", programma.pijlers),
            ("onderdeel", programma.onderdelen),
            ("categorie", programma.categorieen),
        ):
            tabel: dict[str, str] = {}
            for item in items:
                for label in (item.code, item.naam, *item.aliassen):
                    tabel.setdefault(normaliseer(label), item.code)
            self._tabellen[soort] = tabel

    def code(self, soort: str, label: str, *, bron: str = "", plaats: str = "", noem: str = "") -> str:
        """The canonical code of `label`; `noem` is the word for it in messages (e.g. 'deelopgave')."""
        tabel = self._tabellen[soort]
        gevonden = tabel.get(normaliseer(label))
        if gevonden is None:
            codes = sorted(set(tabel.values()))
            melding = f"{onbekend(noem or soort)} {label!r}{_suggestie(label, codes)}"
            raise InvoerFout(melding, bron=bron, plaats=plaats)
        return gevonden


# Dutch adjective inflection: 'het onderdeel' → 'onbekend onderdeel', 'de periode' → 'onbekende periode'.
_HET_WOORDEN = frozenset({"onderdeel", "gebied", "scenario", "programma", "thema"})


def onbekend(woord: str) -> str:
    return f"onbekend {woord}" if woord in _HET_WOORDEN else f"onbekende {woord}"
