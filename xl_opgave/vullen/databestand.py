"""Read and validate a data file with the figures of many gebieden, before anything is written.

A data file is either an .xlsx with sheets `Opgave` and `Dekking`, or a folder with `opgave.csv` and
`dekking.csv` (`;` or `,`; UTF-8 with or without BOM, or Windows-1252). The columns are those of the
shipped national inputs (xl_opgave/data/*/opgave.csv, dekking.csv) with `gebied` filled in:

- NPLV `Opgave`: gebied, periode, pijler, onderdeel, opgave_mln [, toelichting]
- NPLV `Dekking`: gebied, periode, pijler, onderdeel, bron, cofinanciering_mln, rijksfinanciering_mln
  [, toelichting]; an empty onderdeel assigns the source to the whole pillar.
- NPVR `Opgave`: gebied, periode, doelstelling, deelopgave, categorie, laag_mln, hoog_mln [, variant,
  toelichting] (`pijler`/`onderdeel` are accepted for doelstelling/deelopgave). `Dekking` is optional
  for NPVR (the report has none); when present it has the NPLV dekking columns, again with
  doelstelling/deelopgave accepted as synonyms. Its rows are read and checked here, but `fill` refuses
  them (`vul.controleer_sjabloon`): the NPVR template has no dekking table to write them in.

Every problem in the whole file is collected (file, sheet, row, column) and raised together as one
`DatabestandFout`, in the order of cause:
1. structure: a missing sheet or file, a missing column, an unreadable file — and then it stops, the
   rows of a table whose header is wrong are not interpreted;
2. rows: each row on its own (a bad value names its cell); rows are parsed by the core's own row
   parsers (`opgaven_uit_rijen`, `dekkingen_uit_rijen`) with one code book for the whole file;
3. across rows and files: duplicates, dekking without an opgave row, and completeness: every gebied in
   the file must have an opgave row for every (periode, pijler, onderdeel[, categorie, variant]) the
   template has. A gap is an error — unless the adviser says `ontbrekend="nul"`: then every gap is
   taken as an explicit zero and recorded (`Programma.ontbrekend`, `Gegevens.nul_ingevuld`), so the
   summary, the workbook's Controles sheet (a check that fails) and totaal.xlsx show it.
An empty amount in an opgave row is an error ('-' is the explicit zero); an amount above € 1.000.000
mln (`core.bedrag.MAX_BEDRAG_MLN`) is "buiten bereik". Text XML cannot hold (U+FFFE, control
characters) is refused with its cell; all text is NFC-normalised (macOS writes 'Fryslân' decomposed).

Sheets are found by their exact name, else by the one name equal up to case and spaces; two
candidates are an error, and a hidden sheet is never read in place of the one the adviser sees.
An .xlsx is read through the same safe, streaming reader as every workbook (`werkboek.pakketlezer`).
Work is linear in the number of rows (about 100.000 rows in a few seconds).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from xl_opgave.core.bedrag import MAX_BEDRAG_MLN, Bedrag
from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.laden import dekkingen_uit_rijen, opgaven_uit_rijen
from xl_opgave.core.model import Codeboek, DekkingsPost, OpgavePost, Programma
from xl_opgave.core.rekenen import bron_sleutel
from xl_opgave.referentie import laad, programma_code
from xl_opgave.vullen.gebieden import Gebiedenlijst, laad_gebieden
from xl_opgave.vullen.tekst import decodeer
from xl_opgave.werkboek.veilig import Grenzen, OnleesbaarBestand, open_pakket
from xl_opgave.werkboek.xmlstroom import xml_toegestaan

MAX_RIJEN = 250_000  # per sheet / CSV file: 1,000 gebieden × 20 onderdelen × a margin
MAX_KOLOMMEN = 40
MB = 1024 * 1024
MAX_XLSX_BYTES = 100 * MB  # size on disk of an .xlsx or of one CSV file
# An .xlsx data file passes the same checks as any untrusted workbook (zip bombs, .xls, encrypted,
# not a workbook), with limits for a data file: large sheets (250.000 rows), read as a stream.
GRENZEN_XLSX = Grenzen(max_bestand=MAX_XLSX_BYTES, max_onderdeel=400 * MB, max_totaal=800 * MB,
                       max_xml=400 * MB, seconden=300.0)
MAX_PROBLEMEN_IN_TEKST = 50
MAX_GATEN_IN_TOTAAL = 300  # gaps named in totaal.xlsx's own In_Ontbrekend cell (about 100 characters each)
MAX_VELD = 131_072  # characters in one CSV field (Python's csv limit)

BEDRAGKOLOMMEN = frozenset({"opgave_mln", "laag_mln", "hoog_mln", "cofinanciering_mln", "rijksfinanciering_mln"})
OPGAVE_BEDRAGEN = frozenset({"opgave_mln", "laag_mln", "hoog_mln"})
SYNONIEMEN = {"doelstelling": "pijler", "deelopgave": "onderdeel"}  # NPVR words for the dekking columns
ONTBREKEND_NUL = "nul"  # `fill --ontbrekend nul`: gaps are taken as zero (and said so everywhere)

# Scenario changes that carry national amounts make no sense for one gebied (see gebiedsdefinitie).
_GENERIEKE_WIJZIGINGEN = frozenset({"bandbreedte_kiezen", "variant_kiezen", "verdeelsleutel_zetten"})
# C1 control characters: in a text they mean a file decoded in the wrong encoding.
_C1 = re.compile("[\x80-\x9f]")


@dataclass(frozen=True)
class Probleem:
    """One thing wrong in a data file, with where it is."""

    bestand: str
    blad: str  # sheet name; '' for a CSV file
    rij: int  # 0 = the file or sheet as a whole
    kolom: str  # column name, with its letter for a sheet ("E (opgave_mln)"); '' = the whole row
    melding: str

    def tekst(self) -> str:
        delen = [self.bestand]
        if self.blad:
            delen.append(f"blad {self.blad}")
        if self.rij:
            delen.append(f"rij {self.rij}")
        if self.kolom:
            delen.append(f"kolom {self.kolom}")
        return f"{', '.join(delen)}: {self.melding}"


class DatabestandFout(InvoerFout):
    """All problems of a data file at once, in the order of cause (structure, rows, across rows)."""

    def __init__(self, problemen: Iterable[Probleem], bron: str = "", *, alle: bool = False) -> None:
        self.problemen = tuple(dict.fromkeys(problemen))  # order of cause kept, duplicates dropped
        aantal = len(self.problemen)
        self.kop = f"{aantal} {'probleem' if aantal == 1 else 'problemen'} in het databestand; er is niets geschreven"
        super().__init__(self._tekst(None if alle else MAX_PROBLEMEN_IN_TEKST), bron=bron)

    def _tekst(self, hoogstens: int | None) -> str:
        regels = [p.tekst() for p in self.problemen[:hoogstens]]
        if hoogstens is not None and len(self.problemen) > hoogstens:
            regels.append(f"… en {len(self.problemen) - hoogstens} meer (alle problemen: voeg --alle-fouten toe)")
        return self.kop + ":\n  " + "\n  ".join(regels)

    def volledig(self) -> str:
        """The text with every problem (`--alle-fouten`)."""
        waar = ", ".join(deel for deel in (self.bron, self.plaats) if deel)
        tekst = self._tekst(None)
        return f"{waar}: {tekst}" if waar else tekst


@dataclass
class Tabel:
    """One sheet or CSV file as rows of raw values; `_rij` holds the row number as text."""

    bestand: str
    blad: str
    kop: list[str]
    rijen: list[dict[str, object]]
    letters: dict[str, str] = field(default_factory=dict)  # column name → sheet column letter

    def kolom(self, naam: str) -> str:
        letter = self.letters.get(naam)
        return f"{letter} ({naam})" if letter else naam

    def probleem(self, rij: int, kolom: str, melding: str) -> Probleem:
        return Probleem(self.bestand, self.blad, rij, self.kolom(kolom) if kolom else "", melding)


@dataclass(frozen=True)
class Gegevens:
    """A validated data file: one complete `Programma` per gebied and their sum."""

    programma: str  # 'nplv' | 'npvr'
    bron: str
    lijst: Gebiedenlijst
    gebieden: dict[str, Programma]  # in the order of the list of gebieden
    totaal: Programma
    nul_ingevuld: dict[str, tuple[str, ...]] = field(default_factory=dict)  # gebied → gaps taken as zero

    @property
    def ontbrekend(self) -> tuple[str, ...]:
        """Gebieden on the list without a single row in the data file."""
        return tuple(n for n in self.lijst.namen if n not in self.gebieden)


# -- reading --------------------------------------------------------------------------------------


def _kolomletter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _kopnaam(waarde: object) -> str:
    return "" if waarde is None else " ".join(unicodedata.normalize("NFC", str(waarde)).split()).lower()


def _zoek_blad(structuur, naam: str, bestand: str) -> tuple[object | None, list[Probleem]]:
    """The sheet `naam` (exact; else the one equal up to case and spaces); never a hidden sheet."""
    exact = [b for b in structuur.bladen if b.naam == naam]
    los = [b for b in structuur.bladen if " ".join(b.naam.split()).lower() == naam.lower()]
    kandidaten = exact or los
    zichtbaar = [b for b in kandidaten if b.zichtbaar]
    if len(zichtbaar) > 1 or (not exact and len(los) > 1):
        namen = ", ".join(f"'{b.naam}'" for b in kandidaten)
        return None, [Probleem(bestand, "", 0, "", f"meer dan één blad heet {naam} ({namen}); geef er één die naam")]
    if zichtbaar:
        blad = zichtbaar[0]
        verborgen = [b for b in los if not b.zichtbaar and b is not blad]
        if verborgen:
            return None, [Probleem(bestand, "", 0, "", f"naast blad '{blad.naam}' is er een verborgen blad "
                                                       f"'{verborgen[0].naam}' met bijna dezelfde naam; verwijder of "
                                                       "hernoem het verborgen blad")]
        return blad, []
    if kandidaten:
        return None, [Probleem(bestand, "", 0, "", f"blad '{kandidaten[0].naam}' is verborgen; maak het zichtbaar "
                                                   "(Blad zichtbaar maken) als het de gegevens bevat")]
    return None, []


def lees_xlsx(pad: Path, bladen: Iterable[str]) -> tuple[dict[str, Tabel | None], list[Probleem]]:
    """The named sheets of an .xlsx (values only, formulas refused), read streaming through the safe reader."""
    from xl_opgave.werkboek.pakketlezer import GedeeldeTeksten, lees_structuur

    bestand = str(pad)
    problemen: list[Probleem] = []
    tabellen: dict[str, Tabel | None] = {}
    try:
        with open_pakket(pad, GRENZEN_XLSX) as pakket:
            structuur = lees_structuur(pakket)
            gedeeld = GedeeldeTeksten(pakket, structuur.gedeeld)
            for naam in bladen:
                blad, gevonden = _zoek_blad(structuur, naam, bestand)
                problemen += gevonden
                if blad is None:
                    tabellen[naam] = None if not gevonden else Tabel(bestand, naam, [], [])
                    continue
                if not blad.deel:  # type: ignore[attr-defined]
                    problemen.append(Probleem(bestand, "", 0, "", f"blad {naam} is geen werkblad (een grafiekblad?)"))
                    tabellen[naam] = Tabel(bestand, naam, [], [])
                    continue
                tabellen[naam] = _lees_blad(pakket, blad, gedeeld, bestand, problemen)
    except OnleesbaarBestand as fout:
        raise InvoerFout(fout.melding, bron=bestand) from None
    return tabellen, problemen


_P = TypeVar("_P", OpgavePost, DekkingsPost)


def _met_herkomst(post: _P, herkomst: str) -> _P:
    """The post with its data file named: `dataclasses.replace` without its generic machinery, which cost a
    second per 100.000 rows. The post was made and checked by its constructor; only `herkomst` differs
    (a plain text field that nothing validates), so the copy is a valid post."""
    nieuw = object.__new__(type(post))
    nieuw.__dict__.update(post.__dict__)
    nieuw.__dict__["herkomst"] = herkomst
    return nieuw


def _celwaarde(waarde: object) -> object:
    if type(waarde) is str:
        waarde = waarde.strip()
        return waarde if waarde.isascii() else unicodedata.normalize("NFC", waarde)
    return waarde


def _lees_blad(pakket, blad, gedeeld, bestand: str, problemen: list[Probleem]) -> Tabel:
    from xl_opgave.werkboek.pakketlezer import rijen

    naam = blad.naam
    stroom = rijen(pakket, blad.deel, gedeeld, MAX_KOLOMMEN)
    kop: list[str] = []
    tabel = Tabel(bestand, naam, kop, [])
    kolommen: list[tuple[int, str]] = []
    eerste = True
    try:
        for rij in stroom:
            if eerste:
                eerste = False
                if rij.nummer == 1:
                    breedte = max(rij.waarden, default=0)
                    kop.extend(_kopnaam(rij.waarden.get(k)) for k in range(1, breedte + 1))
                    while kop and not kop[-1]:
                        kop.pop()
                    tabel.letters = {k: _kolomletter(i) for i, k in enumerate(kop) if k}
                    kolommen = [(i, k) for i, k in enumerate(kop, start=1) if k]
                    continue
            cellen = rij.waarden
            fout = False
            if rij.formules or rij.fouten:
                waarden: dict[str, object] = {}
                for index, kolom in kolommen:
                    if index in rij.formules:
                        problemen.append(tabel.probleem(
                            rij.nummer, kolom,
                            f"de cel bevat een formule ({rij.formules[index][:60]}); formules worden niet "
                            "uitgerekend, vul de waarde zelf in (Plakken speciaal → Waarden)"))
                        fout = True
                    elif index in rij.fouten:
                        problemen.append(tabel.probleem(rij.nummer, kolom, f"foutwaarde {rij.fouten[index]!r} in "
                                                                           "de cel"))
                        fout = True
                    else:
                        waarden[kolom] = _celwaarde(cellen.get(index))
            else:
                waarden = {}
                for index, kolom in kolommen:  # _celwaarde, inlined: this runs once per cell
                    w = cellen.get(index)
                    if type(w) is str:
                        w = w.strip()
                        if not w.isascii():
                            w = unicodedata.normalize("NFC", w)
                    waarden[kolom] = w
            if not fout and not any(v is not None and v != "" for v in waarden.values()):
                continue
            if len(tabel.rijen) >= MAX_RIJEN:
                problemen.append(tabel.probleem(rij.nummer, "", f"meer dan {MAX_RIJEN} rijen; de rest is niet gelezen"))
                break
            if fout:
                waarden["_fout"] = True  # reported; the other cells still tell which combination it was
            waarden["_rij"] = str(rij.nummer)
            tabel.rijen.append(waarden)
    finally:
        stroom.close()
    return tabel


def lees_csv_tabel(pad: Path, bestand: str | None = None) -> tuple[Tabel, list[Probleem]]:
    """A CSV file as a Tabel; rows with more fields than the header are problems, not exceptions."""
    bestand = bestand or str(pad)
    try:
        grootte = pad.stat().st_size
        if grootte > MAX_XLSX_BYTES:
            raise InvoerFout(
                f"bestand te groot ({grootte / MB:.0f} MB; hooguit {MAX_XLSX_BYTES / MB:.0f} MB)", bron=bestand
            )
        with open(pad, "rb") as f:
            data = f.read(MAX_XLSX_BYTES + 1)  # the file may grow after stat(): read no more than the limit
    except OSError as fout:
        from xl_opgave.uitvoer import systeemtekst

        raise InvoerFout(f"kan niet lezen: {systeemtekst(fout)}", bron=bestand) from None
    if len(data) > MAX_XLSX_BYTES:
        raise InvoerFout(f"bestand te groot (meer dan {MAX_XLSX_BYTES / MB:.0f} MB)", bron=bestand)
    tekst = decodeer(data, bestand)
    eerste = tekst.split("\n", 1)[0]
    scheiding = ";" if eerste.count(";") >= eerste.count(",") else ","
    lezer = csv.reader(io.StringIO(tekst, newline=""), delimiter=scheiding, strict=True)
    problemen: list[Probleem] = []
    try:
        kop = [_kopnaam(k) for k in next(lezer, [])]
    except csv.Error:
        kop = []
    tabel = Tabel(bestand, "", kop, [])
    if not kop or not any(kop):
        problemen.append(Probleem(bestand, "", 0, "", "het bestand is leeg of heeft geen kopregel"))
        return tabel, problemen
    nummer = 1
    while True:
        try:
            veld = next(lezer)
        except StopIteration:
            break
        except csv.Error as fout:
            # A record that cannot be read is reported on its own row; the rest of the file is read on.
            nummer += 1
            problemen.append(tabel.probleem(nummer, "", _csv_melding(str(fout))))
            continue
        nummer += 1
        if not any(v.strip() for v in veld):
            continue
        if len(tabel.rijen) >= MAX_RIJEN:
            problemen.append(tabel.probleem(nummer, "", f"meer dan {MAX_RIJEN} rijen; de rest is niet gelezen"))
            break
        if len(veld) > len(kop) and any(v.strip() for v in veld[len(kop) :]):
            problemen.append(tabel.probleem(nummer, "", f"{len(veld)} velden, de kop heeft er {len(kop)}"))
            continue
        waarden: dict[str, object] = {
            k: unicodedata.normalize("NFC", veld[i].strip()) if i < len(veld) else ""
            for i, k in enumerate(kop) if k
        }
        waarden["_rij"] = str(nummer)
        tabel.rijen.append(waarden)
    return tabel, problemen


def _csv_melding(melding: str) -> str:
    if "field larger than field limit" in melding:
        return f"een veld is langer dan {MAX_VELD:,} tekens (een aanhalingsteken dat niet gesloten wordt?)".replace(",", ".")
    if "unexpected end of data" in melding or "EOF" in melding:
        return "een aanhalingsteken wordt niet gesloten tot het einde van het bestand"
    if "expected after" in melding:
        return "een aanhalingsteken midden in een veld; zet het hele veld tussen aanhalingstekens en verdubbel de " \
               "aanhalingstekens erin"
    if "NUL" in melding or "null byte" in melding:
        return "het bestand bevat een NUL-teken (is het wel een CSV-bestand?)"
    return "onleesbare CSV-regel"


def lees_tabellen(pad: str | Path) -> tuple[dict[str, Tabel | None], list[Probleem]]:
    """`opgave` and `dekking` from an .xlsx/.xlsm or a folder with opgave.csv and dekking.csv."""
    pad = Path(pad)
    if not pad.exists():
        raise InvoerFout("het databestand (of de map met opgave.csv en dekking.csv) bestaat niet", bron=str(pad))
    if pad.is_dir():
        tabellen: dict[str, Tabel | None] = {}
        problemen: list[Probleem] = []
        bestanden = {p.name.lower(): p for p in pad.iterdir() if p.is_file()}
        if "opgave.csv" not in bestanden and "dekking.csv" not in bestanden:
            raise InvoerFout(
                "de map bevat geen opgave.csv en geen dekking.csv; een databestand is een .xlsx-bestand of een map "
                "met opgave.csv en dekking.csv",
                bron=str(pad),
            )
        for soort in ("opgave", "dekking"):
            bestand = bestanden.get(f"{soort}.csv")
            if bestand is None:
                tabellen[soort] = None
                continue
            tabel, gevonden = lees_csv_tabel(bestand)
            tabellen[soort] = tabel
            problemen += gevonden
        return tabellen, problemen
    if pad.suffix.lower() not in (".xlsx", ".xlsm"):
        raise InvoerFout("een databestand is een .xlsx-bestand of een map met opgave.csv en dekking.csv", bron=str(pad))
    bladen, problemen = lees_xlsx(pad, ("Opgave", "Dekking"))
    return {"opgave": bladen["Opgave"], "dekking": bladen["Dekking"]}, problemen


# -- validating -----------------------------------------------------------------------------------

_PLAATS = re.compile(r"^rij (\d+)(?:, kolom (.+))?$")


def _als_tekst(waarde: object) -> str:
    """A key cell (gebied, periode, …) as text; whole numbers without '.0'; runs of white space as one."""
    if type(waarde) is str:
        return " ".join(waarde.split()) if ("  " in waarde or "\t" in waarde or "\n" in waarde) else waarde
    if waarde is None:
        return ""
    if isinstance(waarde, bool):
        return str(waarde)
    if isinstance(waarde, float) and waarde.is_integer():
        return str(int(waarde))
    if isinstance(waarde, datetime | date | time):
        return waarde.isoformat()
    return " ".join(str(waarde).split())


def _voor_kern(rij: Mapping[str, object]) -> dict[str, str]:
    """A row as the core's row parsers expect it: amounts as they are, everything else as text."""
    uit: dict[str, str] = {}
    synoniemen = "pijler" not in rij
    for kolom, waarde in rij.items():
        naam = SYNONIEMEN.get(kolom, kolom) if synoniemen else kolom
        if type(waarde) is str:
            uit[naam] = _als_tekst(waarde)
        elif kolom in BEDRAGKOLOMMEN:
            uit[naam] = waarde  # type: ignore[assignment]
        else:
            uit[naam] = _als_tekst(waarde)
    return uit


