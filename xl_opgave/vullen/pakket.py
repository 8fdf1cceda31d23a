"""Write values into an existing .xlsx/.xlsm by editing the package, not by loading a workbook model.

openpyxl's load-and-save drops charts and images and rewrites every part; here only what must change
is touched:

- the `<c>` elements of the cells behind the given defined names (input values) and of the formula
  cells whose cached value the caller supplies, edited as text inside their sheet part, so the rest
  of that part keeps its exact bytes;
- `xl/workbook.xml`: `<calcPr fullCalcOnLoad="1"/>`, so Excel recalculates everything on opening;
- `xl/calcChain.xml` only when a formula cell is overwritten by a value (`formules_overschrijven`):
  the chain lists formula cells, and Excel reports a damaged file when it names a cell that holds no
  formula any more. Filling values into value cells and refreshing cached values never adds or
  removes a formula, so the chain stays valid and is kept as it is.

Every other zip member is copied as raw bytes (local header and compressed data unchanged); the
central directory is rewritten with the new offsets. Text is always written as an inline string
(`t="inlineStr"`), never as a formula, even when it starts with '='.

The count of dependent formulas is an approximation by reference scanning: a formula depends on a
changed cell when its text (string literals removed) names that cell, a range containing it, or a
defined name whose reference does, on its own or another sheet, followed transitively through other
formula cells. Shared formulas are followed with their relative references shifted. Not followed:
INDIRECT/OFFSET with computed addresses, structured table references, external links, and charts
(their cached series are refreshed by Excel when it recalculates).
"""

from __future__ import annotations

import functools
import html
import io
import math
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path, PurePosixPath

from defusedxml import ElementTree as VeiligeXML

from xl_opgave.core.fouten import InvoerFout

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_OFFICE_DOCUMENT = "/officeDocument"
REL_CALC_CHAIN = "/calcChain"
REL_SHARED_STRINGS = "/sharedStrings"

MAX_DEEL = 256 * 1024 * 1024  # uncompressed size of one part we read (zip bomb guard)
MAX_RIJ = 1_048_576
MAX_KOLOM = 16_384
FOUTWAARDEN = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"})

# Elements that follow <calcPr> in CT_Workbook: a new calcPr goes before the first of them.
_NA_CALCPR = (
    "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes",
    "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst",
)


# -- public results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Celwijziging:
    naam: str  # the defined name; '' for a formula's cached value
    blad: str
    cel: str
    oud: object
    nieuw: object

    @property
    def plaats(self) -> str:
        return f"{_blad_in_ref(self.blad)}!{self.cel}"


@dataclass(frozen=True)
class Patchresultaat:
    wijzigingen: tuple[Celwijziging, ...]  # input cells, in the order the names were given
    cache: tuple[Celwijziging, ...]  # formula cells whose cached value was set
    afhankelijk: int  # formula cells depending (transitively, approximately) on the changed inputs
    zonder_nieuwe_waarde: int  # of those, how many got no new cached value: stale until Excel recalculates
    calcchain_verwijderd: bool
    data: bytes | None  # None for a dry run
    gewijzigde_delen: tuple[str, ...] = ()


# -- the zip layer --------------------------------------------------------------------------------


@dataclass
class _Lid:
    naam: str
    cd: bytes  # the original central directory record (with name, extra field and comment)
    begin: int  # offset of the local header
    eind: int  # end of the local entry (start of the next one or of the central directory)


class _Pakket:
    """A zip package read once; members are decompressed only on request."""

    def __init__(self, data: bytes, bron: str) -> None:
        self.data = data
        self.bron = bron
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            raise InvoerFout("geen .xlsx-bestand (geen geldig zip-pakket)", bron=bron) from None
        self.namen = {i.filename for i in self.zip.infolist()}
        self.leden, self.commentaar = self._centrale_map()

    def _centrale_map(self) -> tuple[list[_Lid] | None, bytes]:
        """The raw central directory records, or None when they cannot be copied safely (zip64)."""
        eind = self.data.rfind(b"PK\x05\x06", max(0, len(self.data) - 65_557))
        if eind < 0:
            return None, b""
        _, schijf, cd_schijf, _, aantal, cd_grootte, cd_begin, c_len = struct.unpack_from("<4s4H2LH", self.data, eind)
        commentaar = self.data[eind + 22 : eind + 22 + c_len]
        if aantal == 0xFFFF or cd_begin == 0xFFFFFFFF or schijf or cd_schijf:
            return None, commentaar
        leden: list[_Lid] = []
        pos = cd_begin
        for _ in range(aantal):
            if self.data[pos : pos + 4] != b"PK\x01\x02":
                return None, commentaar
            velden = struct.unpack_from("<4s6H3L5H2L", self.data, pos)
            vlag, csize, usize = velden[3], velden[8], velden[9]
            n_len, e_len, k_len, offset = velden[10], velden[11], velden[12], velden[16]
            if 0xFFFFFFFF in (csize, usize, offset):
                return None, commentaar
            ruwe_naam = self.data[pos + 46 : pos + 46 + n_len]
            naam = ruwe_naam.decode("utf-8" if vlag & 0x800 else "cp437")
            lengte = 46 + n_len + e_len + k_len
            leden.append(_Lid(naam, self.data[pos : pos + lengte], offset, 0))
            pos += lengte
        if pos != cd_begin + cd_grootte:
            return None, commentaar
        grenzen = sorted({lid.begin for lid in leden} | {cd_begin})
        volgende = {b: grenzen[i + 1] for i, b in enumerate(grenzen[:-1])}
        for lid in leden:
            lid.eind = volgende[lid.begin]
        return leden, commentaar

    def lees(self, naam: str) -> bytes:
        info = self.zip.getinfo(naam)
        if info.file_size > MAX_DEEL:
            raise InvoerFout(f"onderdeel {naam} is te groot ({info.file_size} bytes)", bron=self.bron)
        return self.zip.read(naam)

    def tekst(self, naam: str) -> str:
        data = self.lees(naam)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise InvoerFout(f"onderdeel {naam} is geen UTF-8; kan niet veilig bewerkt worden", bron=self.bron) from None

    def schrijf(self, nieuw: Mapping[str, bytes], weg: Iterable[str] = (), niveau: int = 6) -> bytes:
        """The package with `nieuw` members replaced (deflated at `niveau`), `weg` members dropped, the rest copied raw."""
        weg = set(weg)
        if self.leden is None:
            return self._schrijf_opnieuw(nieuw, weg)
        uit = bytearray()
        centraal = bytearray()
        aantal = 0
        for lid in self.leden:
            if lid.naam in weg:
                continue
            aantal += 1
            offset = len(uit)
            if lid.naam in nieuw:
                lokaal, cd = _nieuw_lid(lid, nieuw[lid.naam], offset, niveau)
                uit += lokaal
                centraal += cd
            else:
                uit += self.data[lid.begin : lid.eind]
                cd = bytearray(lid.cd)
                struct.pack_into("<L", cd, 42, offset)
                centraal += cd
        cd_begin = len(uit)
        uit += centraal
        uit += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, aantal, aantal, len(centraal), cd_begin, len(self.commentaar))
        uit += self.commentaar
        return bytes(uit)

    def _schrijf_opnieuw(self, nieuw: Mapping[str, bytes], weg: set[str]) -> bytes:
        # Fallback for packages whose raw entries cannot be copied (zip64): same uncompressed bytes.
        uit = io.BytesIO()
        with zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as doel:
            for info in self.zip.infolist():
                if info.filename in weg:
                    continue
                data = nieuw.get(info.filename)
                if data is None:
                    data = self.zip.read(info.filename)
                kopie = zipfile.ZipInfo(info.filename, info.date_time)
                kopie.compress_type = info.compress_type
                kopie.external_attr = info.external_attr
                doel.writestr(kopie, data)
        return uit.getvalue()


