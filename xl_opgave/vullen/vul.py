"""Batch fill: one complete template workbook per gebied plus `totaal.xlsx`, from one data file.

Order of work (nothing is written before every check has passed):
1. read and validate the whole data file (`databestand.lees_databestand`: structure, rows, then
   completeness: a gap is an error unless `ontbrekend="nul"`) and check that every gebied fits the
   template (at most `DEKKING_RIJEN` dekking rows per period, one amount per cell);
2. derive every output name and check it before anything is written: no output on an input file,
   names the file system (and Windows) accepts, the folder held for this run alone (`vergrendel_map`:
   two runs into one folder would mix their files), no existing file overwritten without `force`;
3. files in the folder that an earlier run wrote (our template's workbooks, not written by this run)
   are never deleted: without `force` the run is refused naming them, with `force` they are moved
   aside into a dated subfolder `eerdere-run-JJJJMMDD-HHMMSS/` and named in the summary, so the folder
   holds exactly this run's files;
4. fill the gebieden in worker processes: each worker prepares the template once
   (`sjabloonpakket.Sjabloonpakket`) and then per gebied computes the core (`bereken`), renders only
   the cells that differ, checks the workbook (every changed XML part well-formed, the unchanged ones
   against the template's CRC, the input cells read back: `werkboek.uitvoercontrole`) and writes it
   atomically (temporary file, then rename);
5. `totaal.xlsx` (`vullen.totaal`): the template computed on the summed inputs, with the sheets
   Overzicht (what it sums: data file by name and SHA-256, the gebieden, the gaps taken as zero) and
   Per gebied (gebieden in rows) in front;
6. with `pdf`: one PDF per workbook and of totaal.xlsx, beside them, through LibreOffice in one call
   (`werkboek.pdf.maak_pdfs`: all or none). LibreOffice is looked for before anything is read or
   written, and the PDF names are checked with the workbooks' in step 2.
"""

from __future__ import annotations

import io
import math
import os
import re
import shutil
import sys
import time
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from xl_opgave.bestanden import eis_geen_invoer, eis_geldige_naam, eis_vrij, schrijf_atomisch, vergrendel_map
from xl_opgave.core.bedrag import Bedrag
from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.model import DekkingsPost, OpgavePost, Programma
from xl_opgave.core.opmaak import getal_nl
from xl_opgave.core.resultaten import waarde
from xl_opgave.referentie import laad
from xl_opgave.vullen.databestand import DatabestandFout, Gegevens, Probleem, gebiedsdefinitie, lees_databestand
from xl_opgave.vullen.gebieden import Gebiedenlijst, laad_gebieden
from xl_opgave.vullen.totaal import AFKAPPING, BLAD_OVERZICHT, BLAD_PER_GEBIED, Overzicht, bladen, herkomst
from xl_opgave.werkboek import namen as nm

__all__ = ["AFKAPPING", "BLAD_OVERZICHT", "BLAD_PER_GEBIED", "Samenvatting", "bestandsnaam", "bestandsnamen",
           "controleer_sjabloon", "sjabloonpakket", "vul_gebied", "vul_map"]

TOTAAL_BESTAND = "totaal.xlsx"
MAX_NAAMLENGTE = 80  # characters of a file name stem; Windows paths stay well under 260
MAX_NAAMBYTES = 200  # bytes (UTF-8) of a file name stem: most file systems allow 255 for the whole name
EERDERE_RUN = "eerdere-run-"  # prefix of the dated subfolder that an earlier run's files are moved into
_VERBODEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')
_WINDOWS_GERESERVEERD = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
)
TOLERANTIE = 1e-6


# -- file names -------------------------------------------------------------------------------------