def _kernprobleem(tabel: Tabel, rij: int, fout: InvoerFout) -> Probleem:
    treffer = _PLAATS.match(fout.plaats or "")
    kolom = treffer.group(2) if treffer and treffer.group(2) else ""
    if kolom in SYNONIEMEN.values() and kolom not in tabel.kop:
        kolom = next((k for k, v in SYNONIEMEN.items() if v == kolom and k in tabel.kop), kolom)
    return tabel.probleem(rij, kolom, fout.melding)


def gebiedsdefinitie(programma: Programma) -> Programma:
    """The programme's structure for one gebied: no amounts, no national-only parts.

    Components (NPLV Tabel 2 add-on), kerncijfers, aanvullende posten and scenarios that add national
    amounts belong to the national report, not to a gebied; scenarios that only choose (low/high end,
    variant, verdeelsleutel) are kept.
    """
    scenarios = tuple(
        s for s in programma.scenarios if all(w.soort in _GENERIEKE_WIJZIGINGEN for w in s.wijzigingen)
    )
    return programma.met(
        opgaven=(), dekkingen=(), componenten=(), kerncijfers=(), aanvullend=(), scenarios=scenarios, gebied=""
    )


def verplichte_opgaven(code: str) -> list[tuple[str, str, str, str, str]]:
    """What the template has: (periode, pijler, onderdeel, categorie, variant) of every opgave of the
    reference programme, in its order. A gebied's data must give each of them (or --ontbrekend nul)."""
    gezien: dict[tuple[str, str, str, str, str], None] = {}
    for post in laad(code).programma.opgaven:
        gezien.setdefault((post.periode, post.pijler, post.onderdeel, post.categorie, post.variant))
    return list(gezien)


