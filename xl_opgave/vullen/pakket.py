"""Write values into an existing .xlsx/.xlsm by editing the package, not by loading a workbook model.

openpyxl's load-and-save drops charts and images and rewrites every part; here only what must change
is touched, and it is patched as XML, not as text: each part we change is parsed by expat
(`werkboek.xmlstroom.elementen`: no DTD, no entities, bounded) into its elements with their exact byte
spans, and only the elements that change are replaced by newly serialised ones (their attributes taken
from the parser, escaped again). An attribute value holding '>' or '/>', a namespace prefix, an
empty-element tag or a `<v />` with a space cannot mislead it, and every other byte of the part stays.

- the `<c>` elements of the cells behind the given defined names (input values), of plain cells the
  caller names (a source text), and of the formula cells whose cached value the caller supplies; the `<f>`
  element of a formula cell is kept verbatim;
- the footers the caller rewrites (`<oddFooter>` …), the `<row>` start tags whose height follows new
  texts and the `<rowBreaks>` that follow from them (`Bladopmaak`: only where the workbook still has the
  automatic ones);
- every chart's `<c:numCache>` whose cells all got a new cached value (rendered from those values), and
  the root start tag of the shared-string table when cells that referred to it were replaced (its
  `count` stays true);
- `xl/workbook.xml`: `<calcPr fullCalcOnLoad="1"/>`, so Excel recalculates everything on opening;
- `xl/calcChain.xml` only when a formula cell is overwritten by a value (`formules_overschrijven`):
  the chain lists formula cells, and Excel reports a damaged file when it names a cell that holds no
  formula any more. Filling values into value cells and refreshing cached values never adds or
  removes a formula, so the chain stays valid and is kept as it is.

Every other zip member is copied as raw bytes (local header and compressed data unchanged); the
central directory is rewritten with the new offsets. Text is always written as an inline string
(`t="inlineStr"`), never as a formula, even when it starts with '='; characters XML cannot hold are
written as Excel's `_xHHHH_` escapes. The package is opened through `werkboek.veilig` (zip bombs,
sizes, encrypted and non-workbook files refused) and every name is checked against the number of cells
it covers before any cell is listed, so a name redefined to cover a whole sheet costs nothing.

The count of dependent formulas is an approximation by reference scanning: a formula depends on a
changed cell when its text (string literals removed) names that cell, a range containing it, or a
defined name whose reference does, on its own or another sheet, followed transitively through other
formula cells. Shared formulas are followed with their relative references shifted. Not followed:
INDIRECT/OFFSET with computed addresses, structured table references, external links, and charts (a
chart's cache is refreshed only when all its cells got a new cached value; otherwise Excel refreshes it
when it recalculates).
"""

from __future__ import annotations

import bisect
import io
import math
import re
import struct
import xml.parsers.expat as expat
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from xl_opgave.core.fouten import InvoerFout
from xl_opgave.werkboek.adressen import (
    MAX_KOLOM,
    MAX_RIJ,
    Gebied,
    blad_in_ref,
    celref,
    gebied_uit,
    kolomletters,
    kolomnummer,
    splits_cel,
    verschuif,
)
from xl_opgave.werkboek.veilig import OnleesbaarBestand, open_pakket_bytes
from xl_opgave.werkboek.xmlstroom import Element, XmlFout, attribuutwaarde, elementen, starttag, xml_toegestaan

__all__ = ["Celwijziging", "Gebied", "Patchresultaat", "kolomletters", "kolomnummer", "tel_afhankelijk",
           "vul_bestand", "vul_pakket"]

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_OFFICE_DOCUMENT = "/officeDocument"
REL_CALC_CHAIN = "/calcChain"
REL_SHARED_STRINGS = "/sharedStrings"

MAX_DEEL = 64 * 1024 * 1024  # uncompressed size of one part we parse or patch
MAX_NAAM_CELLEN = 100_000  # a name given values must not cover more cells than this (the template's are ~30)
FOUTWAARDEN = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"})

# Elements that follow <calcPr> in CT_Workbook: a new calcPr goes before the first of them.
_NA_CALCPR = (
    "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes",
    "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst",
)
_TEKST_VAN = frozenset({"v", "f", "t", "definedName", "oddFooter", "evenFooter", "firstFooter"})
_VOETTEKSTEN = frozenset({"oddFooter", "evenFooter", "firstFooter"})
# Children of <worksheet> that follow <rowBreaks> (CT_Worksheet): new page breaks go before the first of them.
_NA_RIJBREUKEN = ("colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing",
                  "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
                  "webPublishItems", "tableParts", "extLst")


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
    nieuwe_delen: Mapping[str, bytes] = field(default_factory=dict)  # the parts that were replaced
    cellen: tuple[Celwijziging, ...] = ()  # plain value cells written (not by name)
    grafieken: tuple[str, ...] = ()  # chart parts whose series caches were refreshed
    voetteksten: tuple[str, ...] = ()  # sheets whose page footer is the template's (patched where it changed)
    eigen_voet: tuple[str, ...] = ()  # sheets whose footer the adviser wrote (kept)
    rijhoogtes: int = 0  # rows given the height of their new texts
    eigen_rijhoogtes: int = 0  # rows whose height the adviser set (kept)
    breuken: tuple[str, ...] = ()  # sheets given new page breaks
    eigen_breuken: tuple[str, ...] = ()  # sheets whose page breaks the adviser set (kept)


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
        # The one safe opener (zip bombs, entry counts and sizes, encrypted and non-workbook files).
        self.zip = open_pakket_bytes(data, bron or "werkboek")
        self.namen = {i.filename for i in self.zip.infolist()}
        self.leden, self.commentaar = self._centrale_map()
        self._elementen: dict[str, list[Element]] = {}

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
        return self.zip.lees(naam, MAX_DEEL)

    def tekst(self, naam: str) -> str:
        data = self.lees(naam)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise InvoerFout(f"onderdeel {naam} is geen UTF-8; kan niet veilig bewerkt worden", bron=self.bron) from None

    def elementen(self, naam: str) -> list[Element]:
        """The elements of an XML part (parsed once; DTD and entities refused, malformed XML one line)."""
        if naam not in self._elementen:
            data = self.lees(naam)
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                raise InvoerFout(f"onderdeel {naam} is geen UTF-8; kan niet veilig bewerkt worden",
                                 bron=self.bron) from None
            try:
                self._elementen[naam] = elementen(data, naam, tekst_van=_TEKST_VAN, deadline=self.zip.deadline)
            except XmlFout as fout:
                raise OnleesbaarBestand(self.bron or "werkboek", f"{fout}.") from None
        return self._elementen[naam]

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

