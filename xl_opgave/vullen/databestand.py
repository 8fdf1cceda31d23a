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
  doelstelling/deelopgave accepted as synonyms.

Every problem in the whole file is collected (file, sheet, row, column) and raised together as one
`DatabestandFout`; nothing is returned unless the file is clean. Rows are parsed by the core's own
row parsers (`opgaven_uit_rijen`, `dekkingen_uit_rijen`): first on the whole table (fast: the core
builds its code book once per call), and only when that raises, once per row, so that a bad row does
not hide the next one. Duplicates and dekking-without-opgave are checked here, per gebied.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from xl_opgave.core.bedrag import Bedrag
from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.laden import dekkingen_uit_rijen, opgaven_uit_rijen
from xl_opgave.core.model import DekkingsPost, OpgavePost, Programma
from xl_opgave.core.rekenen import bron_sleutel
from xl_opgave.referentie import laad, programma_code
from xl_opgave.vullen.gebieden import Gebiedenlijst, laad_gebieden
from xl_opgave.vullen.tekst import decodeer
from xl_opgave.werkboek.veilig import Grenzen, OnleesbaarBestand, open_pakket

MAX_RIJEN = 250_000  # per sheet / CSV file: 1,000 gebieden × 20 onderdelen × a margin
MAX_KOLOMMEN = 40
MB = 1024 * 1024
MAX_XLSX_BYTES = 100 * MB  # size on disk of an .xlsx or of one CSV file
# An .xlsx data file passes the same checks as any untrusted workbook (zip bombs, .xls, encrypted,
# not a workbook), with the data file's own size on disk.
GRENZEN_XLSX = Grenzen(max_bestand=MAX_XLSX_BYTES)
MAX_PROBLEMEN_IN_TEKST = 200

BEDRAGKOLOMMEN = frozenset({"opgave_mln", "laag_mln", "hoog_mln", "cofinanciering_mln", "rijksfinanciering_mln"})
SYNONIEMEN = {"doelstelling": "pijler", "deelopgave": "onderdeel"}  # NPVR words for the dekking columns

# Scenario changes that carry national amounts make no sense for one gebied (see gebiedsdefinitie).
_GENERIEKE_WIJZIGINGEN = frozenset({"bandbreedte_kiezen", "variant_kiezen", "verdeelsleutel_zetten"})


@dataclass(frozen=True, order=True)
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
    """All problems of a data file at once."""

    def __init__(self, problemen: Iterable[Probleem], bron: str = "") -> None:
        self.problemen = tuple(sorted(set(problemen)))
        regels = [p.tekst() for p in self.problemen[:MAX_PROBLEMEN_IN_TEKST]]
        if len(self.problemen) > MAX_PROBLEMEN_IN_TEKST:
            regels.append(f"… en nog {len(self.problemen) - MAX_PROBLEMEN_IN_TEKST} problemen")
        aantal = len(self.problemen)
        kop = f"{aantal} {'probleem' if aantal == 1 else 'problemen'} in het databestand; er is niets geschreven"
        super().__init__(kop + ":\n  " + "\n  ".join(regels), bron=bron)


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
    return "" if waarde is None else " ".join(str(waarde).split()).lower()


def lees_xlsx(pad: Path, bladen: Iterable[str]) -> tuple[dict[str, Tabel | None], list[Probleem]]:
    """The named sheets (matched case-insensitively) of an .xlsx, values only, formulas refused."""
    from openpyxl import load_workbook

    bestand = str(pad)
    problemen: list[Probleem] = []
    tabellen: dict[str, Tabel | None] = {}
    _controleer_pakket(pad)
    try:
        werkboek = load_workbook(pad, read_only=True, data_only=False, keep_links=False)
    except Exception as fout:  # openpyxl raises many kinds for a damaged file
        raise _leesfout(fout, bestand) from None
    try:
        namen = {n.strip().lower(): n for n in werkboek.sheetnames}
        for blad in bladen:
            echte_naam = namen.get(blad.lower())
            if echte_naam is None:
                tabellen[blad] = None
                continue
            try:
                tabellen[blad] = _lees_blad(werkboek[echte_naam], bestand, echte_naam, problemen)
            except InvoerFout:
                raise
            except Exception as fout:  # a sheet part is parsed only now (read-only mode)
                raise _leesfout(fout, bestand, echte_naam) from None
    finally:
        werkboek.close()
    return tabellen, problemen