def omschrijf_opgave(definitie: Programma, sleutel: tuple[str, str, str, str, str]) -> str:
    """'tot 2030: Nieuwbouw (fysiek)' — one combination as the adviser reads it (no ';': a list separator)."""
    periode, pijler, onderdeel, categorie, variant = sleutel
    tekst = f"{definitie.periode(periode).naam}: {definitie.onderdeel(onderdeel).naam} ({pijler}"
    if categorie != "opgave":
        tekst += f", {categorie}"
    if variant:
        tekst += f", variant {variant}"
    return (tekst + ")").replace(";", ",")


def _eis(tabel: Tabel, verplicht: Iterable[str | tuple[str, ...]], problemen: list[Probleem]) -> bool:
    goed = True
    for kolom in verplicht:
        opties = kolom if isinstance(kolom, tuple) else (kolom,)
        if not any(k in tabel.kop for k in opties):
            goed = False
            problemen.append(
                Probleem(tabel.bestand, tabel.blad, 1, " of ".join(opties), "verplichte kolom ontbreekt")
            )
    return goed


class _Codes(Codeboek):
    """The core's code book with its answers remembered: a data file repeats its labels."""

    def __init__(self, programma: Programma) -> None:
        super().__init__(programma)
        self._gezien: dict[tuple[str, str], str] = {}

    def code(self, soort: str, label: str, *, bron: str = "", plaats: str = "", noem: str = "") -> str:
        sleutel = (soort, label)
        gevonden = self._gezien.get(sleutel)
        if gevonden is None:
            gevonden = super().code(soort, label, bron=bron, plaats=plaats, noem=noem)
            self._gezien[sleutel] = gevonden
        return gevonden