_celref = celref
_splits_cel = splits_cel
_blad_in_ref = blad_in_ref


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
    elementen: list[Element] = field(default_factory=list, repr=False)

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
    map_, _, naam = deel.rpartition("/")
    return f"{map_}/_rels/{naam}.rels" if map_ else f"_rels/{naam}.rels"


def _doel(basis: str, doel: str) -> str:
    if doel.startswith("/"):
        return doel.lstrip("/")
    delen: list[str] = []
    for stuk in (basis.rpartition("/")[0] + "/" + doel).split("/"):
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
    uit = {}
    for rel in pakket.elementen(pad):
        if rel.lokaal != "Relationship" or rel.attributen.get("TargetMode") == "External":
            continue
        uit[rel.attributen.get("Id", "")] = (rel.attributen.get("Type", ""),
                                             _doel(deel, rel.attributen.get("Target", "")))
    return uit


def _lees_werkboek(pakket: _Pakket) -> _Werkboek:
    hoofd = ""
    for soort, doel in _lees_rels(pakket, "").values():
        if soort.endswith(REL_OFFICE_DOCUMENT):
            hoofd = doel
    if not hoofd or hoofd not in pakket.namen:
        raise InvoerFout("geen werkboek in dit pakket (officeDocument ontbreekt)", bron=pakket.bron)
    tekst = pakket.tekst(hoofd)
    lijst = pakket.elementen(hoofd)
    rels = _lees_rels(pakket, hoofd)
    bladen = []
    namen = []
    for el in lijst:
        if el.lokaal == "sheet":
            rid = next((v for k, v in el.attributen.items() if k.rpartition(":")[2] == "id" and ":" in k), "")
            soort, doel = rels.get(rid, ("", ""))
            bladen.append((el.attributen.get("name", ""), doel if soort.endswith("/worksheet") else ""))
        elif el.lokaal == "definedName":
            lokaal = el.attributen.get("localSheetId")
            namen.append(_Naam(el.attributen.get("name", ""), int(lokaal) if lokaal and lokaal.isdigit() else None,
                               el.tekst or ""))
    prefix = lijst[0].prefix if lijst else ""
    return _Werkboek(hoofd, tekst, bladen, namen, _rels_pad(hoofd), rels, prefix, lijst)


def _zoek_naam(werkboek: _Werkboek, naam: str) -> _Naam | None:
    """A global name first; else a sheet-local name of that name when there is exactly one."""
    kandidaten = [n for n in werkboek.namen if n.naam.lower() == naam.lower()]
    globaal = [n for n in kandidaten if n.blad_index is None]
    if globaal:
        return globaal[0]
    return kandidaten[0] if len(kandidaten) == 1 else None


def _bereik(werkboek: _Werkboek, naam: _Naam, bron: str) -> Gebied:
    gebied = gebied_uit(naam.tekst)
    if gebied is None:
        raise InvoerFout(f"naam {naam.naam!r} verwijst niet naar één celbereik ({naam.tekst!r})", bron=bron)
    return Gebied(werkboek.echte_bladnaam(gebied.blad), gebied.r1, gebied.k1, gebied.r2, gebied.k2)


# -- cells in a sheet part --------------------------------------------------------------------------


@dataclass
class _Cel:
    """One `<c>` element of a sheet part and its parsed children."""

    kolom: int
    element: Element
    f: Element | None = None
    v: Element | None = None
    inline: list[Element] = field(default_factory=list)  # the <t> of an inline string (not phonetic runs)
    is_: Element | None = None
    andere: list[Element] = field(default_factory=list)  # other children (extLst …), kept verbatim

    @property
    def soort(self) -> str:
        return self.element.attributen.get("t", "n")


