"""The streaming reader of a workbook package: its sheets, its defined names and the cells asked for.

Every untrusted .xlsx/.xlsm is read through here, opened by `veilig.open_pakket`:
- template workbooks (`werkboek.lezer`: only the cells the template defines; `check`, `fill --into`);
- data files (`vullen.databestand`: the rows of two sheets, streamed);
- our own output before it is renamed into place (`vullen.controle_uitvoer`: the input cells read back).

Work is proportional to the parts read and the cells asked for, never to a sheet's extent or to what a
name covers: sheets are parsed as a stream (expat, `xmlstroom`), only the parts needed are opened
(styles, drawings and the adviser's own sheets never are), rows that hold no wanted cell are skipped
without keeping anything, shared strings are read only up to the highest index needed, and the number
of defined names is capped (`Grenzen.max_namen`). A shared-strings part whose bytes were read before in this
process is not parsed again (the template reader's cells by address, with its memory of rows:
`adreslezer`). Cell values come back as openpyxl gives them: int or
float, str, bool, an error value as its text ('#REF!'), None for an empty cell; a formula as '=…' text
(shared formulas expanded to the cell's own references).
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from xl_opgave.werkboek.adressen import kolomnummer, verschuif
from xl_opgave.werkboek.veilig import OnleesbaarBestand, Pakket, lees_xml
from xl_opgave.werkboek.xmlstroom import NS, XmlFout, nieuwe_parser

HOOFD_NS = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
            "http://purl.oclc.org/ooxml/spreadsheetml/main")
REL_NS = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
          "http://purl.oclc.org/ooxml/officeDocument/relationships")
MAX_RELS = 4 * 1024 * 1024


def _namen(lokaal: str) -> frozenset[str]:
    return frozenset(f"{ns}{NS}{lokaal}" for ns in HOOFD_NS)


def _et(lokaal: str) -> frozenset[str]:
    return frozenset(f"{{{ns}}}{lokaal}" for ns in HOOFD_NS)


# Element names as expat gives them ('uri}local') for the parts read with handlers ...
_SHEET, _DEFINED_NAME, _SI, _T, _RPH = (_namen(n) for n in ("sheet", "definedName", "si", "t", "rPh"))
# ... and as ElementTree gives them ('{uri}local') for the sheets.
_ROW, _C, _V, _F, _IS, _R, _ET_T, _SHEET_DATA, _ET_SI = (
    _et(n) for n in ("row", "c", "v", "f", "is", "r", "t", "sheetData", "si"))
_TEKSTEN_IN_EEN_KEER = 4 * 1024 * 1024  # a shared-strings part up to this size is parsed whole by ElementTree
_RID = frozenset(f"{ns}{NS}id" for ns in REL_NS)
_CELADRES = re.compile(r"([A-Za-z]{1,3})(\d+)$")
# A number written as more digits than this lies beyond the range of a double, which is how Excel holds
# every number: read by float() (inf) as Excel would, not by int() (an integer no float() can take, which
# made the core's float() of an amount raise OverflowError).
INT_CIJFERS = 308
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def ontsnap(tekst: str) -> str:
    """ECMA-376 escapes in a string ('_x000D_' → carriage return), as Excel reads them."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), tekst) if "_x" in tekst else tekst


@dataclass(frozen=True)
class Blad:
    naam: str
    deel: str  # the sheet part ('xl/worksheets/sheet1.xml'); '' for a chartsheet or a missing part
    staat: str  # 'visible', 'hidden' or 'veryHidden'
    index: int  # position in the workbook (localSheetId)

    @property
    def zichtbaar(self) -> bool:
        return self.staat == "visible"


@dataclass(frozen=True)
class Naam:
    naam: str
    tekst: str  # the reference as written ('Invoer!$B$6')
    lokaal: int | None  # localSheetId; None for a workbook-scope name