def _controleer_pakket(pad: Path) -> None:
    """Refuse what is no safe workbook before openpyxl opens it (see werkboek/veilig.py)."""
    try:
        with open_pakket(pad, GRENZEN_XLSX):
            pass
    except OnleesbaarBestand as fout:
        raise InvoerFout(fout.melding, bron=str(pad)) from None


def _leesfout(fout: BaseException, bestand: str, blad: str = "") -> InvoerFout:
    """openpyxl's (English, multi-line) error as one Dutch line naming the file (and sheet)."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException

    waar = f"blad {blad}: " if blad else ""
    oorzaken: list[BaseException] = []
    huidig: BaseException | None = fout
    while huidig is not None and huidig not in oorzaken and len(oorzaken) < 10:
        oorzaken.append(huidig)
        huidig = huidig.__cause__ or huidig.__context__
    if any(isinstance(o, DefusedXmlException) for o in oorzaken):
        return InvoerFout(
            f"{waar}het bestand bevat een DTD of XML-entiteiten (mogelijk kwaadaardig); geweigerd", bron=bestand
        )
    if any(isinstance(o, ParseError) or type(o).__name__ == "XMLSyntaxError" for o in oorzaken):
        return InvoerFout(f"{waar}het bestand bevat ongeldige XML; {_ADVIES}", bron=bestand)
    laatste = oorzaken[-1]
    detail = " ".join(str(laatste).split())[:120]
    return InvoerFout(
        f"{waar}geen leesbaar .xlsx-bestand ({type(laatste).__name__}{': ' + detail if detail else ''}); {_ADVIES}",
        bron=bestand,
    )


_ADVIES = "open het in Excel of LibreOffice en sla het opnieuw op als Excel-werkmap (.xlsx)"


def _celwaarde(cel) -> object:
    waarde = cel.value
    if isinstance(waarde, str):
        return waarde.strip()
    return waarde


def _lees_blad(blad, bestand: str, naam: str, problemen: list[Probleem]) -> Tabel:
    rijen_iter = blad.iter_rows(max_col=MAX_KOLOMMEN)
    kop_cellen = next(rijen_iter, ())
    kop = [_kopnaam(c.value) for c in kop_cellen]
    while kop and not kop[-1]:
        kop.pop()
    tabel = Tabel(bestand, naam, kop, [], {k: _kolomletter(i) for i, k in enumerate(kop) if k})
    for nummer, cellen in enumerate(rijen_iter, start=2):
        waarden: dict[str, object] = {}
        fout = False
        for index, cel in enumerate(cellen[: len(kop)]):
            kolom = kop[index]
            if not kolom:
                continue
            if cel.data_type == "f":
                problemen.append(
                    tabel.probleem(
                        nummer,
                        kolom,
                        f"de cel bevat een formule ({str(cel.value)[:60]}); formules worden niet uitgerekend, "
                        "vul de waarde zelf in (Plakken speciaal → Waarden)",
                    )
                )
                fout = True
            elif cel.data_type == "e":
                problemen.append(tabel.probleem(nummer, kolom, f"foutwaarde {cel.value!r} in de cel"))
                fout = True
            else:
                waarden[kolom] = _celwaarde(cel)
        if not fout and not any(v not in (None, "") for v in waarden.values()):
            continue
        if len(tabel.rijen) >= MAX_RIJEN:
            problemen.append(tabel.probleem(nummer, "", f"meer dan {MAX_RIJEN} rijen; de rest is niet gelezen"))
            break
        if fout:
            continue
        waarden["_rij"] = str(nummer)
        tabel.rijen.append(waarden)
    return tabel


def lees_csv_tabel(pad: Path, bestand: str | None = None) -> tuple[Tabel, list[Probleem]]:
    """A CSV file as a Tabel; rows with more fields than the header are problems, not exceptions."""
    bestand = bestand or str(pad)
    grootte = pad.stat().st_size
    if grootte > MAX_XLSX_BYTES:
        raise InvoerFout(
            f"bestand te groot ({grootte / MB:.0f} MB; hooguit {MAX_XLSX_BYTES / MB:.0f} MB)", bron=bestand
        )
    with open(pad, "rb") as f:
        data = f.read(MAX_XLSX_BYTES + 1)  # the file may grow after stat(): read no more than the limit
    if len(data) > MAX_XLSX_BYTES:
        raise InvoerFout(f"bestand te groot (meer dan {MAX_XLSX_BYTES / MB:.0f} MB)", bron=bestand)
    tekst = decodeer(data)
    eerste = tekst.split("\n", 1)[0]
    scheiding = ";" if eerste.count(";") >= eerste.count(",") else ","
    lezer = csv.reader(io.StringIO(tekst, newline=""), delimiter=scheiding)
    problemen: list[Probleem] = []
    kop = [_kopnaam(k) for k in next(lezer, [])]
    tabel = Tabel(bestand, "", kop, [])
    if not kop:
        problemen.append(Probleem(bestand, "", 0, "", "het bestand is leeg"))
        return tabel, problemen
    nummer = 1
    try:
        for veld in lezer:
            nummer += 1
            if not any(v.strip() for v in veld):
                continue
            if len(tabel.rijen) >= MAX_RIJEN:
                problemen.append(tabel.probleem(nummer, "", f"meer dan {MAX_RIJEN} rijen; de rest is niet gelezen"))
                break
            if len(veld) > len(kop) and any(v.strip() for v in veld[len(kop) :]):
                problemen.append(tabel.probleem(nummer, "", f"{len(veld)} velden, de kop heeft er {len(kop)}"))
                continue
            waarden: dict[str, object] = {k: (veld[i].strip() if i < len(veld) else "") for i, k in enumerate(kop) if k}
            waarden["_rij"] = str(nummer)
            tabel.rijen.append(waarden)
    except csv.Error as fout:
        problemen.append(tabel.probleem(nummer, "", f"onleesbare CSV: {fout}"))
    return tabel, problemen


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
    """A key cell (gebied, periode, …) as text; whole numbers without '.0'."""
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
    for kolom, waarde in rij.items():
        naam = SYNONIEMEN.get(kolom, kolom) if kolom in SYNONIEMEN and "pijler" not in rij else kolom
        uit[naam] = waarde if kolom in BEDRAGKOLOMMEN and not isinstance(waarde, str) else _als_tekst(waarde)  # type: ignore[assignment]
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


def lees_databestand(
    pad: str | Path, programma: str, *, gebieden: Gebiedenlijst | None = None, totaal_naam: str = "Totaal"
) -> Gegevens:
    """Read and validate the whole data file; raise `DatabestandFout` with every problem found."""
    code = programma_code(programma)
    lijst = gebieden or laad_gebieden(code)
    definitie = gebiedsdefinitie(laad(code).programma)
    categorie_verplicht = len(definitie.categorieen) > 1
    bron = str(pad)

    tabellen, problemen = lees_tabellen(pad)
    opgave_tabel, dekking_tabel = tabellen["opgave"], tabellen["dekking"]
    if opgave_tabel is not None:
        _controleer_programma(opgave_tabel, code)
    if opgave_tabel is None:
        naam = "opgave.csv" if Path(pad).is_dir() else "blad Opgave"
        problemen.append(Probleem(bron, "", 0, "", f"{naam} ontbreekt"))
    if dekking_tabel is None and code == "nplv":
        naam = "dekking.csv" if Path(pad).is_dir() else "blad Dekking"
        problemen.append(
            Probleem(bron, "", 0, "", f"{naam} ontbreekt (zonder dekking: alleen de kop, zonder rijen)")
        )

    opgaven: dict[str, list[OpgavePost]] = {}
    dekkingen: dict[str, list[DekkingsPost]] = {}
    # (gebied, periode, onderdeel) → where the first opgave row is; for the dekking check
    met_opgave: set[tuple[str, str, str]] = set()
    dekking_plaatsen: list[tuple[str, DekkingsPost, Tabel, int]] = []

    if opgave_tabel is not None:
        bedragen: list[str | tuple[str, ...]] = ["opgave_mln"]
        if code == "npvr" or "laag_mln" in opgave_tabel.kop:
            bedragen = ["laag_mln", "hoog_mln"]
        verplicht: list[str | tuple[str, ...]] = [
            "gebied", "periode", ("pijler", "doelstelling"), ("onderdeel", "deelopgave"), *bedragen
        ]
        if categorie_verplicht:
            verplicht.append("categorie")
        if _eis(opgave_tabel, verplicht, problemen):
            gezien: dict[tuple[str, ...], int] = {}
            opgave_posten = _per_rij(opgaven_uit_rijen, definitie, opgave_tabel)
            for index, rij in enumerate(opgave_tabel.rijen):
                nummer = int(str(rij["_rij"]))
                gebied = _gebied(rij, lijst, opgave_tabel, nummer, problemen)
                if categorie_verplicht and not _als_tekst(rij.get("categorie")):
                    problemen.append(opgave_tabel.probleem(nummer, "categorie", "categorie ontbreekt"))
                    continue
                post = opgave_posten[index]
                if isinstance(post, InvoerFout):
                    problemen.append(_kernprobleem(opgave_tabel, nummer, post))
                    continue
                if gebied is None:
                    continue
                sleutel = (gebied, post.periode, post.onderdeel, post.categorie, post.variant)
                if sleutel in gezien:
                    problemen.append(opgave_tabel.probleem(nummer, "", f"dubbele rij (ook rij {gezien[sleutel]})"))
                    continue
                gezien[sleutel] = nummer
                opgaven.setdefault(gebied, []).append(post)
                met_opgave.add((gebied, post.periode, post.onderdeel))

    if dekking_tabel is not None:
        verplicht = [
            "gebied", "periode", ("pijler", "doelstelling"), ("onderdeel", "deelopgave"),
            "bron", "cofinanciering_mln", "rijksfinanciering_mln",
        ]
        if _eis(dekking_tabel, verplicht, problemen):
            gezien = {}
            dekking_posten = _per_rij(dekkingen_uit_rijen, definitie, dekking_tabel)
            for index, rij in enumerate(dekking_tabel.rijen):
                nummer = int(str(rij["_rij"]))
                gebied = _gebied(rij, lijst, dekking_tabel, nummer, problemen)
                dekking = dekking_posten[index]
                if isinstance(dekking, InvoerFout):
                    problemen.append(_kernprobleem(dekking_tabel, nummer, dekking))
                    continue
                if gebied is None:
                    continue
                sleutel = (gebied, dekking.periode, dekking.pijler, dekking.onderdeel, bron_sleutel(dekking.bron))
                if sleutel in gezien:
                    problemen.append(dekking_tabel.probleem(nummer, "", f"dubbele rij (ook rij {gezien[sleutel]})"))
                    continue
                gezien[sleutel] = nummer
                dekkingen.setdefault(gebied, []).append(dekking)
                dekking_plaatsen.append((gebied, dekking, dekking_tabel, nummer))

    for gebied, post, tabel, nummer in dekking_plaatsen:
        if post.onderdeel and (gebied, post.periode, post.onderdeel) not in met_opgave:
            problemen.append(
                tabel.probleem(
                    nummer,
                    _kolomnaam(tabel, "onderdeel"),
                    f"dekking {post.bron!r} voor onderdeel {post.onderdeel!r} in {post.periode}, maar {gebied!r} "
                    "heeft voor dat onderdeel en die periode geen opgave-rij",
                )
            )

    if not problemen and not opgaven:
        problemen.append(Probleem(bron, "", 0, "", "het databestand bevat geen opgave-rijen"))
    if problemen:
        raise DatabestandFout(problemen, bron=bron)

    per_gebied = {
        naam: definitie.met(
            opgaven=tuple(opgaven.get(naam, ())), dekkingen=tuple(dekkingen.get(naam, ())), gebied=naam
        )
        for naam in lijst.namen
        if naam in opgaven or naam in dekkingen
    }
    return Gegevens(code, bron, lijst, per_gebied, tel_op(definitie, per_gebied.values(), gebied=totaal_naam))


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


def _per_rij(parser, definitie: Programma, tabel: Tabel) -> list:
    """The core parser's post for each row, or the InvoerFout of that row."""
    rijen = [_voor_kern(rij) for rij in tabel.rijen]
    if not rijen:
        return []
    try:
        posten = list(parser(definitie, rijen, tabel.bestand))
    except InvoerFout:
        pass
    else:
        if len(posten) == len(rijen):
            return posten
    uit: list = []
    for rij in rijen:
        try:
            (post,) = parser(definitie, [rij], tabel.bestand)
        except InvoerFout as fout:
            uit.append(fout)
        else:
            uit.append(post)
    return uit


def _kolomnaam(tabel: Tabel, naam: str) -> str:
    if naam in tabel.kop:
        return naam
    return next((k for k, v in SYNONIEMEN.items() if v == naam and k in tabel.kop), naam)


def _gebied(
    rij: Mapping[str, object], lijst: Gebiedenlijst, tabel: Tabel, nummer: int, problemen: list[Probleem]
) -> str | None:
    try:
        return lijst.zoek(_als_tekst(rij.get("gebied"))).naam
    except InvoerFout as fout:
        problemen.append(tabel.probleem(nummer, "gebied", fout.melding))
        return None


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


def tel_op(definitie: Programma, gebieden: Iterable[Programma], *, gebied: str = "Totaal") -> Programma:
    """The programme on the summed inputs: opgave per (periode, onderdeel, categorie, variant) and
    dekking per (periode, pijler, onderdeel, bron) summed over all gebieden."""
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
            )
            for d in dekkingen.values()
        ),
        gebied=gebied,
    )