class _Blad:
    """One sheet part parsed as XML: its rows and cells with their positions (characters of `tekst`)."""

    def __init__(self, tekst: str, prefix: str, data_leeg: tuple[int, int] | None) -> None:
        self.tekst = tekst
        self.prefix = prefix
        self.rijen: dict[int, tuple[int, int, int, int]] = {}  # r → start, end, inner start, inner end
        self.cellen: dict[int, list[_Cel]] = {}
        self.data_begin = 0
        self.data_eind = 0
        self.data_leeg = data_leeg  # span of a self-closing <sheetData/>
        self.rij_attributen: dict[int, dict[str, str]] = {}  # r → the <row> element's attributes
        self.standaardhoogte = 15.0  # sheetFormatPr defaultRowHeight: the height of a row without ht
        self.voetteksten: list[Element] = []  # <oddFooter>, <evenFooter>, <firstFooter> of <headerFooter>
        self.rijbreuken: Element | None = None  # <rowBreaks>
        self.breuken: list[Element] = []  # its <brk> children
        self.kinderen: list[Element] = []  # the children of <worksheet>, in order
        self.wortel_eind = 0  # where </worksheet> begins
        self._multibyte: list[int] = []
        self._extra: list[int] = []

    @classmethod
    def lees(cls, tekst: str | bytes, bron: str) -> _Blad:
        data = tekst.encode("utf-8") if isinstance(tekst, str) else tekst
        tekst = tekst if isinstance(tekst, str) else data.decode("utf-8")
        try:
            lijst = elementen(data, bron, tekst_van=_TEKST_VAN)
        except XmlFout as fout:
            raise InvoerFout(str(fout), bron=bron) from None
        if not lijst or lijst[0].lokaal != "worksheet":
            raise InvoerFout("geen werkblad (worksheet ontbreekt)", bron=bron)
        blad = cls(tekst, lijst[0].prefix, None)
        blad._posities(data)
        blad.wortel_eind = blad.plek(lijst[0].slot_begin)
        for el in lijst:
            if el.ouder == 0:
                blad.kinderen.append(el)
                if el.lokaal == "sheetFormatPr":
                    try:
                        blad.standaardhoogte = float(el.attributen.get("defaultRowHeight", "15"))
                    except ValueError:
                        pass
                elif el.lokaal == "rowBreaks":
                    blad.rijbreuken = el
            elif el.lokaal in _VOETTEKSTEN and lijst[el.ouder].lokaal == "headerFooter" and lijst[el.ouder].ouder == 0:
                blad.voetteksten.append(el)
            elif el.lokaal == "brk" and lijst[el.ouder] is blad.rijbreuken:
                blad.breuken.append(el)
        sheetdata = next((i for i, el in enumerate(lijst) if el.lokaal == "sheetData" and el.ouder == 0), None)
        if sheetdata is None:
            raise InvoerFout("werkblad zonder sheetData", bron=bron)
        sd = lijst[sheetdata]
        if sd.leeg:
            blad.data_leeg = (blad.plek(sd.begin), blad.plek(sd.eind))
            return blad
        blad.data_begin, blad.data_eind = blad.plek(sd.kop_eind), blad.plek(sd.slot_begin)
        rijen: dict[int, int] = {}  # element index → row number
        cellen: dict[int, _Cel] = {}  # element index → cell
        vorige_rij = 0
        vorige_kolom: dict[int, int] = {}
        for index, el in enumerate(lijst):
            if el.ouder == sheetdata and el.lokaal == "row":
                r = el.attributen.get("r")
                if r is None or not r.isdigit():
                    raise InvoerFout("rij zonder r-attribuut; dit blad kan niet veilig bewerkt worden", bron=bron)
                nummer = int(r)
                if nummer in blad.rijen or not 1 <= nummer <= MAX_RIJ or nummer <= vorige_rij:
                    raise InvoerFout(f"rij {nummer} staat dubbel of niet op volgorde; dit blad kan niet veilig "
                                     "bewerkt worden", bron=bron)
                vorige_rij = nummer
                rijen[index] = nummer
                blad.rij_attributen[nummer] = el.attributen
                blad.rijen[nummer] = (blad.plek(el.begin), blad.plek(el.eind), blad.plek(el.kop_eind),
                                      blad.plek(el.slot_begin))
                blad.cellen[nummer] = []
            elif el.ouder in rijen and el.lokaal == "c":
                nummer = rijen[el.ouder]
                ref = el.attributen.get("r")
                try:
                    rij, kolom = splits_cel(ref or "")
                except ValueError:
                    raise InvoerFout(f"cel zonder geldig r-attribuut in rij {nummer}; dit blad kan niet veilig "
                                     "bewerkt worden", bron=bron) from None
                if rij != nummer or kolom <= vorige_kolom.get(nummer, 0):
                    raise InvoerFout(f"cel {ref} staat niet op zijn plaats in rij {nummer}; dit blad kan niet "
                                     "veilig bewerkt worden", bron=bron)
                vorige_kolom[nummer] = kolom
                cel = _Cel(kolom, el)
                cellen[index] = cel
                blad.cellen[nummer].append(cel)
            elif el.ouder in cellen:
                cel = cellen[el.ouder]
                if el.lokaal == "f":
                    cel.f = el
                elif el.lokaal == "v":
                    if cel.v is None:  # a second <v> (not valid, but seen) is dropped on rewriting
                        cel.v = el
                    else:
                        cel.andere.append(el)
                elif el.lokaal == "is":
                    cel.is_ = el
                else:
                    cel.andere.append(el)
            elif el.lokaal == "t" and el.ouder >= 0:
                # <is><t> or <is><r><t>; a <t> of a phonetic run (<rPh>) is not part of the value.
                ouder = lijst[el.ouder]
                if ouder.lokaal == "is" and lijst[ouder.ouder] is not None and ouder.ouder in cellen:
                    cellen[ouder.ouder].inline.append(el)
                elif ouder.lokaal == "r" and ouder.ouder >= 0 and lijst[ouder.ouder].lokaal == "is":
                    is_el = lijst[ouder.ouder]
                    if is_el.ouder in cellen:
                        cellen[is_el.ouder].inline.append(el)
        return blad

    def _posities(self, data: bytes) -> None:
        """Byte offset → character offset, for the positions the parser gives in bytes."""
        if len(data) == len(self.tekst):
            return
        extra = 0
        for treffer in re.finditer(rb"[\xc0-\xff][\x80-\xbf]*", data):
            extra += len(treffer.group()) - 1
            self._multibyte.append(treffer.end())
            self._extra.append(extra)

    def plek(self, byte: int) -> int:
        if not self._multibyte:
            return byte
        i = bisect.bisect_right(self._multibyte, byte)
        return byte - (self._extra[i - 1] if i else 0)

    def hoogte(self, rij: int) -> float:
        """A row's height in points: its `ht`, else the sheet's default."""
        ht = self.rij_attributen.get(rij, {}).get("ht")
        try:
            return float(ht) if ht is not None else self.standaardhoogte
        except ValueError:
            return self.standaardhoogte

    def cel_objecten(self, rij: int) -> list[_Cel]:
        return self.cellen.get(rij, [])

    def cellen_in_rij(self, rij: int, bron: str) -> list[tuple[int, int, int, str, str]]:
        """(column, start, end, attributes, inner xml) of each cell in a row; the attributes re-serialised
        from the parser (so they are safe to edit as text), the inner xml as it stands."""
        uit = []
        for cel in self.cellen.get(rij, []):
            el = cel.element
            begin, eind = self.plek(el.begin), self.plek(el.eind)
            binnen = self.tekst[self.plek(el.kop_eind) : self.plek(el.slot_begin)]
            uit.append((cel.kolom, begin, eind, _attributen_tekst(el.attributen), binnen))
        return uit

    def stuk(self, el: Element) -> str:
        """The element's text exactly as it stands in the part."""
        return self.tekst[self.plek(el.begin) : self.plek(el.eind)]


def _attributen_tekst(attributen: Mapping[str, str]) -> str:
    return "".join(f' {k}="{attribuutwaarde(v)}"' for k, v in attributen.items())


def _zonder(attributen: str, *namen: str) -> str:
    for naam in namen:
        attributen = re.sub(rf'\s{re.escape(naam)}="[^"]*"', "", attributen)
    return attributen


# The characters `xml_toegestaan` refuses: XML 1.0 holds tab, newline, CR and everything from U+0020 but the
# surrogates and U+FFFE/U+FFFF.
_NIET_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_tekst(tekst: str) -> str:
    """Text for an XML element. A literal "_xHHHH_" would be read back as an escaped character, so its
    underscore is escaped (ECMA-376 ST_Xstring); characters XML 1.0 cannot hold (control characters,
    U+FFFE, U+FFFF, lone surrogates) are written as that same escape, as Excel does."""
    tekst = re.sub(r"_(x[0-9A-Fa-f]{4}_)", r"_x005F_\1", tekst)
    if _NIET_XML.search(tekst):  # a regular expression: no Python per character for the common text
        tekst = "".join(c if xml_toegestaan(c) else f"_x{ord(c):04X}_" for c in tekst)
    return tekst.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _lees_xml_tekst(tekst: str) -> str:
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


def _oude_waarde(cel: _Cel, gedeeld: Sequence[str] | None) -> object:
    """The value a cell holds (its cached value for a formula cell), as openpyxl would give it."""
    soort = cel.soort
    if soort == "inlineStr":
        return "".join(_lees_xml_tekst(t.tekst or "") for t in cel.inline)
    if cel.v is None:
        return None
    ruw = _lees_xml_tekst(cel.v.tekst or "")
    if soort == "s":
        try:
            index = int(ruw)
        except ValueError:
            return ruw
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