def _nieuw_lid(lid: _Lid, data: bytes, offset: int, niveau: int = 6) -> tuple[bytes, bytes]:
    oud = struct.unpack_from("<4s6H3L5H2L", lid.cd, 0)
    gemaakt, vlag, tijd, datum, intern, extern = oud[1], oud[3] & 0x800, oud[5], oud[6], oud[14], oud[15]
    naam = lid.cd[46 : 46 + oud[10]]
    pakker = zlib.compressobj(niveau, zlib.DEFLATED, -15)
    gepakt = pakker.compress(data) + pakker.flush()
    crc = zlib.crc32(data)
    lokaal = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, vlag, 8, tijd, datum, crc, len(gepakt), len(data), len(naam), 0)
    cd = struct.pack(
        "<4s6H3L5H2L", b"PK\x01\x02", gemaakt, 20, vlag, 8, tijd, datum, crc, len(gepakt), len(data),
        len(naam), 0, 0, 0, intern, extern, offset,
    )
    return lokaal + naam + gepakt, cd + naam


# -- references -----------------------------------------------------------------------------------

_CEL = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
_BEREIK = re.compile(
    r"^(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$"
)


_CEL_REF = re.compile(r'\br="([A-Za-z]+)(\d+)"')


@functools.lru_cache(maxsize=8)
def _cel_patroon(prefix: str) -> re.Pattern[str]:
    """One `<c>` element: group 1 its attributes, group 2 its inner xml (None when self-closing, `<c .../>`)."""
    p = re.escape(prefix)
    return re.compile(rf"<{p}c\b([^>]*?)(?:/>|>(.*?)</{p}c>)", re.S)


def kolomnummer(letters: str) -> int:
    nummer = 0
    for letter in letters.upper():
        nummer = nummer * 26 + ord(letter) - 64
    return nummer


