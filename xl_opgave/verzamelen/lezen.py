"""One returned workbook read, checked and recomputed: the work `verzamel` does per file (in a worker).

Per file, never an exception: the file's bytes are read once (their SHA-256 is what the overview names),
opened by the one safe opener, read by the one reader (`lezer`, every cell the template defines),
checked by the one checker (`controle.onderzoek`: the same findings as `xl-opgave check`), and every
result recomputed by the core from the workbook's own inputs and scenario switches (`Stand`). The
cached values of the named results are compared with that recomputation: a workbook saved without
recalculation, or with edited formulas, is marked. What the national picture needs is kept as a compact
`landelijk.Bijdrage`; the inputs go back to the main process once, for the changes, and are dropped there.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.landelijk import Bijdrage
from xl_opgave.werkboek.controle import TOLERANTIE, Bevinding
from xl_opgave.werkboek.veilig import GRENZEN, OnleesbaarBestand

BLOK = 1024 * 1024


@dataclass
class Gelezen:
    """What one file gave. `onleesbaar` set: nothing else is known but its hash and size."""

    pad: str
    sha256: str = ""
    grootte: int = 0
    onleesbaar: str = ""  # one Dutch line: why the file cannot or must not be read
    code: str = ""  # the programme the workbook says it is ('nplv', 'npvr')
    versie: str = ""  # its template version
    gebied: str = ""  # as its In_Gebied cell says
    gebied_plaats: str = ""  # where that cell is ('Invoer!C5')
    is_totaal: bool = False  # the totaal.xlsx of `fill` (sheets Overzicht and Per gebied in front)
    opgeslagen: datetime | None = None  # last saved (UTC), as the file's properties say
    opgeslagen_tekst: str = ""
    door: str = ""  # last saved by, as the file says
    bevindingen: list[Bevinding] = field(default_factory=list)
    invoerfout: str = ""  # why no result could be computed (the inputs cannot be read)
    resultaten: dict[str, float] | None = None  # name → recomputed value (None: not computable)
    pm: dict[str, str] = field(default_factory=dict)  # name → '+ PM' … for results that leave PM items out
    afwijkend: list[str] = field(default_factory=list)  # named results whose cached value differs
    schakelaars: dict[str, int] = field(default_factory=dict)  # scenario switches that are on
    jaren: dict[str, float] = field(default_factory=dict)  # periode → its number of years
    invoer: dict[str, tuple[str, tuple[str, ...], tuple[object, ...]]] | None = None  # name → (sheet, cells, values)
    # Formulas the checker found overwritten or changed: (sheet!cell, the template's formula, what the cell
    # holds, the finding's kind).
    formules: list[tuple[str, str, object, str]] = field(default_factory=list)
    bijdrage: Bijdrage | None = None

    @property
    def leesbaar(self) -> bool:
        """Opened as a template workbook (of whichever programme)."""
        return not self.onleesbaar

    @property
    def berekend(self) -> bool:
        return self.resultaten is not None


def lees_bestand(pad: str, code: str, namen: frozenset[str] | None = None) -> Gelezen:
    """Read one returned workbook of programme `code` (see the module docstring); never raises for the file.
    `namen`: the input names to send back for the changes (None: every one)."""
    gelezen = Gelezen(pad)
    try:
        data = _lees_bytes(Path(pad), gelezen)
        if data is None:
            return gelezen
        _lees(Path(pad), data, code, gelezen, namen)
    except OnleesbaarBestand as fout:
        gelezen.onleesbaar = fout.melding
    return gelezen


def _lees_bytes(pad: Path, gelezen: Gelezen) -> bytes | None:
    """The file's bytes (hashed); None, with `onleesbaar` set, when it is too large to read or cannot be read.
    Too large: hashed in blocks, never held whole; the safe opener says why it refuses it."""
    from xl_opgave.werkboek.veilig import open_pakket

    try:
        grootte = pad.stat().st_size
        gelezen.grootte = grootte
        if grootte > GRENZEN.max_bestand:
            digest = hashlib.sha256()
            with open(pad, "rb") as f:
                while blok := f.read(BLOK):
                    digest.update(blok)
            gelezen.sha256 = digest.hexdigest()
            open_pakket(pad).close()  # raises with the reason
            raise OnleesbaarBestand(pad, "het bestand is te groot.")
        data = pad.read_bytes()
    except OSError:
        open_pakket(pad).close()  # the safe opener says it in Dutch (missing, no access, …)
        raise OnleesbaarBestand(pad, "het bestand kan niet gelezen worden.") from None
    gelezen.sha256 = hashlib.sha256(data).hexdigest()
    gelezen.grootte = len(data)
    return data


def _lees(pad: Path, data: bytes, code: str, gelezen: Gelezen, namen: frozenset[str] | None) -> None:
    from xl_opgave.verzamelen.eigenschappen import lees_eigenschappen
    from xl_opgave.werkboek import namen as nm
    from xl_opgave.werkboek.controle import onderzoek
    from xl_opgave.werkboek.lezer import lees_pakket, lees_waarden, schakelaars_uit
    from xl_opgave.werkboek.orakel import sjabloonkaart
    from xl_opgave.werkboek.veilig import open_pakket_bytes

    with open_pakket_bytes(data, pad) as pakket:
        werkboek = lees_pakket(pakket, pad, alles=True)
        eigenschappen = lees_eigenschappen(pakket)
    gelezen.code = werkboek.code
    gelezen.is_totaal = {"Overzicht", "Per gebied"} <= set(werkboek.bladnamen)
    gelezen.opgeslagen, gelezen.opgeslagen_tekst, gelezen.door = (
        eigenschappen.opgeslagen, eigenschappen.opgeslagen_tekst, eigenschappen.door)
    versie = werkboek.bestemming(nm.VERSIE)
    gelezen.versie = str(werkboek.waarde(versie[0], versie[1][0]) or "").strip() if versie else ""
    gebied = werkboek.bestemming(nm.GEBIED)
    if gebied:
        waarde = werkboek.waarde(gebied[0], gebied[1][0])
        gelezen.gebied = "" if waarde is None else str(waarde).strip()
        gelezen.gebied_plaats = f"{gebied[0]}!{gebied[1][0]}"
    if werkboek.code != code:
        return  # another programme: not checked, not counted
    uitslag = onderzoek(werkboek)
    gelezen.bevindingen = uitslag.bevindingen
    kaart = sjabloonkaart(code)
    for b in uitslag.bevindingen:
        if b.soort in ("formule_overschreven", "formule_gewijzigd"):
            cel = werkboek.cellen.get((b.blad, b.cel))
            gelezen.formules.append((b.plaats, kaart.formules.get((b.blad, b.cel), ""),
                                     cel.inhoud if cel is not None else None, b.soort))  # type: ignore[attr-defined]
    gelezen.invoer = {naam: (blad, tuple(cellen), tuple(waarden))
                      for naam, (blad, cellen, waarden) in lees_waarden(werkboek).items()
                      if namen is None or naam in namen}
    if uitslag.programma is None or uitslag.stand is None:
        gelezen.invoerfout = _invoerfout(werkboek)
        return
    _reken(werkboek, uitslag.programma, uitslag.stand, schakelaars_uit(werkboek), code, gelezen)


def _invoerfout(werkboek) -> str:  # noqa: ANN001 - a StroomWerkboek
    from xl_opgave.werkboek.lezer import programma_uit

    try:
        programma_uit(werkboek)
    except InvoerFout as fout:
        plaats = f" ({fout.plaats})" if fout.plaats else ""
        return f"{fout.melding}{plaats}"
    return "de invoer kan niet gelezen worden"


def _reken(werkboek, programma, stand, schakelaars: dict[str, int], code: str,  # noqa: ANN001
           gelezen: Gelezen) -> None:
    from xl_opgave.core.landelijk import bijdrage
    from xl_opgave.core.resultaten import waarde
    from xl_opgave.referentie import laad

    ref = laad(code)
    resultaten: dict[str, float] = {}
    for n in ref.resultaat_namen:
        bedrag = stand.bedrag(n.sleutel)  # as the template's Berekening rows count: n.b. is 0
        resultaten[n.naam] = waarde(bedrag, n.kant)
        if teken := bedrag.pm_teken():
            gelezen.pm[n.naam] = teken
        bestemming = werkboek.bestemming(n.naam)
        if bestemming is not None and not _gelijk(werkboek.waarde(bestemming[0], bestemming[1][0]), resultaten[n.naam]):
            gelezen.afwijkend.append(n.naam)
    gelezen.resultaten = resultaten
    gelezen.schakelaars = {c: w for c, w in schakelaars.items() if w}
    gelezen.jaren = {p.code: p.jaren for p in programma.perioden}
    gelezen.bijdrage = bijdrage(ref.programma, programma.gebied, programma, stand.u)


def _gelijk(opgeslagen: object, berekend: float) -> bool:
    if isinstance(opgeslagen, bool) or not isinstance(opgeslagen, int | float):
        return False  # text, an error value, or no cached value at all: not what was computed
    return abs(float(opgeslagen) - berekend) <= TOLERANTIE * max(1.0, abs(berekend))


def werker_start(code: str) -> None:
    """Prepare a worker process: the template of the programme recorded once (`sjabloonkaart`)."""
    import gc

    from xl_opgave.referentie import laad
    from xl_opgave.werkboek.lezer import verwachte_invoer
    from xl_opgave.werkboek.orakel import sjabloonkaart

    laad(code)
    verwachte_invoer(code)
    sjabloonkaart(code)
    # What was built so far (the template's recording: tens of thousands of objects) lives as long as the
    # process: out of the garbage collector's sight, its full collections stay cheap (15 % of a workbook's
    # time otherwise).
    gc.collect()
    gc.freeze()


def lees_bestanden(paden: list[str], code: str, namen: frozenset[str] | None = None) -> list[Gelezen]:
    """A worker's task: several files, in order."""
    return [lees_bestand(p, code, namen) for p in paden]