@dataclass
class Structuur:
    """workbook.xml and its relationships: the sheets, the defined names, the shared-strings part."""

    werkmap: str
    bladen: list[Blad]
    namen: list[Naam]
    gedeeld: str | None
    _per_naam: dict[str, list[Naam]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for naam in self.namen:
            self._per_naam.setdefault(naam.naam.lower(), []).append(naam)

    def blad(self, naam: str) -> Blad | None:
        """The sheet of this name (Excel's sheet names are unique up to case)."""
        for blad in self.bladen:
            if blad.naam == naam:
                return blad
        for blad in self.bladen:
            if blad.naam.lower() == naam.lower():
                return blad
        return None

    def naam(self, naam: str) -> Naam | None:
        """A workbook-scope name first; else a sheet-local name of that name when there is exactly one."""
        kandidaten = self._per_naam.get(naam.lower(), [])
        globaal = [n for n in kandidaten if n.lokaal is None]
        if globaal:
            return globaal[0]
        return kandidaten[0] if len(kandidaten) == 1 else None


def _doel(basis: str, doel: str) -> str:
    if doel.startswith("/"):
        return doel.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(basis), doel)).lstrip("/")


def relaties(pakket: Pakket, deel: str) -> dict[str, tuple[str, str]]:
    """Id → (type, target part) of the relationships of `deel` (external targets left out)."""
    pad = posixpath.join(posixpath.dirname(deel), "_rels", posixpath.basename(deel) + ".rels")
    if pad not in pakket.namelist():
        return {}
    uit: dict[str, tuple[str, str]] = {}
    for rel in lees_xml(pakket, pad, MAX_RELS):
        if rel.get("TargetMode") == "External":
            continue
        uit[rel.get("Id", "")] = (rel.get("Type", ""), _doel(deel, rel.get("Target", "")))
    return uit


def lees_structuur(pakket: Pakket) -> Structuur:
    """The sheets and defined names (streaming; at most `Grenzen.max_namen` names)."""
    rels = relaties(pakket, pakket.werkmap)
    bladen: list[Blad] = []
    namen: list[Naam] = []
    grens = pakket.grenzen.max_namen
    parser = nieuwe_parser(pakket.werkmap, namespaces=True)
    open_naam: list[tuple[str, int | None, list[str]]] = []

    def start(naam: str, attributen: dict[str, str]) -> None:
        if naam in _SHEET:
            rid = next((v for k, v in attributen.items() if k in _RID), "")
            soort, doel = rels.get(rid, ("", ""))
            deel = doel if soort.endswith("/worksheet") and doel in pakket.namelist() else ""
            bladen.append(Blad(attributen.get("name", ""), deel, attributen.get("state", "visible"), len(bladen)))
        elif naam in _DEFINED_NAME:
            if len(namen) >= grens:
                raise OnleesbaarBestand(pakket.pad, f"het werkboek heeft te veel gedefinieerde namen (meer dan "
                                                    f"{grens:,}); geweigerd.".replace(",", "."))
            lokaal = attributen.get("localSheetId")
            open_naam.append((attributen.get("name", ""), _geheel(lokaal), []))

    def tekst(inhoud: str) -> None:
        if open_naam:
            open_naam[-1][2].append(inhoud)

    def eind(naam: str) -> None:
        if naam in _DEFINED_NAME and open_naam:
            n, lokaal, delen = open_naam.pop()
            namen.append(Naam(n, "".join(delen), lokaal))

    parser.StartElementHandler = start
    parser.EndElementHandler = eind
    parser.CharacterDataHandler = tekst
    pakket.ontleed(pakket.werkmap, parser)
    gedeeld = next((doel for soort, doel in rels.values()
                    if soort.endswith("/sharedStrings") and doel in pakket.namelist()), None)
    return Structuur(pakket.werkmap, bladen, namen, gedeeld)


