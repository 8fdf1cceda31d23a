"""Streaming, safe XML for the parts of a workbook: one expat set-up for every part we read, patch or check.

Every XML part of an untrusted package goes through `nieuwe_parser`, whatever the command:
- no DTD (`<!DOCTYPE`), hence no entity declarations and no external entities (OOXML has none; an
  entity bomb or an external reference is refused before it is expanded);
- parsed in blocks, so a part is never held twice in memory, with a deadline (`Deadline`): the work on
  a hostile part is bounded in time as well as in size (the sizes are bounded by `veilig.Grenzen`);
- errors as one Dutch line (`XmlFout`): malformed or truncated XML names its line and column.

Its users:
- `controleer_goedgevormd(data)`: a well-formedness pass with no Python per element (C speed, about
  1 ms per 100 KB), run over every part of every workbook we write before it is renamed into place;
- `elementen(data)`: every element of a part with its byte span (start tag, content, end tag), so a
  writer can replace exactly the elements it changes and keep every other byte: XML patched as XML,
  not located by regular expressions (an attribute value may hold '>' or '/>');
- `voer(parser, ...)` with a parser from `nieuwe_parser`: the streaming reader's handlers over a zip
  member read in blocks (`veilig.Pakket.ontleed`).
"""

from __future__ import annotations

import time
import xml.parsers.expat as expat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

BLOK = 256 * 1024
ELEMENTEN_PER_CONTROLE = 4096  # how often the deadline is looked at while the handlers run


class XmlFout(Exception):
    """A part that is not acceptable XML; `str()` is one Dutch line naming the part."""

    def __init__(self, deel: str, melding: str) -> None:
        self.deel = deel
        self.melding = melding
        super().__init__(f"het onderdeel {deel} {melding}")


class TeLang(XmlFout):
    """The deadline passed while a part was read."""


@dataclass
class Deadline:
    """Wall-clock limit for reading one workbook (all its parts together)."""

    seconden: float
    begin: float = field(default_factory=time.monotonic)

    def controleer(self, deel: str) -> None:
        if time.monotonic() - self.begin > self.seconden:
            raise TeLang(deel, f"kon niet binnen {self.seconden:.0f} s gelezen worden (te groot of te ingewikkeld); "
                               "het lezen is afgebroken")


def _weiger(deel: str, wat: str) -> Callable[..., None]:
    def handler(*_: object) -> None:
        raise XmlFout(deel, f"bevat {wat} (mogelijk kwaadaardig); geweigerd")

    return handler


NS = "}"  # separator of namespace and local name when a parser resolves namespaces ('uri}local')


def nieuwe_parser(deel: str, *, namespaces: bool = False) -> expat.XMLParserType:
    """An expat parser that refuses any DTD, entity declaration or external entity.

    With `namespaces`, element and attribute names come as 'uri}local' (prefixes resolved)."""
    parser = expat.ParserCreate(namespace_separator=NS) if namespaces else expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _weiger(deel, "een DTD")
    parser.EntityDeclHandler = _weiger(deel, "een XML-entiteit")
    parser.UnparsedEntityDeclHandler = _weiger(deel, "een XML-entiteit")
    parser.ExternalEntityRefHandler = _weiger(deel, "een externe verwijzing")
    return parser


def _ontleedfout(deel: str, parser: expat.XMLParserType, fout: expat.ExpatError) -> XmlFout:
    code = getattr(fout, "code", None)
    if code in (expat.errors.codes.get(expat.errors.XML_ERROR_NO_ELEMENTS),
                expat.errors.codes.get(expat.errors.XML_ERROR_UNCLOSED_TOKEN),
                expat.errors.codes.get(expat.errors.XML_ERROR_PARTIAL_CHAR)):
        return XmlFout(deel, "is afgebroken (onvolledige XML); het bestand is beschadigd of niet helemaal opgeslagen")
    if code == expat.errors.codes.get(expat.errors.XML_ERROR_UNDEFINED_ENTITY):
        return XmlFout(deel, f"verwijst naar een onbekende XML-entiteit (regel {fout.lineno}); geweigerd")
    return XmlFout(deel, f"is geen geldige XML (regel {fout.lineno}, kolom {fout.offset + 1})")


def voer(parser: expat.XMLParserType, deel: str, blokken: Iterable[bytes], deadline: Deadline | None = None) -> None:
    """Feed `blokken` to `parser` and finish; XmlFout (Dutch) for malformed, truncated or refused XML."""
    try:
        for blok in blokken:
            if deadline is not None:
                deadline.controleer(deel)
            parser.Parse(blok, False)
        parser.Parse(b"", True)
    except expat.ExpatError as fout:
        raise _ontleedfout(deel, parser, fout) from None


def _in_blokken(data: bytes) -> Iterable[bytes]:
    for begin in range(0, len(data), BLOK):
        yield data[begin : begin + BLOK]


def controleer_goedgevormd(data: bytes, deel: str, deadline: Deadline | None = None) -> None:
    """Well-formed XML without DTD or entities (no Python runs per element: C speed)."""
    voer(nieuwe_parser(deel), deel, _in_blokken(data), deadline)