def _is_formule(cel: _Cel) -> bool:
    return cel.f is not None


def _waarde_xml(prefix: str, attributen: Mapping[str, str], waarde: object) -> str:
    """A value cell: numbers as <v>, text as an inline string (never a formula), None as empty."""
    attributen = {k: v for k, v in attributen.items() if k not in ("t", "cm", "vm")}
    waarde = _normaliseer_waarde(waarde)
    if waarde is None:
        return starttag(f"{prefix}c", attributen, leeg=True)
    if isinstance(waarde, bool):
        return f'{starttag(f"{prefix}c", {**attributen, "t": "b"})}<{prefix}v>{int(waarde)}</{prefix}v></{prefix}c>'
    if isinstance(waarde, int | float):
        return f'{starttag(f"{prefix}c", attributen)}<{prefix}v>{_getal_tekst(waarde)}</{prefix}v></{prefix}c>'
    if isinstance(waarde, str):
        ruimte = ' xml:space="preserve"' if waarde != waarde.strip() or "\n" in waarde else ""
        return (
            f'{starttag(f"{prefix}c", {**attributen, "t": "inlineStr"})}<{prefix}is><{prefix}t{ruimte}>'
            f"{_xml_tekst(waarde)}</{prefix}t></{prefix}is></{prefix}c>"
        )
    raise TypeError(type(waarde).__name__)


def _cache_xml(blad: _Blad, cel: _Cel, waarde: object) -> str:
    """A formula cell with a new cached value; the <f> element (and any other child) kept byte for byte."""
    prefix = cel.element.prefix
    waarde = _normaliseer_waarde(waarde)
    attributen = {k: v for k, v in cel.element.attributen.items() if k != "t"}
    if waarde is None:
        v = ""
    elif isinstance(waarde, bool):
        v, attributen["t"] = f"<{prefix}v>{int(waarde)}</{prefix}v>", "b"
    elif isinstance(waarde, int | float):
        v = f"<{prefix}v>{_getal_tekst(waarde)}</{prefix}v>"
    elif isinstance(waarde, str):
        attributen["t"] = "e" if waarde in FOUTWAARDEN else "str"
        v = f"<{prefix}v>{_xml_tekst(waarde)}</{prefix}v>"
    else:
        raise TypeError(type(waarde).__name__)
    f = blad.stuk(cel.f) if cel.f is not None else ""
    andere = "".join(blad.stuk(el) for el in cel.andere if el.lokaal != "v")
    return f"{starttag(f'{prefix}c', attributen)}{f}{v}{andere}</{prefix}c>"


# -- dependencies (approximate) ---------------------------------------------------------------------

_TEKSTLETTERLIJK = re.compile(r'"(?:[^"]|"")*"')
_VERWIJZING = re.compile(
    r"(?<![\w.\\])(?:(?P<blad>'(?:[^']|'')+'|[A-Za-z_\u00c0-\uffff][\w.\u00c0-\uffff]*)!)?"
    r"(?P<ref>\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}|\$?\d+:\$?\d+)"
    r"(?![\w(!])"
)
_NAAM = re.compile(r"(?<![\w.\\!'])([A-Za-z_\\\u00c0-\uffff][\w.\u00c0-\uffff]*)(?![\w(!])")
_DEEL = re.compile(r"^(\$?)([A-Za-z]{1,3})?(\$?)(\d+)?$")
MAX_FORMULES = 1_000_000  # formula cells followed for the dependency count (bounded work on a hostile file)


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


_verschuif = verschuif


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
    meesters: dict[str, tuple[int, int, str]] = {}
    kinderen: list[tuple[int, int, str]] = []
    uit: list[tuple[int, int, str]] = []
    for rij, cellen in blad.cellen.items():
        for cel in cellen:
            if cel.f is None:
                continue
            tekst = cel.f.tekst or ""
            attributen = cel.f.attributen
            si = attributen.get("si")
            if attributen.get("t") == "shared" and si is not None:
                if tekst:
                    meesters[si] = (rij, cel.kolom, tekst)
                    uit.append((rij, cel.kolom, tekst))
                else:
                    kinderen.append((rij, cel.kolom, si))
            else:
                uit.append((rij, cel.kolom, tekst))
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
    gevolgd = 0
    for index, (naam, _) in enumerate(werkboek.bladen):
        blad = bladen.get(naam)
        if blad is None:
            continue
        for rij, kolom, tekst in _formules(blad):
            gevolgd += 1
            if gevolgd > MAX_FORMULES:
                raise InvoerFout(f"het werkboek heeft meer dan {MAX_FORMULES:,} formules; het telt de afhankelijke "
                                 "formules niet (te groot)".replace(",", "."))
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
    aantal = gebied.aantal
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
            from xl_opgave.werkboek.pakketlezer import GedeeldeTeksten

            teksten = GedeeldeTeksten(pakket.zip, doel)
            teksten.lees(None)
            return [teksten.teksten.get(i, "") for i in range(max(teksten.teksten, default=-1) + 1)]
    return None


class _Gevonden(Exception):
    """Stops the parser once the root element's start tag is known."""


def _wortel_starttag(data: bytes, deel: str) -> tuple[str, dict[str, str], int, int]:
    """The root element's name, attributes and start tag's byte span, without parsing the rest of the part
    (a shared-string table may be megabytes): the tag ends where the parser's next event begins."""
    from xl_opgave.werkboek.xmlstroom import nieuwe_parser

    parser = nieuwe_parser(deel)
    wortel: list[object] = []

    def start(naam: str, attributen: dict[str, str]) -> None:
        if wortel:
            volgende(naam)
        wortel.extend((naam, attributen, parser.CurrentByteIndex))

    def volgende(*_: object) -> None:
        if wortel:
            wortel.append(parser.CurrentByteIndex)
            raise _Gevonden

    parser.StartElementHandler = start
    parser.EndElementHandler = volgende
    parser.CharacterDataHandler = volgende
    parser.DefaultHandler = volgende
    parser.buffer_text = False
    try:
        for begin in range(0, len(data), 64 * 1024):
            parser.Parse(data[begin : begin + 64 * 1024], False)
        parser.Parse(b"", True)
    except _Gevonden:
        pass
    except expat.ExpatError:
        raise InvoerFout(f"onderdeel {deel} is geen geldige XML", bron=deel) from None
    if len(wortel) != 4:
        raise InvoerFout(f"onderdeel {deel} heeft geen hoofdelement", bron=deel)
    naam, attributen, begin, eind = wortel
    return naam, attributen, begin, eind  # type: ignore[return-value]