class _Gebieden:
    """Gebied look-up with the answer (or the error, with its suggestion) remembered per text. Only the
    first MAX_SUGGESTIES unknown names get a suggestion: the list shows 50 lines, and a file of 100.000
    rows with unknown names must not cost a search for each."""

    MAX_SUGGESTIES = 200

    def __init__(self, lijst: Gebiedenlijst) -> None:
        self.lijst = lijst
        self._gezien: dict[str, tuple[str | None, str]] = {}  # text → (name, '') or (None, message)
        self._suggesties = 0

    def probeer(self, tekst: str) -> tuple[str | None, str]:
        """(the gebied's name, '') or (None, why not). No exception is kept and raised again: a re-raised
        exception object grows its traceback each time, which made 100.000 unknown names quadratic."""
        uitkomst = self._gezien.get(tekst)
        if uitkomst is None:
            try:
                uitkomst = (self.lijst.zoek(tekst, suggestie=self._suggesties < self.MAX_SUGGESTIES).naam, "")
            except InvoerFout as fout:
                uitkomst = (None, fout.melding)
                self._suggesties += 1
            self._gezien[tekst] = uitkomst
        return uitkomst


def _tekstproblemen(tabel: Tabel, rij: Mapping[str, object], nummer: int) -> list[Probleem]:
    """Text a workbook cannot hold (U+FFFE, control characters) or that betrays a wrong decoding (C1)."""
    alles = "".join(w for w in rij.values() if type(w) is str)
    if alles.isprintable() and (alles.isascii() or not _C1.search(alles)):
        return []  # the common case, one check for the whole row
    uit = []
    for kolom, waarde in rij.items():
        if not isinstance(waarde, str) or kolom.startswith("_") or (waarde.isascii() and waarde.isprintable()):
            continue
        slecht = [f"U+{ord(t):04X}" for t in waarde if not xml_toegestaan(t) or t in "\t\n\r" and kolom == "gebied"]
        slecht += [f"U+{ord(t):04X}" for t in _C1.findall(waarde)]
        if slecht:
            uit.append(tabel.probleem(nummer, kolom, f"de tekst bevat een teken dat in een werkmap niet kan "
                                                     f"({', '.join(dict.fromkeys(slecht))}); verwijder het"))
    return uit


