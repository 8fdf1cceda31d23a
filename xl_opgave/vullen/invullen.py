"""Fill one gebied's figures into an existing workbook without losing anything (`fill --into`).

The workbook is the template or an adviser's own workbook that carries the template's input names.
Changed: the cells behind the input names (the gebied's figures; text always as text), the cached
values of the template's own formula cells, and `fullCalcOnLoad` in workbook.xml. Everything else in
the package keeps its bytes (see `pakket.vul_pakket`).

A formula cell gets a new cached value only when it is the template's formula at the template's place
(compared by `werkboek.orakel.normaal`, as the checker does) and nothing it depends on was changed by
the adviser: a template formula cell whose formula differs or was overwritten, or a constant cell of
the template's sheets whose value differs, makes every formula that depends on it (transitively)
keep its old cached value. Those, and the adviser's own formulas that depend on the inputs, are
counted: they show their new value once Excel recalculates (on opening, as `fullCalcOnLoad` is set).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from xl_opgave.bestanden import BestaatAl, schrijf_atomisch
from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.model import Programma
from xl_opgave.core.opmaak import getal_kort
from xl_opgave.referentie import programma_code
from xl_opgave.vullen.databestand import DatabestandFout, lees_databestand
from xl_opgave.vullen.gebieden import laad_gebieden
from xl_opgave.vullen.pakket import (
    Patchresultaat,
    _bereik,
    _Blad,
    _gedeelde_teksten,
    _is_formule,
    _lees_werkboek,
    _oude_waarde,
    _Pakket,
    _splits_cel,
    _Werkboek,
    _zoek_naam,
    tel_afhankelijk,
    vul_pakket,
)
from xl_opgave.vullen.vul import controleer_sjabloon, sjabloonpakket
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek.orakel import normaal
from xl_opgave.werkboek.sjabloon import Stand
from xl_opgave.werkboek.veilig import OnleesbaarBestand


@dataclass(frozen=True)
class Invulling:
    """What `fill --into` did (or would do)."""

    gebied: str
    resultaat: Patchresultaat
    doel: Path | None  # None for a dry run
    sjabloonformules: int  # template formula cells found in the workbook
    niet_bijgewerkt: int  # of those, left with their old cached value (changed by the adviser, or depending on such)

    @property
    def andere_afhankelijk(self) -> int:
        """Formulas that depend on the changed inputs and got no new cached value."""
        return self.resultaat.zonder_nieuwe_waarde

    def tekst(self, dry_run: bool = False) -> str:
        r = self.resultaat
        gewijzigd = [w for w in r.wijzigingen if not _gelijk(w.oud, w.nieuw)]
        cache_gewijzigd = sum(1 for w in r.cache if not _gelijk(w.oud, w.nieuw))
        regels: list[str] = []
        if dry_run:
            regels.append(f"proefdraai (er is niets geschreven): {self.gebied}")
            for w in gewijzigd:
                regels.append(f"  {w.plaats} ({w.naam}): {_toon(w.oud)} → {_toon(w.nieuw)}")
        else:
            regels.append(f"{self.gebied} ingevuld in {self.doel}")
        regels.append(
            f"invoercellen: {len(r.wijzigingen)}, waarvan {len(gewijzigd)} met een nieuwe waarde; "
            f"opgeslagen waarden van sjabloonformules: {len(r.cache)} bijgewerkt ({cache_gewijzigd} veranderd)"
        )
        if self.niet_bijgewerkt:
            regels.append(
                f"{self.niet_bijgewerkt} sjabloonformule(s) niet bijgewerkt: gewijzigd in dit werkboek of afhankelijk "
                "van een gewijzigde cel"
            )
        regels.append(
            f"{self.andere_afhankelijk} andere formule(s) hangen af van de gewijzigde invoer en tonen hun nieuwe "
            "waarde pas nadat Excel herberekent (volledige herberekening bij openen staat aan)"
        )
        return "\n".join(regels)


def _gelijk(a: object, b: object) -> bool:
    if a in (None, "") and b in (None, ""):
        return True
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return abs(float(a) - float(b)) <= 1e-12 * max(1.0, abs(float(a)))
    return a == b


def _toon(waarde: object) -> str:
    """A cell value for the user: numbers the Dutch way (15,64; 1.234,5), text quoted, empty as (leeg)."""
    if waarde is None or waarde == "":
        return "(leeg)"
    if isinstance(waarde, int | float) and not isinstance(waarde, bool):
        return getal_kort(float(waarde), 6)  # € mln to the euro
    return repr(waarde) if isinstance(waarde, str) else str(waarde)



# -- reading the workbook ------------------------------------------------------------------------------


def _celwaarden(blad: _Blad, gedeeld: list[str] | None) -> dict[tuple[int, int], tuple[str | None, object]]:
    """(row, column) → (formula text or None, value) of every cell of a sheet part."""
    uit: dict[tuple[int, int], tuple[str | None, object]] = {}
    for rij in blad.rijen:
        for kolom, _, _, attributen, binnen in blad.cellen_in_rij(rij, "werkboek"):
            formule = None
            if _is_formule(binnen):
                f = re.search(r"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)", binnen, re.S)
                formule = html.unescape(f.group(1) or "") if f else ""
            uit[(rij, kolom)] = (formule, _oude_waarde(attributen, binnen, gedeeld))
    return uit


def _programma_van(pakket: _Pakket, werkboek: _Werkboek) -> str:
    naam = _zoek_naam(werkboek, nm.PROGRAMMA)
    if naam is None:
        return ""
    gebied = _bereik(werkboek, naam, pakket.bron)
    blad = _Blad.lees(pakket.tekst(werkboek.blad_deel(gebied.blad)), pakket.bron)
    waarden = _celwaarden(blad, _gedeelde_teksten(pakket, werkboek))
    return str(waarden.get((gebied.r1, gebied.k1), (None, ""))[1] or "").strip().lower()


def _bijwerkbaar(data: bytes, code: str, invoercellen: set[tuple[str, int, int]], bron: str) -> tuple[set[tuple[str, str]], int, int]:
    """Template formula cells that may get a new cached value; (those cells, found, not refreshed)."""
    sjabloon = sjabloonpakket(code)
    pakket = _Pakket(data, bron)
    werkboek = _lees_werkboek(pakket)
    gedeeld = _gedeelde_teksten(pakket, werkboek)
    bladen: dict[str, _Blad] = {}
    for naam, deel in werkboek.bladen:
        if deel and deel in pakket.namen:
            bladen[naam] = _Blad.lees(pakket.tekst(deel), f"{bron} [{deel}]")
    # The template's own cells: formulas and constants, from the prepared template package.
    sjabloon_pakket: _Pakket = sjabloon.pakket  # type: ignore[attr-defined]
    sjabloon_werkboek = _lees_werkboek(sjabloon_pakket)
    sjabloon_gedeeld = _gedeelde_teksten(sjabloon_pakket, sjabloon_werkboek)
    opname = sjabloon.opname  # type: ignore[attr-defined]
    teksten = {(b, *_splits_cel(c)) for b, c in opname.teksten}
    kandidaten: set[tuple[str, str]] = set()
    zaden: list[tuple[str, int, int]] = []
    for naam, deel in sjabloon_werkboek.bladen:
        if naam not in bladen:
            continue
        eigen = _Blad.lees(sjabloon_pakket.tekst(deel), "sjabloon")
        verwacht = _celwaarden(eigen, sjabloon_gedeeld)
        echt = _celwaarden(bladen[naam], gedeeld)
        for (r, k), (formule, waarde_) in verwacht.items():
            if (naam, r, k) in invoercellen or (naam, r, k) in teksten:
                continue
            ist = echt.get((r, k), (None, None))
            if formule is not None:
                if normaal(ist[0]) == normaal(formule):
                    kandidaten.add((naam, f"{_kolom(k)}{r}"))
                else:
                    zaden.append((naam, r, k))
            elif ist[0] is not None or not _gelijk(ist[1], waarde_):
                zaden.append((naam, r, k))
    geraakt = tel_afhankelijk(werkboek, bladen, zaden)  # (sheet in lower case, row, column)
    bijwerkbaar = set()
    for blad, cel in kandidaten:
        r, k = _splits_cel(cel)
        if (blad.lower(), r, k) not in geraakt and (blad, cel) in opname.formules:
            bijwerkbaar.add((blad, cel))
    aanwezig = sum(1 for blad, _ in opname.formules if blad in bladen)
    return bijwerkbaar, aanwezig, aanwezig - len(bijwerkbaar)


def _kolom(nummer: int) -> str:
    from xl_opgave.vullen.pakket import kolomletters

    return kolomletters(nummer)


def _invoercellen(data: bytes, namen: list[str], bron: str) -> set[tuple[str, int, int]]:
    pakket = _Pakket(data, bron)
    werkboek = _lees_werkboek(pakket)
    uit: set[tuple[str, int, int]] = set()
    for naam in namen:
        gevonden = _zoek_naam(werkboek, naam)
        if gevonden is None:
            continue
        gebied = _bereik(werkboek, gevonden, bron)
        uit |= {(gebied.blad, r, k) for r, k in gebied.cellen()}
    return uit


# -- the command ----------------------------------------------------------------------------------------


def vul_in_werkboek(
    data: str | Path,
    werkboek: str | Path,
    gebied: str,
    *,
    programma: str | None = None,
    uit: str | Path | None = None,
    gebieden: str | Path | None = None,
    overschrijven: bool = False,
    dry_run: bool = False,
) -> str:
    """Fill `gebied` from the data file into `werkboek`; the report text (Dutch)."""
    from xl_opgave.werkboek.veilig import open_pakket

    pad = Path(werkboek)
    with open_pakket(pad):  # refuses .xls, encrypted files, zip bombs: OnleesbaarBestand
        pass
    doel = Path(uit) if uit is not None else pad
    if not dry_run:
        if doel.exists() and not overschrijven:
            raise BestaatAl(
                f"{doel} bestaat al; gebruik --force om het te overschrijven"
                + (" (of --out BESTAND voor een kopie)" if uit is None else "")
            )
    bron = str(pad)
    invoer = pad.read_bytes()
    pakket = _Pakket(invoer, bron)
    werkboek_model = _lees_werkboek(pakket)
    code = programma_code(programma) if programma else _programma_van(pakket, werkboek_model)
    if not code:
        raise InvoerFout(f"welk programma? het werkboek heeft geen naam {nm.PROGRAMMA}; geef --template nplv|npvr",
                         bron=bron)
    code = programma_code(code)
    lijst = laad_gebieden(code, gebieden)
    gegevens = lees_databestand(data, code, gebieden=lijst)
    problemen = controleer_sjabloon(gegevens)
    if problemen:
        raise DatabestandFout(problemen, bron=str(data))
    naam = lijst.zoek(gebied, bron=str(gebieden or data)).naam
    if naam not in gegevens.gebieden:
        raise InvoerFout(f"het databestand heeft geen rijen voor gebied {naam!r}", bron=str(data))
    programma_gebied, schakelaars = _met_eigen_scenarios(gegevens.gebieden[naam], pad)
    stand = Stand(programma_gebied, schakelaars=schakelaars)
    # The scenario block (switches, amounts) is the adviser's choice: filling a gebied keeps it, and
    # the cached values are computed with the workbook's own scenario state.
    waarden = {n: w for n, w in stand.w.items() if not nm.is_scenarionaam(n)}
    # Scenario cells count as inputs (not as the adviser's own edits): the cached values already
    # follow the workbook's scenario state.
    invoercellen = _invoercellen(invoer, list(stand.w), bron)
    bijwerkbaar, gevonden, niet = _bijwerkbaar(invoer, code, invoercellen, bron)
    opname = sjabloonpakket(code).opname  # type: ignore[attr-defined]
    cache = {plaats: getter(stand) for plaats, getter in opname.formules.items() if plaats in bijwerkbaar}
    resultaat = vul_pakket(invoer, waarden, cache=cache, dry_run=dry_run, bron=bron)
    if resultaat.data is not None:
        schrijf_atomisch(doel, resultaat.data, overschrijven=overschrijven)
    invulling = Invulling(naam, resultaat, None if dry_run else doel, gevonden, niet)
    return invulling.tekst(dry_run)


def _met_eigen_scenarios(programma: Programma, pad: Path) -> tuple[Programma, dict[str, int]]:
    """The gebied's programme with the workbook's own scenarios and switch states, where it has them."""
    from xl_opgave.werkboek.lezer import open_werkboek, programma_uit, schakelaars_uit

    try:
        werkboek = open_werkboek(pad)
        eigen = programma_uit(werkboek)
        schakelaars = schakelaars_uit(werkboek)
    except (InvoerFout, OnleesbaarBestand):
        # An adviser's own workbook with only the input names: no scenarios, every switch off.
        return programma, {}
    return programma.met(scenarios=eigen.scenarios), schakelaars