def gedeelde_teksten_geteld(pakket: _Pakket, werkboek: _Werkboek, telling: int) -> dict[str, bytes]:
    """The shared-string table with `count` (the cells that refer to it) set to `telling`: {part: bytes},
    or {} when it already says so or has no count. Its strings are kept, so `uniqueCount` stays true."""
    for soort, doel in werkboek.rels.values():
        if not (soort.endswith(REL_SHARED_STRINGS) and doel in pakket.namen):
            continue
        data = pakket.lees(doel)
        naam, attributen, begin, eind = _wortel_starttag(data, doel)
        if "count" not in attributen or attributen["count"] == str(telling):
            return {}
        tag = starttag(naam, {**attributen, "count": str(telling)}, leeg=data[eind - 2 : eind] == b"/>")
        return {doel: data[:begin] + tag.encode("utf-8") + data[eind:]}
    return {}


def _bewerk_blad(
    blad: _Blad, doelen: Mapping[tuple[int, int], tuple[str, object]], bron: str, gedeeld: Sequence[str] | None,
    formules_overschrijven: bool, rijtags: Mapping[int, Mapping[str, str]] | None = None,
    extra: Sequence[tuple[int, int, str]] = (),
) -> tuple[str, dict[tuple[int, int], object], bool, int]:
    """New sheet text; old values per cell; whether a formula was overwritten; how many of the replaced
    cells referred to the shared-string table. `rijtags`: new attributes of existing rows (their height);
    `extra`: other replacements (character spans of the part: footers, page breaks)."""
    prefix = blad.prefix
    rijtags = rijtags or {}
    vervangingen: list[tuple[int, int, str]] = list(extra)
    oud: dict[tuple[int, int], object] = {}
    formule_weg = False
    gedeeld_weg = 0
    open_rijen: set[int] = set()  # self-closing rows opened for new cells (their new tag is written there)
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
                cellen.append(_waarde_xml(prefix, {"r": _celref(rij, kolom)}, waarde))
            nieuwe_rijen.append((rij, f'<{prefix}row r="{rij}">{"".join(cellen)}</{prefix}row>'))
            continue
        bestaand = {cel.kolom: cel for cel in blad.cel_objecten(rij)}
        start, eind, binnen_begin, binnen_eind = blad.rijen[rij]
        invoegen: list[tuple[int, str]] = []
        for kolom in kolommen:
            soort, waarde = doelen[(rij, kolom)]
            ref = _celref(rij, kolom)
            cel = bestaand.get(kolom)
            if cel is not None:
                b, e = blad.plek(cel.element.begin), blad.plek(cel.element.eind)
                oud[(rij, kolom)] = _oude_waarde(cel, gedeeld)
                gedeeld_weg += cel.soort == "s"
                if soort == "cache":
                    if not _is_formule(cel):
                        raise InvoerFout(f"{ref} bevat geen formule (cache gevraagd)", bron=bron)
                    vervangingen.append((b, e, _cache_xml(blad, cel, waarde)))
                    continue
                if _is_formule(cel):
                    gedeelde_meester = cel.f is not None and cel.f.attributen.get("ref") is not None
                    if not formules_overschrijven or gedeelde_meester:
                        raise InvoerFout(f"{ref} bevat een formule; die wordt niet overschreven", bron=bron)
                    formule_weg = True
                vervangingen.append((b, e, _waarde_xml(cel.element.prefix, cel.element.attributen, waarde)))
            else:
                if soort == "cache":
                    raise InvoerFout(f"{ref} bevat geen formule (cache gevraagd)", bron=bron)
                oud[(rij, kolom)] = None
                volgende = [blad.plek(c.element.begin) for k, c in bestaand.items() if k > kolom]
                positie = min(volgende) if volgende else binnen_eind
                invoegen.append((positie, _waarde_xml(prefix, {"r": ref}, waarde)))
        if binnen_begin == eind:  # a self-closing <row .../>: open it
            open_tag = (starttag(f"{prefix}row", dict(rijtags[rij])) if rij in rijtags
                        else blad.tekst[start:eind][:-2].rstrip() + ">")
            open_rijen.add(rij)
            inhoud = "".join(x for _, x in sorted(invoegen, key=lambda t: t[0]))
            vervangingen.append((start, eind, f"{open_tag}{inhoud}</{prefix}row>"))
        else:
            for positie, xml in invoegen:
                vervangingen.append((positie, positie, xml))
    for rij, attributen in rijtags.items():
        if rij in open_rijen or rij not in blad.rijen:
            continue
        start, eind, binnen_begin, _ = blad.rijen[rij]
        leeg = binnen_begin == eind
        vervangingen.append((start, binnen_begin, starttag(f"{prefix}row", dict(attributen), leeg=leeg)))
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
        open_tag = tekst[begin:eind][:-2].rstrip() + ">"
        inhoud = "".join(x for _, x in sorted(nieuwe_rijen))
        vervangingen.append((begin, eind, f"{open_tag}{inhoud}</{prefix}sheetData>"))
    # Stable order: insertions at one position keep their column order.
    stukken: list[str] = []
    positie = len(tekst)
    for begin, eind, xml in sorted(vervangingen, key=lambda v: (v[0], v[1]), reverse=True):
        stukken.append(tekst[eind:positie])
        stukken.append(xml)
        positie = begin
    stukken.append(tekst[:positie])
    return "".join(reversed(stukken)), oud, formule_weg, gedeeld_weg


def _zet_volledig_herberekenen(werkboek: _Werkboek) -> str:
    tekst = werkboek.tekst
    lijst = werkboek.elementen
    data = tekst.encode("utf-8")

    def plek(byte: int) -> int:
        return len(data[:byte].decode("utf-8"))

    wortel = lijst[0]
    kinderen = [el for el in lijst if el.ouder == 0]
    calc = next((el for el in kinderen if el.lokaal == "calcPr"), None)
    if calc is not None:
        huidig = calc.attributen.get("fullCalcOnLoad")
        if huidig in ("1", "true"):
            return tekst
        attributen = {**calc.attributen, "fullCalcOnLoad": "1"}
        b, e = plek(calc.begin), plek(calc.kop_eind)
        return tekst[:b] + starttag(calc.naam, attributen, leeg=calc.leeg) + tekst[e:]
    element = f'<{werkboek.prefix}calcPr fullCalcOnLoad="1"/>'
    for naam in _NA_CALCPR:
        volgende = next((el for el in kinderen if el.lokaal == naam), None)
        if volgende is not None:
            p = plek(volgende.begin)
            return tekst[:p] + element + tekst[p:]
    p = plek(wortel.slot_begin)
    return tekst[:p] + element + tekst[p:]