def kolomletters(nummer: int) -> str:
    letters = ""
    while nummer:
        nummer, rest = divmod(nummer - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _celref(rij: int, kolom: int) -> str:
    return f"{kolomletters(kolom)}{rij}"


def _splits_cel(ref: str) -> tuple[int, int]:
    treffer = _CEL.match(ref)
    if not treffer:
        raise ValueError(ref)
    return int(treffer.group(2)), kolomnummer(treffer.group(1))


def _blad_in_ref(blad: str) -> str:
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", blad):
        return blad
    return "'" + blad.replace("'", "''") + "'"


@dataclass(frozen=True)
class Gebied:
    """A rectangular area on one sheet (1-based, inclusive)."""

    blad: str
    r1: int
    k1: int
    r2: int
    k2: int

    def bevat(self, rij: int, kolom: int) -> bool:
        return self.r1 <= rij <= self.r2 and self.k1 <= kolom <= self.k2

    def cellen(self) -> list[tuple[int, int]]:
        return [(r, k) for r in range(self.r1, self.r2 + 1) for k in range(self.k1, self.k2 + 1)]


# -- the workbook ---------------------------------------------------------------------------------


@dataclass
class _Naam:
    naam: str
    blad_index: int | None
    tekst: str


@dataclass
class _Werkboek:
    pad: str  # the workbook part, e.g. xl/workbook.xml
    tekst: str
    bladen: list[tuple[str, str]]  # (sheet name, part path) in order; chartsheets have part ''
    namen: list[_Naam]
    rels_pad: str
    rels: dict[str, tuple[str, str]]  # Id → (type, target part)
    prefix: str  # namespace prefix of the main namespace in workbook.xml ('' or 'x:')

    def blad_deel(self, blad: str) -> str:
        for naam, deel in self.bladen:
            if naam.lower() == blad.lower():
                return deel
        raise KeyError(blad)

    def echte_bladnaam(self, blad: str) -> str:
        for naam, _ in self.bladen:
            if naam.lower() == blad.lower():
                return naam
        return blad


def _rels_pad(deel: str) -> str:
    pad = PurePosixPath(deel)
    return str(pad.parent / "_rels" / f"{pad.name}.rels")


def _doel(basis: str, doel: str) -> str:
    if doel.startswith("/"):
        return doel.lstrip("/")
    delen: list[str] = []
    for stuk in (str(PurePosixPath(basis).parent) + "/" + doel).split("/"):
        if stuk in ("", "."):
            continue
        if stuk == "..":
            if delen:
                delen.pop()
        else:
            delen.append(stuk)
    return "/".join(delen)


def _lees_rels(pakket: _Pakket, deel: str) -> dict[str, tuple[str, str]]:
    pad = _rels_pad(deel)
    if pad not in pakket.namen:
        return {}
    wortel = VeiligeXML.fromstring(pakket.lees(pad))
    uit = {}
    for rel in wortel.iter(f"{{{NS_PKG_REL}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        uit[rel.get("Id", "")] = (rel.get("Type", ""), _doel(deel, rel.get("Target", "")))
    return uit


def _lees_werkboek(pakket: _Pakket) -> _Werkboek:
    hoofd = ""
    for soort, doel in _lees_rels(pakket, "").values():
        if soort.endswith(REL_OFFICE_DOCUMENT):
            hoofd = doel
    if not hoofd or hoofd not in pakket.namen:
        raise InvoerFout("geen werkboek in dit pakket (officeDocument ontbreekt)", bron=pakket.bron)
    tekst = pakket.tekst(hoofd)
    wortel = VeiligeXML.fromstring(tekst.encode("utf-8"))
    rels = _lees_rels(pakket, hoofd)
    bladen = []
    for blad in wortel.iter(f"{{{NS_MAIN}}}sheet"):
        soort, doel = rels.get(blad.get(f"{{{NS_R}}}id", ""), ("", ""))
        bladen.append((blad.get("name", ""), doel if soort.endswith("/worksheet") else ""))
    namen = []
    for naam in wortel.iter(f"{{{NS_MAIN}}}definedName"):
        lokaal = naam.get("localSheetId")
        namen.append(_Naam(naam.get("name", ""), int(lokaal) if lokaal is not None else None, naam.text or ""))
    treffer = re.search(r"<(\w+:)?workbook\b", tekst)
    prefix = (treffer.group(1) or "") if treffer else ""
    return _Werkboek(hoofd, tekst, bladen, namen, _rels_pad(hoofd), rels, prefix)


def _zoek_naam(werkboek: _Werkboek, naam: str) -> _Naam | None:
    """A global name first; else a sheet-local name of that name when there is exactly one."""
    kandidaten = [n for n in werkboek.namen if n.naam.lower() == naam.lower()]
    globaal = [n for n in kandidaten if n.blad_index is None]
    if globaal:
        return globaal[0]
    return kandidaten[0] if len(kandidaten) == 1 else None


def _bereik(werkboek: _Werkboek, naam: _Naam, bron: str) -> Gebied:
    treffer = _BEREIK.match(naam.tekst.strip())
    if not treffer:
        raise InvoerFout(f"naam {naam.naam!r} verwijst niet naar één celbereik ({naam.tekst!r})", bron=bron)
    blad = (treffer.group(1) or "").replace("''", "'") or treffer.group(2)
    r1, k1 = int(treffer.group(4)), kolomnummer(treffer.group(3))
    r2 = int(treffer.group(6)) if treffer.group(6) else r1
    k2 = kolomnummer(treffer.group(5)) if treffer.group(5) else k1
    return Gebied(werkboek.echte_bladnaam(blad), min(r1, r2), min(k1, k2), max(r1, r2), max(k1, k2))


# -- cells in a sheet part --------------------------------------------------------------------------


@dataclass
class _Blad:
    """Text-level access to one sheet part: rows and cells located by regular expressions."""

    tekst: str
    prefix: str = ""
    rijen: dict[int, tuple[int, int, int, int]] = field(default_factory=dict)  # r → start, end, inner start, inner end
    data_begin: int = 0
    data_eind: int = 0
    data_leeg: tuple[int, int] | None = None  # span of a self-closing <sheetData/>

    @classmethod
    def lees(cls, tekst: str, bron: str) -> _Blad:
        wortel = re.search(r"<(\w+:)?worksheet\b", tekst)
        prefix = (wortel.group(1) or "") if wortel else ""
        blad = cls(tekst, prefix)
        p = re.escape(prefix)
        data = re.search(rf"<{p}sheetData\b[^>]*?(/?)>", tekst)
        if not data:
            raise InvoerFout("werkblad zonder sheetData", bron=bron)
        if data.group(1):
            blad.data_leeg = (data.start(), data.end())
            return blad
        blad.data_begin = data.end()
        blad.data_eind = tekst.index(f"</{prefix}sheetData>", data.end())
        rij_re = re.compile(rf"<{p}row\b([^>]*?)(/?)>")
        pos = blad.data_begin
        while True:
            treffer = rij_re.search(tekst, pos, blad.data_eind)
            if not treffer:
                break
            nummer = re.search(r'\br="(\d+)"', treffer.group(1))
            if not nummer:
                raise InvoerFout("rij zonder r-attribuut; dit blad kan niet veilig bewerkt worden", bron=bron)
            if treffer.group(2):
                blad.rijen[int(nummer.group(1))] = (treffer.start(), treffer.end(), treffer.end(), treffer.end())
                pos = treffer.end()
            else:
                sluit = tekst.index(f"</{prefix}row>", treffer.end())
                blad.rijen[int(nummer.group(1))] = (treffer.start(), sluit + len(f"</{prefix}row>"), treffer.end(), sluit)
                pos = sluit
        return blad

    def cellen_in_rij(self, rij: int, bron: str) -> list[tuple[int, int, int, str, str]]:
        """(column, start, end, attributes, inner xml) of each cell in a row."""
        _, _, binnen_begin, binnen_eind = self.rijen[rij]
        uit = []
        for treffer in _cel_patroon(self.prefix).finditer(self.tekst, binnen_begin, binnen_eind):
            ref = _CEL_REF.search(treffer.group(1))
            if not ref:
                raise InvoerFout(f"cel zonder r-attribuut in rij {rij}; dit blad kan niet veilig bewerkt worden", bron=bron)
            uit.append(
                (kolomnummer(ref.group(1)), treffer.start(), treffer.end(), treffer.group(1), treffer.group(2) or "")
            )
        return uit


def _attribuut(attributen: str, naam: str) -> str | None:
    treffer = re.search(rf'(?:^|\s){naam}="([^"]*)"', attributen)
    return treffer.group(1) if treffer else None


def _zonder(attributen: str, *namen: str) -> str:
    for naam in namen:
        attributen = re.sub(rf'\s{naam}="[^"]*"', "", attributen)
    return attributen


def _xml_tekst(tekst: str) -> str:
    # Literal "_xHHHH_" would be read back as an escaped character: escape its underscore (ECMA-376 ST_Xstring).
    tekst = re.sub(r"_(x[0-9A-Fa-f]{4}_)", r"_x005F_\1", tekst)
    tekst = "".join(c if c in "\t\n\r" or ord(c) >= 0x20 else f"_x{ord(c):04X}_" for c in tekst)
    return tekst.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _lees_xml_tekst(tekst: str) -> str:
    tekst = html.unescape(tekst)
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), tekst)


