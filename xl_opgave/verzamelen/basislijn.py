"""What a returned workbook is compared with to find what the gebied changed (`--vergelijk`).

- no `--vergelijk`: the template's own values of what a data file never fills in: the verdeelsleutels,
  the numbers of years and the scenario switches;
- `--vergelijk DATABESTAND` (the data file `fill` was run with: an .xlsx or a folder with opgave.csv):
  the amounts the data file gives a gebied (opgave, dekking table, the gebied's gaps), exactly as `fill`
  writes them (`sjabloon.invoer_waarden`), plus the template's values for the keys, years and switches;
- `--vergelijk MAP` (the folder of workbooks that were sent out): every input of the sent workbook of the
  same gebied (read from the workbook, as the returned ones).

A gebied without a baseline of its own (not in the data file, no sent workbook) is compared with the
template's values, and the summary and the Status sheet say so (`alle_meldingen`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from xl_opgave.werkboek import namen as nm

SJABLOON = "sjabloon"
DATABESTAND = "databestand"
MAP = "map"


@dataclass
class Basislijn:
    soort: str
    omschrijving: str  # what the changes are against, in Dutch (the Wijzigingen sheet says it)
    sjabloon: dict[str, object]  # the template's keys, years and switches
    _per_gebied: Callable[[str], dict[str, object] | None] = field(default=lambda _g: None, repr=False)
    _namen: frozenset[str] | None = None  # names compared against a gebied's own baseline (None: all it has)
    meldingen: list[str] = field(default_factory=list)  # what could not be used (the summary says it)
    _cache: dict[str, dict[str, object] | None] = field(default_factory=dict, repr=False)
    zonder_eigen: set[str] = field(default_factory=set)  # gebieden asked for that have no baseline of their own

    @property
    def namen(self) -> frozenset[str] | None:
        """The input names a returned workbook is compared on (None: every one): a worker sends back only
        those."""
        if self.soort == MAP:
            return None
        return frozenset(self.sjabloon) | (self._namen or frozenset())

    def voor(self, gebied: str) -> tuple[dict[str, object], bool]:
        """The baseline of a gebied (the list's spelling): name → value(s), and whether it is the gebied's
        own (False: the template's values only)."""
        if self.soort == SJABLOON:
            return self.sjabloon, True
        if gebied not in self._cache:
            self._cache[gebied] = self._per_gebied(gebied)
        eigen = self._cache[gebied]
        if eigen is None:
            self.zonder_eigen.add(gebied)
            return self.sjabloon, False
        if self._namen is None:
            return eigen, True
        return {**{n: eigen[n] for n in self._namen if n in eigen}, **self.sjabloon}, True

    def alle_meldingen(self, volgorde: Sequence[str]) -> list[str]:
        """What could not be used, then each gebied without a baseline of its own (in the order given, so
        that the overview does not depend on the order in which the workers finished)."""
        bron = "het databestand" if self.soort == DATABESTAND else "de verstuurde werkboeken"
        return [*self.meldingen, *(f"{g}: geen eigen basislijn in {bron}; alleen de verdeelsleutels, aantallen "
                                   "jaren en scenarioschakelaars vergeleken (met het sjabloon)"
                                   for g in volgorde if g in self.zonder_eigen)]


def sjabloonwaarden(code: str) -> dict[str, object]:
    """The template's verdeelsleutels, numbers of years and scenario switches."""
    from xl_opgave.referentie import laad
    from xl_opgave.werkboek.lezer import verwachte_invoer

    schakelaars = {nm.scenario(s.code) for s in laad(code).programma.scenarios}
    return {n: w for n, w in verwachte_invoer(code).items()
            if n.startswith(("In_Sleutel_", "In_Jaren_")) or n in schakelaars}


def zonder(code: str) -> Basislijn:
    return Basislijn(SJABLOON, "de waarden van het sjabloon voor de verdeelsleutels, de aantallen jaren en de "
                               "scenarioschakelaars (geef --vergelijk voor de bedragen)", sjabloonwaarden(code))


def uit_databestand(pad: str | Path, code: str, lijst) -> Basislijn:  # noqa: ANN001 - a Gebiedenlijst
    """The data file, read and validated whole (DatabestandFout, exit 2, before any workbook is read).
    Gaps are taken as zero here, as `fill --ontbrekend nul` wrote them."""
    from xl_opgave.referentie import laad
    from xl_opgave.vullen.databestand import ONTBREKEND_NUL, gebiedsdefinitie, lees_databestand
    from xl_opgave.werkboek.sjabloon import invoer_waarden

    # The data file may hold more gebieden than are expected back (a list of a few): the programme's own
    # list is known too, so only a gebied on neither is an error.
    gegevens = lees_databestand(pad, code, gebieden=_ruime_lijst(code, lijst), ontbrekend=ONTBREKEND_NUL)
    definitie = gebiedsdefinitie(laad(code).programma)

    def per_gebied(gebied: str) -> dict[str, object] | None:
        programma = gegevens.gebieden.get(gebied)
        if programma is None:
            return None
        waarden = invoer_waarden(definitie.met(opgaven=programma.opgaven, dekkingen=programma.dekkingen,
                                               gebied=gebied, ontbrekend=programma.ontbrekend))
        return {n: tuple(w) if isinstance(w, list) else w for n, w in waarden.items()}

    naam = Path(pad).name
    return Basislijn(DATABESTAND, f"het databestand {naam} (de bedragen, zoals fill ze invult) en het sjabloon "
                                  "(verdeelsleutels, aantallen jaren, scenarioschakelaars)",
                     sjabloonwaarden(code), per_gebied, _databestandnamen(code))


def _ruime_lijst(code: str, lijst):  # noqa: ANN001, ANN202 - Gebiedenlijst
    from xl_opgave.vullen.gebieden import Gebiedenlijst, laad_gebieden, vouw

    eigen = laad_gebieden(code)
    bekend = {vouw(n) for n in lijst.namen}
    extra = tuple(g for g in eigen.gebieden if vouw(g.naam) not in bekend)
    return Gebiedenlijst(lijst.programma, lijst.bron, (*lijst.gebieden, *extra))


def _databestandnamen(code: str) -> frozenset[str]:
    """The input names a data file fills in: the gebied, its gaps, the opgaven and the dekking table."""
    from xl_opgave.werkboek.lezer import verwachte_invoer

    opgaven = ("In_Opgave_", "In_Dekking_", "In_Publiek_", "In_Exploitatie_", "In_Investering_")
    return frozenset(n for n in verwachte_invoer(code) if n in (nm.GEBIED, nm.ONTBREKEND) or n.startswith(opgaven))


def uit_werkboeken(map_: Path, code: str, per_gebied: Mapping[str, dict[str, object]],
                   meldingen: list[str]) -> Basislijn:
    """The sent workbooks (read by the caller: gebied in the list's spelling → name → value(s))."""
    gegevens = dict(per_gebied)
    return Basislijn(MAP, f"de verstuurde werkboeken in {map_.name} (elke invoer)", sjabloonwaarden(code),
                     lambda gebied: gegevens.get(gebied), None, list(meldingen))


def lees_verstuurd(pad: str, code: str) -> tuple[str, str, dict[str, object] | None, str]:
    """One sent workbook, in a worker: (file, its gebied, name → value(s), why it cannot be used or '')."""
    from xl_opgave.werkboek.lezer import GeenSjabloon, lees_waarden, open_werkboek
    from xl_opgave.werkboek.veilig import OnleesbaarBestand

    try:
        werkboek = open_werkboek(pad, alles=False)
    except GeenSjabloon:
        return pad, "", None, "geen sjabloon"
    except OnleesbaarBestand as fout:
        return pad, "", None, fout.melding
    if werkboek.code != code:
        return pad, "", None, f"een {werkboek.code.upper()}-werkboek"
    waarden = {naam: w[0] if len(w) == 1 else tuple(w) for naam, (_, _, w) in lees_waarden(werkboek).items()}
    gebied = waarden.get(nm.GEBIED)
    return pad, "" if gebied is None else str(gebied).strip(), waarden, ""


def lees_verstuurde(paden: list[str], code: str) -> list[tuple[str, str, dict[str, object] | None, str]]:
    return [lees_verstuurd(p, code) for p in paden]
