"""Batch fill: one complete template workbook per gebied plus `totaal.xlsx`, from one data file.

Order of work (nothing is written before every check has passed):
1. read and validate the whole data file (`databestand.lees_databestand`) and check that every gebied
   fits the template (at most `DEKKING_RIJEN` dekking rows per period, one amount per cell);
2. derive every output name and refuse, before writing anything, when one exists (unless `force`);
3. fill the gebieden in worker processes: each worker prepares the template once
   (`sjabloonpakket.Sjabloonpakket`) and then per gebied computes the core (`bereken`) and renders only
   the cells that differ; each file is written atomically (temporary file, then rename);
4. `totaal.xlsx`: the template computed on the summed inputs, with a sheet `Per gebied` listing each
   gebied's named results, their sum, the total and a flag where the two differ (clipping: a
   restopgave is clipped at 0 per gebied, the total only on the sum).
"""

from __future__ import annotations

import os
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from xl_opgave.bestanden import eis_vrij, schrijf_atomisch
from xl_opgave.core.bedrag import Bedrag
from xl_opgave.core.model import DekkingsPost, OpgavePost, Programma
from xl_opgave.core.opmaak import getal_nl
from xl_opgave.core.resultaten import ResultaatNaam, waarde
from xl_opgave.referentie import laad
from xl_opgave.vullen.databestand import DatabestandFout, Gegevens, Probleem, gebiedsdefinitie, lees_databestand
from xl_opgave.vullen.gebieden import Gebiedenlijst, laad_gebieden
from xl_opgave.werkboek import namen as nm

TOTAAL_BESTAND = "totaal.xlsx"
BLAD_PER_GEBIED = "Per gebied"
MAX_NAAMLENGTE = 80  # characters of a file name stem; Windows paths stay well under 260
_VERBODEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')
_WINDOWS_GERESERVEERD = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
)
AFKAPPING = "ja: afkapping per gebied"
TOLERANTIE = 1e-6


# -- file names -------------------------------------------------------------------------------------


def bestandsnaam(gebied: str) -> str:
    """A file name stem for a gebied that is valid on Windows, macOS and Linux.

    Accents are kept (NFC, so the same name always gives the same bytes); the characters Windows forbids
    (`<>:"/\\|?*`, control characters) and runs of whitespace become '_'; leading/trailing dots, spaces
    and underscores are dropped; Windows device names (CON, NUL, COM1, …) get a trailing '_'.
    """
    naam = unicodedata.normalize("NFC", gebied)
    naam = _VERBODEN.sub("_", naam)
    naam = re.sub(r"\s+", "_", naam)
    naam = re.sub(r"_+", "_", naam).strip(" ._")
    if len(naam) > MAX_NAAMLENGTE:
        naam = naam[:MAX_NAAMLENGTE].rstrip(" ._")
    if not naam:
        naam = "gebied"
    if naam.split(".")[0].lower() in _WINDOWS_GERESERVEERD:
        naam += "_"
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
    """What the template cannot hold: too many dekking rows in a period, a range or 'n + PM' in one cell."""
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
        ref = laad(code)
        definitie = gebiedsdefinitie(ref.programma)
        data, opname = werkboek_met_opname(definitie, ref.resultaat_namen)
        _PAKKETTEN[code] = Sjabloonpakket(data, opname, invoer_waarden(definitie), bron=f"sjabloon {code}")
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


def vul_gebied(code: str, programma: Programma, pad: str | None, overschrijven: bool) -> tuple[bytes | None, Uitkomst]:
    """One gebied's workbook (written atomically to `pad` when given; else returned)."""
    from xl_opgave.werkboek.sjabloon import Stand

    begin = time.perf_counter()
    pakket = sjabloonpakket(code)
    stand = Stand(programma)
    data = pakket.vul(programma, stand)  # type: ignore[attr-defined]
    namen = laad(code).resultaat_namen
    resultaten = {n.naam: waarde(stand.bedrag(n.sleutel), n.kant) for n in namen}
    controle = pakket.controle(stand)  # type: ignore[attr-defined]
    if pad is not None:
        schrijf_atomisch(pad, data, overschrijven=overschrijven)
        data_uit = None
    else:
        data_uit = data
    return data_uit, Uitkomst(programma.gebied, pad or "", resultaten, controle, time.perf_counter() - begin)


def _werker_start(code: str) -> None:
    sjabloonpakket(code)


def _werk(code: str, taken: list[tuple[str, tuple[OpgavePost, ...], tuple[DekkingsPost, ...], str]],
          overschrijven: bool) -> list[Uitkomst]:
    definitie = _definitie(code)
    uit = []
    for gebied, opgaven, dekkingen, pad in taken:
        programma = definitie.met(opgaven=opgaven, dekkingen=dekkingen, gebied=gebied)
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