def _getal_tekst(waarde: float | int) -> str:
    if isinstance(waarde, int):
        return str(waarde)
    if not math.isfinite(waarde):
        raise ValueError(waarde)
    return str(int(waarde)) if waarde.is_integer() and abs(waarde) < 1e15 else repr(waarde)


def _normaliseer_waarde(waarde: object) -> object:
    if isinstance(waarde, Decimal):
        return float(waarde)
    return waarde


def _oude_waarde(attributen: str, binnen: str, gedeeld: Sequence[str] | None) -> object:
    soort = _attribuut(attributen, "t") or "n"
    if soort == "inlineStr":
        return "".join(_lees_xml_tekst(t) for t in re.findall(r"<(?:\w+:)?t\b[^>]*>(.*?)</(?:\w+:)?t>", binnen, re.S))
    treffer = re.search(r"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", binnen, re.S)
    if not treffer:
        return None
    ruw = _lees_xml_tekst(treffer.group(1))
    if soort == "s":
        index = int(ruw)
        return gedeeld[index] if gedeeld is not None and 0 <= index < len(gedeeld) else f"<gedeelde tekst {index}>"
    if soort == "b":
        return ruw.strip() in ("1", "true")
    if soort in ("str", "e"):
        return ruw
    try:
        getal = float(ruw)
    except ValueError:
        return ruw
    return int(getal) if getal.is_integer() and "." not in ruw and "E" not in ruw.upper() else getal


def _waarde_xml(prefix: str, attributen: str, waarde: object) -> str:
    """A value cell: numbers as <v>, text as an inline string (never a formula), None as empty."""
    attributen = _zonder(attributen, "t", "cm", "vm")
    waarde = _normaliseer_waarde(waarde)
    if waarde is None:
        return f"<{prefix}c{attributen}/>"
    if isinstance(waarde, bool):
        return f'<{prefix}c{attributen} t="b"><{prefix}v>{int(waarde)}</{prefix}v></{prefix}c>'
    if isinstance(waarde, int | float):
        return f"<{prefix}c{attributen}><{prefix}v>{_getal_tekst(waarde)}</{prefix}v></{prefix}c>"
    if isinstance(waarde, str):
        ruimte = ' xml:space="preserve"' if waarde != waarde.strip() or "\n" in waarde else ""
        return (
            f'<{prefix}c{attributen} t="inlineStr"><{prefix}is><{prefix}t{ruimte}>{_xml_tekst(waarde)}'
            f"</{prefix}t></{prefix}is></{prefix}c>"
        )
    raise TypeError(type(waarde).__name__)


def _cache_xml(prefix: str, attributen: str, binnen: str, waarde: object) -> str:
    """A formula cell with a new cached value; the <f> element is kept byte for byte."""
    waarde = _normaliseer_waarde(waarde)
    attributen = _zonder(attributen, "t")
    p = re.escape(prefix)
    binnen = re.sub(rf"<{p}v>.*?</{p}v>|<{p}v/>|<{p}is>.*?</{p}is>", "", binnen, flags=re.S)
    if waarde is None:
        v, soort = "", ""
    elif isinstance(waarde, bool):
        v, soort = f"<{prefix}v>{int(waarde)}</{prefix}v>", ' t="b"'
    elif isinstance(waarde, int | float):
        v, soort = f"<{prefix}v>{_getal_tekst(waarde)}</{prefix}v>", ""
    elif isinstance(waarde, str):
        soort = ' t="e"' if waarde in FOUTWAARDEN else ' t="str"'
        v = f"<{prefix}v>{_xml_tekst(waarde)}</{prefix}v>"
    else:
        raise TypeError(type(waarde).__name__)
    f_eind = re.search(rf"<{p}f\b[^>]*/>|<{p}f\b.*?</{p}f>", binnen, re.S)
    positie = f_eind.end() if f_eind else 0
    binnen = binnen[:positie] + v + binnen[positie:]
    return f"<{prefix}c{attributen}{soort}>{binnen}</{prefix}c>"


def _is_formule(binnen: str) -> bool:
    return re.search(r"<(?:\w+:)?f\b", binnen) is not None