def _zonder_elementen(pakket: _Pakket, deel: str, weg: Iterable[Element]) -> bytes:
    data = pakket.lees(deel)
    stukken, positie = [], 0
    for el in sorted(weg, key=lambda x: x.begin):
        stukken.append(data[positie : el.begin])
        positie = el.eind
    stukken.append(data[positie:])
    return b"".join(stukken)


def _zonder_calcchain(pakket: _Pakket, werkboek: _Werkboek) -> tuple[dict[str, bytes], list[str]]:
    """Drop calcChain.xml with its relationship and content-type override."""
    doelen = [(rid, doel) for rid, (soort, doel) in werkboek.rels.items() if soort.endswith(REL_CALC_CHAIN)]
    if not doelen:
        return {}, []
    nieuw: dict[str, bytes] = {}
    ids = {rid for rid, _ in doelen}
    weg = [el for el in pakket.elementen(werkboek.rels_pad)
           if el.lokaal == "Relationship" and el.attributen.get("Id") in ids]
    nieuw[werkboek.rels_pad] = _zonder_elementen(pakket, werkboek.rels_pad, weg)
    if "[Content_Types].xml" in pakket.namen:
        delen = {f"/{doel}" for _, doel in doelen}
        weg = [el for el in pakket.elementen("[Content_Types].xml")
               if el.lokaal == "Override" and el.attributen.get("PartName") in delen]
        nieuw["[Content_Types].xml"] = _zonder_elementen(pakket, "[Content_Types].xml", weg)
    return nieuw, [doel for _, doel in doelen if doel in pakket.namen]


@dataclass(frozen=True)
class Bladopmaak:
    """The template's automatic layout of one sheet, for the rows whose texts a fill changes.

    `rijen`: 1-based row → its height from the values of its cells (a function of `waarde('A1')`);
    `breuken`: the row heights (1-based row → points; every row of the sheet) → the page breaks (the
    0-based rows a page starts at, as `<brk id>`). A row keeps its height, and the sheet its page breaks,
    where they are not the automatic ones for the workbook's own contents: what the adviser set stays.
    """

    rijen: Mapping[int, Callable[[Callable[[str], object]], float]] = field(default_factory=dict)
    breuken: Callable[[Mapping[int, float]], list[int]] | None = None


@dataclass
class _Opmaakverslag:
    rijen: int = 0  # rows given the height of their new texts
    eigen_rijen: int = 0  # rows whose height the adviser set (kept)
    breuken: list[str] = field(default_factory=list)  # sheets with new page breaks
    eigen_breuken: list[str] = field(default_factory=list)  # sheets whose page breaks the adviser set (kept)
    voetteksten: list[str] = field(default_factory=list)  # sheets whose footer was patched
    eigen_voet: list[str] = field(default_factory=list)  # sheets whose footer the adviser wrote (kept)


def _hoogte_attributen(attributen: Mapping[str, str], hoogte: float) -> dict[str, str]:
    """A row's attributes with this height (whole pixels, as Excel and XlsxWriter store it)."""
    uit = {k: v for k, v in attributen.items() if k not in ("ht", "customHeight")}
    uit["ht"] = f"{int(hoogte * 4.0 / 3.0 + 0.5) * 0.75:.16g}"
    uit["customHeight"] = "1"
    return uit


def _breuken_xml(prefix: str, breuken: Sequence[int]) -> str:
    if not breuken:
        return ""
    brk = "".join(f'<{prefix}brk id="{r}" max="16383" man="1"/>' for r in breuken)
    return f'<{prefix}rowBreaks count="{len(breuken)}" manualBreakCount="{len(breuken)}">{brk}</{prefix}rowBreaks>'


def _opmaak_blad(
    blad: _Blad, naam: str, doelen: Mapping[tuple[int, int], tuple[str, object]], gedeeld: Sequence[str] | None,
    opmaak: Bladopmaak | None, voet: Callable[[str], str | None] | None, verslag: _Opmaakverslag,
) -> tuple[dict[int, dict[str, str]], list[tuple[int, int, str]]]:
    """New row attributes and other replacements (footers, page breaks) of one sheet."""
    rijtags: dict[int, dict[str, str]] = {}
    extra: list[tuple[int, int, str]] = []
    if voet is not None:
        for el in blad.voetteksten:
            oud = el.tekst or ""
            nieuw = voet(oud)
            if nieuw is None:
                if oud and naam not in verslag.eigen_voet:
                    verslag.eigen_voet.append(naam)
                continue
            if nieuw != oud:
                xml = f"{starttag(el.naam, el.attributen)}{_xml_tekst(nieuw)}</{el.naam}>"
                extra.append((blad.plek(el.begin), blad.plek(el.eind), xml))
            if naam not in verslag.voetteksten:
                verslag.voetteksten.append(naam)
    if opmaak is None or not opmaak.rijen:
        return rijtags, extra

    def oud(ref: str) -> object:
        r, k = splits_cel(ref)
        cel = next((c for c in blad.cel_objecten(r) if c.kolom == k), None)
        return None if cel is None else _oude_waarde(cel, gedeeld)

    def nieuw(ref: str) -> object:
        plaats = splits_cel(ref)
        return doelen[plaats][1] if plaats in doelen else oud(ref)

    nieuwe_hoogtes: dict[int, float] = {}
    for rij, hoogte_van in sorted(opmaak.rijen.items()):
        if rij not in blad.rijen:
            continue
        nu = blad.hoogte(rij)
        if abs(nu - hoogte_van(oud)) > 0.01:
            verslag.eigen_rijen += 1
            continue
        hoogte = hoogte_van(nieuw)
        if abs(hoogte - nu) > 0.01:
            rijtags[rij] = _hoogte_attributen(blad.rij_attributen[rij], hoogte)
            nieuwe_hoogtes[rij] = float(rijtags[rij]["ht"])
            verslag.rijen += 1
    if not nieuwe_hoogtes or opmaak.breuken is None:
        return rijtags, extra
    huidig = {r: blad.hoogte(r) for r in blad.rijen}
    handmatig = [el for el in blad.breuken if el.attributen.get("man") in ("1", "true")]
    try:
        ids = [int(el.attributen.get("id", "")) for el in handmatig]
    except ValueError:
        ids = []
    if len(handmatig) != len(blad.breuken) or ids != opmaak.breuken(huidig):
        verslag.eigen_breuken.append(naam)
        return rijtags, extra
    nieuwe = opmaak.breuken({**huidig, **nieuwe_hoogtes})
    if nieuwe == ids:
        return rijtags, extra
    xml = _breuken_xml(blad.prefix, nieuwe)
    if blad.rijbreuken is not None:
        extra.append((blad.plek(blad.rijbreuken.begin), blad.plek(blad.rijbreuken.eind), xml))
    else:
        volgende = next((el for el in blad.kinderen if el.lokaal in _NA_RIJBREUKEN), None)
        positie = blad.plek(volgende.begin) if volgende is not None else blad.wortel_eind
        extra.append((positie, positie, xml))
    verslag.breuken.append(naam)
    return rijtags, extra