def lees_databestand(
    pad: str | Path, programma: str, *, gebieden: Gebiedenlijst | None = None, totaal_naam: str = "Totaal",
    ontbrekend: str | None = None, alle_fouten: bool = False,
) -> Gegevens:
    """Read and validate the whole data file; raise `DatabestandFout` with every problem found, in the
    order of cause. `ontbrekend="nul"`: take every missing opgave as zero, and record it."""
    if ontbrekend not in (None, ONTBREKEND_NUL):
        raise InvoerFout(f"--ontbrekend kent alleen '{ONTBREKEND_NUL}' (gaten als 0 invullen en melden)")
    code = programma_code(programma)
    lijst = gebieden or laad_gebieden(code)
    definitie = gebiedsdefinitie(laad(code).programma)
    categorie_verplicht = len(definitie.categorieen) > 1
    bron = str(pad)

    def weiger(problemen: Iterable[Probleem]) -> DatabestandFout:
        return DatabestandFout(problemen, bron=bron, alle=alle_fouten)

    # 1. Structure: files, sheets, columns. Rows of a table whose header is wrong are not interpreted.
    tabellen, leesproblemen = lees_tabellen(pad)
    opgave_tabel, dekking_tabel = tabellen["opgave"], tabellen["dekking"]
    structuur = [p for p in leesproblemen if p.rij == 0]
    if opgave_tabel is not None and opgave_tabel.kop:
        _controleer_programma(opgave_tabel, code)
    if opgave_tabel is None:
        naam = "opgave.csv" if Path(pad).is_dir() else "blad Opgave"
        structuur.append(Probleem(bron, "", 0, "", f"{naam} ontbreekt"))
    if dekking_tabel is None and code == "nplv" and not any("Dekking" in p.melding for p in structuur):
        naam = "dekking.csv" if Path(pad).is_dir() else "blad Dekking"
        structuur.append(Probleem(bron, "", 0, "", f"{naam} ontbreekt (zonder dekking: alleen de kop, zonder rijen)"))
    opgave_verplicht: list[str | tuple[str, ...]] = []
    if opgave_tabel is not None and opgave_tabel.kop:
        bedragen: list[str | tuple[str, ...]] = ["opgave_mln"]
        if code == "npvr" or "laag_mln" in opgave_tabel.kop:
            bedragen = ["laag_mln", "hoog_mln"]
        opgave_verplicht = ["gebied", "periode", ("pijler", "doelstelling"), ("onderdeel", "deelopgave"), *bedragen]
        if categorie_verplicht:
            opgave_verplicht.append("categorie")
        _eis(opgave_tabel, opgave_verplicht, structuur)
    dekking_verplicht: list[str | tuple[str, ...]] = [
        "gebied", "periode", ("pijler", "doelstelling"), ("onderdeel", "deelopgave"),
        "bron", "cofinanciering_mln", "rijksfinanciering_mln",
    ]
    if dekking_tabel is not None and dekking_tabel.kop:
        _eis(dekking_tabel, dekking_verplicht, structuur)
    if structuur:
        raise weiger(structuur)

    # 2. Rows, each on its own. Every post says which file it came from (`herkomst`): a gebied's workbook
    # names the data file as the source of its figures, with the row's own toelichting.
    opgave_herkomst = herkomst_van(pad, opgave_tabel)
    dekking_herkomst = herkomst_van(pad, dekking_tabel)
    rijproblemen: list[Probleem] = [p for p in leesproblemen if p.rij != 0]
    codes = _Codes(definitie)
    zoeker = _Gebieden(lijst)
    opgaven: dict[str, list[OpgavePost]] = {}
    dekkingen: dict[str, list[DekkingsPost]] = {}
    met_opgave: set[tuple[str, str, str]] = set()
    # (gebied, periode, onderdeel) of rows that failed: what follows from them is not reported again.
    verdacht: set[tuple[str, str, str]] = set()
    met_rijen: set[str] = set()  # gebieden with at least one row, readable or not
    dubbel: list[Probleem] = []
    dekking_plaatsen: list[tuple[str, DekkingsPost, Tabel, int]] = []

    if opgave_tabel is not None:
        gezien: dict[tuple[str, ...], int] = {}
        opgave_posten = _per_rij(opgaven_uit_rijen, definitie, opgave_tabel, codes)
        for index, rij in enumerate(opgave_tabel.rijen):
            nummer = int(str(rij["_rij"]))
            if rij.get("_fout"):
                verdacht |= _sleutel_van(rij, zoeker, codes)
                met_rijen.update(g for g, _, _ in _sleutel_van(rij, zoeker, codes))
                continue
            eigen = _tekstproblemen(opgave_tabel, rij, nummer)
            gebied = _gebied(rij, zoeker, opgave_tabel, nummer, eigen)
            if gebied is not None:
                met_rijen.add(gebied)
            if categorie_verplicht and not _als_tekst(rij.get("categorie")):
                eigen.append(opgave_tabel.probleem(nummer, "categorie", "categorie ontbreekt"))
            eigen += [opgave_tabel.probleem(nummer, k, "bedrag ontbreekt (een lege cel telt niet als 0; typ 0 of '-' "
                                                      "voor nul, PM of n.b.)")
                      for k in opgave_tabel.kop if k in OPGAVE_BEDRAGEN and rij.get(k) in (None, "")]
            post = opgave_posten[index]
            if isinstance(post, InvoerFout):
                eigen.append(_kernprobleem(opgave_tabel, nummer, post))
            elif not eigen:
                eigen += _bereikproblemen(opgave_tabel, nummer, post.bedrag, _bedragkolom(opgave_tabel))
            if eigen:
                rijproblemen += eigen
                verdacht |= _sleutel_van(rij, zoeker, codes)
                continue
            if gebied is None:
                continue
            sleutel = (gebied, post.periode, post.onderdeel, post.categorie, post.variant)
            if sleutel in gezien:
                dubbel.append(opgave_tabel.probleem(nummer, "", f"dubbele rij (ook rij {gezien[sleutel]})"))
                continue
            gezien[sleutel] = nummer
            opgaven.setdefault(gebied, []).append(_met_herkomst(post, opgave_herkomst))
            met_opgave.add((gebied, post.periode, post.onderdeel))

    if dekking_tabel is not None:
        gezien = {}
        dekking_posten = _per_rij(dekkingen_uit_rijen, definitie, dekking_tabel, codes)
        for index, rij in enumerate(dekking_tabel.rijen):
            nummer = int(str(rij["_rij"]))
            if rij.get("_fout"):
                continue
            eigen = _tekstproblemen(dekking_tabel, rij, nummer)
            gebied = _gebied(rij, zoeker, dekking_tabel, nummer, eigen)
            if gebied is not None:
                met_rijen.add(gebied)
            dekking = dekking_posten[index]
            if isinstance(dekking, InvoerFout):
                eigen.append(_kernprobleem(dekking_tabel, nummer, dekking))
            elif not eigen:
                eigen += _bereikproblemen(dekking_tabel, nummer, dekking.cofinanciering, "cofinanciering_mln")
                eigen += _bereikproblemen(dekking_tabel, nummer, dekking.rijksfinanciering, "rijksfinanciering_mln")
            if eigen:
                rijproblemen += eigen
                continue
            if gebied is None:
                continue
            sleutel = (gebied, dekking.periode, dekking.pijler, dekking.onderdeel, bron_sleutel(dekking.bron))
            if sleutel in gezien:
                dubbel.append(dekking_tabel.probleem(nummer, "", f"dubbele rij (ook rij {gezien[sleutel]})"))
                continue
            gezien[sleutel] = nummer
            dekkingen.setdefault(gebied, []).append(_met_herkomst(dekking, dekking_herkomst))
            dekking_plaatsen.append((gebied, dekking, dekking_tabel, nummer))

    # 3. Across rows and files: duplicates, dekking without opgave, completeness.
    verband: list[Probleem] = list(dubbel)
    verplicht = verplichte_opgaven(code)
    nul_ingevuld: dict[str, tuple[str, ...]] = {}
    gaten: list[Probleem] = []
    gat_sleutels: set[tuple[str, str, str]] = set()
    opgave_bron = opgave_tabel.bestand if opgave_tabel is not None else bron
    opgave_blad = opgave_tabel.blad if opgave_tabel is not None else ""
    for gebied in lijst.namen:
        if gebied not in met_rijen:
            continue  # no row at all: named in the summary as information, no workbook
        aanwezig = {(p.periode, p.pijler, p.onderdeel, p.categorie, p.variant) for p in opgaven.get(gebied, ())}
        ontbrekend_hier = [s for s in verplicht if s not in aanwezig and (gebied, s[0], s[2]) not in verdacht]
        for sleutel in ontbrekend_hier:
            gat_sleutels.add((gebied, sleutel[0], sleutel[2]))
        if not ontbrekend_hier:
            continue
        if ontbrekend == ONTBREKEND_NUL:
            nul_ingevuld[gebied] = tuple(omschrijf_opgave(definitie, s) for s in ontbrekend_hier)
            opgaven.setdefault(gebied, []).extend(
                OpgavePost(s[0], s[1], s[2], Bedrag.exact(0.0), s[3], s[4],
                           toelichting="ontbrak in het databestand; als 0 ingevuld (--ontbrekend nul)",
                           herkomst=opgave_herkomst)
                for s in ontbrekend_hier)
        else:
            gaten += [Probleem(opgave_bron, opgave_blad, 0, "",
                               f"gebied {gebied!r} heeft geen opgave-rij voor {omschrijf_opgave(definitie, s)}")
                      for s in ontbrekend_hier]
    for gebied, post, tabel, nummer in dekking_plaatsen:
        sleutel = (gebied, post.periode, post.onderdeel)
        if post.onderdeel and sleutel not in met_opgave and sleutel not in verdacht and sleutel not in gat_sleutels:
            verband.append(
                tabel.probleem(
                    nummer,
                    _kolomnaam(tabel, "onderdeel"),
                    f"dekking {post.bron!r} voor onderdeel {post.onderdeel!r} in {post.periode}, maar {gebied!r} "
                    "heeft voor dat onderdeel en die periode geen opgave-rij",
                )
            )
    verband += gaten

    if not rijproblemen and not verband and not opgaven:
        verband.append(Probleem(bron, "", 0, "", "het databestand bevat geen opgave-rijen"))
    if rijproblemen or verband:
        # Row problems in file order (opgave before dekking: dekking rows refer to opgave rows), then by row.
        volgorde = {(t.bestand, t.blad): i for i, t in enumerate(t for t in (opgave_tabel, dekking_tabel) if t)}
        rijproblemen.sort(key=lambda p: (volgorde.get((p.bestand, p.blad), 9), p.rij))
        raise weiger([*rijproblemen, *verband])

    per_gebied = {
        naam: definitie.met(
            opgaven=tuple(opgaven.get(naam, ())), dekkingen=tuple(dekkingen.get(naam, ())), gebied=naam,
            ontbrekend=nul_ingevuld.get(naam, ()),
        )
        for naam in lijst.namen
        if naam in opgaven or naam in dekkingen
    }
    totaal = tel_op(definitie, per_gebied.values(), gebied=totaal_naam)
    if nul_ingevuld:
        # The national total includes those zeros: its own check fails too, naming them (an Excel cell
        # holds 32.767 characters: the first MAX_GATEN_IN_TOTAAL, then how many more).
        alle = [f"{g}: {gat}" for g, gaten in nul_ingevuld.items() for gat in gaten]
        if len(alle) > MAX_GATEN_IN_TOTAAL:
            alle = [*alle[:MAX_GATEN_IN_TOTAAL], f"… en {len(alle) - MAX_GATEN_IN_TOTAAL} meer (blad Per gebied)"]
        totaal = totaal.met(ontbrekend=tuple(alle))
    return Gegevens(code, bron, lijst, per_gebied, totaal, nul_ingevuld)