@dataclass
class Overzicht:
    namen: list[ResultaatNaam]
    gebieden: list[str]
    resultaten: dict[str, dict[str, float]]  # gebied → name → value
    controles: dict[str, int]
    totaal: dict[str, float]
    totaal_controle: int
    afgekapt: list[str] = field(default_factory=list)

    def som(self, naam: str) -> float:
        s = 0.0
        for gebied in self.gebieden:
            s += self.resultaten[gebied][naam]
        return s


def _per_gebied_blad(overzicht: Overzicht) -> Callable[[object], None]:
    """The extra sheet of totaal.xlsx, written by the template generator's `na_opbouw` hook."""
    from xlsxwriter.utility import xl_rowcol_to_cell

    def schrijf(wb) -> None:
        ws = wb.add_worksheet(BLAD_PER_GEBIED)
        titel = wb.add_format({"bold": True, "font_size": 14, "font_color": "#1F3864"})
        kop = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "bottom": 1, "text_wrap": True, "valign": "top"})
        klein = wb.add_format({"font_color": "#595959", "italic": True})
        getal = wb.add_format({"num_format": "#,##0.00"})
        vet_getal = wb.add_format({"num_format": "#,##0.00", "bold": True})
        vlag = wb.add_format({"bold": True, "font_color": "#C00000"})
        ws.write_string(0, 0, "Per gebied – de resultaten van elk gebied, hun som en het totaal", titel)
        ws.write_string(1, 0, "Totaal = dit werkboek, berekend op de opgetelde invoer van alle gebieden (blad "
                        "Berekening). Een restopgave wordt per gebied op 0 afgekapt en in het totaal alleen op de "
                        "som; waar de som van de gebieden daardoor van het totaal afwijkt, staat een vlag.", klein)
        koppen = ["Resultaat", "Totaal (opgetelde invoer)", "Som van de gebieden", "Verschil (som − totaal)",
                  "Verschil door afkappen", *overzicht.gebieden]
        r0 = 3
        for c, tekst in enumerate(koppen):
            ws.write_string(r0, c, tekst, kop)
        ws.set_column(0, 0, 36)
        ws.set_column(1, 3, 16)
        ws.set_column(4, 4, 22)
        ws.set_column(5, 4 + len(overzicht.gebieden), 14)
        laatste_kolom = 4 + len(overzicht.gebieden)
        rijen: list[tuple[str, str, float, float, list[float], object]] = []
        for n in overzicht.namen:
            rijen.append((n.naam, f"={n.naam}", overzicht.totaal[n.naam], overzicht.som(n.naam),
                          [overzicht.resultaten[g][n.naam] for g in overzicht.gebieden], getal))
        controles = [float(overzicht.controles[g]) for g in overzicht.gebieden]
        rijen.append(("Hoofdcontrole (1 = in orde)", f"={nm.CONTROLE_TOTAAL}", float(overzicht.totaal_controle),
                      float(min(controles, default=1)), controles, None))
        for i, (naam, formule, totaal, som, per_gebied, opmaak) in enumerate(rijen):
            r = r0 + 1 + i
            ws.write_string(r, 0, naam)
            ws.write_formula(r, 1, formule, vet_getal if opmaak else None, totaal)
            for j, w in enumerate(per_gebied):
                ws.write_number(r, 5 + j, w, opmaak)
            eerste, laatste = xl_rowcol_to_cell(r, 5), xl_rowcol_to_cell(r, laatste_kolom)
            b, c, d = (xl_rowcol_to_cell(r, k) for k in (1, 2, 3))
            if opmaak is None:  # the master check: the lowest of the gebieden
                ws.write_formula(r, 2, f"=MIN({eerste}:{laatste})", None, som)
                ws.write_formula(r, 3, f"={c}-{b}", None, som - totaal)
                ws.write_formula(r, 4, '=""', None, "")
                continue
            ws.write_formula(r, 2, f"=SUM({eerste}:{laatste})", getal, som)
            ws.write_formula(r, 3, f"={c}-{b}", getal, som - totaal)
            ws.write_formula(r, 4, f'=IF(ABS({d})>Tolerantie,"{AFKAPPING}","")', vlag,
                             AFKAPPING if abs(som - totaal) > TOLERANTIE else "")
        ws.freeze_panes(r0 + 1, 1)
        ws.protect("", {"format_columns": True, "format_rows": True, "select_locked_cells": True,
                        "select_unlocked_cells": True})

    return schrijf


def totaal_werkboek(gegevens: Gegevens, overzicht: Overzicht) -> bytes:
    from xl_opgave.werkboek.sjabloon import werkboek_bytes

    ref = laad(gegevens.programma)
    return werkboek_bytes(gegevens.totaal, ref.resultaat_namen, na_opbouw=_per_gebied_blad(overzicht))


# -- the whole run ------------------------------------------------------------------------------------