# -- dependencies (approximate) ---------------------------------------------------------------------

_TEKSTLETTERLIJK = re.compile(r'"(?:[^"]|"")*"')
_VERWIJZING = re.compile(
    r"(?<![\w.\\])(?:(?P<blad>'(?:[^']|'')+'|[A-Za-z_\u00c0-\uffff][\w.\u00c0-\uffff]*)!)?"
    r"(?P<ref>\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}|\$?\d+:\$?\d+)"
    r"(?![\w(!])"
)
_NAAM = re.compile(r"(?<![\w.\\!'])([A-Za-z_\\\u00c0-\uffff][\w.\u00c0-\uffff]*)(?![\w(!])")
_DEEL = re.compile(r"^(\$?)([A-Za-z]{1,3})?(\$?)(\d+)?$")


def _gebied_uit(blad: str, ref: str) -> Gebied | None:
    delen = ref.split(":")
    punten = []
    for deel in delen:
        treffer = _DEEL.match(deel)
        if not treffer:
            return None
        kolom = kolomnummer(treffer.group(2)) if treffer.group(2) else None
        rij = int(treffer.group(4)) if treffer.group(4) else None
        punten.append((rij, kolom))
    if len(punten) == 1:
        rij, kolom = punten[0]
        if rij is None or kolom is None or kolom > MAX_KOLOM:
            return None
        return Gebied(blad, rij, kolom, rij, kolom)
    (ra, ka), (rb, kb) = punten
    r1, r2 = (1, MAX_RIJ) if ra is None or rb is None else (min(ra, rb), max(ra, rb))
    k1, k2 = (1, MAX_KOLOM) if ka is None or kb is None else (min(ka, kb), max(ka, kb))
    if k2 > MAX_KOLOM:
        return None
    return Gebied(blad, r1, k1, r2, k2)


def _verschuif(formule: str, d_rij: int, d_kolom: int) -> str:
    """A shared formula's text for a cell d_rij/d_kolom away from its master: relative refs moved."""

    def deel(m: re.Match[str]) -> str:
        kolom_vast, kolom, rij_vast, rij = m.group(1), m.group(2), m.group(3), m.group(4)
        uit = ""
        if kolom:
            uit += kolom_vast + (kolom if kolom_vast else kolomletters(max(1, kolomnummer(kolom) + d_kolom)))
        if rij:
            uit += rij_vast + (rij if rij_vast else str(max(1, int(rij) + d_rij)))
        return uit

    def ref(m: re.Match[str]) -> str:
        nieuw = ":".join(_DEEL.sub(deel, stuk) for stuk in m.group("ref").split(":"))
        return (m.group("blad") + "!" if m.group("blad") else "") + nieuw

    return _VERWIJZING.sub(ref, formule)


def _verwijzingen(
    formule: str, blad: str, werkboek: _Werkboek, blad_index: int | None, diepte: int = 0
) -> list[Gebied]:
    schoon = _TEKSTLETTERLIJK.sub('""', formule)
    gebieden: list[Gebied] = []
    for m in _VERWIJZING.finditer(schoon):
        doelblad = blad
        if m.group("blad"):
            doelblad = werkboek.echte_bladnaam(m.group("blad").strip("'").replace("''", "'"))
        gebied = _gebied_uit(doelblad, m.group("ref"))
        if gebied is not None:
            gebieden.append(gebied)
    if diepte < 5:
        zonder_refs = _VERWIJZING.sub(" ", schoon)
        for m in _NAAM.finditer(zonder_refs):
            naam = _naam_voor(werkboek, m.group(1), blad_index)
            if naam is not None:
                gebieden += _verwijzingen(naam.tekst, blad, werkboek, naam.blad_index, diepte + 1)
    return gebieden


def _naam_voor(werkboek: _Werkboek, tekst: str, blad_index: int | None) -> _Naam | None:
    lokaal = None
    globaal = None
    for naam in werkboek.namen:
        if naam.naam.lower() != tekst.lower():
            continue
        if naam.blad_index is None:
            globaal = naam
        elif naam.blad_index == blad_index:
            lokaal = naam
    return lokaal or globaal


def _formules(blad: _Blad) -> list[tuple[int, int, str]]:
    """(row, column, formula text) of every formula cell, shared formulas expanded."""
    p = re.escape(blad.prefix)
    meesters: dict[str, tuple[int, int, str]] = {}
    kinderen: list[tuple[int, int, str]] = []
    uit: list[tuple[int, int, str]] = []
    f_re = re.compile(rf"<{p}f\b([^>]*?)(?:/>|>(.*?)</{p}f>)", re.S)
    for cel in _cel_patroon(blad.prefix).finditer(blad.tekst, blad.data_begin, blad.data_eind or blad.data_begin):
        if cel.group(2) is None:  # self-closing: no formula
            continue
        f = f_re.search(cel.group(2))
        ref = _CEL_REF.search(cel.group(1))
        if not f or not ref:
            continue
        rij, kolom = int(ref.group(2)), kolomnummer(ref.group(1))
        tekst = html.unescape(f.group(2) or "")
        si = _attribuut(f.group(1), "si")
        if _attribuut(f.group(1), "t") == "shared" and si is not None:
            if tekst:
                meesters[si] = (rij, kolom, tekst)
                uit.append((rij, kolom, tekst))
            else:
                kinderen.append((rij, kolom, si))
        else:
            uit.append((rij, kolom, tekst))
    for rij, kolom, si in kinderen:
        if si in meesters:
            m_rij, m_kolom, tekst = meesters[si]
            uit.append((rij, kolom, _verschuif(tekst, rij - m_rij, kolom - m_kolom)))
    return uit