# -- cells ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cel:
    """One cell as read (immutable: the template reader hands the same `Cel` to every workbook whose row
    holds the same bytes)."""

    waarde: object
    formule: str | None = None  # '=…'; None when the cell holds no formula

    @property
    def inhoud(self) -> object:
        """What openpyxl without data_only gives: the formula when there is one, else the value."""
        return self.formule if self.formule is not None else self.waarde


class _Stop(Exception):
    """Raised by a handler to end a parse early (everything needed has been read)."""


def _proloogparser(deel: str):  # noqa: ANN202 - an expat parser
    """An expat parser (DTD refused: `nieuwe_parser`) that stops at the first element (`_Stop`): a DOCTYPE
    can only stand before the root element, so a pass over the prolog decides."""
    parser = nieuwe_parser(deel)

    def eerste_element(*_: object) -> None:
        raise _Stop

    parser.StartElementHandler = eerste_element
    return parser


def _weiger_dtd(pakket: Pakket, deel: str) -> None:
    """Refuse a DTD before the C parser sees the part (`_proloogparser`)."""
    try:
        pakket.ontleed(deel, _proloogparser(deel))
    except _Stop:
        pass


_RIJ_EINDE = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?row\s*>")
_WORTEL = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?worksheet)\b[^>]*>")
_SHEETDATA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheetData\b[^>]*?(/?)>")
_SHEETDATA_EINDE = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?sheetData\s*>")
_RIJEN_PER_KEER = 1024 * 1024  # bytes of complete rows parsed at once


def _rij_blokken(pakket: Pakket, deel: str, *, met_gedeelde_formules: bool = False) -> Iterator:
    """The <row> elements of a data sheet, fast: the complete rows of each megabyte parsed at once by
    ElementTree's C parser, inside the sheet's own root start tag (for its namespace declarations), so
    no Python runs per element until a row is handed out (the chunks: `rij_stukken`)."""
    for kop, slot, stuk in rij_stukken(pakket, deel):
        rijen_ = ontleed_rijen(pakket, deel, kop + stuk + slot)
        if met_gedeelde_formules:
            gedeeld = b'"shared"' in stuk or b"'shared'" in stuk
            yield from ((el, gedeeld) for el in rijen_)
        else:
            yield from rijen_


def rij_stukken(pakket: Pakket, deel: str) -> Iterator[tuple[bytes, bytes, bytes]]:
    """The rows of a sheet part in chunks of about a megabyte of complete rows, each with the sheet's root
    start and end tag to parse it in (its namespace declarations): (root start tag, root end tag, rows).
    A DTD is refused first (`_weiger_dtd`); a sheet that stops before `</sheetData>` (truncated) is
    refused after its last chunk. Whoever parses a chunk refuses it when it is not well-formed XML (or
    has a row end inside a comment or CDATA, which Excel never writes): never read halfway."""
    _weiger_dtd(pakket, deel)
    buffer = b""
    kop: bytes | None = None
    slot = b""
    for blok in pakket.blokken(deel):
        pakket.deadline.controleer(deel)
        buffer += blok
        zoek_vanaf = max(0, len(buffer) - len(blok) - 64)  # the earlier rest holds no complete row end
        if kop is None:
            wortel = _WORTEL.search(buffer)
            data = _SHEETDATA.search(buffer, wortel.end()) if wortel else None
            if data is None:
                if len(buffer) > _RIJEN_PER_KEER:
                    raise OnleesbaarBestand(pakket.pad, f"het onderdeel {deel} is geen werkblad (sheetData ontbreekt).")
                continue
            kop, slot = wortel.group(0), b"</" + wortel.group(1) + b">"
            if data.group(1):  # <sheetData/>: no rows
                return
            buffer, zoek_vanaf = buffer[data.end():], 0
        laatste = _laatste_rij_einde(buffer, zoek_vanaf)
        if laatste is not None:
            stuk, buffer = buffer[:laatste], buffer[laatste:]
            yield kop, slot, stuk
    if kop is None or not _SHEETDATA_EINDE.search(buffer):
        raise OnleesbaarBestand(pakket.pad, f"het onderdeel {deel} is afgebroken (onvolledige XML); het bestand is "
                                            "beschadigd of niet helemaal opgeslagen.")