@dataclass
class Samenvatting:
    map: Path
    bestanden: dict[str, Path]  # gebied → file
    totaal: Path
    ontbrekend: tuple[str, ...]
    afgekapt: list[str]
    controles_fout: list[str]
    seconden: float
    werkers: int

    def tekst(self) -> str:
        regels = [
            f"{len(self.bestanden)} gebiedswerkboeken en {self.totaal.name} geschreven in {self.map} "
            f"({_nl_getal(self.seconden)} s, {self.werkers} {'proces' if self.werkers == 1 else 'processen'})",
        ]
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
            regels.append(f"geen gegevens (geen werkboek) voor {len(self.ontbrekend)} gebied(en) van de lijst: "
                          + ", ".join(self.ontbrekend[:10]) + (" …" if len(self.ontbrekend) > 10 else ""))
        return "\n".join(regels)


def _nl_getal(getal: float) -> str:
    return getal_nl(getal, 1)


def _taken(gegevens: Gegevens, paden: Mapping[str, Path], grootte: int):
    lijst = [(g, p.opgaven, p.dekkingen, str(paden[g])) for g, p in gegevens.gebieden.items()]
    return [lijst[i : i + grootte] for i in range(0, len(lijst), grootte)]


def vul_map(
    data: str | Path,
    code: str,
    uitmap: str | Path,
    *,
    gebieden: str | Path | Gebiedenlijst | None = None,
    overschrijven: bool = False,
    werkers: int | None = None,
    voortgang: Voortgang | bool = True,
) -> Samenvatting:
    """The whole batch (see the module docstring); raises DatabestandFout / BestaatAl before writing.

    The worker processes start first, before the data file is read: forked workers then do not carry
    the data of every gebied (their memory stays flat as the count grows), and they prepare the
    template while the data file is read and validated.
    """
    begin = time.perf_counter()
    werkers = max(1, werkers or os.cpu_count() or 1)
    if werkers == 1:
        return _vul_map(data, code, uitmap, gebieden, overschrijven, None, 1, voortgang, begin)
    with ProcessPoolExecutor(max_workers=werkers, initializer=_werker_start, initargs=(code,)) as pool:
        opstart = [pool.submit(_klaar) for _ in range(werkers)]  # forks the workers now
        try:
            return _vul_map(data, code, uitmap, gebieden, overschrijven, pool, werkers, voortgang, begin)
        finally:
            for f in opstart:
                f.cancel()


def _klaar() -> bool:
    return True


def _vul_map(data: str | Path, code: str, uitmap: str | Path, gebieden: str | Path | Gebiedenlijst | None,
             overschrijven: bool, pool: ProcessPoolExecutor | None, werkers: int, voortgang: Voortgang | bool,
             begin: float) -> Samenvatting:
    lijst = gebieden if isinstance(gebieden, Gebiedenlijst) else laad_gebieden(code, gebieden)
    gegevens = lees_databestand(data, code, gebieden=lijst)
    problemen = controleer_sjabloon(gegevens)
    if problemen:
        raise DatabestandFout(problemen, bron=str(data))
    uitmap = Path(uitmap)
    namen = bestandsnamen(list(gegevens.gebieden))
    paden = {g: uitmap / n for g, n in namen.items()}
    totaal_pad = uitmap / TOTAAL_BESTAND
    eis_vrij([*paden.values(), totaal_pad], overschrijven=overschrijven)
    uitmap.mkdir(parents=True, exist_ok=True)

    aantal = len(paden)
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

    overzicht = _overzicht(gegevens, uitkomsten)
    schrijf_atomisch(totaal_pad, totaal_werkboek(gegevens, overzicht), overschrijven=overschrijven)
    if teller:
        teller.stap(aantal + 1)
    return Samenvatting(
        uitmap, dict(paden), totaal_pad, gegevens.ontbrekend, overzicht.afgekapt,
        [g for g in gegevens.gebieden if uitkomsten[g].controle != 1], time.perf_counter() - begin, werkers,
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


def _overzicht(gegevens: Gegevens, uitkomsten: Mapping[str, Uitkomst]) -> Overzicht:
    from xl_opgave.werkboek.sjabloon import Stand

    ref = laad(gegevens.programma)
    namen = list(ref.resultaat_namen)
    stand = Stand(gegevens.totaal)
    totaal = {n.naam: waarde(stand.bedrag(n.sleutel), n.kant) for n in namen}
    totaal_controle = sjabloonpakket(gegevens.programma).controle(stand)  # type: ignore[attr-defined]
    gebieden = list(gegevens.gebieden)
    overzicht = Overzicht(namen, gebieden, {g: uitkomsten[g].resultaten for g in gebieden},
                          {g: uitkomsten[g].controle for g in gebieden}, totaal, totaal_controle)
    overzicht.afgekapt = [n.naam for n in namen if abs(overzicht.som(n.naam) - totaal[n.naam]) > TOLERANTIE]
    return overzicht