GRAFIEK_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"


def _getal_of_niets(waarde: object) -> str | None:
    waarde = _normaliseer_waarde(waarde)
    if isinstance(waarde, bool):
        return str(int(waarde))
    if isinstance(waarde, int | float) and math.isfinite(waarde):
        return _getal_tekst(waarde)
    return None


def _grafieken(pakket: _Pakket, werkboek: _Werkboek, waarden: Mapping[tuple[str, int, int], object]) -> dict[str, bytes]:
    """Every chart's numeric series caches whose cells all got a new cached value, rendered from those values
    (a chart shows its cache until Excel recalculates: previews and Quick Look show nothing else)."""
    if "[Content_Types].xml" not in pakket.namen:
        return {}
    delen = sorted(el.attributen.get("PartName", "").lstrip("/") for el in pakket.elementen("[Content_Types].xml")
                   if el.lokaal == "Override" and el.attributen.get("ContentType") == GRAFIEK_TYPE)
    uit: dict[str, bytes] = {}
    for deel in delen:
        if deel not in pakket.namen:
            continue
        lijst = pakket.elementen(deel)
        kinderen: dict[int, list[Element]] = {}
        for el in lijst:
            kinderen.setdefault(el.ouder, []).append(el)
        data = pakket.lees(deel)
        vervangingen: list[tuple[int, int, bytes]] = []
        for i, el in enumerate(lijst):
            if el.lokaal != "numRef":
                continue
            f = next((x for x in kinderen.get(i, ()) if x.lokaal == "f"), None)
            cache = next((x for x in kinderen.get(i, ()) if x.lokaal == "numCache"), None)
            gebied = gebied_uit(f.tekst or "") if f is not None else None
            if cache is None or gebied is None or gebied.aantal > MAX_NAAM_CELLEN:
                continue
            blad = werkboek.echte_bladnaam(gebied.blad).lower()
            cellen = gebied.cellen()
            if not all((blad, r, k) in waarden for r, k in cellen):
                continue
            p = cache.prefix
            opmaak = next((x for x in kinderen.get(lijst.index(cache), ()) if x.lokaal == "formatCode"), None)
            delen_xml = [f"<{cache.naam}>".encode()]
            delen_xml.append(data[opmaak.begin:opmaak.eind] if opmaak is not None
                             else f"<{p}formatCode>General</{p}formatCode>".encode())
            delen_xml.append(f'<{p}ptCount val="{len(cellen)}"/>'.encode())
            for index, (r, k) in enumerate(cellen):
                getal = _getal_of_niets(waarden[(blad, r, k)])
                if getal is not None:
                    delen_xml.append(f'<{p}pt idx="{index}"><{p}v>{getal}</{p}v></{p}pt>'.encode())
            delen_xml.append(f"</{cache.naam}>".encode())
            vervangingen.append((cache.begin, cache.eind, b"".join(delen_xml)))
        if vervangingen:
            stukken, positie = [], 0
            for b, e, xml in sorted(vervangingen):
                stukken += [data[positie:b], xml]
                positie = e
            stukken.append(data[positie:])
            nieuw = b"".join(stukken)
            if nieuw != data:
                uit[deel] = nieuw
    return uit


