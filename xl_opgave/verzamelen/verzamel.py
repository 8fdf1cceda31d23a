"""`verzamel`: the returned workbooks of the gebieden collected into one checked national overview.

Order of work (nothing is written before every file has been read; a returned file is only ever read):
1. the files: folders searched, other files listed and skipped (`bestanden.zoek`); the outputs checked
   before any reading: not one of the inputs, names the file system takes, not existing without `force`;
2. the baseline for the changes (`basislijn`): a data file is read and validated whole first;
3. every workbook read, checked and recomputed (`lezen.lees_bestand`), in worker processes for a long
   run, with a progress line; on arrival its changes against the baseline are taken and its inputs
   dropped, so memory grows by a few kilobytes per file;
4. one status per file and per missing gebied (`status.deel_in`);
5. the national picture of the counted gebieden from their amounts (`core.landelijk`), added up in the
   order of the list of gebieden (the same files give the same bytes);
6. the overview workbook (`overzicht`) and a CSV of Per gebied beside it, each checked and written
   atomically.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from xl_opgave import uitvoer
from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.landelijk import Landelijk
from xl_opgave.verzamelen.basislijn import Basislijn
from xl_opgave.verzamelen.lezen import Gelezen
from xl_opgave.verzamelen.status import IN_ORDE, ONTBREEKT, Indeling, Regel
from xl_opgave.verzamelen.wijzigingen import Wijziging
from xl_opgave.vullen.gebieden import Gebiedenlijst
from xl_opgave.werkboek import namen as nm

CSV_ACHTERVOEGSEL = "_per_gebied.csv"
MIN_VOOR_PROCESSEN = 16  # fewer files are read in this process: starting workers costs more than it saves


@dataclass
class Verzameling:
    code: str
    lijst: Gebiedenlijst
    lijst_bron: str  # the list as the overview names it
    indeling: Indeling
    overgeslagen: list[tuple[str, str]]
    wijzigingen: list[Wijziging]
    landelijk: Landelijk
    basislijn: Basislijn
    uit: Path
    csv: Path
    seconden: float = 0.0
    werkers: int = 1
    meldingen: list[str] = field(default_factory=list)

    @property
    def regels(self) -> list[Regel]:
        return self.indeling.regels

    @property
    def tellend(self) -> dict[str, Regel]:
        return self.indeling.tellend()

    @property
    def exitstatus(self) -> int:
        """0: every gebied on the list is in and in orde; 1: anything needs attention; 2: no workbook of
        this programme could be read."""
        if not any(r.gelezen is not None and r.gelezen.leesbaar and r.gelezen.code == self.code for r in self.regels):
            return uitvoer.GEWEIGERD
        if any(r.aandacht for r in self.regels):
            return uitvoer.BEVINDINGEN
        return uitvoer.IN_ORDE

    def tekst(self) -> str:
        """The summary on the terminal: counts per status, the national restopgave, what needs attention."""
        from xl_opgave.verzamelen.samenvatting import samenvatting

        return samenvatting(self)


def uitvoerpaden(uit: str | os.PathLike[str]) -> tuple[Path, Path]:
    """The overview and the CSV beside it ('overzicht.xlsx' → 'overzicht_per_gebied.csv')."""
    uit = Path(uit)
    if uit.suffix.lower() != ".xlsx":
        raise InvoerFout("--out is het overzicht als Excel-werkmap: een naam die op .xlsx eindigt", bron=str(uit))
    return uit, uit.with_name(uit.stem + CSV_ACHTERVOEGSEL)


def verzamel(paden: Sequence[str | os.PathLike[str]], code: str, uit: str | os.PathLike[str], *,
             gebieden: str | os.PathLike[str] | None = None, vergelijk: str | os.PathLike[str] | None = None,
             nieuwste: bool = False, overschrijven: bool = False, werkers: int | None = None,
             voortgang: bool | Callable[[int, int], None] = True) -> Verzameling:
    """The whole run (see the module docstring). InvoerFout / BestaatAl before anything is read when the
    input cannot be found or an output may not be written."""
    from xl_opgave.bestanden import eis_geen_invoer, eis_geldige_naam, eis_vrij
    from xl_opgave.referentie import laad, programma_code
    from xl_opgave.verzamelen import basislijn as bl
    from xl_opgave.verzamelen.bestanden import zoek
    from xl_opgave.vullen.gebieden import laad_gebieden

    begin = time.perf_counter()
    code = programma_code(code)
    laad(code)
    uit_pad, csv_pad = uitvoerpaden(uit)
    lijst = laad_gebieden(code, gebieden)
    gevonden = zoek(paden)
    if not gevonden.werkboeken:
        overgeslagen = (f"; overgeslagen: {', '.join(str(p) for p, _ in gevonden.overgeslagen[:5])}"
                        if gevonden.overgeslagen else "")
        raise InvoerFout(f"geen werkboeken (.xlsx, .xlsm) gevonden{overgeslagen}", bron=", ".join(map(str, paden)))
    for pad in (uit_pad, csv_pad):
        eis_geldige_naam(pad)
    invoer = [*gevonden.werkboeken, *(Path(p) for p in paden if Path(p).is_file())]
    invoer += [Path(gebieden)] if gebieden else []
    if vergelijk is not None:  # the data file, or the folder of sent workbooks (its files)
        invoer.append(Path(vergelijk))
    eis_geen_invoer([uit_pad, csv_pad], invoer)
    map_ = uit_pad.parent if str(uit_pad.parent) else Path(".")
    if not map_.is_dir():
        raise InvoerFout(f"map {map_} bestaat niet; maak hem eerst aan", bron=str(uit_pad))
    eis_vrij([uit_pad, csv_pad], overschrijven=overschrijven)

    bestanden = [str(p) for p in gevonden.werkboeken]
    namen = {str(p): gevonden.naam(p) for p in gevonden.werkboeken}
    werkers = _aantal_werkers(werkers, len(bestanden))
    pool = ProcessPoolExecutor(max_workers=werkers, initializer=_werker_start, initargs=(code,)) \
        if werkers > 1 else None
    try:
        basis = _basislijn(vergelijk, code, lijst, pool, werkers, bl)
        gelezen, wijzigingen = _lees_alles(bestanden, namen, code, lijst, basis, pool, werkers, voortgang)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    overgeslagen = [(gevonden.naam(p), reden) for p, reden in gevonden.overgeslagen]
    return _stel_samen(code, lijst, gebieden, gelezen, wijzigingen, basis, overgeslagen, uit_pad, csv_pad,
                       nieuwste, overschrijven, begin, werkers)


def _aantal_werkers(gevraagd: int | None, bestanden: int) -> int:
    kernen = os.cpu_count() or 1
    if gevraagd is None and bestanden < MIN_VOOR_PROCESSEN:
        return 1
    return max(1, min(gevraagd or kernen, kernen, bestanden))


def _werker_start(code: str) -> None:
    from xl_opgave.verzamelen.lezen import werker_start

    werker_start(code)


def _basislijn(vergelijk, code: str, lijst: Gebiedenlijst, pool, werkers: int, bl) -> Basislijn:  # noqa: ANN001
    if vergelijk is None:
        return bl.zonder(code)
    pad = Path(vergelijk)
    if not pad.exists():
        raise InvoerFout("bestaat niet (--vergelijk: het databestand of de map met verstuurde werkboeken)",
                         bron=str(pad))
    if pad.is_file() or (pad / "opgave.csv").is_file() or any(
            p.name.lower() == "opgave.csv" for p in pad.iterdir() if p.is_file()):
        return bl.uit_databestand(pad, code, lijst)
    from xl_opgave.verzamelen.bestanden import zoek

    verstuurd = [str(p) for p in zoek([pad]).werkboeken]
    if not verstuurd:
        raise InvoerFout("geen databestand (opgave.csv) en geen werkboeken (.xlsx, .xlsm) gevonden (--vergelijk)",
                         bron=str(pad))
    uitkomsten: list[tuple[str, str, dict | None, str]] = []
    for deel in _in_taken(verstuurd, pool, werkers, bl.lees_verstuurde, code):
        uitkomsten += deel
    per_gebied: dict[str, dict] = {}
    bestanden: dict[str, list[str]] = {}
    meldingen: list[str] = []
    for bestand, gebied, waarden, fout in uitkomsten:
        if waarden is None:
            meldingen.append(f"verstuurd werkboek {bestand} niet gebruikt: {fout}")
            continue
        try:
            naam = lijst.zoek(gebied).naam
        except InvoerFout:
            continue  # a totaal.xlsx of fill, or another list's gebied: no baseline of a gebied of this list
        bestanden.setdefault(naam, []).append(bestand)
        per_gebied[naam] = waarden
    for naam, lijst_ in bestanden.items():
        if len(lijst_) > 1:
            meldingen.append(f"{len(lijst_)} verstuurde werkboeken voor {naam} ({', '.join(lijst_)}): geen gebruikt")
            del per_gebied[naam]
    return bl.uit_werkboeken(pad, code, per_gebied, meldingen)


def _in_taken(bestanden: list[str], pool, werkers: int, functie: Callable, code: str) -> Iterable[list]:  # noqa: ANN001
    """`functie(files, code)` over the files in tasks (in the workers when there is a pool), in file order."""
    if pool is None:
        for taak in _taken(bestanden, 1):
            yield functie(taak, code)
        return
    futures = [pool.submit(functie, taak, code) for taak in _taken(bestanden, werkers)]
    for f in futures:
        yield f.result()


def _taken(bestanden: list[str], werkers: int) -> list[list[str]]:
    grootte = max(1, min(16, len(bestanden) // (werkers * 8) or 1))
    return [bestanden[i : i + grootte] for i in range(0, len(bestanden), grootte)]


def _lees_alles(bestanden: list[str], weergave: dict[str, str], code: str, lijst: Gebiedenlijst, basis: Basislijn,
                pool, werkers: int, voortgang) -> tuple[list[Gelezen], list[Wijziging]]:  # noqa: ANN001
    from xl_opgave.verzamelen.lezen import lees_bestanden

    teller = _teller(voortgang, len(bestanden))
    gelezen: dict[str, Gelezen] = {}
    wijzigingen: dict[str, list[Wijziging]] = {}

    def oogst(uitkomsten: list[Gelezen]) -> None:
        for g in uitkomsten:
            echt = g.pad
            g.pad = weergave.get(echt, echt)  # from here on the file as the overview names it
            wijzigingen[echt] = _wijzigingen(g, code, lijst, basis)
            g.invoer = None  # taken; the inputs of a thousand workbooks are not kept
            gelezen[echt] = g
        if teller:
            teller(len(gelezen), len(bestanden))

    namen = basis.namen
    if pool is None:
        for taak in _taken(bestanden, 1):
            oogst(lees_bestanden(taak, code, namen))
    else:
        open_: set[Future] = set()
        try:
            for taak in _taken(bestanden, werkers):  # a bounded number of tasks in flight (flat memory)
                open_.add(pool.submit(lees_bestanden, taak, code, namen))
                while len(open_) >= 4 * werkers:
                    klaar, open_ = wait(open_, return_when=FIRST_COMPLETED)
                    for f in klaar:
                        oogst(f.result())
            while open_:
                klaar, open_ = wait(open_, return_when=FIRST_COMPLETED)
                for f in klaar:
                    oogst(f.result())
        except BaseException:
            for f in open_:
                f.cancel()
            raise
    volgorde = [gelezen[p] for p in bestanden]
    return volgorde, [w for p in bestanden for w in wijzigingen[p]]


def _teller(voortgang, totaal: int):  # noqa: ANN001, ANN202
    if callable(voortgang):
        return voortgang
    if not voortgang:
        return None
    from xl_opgave.verzamelen.samenvatting import Voortgang

    balk = Voortgang(totaal)
    return lambda klaar, _totaal: balk.stap(klaar)


def _wijzigingen(g: Gelezen, code: str, lijst: Gebiedenlijst, basis: Basislijn) -> list[Wijziging]:
    """The changes of one file against its gebied's baseline (files of another programme, unreadable files
    and files without a gebied of the list have none)."""
    from xl_opgave.verzamelen.wijzigingen import formulewijzigingen, vergelijk

    if g.onleesbaar or g.code != code or g.invoer is None:
        return []
    try:
        gebied = lijst.zoek(g.gebied).naam if g.gebied else ""
    except InvoerFout:
        gebied = ""
    if not gebied:
        return []
    waarden, _eigen = basis.voor(gebied)
    uit = vergelijk(code, gebied, g.pad, g.invoer, waarden)
    if g.versie == nm.SJABLOON_VERSIE:  # an older template has other formulas: no change of the gebied's
        uit += formulewijzigingen(gebied, g.pad, g.formules)
    return uit


def _stel_samen(code: str, lijst: Gebiedenlijst, gebieden, gelezen: list[Gelezen], wijzigingen: list[Wijziging],
                basis: Basislijn, overgeslagen, uit: Path, csv: Path, nieuwste: bool, overschrijven: bool,
                begin: float, werkers: int) -> Verzameling:  # noqa: ANN001
    from xl_opgave.bestanden import schrijf_atomisch
    from xl_opgave.core.landelijk import tel_op
    from xl_opgave.referentie import laad
    from xl_opgave.verzamelen.export import per_gebied_csv
    from xl_opgave.verzamelen.overzicht import overzicht_bytes
    from xl_opgave.verzamelen.status import deel_in

    indeling = deel_in(gelezen, code, lijst, nieuwste=nieuwste)
    aantallen: dict[str, int] = {}
    for w in wijzigingen:
        aantallen[w.bestand] = aantallen.get(w.bestand, 0) + 1
    for regel in indeling.regels:
        regel.wijzigingen = aantallen.get(regel.bestand, 0) if regel.bestand else 0
    tellend = indeling.tellend()
    # In the order of the list: the same files give the same sums, bit for bit.
    bijdragen = [tellend[g].gelezen.bijdrage for g in lijst.namen if g in tellend]  # type: ignore[union-attr]
    landelijk = tel_op(laad(code).programma, [b for b in bijdragen if b is not None])
    if gebieden is None:
        lijst_bron = f"de ingebouwde lijst van {len(lijst)} {code.upper()}-gebieden"
    else:
        lijst_bron = f"{Path(gebieden).name}, {len(lijst)} gebieden"
    verzameling = Verzameling(code, lijst, lijst_bron, indeling, [(str(p), r) for p, r in overgeslagen],
                              wijzigingen, landelijk, basis, uit, csv, werkers=werkers,
                              meldingen=basis.alle_meldingen(lijst.namen))
    schrijf_atomisch(uit, overzicht_bytes(verzameling), overschrijven=overschrijven)
    schrijf_atomisch(csv, per_gebied_csv(verzameling).encode("utf-8"), overschrijven=overschrijven, controle=None)
    verzameling.seconden = time.perf_counter() - begin
    return verzameling


__all__ = ["IN_ORDE", "ONTBREEKT", "Verzameling", "uitvoerpaden", "verzamel"]