def tel_afhankelijk(
    werkboek: _Werkboek, bladen: Mapping[str, _Blad], gewijzigd: Iterable[tuple[str, int, int]]
) -> set[tuple[str, int, int]]:
    """Formula cells (sheet, row, column) that depend, transitively, on the changed cells."""
    enkel: dict[tuple[str, int, int], list[tuple[str, int, int]]] = {}
    # Multi-cell areas per sheet, deduplicated (many formulas share one range); an area is dropped
    # once hit, as all its formulas are then known to depend.
    bereiken: dict[str, dict[tuple[int, int, int, int], list[tuple[str, int, int]]]] = {}
    for index, (naam, _) in enumerate(werkboek.bladen):
        blad = bladen.get(naam)
        if blad is None:
            continue
        for rij, kolom, tekst in _formules(blad):
            cel = (naam.lower(), rij, kolom)
            for gebied in _verwijzingen(tekst, naam, werkboek, index):
                if gebied.r1 == gebied.r2 and gebied.k1 == gebied.k2:
                    enkel.setdefault((gebied.blad.lower(), gebied.r1, gebied.k1), []).append(cel)
                else:
                    per_blad = bereiken.setdefault(gebied.blad.lower(), {})
                    per_blad.setdefault((gebied.r1, gebied.k1, gebied.r2, gebied.k2), []).append(cel)
    afhankelijk: set[tuple[str, int, int]] = set()
    te_doen = [(b.lower(), r, k) for b, r, k in gewijzigd]
    gezien = set(te_doen)
    while te_doen:
        blad, rij, kolom = te_doen.pop()
        geraakt = list(enkel.get((blad, rij, kolom), ()))
        per_blad = bereiken.get(blad, {})
        for sleutel in [s for s in per_blad if s[0] <= rij <= s[2] and s[1] <= kolom <= s[3]]:
            geraakt += per_blad.pop(sleutel)
        for cel in geraakt:
            if cel not in afhankelijk:
                afhankelijk.add(cel)
                if cel not in gezien:
                    gezien.add(cel)
                    te_doen.append(cel)
    return afhankelijk


# -- the patch ------------------------------------------------------------------------------------


def _waarden_voor(gebied: Gebied, waarde: object, naam: str, bron: str) -> list[object]:
    aantal = (gebied.r2 - gebied.r1 + 1) * (gebied.k2 - gebied.k1 + 1)
    if isinstance(waarde, list | tuple):
        plat: list[object] = []
        for item in waarde:
            plat += list(item) if isinstance(item, list | tuple) else [item]
        if len(plat) != aantal:
            raise InvoerFout(f"naam {naam!r} heeft {aantal} cellen, gegeven zijn {len(plat)} waarden", bron=bron)
        return plat
    if aantal != 1:
        raise InvoerFout(f"naam {naam!r} is een bereik van {aantal} cellen; geef een lijst van waarden", bron=bron)
    return [waarde]


def _gedeelde_teksten(pakket: _Pakket, werkboek: _Werkboek) -> list[str] | None:
    for soort, doel in werkboek.rels.values():
        if soort.endswith(REL_SHARED_STRINGS) and doel in pakket.namen:
            tekst = pakket.tekst(doel)
            uit = []
            for si in re.finditer(r"<(?:\w+:)?si\b[^>]*>(.*?)</(?:\w+:)?si>|<(?:\w+:)?si\b[^>]*/>", tekst, re.S):
                binnen = re.sub(r"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>", "", si.group(1) or "", flags=re.S)
                uit.append("".join(_lees_xml_tekst(t) for t in re.findall(r"<(?:\w+:)?t\b[^>]*>(.*?)</(?:\w+:)?t>", binnen, re.S)))
            return uit
    return None


def _bewerk_blad(
    blad: _Blad, doelen: Mapping[tuple[int, int], tuple[str, object]], bron: str, gedeeld: Sequence[str] | None,
    formules_overschrijven: bool,
) -> tuple[str, dict[tuple[int, int], object], bool]:
    """New sheet text; old values per cell; whether a formula was overwritten."""
    prefix = blad.prefix
    vervangingen: list[tuple[int, int, str]] = []
    oud: dict[tuple[int, int], object] = {}
    formule_weg = False
    per_rij: dict[int, list[int]] = {}
    for rij, kolom in doelen:
        per_rij.setdefault(rij, []).append(kolom)
    nieuwe_rijen: list[tuple[int, str]] = []
    for rij in sorted(per_rij):
        kolommen = sorted(per_rij[rij])
        if rij not in blad.rijen:
            cellen = []
            for kolom in kolommen:
                soort, waarde = doelen[(rij, kolom)]
                if soort == "cache":
                    raise InvoerFout(f"{_celref(rij, kolom)} bevat geen formule (cache gevraagd)", bron=bron)
                oud[(rij, kolom)] = None
                cellen.append(_waarde_xml(prefix, f' r="{_celref(rij, kolom)}"', waarde))
            nieuwe_rijen.append((rij, f'<{prefix}row r="{rij}">{"".join(cellen)}</{prefix}row>'))
            continue
        bestaand = {k: (b, e, a, i) for k, b, e, a, i in blad.cellen_in_rij(rij, bron)}
        start, eind, binnen_begin, binnen_eind = blad.rijen[rij]
        invoegen: list[tuple[int, str]] = []
        for kolom in kolommen:
            soort, waarde = doelen[(rij, kolom)]
            ref = _celref(rij, kolom)
            if kolom in bestaand:
                b, e, attributen, binnen = bestaand[kolom]
                oud[(rij, kolom)] = _oude_waarde(attributen, binnen, gedeeld)
                if soort == "cache":
                    if not _is_formule(binnen):
                        raise InvoerFout(f"{ref} bevat geen formule (cache gevraagd)", bron=bron)
                    vervangingen.append((b, e, _cache_xml(prefix, attributen, binnen, waarde)))
                    continue
                if _is_formule(binnen):
                    f = re.search(r"<(?:\w+:)?f\b([^>]*)", binnen)
                    gedeelde_meester = f is not None and _attribuut(f.group(1), "ref") is not None
                    if not formules_overschrijven or gedeelde_meester:
                        raise InvoerFout(f"{ref} bevat een formule; die wordt niet overschreven", bron=bron)
                    formule_weg = True
                vervangingen.append((b, e, _waarde_xml(prefix, attributen, waarde)))
            else:
                if soort == "cache":
                    raise InvoerFout(f"{ref} bevat geen formule (cache gevraagd)", bron=bron)
                oud[(rij, kolom)] = None
                volgende = [b for k, (b, _, _, _) in bestaand.items() if k > kolom]
                positie = min(volgende) if volgende else binnen_eind
                invoegen.append((positie, _waarde_xml(prefix, f' r="{ref}"', waarde)))
        if binnen_begin == eind:  # a self-closing <row .../>: open it
            open_tag = blad.tekst[start:eind][:-2] + ">"
            inhoud = "".join(x for _, x in sorted(invoegen, key=lambda t: t[0]))
            vervangingen.append((start, eind, f"{open_tag}{inhoud}</{prefix}row>"))
        else:
            for positie, xml in invoegen:
                vervangingen.append((positie, positie, xml))
    # New rows go before the first existing row with a higher number.
    for rij, xml in nieuwe_rijen:
        volgende = [s for r, (s, _, _, _) in blad.rijen.items() if r > rij]
        if blad.data_leeg is not None:
            continue
        positie = min(volgende) if volgende else blad.data_eind
        vervangingen.append((positie, positie, xml))
    tekst = blad.tekst
    if blad.data_leeg is not None and nieuwe_rijen:
        begin, eind = blad.data_leeg
        open_tag = tekst[begin:eind][:-2] + ">"
        inhoud = "".join(x for _, x in sorted(nieuwe_rijen))
        vervangingen.append((begin, eind, f"{open_tag}{inhoud}</{prefix}sheetData>"))
    # Stable order: insertions at one position keep their column order.
    for begin, eind, xml in sorted(vervangingen, key=lambda v: (v[0], v[1]), reverse=True):
        tekst = tekst[:begin] + xml + tekst[eind:]
    return tekst, oud, formule_weg