def herkomst_van(pad: str | Path, tabel: Tabel | None) -> str:
    """The data file as a gebied's workbook names it: its file name ('gebieden.xlsx'), or for a folder of CSV
    files the folder and the file ('gebieden/opgave.csv'). No further folders: the same file anywhere gives
    the same workbook."""
    pad = Path(pad)
    if pad.is_dir():
        return f"{pad.name}/{Path(tabel.bestand).name}" if tabel is not None else pad.name
    return pad.name


def _bedragkolom(tabel: Tabel) -> str:
    return "laag_mln" if "laag_mln" in tabel.kop else "opgave_mln"


def _bereikproblemen(tabel: Tabel, nummer: int, bedrag: Bedrag, kolom: str) -> list[Probleem]:
    if bedrag.nb or (bedrag.laag <= MAX_BEDRAG_MLN and bedrag.hoog <= MAX_BEDRAG_MLN):
        return []
    if kolom == "laag_mln" and bedrag.laag <= MAX_BEDRAG_MLN:
        kolom = "hoog_mln"
    getal = f"{max(bedrag.laag, bedrag.hoog):,.0f}".replace(",", ".") if bedrag.hoog < 1e30 else "te groot getal"
    return [tabel.probleem(nummer, kolom, f"bedrag {getal} buiten bereik: meer dan € 1.000.000 mln (bedragen zijn "
                                          "in € mln; staat het bedrag in euro's?)")]