def _laatste_rij_einde(buffer: bytes, vanaf: int) -> int | None:
    # The common form first, at C speed ('</row>'); then the pattern (a prefix, spaces) over what follows it.
    gewoon = buffer.rfind(b"</row>", vanaf)
    laatste = gewoon + 6 if gewoon >= 0 else None
    for treffer in _RIJ_EINDE.finditer(buffer, gewoon + 6 if gewoon >= 0 else vanaf):
        laatste = treffer.end()
    return laatste


def ontleed_rijen(pakket: Pakket, deel: str, xml: bytes) -> Iterator[ET.Element]:
    """The row elements of a chunk (`rij_stukken`) in its root tags; refused when not well-formed."""
    try:
        wortel = ET.fromstring(xml)
    except ET.ParseError:
        raise OnleesbaarBestand(pakket.pad, f"het onderdeel {deel} is geen geldige XML of is afgebroken.") from None
    for el in wortel:
        if el.tag in _ROW:
            yield el


_KOLOMMEN: dict[str, int] = {}


def _kolom(ref: str | None, vorige: int) -> int:
    """Column number of a cell reference ('AB12' → 28); the next column when the reference is missing."""
    if not ref:
        return vorige + 1
    letters = ref.rstrip("0123456789")
    nummer = _KOLOMMEN.get(letters)
    if nummer is None:
        if not letters.isalpha() or len(letters) > 3 or not letters.isascii():
            return vorige + 1
        nummer = _KOLOMMEN.setdefault(letters, kolomnummer(letters))
    return nummer


@dataclass(slots=True)
class _Ruw:
    soort: str
    v: str | None
    f: str | None
    f_attr: dict[str, str] | None
    inline: str | None


def _inline_tekst(is_el: ET.Element) -> str:
    """The text of an inline string: plain (<t>) or rich-text runs (<r><t>); phonetic runs (<rPh>) left out."""
    delen = []
    for stuk in is_el:
        if stuk.tag in _ET_T:
            delen.append(stuk.text or "")
        elif stuk.tag in _R:
            delen.extend(t.text or "" for t in stuk if t.tag in _ET_T)
    return "".join(delen)


def _ruw(c: ET.Element) -> _Ruw:
    ruw = _Ruw(c.get("t", "n"), None, None, None, None)
    for kind in c:
        tag = kind.tag
        if tag in _V:
            ruw.v = kind.text or ""
        elif tag in _F:
            ruw.f = kind.text or ""
            ruw.f_attr = dict(kind.attrib)
        elif tag in _IS:
            ruw.inline = _inline_tekst(kind)
    return ruw