def _zet_volledig_herberekenen(werkboek: _Werkboek) -> str:
    tekst = werkboek.tekst
    p = re.escape(werkboek.prefix)
    calc = re.search(rf"<{p}calcPr\b([^>]*?)(/?)>", tekst)
    if calc:
        attributen = calc.group(1)
        huidig = _attribuut(attributen, "fullCalcOnLoad")
        if huidig in ("1", "true"):
            return tekst
        if huidig is not None:
            attributen = re.sub(r'fullCalcOnLoad="[^"]*"', 'fullCalcOnLoad="1"', attributen)
        else:
            attributen += ' fullCalcOnLoad="1"'
        return tekst[: calc.start()] + f"<{werkboek.prefix}calcPr{attributen}{calc.group(2)}>" + tekst[calc.end() :]
    element = f'<{werkboek.prefix}calcPr fullCalcOnLoad="1"/>'
    for naam in _NA_CALCPR:
        volgende = re.search(rf"<{p}{naam}\b", tekst)
        if volgende:
            return tekst[: volgende.start()] + element + tekst[volgende.start() :]
    sluit = tekst.rindex(f"</{werkboek.prefix}workbook>")
    return tekst[:sluit] + element + tekst[sluit:]


def _zonder_calcchain(pakket: _Pakket, werkboek: _Werkboek) -> tuple[dict[str, bytes], list[str]]:
    """Drop calcChain.xml with its relationship and content-type override."""
    doelen = [(rid, doel) for rid, (soort, doel) in werkboek.rels.items() if soort.endswith(REL_CALC_CHAIN)]
    if not doelen:
        return {}, []
    nieuw: dict[str, bytes] = {}
    rels = pakket.tekst(werkboek.rels_pad)
    for rid, _ in doelen:
        rels = re.sub(rf'<(\w+:)?Relationship\b[^>]*\bId="{re.escape(rid)}"[^>]*/>', "", rels)
    nieuw[werkboek.rels_pad] = rels.encode("utf-8")
    if "[Content_Types].xml" in pakket.namen:
        typen = pakket.tekst("[Content_Types].xml")
        for _, doel in doelen:
            typen = re.sub(rf'<(\w+:)?Override\b[^>]*\bPartName="/{re.escape(doel)}"[^>]*/>', "", typen)
        nieuw["[Content_Types].xml"] = typen.encode("utf-8")
    return nieuw, [doel for _, doel in doelen if doel in pakket.namen]