def vul_pakket(
    data: bytes,
    waarden: Mapping[str, object],
    *,
    cache: Mapping[tuple[str, str], object] | None = None,
    cellen: Mapping[tuple[str, str], object] | None = None,
    voetteksten: Mapping[str, Callable[[str], str | None]] | None = None,
    opmaak: Mapping[str, Bladopmaak] | None = None,
    dry_run: bool = False,
    formules_overschrijven: bool = False,
    bron: str = "",
) -> Patchresultaat:
    """Write `waarden` (defined name → value, or a list of values for a range, row by row) into the
    package `data`, set the cached values in `cache` ((sheet, 'C5') → value) of formula cells, and
    make Excel recalculate on opening. With `dry_run` nothing is built; the changes are returned.

    Besides: `cellen` ((sheet, 'I23') → value) are plain value cells written like inputs (a text that
    describes them, such as a source); `voetteksten` (sheet → old footer → new footer, or None to keep
    it) patch the page footers of those sheets; `opmaak` (sheet → `Bladopmaak`) gives the rows whose
    texts change their automatic height, and the page breaks that follow, where the workbook still has
    the automatic ones. Every chart series whose cells all get a new cached value gets that value in its
    cache too, and the shared-string table's `count` stays the number of cells that refer to it.

    Every name is checked before anything is built; an unknown name, a name that is not a plain cell
    range (or covers more than `MAX_NAAM_CELLEN` cells), a value that is no number/text/bool/None, or
    an input cell holding a formula is an `InvoerFout`.
    """
    cache = cache or {}
    cellen = cellen or {}
    voetteksten = voetteksten or {}
    opmaak = opmaak or {}
    pakket = _Pakket(data, bron)
    werkboek = _lees_werkboek(pakket)

    # 1. Resolve every name and cache cell to (sheet, row, column).
    doelen: dict[str, dict[tuple[int, int], tuple[str, object]]] = {}
    volgorde: list[tuple[str, str, int, int, object]] = []  # name, sheet, row, column, value
    fouten: list[str] = []
    onbekend: list[str] = []
    for naam, waarde in waarden.items():
        gevonden = _zoek_naam(werkboek, naam)
        if gevonden is None:
            onbekend.append(naam)
            continue
        try:
            gebied = _bereik(werkboek, gevonden, bron)
            if gebied.aantal > MAX_NAAM_CELLEN:
                raise InvoerFout(f"naam {naam!r} verwijst naar {gebied.aantal:,} cellen; te veel".replace(",", "."),
                                 bron=bron)
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
    cel_volgorde: list[tuple[str, int, int, object]] = []  # cached values, then plain cells
    for soort, plaatsen in (("cache", cache), ("waarde", cellen)):
        for (blad, ref), w in plaatsen.items():
            w = _normaliseer_waarde(w)
            try:
                werkboek.blad_deel(blad)
                rij, kolom = _splits_cel(ref)
            except (KeyError, ValueError):
                fouten.append(f"{'cache' if soort == 'cache' else 'waarde'} voor {blad}!{ref}: geen werkblad of geen "
                              "celadres")
                continue
            if isinstance(w, float) and not math.isfinite(w):
                fouten.append(f"{'cache' if soort == 'cache' else 'waarde'} voor {blad}!{ref}: {w!r} is geen eindig getal")
                continue
            if soort == "waarde" and w is not None and not isinstance(w, bool | int | float | str):
                fouten.append(f"waarde voor {blad}!{ref}: {w!r} is geen getal, tekst of leeg")
                continue
            echt = werkboek.echte_bladnaam(blad)
            per_blad = doelen.setdefault(echt, {})
            if (rij, kolom) in per_blad:
                fouten.append(f"cel {echt}!{ref} is zowel invoer als formule" if soort == "cache" else
                              f"cel {echt}!{ref} wordt meer dan eens gevuld")
                continue
            per_blad[(rij, kolom)] = (soort, w)
            cel_volgorde.append((echt, rij, kolom, w))
    if onbekend:
        namen = ", ".join(repr(n) for n in onbekend[:10]) + (f" en nog {len(onbekend) - 10}" if len(onbekend) > 10 else "")
        fouten.insert(0, f"onbekende naam {namen}" if len(onbekend) == 1 else
                      f"{len(onbekend)} onbekende namen: {namen}")
    if fouten:
        raise InvoerFout("; ".join(fouten), bron=bron)
    cache_volgorde = [(b, r, k, w) for b, r, k, w in cel_volgorde if doelen[b][(r, k)][0] == "cache"]
    waarde_volgorde = [(b, r, k, w) for b, r, k, w in cel_volgorde if doelen[b][(r, k)][0] == "waarde"]

    # 2. Edit the sheet parts (also for a dry run: it reads the old values and checks every cell).
    gedeeld = _gedeelde_teksten(pakket, werkboek)
    nieuw: dict[str, bytes] = {}
    oud: dict[tuple[str, int, int], object] = {}
    formule_weg = False
    gedeeld_weg = 0
    bladen: dict[str, _Blad] = {}
    for naam, deel in werkboek.bladen:
        if deel and deel in pakket.namen:
            bladen[naam] = _Blad.lees(pakket.lees(deel), f"{bron} [{deel}]")
    verslag = _Opmaakverslag()
    te_bewerken = list(doelen) + [b for b in (*voetteksten, *opmaak) if b in bladen and b not in doelen]
    for blad_naam in dict.fromkeys(werkboek.echte_bladnaam(b) for b in te_bewerken):
        if blad_naam not in bladen:
            continue
        deel = werkboek.blad_deel(blad_naam)
        per_cel = doelen.get(blad_naam, {})
        rijtags, extra = _opmaak_blad(bladen[blad_naam], blad_naam, per_cel, gedeeld,
                                      _bij_blad(opmaak, blad_naam), _bij_blad(voetteksten, blad_naam), verslag)
        tekst, oude, weg, s_weg = _bewerk_blad(bladen[blad_naam], per_cel, f"{bron}, blad {blad_naam}", gedeeld,
                                               formules_overschrijven, rijtags, extra)
        formule_weg |= weg
        gedeeld_weg += s_weg
        oud.update({(blad_naam, r, k): v for (r, k), v in oude.items()})
        if tekst != bladen[blad_naam].tekst:
            nieuw[deel] = tekst.encode("utf-8")

    wijzigingen = tuple(
        Celwijziging(naam, blad, _celref(r, k), oud[(blad, r, k)], w) for naam, blad, r, k, w in volgorde
    )
    cache_wijzigingen = tuple(
        Celwijziging("", blad, _celref(r, k), oud[(blad, r, k)], w) for blad, r, k, w in cache_volgorde
    )
    cel_wijzigingen = tuple(
        Celwijziging("", blad, _celref(r, k), oud[(blad, r, k)], w) for blad, r, k, w in waarde_volgorde
    )
    gewijzigd = [(b, r, k) for _, b, r, k, _ in volgorde] + [(b, r, k) for b, r, k, _ in waarde_volgorde]
    afhankelijk = tel_afhankelijk(werkboek, bladen, gewijzigd)
    bijgewerkt = {(b.lower(), r, k) for b, r, k, _ in cache_volgorde}
    zonder = len(afhankelijk - bijgewerkt)

    # 3. The charts' caches and the shared-string count follow the cells.
    grafieken = _grafieken(pakket, werkboek, {(b.lower(), r, k): w for b, r, k, w in cache_volgorde})
    nieuw.update(grafieken)
    if gedeeld_weg:
        telling = sum(cel.soort == "s" for b in bladen.values() for rij in b.cellen.values() for cel in rij)
        nieuw.update(gedeelde_teksten_geteld(pakket, werkboek, telling - gedeeld_weg))

    weg_delen: list[str] = []
    if formule_weg:
        extra_delen, weg_delen = _zonder_calcchain(pakket, werkboek)
        nieuw.update(extra_delen)
    if nieuw or waarden or cache:
        werkboek_tekst = _zet_volledig_herberekenen(werkboek)
        if werkboek_tekst != werkboek.tekst:
            nieuw[werkboek.pad] = werkboek_tekst.encode("utf-8")
    uit = None if dry_run else pakket.schrijf(nieuw, weg_delen)
    return Patchresultaat(
        wijzigingen, cache_wijzigingen, len(afhankelijk), zonder, bool(weg_delen), uit, tuple(sorted(nieuw)),
        dict(nieuw), cel_wijzigingen, tuple(sorted(grafieken)), tuple(verslag.voetteksten),
        tuple(verslag.eigen_voet), verslag.rijen, verslag.eigen_rijen, tuple(verslag.breuken),
        tuple(verslag.eigen_breuken),
    )


def _bij_blad(per_blad: Mapping[str, object], naam: str):  # noqa: ANN202
    """The entry of a sheet, its name compared as Excel does (case-insensitive)."""
    for blad, waarde in per_blad.items():
        if blad.lower() == naam.lower():
            return waarde
    return None


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
    `overschrijven`), written atomically after the check of every XML part, so the original is never
    left half-written nor replaced by a damaged file."""
    from xl_opgave.bestanden import BestaatAl, eis_geen_invoer, schrijf_atomisch

    pad = Path(pad)
    try:
        data = pad.read_bytes()
    except FileNotFoundError:
        raise InvoerFout("werkboek niet gevonden", bron=str(pad)) from None
    doel = Path(uit) if uit is not None else pad
    if not dry_run and doel.exists() and not overschrijven:
        raise BestaatAl(f"{doel} bestaat al; gebruik --force om het te overschrijven")
    resultaat = vul_pakket(
        data, waarden, cache=cache, dry_run=dry_run, formules_overschrijven=formules_overschrijven, bron=str(pad)
    )
    if resultaat.data is not None:
        if uit is not None:
            eis_geen_invoer([doel], [])
        schrijf_atomisch(doel, resultaat.data, overschrijven=overschrijven)
    return resultaat