class _Cellen:
    """Walks the rows of a sheet part: the wanted cells and the masters of shared formulas."""

    def __init__(self, pakket: Pakket | None, deel: str, gevraagd: Mapping[int, Iterable[int]],
                 bron: Iterable[tuple[ET.Element, bool]] | None = None) -> None:
        self.pakket = pakket
        self.deel = deel
        self.bron = bron  # rows already parsed (with 'may hold a shared formula'), else read from the package
        self.gevraagd = {r: frozenset(k) for r, k in gevraagd.items()}
        self.laatste_rij = max(self.gevraagd, default=0)
        self.meesters: dict[str, tuple[int, int, str]] = {}

    def rijen(self) -> Iterator[tuple[int, dict[int, _Ruw]]]:
        rij = 0
        gevraagd, c_tags = self.gevraagd, _C
        bron = self.bron if self.bron is not None else _rij_blokken(self.pakket, self.deel,  # type: ignore[arg-type]
                                                                    met_gedeelde_formules=True)
        for el, gedeeld in bron:
            r = el.get("r")
            rij = nummer if (nummer := _geheel(r)) is not None else rij + 1
            if rij > self.laatste_rij:
                return  # a shared formula's master precedes its children: nothing further is needed
            wil = gevraagd.get(rij)
            if wil is None and not gedeeld:
                continue  # no wanted cell, and no shared formula in this stretch of the sheet
            cellen: dict[int, _Ruw] = {}
            kolom = 0
            for c in el:
                if c.tag not in c_tags:
                    continue
                kolom = _kolom(c.get("r"), kolom)
                if wil is None or kolom not in wil:
                    if gedeeld:
                        self._meester(c, rij, kolom)
                    continue
                ruw = _ruw(c)
                if ruw.f_attr and ruw.f_attr.get("t") == "shared" and "ref" in ruw.f_attr and ruw.f:
                    self.meesters[ruw.f_attr.get("si", "")] = (rij, kolom, ruw.f)
                cellen[kolom] = ruw
            if cellen:
                yield rij, cellen

    def cellen(self, gedeeld: GedeeldeTeksten) -> dict[tuple[int, int], Cel]:
        """The wanted cells that are there, with their shared strings and shared formulas filled in."""
        ruwe = {(rij, kolom): ruw for rij, cellen in self.rijen() for kolom, ruw in cellen.items()}
        gedeeld.lees(i for r in ruwe.values() if r.soort == "s" and r.v and (i := _geheel(r.v.strip())) is not None)
        return {plaats: Cel(_waarde(ruw, gedeeld), _formule(ruw, plaats, self.meesters))
                for plaats, ruw in ruwe.items()}

    def _meester(self, c: ET.Element, rij: int, kolom: int) -> None:
        for kind in c:
            if kind.tag in _F and kind.get("t") == "shared" and kind.get("ref") and kind.text:
                self.meesters[kind.get("si", "")] = (rij, kolom, kind.text)


_TEKSTEN_ONTHOUDEN = 4  # strings parts (each at most `_TEKSTEN_IN_EEN_KEER` bytes) remembered per process
_teksten_geheugen: dict[bytes, dict[int, str]] = {}


def vergeet_teksten() -> None:
    """Empty this process's memory of shared-strings parts (tests start from nothing)."""
    _teksten_geheugen.clear()


class GedeeldeTeksten:
    """The shared-strings part, read only as far as needed (indices asked for, or all of it)."""

    def __init__(self, pakket: Pakket, deel: str | None) -> None:
        self.pakket = pakket
        self.deel = deel
        self.teksten: dict[int, str] = {}
        self.alles = False

    def lees(self, nodig: Iterable[int] | None = None) -> None:
        """Read the strings with these indices (None: all)."""
        if self.deel is None or self.alles:
            return
        gevraagd = None if nodig is None else {i for i in nodig if i not in self.teksten}
        if gevraagd is not None and not gevraagd:
            return
        if self.pakket.getinfo(self.deel).file_size <= _TEKSTEN_IN_EEN_KEER:
            self._lees_alles()
            return
        hoogste = max(gevraagd) if gevraagd else None
        teksten = self.teksten
        staat = {"index": -1, "rph": 0}
        delen: list[str] = []
        open_t: list[bool] = [False]

        def start(naam: str, _: dict[str, str]) -> None:
            if naam in _SI:
                staat["index"] += 1
                if hoogste is not None and staat["index"] > hoogste:
                    raise _Stop
                delen.clear()
            elif naam in _RPH:
                staat["rph"] += 1
            elif naam in _T and not staat["rph"]:
                open_t[0] = True

        def data(inhoud: str) -> None:
            if open_t[0]:
                delen.append(inhoud)

        def eind(naam: str) -> None:
            if naam in _T:
                open_t[0] = False
            elif naam in _RPH:
                staat["rph"] -= 1
            elif naam in _SI and (gevraagd is None or staat["index"] in gevraagd):
                teksten[staat["index"]] = ontsnap("".join(delen))

        parser = nieuwe_parser(self.deel, namespaces=True)
        parser.StartElementHandler = start
        parser.EndElementHandler = eind
        parser.CharacterDataHandler = data
        parser.buffer_text = True
        try:
            self.pakket.ontleed(self.deel, parser)
        except _Stop:
            pass
        if gevraagd is None:
            self.alles = True

    def _lees_alles(self) -> None:
        """A part of ordinary size whole, by ElementTree's C parser (a workbook's strings: tens of kilobytes,
        read several times faster than by expat with a handler per element), after the DTD check.

        The workbooks of one programme mostly carry the very same strings part (the template's labels):
        a part whose bytes were read before in this process gives the strings it gave then (the same
        bytes passed the same DTD check and parse), up to `_TEKSTEN_ONTHOUDEN` parts."""
        assert self.deel is not None
        data = self.pakket.lees(self.deel, self.pakket.grenzen.max_xml)
        bekend = _teksten_geheugen.get(data)
        if bekend is not None:
            self.teksten.update(bekend)
            self.alles = True
            return
        _weiger_dtd(self.pakket, self.deel)
        try:
            wortel = ET.fromstring(data)
        except ET.ParseError:
            raise OnleesbaarBestand(self.pakket.pad, f"het onderdeel {self.deel} is geen geldige XML of is "
                                                     "afgebroken.") from None
        teksten: dict[int, str] = {}
        for index, si in enumerate(el for el in wortel if el.tag in _ET_SI):
            teksten[index] = ontsnap(_inline_tekst(si))
        if len(_teksten_geheugen) < _TEKSTEN_ONTHOUDEN:
            _teksten_geheugen[data] = teksten
        self.teksten.update(teksten)
        self.alles = True

    def tekst(self, index: int) -> str | None:
        return self.teksten.get(index)