def vul_pakket(
    data: bytes,
    waarden: Mapping[str, object],
    *,
    cache: Mapping[tuple[str, str], object] | None = None,
    dry_run: bool = False,
    formules_overschrijven: bool = False,
    bron: str = "",
) -> Patchresultaat:
    """Write `waarden` (defined name → value, or a list of values for a range, row by row) into the
    package `data`, set the cached values in `cache` ((sheet, 'C5') → value) of formula cells, and
    make Excel recalculate on opening. With `dry_run` nothing is built; the changes are returned.

    Every name is checked before anything is built; an unknown name, a name that is not a plain cell
    range, a value that is no number/text/bool/None, or an input cell holding a formula is an
    `InvoerFout`.
    """
    cache = cache or {}
    pakket = _Pakket(data, bron)
    werkboek = _lees_werkboek(pakket)

    # 1. Resolve every name and cache cell to (sheet, row, column).
    doelen: dict[str, dict[tuple[int, int], tuple[str, object]]] = {}
    volgorde: list[tuple[str, str, int, int, object]] = []  # name, sheet, row, column, value
    fouten: list[str] = []
    for naam, waarde in waarden.items():
        gevonden = _zoek_naam(werkboek, naam)
        if gevonden is None:
            fouten.append(f"onbekende naam {naam!r}")
            continue
        try:
            gebied = _bereik(werkboek, gevonden, bron)
            lijst = _waarden_voor(gebied, waarde, naam, bron)
            werkboek.blad_deel(gebied.blad)
        except InvoerFout as fout:
            fouten.append(fout.melding)
            continue
        except KeyError:
            fouten.append(f"naam {naam!r} verwijst naar blad {gebied.blad!r}, dat geen werkblad is")
            continue
        for (rij, kolom), w in zip(gebied.cellen(), lijst, strict=True):
            w = _normaliseer_waarde(w)
            if w is not None and not isinstance(w, bool | int | float | str):
                fouten.append(f"naam {naam!r}: waarde {w!r} is geen getal, tekst of leeg")
                continue
            if isinstance(w, float) and not math.isfinite(w):
                fouten.append(f"naam {naam!r}: {w!r} is geen eindig getal")
                continue
            per_blad = doelen.setdefault(gebied.blad, {})
            if (rij, kolom) in per_blad:
                fouten.append(f"cel {gebied.blad}!{_celref(rij, kolom)} wordt door meer dan één naam gevuld ({naam!r})")
                continue
            per_blad[(rij, kolom)] = ("waarde", w)
            volgorde.append((naam, gebied.blad, rij, kolom, w))
    cache_volgorde: list[tuple[str, int, int, object]] = []
    for (blad, ref), w in cache.items():
        try:
            werkboek.blad_deel(blad)
            rij, kolom = _splits_cel(ref)
        except (KeyError, ValueError):
            fouten.append(f"cache voor {blad}!{ref}: geen werkblad of geen celadres")
            continue
        echt = werkboek.echte_bladnaam(blad)
        per_blad = doelen.setdefault(echt, {})
        if (rij, kolom) in per_blad:
            fouten.append(f"cel {echt}!{ref} is zowel invoer als formule")
            continue
        per_blad[(rij, kolom)] = ("cache", w)
        cache_volgorde.append((echt, rij, kolom, w))
    if fouten:
        raise InvoerFout("; ".join(fouten), bron=bron)

    # 2. Edit the sheet parts (also for a dry run: it reads the old values and checks every cell).
    gedeeld = _gedeelde_teksten(pakket, werkboek)
    nieuw: dict[str, bytes] = {}
    oud: dict[tuple[str, int, int], object] = {}
    formule_weg = False
    bladen: dict[str, _Blad] = {}
    for naam, deel in werkboek.bladen:
        if deel and deel in pakket.namen:
            bladen[naam] = _Blad.lees(pakket.tekst(deel), f"{bron} [{deel}]")
    for blad_naam, per_cel in doelen.items():
        deel = werkboek.blad_deel(blad_naam)
        tekst, oude, weg = _bewerk_blad(bladen[blad_naam], per_cel, f"{bron}, blad {blad_naam}", gedeeld, formules_overschrijven)
        formule_weg |= weg
        oud.update({(blad_naam, r, k): v for (r, k), v in oude.items()})
        if tekst != bladen[blad_naam].tekst:
            nieuw[deel] = tekst.encode("utf-8")

    wijzigingen = tuple(
        Celwijziging(naam, blad, _celref(r, k), oud[(blad, r, k)], w) for naam, blad, r, k, w in volgorde
    )
    cache_wijzigingen = tuple(
        Celwijziging("", blad, _celref(r, k), oud[(blad, r, k)], w) for blad, r, k, w in cache_volgorde
    )
    afhankelijk = tel_afhankelijk(werkboek, bladen, [(b, r, k) for _, b, r, k, _ in volgorde])
    bijgewerkt = {(b.lower(), r, k) for b, r, k, _ in cache_volgorde}
    zonder = len(afhankelijk - bijgewerkt)

    weg_delen: list[str] = []
    if formule_weg:
        extra, weg_delen = _zonder_calcchain(pakket, werkboek)
        nieuw.update(extra)
    if nieuw or waarden or cache:
        werkboek_tekst = _zet_volledig_herberekenen(werkboek)
        if werkboek_tekst != werkboek.tekst:
            nieuw[werkboek.pad] = werkboek_tekst.encode("utf-8")
    uit = None if dry_run else pakket.schrijf(nieuw, weg_delen)
    return Patchresultaat(
        wijzigingen, cache_wijzigingen, len(afhankelijk), zonder, bool(weg_delen), uit, tuple(sorted(nieuw))
    )


def vul_bestand(
    pad: str | Path,
    waarden: Mapping[str, object],
    *,
    uit: str | Path | None = None,
    cache: Mapping[tuple[str, str], object] | None = None,
    dry_run: bool = False,
    overschrijven: bool = False,
    formules_overschrijven: bool = False,
) -> Patchresultaat:
    """`vul_pakket` on a file; the result goes to `uit` (default: `pad` itself, which then needs
    `overschrijven`), written atomically, so the original is never left half-written."""
    from xl_opgave.bestanden import schrijf_atomisch

    pad = Path(pad)
    try:
        data = pad.read_bytes()
    except FileNotFoundError:
        raise InvoerFout("werkboek niet gevonden", bron=str(pad)) from None
    doel = Path(uit) if uit is not None else pad
    if not dry_run and doel.exists() and not overschrijven:
        from xl_opgave.bestanden import BestaatAl

        raise BestaatAl(f"{doel} bestaat al; gebruik --force om het te overschrijven")
    resultaat = vul_pakket(
        data, waarden, cache=cache, dry_run=dry_run, formules_overschrijven=formules_overschrijven, bron=str(pad)
    )
    if resultaat.data is not None:
        schrijf_atomisch(doel, resultaat.data, overschrijven=overschrijven)
    return resultaat