def bestandsnaam(gebied: str) -> str:
    """A file name stem for a gebied that is valid on Windows, macOS and Linux.

    Accents are kept (NFC, so the same name always gives the same bytes); the characters Windows forbids
    (`<>:"/\\|?*`, control characters) and runs of whitespace become '_'; leading/trailing dots, spaces
    and underscores are dropped; the stem is cut to 80 characters and to 200 bytes (a name short in
    characters can be long in bytes); a Windows device name before the first dot (CON, AUX, COM1, …:
    'aux.txt' is still AUX to Windows) gets a '_' right after it ('aux_.txt').
    """
    naam = unicodedata.normalize("NFC", gebied)
    naam = _VERBODEN.sub("_", naam)
    naam = re.sub(r"\s+", "_", naam)
    naam = re.sub(r"_+", "_", naam).strip(" ._")
    if len(naam) > MAX_NAAMLENGTE:
        naam = naam[:MAX_NAAMLENGTE].rstrip(" ._")
    while len(naam.encode("utf-8")) > MAX_NAAMBYTES:
        naam = naam[:-1].rstrip(" ._")
    if not naam:
        naam = "gebied"
    stam, punt, rest = naam.partition(".")
    if unicodedata.normalize("NFKC", stam).rstrip(" ").lower() in _WINDOWS_GERESERVEERD:
        naam = f"{stam}_{punt}{rest}"
    return naam


def _vouw(naam: str) -> str:
    """How file systems may confuse two names: case (Windows, macOS) and Unicode normal form (macOS)."""
    return unicodedata.normalize("NFC", naam).casefold()


def bestandsnamen(gebieden: Sequence[str], gereserveerd: Iterable[str] = (TOTAAL_BESTAND,)) -> dict[str, str]:
    """Gebied → unique file name ('Rotterdam-Zuid.xlsx'); names equal up to case get '_2', '_3', …"""
    bezet = {_vouw(n) for n in gereserveerd}
    uit: dict[str, str] = {}
    for gebied in gebieden:
        stam = bestandsnaam(gebied)
        kandidaat, volgnummer = f"{stam}.xlsx", 1
        while _vouw(kandidaat) in bezet:
            volgnummer += 1
            kandidaat = f"{stam}_{volgnummer}.xlsx"
        bezet.add(_vouw(kandidaat))
        uit[gebied] = kandidaat
    return uit


# -- does each gebied fit the template? ---------------------------------------------------------------


def _past_in_cel(bedrag: Bedrag) -> bool:
    return bedrag.nb or (bedrag.is_exact and not bedrag.pm) or (bedrag.pm and bedrag.laag == bedrag.hoog == 0)


def controleer_sjabloon(gegevens: Gegevens) -> list[Probleem]:
    """What the template cannot hold: too many dekking rows in a period, a range or 'n + PM' in one cell,
    dekking rows for a template without a dekking table (NPVR: written nowhere, they would vanish)."""
    problemen: list[Probleem] = []
    ref = laad(gegevens.programma).programma
    bereik = nm.bereik_modus(ref)
    for gebied, programma in gegevens.gebieden.items():
        if not bereik:
            for periode in ref.perioden:
                aantal = sum(1 for d in programma.dekkingen if d.periode == periode.code)
                if aantal > nm.DEKKING_RIJEN:
                    problemen.append(Probleem(
                        gegevens.bron, "Dekking", 0, "",
                        f"gebied {gebied!r} heeft {aantal} dekkingsregels in {periode.naam}; het sjabloon heeft "
                        f"er {nm.DEKKING_RIJEN} per periode (voeg bronnen samen)",
                    ))
            for post in programma.opgaven:
                if not _past_in_cel(post.bedrag):
                    problemen.append(Probleem(
                        gegevens.bron, "Opgave", 0, "",
                        f"gebied {gebied!r}, {post.periode} {post.onderdeel}: een bandbreedte of een bedrag met PM "
                        "past niet in één cel van het sjabloon",
                    ))
            for d in programma.dekkingen:
                if not (_past_in_cel(d.cofinanciering) and _past_in_cel(d.rijksfinanciering)):
                    problemen.append(Probleem(
                        gegevens.bron, "Dekking", 0, "",
                        f"gebied {gebied!r}, bron {d.bron!r}: een bandbreedte of een bedrag met PM past niet in "
                        "één cel van het sjabloon",
                    ))
        else:
            if programma.dekkingen:
                aantal = len(programma.dekkingen)
                problemen.append(Probleem(
                    gegevens.bron, "Dekking", 0, "",
                    f"gebied {gebied!r} heeft {aantal} {'dekkingsregel' if aantal == 1 else 'dekkingsregels'}; het "
                    f"{gegevens.programma.upper()}-sjabloon heeft geen dekking (het rapport kent er geen), ze zouden "
                    "nergens meetellen; laat het blad Dekking leeg of weg",
                ))
            for post in programma.opgaven:
                if post.bedrag.pm and not (post.bedrag.laag == post.bedrag.hoog == 0):
                    problemen.append(Probleem(
                        gegevens.bron, "Opgave", 0, "",
                        f"gebied {gebied!r}, {post.periode} {post.onderdeel} {post.categorie}: een bedrag met PM "
                        "past niet in één cel van het sjabloon",
                    ))
    return problemen