def _geheel(tekst: str | None) -> int | None:
    """A row number or index as written (decimal digits); None for anything else, also for digits that
    int() would refuse or that lie beyond a double (`INT_CIJFERS`)."""
    return int(tekst) if tekst and tekst.isdecimal() and len(tekst) <= INT_CIJFERS else None


def _getal(tekst: str) -> object:
    tekst = tekst.strip()
    # int() would fail on '.', 'e' or 'E': skip it; a longer run of digits than `INT_CIJFERS` by float().
    if len(tekst) <= INT_CIJFERS and "." not in tekst and "e" not in tekst and "E" not in tekst:
        try:
            return int(tekst)
        except ValueError:
            pass
    try:
        return float(tekst)
    except ValueError:
        return tekst


def _waarde(ruw: _Ruw, gedeeld: GedeeldeTeksten) -> object:
    soort = ruw.soort
    if soort == "inlineStr":
        return ontsnap(ruw.inline or "") if ruw.inline is not None else None
    if ruw.v is None:
        return None
    if soort == "n":
        return _getal(ruw.v) if ruw.v.strip() else None
    if soort == "s":
        index = _getal(ruw.v)
        return gedeeld.tekst(index) if isinstance(index, int) else None
    if soort == "b":
        return ruw.v.strip() in ("1", "true")
    if soort in ("str", "e", "d"):
        return ontsnap(ruw.v) if soort == "str" else ruw.v
    return ruw.v


def _formule(ruw: _Ruw, plaats: tuple[int, int], meesters: Mapping[str, tuple[int, int, str]]) -> str | None:
    if ruw.f is None:
        return None
    attr = ruw.f_attr or {}
    tekst = ruw.f
    if not tekst and attr.get("t") == "shared" and attr.get("si") in meesters:
        m_rij, m_kolom, meester = meesters[attr["si"]]
        tekst = verschuif(meester, plaats[0] - m_rij, plaats[1] - m_kolom)
    return "=" + tekst


def lees_cellen(pakket: Pakket, deel: str, gevraagd: Mapping[int, Iterable[int]],
                gedeeld: GedeeldeTeksten) -> dict[tuple[int, int], Cel]:
    """The cells asked for ({row: columns}) of one sheet part; cells that are not there are left out."""
    return _Cellen(pakket, deel, gevraagd).cellen(gedeeld)