def _sleutel_van(rij: Mapping[str, object], zoeker: _Gebieden, codes: _Codes) -> set[tuple[str, str, str]]:
    """(gebied, periode, onderdeel) of a row that failed, when those three can be read; else nothing."""
    gebied, _ = zoeker.probeer(_als_tekst(rij.get("gebied")))
    if gebied is None:
        return set()
    try:
        periode = codes.code("periode", _als_tekst(rij.get("periode")))
        onderdeel = codes.code("onderdeel", _als_tekst(rij.get("onderdeel", rij.get("deelopgave"))))
    except InvoerFout:
        return set()
    return {(gebied, periode, onderdeel)}


_KENMERKEN: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # Opgave columns only the other programme has, and the columns this programme needs instead.
    "nplv": (("doelstelling", "deelopgave", "categorie"), ("pijler", "onderdeel")),
    "npvr": (("pijler", "onderdeel", "opgave_mln"), ("categorie", "laag_mln", "hoog_mln")),
}
_ANDER = {"nplv": "npvr", "npvr": "nplv"}


def _controleer_programma(tabel: Tabel, code: str) -> None:
    """One clear line instead of a problem per row when the file is the other programme's."""
    if code not in _KENMERKEN:
        return
    ander_kenmerk, eigen = _KENMERKEN[code]
    kop = set(tabel.kop)
    if set(ander_kenmerk) <= kop and not set(eigen) & kop:
        ander = _ANDER[code]
        raise InvoerFout(
            f"dit is een databestand voor {ander.upper()} (kolommen {', '.join(ander_kenmerk)}), maar het "
            f"programma is {code.upper()} (kolommen {', '.join(eigen)}); gebruik het databestand voor "
            f"{code.upper()} of --template {ander}",
            bron=tabel.bestand,
        )