# -- elements with their byte spans (for patching) ------------------------------------------------------


@dataclass(slots=True)
class Element:
    """One element of a part and where it is, in bytes of the part.

    `begin`..`kop_eind` is the start tag, `kop_eind`..`slot_begin` the content, `slot_begin`..`eind` the
    end tag; an empty-element tag (`<c/>`) has `kop_eind == slot_begin == eind`.
    """

    naam: str  # as written, with its prefix ('c', 'x:c')
    attributen: dict[str, str]
    begin: int
    ouder: int  # index of the parent in the list; -1 for the root
    kop_eind: int = -1
    slot_begin: int = -1
    eind: int = -1
    tekst: str | None = None  # character content, for the elements asked for

    @property
    def lokaal(self) -> str:
        return self.naam.rpartition(":")[2]

    @property
    def prefix(self) -> str:
        """The namespace prefix with its colon ('x:'), or ''."""
        voor, dubbelepunt, _ = self.naam.rpartition(":")
        return voor + dubbelepunt

    @property
    def leeg(self) -> bool:
        return self.kop_eind == self.eind


def elementen(data: bytes, deel: str, *, tekst_van: frozenset[str] = frozenset(),
              deadline: Deadline | None = None) -> list[Element]:
    """Every element of `data` in document order with its byte span; the text of elements whose local
    name is in `tekst_van` (e.g. 'v', 't', 'f')."""
    parser = nieuwe_parser(deel)
    uit: list[Element] = []
    stapel: list[int] = []
    # The element whose start tag or end tag ends where the next event begins.
    open_kop: list[Element | None] = [None]
    open_eind: list[Element | None] = [None]
    laatste_start: list[Element | None] = [None]
    tekst_stapel: list[list[str] | None] = []

    def sluit(positie: int) -> None:
        if open_kop[0] is not None:
            open_kop[0].kop_eind = positie
            open_kop[0] = None
        if open_eind[0] is not None:
            open_eind[0].eind = positie
            open_eind[0] = None

    def start(naam: str, attributen: dict[str, str]) -> None:
        positie = parser.CurrentByteIndex
        sluit(positie)
        element = Element(naam, attributen, positie, stapel[-1] if stapel else -1)
        stapel.append(len(uit))
        uit.append(element)
        open_kop[0] = element
        laatste_start[0] = element
        tekst_stapel.append([] if naam.rpartition(":")[2] in tekst_van else None)
        if deadline is not None and len(uit) % ELEMENTEN_PER_CONTROLE == 0:
            deadline.controleer(deel)

    def eind(naam: str) -> None:
        positie = parser.CurrentByteIndex
        element = uit[stapel.pop()]
        delen = tekst_stapel.pop()
        if delen is not None:
            element.tekst = "".join(delen)
        if laatste_start[0] is element and data[positie - 2 : positie] == b"/>":
            # An empty-element tag: expat reports its end where the tag ends.
            sluit(positie)
            element.kop_eind = element.slot_begin = element.eind = positie
        else:
            sluit(positie)
            element.slot_begin = positie
            open_eind[0] = element
        laatste_start[0] = None

    def tekst(inhoud: str) -> None:
        sluit(parser.CurrentByteIndex)
        laatste_start[0] = None
        if tekst_stapel and tekst_stapel[-1] is not None:
            tekst_stapel[-1].append(inhoud)

    def anders(_: str) -> None:
        sluit(parser.CurrentByteIndex)
        laatste_start[0] = None

    parser.StartElementHandler = start
    parser.EndElementHandler = eind
    parser.CharacterDataHandler = tekst
    parser.DefaultHandler = anders
    parser.buffer_text = False
    voer(parser, deel, _in_blokken(data), deadline)
    sluit(len(data))
    return uit


# -- serialising what we change ---------------------------------------------------------------------------

_ATTRIBUUT_TEKENS = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;", "\n": "&#10;",
                     "\r": "&#13;"}


def attribuutwaarde(waarde: str) -> str:
    """An attribute value for inside double quotes (whitespace kept as character references)."""
    if not any(t in waarde for t in _ATTRIBUUT_TEKENS):
        return waarde
    return "".join(_ATTRIBUUT_TEKENS.get(t, t) for t in waarde)


def starttag(naam: str, attributen: dict[str, str], *, leeg: bool = False) -> str:
    delen = "".join(f' {k}="{attribuutwaarde(v)}"' for k, v in attributen.items())
    return f"<{naam}{delen}{'/' if leeg else ''}>"


def xml_toegestaan(teken: str) -> bool:
    """Whether XML 1.0 can hold this character at all (tab, newline, CR and from U+0020, minus the
    surrogates and U+FFFE/U+FFFF)."""
    o = ord(teken)
    return (o >= 0x20 and not 0xD800 <= o <= 0xDFFF and o not in (0xFFFE, 0xFFFF)) or teken in "\t\n\r"