# -- the workers ------------------------------------------------------------------------------------

_PAKKETTEN: dict[str, object] = {}


def sjabloonpakket(code: str):
    """The prepared template of a programme (once per process)."""
    from xl_opgave.vullen.sjabloonpakket import Sjabloonpakket
    from xl_opgave.werkboek.sjabloon import invoer_waarden, werkboek_met_opname

    if code not in _PAKKETTEN:
        from xl_opgave.werkboek.uitvoercontrole import controleer_werkmap
        from xl_opgave.werkboek.xmlstroom import Deadline

        ref = laad(code)
        definitie = gebiedsdefinitie(ref.programma)
        data, opname = werkboek_met_opname(definitie, ref.resultaat_namen)
        pakket = Sjabloonpakket(data, opname, invoer_waarden(definitie), bron=f"sjabloon {code}")
        # Our own bytes, kept for the life of the process: the reading deadline for untrusted files does
        # not apply (it would run out after a minute of filling).
        pakket.pakket.zip.deadline = Deadline(math.inf)  # type: ignore[attr-defined]
        # The prepared template checked once in full; a gebied's workbook then has only its changed parts
        # parsed (a part with the template's CRC is the template's, checked here).
        controleer_werkmap(pakket.data, f"sjabloon {code}")
        pakket.crc = {i.filename: i.CRC for i in zipfile.ZipFile(io.BytesIO(pakket.data)).infolist()}  # type: ignore[attr-defined]
        _PAKKETTEN[code] = pakket
    return _PAKKETTEN[code]


def _definitie(code: str) -> Programma:
    return gebiedsdefinitie(laad(code).programma)


@dataclass(frozen=True)
class Uitkomst:
    """One gebied's workbook as the worker reports it."""

    gebied: str
    pad: str
    resultaten: dict[str, float]
    controle: int  # the master check (1 = all checks pass)
    seconden: float
    pm: dict[str, str] = field(default_factory=dict)  # name → '+ PM' … for results that leave PM items out


def eindig(stand, resultaten: Mapping[str, float], wat: str) -> None:  # noqa: ANN001 - a sjabloon.Stand
    """Every computed amount finite, before anything is written: a cached value 'inf' is a damaged workbook."""
    for sleutel, bedrag in {**stand.basis, **stand.u}.items():
        if not (math.isfinite(bedrag.laag) and math.isfinite(bedrag.hoog)):
            raise InvoerFout(f"{wat}: de uitkomst {sleutel} is geen eindig getal; er is niets geschreven")
    for naam, w in resultaten.items():
        if not math.isfinite(w):
            raise InvoerFout(f"{wat}: de uitkomst {naam} is geen eindig getal; er is niets geschreven")


def _invoer_terug(pakket, stand) -> dict[str, object]:  # noqa: ANN001
    """What each input name should read back as (the values the template package writes)."""
    return {naam: stand.w.get(naam) for naam in pakket.invoer_aantal}