def _per_rij(parser, definitie: Programma, tabel: Tabel, codes: Codeboek) -> list:
    """The core parser's post for each row, or the InvoerFout of that row (None for an unreadable row).

    One call over the whole table when it is clean (fast), else one call per row so that a bad row does
    not hide the next; the code book is shared, so either way the work is linear in the rows."""
    rijen = [_voor_kern(rij) for rij in tabel.rijen if not rij.get("_fout")]
    if not rijen:
        return [None] * len(tabel.rijen)
    uit: list = []
    try:
        posten = list(parser(definitie, rijen, tabel.bestand, codes=codes))
    except InvoerFout:
        posten = []
    if len(posten) == len(rijen):
        uit = posten
    else:
        for rij in rijen:
            try:
                (post,) = parser(definitie, [rij], tabel.bestand, codes=codes)
            except InvoerFout as fout:
                uit.append(fout)
            else:
                uit.append(post)
    volledig: list = []
    stroom = iter(uit)
    for rij in tabel.rijen:
        volledig.append(None if rij.get("_fout") else next(stroom))
    return volledig


def _kolomnaam(tabel: Tabel, naam: str) -> str:
    if naam in tabel.kop:
        return naam
    return next((k for k, v in SYNONIEMEN.items() if v == naam and k in tabel.kop), naam)


def _gebied(
    rij: Mapping[str, object], zoeker: _Gebieden, tabel: Tabel, nummer: int, problemen: list[Probleem]
) -> str | None:
    naam, melding = zoeker.probeer(_als_tekst(rij.get("gebied")))
    if naam is None:
        problemen.append(tabel.probleem(nummer, "gebied", melding))
    return naam


# -- the national sum -----------------------------------------------------------------------------


def _decimaal(getal: float) -> Decimal:
    # repr gives the shortest text that reads back as the same float: the decimal the user typed.
    return Decimal(repr(getal))


def som_exact(bedragen: Iterable[Bedrag]) -> Bedrag:
    """Sum of amounts without float drift: 20 × '22,25' adds up to exactly 445."""
    lijst = list(bedragen)
    if lijst and all(b.nb for b in lijst):
        return Bedrag.niet_bekend()
    laag = sum((_decimaal(b.laag) for b in lijst if not b.nb), Decimal(0))
    hoog = sum((_decimaal(b.hoog) for b in lijst if not b.nb), Decimal(0))
    pm = frozenset().union(*(b.pm for b in lijst))
    return Bedrag(float(laag), float(hoog), pm)


def _herkomst(posten: Iterable[OpgavePost | DekkingsPost]) -> str:
    return "; ".join(sorted({p.herkomst for p in posten} - {""}))


def tel_op(definitie: Programma, gebieden: Iterable[Programma], *, gebied: str = "Totaal") -> Programma:
    """The programme on the summed inputs: opgave per (periode, onderdeel, categorie, variant) and
    dekking per (periode, pijler, onderdeel, bron) summed over all gebieden; each sum comes from the data
    file(s) its parts came from (`herkomst`)."""
    opgaven: dict[tuple[str, ...], list[OpgavePost]] = {}
    dekkingen: dict[tuple[str, ...], list[DekkingsPost]] = {}
    for programma in gebieden:
        for post in programma.opgaven:
            opgaven.setdefault((post.periode, post.pijler, post.onderdeel, post.categorie, post.variant), []).append(post)
        for dekking in programma.dekkingen:
            sleutel = (dekking.periode, dekking.pijler, dekking.onderdeel, bron_sleutel(dekking.bron))
            dekkingen.setdefault(sleutel, []).append(dekking)
    return definitie.met(
        opgaven=tuple(
            OpgavePost(
                periode=p[0].periode,
                pijler=p[0].pijler,
                onderdeel=p[0].onderdeel,
                bedrag=som_exact(x.bedrag for x in p),
                categorie=p[0].categorie,
                variant=p[0].variant,
                herkomst=_herkomst(p),
            )
            for p in opgaven.values()
        ),
        dekkingen=tuple(
            DekkingsPost(
                periode=d[0].periode,
                pijler=d[0].pijler,
                onderdeel=d[0].onderdeel,
                bron=d[0].bron,
                cofinanciering=som_exact(x.cofinanciering for x in d),
                rijksfinanciering=som_exact(x.rijksfinanciering for x in d),
                herkomst=_herkomst(d),
            )
            for d in dekkingen.values()
        ),
        gebied=gebied,
    )