@dataclass(slots=True)
class Rij:
    """One row of a data sheet: values per column, and the columns holding a formula or an error value."""

    nummer: int
    waarden: dict[int, object]
    formules: dict[int, str]  # column → '=…'
    fouten: dict[int, str]  # column → '#REF!' …


def cellen_uit_wortel(wortel: ET.Element, gevraagd: Mapping[int, Iterable[int]], gedeeld: GedeeldeTeksten
                      ) -> dict[tuple[int, int], Cel]:
    """As `lees_cellen`, from a worksheet already parsed in full (our own output, parsed once for its
    check: that parse is its well-formedness check too)."""
    rijen_ = [(el, True) for sd in wortel if sd.tag in _SHEET_DATA for el in sd if el.tag in _ROW]
    return _Cellen(None, "", gevraagd, rijen_).cellen(gedeeld)


def weiger_dtd(data: bytes, deel: str) -> None:
    """XmlFout when `data` has a DTD (`_proloogparser`)."""
    try:
        _proloogparser(deel).Parse(data, True)
    except _Stop:
        pass
    except Exception as fout:  # noqa: BLE001 - expat's own error: let the full parse name it
        if isinstance(fout, XmlFout):
            raise


def rijen(pakket: Pakket, deel: str, gedeeld: GedeeldeTeksten, max_kolom: int) -> Iterator[Rij]:
    """Every row with a cell in the first `max_kolom` columns, streamed (a data file: tens of thousands
    of rows, one pass, about 2 µs per cell). The shared strings are read in full first (a data file's
    texts repeat: a few thousand distinct ones); closing the iterator stops the parse.
    """
    gedeeld.lees(None)
    teksten = gedeeld.teksten
    c_tags, v_tags, f_tags, is_tags = _C, _V, _F, _IS
    kolommen = _KOLOMMEN
    rij = 0
    for el in _rij_blokken(pakket, deel):
        r = el.get("r")
        rij = nummer if (nummer := _geheel(r)) is not None else rij + 1
        waarden: dict[int, object] = {}
        formules: dict[int, str] = {}
        fouten: dict[int, str] = {}
        kolom = 0
        for c in el:
            if c.tag not in c_tags:
                continue
            ref = c.get("r")
            if ref:
                letters = ref.rstrip("0123456789")
                nummer = kolommen.get(letters)
                kolom = nummer if nummer is not None else _kolom(ref, kolom)
            else:
                kolom += 1
            if kolom > max_kolom:
                continue
            soort = c.get("t")
            v: str | None = None
            waarde: object = None
            if len(c) == 1 and c[0].tag in v_tags:  # the common cell: one <v>
                v = c[0].text or ""
            else:
                for kind in c:
                    tag = kind.tag
                    if tag in v_tags:
                        v = kind.text or ""
                    elif tag in f_tags:
                        formules[kolom] = "=" + (kind.text or "")
                    elif tag in is_tags:
                        waarde = ontsnap(_inline_tekst(kind))
            if soort is None or soort == "n":
                if v:
                    if v.isdecimal() and len(v) <= INT_CIJFERS:
                        waarde = int(v)
                    else:
                        try:
                            waarde = float(v)
                        except ValueError:
                            waarde = v
            elif soort == "s":
                waarde = teksten.get(int(v)) if v and v.isdecimal() and len(v) <= INT_CIJFERS else None
            elif soort == "str":
                waarde = ontsnap(v) if v is not None else None
            elif soort == "b":
                waarde = v is not None and v.strip() in ("1", "true")
            elif soort == "e":
                fouten[kolom] = v or "#N/A"
                waarde = v
            elif soort != "inlineStr":
                waarde = v
            waarden[kolom] = waarde
        el.clear()
        if waarden or formules:
            yield Rij(rij, waarden, formules, fouten)