def vul_gebied(code: str, programma: Programma, pad: str | None, overschrijven: bool) -> tuple[bytes | None, Uitkomst]:
    """One gebied's workbook (checked, then written atomically to `pad` when given; else returned)."""
    from xl_opgave.werkboek.sjabloon import Stand
    from xl_opgave.werkboek.uitvoercontrole import controleer_werkmap

    begin = time.perf_counter()
    pakket = sjabloonpakket(code)
    stand = Stand(programma)
    namen = laad(code).resultaat_namen
    resultaten = {n.naam: waarde(stand.bedrag(n.sleutel), n.kant) for n in namen}
    eindig(stand, resultaten, f"gebied {programma.gebied!r}")
    data = pakket.vul(programma, stand)  # type: ignore[attr-defined]
    pm = {n.naam: t for n in namen if (t := stand.bedrag(n.sleutel).pm_teken())}
    controle = pakket.controle(stand)  # type: ignore[attr-defined]
    if pad is not None:
        schrijf_atomisch(pad, data, overschrijven=overschrijven, controle=lambda d: controleer_werkmap(
            d, pad, bekend=pakket.crc, invoer=_invoer_terug(pakket, stand)))  # type: ignore[attr-defined]
        data_uit = None
    else:
        data_uit = data
    return data_uit, Uitkomst(programma.gebied, pad or "", resultaten, controle, time.perf_counter() - begin, pm)


def _werker_start(code: str) -> None:
    sjabloonpakket(code)


def _werk(code: str, taken: list[tuple[str, tuple[OpgavePost, ...], tuple[DekkingsPost, ...], tuple[str, ...], str]],
          overschrijven: bool) -> list[Uitkomst]:
    definitie = _definitie(code)
    uit = []
    for gebied, opgaven, dekkingen, ontbrekend, pad in taken:
        programma = definitie.met(opgaven=opgaven, dekkingen=dekkingen, gebied=gebied, ontbrekend=ontbrekend)
        uit.append(vul_gebied(code, programma, pad, overschrijven)[1])
    return uit


# -- progress ---------------------------------------------------------------------------------------


class Voortgang:
    """A progress line on stderr (Dutch): redrawn in place on a terminal, a line per 10 % otherwise."""

    def __init__(self, totaal: int, stroom=None, tekst: str = "werkboeken") -> None:
        self.totaal = totaal
        self.stroom = stroom if stroom is not None else sys.stderr
        self.tekst = tekst
        self.begin = time.perf_counter()
        self.terminal = bool(getattr(self.stroom, "isatty", lambda: False)())
        self.vorige_tiende = -1

    def stap(self, klaar: int) -> None:
        procent = 100 * klaar // max(1, self.totaal)
        verstreken = time.perf_counter() - self.begin
        balk = "#" * (procent // 5) + "." * (20 - procent // 5)
        regel = f"vullen [{balk}] {klaar}/{self.totaal} {self.tekst} ({procent} %, {_nl_getal(verstreken)} s)"
        if self.terminal:
            self.stroom.write("\r" + regel)
            if klaar >= self.totaal:
                self.stroom.write("\n")
            self.stroom.flush()
        elif procent // 10 != self.vorige_tiende or klaar >= self.totaal:
            self.vorige_tiende = procent // 10
            self.stroom.write(regel + "\n")
            self.stroom.flush()


# -- the totaal workbook ----------------------------------------------------------------------------


def totaal_werkboek(gegevens: Gegevens, overzicht: Overzicht, herkomst_) -> bytes:  # noqa: ANN001
    from xl_opgave.werkboek.sjabloon import werkboek_bytes

    ref = laad(gegevens.programma)
    return werkboek_bytes(gegevens.totaal, ref.resultaat_namen, na_opbouw=bladen(overzicht, herkomst_))


# -- the whole run ------------------------------------------------------------------------------------


@dataclass
class Samenvatting:
    map: Path
    bestanden: dict[str, Path]  # gebied → file
    totaal: Path
    ontbrekend: tuple[str, ...]  # gebieden on the list without any row (information)
    afgekapt: list[str]
    controles_fout: list[str]
    seconden: float
    werkers: int
    nul_ingevuld: dict[str, tuple[str, ...]] = field(default_factory=dict)  # gebied → gaps taken as zero
    opzij: list[Path] = field(default_factory=list)  # an earlier run's files, moved aside
    opzij_map: Path | None = None
    pdfs: list[Path] = field(default_factory=list)  # with pdf: one per workbook and totaal.xlsx

    @property
    def met_waarschuwingen(self) -> bool:
        """Written, but not clean: gaps taken as zero or checks that fail (exit status 1)."""
        return bool(self.nul_ingevuld or self.controles_fout)

    def tekst(self) -> str:
        regels = [
            f"{len(self.bestanden)} gebiedswerkboeken en {self.totaal.name} geschreven in {self.map} "
            f"({_nl_getal(self.seconden)} s, {self.werkers} {'proces' if self.werkers == 1 else 'processen'})",
        ]
        if self.pdfs:
            regels.append(f"{len(self.pdfs)} pdf's geschreven, elk naast zijn werkboek (zelfde naam, .pdf)")
        if self.nul_ingevuld:
            posten = sum(len(v) for v in self.nul_ingevuld.values())
            regels.append(f"let op: {posten} ontbrekende {'post' if posten == 1 else 'posten'} als 0 ingevuld "
                          f"(--ontbrekend nul) in {len(self.nul_ingevuld)} gebied(en); hun controle en die van "
                          f"{self.totaal.name} staan op FOUT tot de echte bedragen zijn ingevuld:")
            for gebied, gaten in self.nul_ingevuld.items():
                regels.append(f"  {gebied}: " + "; ".join(gaten))
        if self.controles_fout:
            regels.append(f"let op: controles niet in orde in {len(self.controles_fout)} gebied(en): "
                          + ", ".join(self.controles_fout[:10]) + (" …" if len(self.controles_fout) > 10 else ""))
        else:
            regels.append("controles: in orde in elk werkboek")
        if self.afgekapt:
            regels.append(f"som van de gebieden wijkt door afkappen af van het totaal bij {len(self.afgekapt)} "
                          f"resultaat/resultaten (zie blad '{BLAD_PER_GEBIED}' in {self.totaal.name}): "
                          + ", ".join(self.afgekapt[:8]) + (" …" if len(self.afgekapt) > 8 else ""))
        if self.ontbrekend:
            regels.append(f"ter informatie: geen gegevens (geen werkboek, niet opgeteld) voor {len(self.ontbrekend)} "
                          "gebied(en) van de lijst: " + ", ".join(self.ontbrekend[:10])
                          + (" …" if len(self.ontbrekend) > 10 else ""))
        if self.opzij:
            regels.append(f"{len(self.opzij)} bestand(en) van een eerdere run opzijgezet in {self.opzij_map}: "
                          + ", ".join(p.name for p in self.opzij[:10]) + (" …" if len(self.opzij) > 10 else ""))
        return "\n".join(regels)


def _nl_getal(getal: float) -> str:
    return getal_nl(getal, 1)


def _taken(gegevens: Gegevens, paden: Mapping[str, Path], grootte: int):
    lijst = [(g, p.opgaven, p.dekkingen, p.ontbrekend, str(paden[g])) for g, p in gegevens.gebieden.items()]
    return [lijst[i : i + grootte] for i in range(0, len(lijst), grootte)]


def aantal_werkers(gevraagd: int | None, taken: int | None = None) -> int:
    """The number of worker processes: as asked (default: every core), never more than the cores nor than
    there is work for."""
    kernen = os.cpu_count() or 1
    aantal = min(gevraagd or kernen, kernen)
    if taken is not None:
        aantal = min(aantal, max(1, taken))
    return max(1, aantal)


def vul_map(
    data: str | Path,
    code: str,
    uitmap: str | Path,
    *,
    gebieden: str | Path | Gebiedenlijst | None = None,
    overschrijven: bool = False,
    werkers: int | None = None,
    voortgang: Voortgang | bool = True,
    ontbrekend: str | None = None,
    alle_fouten: bool = False,
    pdf: bool = False,
) -> Samenvatting:
    """The whole batch (see the module docstring); raises DatabestandFout / BestaatAl before writing.

    The worker processes start first, before the data file is read: forked workers then do not carry
    the data of every gebied (their memory stays flat as the count grows), and they prepare the
    template while the data file is read and validated.
    """
    begin = time.perf_counter()
    if pdf:
        from xl_opgave.werkboek.pdf import vereis_libreoffice

        vereis_libreoffice()  # before anything is read or written: no workbooks without the PDFs asked for
    werkers = aantal_werkers(werkers)
    if werkers == 1:
        return _vul_map(data, code, uitmap, gebieden, overschrijven, None, 1, voortgang, begin, ontbrekend,
                        alle_fouten, pdf)
    with ProcessPoolExecutor(max_workers=werkers, initializer=_werker_start, initargs=(code,)) as pool:
        opstart = [pool.submit(_klaar) for _ in range(werkers)]  # forks the workers now
        try:
            return _vul_map(data, code, uitmap, gebieden, overschrijven, pool, werkers, voortgang, begin,
                            ontbrekend, alle_fouten, pdf)
        finally:
            for f in opstart:
                f.cancel()


def _klaar() -> bool:
    return True


def eerdere_uitvoer(map_: Path, deze_run: set[str]) -> list[Path]:
    """Files in `map_` that an earlier run of ours wrote and this run does not: our template's
    workbooks (a workbook with the defined name Sjabloon_Programma), not among `deze_run` (names
    compared as the file system may: case and Unicode form folded), and the PDF of any of our workbooks
    (its name with .pdf) that this run does not write: beside a new workbook it would show old figures."""
    from xl_opgave.werkboek.pakketlezer import lees_structuur
    from xl_opgave.werkboek.veilig import OnleesbaarBestand, open_pakket

    eigen = {_vouw(n) for n in deze_run}
    uit: list[Path] = []
    if not map_.is_dir():
        return uit
    for pad in sorted(map_.iterdir()):
        if not pad.is_file() or pad.is_symlink() or _vouw(pad.name) in eigen:
            continue
        if pad.suffix.lower() not in (".xlsx", ".xlsm") or pad.name.startswith((".", "~$")):
            continue
        try:
            with open_pakket(pad) as pakket:
                if lees_structuur(pakket).naam(nm.PROGRAMMA) is not None:
                    uit.append(pad)
        except (OnleesbaarBestand, InvoerFout, OSError):
            continue  # not ours, or not readable: it stays where it is
    stammen = {_vouw(Path(n).stem) for n in deze_run if n.lower().endswith((".xlsx", ".xlsm"))}
    stammen |= {_vouw(p.stem) for p in uit}
    for pad in sorted(map_.iterdir()):
        if (pad.is_file() and not pad.is_symlink() and pad.suffix.lower() == ".pdf" and _vouw(pad.name) not in eigen
                and _vouw(pad.stem) in stammen):
            uit.append(pad)
    return sorted(uit)


def _zet_opzij(map_: Path, bestanden: list[Path]) -> Path:
    """Move an earlier run's files into a new dated subfolder; nothing is deleted or overwritten."""
    stempel = time.strftime("%Y%m%d-%H%M%S")
    doel = map_ / f"{EERDERE_RUN}{stempel}"
    volgnummer = 1
    while True:
        try:
            doel.mkdir()
            break
        except FileExistsError:
            volgnummer += 1
            doel = map_ / f"{EERDERE_RUN}{stempel}-{volgnummer}"
    for pad in bestanden:
        nieuw = doel / pad.name
        if os.path.lexists(nieuw):
            raise InvoerFout(f"{nieuw} bestaat al; er is niets verplaatst of overschreven", bron=str(pad))
        shutil.move(str(pad), str(nieuw))
    return doel


def _vul_map(data: str | Path, code: str, uitmap: str | Path, gebieden: str | Path | Gebiedenlijst | None,
             overschrijven: bool, pool: ProcessPoolExecutor | None, werkers: int, voortgang: Voortgang | bool,
             begin: float, ontbrekend: str | None = None, alle_fouten: bool = False,
             pdf: bool = False) -> Samenvatting:
    lijst = gebieden if isinstance(gebieden, Gebiedenlijst) else laad_gebieden(code, gebieden)
    gegevens = lees_databestand(data, code, gebieden=lijst, ontbrekend=ontbrekend, alle_fouten=alle_fouten)
    problemen = controleer_sjabloon(gegevens)
    if problemen:
        raise DatabestandFout(problemen, bron=str(data), alle=alle_fouten)
    uitmap = Path(uitmap)
    namen = bestandsnamen(list(gegevens.gebieden))
    paden = {g: uitmap / n for g, n in namen.items()}
    totaal_pad = uitmap / TOTAAL_BESTAND
    werkboeken = [*paden.values(), totaal_pad]
    # With pdf: each workbook's PDF beside it, checked with the workbooks before anything is written.
    alle_paden = [*werkboeken, *(p.with_suffix(".pdf") for p in werkboeken if pdf)]
    # Every output checked before the first one is written.
    invoer = [data] + ([gebieden] if isinstance(gebieden, str | Path) else [])
    for pad in alle_paden:
        eis_geldige_naam(pad)
    eis_geen_invoer(alle_paden, invoer)
    if uitmap.exists() and not uitmap.is_dir():
        raise InvoerFout("de uitvoer is een bestand, geen map", bron=str(uitmap))
    bestond = uitmap.is_dir()
    if not bestond:
        eis_vrij(alle_paden, overschrijven=overschrijven)  # a dangling symbolic link in its place, say
        uitmap.mkdir(parents=True, exist_ok=True)
    with vergrendel_map(uitmap):
        eerder = eerdere_uitvoer(uitmap, {p.name for p in alle_paden})
        if not overschrijven:
            from xl_opgave.bestanden import BestaatAl

            bestaand = [p for p in alle_paden if os.path.lexists(p)]
            delen = []
            if bestaand:
                delen.append(f"{len(bestaand)} uitvoerbestand(en) bestaan al: "
                             + ", ".join(str(p) for p in bestaand[:10]) + (" …" if len(bestaand) > 10 else ""))
            if eerder:
                soort = "werkboek(en)" if all(p.suffix.lower() != ".pdf" for p in eerder) else "bestand(en)"
                delen.append(f"in {uitmap} staan {len(eerder)} {soort} van een eerdere run die deze run niet "
                             "schrijft: " + ", ".join(p.name for p in eerder[:10]) + (" …" if len(eerder) > 10 else ""))
            if delen:
                raise BestaatAl("; ".join(delen) + "; gebruik --force om te overschrijven"
                                + (" en de bestanden van de eerdere run opzij te zetten (submap eerdere-run-…)"
                                   if eerder else "") + ", of kies een lege map")
        opzij_map = _zet_opzij(uitmap, eerder) if eerder else None
        samenvatting = _schrijf_alles(gegevens, code, paden, totaal_pad, uitmap, overschrijven, pool, werkers,
                                      voortgang, begin, eerder, opzij_map, data, gebieden)
        if pdf:
            samenvatting.pdfs = _pdfs(werkboeken, overschrijven, uitmap, voortgang)
            samenvatting.seconden = time.perf_counter() - begin
        return samenvatting


def _pdfs(werkboeken: list[Path], overschrijven: bool, uitmap: Path, voortgang: Voortgang | bool) -> list[Path]:
    """Every written workbook's PDF beside it, in one LibreOffice call (all or none)."""
    from xl_opgave.werkboek.pdf import maak_pdfs

    if voortgang:
        stroom = voortgang.stroom if isinstance(voortgang, Voortgang) else sys.stderr
        stroom.write(f"pdf's maken met LibreOffice ({len(werkboeken)} werkboeken) …\n")
        stroom.flush()
    try:
        # About a second per workbook here; a generous limit, so that only a hung LibreOffice is stopped.
        return maak_pdfs(werkboeken, None, force=overschrijven)
    except InvoerFout as fout:
        raise InvoerFout(f"de werkboeken zijn geschreven, de pdf's niet: {fout.melding}; probeer opnieuw met "
                         f"xl-opgave pdf {uitmap / '*.xlsx'}", bron=fout.bron) from None


def _schrijf_alles(gegevens: Gegevens, code: str, paden: dict[str, Path], totaal_pad: Path, uitmap: Path,
                   overschrijven: bool, pool: ProcessPoolExecutor | None, werkers: int,
                   voortgang: Voortgang | bool, begin: float, eerder: list[Path], opzij_map: Path | None,
                   data: str | Path, gebieden: str | Path | Gebiedenlijst | None) -> Samenvatting:
    aantal = len(paden)
    werkers = min(werkers, max(1, aantal))
    teller = voortgang if isinstance(voortgang, Voortgang) else (Voortgang(aantal + 1) if voortgang else None)
    uitkomsten: dict[str, Uitkomst] = {}
    grootte = max(1, min(16, aantal // (werkers * 8) or 1))
    if pool is None:
        for taak in _taken(gegevens, paden, grootte):
            for u in _werk(gegevens.programma, taak, overschrijven):
                uitkomsten[u.gebied] = u
            if teller:
                teller.stap(len(uitkomsten))
    else:
        open_: set[Future] = set()
        try:
            for taak in _taken(gegevens, paden, grootte):  # a bounded number of tasks in flight (flat memory)
                open_.add(pool.submit(_werk, gegevens.programma, taak, overschrijven))
                while len(open_) >= 4 * werkers:
                    open_ = _oogst(open_, uitkomsten, teller)
            while open_:
                open_ = _oogst(open_, uitkomsten, teller)
        except BaseException:
            for f in open_:
                f.cancel()
            raise

    overzicht = _overzicht(gegevens, uitkomsten, {g: p.name for g, p in paden.items()})
    lijstpad = gebieden if isinstance(gebieden, str | Path) else None
    bron = herkomst(gegevens.programma, data, lijstpad, len(gegevens.lijst), gegevens.ontbrekend)
    schrijf_atomisch(totaal_pad, totaal_werkboek(gegevens, overzicht, bron), overschrijven=overschrijven)
    if teller:
        teller.stap(aantal + 1)
    fout = [g for g in gegevens.gebieden if uitkomsten[g].controle != 1]
    return Samenvatting(
        uitmap, dict(paden), totaal_pad, gegevens.ontbrekend, overzicht.afgekapt, fout,
        time.perf_counter() - begin, werkers, dict(gegevens.nul_ingevuld), eerder, opzij_map,
    )


def _oogst(open_: set[Future], uitkomsten: dict[str, Uitkomst], teller: Voortgang | None) -> set[Future]:
    """Wait for at least one task, collect the outcomes of every finished one; the tasks still open."""
    klaar, nog_open = wait(open_, return_when=FIRST_COMPLETED)
    for f in klaar:
        for u in f.result():
            uitkomsten[u.gebied] = u
    if teller:
        teller.stap(len(uitkomsten))
    return nog_open


def _overzicht(gegevens: Gegevens, uitkomsten: Mapping[str, Uitkomst], bestanden: Mapping[str, str]) -> Overzicht:
    from xl_opgave.werkboek.sjabloon import Stand

    ref = laad(gegevens.programma)
    namen = list(ref.resultaat_namen)
    stand = Stand(gegevens.totaal)
    totaal = {n.naam: waarde(stand.bedrag(n.sleutel), n.kant) for n in namen}
    eindig(stand, totaal, "totaal")
    totaal_pm = {n.naam: t for n in namen if (t := stand.bedrag(n.sleutel).pm_teken())}
    totaal_controle = sjabloonpakket(gegevens.programma).controle(stand)  # type: ignore[attr-defined]
    gebieden = list(gegevens.gebieden)
    overzicht = Overzicht(namen, gebieden, dict(bestanden), {g: uitkomsten[g].resultaten for g in gebieden},
                          {g: uitkomsten[g].pm for g in gebieden}, {g: uitkomsten[g].controle for g in gebieden},
                          totaal, totaal_pm, totaal_controle, dict(gegevens.nul_ingevuld))
    overzicht.afgekapt = [n.naam for n in namen if abs(overzicht.som(n.naam) - totaal[n.naam]) > TOLERANTIE]
    return overzicht
